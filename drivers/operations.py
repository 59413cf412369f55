"""Business operations: what a role does in Odoo, behind one interface the RPC and browser drivers share.

Steps call these; they never make permission checks of their own, so a refusal is Odoo's
(:class:`drivers.errors.OdooError`)::

    ops = RpcOperations(client_for("warehouse operator"), adapter_for("17.0"))
    ops.validate_transfer(picking_id, {product_id: 5.0}, backorder=True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from drivers.rpc import OdooRpc
from drivers.versions import OdooVersion
from drivers.wizards import press

#: One order line: (product id, quantity in the product's unit of measure).
Line = tuple[int, float]


class Operations(Protocol):
    """The business operations a scenario performs; one implementation per driver (RPC, browser)."""

    def create_sale_order(
        self, customer_id: int, lines: Sequence[Line], warehouse_id: int | None = None
    ) -> int:
        """Enter a quotation for ``customer_id``; returns the sale.order id."""
        ...

    def confirm_sale_order(self, order_id: int) -> None:
        """Confirm a quotation into a sales order (Odoo creates its delivery)."""
        ...

    def create_purchase_order(
        self, vendor_id: int, lines: Sequence[Line], warehouse_id: int | None = None
    ) -> int:
        """Enter a request for quotation to ``vendor_id``; returns the purchase.order id."""
        ...

    def confirm_purchase_order(self, order_id: int) -> None:
        """Confirm a request for quotation into a purchase order (Odoo creates its receipt)."""
        ...

    def validate_transfer(self, picking_id: int, quantities: Mapping[int, float], *, backorder: bool) -> None:
        """Process ``quantities`` (product id -> quantity) of a transfer and validate it, answering
        Odoo's backorder question with ``backorder``."""
        ...


class RpcOperations:
    """The business operations through Odoo's RPC API, as the user ``client`` is logged in as."""

    def __init__(self, client: OdooRpc, version: OdooVersion) -> None:
        self.client = client
        self.version = version

    def create_sale_order(
        self, customer_id: int, lines: Sequence[Line], warehouse_id: int | None = None
    ) -> int:
        values: dict[str, object] = {
            "partner_id": customer_id,
            "order_line": [(0, 0, {"product_id": p, "product_uom_qty": q}) for p, q in lines],
        }
        if warehouse_id:
            values["warehouse_id"] = warehouse_id
        return self.client.call("sale.order", "create", values)

    def confirm_sale_order(self, order_id: int) -> None:
        press(self.client, "sale.order", "action_confirm", [order_id])

    def create_purchase_order(
        self, vendor_id: int, lines: Sequence[Line], warehouse_id: int | None = None
    ) -> int:
        values: dict[str, object] = {
            "partner_id": vendor_id,
            "order_line": [(0, 0, {"product_id": p, "product_qty": q}) for p, q in lines],
        }
        if warehouse_id:
            pick_types = self.client.call(
                "stock.picking.type",
                "search",
                [("warehouse_id", "=", warehouse_id), ("code", "=", "incoming")],
                limit=1,
            )
            values["picking_type_id"] = pick_types[0]
        return self.client.call("purchase.order", "create", values)

    def confirm_purchase_order(self, order_id: int) -> None:
        press(self.client, "purchase.order", "button_confirm", [order_id])

    def validate_transfer(self, picking_id: int, quantities: Mapping[int, float], *, backorder: bool) -> None:
        moves = self.client.call(
            "stock.move", "search_read", [("picking_id", "=", picking_id)], fields=["product_id"]
        )
        for move in moves:
            quantity = quantities.get(move["product_id"][0], 0.0)
            self.client.call("stock.move", "write", [move["id"]], self.version.done_quantity(quantity))
        choices = {"stock.backorder.confirmation": "keep backorder" if backorder else "no backorder"}
        if self.version.has_immediate_transfer:
            choices["stock.immediate.transfer"] = "apply"
        press(self.client, "stock.picking", "button_validate", [picking_id], choices=choices)
