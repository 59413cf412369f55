"""Count steps: cycle counts recorded by the warehouse, their differences, who may apply them, and the
inventory accuracy KPIs measured on them.

Example::

    Given storable products on hand in the main warehouse:
      | product | on hand |
      | widget  | 10      |
    When the warehouse operator counts the main warehouse's stock:
      | product | counted |
      | widget  | 8       |
    Then the count shows these differences:
      | product | system quantity | counted quantity | difference |
      | widget  | 10              | 8                | -2         |
    And the count's "inventory_accuracy" is 0
    When the warehouse operator tries to apply the count
    Then Odoo refuses with "Only a stock manager can validate an inventory adjustment."
    When the inventory manager applies the count
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from pytest_bdd import given, parsers, then, when

from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.factories import MasterData
from fixtures.roles import RoleUsers
from fixtures.scenario import Memory
from simulation import kpis

#: Count KPIs by id, each computed from (system quantities, counted quantities).
COUNT_KPI_FUNCTIONS = {
    "inventory_accuracy": kpis.inventory_accuracy,
    "inventory_variance_units": kpis.inventory_variance_units,
}


@given("storable products on hand in the main warehouse:")
def products_on_hand(master_data: MasterData, memory: Memory, datatable: list[list[str]]) -> None:
    """New storable products (columns: product, on hand), each counted on hand in the main warehouse's
    stock location."""
    header, *rows = datatable
    product, on_hand = header.index("product"), header.index("on hand")
    warehouse = master_data.main_warehouse()
    for row in rows:
        product_id = memory.remember("product", master_data.product(row[product]), row[product])
        master_data.set_on_hand(product_id, warehouse, float(row[on_hand]))


@when(parsers.parse("the {role} counts the main warehouse's stock:"))
def count_stock(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    datatable: list[list[str]],
) -> None:
    """Record the counted quantities (columns: product, counted) in the main warehouse's stock location,
    without applying them; the count's lines are "the count"."""
    header, *rows = datatable
    product, counted = header.index("product"), header.index("counted")
    counts = {memory.recall("product", row[product]): float(row[counted]) for row in rows}
    quants = act_as(role).count_stock(master_data.main_warehouse().stock_location_id, counts)
    for row, quant in zip(rows, quants, strict=True):
        memory.remember("count line", quant, row[product])


@when(parsers.parse('the {role} counts {quantity:g} "{product}" in the main warehouse'))
def count_one(
    act_as: Callable[[str], Operations],
    master_data: MasterData,
    memory: Memory,
    role: str,
    quantity: float,
    product: str,
) -> None:
    """Record the counted quantity of one product in the main warehouse's stock location, not applied."""
    location = master_data.main_warehouse().stock_location_id
    (quant,) = act_as(role).count_stock(location, {memory.recall("product", product): quantity})
    memory.remember("count line", quant, product)


@when(parsers.parse("the {role} applies the count"))
def apply_count(act_as: Callable[[str], Operations], memory: Memory, role: str) -> None:
    """Apply every line of the count (the Apply button of Physical Inventory)."""
    act_as(role).apply_count(_count_lines(memory))


@when(parsers.parse("the {role} tries to apply the count"))
def try_apply_count(act_as: Callable[[str], Operations], memory: Memory, role: str) -> None:
    """Try to apply the count; whether Odoo refuses is for a Then step to assert."""
    lines = _count_lines(memory)
    memory.attempt(f"the {role} applies the count", lambda: act_as(role).apply_count(lines))


@then(parsers.parse('Odoo refuses with "{message}"'))
def refused(memory: Memory, message: str) -> None:
    """The last attempt was refused by Odoo with this message (Odoo's own words, in full)."""
    assert memory.attempted, "no step tried anything Odoo could refuse; use a 'tries to' step first"
    assert memory.refusal is not None, f"{memory.attempted}: expected Odoo to refuse it, but Odoo accepted"
    assert memory.refusal.message == message, (
        f"{memory.attempted}: Odoo refused with {memory.refusal.message!r}, expected {message!r}"
    )


@given("only inventory managers may apply counts in the company")
def managers_only_apply(master_data: MasterData, memory: Memory) -> None:
    """Configure what Odoo 18 no longer checks itself: a record rule on stock.move by which, in the
    scenario's own company, only inventory managers may create inventory moves (Odoo checks record rules
    on create, and applying a count creates them). Needs a company of its own."""
    for rule in master_data.restrict_inventory_adjustments():
        memory.remember("record rule", rule)


