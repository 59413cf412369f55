"""Inventory valuation steps: categories valued FIFO or at average cost, receipts at unit costs, and what
the valuation and the stock valuation account read afterwards.

Every figure is read from Odoo in the scenario's own company (the one the auditor acts in)::

    Given a product category "fifo goods" valued automatically at "first in first out"
    And a storable "fifo goods" product "bolt" with no stock
    When the buyer buys from vendor "supplier" at these unit costs:
      | product | quantity | unit cost |
      | bolt    | 10       | 5.00      |
    Then the stock valuation reads:
      | product | quantity | value | average cost |
      | bolt    | 10       | 50.00 | 5.00         |
    And the inventory is valued at 50.00 in total
    And the stock valuation account's balance is 50.00
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations, PricedLine
from drivers.rpc import OdooRpc
from drivers.valuation import inventory_value, sum_of
from fixtures.companies import Company
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.scenario import Memory
from steps.vocabulary import lookup

#: How an accountant names a costing method (product.category.property_cost_method).
COST_METHODS: dict[str, str] = {
    "first in first out": "fifo",
    "average cost": "average",
    "standard price": "standard",
}
#: Amounts are compared at the currency's precision (cents): what the accountant reads on screen.
CENTS = 2


@given(parsers.parse('a product category "{category}" valued automatically at "{method}"'))
def valued_category(master_data: MasterData, memory: Memory, category: str, method: str) -> None:
    """A product category with automated (perpetual) valuation and a costing method: "first in first out",
    "average cost" or "standard price"; its stock accounts are the company's defaults."""
    cost_method = str(lookup(COST_METHODS, method, "costing method"))
    memory.remember("category", master_data.product_category(category, cost_method=cost_method), category)


@given(parsers.parse('a storable "{category}" product "{product}" with no stock'))
def product_in_category(master_data: MasterData, memory: Memory, product: str, category: str) -> None:
    """A new storable product of a category made earlier, with nothing on hand."""
    product_id = memory.remember("product", master_data.product(product), product)
    master_data.update_product(product_id, categ_id=memory.recall("category", category))


@when(parsers.parse('the {role} buys from vendor "{vendor}" at these unit costs:'))
def buy_at_costs(
    act_as: Callable[[str], Operations], memory: Memory, role: str, vendor: str, datatable: list[list[str]]
) -> None:
    """Order and confirm a purchase at the vendor's unit costs (columns: product, quantity, unit cost); its
    receipt becomes "the receipt"."""
    header, *rows = datatable
    product, quantity, cost = header.index("product"), header.index("quantity"), header.index("unit cost")
    lines: list[PricedLine] = [
        (memory.recall("product", row[product]), float(row[quantity]), float(row[cost])) for row in rows
    ]
    ops = act_as(role)
    order = memory.remember(
        "purchase order", ops.create_priced_purchase_order(memory.recall("vendor", vendor), lines)
    )
    receipts = ops.confirm_purchase_order(order)
    assert len(receipts) == 1, f"purchase.order {order}: expected one receipt, found {len(receipts)}"
    memory.remember("receipt", receipts[0])


@then("the stock valuation reads:")
def valuation_reads(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, datatable: list[list[str]]
) -> None:
    """Each product's valuation in the company (columns: product, then any of quantity, value, average
    cost): on 16-18 the sums over its valuation layers (product.product quantity_svl, value_svl, avg_cost)."""
    fields = live_odoo.version.product_valuation_fields
    header, *rows = datatable
    unknown = [column for column in header[1:] if column not in fields]
    assert not unknown, f"unknown valuation columns {unknown}; use product and any of {list(fields)}"
    wanted = [fields[column] for column in header[1:]]
    ids = [memory.recall("product", row[0]) for row in rows]
    read = {r["id"]: r for r in auditor.call("product.product", "read", ids, wanted)}
    wrong = []
    for product_id, row in zip(ids, rows, strict=True):
        got = read[product_id]
        for column, field, expected in zip(header[1:], wanted, row[1:], strict=True):
            if round(got[field], CENTS) != float(expected):
                wrong.append(f"{row[0]!r} {column} ({field}) is {got[field]:g}, expected {expected}")
    assert not wrong, "stock valuation: " + "; ".join(wrong)


@then(parsers.re(r"the inventory is valued at (?P<total>-?[\d.]+) in total$"))
def inventory_total(auditor: OdooRpc, live_odoo: LiveOdoo, own_company: Company, total: str) -> None:
    """The company's total inventory value, as Odoo reports it in Inventory > Reporting > Valuation (16-18:
    the sum of its valuation layers; 19: the valuation report's ending stock)."""
    got = inventory_value(auditor, live_odoo.version, own_company.id)
    assert round(got, CENTS) == float(total), (
        f"res.company {own_company.id}: the total inventory value is {got:g}, expected {total}"
    )


@then(parsers.re(r"the stock valuation account's balance is (?P<total>-?[\d.]+)$"))
def valuation_account_balance(auditor: OdooRpc, memory: Memory, own_company: Company, total: str) -> None:
    """The balance of the stock valuation account of the scenario's categories (posted journal items of
    the company), which automated valuation keeps equal to the inventory value."""
    categories = sorted(set(memory.records.get("category", {}).values()))
    assert categories, "the scenario has no product category yet; an earlier step should create it"
    rows = auditor.call("product.category", "read", categories, ["property_stock_valuation_account_id"])
    accounts = {(row["property_stock_valuation_account_id"] or [None])[0] for row in rows}
    assert len(accounts) == 1 and None not in accounts, (
        f"product.category {categories}: expected one stock valuation account, found {accounts}"
    )
    (account,) = accounts
    domain = [
        ("account_id", "=", account),
        ("company_id", "=", own_company.id),
        ("parent_state", "=", "posted"),
    ]
    got = sum_of(auditor, "account.move.line", domain, "balance")
    assert round(got, CENTS) == float(total), (
        f"account.account {account}: balance of res.company {own_company.id} is {got:g}, expected {total}"
    )


@then(
    parsers.re(
        r'the (?P<kind>receipt|delivery|return) valued "(?P<product>[^"]+)" at (?P<value>-?[\d.]+) '
        r"with (?P<remaining>[\d.]+) units? remaining$"
    )
)
def transfer_valued(
    auditor: OdooRpc,
    live_odoo: LiveOdoo,
    memory: Memory,
    kind: str,
    product: str,
    value: str,
    remaining: str,
) -> None:
    """The value a done transfer gave its product (negative for goods leaving) and how much of that
    quantity is still in stock, from its valuation layer (16-18; on 19 the move's own fields, its value
    signed by whether the goods left)."""
    picking = memory.recall(kind)
    moves = auditor.call(
        "stock.move",
        "search",
        [("picking_id", "=", picking), ("product_id", "=", memory.recall("product", product))],
    )
    version = live_odoo.version
    model, domain, fields = version.move_valuation(moves)
    rows = auditor.call(model, "search_read", domain, fields=fields)
    assert len(rows) == 1, f"stock.picking {picking}: expected one {model} of {product!r}, found {len(rows)}"
    (row,) = rows
    wrong = [
        f"{name} is {got:g}, expected {expected}"
        for name, expected, got in (
            ("value", value, round(version.signed_value(row), CENTS)),
            ("remaining_qty", remaining, row["remaining_qty"]),
        )
        if got != float(expected)
    ]
    assert not wrong, f"{model} {row['id']} of the {kind} ({product!r}): {'; '.join(wrong)}"
