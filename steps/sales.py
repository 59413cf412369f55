"""Sales steps: a customer's order entered and confirmed, and what the order shows afterwards.

Example::

    When the sales coordinator confirms an order of 8 "widget" for a customer
    Then the order shows 5 "widget" delivered
    And the order is "fully invoiced"
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.scenario import Memory
from steps.checks import expect_fields
from steps.vocabulary import INVOICE_STATUSES, SHIPPING_POLICIES, lookup, product_lines


@when(parsers.parse('the {role} confirms an order of {quantity:g} "{product}" for a customer'))
def confirm_order(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
) -> None:
    """Enter and confirm an order of one product for a new customer; its delivery becomes "the delivery"."""
    place_order(act_as(role), master_data, memory, [(memory.recall("product", product), quantity)])


@given(parsers.parse('a customer "{customer}"'))
def customer(master_data: MasterData, memory: Memory, customer: str) -> None:
    """A new company customer with a Faker name, known in the scenario by its alias."""
    memory.remember("customer", master_data.customer(customer), customer)


@when(parsers.parse('the {role} confirms an order of {quantity:g} "{product}" for customer "{customer}"'))
def confirm_order_for(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
    customer: str,
) -> None:
    """Enter and confirm an order of one product for a customer made earlier (see "a customer")."""
    lines = [(memory.recall("product", product), quantity)]
    place_order(act_as(role), master_data, memory, lines, customer_id=memory.recall("customer", customer))


@then(parsers.parse('the order shows {quantity:g} "{product}" delivered'))
def order_delivered(auditor: OdooRpc, memory: Memory, quantity: float, product: str) -> None:
    """The quantity delivered on the order's line of the product (sale.order.line.qty_delivered)."""
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


@when(parsers.parse('the {role} confirms an order for a customer, shipping "{policy}":'))
def confirm_order_lines(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    policy: str,
    datatable: list[list[str]],
) -> None:
    """Enter and confirm an order of several products (columns: product, quantity) with a shipping policy."""
    lines = product_lines(memory, datatable)
    ship_complete = bool(lookup(SHIPPING_POLICIES, policy, "shipping policy"))
    place_order(act_as(role), master_data, memory, lines, ship_complete=ship_complete)


@then(parsers.parse('the order is "{status}"'))
def order_invoice_status(auditor: OdooRpc, memory: Memory, status: str) -> None:
    """The order's invoice status (sale.order.invoice_status)."""
    expect_fields(
        auditor,
        "sale.order",
        memory.recall("sale order"),
        invoice_status=lookup(INVOICE_STATUSES, status, "invoice status"),
    )


def place_order(
    ops: Operations,
    master_data: MasterData,
    memory: Memory,
    lines: list[tuple[int, float]],
    *,
    warehouse_id: int | None = None,
    ship_complete: bool = False,
    promised: datetime.datetime | None = None,
    customer_id: int | None = None,
) -> None:
    """Enter and confirm an order (for a new customer unless ``customer_id``): "the sale order", whose one
    delivery is "the delivery".

    Shared by every step that places an order (on a warehouse, with a promised date, ship-complete).
    """
    customer = customer_id or memory.remember("customer", master_data.customer())
    order = ops.create_sale_order(customer, lines, warehouse_id, ship_complete=ship_complete)
    memory.remember("sale order", order)
    if promised is not None:
        ops.promise_delivery(order, promised)
    deliveries = ops.confirm_sale_order(order)
    assert len(deliveries) == 1, f"sale.order {order}: expected one delivery, found {len(deliveries)}"
    memory.remember("delivery", deliveries[0])
