"""Inventory steps: products and their stock, transfers shipped or received, and what the transfers show.

Example::

    Given a storable product "widget" with 5 units on hand in the main warehouse
    When the warehouse operator ships 5 "widget" and keeps a backorder
    Then the delivery is "ready" with 5 "widget" reserved
    And a backorder of 3 "widget" is "waiting for stock"
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
from steps.vocabulary import AVAILABILITY, BACKORDER_DECISIONS, PICKING_STATES, lookup, product_lines


@given(parsers.parse('a storable product "{product}" with {quantity:g} units on hand in the main warehouse'))
def storable_product_on_hand(master_data: MasterData, memory: Memory, product: str, quantity: float) -> None:
    """A new storable product, counted on hand in the main warehouse's stock location."""
    product_id = memory.remember("product", master_data.product(product), product)
    master_data.set_on_hand(product_id, master_data.main_warehouse(), quantity)


@given(parsers.parse('a storable product "{product}" with no stock'))
def storable_product_without_stock(master_data: MasterData, memory: Memory, product: str) -> None:
    """A new storable product with nothing on hand."""
    memory.remember("product", master_data.product(product), product)


TRANSFER = r"(?P<kind>delivery|receipt|return|replacement)"
DECISION = (
    r"(?: and (?P<decision>keeps a backorder(?: for the rest)?|creates no backorder|cancels the rest))?"
)
#: Which transfer a verb acts on: the warehouse ships deliveries and receives receipts.
VERB_KIND = {"ships": "delivery", "receives": "receipt"}


@when(
    parsers.re(
        r'the (?P<role>[a-z ]+?) (?P<verb>ships|receives) (?P<quantity>[\d.]+) "(?P<product>[^"]+)"'
        r"(?P<backorder> from the backorder)?" + DECISION + "$"
    )
)
def process_transfer(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    verb: str,
    quantity: str,
    product: str,
    backorder: str | None,
    decision: str | None,
) -> None:
    """Process a quantity of the delivery or receipt (or of its backorder) and validate it; the backorder
    Odoo creates for the rest becomes "the delivery backorder" (or "the receipt backorder")."""
    kind = VERB_KIND[verb]
    picking = memory.recall(f"{kind} backorder") if backorder else memory.recall(kind)
    keep = bool(lookup(BACKORDER_DECISIONS, decision, "backorder decision")) if decision else True
    created = act_as(role).validate_transfer(
        picking, {memory.recall("product", product): float(quantity)}, backorder=keep
    )
    if created is not None and not backorder:
        memory.remember(f"{kind} backorder", created)


@when(parsers.re(r"the (?P<role>[a-z ]+?) (?P<verb>ships|receives) the " + TRANSFER + ":$"))
def process_transfer_lines(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    verb: str,
    kind: str,
    datatable: list[list[str]],
) -> None:
    """Process the quantities of a table (columns: product, quantity) and validate the transfer."""
    quantities = dict(product_lines(memory, datatable))
    act_as(role).validate_transfer(memory.recall(kind), quantities, backorder=True)


@then(
    parsers.re(
        r"the "
        + TRANSFER
        + r' is "(?P<state>[^"]+)" with (?P<quantity>[\d.]+) "(?P<product>[^"]+)" reserved$'
    )
)
def transfer_reserved(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, kind: str, state: str, quantity: str, product: str
) -> None:
    """The transfer's state (stock.picking.state) and the quantity reserved on its move of the product."""
    picking = memory.recall(kind)
    expect_fields(auditor, "stock.picking", picking, state=lookup(PICKING_STATES, state, "transfer state"))
    move = _move(auditor, picking, memory.recall("product", product))
    expect_fields(auditor, "stock.move", move, **{live_odoo.version.reserved_field: float(quantity)})


@then(parsers.parse('the delivery\'s availability reads "{availability}"'))
def delivery_availability(auditor: OdooRpc, memory: Memory, availability: str) -> None:
    """What the delivery's product availability says (stock.picking.products_availability_state)."""
    expect_fields(
        auditor,
        "stock.picking",
        memory.recall("delivery"),
        products_availability_state=lookup(AVAILABILITY, availability, "availability"),
    )


