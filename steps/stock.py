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
from steps.vocabulary import AVAILABILITY, BACKORDER_DECISIONS, PICKING_STATES, lookup


@given(parsers.parse('a storable product "{product}" with {quantity:g} units on hand in the main warehouse'))
def storable_product_on_hand(master_data: MasterData, memory: Memory, product: str, quantity: float) -> None:
    product_id = memory.remember("product", master_data.product(product), product)
    master_data.set_on_hand(product_id, master_data.main_warehouse(), quantity)


@given(parsers.parse('a storable product "{product}" with no stock'))
def storable_product_without_stock(master_data: MasterData, memory: Memory, product: str) -> None:
    memory.remember("product", master_data.product(product), product)


@when(
    parsers.re(
        r'the (?P<role>[a-z ]+?) ships (?P<quantity>[\d.]+) "(?P<product>[^"]+)"(?: and '
        r"(?P<decision>keeps a backorder(?: for the rest)?|creates no backorder|cancels the rest))?$"
    )
)
def ship(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    quantity: str,
    product: str,
    decision: str | None,
) -> None:
    backorder = bool(lookup(BACKORDER_DECISIONS, decision, "backorder decision")) if decision else True
    act_as(role).validate_transfer(
        memory.recall("delivery"), {memory.recall("product", product): float(quantity)}, backorder=backorder
    )


@when(
    parsers.re(
        r'the (?P<role>[a-z ]+?) receives (?P<quantity>[\d.]+) "(?P<product>[^"]+)"(?: and '
        r"(?P<decision>keeps a backorder(?: for the rest)?|creates no backorder|cancels the rest))?$"
    )
)
def receive(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    quantity: str,
    product: str,
    decision: str | None,
) -> None:
    backorder = bool(lookup(BACKORDER_DECISIONS, decision, "backorder decision")) if decision else True
    act_as(role).validate_transfer(
        memory.recall("receipt"), {memory.recall("product", product): float(quantity)}, backorder=backorder
    )


@then(parsers.parse('the delivery is "{state}" with {quantity:g} "{product}" reserved'))
def delivery_reserved(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, state: str, quantity: float, product: str
) -> None:
    delivery = memory.recall("delivery")
    expect_fields(auditor, "stock.picking", delivery, state=lookup(PICKING_STATES, state, "transfer state"))
    move = _move(auditor, delivery, memory.recall("product", product))
    expect_fields(auditor, "stock.move", move, **{live_odoo.version.reserved_field: quantity})


@then(parsers.parse('the delivery\'s availability reads "{availability}"'))
def delivery_availability(auditor: OdooRpc, memory: Memory, availability: str) -> None:
    expect_fields(
        auditor,
        "stock.picking",
        memory.recall("delivery"),
        products_availability_state=lookup(AVAILABILITY, availability, "availability"),
    )


@then(parsers.parse('the delivery is "{state}"'))
def delivery_state(auditor: OdooRpc, memory: Memory, state: str) -> None:
    expect_fields(
        auditor,
        "stock.picking",
        memory.recall("delivery"),
        state=lookup(PICKING_STATES, state, "transfer state"),
    )


@then(parsers.parse('a backorder of {quantity:g} "{product}" is "{state}"'))
def backorder_waits(auditor: OdooRpc, memory: Memory, quantity: float, product: str, state: str) -> None:
    delivery = memory.recall("delivery")
    backorders = auditor.call("stock.picking", "search", [("backorder_id", "=", delivery)])
    assert len(backorders) == 1, f"stock.picking {delivery}: expected one backorder, found {len(backorders)}"
    backorder = memory.remember("backorder", backorders[0])
    expect_fields(
        auditor,
        "stock.picking",
        backorder,
        state=lookup(PICKING_STATES, state, "transfer state"),
        backorder_id=delivery,
    )
    expect_fields(
        auditor,
        "stock.move",
        _move(auditor, backorder, memory.recall("product", product)),
        product_uom_qty=quantity,
    )


@then(parsers.parse('the backorder is "{state}"'))
def backorder_state(auditor: OdooRpc, memory: Memory, state: str) -> None:
    expect_fields(
        auditor,
        "stock.picking",
        memory.recall("backorder"),
        state=lookup(PICKING_STATES, state, "transfer state"),
    )


@then("no backorder was created")
def no_backorder(auditor: OdooRpc, memory: Memory) -> None:
    delivery = memory.recall("delivery")
    found = auditor.call("stock.picking", "search_read", [("backorder_id", "=", delivery)], fields=["name"])
    assert not found, f"stock.picking {delivery}: expected no backorder, found {[r['name'] for r in found]}"


def _move(auditor: OdooRpc, picking_id: int, product_id: int) -> int:
    moves = auditor.call(
        "stock.move", "search", [("picking_id", "=", picking_id), ("product_id", "=", product_id)]
    )
    assert len(moves) == 1, (
        f"stock.picking {picking_id}: expected one move of product {product_id}, got {len(moves)}"
    )
    return moves[0]
