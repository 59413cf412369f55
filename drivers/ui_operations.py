"""The business operations through Odoo's web client: the browser driver behind the ``Operations`` protocol.

Every action goes through rendered elements as the role's user, in that role's own browser context; the
only JavaScript read is the idle probe. Records are typed in by the text a person would type (a partner's
name, a product's internal reference), which ``labels`` gives for an id. An order's transfers are read
from its smart button on ``stock_view``, the screen of a user who sees it (a sales coordinator does not)::

    ops = BrowserOperations(web_client, master_data.label, stock_view=lambda: operator_client)
    order = ops.create_sale_order(customer_id, [(widget_id, 8.0)])
    [delivery] = ops.confirm_sale_order(order)
    ops.validate_transfer(delivery, {widget_id: 5.0}, backorder=True)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence

from drivers.errors import GoliveError
from drivers.operations import Invoiced, Line
from drivers.pages.entries import EntryScreens
from drivers.pages.orders import PURCHASE, SALE, OrderKind, OrderScreens
from drivers.pages.replenishment import ReplenishmentScreens
from drivers.pages.returns import ReturnScreens
from drivers.pages.schedules import ScheduleScreens
from drivers.pages.transfers import TransferScreens
from drivers.pages.webclient import WebClient

#: ``labels(model, id)``: the text that finds the record in a many2one field on screen.
Labels = Callable[[str, int], str]


class BrowserOperations:
    """The business operations as one role's user clicks them in the web client."""

    def __init__(self, client: WebClient, labels: Labels, stock_view: Callable[[], WebClient]) -> None:
        self.client = client
        self.labels = labels
        self.stock_view = stock_view
        self.orders = OrderScreens(client)
        self.transfers = TransferScreens(client)

    def create_sale_order(
        self,
        customer_id: int,
        lines: Sequence[Line],
        warehouse_id: int | None = None,
        *,
        ship_complete: bool = False,
    ) -> int:
        choices = (
            {"picking_policy": ("other_information", "When all products are ready")} if ship_complete else {}
        )
        return self._enter(SALE, customer_id, lines, warehouse_id, choices)

    def confirm_sale_order(self, order_id: int) -> list[int]:
        self.orders.confirm(SALE, order_id)
        return OrderScreens(self.stock_view()).transfers(SALE, order_id)

    def create_purchase_order(
        self, vendor_id: int, lines: Sequence[Line], warehouse_id: int | None = None
    ) -> int:
        return self._enter(PURCHASE, vendor_id, lines, warehouse_id)

    def confirm_purchase_order(self, order_id: int) -> list[int]:
        self.orders.confirm(PURCHASE, order_id)
        return OrderScreens(self.stock_view()).transfers(PURCHASE, order_id)

    def validate_transfer(
        self, picking_id: int, quantities: Mapping[int, float], *, backorder: bool
    ) -> int | None:
        return self.transfers.validate(picking_id, self._by_text(quantities), backorder=backorder)

    def invoice_order(self, order_id: int) -> list[Invoiced]:
        return [Invoiced(*EntryScreens(self.client).invoice_sale(order_id))]

    def bill_purchase(self, order_id: int) -> int:
        return EntryScreens(self.client).bill_purchase(order_id, datetime.date.today())

    def post_entry(self, move_id: int) -> None:
        EntryScreens(self.client).post(move_id)

    def return_transfer(
        self,
        picking_id: int,
        quantities: Mapping[int, float],
        *,
        location_id: int | None = None,
        refund: bool,
    ) -> int:
        if location_id:
            raise GoliveError(
                "the browser driver returns goods to where they came from only; "
                "tag the scenario without @ui to choose a return location"
            )
        return ReturnScreens(self.client).send_back(picking_id, self._by_text(quantities), refund=refund)

    def send_replacement(self, delivery_id: int, return_id: int, quantities: Mapping[int, float]) -> int:
        # Odoo 17: the replacement is the return of the return (its "Return" button).
        returns = ReturnScreens(self.client)
        replacement = returns.send_back(return_id, self._by_text(quantities), refund=False)
        returns.check_availability(replacement)
        return replacement

    def promise_delivery(self, order_id: int, when: datetime.datetime) -> None:
        ScheduleScreens(self.client).promise_delivery(order_id, when)

    def run_reorder_rule(self, orderpoint_id: int) -> list[int]:
        product = self.labels("stock.warehouse.orderpoint", orderpoint_id)
        return [ReplenishmentScreens(self.client).order_once(product)]

    def record_vendor_date(self, order_id: int, when: datetime.datetime) -> None:
        # The order's Expected Arrival moves its lines; the open receipts are rescheduled on their forms.
        schedules = ScheduleScreens(self.client)
        schedules.expect_arrival(order_id, when)
        for receipt in OrderScreens(self.stock_view()).transfers(PURCHASE, order_id):
            schedules.reschedule(receipt, when)

    def _by_text(self, quantities: Mapping[int, float]) -> dict[str, float]:
        return {self.labels("product.product", p): q for p, q in quantities.items()}

    def _enter(
        self,
        kind: OrderKind,
        partner_id: int,
        lines: Sequence[Line],
        warehouse_id: int | None,
        choices: Mapping[str, tuple[str, str]] | None = None,
    ) -> int:
        if warehouse_id:
            raise GoliveError(
                f"the browser driver enters {kind.model} for the user's default warehouse only; "
                "tag the scenario without @ui to choose a warehouse"
            )
        partner = self.labels("res.partner", partner_id)
        products = [(self.labels("product.product", p), q) for p, q in lines]
        return self.orders.enter(kind, partner, products, choices or {})