@then(
    parsers.re(
        r"the (?P<kind>(?:delivery |receipt )?backorder|delivery|receipt|return|replacement) "
        r'is "(?P<state>[^"]+)"$'
    )
)
def transfer_state(auditor: OdooRpc, memory: Memory, kind: str, state: str) -> None:
    """A transfer's state (stock.picking.state); "the backorder" is the delivery's."""
    kind = "delivery backorder" if kind == "backorder" else kind
    expect_fields(
        auditor, "stock.picking", memory.recall(kind), state=lookup(PICKING_STATES, state, "transfer state")
    )


@then(
    parsers.re(
        r"an? (?:(?P<kind>delivery|receipt) )?backorder of (?P<quantity>[\d.]+) "
        r'"(?P<product>[^"]+)" is "(?P<state>[^"]+)"$'
    )
)
def backorder_of(
    auditor: OdooRpc, memory: Memory, kind: str | None, quantity: str, product: str, state: str
) -> None:
    """The one backorder of the delivery (or receipt): its state and the quantity still to process."""
    origin = memory.recall(kind or "delivery")
    backorder = _backorder(auditor, memory, kind or "delivery")
    expect_fields(
        auditor,
        "stock.picking",
        backorder,
        state=lookup(PICKING_STATES, state, "transfer state"),
        backorder_id=origin,
    )
    move = _move(auditor, backorder, memory.recall("product", product))
    expect_fields(auditor, "stock.move", move, product_uom_qty=float(quantity))


@then(parsers.re(r"no backorder of the (?P<kind>delivery|receipt) was created$"))
def no_backorder(auditor: OdooRpc, memory: Memory, kind: str) -> None:
    """The transfer was processed in full: nothing points back to it as a backorder."""
    origin = memory.recall(kind)
    found = auditor.call("stock.picking", "search_read", [("backorder_id", "=", origin)], fields=["name"])
    assert not found, f"stock.picking {origin}: expected no backorder, found {[r['name'] for r in found]}"


def _backorder(auditor: OdooRpc, memory: Memory, kind: str) -> int:
    """The one backorder of the scenario's delivery or receipt, remembered as "<kind> backorder"."""
    origin = memory.recall(kind)
    backorders = auditor.call("stock.picking", "search", [("backorder_id", "=", origin)])
    assert len(backorders) == 1, f"stock.picking {origin}: expected one backorder, found {len(backorders)}"
    return memory.remember(f"{kind} backorder", backorders[0])


def _move(auditor: OdooRpc, picking_id: int, product_id: int) -> int:
    moves = auditor.call(
        "stock.move", "search", [("picking_id", "=", picking_id), ("product_id", "=", product_id)]
    )
    assert len(moves) == 1, (
        f"stock.picking {picking_id}: expected one move of product {product_id}, got {len(moves)}"
    )
    return moves[0]


@then(
    parsers.re(
        r'"(?P<product>[^"]+)" has (?P<quantity>[\d.]+) units? available in '
        r'(?P<where>the main warehouse|warehouse "[^"]+")$'
    )
)
def available_in(
    auditor: OdooRpc, master_data: MasterData, memory: Memory, product: str, quantity: str, where: str
) -> None:
    """What is free to reserve in the warehouse's stock location and the locations inside it
    (product.product.free_qty at the warehouse's lot_stock_id): on hand elsewhere in the warehouse, such as a
    quarantine, and what is already reserved are not available."""
    warehouse = (
        master_data.main_warehouse()
        if where == "the main warehouse"
        else master_data.warehouse_by_id(memory.recall("warehouse", where.split('"')[1]))
    )
    expect_fields(
        auditor,
        "product.product",
        memory.recall("product", product),
        context={"location": warehouse.stock_location_id},
        free_qty=float(quantity),
    )
