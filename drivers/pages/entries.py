"""Invoices and vendor bills on screen: a sales order's "Create Invoice", a purchase order's "Create Bill",
the bill date, Confirm.

::

    entries = EntryScreens(client)
    invoice_id, move_type = entries.invoice_sale(order_id)   # "out_invoice", or "out_refund" after a refund
    bill_id = entries.bill_purchase(order_id, datetime.date.today())
    entries.post(bill_id)
"""

from __future__ import annotations

import datetime
import re

from drivers.pages.forms import FormView
from drivers.pages.webclient import WebClient

MODEL = "account.move"
#: The kinds of entry a form names above its number (account.move.move_type's labels), by label.
MOVE_TYPES = {
    "Customer Invoice": "out_invoice",
    "Customer Credit Note": "out_refund",
    "Vendor Bill": "in_invoice",
    "Vendor Credit Note": "in_refund",
}


class EntryScreens:
    """Accounting entries made from orders, and their Confirm button."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def invoice_sale(self, order_id: int) -> tuple[int, str]:
        """Press the sales order's "Create Invoice" and the dialog's "Create Draft Invoice" (invoicing what
        was delivered); returns the entry Odoo opens and its kind (move_type) as the form names it."""
        client = self.client
        client.open_record("sale.order", order_id)
        # The order as it is now: deliveries since it was last shown change what it has to invoice.
        client.page.reload()
        form = FormView(client)
        form.root.locator(".o_form_sheet").wait_for()
        client.wait_idle()
        order = client.page.url
        form.root.locator(".o_form_statusbar button", has_text=re.compile(r"^\s*Create Invoice\s*$")).filter(
            visible=True
        ).first.click()
        create = client.page.locator(".modal-footer button[name='create_invoices']").filter(visible=True)
        client.settle(create, "sale.order", "action_view_sale_advance_payment_inv")
        create.first.click()
        kind = FormView(client).field("move_type")
        client.settle(kind, "sale.advance.payment.inv", "create_invoices")
        entry_id = client.wait_for_record(leaving=order)
        label = kind.inner_text().strip()
        assert label in MOVE_TYPES, f"account.move {entry_id}: the form names an unknown kind {label!r}"
        return entry_id, MOVE_TYPES[label]

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
