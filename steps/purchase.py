"""Purchase steps: replenishment bought from a vendor, and the receipt it creates.

Example::

    When the buyer buys 10 "widget" from a vendor
    And the warehouse operator receives 10 "widget"
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import parsers, when

from drivers.operations import Operations
from fixtures.factories import MasterData
from fixtures.scenario import Memory


@when(parsers.parse('the {role} buys {quantity:g} "{product}" from a vendor'))
def buy(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
) -> None:
    ops = act_as(role)
    vendor = memory.remember("vendor", master_data.vendor())
    order = memory.remember(
        "purchase order", ops.create_purchase_order(vendor, [(memory.recall("product", product), quantity)])
    )
    receipts = ops.confirm_purchase_order(order)
    assert len(receipts) == 1, f"purchase.order {order}: expected one receipt, found {len(receipts)}"
    memory.remember("receipt", receipts[0])
