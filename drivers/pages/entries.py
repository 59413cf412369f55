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
        """Press the purchase order's "Create Bill", type the Bill Date and save; returns the bill's id."""
        self.client.open_record("purchase.order", order_id)
        FormView(self.client).root.locator(".o_form_statusbar button[name='action_create_invoice']").filter(
            visible=True
        ).first.click()
        self.client.page.wait_for_url(re.compile(r"model=account\.move"))
        bill = FormView(self.client)
        date = bill.field("invoice_date")
        self.client.settle(date, "purchase.order", "action_create_invoice")
        # The web client reads ISO dates whatever the user's date format.
        bill.type("invoice_date", bill_date.isoformat())
        bill.save(MODEL)
        bill_id = self.client.record_id()
        assert bill_id is not None, f"purchase.order {order_id}: no bill opened after Create Bill"
        return bill_id

    def post(self, move_id: int) -> None:
        """Open the entry and press its Confirm button; wait for the status bar to show "Posted"."""
        self.client.open_record(MODEL, move_id)
        form = FormView(self.client)
        form.press("action_post", MODEL)
        posted = form.root.locator(".o_statusbar_status .o_arrow_button_current", has_text="Posted")
        self.client.settle(posted, MODEL, "action_post")
