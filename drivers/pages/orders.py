"""Sales and purchase orders on screen: entering a quotation or RFQ, confirming it, finding its transfers.

::

    orders = OrderScreens(client)
    order_id = orders.enter(SALE, customer_text, [("gl3f2a-main-9c41-widget", 8.0)])
    orders.confirm(SALE, order_id)
    transfer_ids = orders.transfers(SALE, order_id)   # as a user who sees the Delivery smart button
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from drivers.pages.forms import FormView
from drivers.pages.webclient import WebClient


@dataclass(frozen=True)
class OrderKind:
    """Where one kind of order lives in the web client and what its fields and buttons are called."""

    model: str
    app: str
    #: The line's product field; sale lines show the template instead when variants are configurable.
    product_field: str
    quantity_field: str
    confirm_button: str
    confirmed: str
    transfers_button: str


SALE = OrderKind(
    "sale.order",
    "Sales",
    "product_template_id|product_id",
    "product_uom_qty",
    "action_confirm",
    "Sales Order",
    "action_view_delivery",
)
PURCHASE = OrderKind(
    "purchase.order",
    "Purchase",
    "product_id",
    "product_qty",
    "button_confirm",
    "Purchase Order",
    "action_view_picking",
)


class OrderScreens:
    """Enter and confirm orders through their app's list and form views."""

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def enter(
        self,
        kind: OrderKind,
        partner: str,
        lines: Sequence[tuple[str, float]],
        choices: Mapping[str, tuple[str, str]],
    ) -> int:
        """New order from the app's first view: partner, one line per (product text, quantity), then
        ``choices`` (selection field -> (notebook page name, option label))."""
        self.client.open_app(kind.app)
        self.client.visible(
            ".o_control_panel .o_list_button_add, .o_control_panel .o-kanban-button-new"
        ).click()
        form = FormView(self.client)
        form.root.locator(".o_form_sheet").wait_for()
        form.pick("partner_id", partner)
        for product, quantity in lines:
            form.add_line(
                "order_line",
                {kind.product_field: product},
                {kind.quantity_field: f"{quantity:g}"},
                link="product",
            )
        for name, (tab, label) in choices.items():
            form.choose(name, label, tab)
        return form.save_new(kind.model)

    def confirm(self, kind: OrderKind, order_id: int) -> None:
        """Confirm the order and wait for its status bar to show the confirmed stage."""
        self.client.open_record(kind.model, order_id)
        form = FormView(self.client)
        form.press(kind.confirm_button, kind.model)
        current = form.root.locator(".o_statusbar_status .o_arrow_button_current", has_text=kind.confirmed)
        self.client.settle(current, kind.model, kind.confirm_button)

    def transfers(self, kind: OrderKind, order_id: int) -> list[int]:
        """The transfers of a confirmed order, opened from its smart button (stock users see it)."""
        self.client.open_record(kind.model, order_id)
        form = FormView(self.client)
        form.open_smart_button(kind.transfers_button)
        return self.client.records_shown("stock.picking")
