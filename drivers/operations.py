"""Business operations: what a role does in Odoo, behind one interface the RPC and browser drivers share.

Steps call these; they never make permission checks of their own, so a refusal is Odoo's
(:class:`drivers.errors.OdooError`)::

    ops = RpcOperations(client_for("warehouse operator"), adapter_for("17.0"))
    ops.validate_transfer(picking_id, {product_id: 5.0}, backorder=True)
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, Protocol

from drivers.errors import OdooError
from drivers.rpc import OdooRpc
from drivers.versions import OdooVersion
from drivers.wizards import press


def _today() -> str:
    return datetime.date.today().isoformat()


#: The context of Odoo's inventory count screen (Physical Inventory): quants take counted quantities.
INVENTORY_MODE = {"inventory_mode": True}

#: What 19's res.company.action_close_stock_valuation answers when there is nothing to post.
NOTHING_TO_CLOSE = "Everything is correctly closed"

#: One order line: (product id, quantity in the product's unit of measure).
Line = tuple[int, float]
#: One order line at a price: (product id, quantity, unit price).
PricedLine = tuple[int, float, float]


class Invoiced(NamedTuple):
    """An entry invoicing an order created: its account.move id and its kind (account.move.move_type)."""

    move_id: int
    move_type: str


class Operations(Protocol):
    """The business operations a scenario performs; one implementation per driver (RPC, browser)."""

    def create_sale_order(
        self,
        customer_id: int,
        lines: Sequence[Line],
        warehouse_id: int | None = None,
        *,
        ship_complete: bool = False,
    ) -> int:
        """Enter a quotation for ``customer_id`` (``ship_complete``: deliver when all products are ready);
        returns the sale.order id."""
        ...

    def confirm_sale_order(self, order_id: int) -> list[int]:
        """Confirm a quotation into a sales order; returns the transfers (deliveries) Odoo created."""
        ...

    def create_purchase_order(
        self, vendor_id: int, lines: Sequence[Line], warehouse_id: int | None = None
    ) -> int:
        """Enter a request for quotation to ``vendor_id``; returns the purchase.order id."""
        ...

    def confirm_purchase_order(self, order_id: int) -> list[int]:
        """Confirm a request for quotation into a purchase order; returns the receipts Odoo created."""
        ...

    def approve_purchase_order(self, order_id: int) -> None:
        """Approve a purchase order waiting for approval (its Approve Order button); Odoo skips it silently
        when the user may not approve it, so read its state back."""
        ...

    def count_stock(self, location_id: int, counts: Mapping[int, float]) -> list[int]:
        """Record counted quantities (product id -> counted) in a location, as an inventory count not yet
        applied; returns the stock.quant ids the count is on, in the order of ``counts``."""
        ...

    def apply_count(self, quant_ids: Sequence[int]) -> None:
        """Apply a recorded count: Odoo moves the differences to or from inventory adjustment."""
        ...

    def change_cost(self, product_id: int, cost: float) -> None:
        """Change a product's cost (its Cost field, in the user's current company)."""
        ...

    def change_purchase_line(self, order_id: int, position: int, quantity: float) -> None:
        """Change the ordered quantity of the ``position``-th line (from 1, in the order's line order) of a
        purchase order."""
        ...

    def send_replacement(self, delivery_id: int, return_id: int, quantities: Mapping[int, float]) -> int:
        """Create the replacement delivery for returned goods; returns its id (to be validated)."""
        ...

    def validate_transfer(
        self, picking_id: int, quantities: Mapping[int, float], *, backorder: bool
    ) -> int | None:
        """Process ``quantities`` (product id -> quantity) of a transfer and validate it, answering
        Odoo's backorder question with ``backorder``; returns the backorder Odoo created, if any."""
        ...

    def invoice_order(self, order_id: int) -> list[Invoiced]:
        """Invoice what a sales order has to invoice (its delivered quantities, for products invoiced on
        delivery); returns the new entries (an invoice, or a credit note after a refunded return)."""
        ...

    def bill_purchase(self, order_id: int) -> int:
        """Create the vendor bill of a purchase order (for the quantities received); returns its id."""
        ...

    def post_entry(self, move_id: int) -> None:
        """Post (confirm) an invoice, credit note or vendor bill."""
        ...

    def return_transfer(
        self,
        picking_id: int,
        quantities: Mapping[int, float],
        *,
        location_id: int | None = None,
        refund: bool,
    ) -> int:
        """Return ``quantities`` of a done transfer through Odoo's return wizard, into ``location_id``
        (default: where it came from); ``refund`` updates the order's quantities so a credit note follows.
        Returns the return transfer's id."""
        ...

    def promise_delivery(self, order_id: int, when: datetime.datetime) -> None:
        """Promise the customer a delivery date on a quotation (sale.order.commitment_date)."""
        ...

    def replenish(self, product_id: int, quantity: float, warehouse_id: int, route_id: int) -> None:
        """Order ``quantity`` into a warehouse along ``route_id`` (the product's Replenish button)."""
        ...

    def run_reorder_rule(self, orderpoint_id: int) -> list[int]:
        """Order what one reorder rule asks for now (its "Order Once" button); no other rule runs. Returns
        the open requests for quotation of the rule's product (the one Odoo announces)."""
        ...

    def record_vendor_date(self, order_id: int, when: datetime.datetime) -> None:
        """Record the arrival date a vendor confirmed for a purchase order; its open receipts move to it."""
        ...

    def create_priced_purchase_order(
        self, vendor_id: int, lines: Sequence[PricedLine], warehouse_id: int | None = None
    ) -> int:
        """Enter a request for quotation at the vendor's quoted unit costs; returns the purchase.order id."""
        ...

    def enter_vendor_bill(self, vendor_id: int, amount: float, bill_date: datetime.date) -> int:
        """Enter a draft vendor bill of one line of ``amount`` (before taxes) dated ``bill_date``; returns
        the account.move id. Odoo chooses the accounting date from the bill date."""
        ...

    def lock_books(self, company_id: int, lock_date: datetime.date) -> None:
        """Lock the company's books for everyone up to ``lock_date`` included (its all-users lock date)."""
        ...

    def reset_to_draft(self, move_id: int) -> None:
        """Reset a posted entry to draft (its "Reset to Draft" button)."""
        ...

    def change_accounting_date(self, move_id: int, when: datetime.date) -> None:
        """Change the accounting date of an entry."""
        ...

    def close_stock_valuation(self, company_id: int, at_date: datetime.date) -> None:
        """Close the period's stock valuation of ``company_id`` at ``at_date``: post the entry that brings
        the stock valuation accounts to the inventory value (19); nothing to do where every valued move
        posts its own entry (16-18)."""
        ...

    def date_transfer(self, picking_id: int, when: datetime.date) -> None:
        """Change the date a done transfer was processed (its Effective Date) to ``when``."""
        ...


class RpcOperations:
    """The business operations through Odoo's RPC API, as the user ``client`` is logged in as."""

    def __init__(self, client: OdooRpc, version: OdooVersion) -> None:
        self.client = client
        self.version = version

    def create_sale_order(
        self,
        customer_id: int,
        lines: Sequence[Line],
        warehouse_id: int | None = None,
        *,
        ship_complete: bool = False,
    ) -> int:
        values: dict[str, object] = {
            "partner_id": customer_id,
            "picking_policy": "one" if ship_complete else "direct",
            "order_line": [(0, 0, {"product_id": p, "product_uom_qty": q}) for p, q in lines],
        }
        if warehouse_id:
            values["warehouse_id"] = warehouse_id
        return self.client.call("sale.order", "create", values)

    def confirm_sale_order(self, order_id: int) -> list[int]:
        press(self.client, "sale.order", "action_confirm", [order_id])
        return self.client.call("sale.order", "read", [order_id], ["picking_ids"])[0]["picking_ids"]

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

    def confirm_purchase_order(self, order_id: int) -> list[int]:
        press(self.client, "purchase.order", "button_confirm", [order_id])
        return self.client.call("purchase.order", "read", [order_id], ["picking_ids"])[0]["picking_ids"]

    def approve_purchase_order(self, order_id: int) -> None:
        press(self.client, "purchase.order", "button_approve", [order_id])

    def count_stock(self, location_id: int, counts: Mapping[int, float]) -> list[int]:
        # In inventory mode Odoo writes the count on the product's quant there, or makes an empty one.
        values = [
            {"product_id": product, "location_id": location_id, "inventory_quantity": counted}
            for product, counted in counts.items()
        ]
        quants = [self.client.call("stock.quant", "create", v, context=INVENTORY_MODE) for v in values]
        self.client.call(
            "stock.quant", "write", quants, {"inventory_quantity_set": True}, context=INVENTORY_MODE
        )
        return quants

    def apply_count(self, quant_ids: Sequence[int]) -> None:
        press(self.client, "stock.quant", "action_apply_inventory", list(quant_ids), context=INVENTORY_MODE)

    def change_cost(self, product_id: int, cost: float) -> None:
        self.client.call("product.product", "write", [product_id], {"standard_price": cost})

    def change_purchase_line(self, order_id: int, position: int, quantity: float) -> None:
        lines = self.client.call(
            "purchase.order.line",
            "search",
            [("order_id", "=", order_id), ("display_type", "=", False)],
            order="sequence, id",
        )
        self.client.call("purchase.order.line", "write", [lines[position - 1]], {"product_qty": quantity})

    def invoice_order(self, order_id: int) -> list[Invoiced]:
        before = set(self.client.call("sale.order", "read", [order_id], ["invoice_ids"])[0]["invoice_ids"])
        context = {"active_model": "sale.order", "active_ids": [order_id], "active_id": order_id}
        wizard = self.client.call(
            "sale.advance.payment.inv", "create", {"advance_payment_method": "delivered"}, context=context
        )
        self.client.call("sale.advance.payment.inv", "create_invoices", [wizard], context=context)
        after = self.client.call("sale.order", "read", [order_id], ["invoice_ids"])[0]["invoice_ids"]
        created = self.client.call("account.move", "read", sorted(set(after) - before), ["move_type"])
        return [Invoiced(entry["id"], entry["move_type"]) for entry in created]

    def bill_purchase(self, order_id: int) -> int:
        before = set(
            self.client.call("purchase.order", "read", [order_id], ["invoice_ids"])[0]["invoice_ids"]
        )
        self.client.call("purchase.order", "action_create_invoice", [order_id])
        after = self.client.call("purchase.order", "read", [order_id], ["invoice_ids"])[0]["invoice_ids"]
        (bill,) = set(after) - before
        self.client.call("account.move", "write", [bill], {"invoice_date": _today()})
        return bill

    def post_entry(self, move_id: int) -> None:
        press(self.client, "account.move", "action_post", [move_id])

    def return_transfer(
        self,
        picking_id: int,
        quantities: Mapping[int, float],
        *,
        location_id: int | None = None,
        refund: bool,
    ) -> int:
        context = {"active_model": "stock.picking", "active_id": picking_id, "active_ids": [picking_id]}
        wizard = self._return_wizard(picking_id, context)
        if location_id and self.version.return_location_on_wizard:
            self.client.call("stock.return.picking", "write", [wizard], {"location_id": location_id})
        lines = self.client.call(
            "stock.return.picking.line", "search_read", [("wizard_id", "=", wizard)], fields=["product_id"]
        )
        for line in lines:
            self.client.call(
                "stock.return.picking.line",
                "write",
                [line["id"]],
                {"quantity": quantities.get(line["product_id"][0], 0.0), "to_refund": refund},
            )
        action = self.client.call(
            "stock.return.picking", self.version.return_button, [wizard], context=context
        )
        returned = action["res_id"]
        if location_id and not self.version.return_location_on_wizard:
            # 18+: the wizard has no return location; the return's destination is changed, as on its form.
            self.client.call("stock.picking", "write", [returned], {"location_dest_id": location_id})
        return returned

    def _return_wizard(self, picking_id: int, context: dict[str, object]) -> int:
        """A return wizard for a done transfer, with one line (quantity 0) per move, as the form opens it."""
        if self.version.return_lines_computed:
            return self.client.call("stock.return.picking", "create", {}, context=context)
        # 16: the form fills the lines in an onchange; they are written as it would save them.
        moves = self.client.call(
            "stock.move",
            "search_read",
            [("picking_id", "=", picking_id), ("state", "!=", "cancel"), ("scrapped", "=", False)],
            fields=["product_id"],
        )
        lines = [
            (0, 0, {"product_id": m["product_id"][0], "move_id": m["id"], "quantity": 0.0}) for m in moves
        ]
        return self.client.call(
            "stock.return.picking", "create", {"product_return_moves": lines}, context=context
        )

    def send_replacement(self, delivery_id: int, return_id: int, quantities: Mapping[int, float]) -> int:
        # Every version: the replacement is the return of the (received) return. 18+ also offer "Return for
        # Exchange" in the wizard of the delivery, which would return the goods a second time here.
        replacement = self.return_transfer(return_id, quantities, refund=False)
        press(self.client, "stock.picking", "action_assign", [replacement])
        return replacement

    def validate_transfer(
        self,
        picking_id: int,
        quantities: Mapping[int, float],
        *,
        backorder: bool,
        lots: Mapping[int, int] | None = None,
    ) -> int | None:
        """As :meth:`Operations.validate_transfer`; ``lots`` (product id -> stock.lot id) processes a
        product tracked by lot as one detailed operation in that lot (a migration's received quantity)."""
        moves = self.client.call(
            "stock.move",
            "search_read",
            [("picking_id", "=", picking_id)],
            fields=["product_id", "move_line_ids", "location_id", "location_dest_id", "product_uom"],
        )
        for move in moves:
            quantity = quantities.get(move["product_id"][0], 0.0)
            if lots and move["product_id"][0] in lots:
                self._process_lot(picking_id, move, quantity, lots[move["product_id"][0]])
            elif self.version.done_on_move_lines and len(move["move_line_ids"]) > 1:
                self._process_lines(move["move_line_ids"], quantity)
            else:
                self.client.call("stock.move", "write", [move["id"]], self.version.done_quantity(quantity))
        choices = self.version.validate_choices()
        choices["stock.backorder.confirmation"] = "keep backorder" if backorder else "no backorder"
        press(self.client, "stock.picking", "button_validate", [picking_id], choices=choices)
        created = self.client.call("stock.picking", "search", [("backorder_id", "=", picking_id)])
        return created[0] if created else None

    def _process_lot(self, picking_id: int, move: dict[str, Any], quantity: float, lot_id: int) -> None:
        """Process ``quantity`` of ``move`` in one lot: its detailed operations replaced by one line."""
        self.client.call("stock.move.line", "unlink", move["move_line_ids"])
        values = {
            "move_id": move["id"],
            "picking_id": picking_id,
            "product_id": move["product_id"][0],
            "product_uom_id": move["product_uom"][0],
            "location_id": move["location_id"][0],
            "location_dest_id": move["location_dest_id"][0],
            "lot_id": lot_id,
            self.version.move_line_done_field: quantity,
        }
        self.client.call("stock.move.line", "create", values)
        if not self.version.done_on_move_lines:
            self.client.call("stock.move", "write", [move["id"]], {"picked": True})

    def _process_lines(self, move_line_ids: list[int], quantity: float) -> None:
        """16: process ``quantity`` of a move over its move lines (lots) in their order, each up to what it
        reserved, as the detailed operations are filled in."""
        reserved = self.version.move_line_reserved_field
        for row in self.client.call("stock.move.line", "read", sorted(move_line_ids), [reserved]):
            done = min(row[reserved], quantity)
            quantity -= done
            self.client.call(
                "stock.move.line", "write", [row["id"]], {self.version.move_line_done_field: done}
            )

    def promise_delivery(self, order_id: int, when: datetime.datetime) -> None:
        self.client.call("sale.order", "write", [order_id], {"commitment_date": _odoo_datetime(when)})

    def replenish(self, product_id: int, quantity: float, warehouse_id: int, route_id: int) -> None:
        values = {
            "quantity": quantity,
            "warehouse_id": warehouse_id,
            **self.version.replenish_route(route_id),
        }
        wizard = self.client.call(
            "product.replenish", "create", values, context={"default_product_id": product_id}
        )
        press(self.client, "product.replenish", "launch_replenishment", [wizard])

    def run_reorder_rule(self, orderpoint_id: int) -> list[int]:
        horizon = self.version.reorder_horizon
        if horizon is not None:
            # 19: the Replenishment view with its Horizon at 0 days recomputes what the rules ask for.
            context = {**horizon, "force_orderpoint_recompute": True}
            self.client.call("stock.warehouse.orderpoint", "action_open_orderpoints", context=context)
        press(
            self.client,
            "stock.warehouse.orderpoint",
            "action_replenish",
            [orderpoint_id],
            context=horizon or {},
        )
        [rule] = self.client.call("stock.warehouse.orderpoint", "read", [orderpoint_id], ["product_id"])
        lines = self.client.call(
            "purchase.order.line",
            "search_read",
            [("product_id", "=", rule["product_id"][0]), ("order_id.state", "in", ["draft", "sent"])],
            fields=["order_id"],
        )
        return sorted({line["order_id"][0] for line in lines})

    def record_vendor_date(self, order_id: int, when: datetime.datetime) -> None:
        stamp = _odoo_datetime(when)
        order = self.client.call("purchase.order", "read", [order_id], ["order_line", "picking_ids"])[0]
        self.client.call("purchase.order.line", "write", order["order_line"], {"date_planned": stamp})
        # The line's planned date only moves the receipt moves' deadline: reschedule the receipt itself,
        # whose date the forecast of waiting deliveries follows.
        receipts = self.client.call(
            "stock.picking",
            "search",
            [("id", "in", order["picking_ids"]), ("state", "not in", ["done", "cancel"])],
        )
        if receipts:
            self.client.call("stock.picking", "write", receipts, {"scheduled_date": stamp})

    def create_priced_purchase_order(
        self, vendor_id: int, lines: Sequence[PricedLine], warehouse_id: int | None = None
    ) -> int:
        order = self.create_purchase_order(vendor_id, [(p, q) for p, q, _ in lines], warehouse_id)
        order_lines = self.client.call(
            "purchase.order.line", "search_read", [("order_id", "=", order)], fields=["product_id"]
        )
        prices = {p: price for p, _, price in lines}
        # One write of every line's unit cost, as the buyer types the vendor's quoted prices in.
        updates = [(1, line["id"], {"price_unit": prices[line["product_id"][0]]}) for line in order_lines]
        self.client.call("purchase.order", "write", [order], {"order_line": updates})
        return order

    def enter_vendor_bill(self, vendor_id: int, amount: float, bill_date: datetime.date) -> int:
        values = {
            "move_type": "in_invoice",
            "partner_id": vendor_id,
            "invoice_date": bill_date.isoformat(),
            "invoice_line_ids": [(0, 0, {"name": "Services", "quantity": 1.0, "price_unit": amount})],
        }
        return self.client.call("account.move", "create", values)

    def lock_books(self, company_id: int, lock_date: datetime.date) -> None:
        self.client.call(
            "res.company", "write", [company_id], {"fiscalyear_lock_date": lock_date.isoformat()}
        )

    def reset_to_draft(self, move_id: int) -> None:
        press(self.client, "account.move", "button_draft", [move_id])

    def change_accounting_date(self, move_id: int, when: datetime.date) -> None:
        self.client.call("account.move", "write", [move_id], {"date": when.isoformat()})

    def close_stock_valuation(self, company_id: int, at_date: datetime.date) -> None:
        if not self.version.closes_stock_valuation:
            return
        try:
            self.client.call(
                "res.company",
                "action_close_stock_valuation",
                [company_id],
                at_date=at_date.isoformat(),
                auto_post=True,
                # That company alone: Odoo values the products in every allowed company.
                context={"allowed_company_ids": [company_id]},
            )
        except OdooError as answer:
            # Odoo's way of saying there is nothing to post: the accounts already match the valuation.
            if answer.message != NOTHING_TO_CLOSE:
                raise

    def date_transfer(self, picking_id: int, when: datetime.date) -> None:
        # The Effective Date of a done transfer (19 lets its form edit it; Odoo checks it on write).
        self.client.call(
            "stock.picking", "write", [picking_id], {"date_done": f"{when.isoformat()} 12:00:00"}
        )


def _odoo_datetime(when: datetime.datetime) -> str:
    """A datetime as Odoo stores it: UTC, without time zone."""
    return when.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")
