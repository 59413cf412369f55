"""Warehouse steps: warehouses a scenario creates, goods moved between them, and on-hand per warehouse.

Example::

    Given a warehouse "north"
    And a warehouse "south"
    And a storable product "widget" with 10 units on hand in warehouse "south"
    And "widget" is resupplied to warehouse "north" from warehouse "south"
    When the sales coordinator confirms an order of 6 "widget" for a customer at warehouse "north"
    And the inventory manager replenishes 6 "widget" at warehouse "north" from warehouse "south"
    Then the dispatch from warehouse "south" is "ready" with 6 "widget" reserved
    When the warehouse operator dispatches 6 "widget" from warehouse "south"
    Then the receipt is "ready"
    And "widget" has 4 units on hand in warehouse "south"
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.scenario import Memory
from steps.checks import expect_fields
from steps.sales import place_order
from steps.vocabulary import PICKING_STATES, lookup


@given(parsers.parse('a warehouse "{warehouse}"'))
def a_warehouse(master_data: MasterData, memory: Memory, warehouse: str) -> None:
    """A new warehouse of the scenario's own (one-step receipts and deliveries, Odoo's defaults)."""
    memory.remember("warehouse", master_data.warehouse(warehouse).id, warehouse)


@given(
    parsers.parse('a storable product "{product}" with {quantity:g} units on hand in warehouse "{warehouse}"')
)
def storable_product_in_warehouse(
    master_data: MasterData, memory: Memory, product: str, quantity: float, warehouse: str
) -> None:
    """A new storable product, counted on hand in one of the scenario's warehouses."""
    product_id = memory.remember("product", master_data.product(product), product)
    stock = master_data.warehouse_by_id(memory.recall("warehouse", warehouse))
    master_data.set_on_hand(product_id, stock, quantity)


@given(parsers.parse('"{product}" is resupplied to warehouse "{warehouse}" from warehouse "{supplier}"'))
def resupplied_from(
    master_data: MasterData, memory: Memory, product: str, warehouse: str, supplier: str
) -> None:
    """The first warehouse is resupplied from the second, and the product follows that route."""
    route = master_data.resupply_route(
        memory.recall("product", product),
        master_data.warehouse_by_id(memory.recall("warehouse", warehouse)),
        master_data.warehouse_by_id(memory.recall("warehouse", supplier)),
    )
    memory.remember("route", route, f"{warehouse} from {supplier}")


@when(
    parsers.parse(
        'the {role} confirms an order of {quantity:g} "{product}" for a customer at warehouse "{warehouse}"'
    )
)
def confirm_order_at(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
    warehouse: str,
) -> None:
    """Enter and confirm a customer's order placed on one warehouse; its delivery becomes "the delivery"."""
    lines = [(memory.recall("product", product), quantity)]
    place_order(act_as(role), master_data, memory, lines, warehouse_id=memory.recall("warehouse", warehouse))


@when(
    parsers.parse(
        'the {role} replenishes {quantity:g} "{product}" at warehouse "{warehouse}" '
        'from warehouse "{supplier}"'
    )
)
def replenish_from(
    act_as: Callable[[str], Operations],
    memory: Memory,
    auditor: OdooRpc,
    role: str,
    quantity: float,
    product: str,
    warehouse: str,
    supplier: str,
) -> None:
    """Order goods into a warehouse from another one; the supplier's outgoing transfer becomes "the
    dispatch" and the arriving one "the receipt"."""
    route = memory.recall("route", f"{warehouse} from {supplier}")
    product_id = memory.recall("product", product)
    act_as(role).replenish(product_id, quantity, memory.recall("warehouse", warehouse), route)
    legs = {
        "dispatch": ("location_dest_id.usage", "=", "transit"),
        "receipt": ("location_id.usage", "=", "transit"),
    }
    for kind, leg in legs.items():
        moves = auditor.call(
            "stock.move",
            "search_read",
            [("product_id", "=", product_id), ("rule_id.route_id", "=", route), ("state", "!=", "done"), leg],
            fields=["picking_id"],
        )
        assert len(moves) == 1, f"stock.route {route}: expected one open {kind} move, found {len(moves)}"
        memory.remember(kind, moves[0]["picking_id"][0], supplier if kind == "dispatch" else "")


@when(parsers.parse('the {role} dispatches {quantity:g} "{product}" from warehouse "{warehouse}"'))
def dispatch(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
    warehouse: str,
) -> None:
    """Process and validate the warehouse's dispatch to the other warehouse (goods go into transit)."""
    act_as(role).validate_transfer(
        memory.recall("dispatch", warehouse), {memory.recall("product", product): quantity}, backorder=True
    )


@then(
    parsers.parse(
        'the dispatch from warehouse "{warehouse}" is "{state}" with {quantity:g} "{product}" reserved'
    )
)
def dispatch_reserved(
    auditor: OdooRpc,
    live_odoo: LiveOdoo,
    memory: Memory,
    warehouse: str,
    state: str,
    quantity: float,
    product: str,
) -> None:
    """The dispatch's state, that it is the warehouse's delivery operation, and its reserved quantity."""
    dispatch_id = memory.recall("dispatch", warehouse)
    out_type = auditor.call(
        "stock.warehouse", "read", [memory.recall("warehouse", warehouse)], ["out_type_id"]
    )
    expect_fields(
        auditor,
        "stock.picking",
        dispatch_id,
        state=lookup(PICKING_STATES, state, "transfer state"),
        picking_type_id=out_type[0]["out_type_id"][0],
    )
    moves = auditor.call(
        "stock.move",
        "search",
        [("picking_id", "=", dispatch_id), ("product_id", "=", memory.recall("product", product))],
    )
    assert len(moves) == 1, (
        f"stock.picking {dispatch_id}: expected one move of {product!r}, found {len(moves)}"
    )
    expect_fields(auditor, "stock.move", moves[0], **{live_odoo.version.reserved_field: quantity})


@then(parsers.parse('the delivery goes out from warehouse "{warehouse}"'))
def delivery_from(auditor: OdooRpc, memory: Memory, warehouse: str) -> None:
    """The delivery is the warehouse's delivery operation, from its stock location."""
    row = auditor.call(
        "stock.warehouse", "read", [memory.recall("warehouse", warehouse)], ["out_type_id", "lot_stock_id"]
    )[0]
    expect_fields(
        auditor,
        "stock.picking",
        memory.recall("delivery"),
        picking_type_id=row["out_type_id"][0],
        location_id=row["lot_stock_id"][0],
    )


@then(parsers.parse('"{product}" has {quantity:g} units on hand in warehouse "{warehouse}"'))
def on_hand_in_warehouse(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, product: str, quantity: float, warehouse: str
) -> None:
    """The product's quantity on hand in one warehouse (product.product.qty_available in its context)."""
    expect_fields(
        auditor,
        "product.product",
        memory.recall("product", product),
        context=live_odoo.version.warehouse_context(memory.recall("warehouse", warehouse)),
        qty_available=quantity,
    )
