"""Sales steps: a customer's order entered and confirmed, and what the order shows afterwards.

Example::

    When the sales coordinator confirms an order of 8 "widget" for a customer
    Then the order shows 5 "widget" delivered
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.scenario import Memory
from steps.checks import expect_fields


@when(parsers.parse('the {role} confirms an order of {quantity:g} "{product}" for a customer'))
def confirm_order(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    auditor: OdooRpc,
    role: str,
    quantity: float,
    product: str,
) -> None:
    ops = act_as(role)
    customer = memory.remember("customer", master_data.customer())
    order = memory.remember(
        "sale order", ops.create_sale_order(customer, [(memory.recall("product", product), quantity)])
    )
    ops.confirm_sale_order(order)
    deliveries = auditor.call("sale.order", "read", [order], ["picking_ids"])[0]["picking_ids"]
    assert len(deliveries) == 1, f"sale.order {order}: expected one delivery, found {len(deliveries)}"
    memory.remember("delivery", deliveries[0])


@then(parsers.parse('the order shows {quantity:g} "{product}" delivered'))
def order_delivered(auditor: OdooRpc, memory: Memory, quantity: float, product: str) -> None:
    order = memory.recall("sale order")
    lines = auditor.call(
        "sale.order.line",
        "search",
        [("order_id", "=", order), ("product_id", "=", memory.recall("product", product))],
    )
    assert len(lines) == 1, (
        f"sale.order {order}: expected one line of product {product!r}, found {len(lines)}"
    )
    expect_fields(auditor, "sale.order.line", lines[0], qty_delivered=quantity)
