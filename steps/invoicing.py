"""Invoicing steps: customer invoices and credit notes from orders, vendor bills from purchases, posting.

Example::

    Given "widget" is invoiced on "delivered quantities"
    When the sales coordinator invoices the order
    Then the invoice bills 5 "widget"
    When the accountant posts the invoice
    Then the invoice is "posted"
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.scenario import Memory
from steps.checks import expect_fields
from steps.vocabulary import ENTRY_KINDS, ENTRY_STATES, INVOICE_POLICIES, lookup

ENTRY = r"(?P<kind>invoice|credit note|vendor bill)"


@given(parsers.parse('"{product}" is invoiced on "{policy}"'))
def invoice_policy(master_data: MasterData, memory: Memory, product: str, policy: str) -> None:
    """Set what the product is invoiced on: "delivered quantities" or "ordered quantities"."""
    master_data.update_product(
        memory.recall("product", product), invoice_policy=lookup(INVOICE_POLICIES, policy, "invoice policy")
    )


@when(parsers.parse("the {role} invoices the order"))
def invoice_order(act_as: Callable[[str], Operations], memory: Memory, role: str) -> None:
    """Create what the order has to invoice; it becomes "the invoice" (or "the credit note", by the kind
    the role sees it is)."""
    created = act_as(role).invoice_order(memory.recall("sale order"))
    assert len(created) == 1, (
        f"sale.order {memory.recall('sale order')}: expected one new entry, got {created}"
    )
    [entry] = created
    kind = {v: k for k, v in ENTRY_KINDS.items()}[entry.move_type]
    memory.remember(kind, entry.move_id)


@when(parsers.parse("the {role} creates the vendor bill"))
def bill_purchase(act_as: Callable[[str], Operations], memory: Memory, role: str) -> None:
    """Create the purchase order's vendor bill; it becomes "the vendor bill"."""
    memory.remember("vendor bill", act_as(role).bill_purchase(memory.recall("purchase order")))


@when(parsers.re(r"the (?P<role>[a-z ]+?) posts the " + ENTRY + "$"))
def post_entry(act_as: Callable[[str], Operations], memory: Memory, role: str, kind: str) -> None:
    """Post (confirm) the invoice, credit note or vendor bill."""
    act_as(role).post_entry(memory.recall(kind))


@then(parsers.re(r"the " + ENTRY + r' bills (?P<quantity>[\d.]+) "(?P<product>[^"]+)"$'))
def entry_bills(auditor: OdooRpc, memory: Memory, kind: str, quantity: str, product: str) -> None:
    """The entry is of that kind (account.move.move_type) and its line of the product has that quantity."""
    entry = memory.recall(kind)
    expect_fields(auditor, "account.move", entry, move_type=ENTRY_KINDS[kind])
    lines = auditor.call(
        "account.move.line",
        "search",
        [("move_id", "=", entry), ("product_id", "=", memory.recall("product", product))],
    )
    assert len(lines) == 1, f"account.move {entry}: expected one line of {product!r}, found {len(lines)}"
    expect_fields(auditor, "account.move.line", lines[0], quantity=float(quantity))


@then(parsers.re(r"the " + ENTRY + r' is "(?P<state>[^"]+)"$'))
def entry_state(auditor: OdooRpc, memory: Memory, kind: str, state: str) -> None:
    """The entry's state (account.move.state): "draft", "posted" or "cancelled"."""
    expect_fields(
        auditor, "account.move", memory.recall(kind), state=lookup(ENTRY_STATES, state, "accounting state")
    )
