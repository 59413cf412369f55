"""Approval steps: purchase orders above an amount wait for a purchase manager before anything is received.

Example::

    Given the scenario runs in a company of its own
    And purchase orders of 1000 or more need a purchase manager's approval
    And vendor "supplier" sells "widget" at 100 a unit
    When the buyer confirms an order of 10 "widget" from vendor "supplier"
    Then the purchase order is "waiting for approval" with no approval date
    When the purchase manager approves the purchase order
    Then the purchase order is "purchase order" with an approval date
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.companies import Company
from fixtures.factories import MasterData
from fixtures.scenario import Memory
from steps.checks import expect_fields
from steps.vocabulary import PURCHASE_STATES, lookup


@given(parsers.parse("purchase orders of {amount:g} or more need a purchase manager's approval"))
def purchase_approval_amount(own_company: Company, company_admin: OdooRpc, amount: float) -> None:
    """Two-step purchase approval from ``amount`` (taxes included) in the scenario's own company
    (res.company.po_double_validation, po_double_validation_amount): a company-wide setting."""
    values = {"po_double_validation": "two_step", "po_double_validation_amount": amount}
    company_admin.call("res.company", "write", [own_company.id], values)


@given(parsers.parse('vendor "{vendor}" sells "{product}" at {price:g} a unit'))
def vendor_price(master_data: MasterData, memory: Memory, vendor: str, product: str, price: float) -> None:
    """The vendor's price for the product (its price list entry, no lead time); the product is bought."""
    master_data.vendor_pricelist(
        memory.recall("product", product), memory.recall("vendor", vendor), lead_days=0, price=price
    )


@when(parsers.parse('the {role} confirms an order of {quantity:g} "{product}" from vendor "{vendor}"'))
def confirm_purchase_order(
    act_as: Callable[[str], Operations], memory: Memory, role: str, quantity: float, product: str, vendor: str
) -> None:
    """Enter a request for quotation and press Confirm Order; it becomes "the purchase order" (whether Odoo
    confirms it or sends it for approval is for Then steps to read)."""
    ops = act_as(role)
    lines = [(memory.recall("product", product), quantity)]
    order = memory.remember(
        "purchase order", ops.create_purchase_order(memory.recall("vendor", vendor), lines)
    )
    ops.confirm_purchase_order(order)


@when(parsers.parse("the {role} approves the purchase order"))
def approve_purchase_order(act_as: Callable[[str], Operations], memory: Memory, role: str) -> None:
    """Press Approve Order on the purchase order (Odoo leaves it as it was if the user may not approve it)."""
    act_as(role).approve_purchase_order(memory.recall("purchase order"))


@then(parsers.parse("the purchase order totals {amount:g} with taxes"))
def purchase_total(auditor: OdooRpc, memory: Memory, amount: float) -> None:
    """The order's total, taxes included (purchase.order.amount_total): what the approval amount is
    compared with."""
    expect_fields(auditor, "purchase.order", memory.recall("purchase order"), amount_total=amount)


@then(parsers.parse('the purchase order is "{state}" with no approval date'))
def purchase_not_approved(auditor: OdooRpc, memory: Memory, state: str) -> None:
    """The order's state (purchase.order.state) and no approval date (date_approve empty)."""
    expect_fields(
        auditor,
        "purchase.order",
        memory.recall("purchase order"),
        state=lookup(PURCHASE_STATES, state, "purchase order state"),
        date_approve=False,
    )


@then(parsers.parse('the purchase order is "{state}" with an approval date'))
def purchase_approved(auditor: OdooRpc, memory: Memory, state: str) -> None:
    """The order's state (purchase.order.state) and its approval date (date_approve) filled in."""
    order = memory.recall("purchase order")
    row = expect_fields(
        auditor, "purchase.order", order, state=lookup(PURCHASE_STATES, state, "purchase order state")
    )
    approved = auditor.call("purchase.order", "read", [order], ["date_approve"])[0]["date_approve"]
    assert approved, f"purchase.order {order} {row['display_name']!r}: date_approve is empty, expected a date"


@then("the purchase order has no receipt")
def no_receipt(auditor: OdooRpc, memory: Memory) -> None:
    """Nothing is expected from the vendor yet (purchase.order.picking_ids is empty)."""
    expect_fields(auditor, "purchase.order", memory.recall("purchase order"), picking_ids=[])


@then(parsers.parse('the purchase order has a receipt of {quantity:g} "{product}"'))
def receipt_of(auditor: OdooRpc, memory: Memory, quantity: float, product: str) -> None:
    """The order's one receipt (purchase.order.picking_ids) expects the quantity of the product; it becomes
    "the receipt"."""
    order = memory.recall("purchase order")
    pickings = auditor.call("purchase.order", "read", [order], ["picking_ids"])[0]["picking_ids"]
    assert len(pickings) == 1, f"purchase.order {order}: expected one receipt, found {len(pickings)}"
    receipt = memory.remember("receipt", pickings[0])
    moves = auditor.call(
        "stock.move",
        "search_read",
        [("picking_id", "=", receipt), ("product_id", "=", memory.recall("product", product))],
        fields=["product_uom_qty"],
    )
    assert [m["product_uom_qty"] for m in moves] == [quantity], (
        f"stock.picking {receipt}: expected one move of {quantity:g} {product!r}, "
        f"found {[m['product_uom_qty'] for m in moves]}"
    )
