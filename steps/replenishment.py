"""Replenishment steps: vendors' lead times, min/max reorder rules run one at a time, and vendors' dates.

Example::

    Given "widget" is bought from a vendor with a lead time of 3 days
    And a reorder rule for "widget" in the main warehouse with minimum 5 and maximum 10
    When the sales coordinator confirms an order of 4 "widget" for customer "acme" for delivery in 10 days
    And the inventory manager replenishes "widget" with its reorder rule
    Then a request for quotation of 10 "widget" names the reorder rule as its origin
    When the buyer confirms the purchase order
    And the buyer records the vendor's confirmed date in 14 days
    Then the delivery's availability reads "late"
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
from steps.sales import place_order


def _in_days(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


@given(parsers.parse('"{product}" is bought from a vendor with a lead time of {days:d} days'))
def bought_from_vendor(master_data: MasterData, memory: Memory, product: str, days: int) -> None:
    """A new vendor whose price list entry for the product has that lead time; the product is bought."""
    vendor = memory.remember("vendor", master_data.vendor())
    master_data.vendor_pricelist(memory.recall("product", product), vendor, lead_days=days)


@given(
    parsers.parse(
        'a reorder rule for "{product}" in the main warehouse '
        "with minimum {minimum:g} and maximum {maximum:g}"
    )
)
def reorder_rule(
    master_data: MasterData, memory: Memory, product: str, minimum: float, maximum: float
) -> None:
    """A min/max reorder rule on the main warehouse's stock, run only when someone asks for it."""
    rule = master_data.reorder_rule(
        memory.recall("product", product), master_data.main_warehouse(), minimum=minimum, maximum=maximum
    )
    memory.remember("reorder rule", rule, product)


@when(
    parsers.parse(
        'the {role} confirms an order of {quantity:g} "{product}" for customer "{customer}" '
        "for delivery in {days:d} days"
    )
)
def confirm_order_for_date(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
    customer: str,
    days: int,
) -> None:
    """Enter and confirm an order for a customer made earlier (see "a customer") with a promised delivery
    date; its delivery is "the delivery"."""
    lines = [(memory.recall("product", product), quantity)]
    customer_id = memory.recall("customer", customer)
    place_order(act_as(role), master_data, memory, lines, promised=_in_days(days), customer_id=customer_id)


@when(parsers.parse('the {role} replenishes "{product}" with its reorder rule'))
def run_reorder_rule(act_as: Callable[[str], Operations], memory: Memory, role: str, product: str) -> None:
    """Order what the product's reorder rule asks for, that rule alone; the request for quotation it
    makes becomes "the purchase order"."""
    orders = act_as(role).run_reorder_rule(memory.recall("reorder rule", product))
    assert len(orders) == 1, f"{product!r}: expected one open request for quotation, found {orders}"
    memory.remember("purchase order", orders[0])


@then(
    parsers.parse('a request for quotation of {quantity:g} "{product}" names the reorder rule as its origin')
)
def rfq_from_rule(auditor: OdooRpc, memory: Memory, quantity: float, product: str) -> None:
    """The purchase order is still a request for quotation, its origin (purchase.order.origin) is the
    reorder rule's name, and it asks for the quantity (purchase.order.line.product_qty)."""
    rule = auditor.call(
        "stock.warehouse.orderpoint", "read", [memory.recall("reorder rule", product)], ["name"]
    )
    order = memory.recall("purchase order")
    expect_fields(auditor, "purchase.order", order, state="draft", origin=rule[0]["name"])
    lines = auditor.call(
        "purchase.order.line",
        "search",
        [("order_id", "=", order), ("product_id", "=", memory.recall("product", product))],
    )
    assert len(lines) == 1, f"purchase.order {order}: expected one line of {product!r}, found {len(lines)}"
    expect_fields(auditor, "purchase.order.line", lines[0], product_qty=quantity)


@when(parsers.parse("the {role} confirms the purchase order"))
def confirm_purchase(act_as: Callable[[str], Operations], memory: Memory, role: str) -> None:
    """Confirm the request for quotation; its receipt becomes "the receipt"."""
    order = memory.recall("purchase order")
    receipts = act_as(role).confirm_purchase_order(order)
    assert len(receipts) == 1, f"purchase.order {order}: expected one receipt, found {len(receipts)}"
    memory.remember("receipt", receipts[0])


@when(parsers.parse("the {role} records the vendor's confirmed date in {days:d} days"))
def vendor_date(act_as: Callable[[str], Operations], memory: Memory, role: str, days: int) -> None:
    """Record the arrival date the vendor confirmed; the receipt is rescheduled to it."""
    act_as(role).record_vendor_date(memory.recall("purchase order"), _in_days(days))
