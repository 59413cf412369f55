"""Transfers on screen: quantities entered on a delivery or receipt, validation, and the backorder dialog.

::

    transfers = TransferScreens(client)
    transfers.validate(picking_id, {"gl3f2a-main-9c41-widget": 5.0}, backorder=True)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from drivers.pages.forms import FormView
from drivers.pages.webclient import WebClient

MODEL = "stock.picking"
#: The backorder dialog's buttons (stock.backorder.confirmation), by the answer they give.
BACKORDER_BUTTONS = {True: "process", False: "process_cancel_backorder"}


class TransferScreens:
    """A transfer's form: its operations list, its Validate button and the dialogs that follow."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def set_quantities(self, picking_id: int, quantities: Mapping[str, float]) -> FormView:
        """Open the transfer and type each move's quantity (product text -> quantity; others get 0)."""
        self.client.open_record(MODEL, picking_id)
        form = FormView(self.client)
        moves = self.client.version.picking_moves_field
        rows = form.field(moves).locator(".o_data_row")
        rows.first.wait_for()
        for index in range(rows.count()):
            text = rows.nth(index).inner_text()
            quantity = next((q for product, q in quantities.items() if product in text), 0.0)
            form.edit_cell(moves, index, "quantity", f"{quantity:g}")
        return form

    def validate(self, picking_id: int, quantities: Mapping[str, float], *, backorder: bool) -> int | None:
        """Enter ``quantities``, press Validate and answer the backorder dialog with ``backorder``; returns
        the backorder the chatter announces ("The backorder WH/OUT/00012 has been created."), if any."""
        form = self.set_quantities(picking_id, quantities)
        form.root.locator(".o_form_statusbar button[name='button_validate']").filter(
            visible=True
        ).first.click()
        done = form.root.locator(".o_statusbar_status .o_arrow_button_current", has_text=re.compile("^Done$"))
        dialog = self.client.page.locator(".modal button[name='process']")
        self.client.settle(done.or_(dialog), MODEL, "button_validate")
        if dialog.count():
            self.client.page.locator(f".modal button[name='{BACKORDER_BUTTONS[backorder]}']").click()
            self.client.settle(done, "stock.backorder.confirmation", BACKORDER_BUTTONS[backorder])
            if backorder:
                return self.announced_backorder(form)
        return None

    def announced_backorder(self, form: FormView) -> int:
        """The backorder linked from the transfer's chatter message that announces it."""
        link = form.page.locator(".o-mail-Message-body", has_text="backorder").locator(
            "a[data-oe-model='stock.picking'][data-oe-id]"
        )
        link.first.wait_for()
        return int(link.first.get_attribute("data-oe-id") or 0)
