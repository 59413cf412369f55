"""Dates on screen: a quotation's promised Delivery Date, a purchase order's Expected Arrival, a transfer's
Scheduled Date.

Dates are typed in ISO form (the web client reads it whatever the user's format), in the browser's time
zone, which the web client assumes for what is typed::

    schedules = ScheduleScreens(client)
    schedules.promise_delivery(order_id, in_ten_days)
    schedules.expect_arrival(purchase_id, in_fourteen_days)
    schedules.reschedule(receipt_id, in_fourteen_days)
"""

from __future__ import annotations

import datetime

from drivers.pages.forms import FormView
from drivers.pages.webclient import WebClient


def typed(when: datetime.datetime) -> str:
    """``when`` as a person types it: ISO, in the local time zone (the browser's), to the second."""
    return when.astimezone().strftime("%Y-%m-%dT%H:%M:%S")


class ScheduleScreens:
    """The date fields of orders and transfers, each typed in and saved."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def promise_delivery(self, order_id: int, when: datetime.datetime) -> None:
        """Type the quotation's Delivery Date (sale.order.commitment_date, on "Other Info") and save."""
        self._set("sale.order", order_id, "commitment_date", when, tab="other_information")

    def expect_arrival(self, order_id: int, when: datetime.datetime) -> None:
        """Type the purchase order's Expected Arrival (purchase.order.date_planned; Odoo moves every line's
        date to it) and save."""
        self._set("purchase.order", order_id, "date_planned", when)

    def reschedule(self, picking_id: int, when: datetime.datetime) -> bool:
        """Type an open transfer's Scheduled Date and save; False (nothing typed) when it is done or
        cancelled, whose date is read-only."""
        self.client.open_record("stock.picking", picking_id)
        if FormView(self.client).status() in ("Done", "Cancelled"):
            return False
        self._set("stock.picking", picking_id, "scheduled_date", when)
        return True

    def _set(self, model: str, record_id: int, field: str, when: datetime.datetime, *, tab: str = "") -> None:
        self.client.open_record(model, record_id)
        form = FormView(self.client)
        if tab:
            form.root.locator(f".o_notebook_headers a[name='{tab}']").click()
        form.type(field, typed(when))
        form.save(model)