@then(parsers.parse('Odoo denies the {role} "{operation}" access to "{what}"'))
def denied_access(
    auditor: OdooRpc, role_users: RoleUsers, memory: Memory, role: str, operation: str, what: str
) -> None:
    """The last attempt was refused by Odoo's access rules (odoo.exceptions.AccessError), whose message
    names the role's user (its name and id, read from Odoo), the operation and what it may not touch
    (``Stock Move (stock.move)``), in Odoo's words from 18 on: "Sorry, <user> (id=<id>) doesn't have
    '<operation>' access to:" and "- <what>"."""
    assert memory.attempted, "no step tried anything Odoo could refuse; use a 'tries to' step first"
    assert memory.refusal is not None, f"{memory.attempted}: expected Odoo to refuse it, but Odoo accepted"
    uid = role_users.client(role).uid
    (user,) = auditor.call("res.users", "read", [uid], ["name"])
    expected = f"Sorry, {user['name']} (id={uid}) doesn't have '{operation}' access to:\n- {what}\n"
    refusal = memory.refusal
    assert refusal.name == "odoo.exceptions.AccessError" and expected in refusal.message, (
        f"{memory.attempted}: Odoo refused with {refusal.name} {refusal.message!r}, expected an "
        f"odoo.exceptions.AccessError saying {expected!r}"
    )


@then("the count shows these differences:")
def count_differences(auditor: OdooRpc, memory: Memory, datatable: list[list[str]]) -> None:
    """Each count line as Odoo shows it (columns: product, system quantity, counted quantity, difference:
    stock.quant quantity, inventory_quantity, inventory_diff_quantity)."""
    header, *rows = datatable
    rows_read = _read_count(auditor, memory)
    wanted = {row[header.index("product")]: row for row in rows}
    assert sorted(wanted) == sorted(rows_read), (
        f"the count has lines for {sorted(rows_read)}, the table for {sorted(wanted)}"
    )
    wrong = []
    for product, row in wanted.items():
        for column, field_name in COUNT_COLUMNS.items():
            if column in header and rows_read[product][field_name] != float(row[header.index(column)]):
                wrong.append(
                    f"{product!r}: {column} ({field_name}) is {rows_read[product][field_name]:g}, "
                    f"expected {row[header.index(column)]}"
                )
    assert not wrong, "the count differs from the table: " + "; ".join(wrong)


@then(parsers.parse('the count\'s "{kpi}" is {value:g}'))
def count_kpi(auditor: OdooRpc, memory: Memory, kpi: str, value: float) -> None:
    """A cycle count KPI (simulation/kpis.py: inventory_accuracy, inventory_variance_units), computed from
    the system and counted quantities Odoo shows on the count's lines."""
    if kpi not in COUNT_KPI_FUNCTIONS:
        raise ValueError(f"unknown count KPI {kpi!r}; use one of: {', '.join(COUNT_KPI_FUNCTIONS)}")
    lines = list(_read_count(auditor, memory).values())
    system = np.array([line["quantity"] for line in lines])
    counted = np.array([line["inventory_quantity"] for line in lines])
    measured = COUNT_KPI_FUNCTIONS[kpi](system, counted)
    unit = kpis.describe(kpi).unit
    assert measured is not None and abs(measured - value) < 1e-9, (
        f"the count's {kpi} is {measured} {unit}, expected {value:g} "
        f"(system {system.tolist()}, counted {counted.tolist()})"
    )


@then(
    parsers.re(
        r"the moves history shows an inventory adjustment of (?P<quantity>[\d.]+) "
        r'"(?P<product>[^"]+)" (?P<direction>into|out of) the main warehouse$'
    )
)
def adjustment_in_history(
    auditor: OdooRpc, master_data: MasterData, memory: Memory, quantity: str, product: str, direction: str
) -> None:
    """One done inventory move (stock.move, is_inventory) of the product and quantity, into or out of the
    main warehouse's stock location, as in Inventory > Moves History."""
    location = master_data.main_warehouse().stock_location_id
    side = "location_dest_id" if direction == "into" else "location_id"
    product_id = memory.recall("product", product)
    moves = auditor.call(
        "stock.move",
        "search_read",
        [("product_id", "=", product_id), ("is_inventory", "=", True), ("state", "=", "done")],
        fields=["product_uom_qty", "location_id", "location_dest_id", "reference"],
    )
    found = [m for m in moves if m[side][0] == location and m["product_uom_qty"] == float(quantity)]
    history = [(m["product_uom_qty"], m["location_id"][1], m["location_dest_id"][1]) for m in moves]
    assert len(found) == 1, (
        f"product.product {product_id}: expected one done inventory adjustment of {quantity} {direction} "
        f"stock location {location}, found (quantity, from, to): {history}"
    )


#: The columns of a count table and the stock.quant fields they read.
COUNT_COLUMNS = {
    "system quantity": "quantity",
    "counted quantity": "inventory_quantity",
    "difference": "inventory_diff_quantity",
}


def _count_lines(memory: Memory) -> list[int]:
    lines = memory.records.get("count line", {})
    return sorted({quant for alias, quant in lines.items() if alias})


def _read_count(auditor: OdooRpc, memory: Memory) -> dict[str, dict[str, float]]:
    """The count's lines by product alias: Odoo's system, counted and difference quantities."""
    lines = {alias: quant for alias, quant in memory.records.get("count line", {}).items() if alias}
    assert lines, "the scenario has no count yet; a 'counts' step should record one"
    rows = auditor.call("stock.quant", "read", list(lines.values()), list(COUNT_COLUMNS.values()))
    by_id = {row["id"]: row for row in rows}
    return {alias: by_id[quant] for alias, quant in lines.items()}
