"""Invoices and vendor bills on screen: a purchase order's "Create Bill" button, the bill date, Confirm.

::

    entries = EntryScreens(client)
    bill_id = entries.bill_purchase(order_id, datetime.date.today())
    entries.post(bill_id)
"""

from __future__ import annotations

import datetime
import re

from drivers.pages.forms import FormView
from drivers.pages.webclient import WebClient

MODEL = "account.move"


class EntryScreens:
    """Accounting entries made from orders, and their Confirm button."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def bill_purchase(self, order_id: int, bill_date: datetime.date) -> int:
        """Make the purchase order's bill (its "Create Bill" button; on 19, "Create Bills" on the order
        selected in the orders list), type the Bill Date and save; returns the bill's id."""
        self.client.open_record("purchase.order", order_id)
        if self.client.version.bills_from_order_list:
            self._select_in_orders_list(FormView(self.client).root.locator("div[name='name']").inner_text())
            button = self.client.visible(".o_control_panel button[name='action_create_invoice']")
        else:
            button = self.client.visible(".o_form_statusbar button[name='action_create_invoice']")
        origin = self.client.page.url
        button.click()
        bill = FormView(self.client)
        self.client.settle(bill.field("invoice_date"), "purchase.order", "action_create_invoice")
        bill_id = self.client.wait_for_record(leaving=origin)
        # The web client reads ISO dates whatever the user's date format.
        bill.type("invoice_date", bill_date.isoformat())
        bill.save(MODEL)
        return bill_id

    def _select_in_orders_list(self, reference: str) -> None:
        """Open Purchase > Orders > Purchase Orders, search ``reference`` and tick its row."""
        self.client.open_app("Purchase")
        self.client.open_menu("purchase.menu_procurement_management", "purchase.menu_purchase_form_action")
        search = self.client.page.locator(".o_searchview_input").first
        search.fill(reference.strip())
        search.press("Enter")
        self.client.page.locator(".o_searchview_facet", has_text=reference.strip()).wait_for()
        self.client.wait_idle()
        row = self.client.page.locator(".o_list_view .o_data_row").filter(
            has=self.client.page.locator(
                "td[name='name']", has_text=re.compile(rf"^\s*{re.escape(reference.strip())}\s*$")
            )
        )
        row.wait_for()
        self.client.wait_idle()
        row.locator(".o_list_record_selector input").check()
        self.client.wait_idle()

    def post(self, move_id: int) -> None:
        """Open the entry and press its Confirm button; wait for the status bar to show "Posted"."""
        self.client.open_record(MODEL, move_id)
        form = FormView(self.client)
        form.press("action_post", MODEL)
        posted = form.root.locator(".o_statusbar_status .o_arrow_button_current", has_text="Posted")
        self.client.settle(posted, MODEL, "action_post")
