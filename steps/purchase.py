"""Purchase steps: replenishment bought from a vendor, and the receipt it creates.

Example::

    When the buyer buys 10 "widget" from a vendor
    And the warehouse operator receives 10 "widget"
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, when

from drivers.operations import Operations
from fixtures.factories import MasterData
from fixtures.scenario import Memory


@given(parsers.parse('a vendor "{vendor}"'))
def vendor(master_data: MasterData, memory: Memory, vendor: str) -> None:
    """A new company vendor with a Faker name, known in the scenario by its alias."""
    memory.remember("vendor", master_data.vendor(vendor), vendor)


@when(parsers.parse('the {role} buys {quantity:g} "{product}" from a vendor'))
def buy(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
) -> None:
    """Order and confirm a purchase from a new vendor; its receipt becomes "the receipt"."""
    vendor_id = memory.remember("vendor", master_data.vendor())
    _purchase(act_as(role), memory, vendor_id, [(memory.recall("product", product), quantity)])


@when(parsers.parse('the {role} buys {quantity:g} "{product}" from vendor "{vendor}"'))
def buy_from(
    act_as: Callable[[str], Operations], memory: Memory, role: str, quantity: float, product: str, vendor: str
) -> None:
    """Order and confirm a purchase from a vendor made earlier; its receipt becomes "the receipt"."""
    _purchase(
        act_as(role), memory, memory.recall("vendor", vendor), [(memory.recall("product", product), quantity)]
    )


def _purchase(ops: Operations, memory: Memory, vendor_id: int, lines: list[tuple[int, float]]) -> None:
    order = memory.remember("purchase order", ops.create_purchase_order(vendor_id, lines))
    receipts = ops.confirm_purchase_order(order)
    assert len(receipts) == 1, f"purchase.order {order}: expected one receipt, found {len(receipts)}"
    memory.remember("receipt", receipts[0])
