"""The return wizard on screen: a done transfer's Return button, quantities to send back, refund toggle.

::

    returns = ReturnScreens(client)
    return_id = returns.send_back(delivery_id, {"gl3f2a-main-9c41-widget": 2.0}, refund=False)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from drivers.pages.forms import FormView
from drivers.pages.webclient import WebClient

MODEL = "stock.picking"
WIZARD = "stock.return.picking"
LINES = "product_return_moves"


class ReturnScreens:
    """A done transfer's "Return" button and the "Reverse Transfer" dialog it opens."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def send_back(self, picking_id: int, quantities: Mapping[str, float], *, refund: bool) -> int:
        """Return ``quantities`` (product text -> quantity; other lines 0) of a done transfer, with "Update
        quantities on SO/PO" set to ``refund``; returns the id of the return transfer Odoo opens.

        The refund toggle is a technical field: the transfer is opened in developer mode to show it.
        """
        page = self.client.page
        self.client.open_record(MODEL, picking_id, debug=True)
        form = FormView(self.client)
        transfer = page.url
        origin = page.locator(".o_breadcrumb .active").first.inner_text().strip()
        form.root.locator(".o_form_statusbar button", has_text=re.compile(r"^\s*Return\s*$")).filter(
            visible=True
        ).first.click()
        wizard = FormView(self.client, page.locator(".modal .o_form_view").last)
        rows = wizard.field(LINES).locator(".o_data_row")
        rows.first.wait_for()
        self.client.wait_idle()
        wizard.show_column(LINES, "to_refund")  # 19 lists it as an optional column, hidden at first
        for index in range(rows.count()):
            text = rows.nth(index).inner_text()
            quantity = next((q for product, q in quantities.items() if product in text), 0.0)
            wizard.edit_cell(LINES, index, "quantity", f"{quantity:g}")
            toggle = rows.nth(index).locator("td[name='to_refund'] input[type='checkbox']")
            toggle.set_checked(refund)
            self.client.wait_idle()
        button = self.client.version.return_button
        page.locator(f".modal-footer button[name='{button}']").filter(visible=True).first.click()
        opened = page.locator(".o_breadcrumb .active").filter(has_not_text=origin)
        self.client.settle(opened, WIZARD, button)
        return self.client.wait_for_record(leaving=transfer)

    def check_availability(self, picking_id: int) -> None:
        """Press "Check Availability" on a transfer when it shows it (a ready transfer does not)."""
        self.client.open_record(MODEL, picking_id)
        button = FormView(self.client).root.locator(".o_form_statusbar button[name='action_assign']")
        if button.filter(visible=True).count():
            FormView(self.client).press("action_assign", MODEL)
