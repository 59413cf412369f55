"""Return steps: goods sent back through Odoo's return wizard, into stock or a return location, and replaced.

Example::

    Given a return location "quarantine" in the main warehouse
    When the warehouse operator returns 2 "widget" from the delivery into "quarantine"
    And the warehouse operator receives the return
    Then "widget" has 2 units on hand in "quarantine"
    When the warehouse operator sends a replacement of 2 "widget"
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.scenario import Memory


@given(parsers.parse('a return location "{location}" in the main warehouse'))
def return_location(master_data: MasterData, memory: Memory, location: str) -> None:
    """A new internal location of the main warehouse that returns may go to (a quarantine, say)."""
    memory.remember("location", master_data.return_location(location, master_data.main_warehouse()), location)


@when(
    parsers.re(
        r'the (?P<role>[a-z ]+?) returns (?P<quantity>[\d.]+) "(?P<product>[^"]+)" from the delivery'
        r'(?: into "(?P<location>[^"]+)")?(?P<refund> for a refund)?$'
    )
)
def return_goods(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    quantity: str,
    product: str,
    location: str | None,
    refund: str | None,
) -> None:
    """Start a return of the delivered goods (stock.return.picking); the new transfer is "the return"."""
    returned = act_as(role).return_transfer(
        memory.recall("delivery"),
        {memory.recall("product", product): float(quantity)},
        location_id=memory.recall("location", location) if location else None,
        refund=bool(refund),
    )
    memory.remember("return", returned)


@when(parsers.re(r'the (?P<role>[a-z ]+?) receives (?P<quantity>[\d.]+) "(?P<product>[^"]+)" of the return$'))
def receive_return(
    act_as: Callable[[str], Operations], memory: Memory, role: str, quantity: str, product: str
) -> None:
    """Validate the return transfer for the quantity that came back."""
    act_as(role).validate_transfer(
        memory.recall("return"), {memory.recall("product", product): float(quantity)}, backorder=False
    )


@when(parsers.re(r'the (?P<role>[a-z ]+?) sends a replacement of (?P<quantity>[\d.]+) "(?P<product>[^"]+)"$'))
def send_replacement(
    act_as: Callable[[str], Operations], memory: Memory, role: str, quantity: str, product: str
) -> None:
    """Create the replacement delivery for the returned goods; it becomes "the replacement"."""
    replacement = act_as(role).send_replacement(
        memory.recall("delivery"),
        memory.recall("return"),
        {memory.recall("product", product): float(quantity)},
    )
    memory.remember("replacement", replacement)


@then(
    parsers.re(
        r'"(?P<product>[^"]+)" has (?P<quantity>[\d.]+) units? on hand in '
        r'(?P<where>the main warehouse|"[^"]+")$'
    )
)
def on_hand_in(
    auditor: OdooRpc,
    live_odoo: LiveOdoo,
    master_data: MasterData,
    memory: Memory,
    product: str,
    quantity: str,
    where: str,
) -> None:
    """The product's quantity on hand (product.product.qty_available) in the main warehouse or a location."""
    context = (
        live_odoo.version.warehouse_context(master_data.main_warehouse().id)
        if where == "the main warehouse"
        else {"location": memory.recall("location", where.strip('"'))}
    )
    product_id = memory.recall("product", product)
    row = auditor.call(
        "product.product", "read", [product_id], ["qty_available", "display_name"], context=context
    )[0]
    assert row["qty_available"] == float(quantity), (
        f"product.product {product_id} {row['display_name']!r}: qty_available in {where} is "
        f"{row['qty_available']:g}, expected {float(quantity):g}"
    )
