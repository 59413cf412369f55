"""Migration rehearsal steps: load a legacy extract into the scenario's company, change Odoo as people would,
reconcile Odoo against the extract (read-only), and compare two rehearsals' tables of differences (a second
rehearsal loads into a second company of its own).

Example (the extract format: docs/migration.md)::

    Given the scenario runs in a company of its own
    And the legacy extract "tests/data/migration/example" is loaded
    When the inventory manager counts 7 of item "BOLT-004" in "Stock/Bulk"
    Then reconciling Odoo with the legacy extract finds these differences:
      | object  | key                   | field    | expected | found |
      | on hand | BOLT-004 @ Stock/Bulk | quantity | 268      | 7     |
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import allure
from pytest_bdd import given, parsers, then, when

from drivers.differences import (
    Difference,
    changes_csv,
    compare,
    read_csv,
    to_csv,
    write_changes,
    write_csv,
    write_html,
)
from drivers.extract import Extract, read_extract
from drivers.migration_load import LoadTarget, load_extract
from drivers.operations import Operations
from drivers.reconcile import reconcile
from drivers.rpc import OdooRpc
from fixtures.companies import Company, create_company, work_in
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace
from fixtures.roles import RoleUsers
from fixtures.scenario import Memory

ROOT = Path(__file__).resolve().parent.parent
#: Where a scenario's table of differences is written (and attached to the Allure report).
RESULTS = ROOT / "reports" / "migration"


def _extract(memory: Memory) -> Extract:
    return read_extract(ROOT / memory.recall_note("extract"))


def _load(folder: str, company_admin: OdooRpc, live_odoo: LiveOdoo, company_id: int, memory: Memory) -> None:
    """Load an extract (a folder, from the repository root) into ``company_id`` as its administrator; the
    whole extract is checked first. Its items, locations and orders become the scenario's current ones."""
    extract = read_extract(ROOT / folder)
    target = LoadTarget.of_company(company_admin, company_id)
    loaded = load_extract(company_admin, live_odoo.version, target, extract)
    memory.note("extract", folder)
    memory.remember("company", company_id)
    for kind, records in (
        ("product", loaded.products),
        ("location", loaded.locations),
        ("purchase order", loaded.purchase_orders),
    ):
        for key, record_id in records.items():
            memory.remember(kind, record_id, key)


@given(parsers.parse('the legacy extract "{folder}" is loaded'))
@when(parsers.parse('the legacy extract "{folder}" is loaded'))
def load(
    folder: str, own_company: Company, company_admin: OdooRpc, live_odoo: LiveOdoo, memory: Memory
) -> None:
    """Load an extract into the scenario's own company."""
    _load(folder, company_admin, live_odoo, own_company.id, memory)


@when(parsers.parse('the second rehearsal loads the legacy extract "{folder}" into a company of its own'))
def load_second(
    folder: str,
    own_company: Company,
    company_admin: OdooRpc,
    live_odoo: LiveOdoo,
    role_users: RoleUsers,
    master_data: MasterData,
    namespace: Namespace,
    memory: Memory,
) -> None:
    """A second mock migration: a new company under another namespace (the scenario's, for its rehearsal
    B), where every role acts from now on, and the extract loaded into it."""
    second = Namespace(namespace.run_id, namespace.worker, f"{namespace.test_id} rehearsal B")
    company = create_company(company_admin, live_odoo.version, second, "rehearsal")
    work_in(company, company_admin, role_users, master_data)
    _load(folder, company_admin, live_odoo, company.id, memory)


@given(parsers.parse('the {role} counts {quantity:g} of item "{item}" in "{location}"'))
@when(parsers.parse('the {role} counts {quantity:g} of item "{item}" in "{location}"'))
def count_item(
    act_as: Callable[[str], Operations], memory: Memory, role: str, quantity: float, item: str, location: str
) -> None:
    """An inventory count of one item in one of the extract's locations, applied."""
    operations = act_as(role)
    quants = operations.count_stock(
        memory.recall("location", location), {memory.recall("product", item): quantity}
    )
    operations.apply_count(quants)


@given(parsers.parse('the {role} changes the cost of item "{item}" to {cost:g}'))
@when(parsers.parse('the {role} changes the cost of item "{item}" to {cost:g}'))
def change_cost(
    act_as: Callable[[str], Operations], memory: Memory, role: str, item: str, cost: float
) -> None:
    act_as(role).change_cost(memory.recall("product", item), cost)


@when(
    parsers.parse('the {role} changes line {position:d} of purchase order "{number}" to {quantity:g} ordered')
)
def change_purchase_line(
    act_as: Callable[[str], Operations],
    memory: Memory,
    role: str,
    position: int,
    number: str,
    quantity: float,
) -> None:
    act_as(role).change_purchase_line(memory.recall("purchase order", number), position, quantity)


def _reconciled(auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, folder: Path) -> list[Difference]:
    """The differences between the extract loaded last and its company, read through the driver's
    read-only mode; written as CSV and HTML in ``folder`` and attached to the Allure report."""
    rows = reconcile(auditor.read_only(), live_odoo.version, memory.recall("company"), _extract(memory))
    write_csv(rows, folder / "differences.csv")
    write_html(rows, folder / "differences.html", f"Migration rehearsal {folder.relative_to(RESULTS)}")
    label = "" if folder.parent == RESULTS else f"{folder.name} "
    allure.attach(to_csv(rows), name=f"{label}differences.csv", attachment_type=allure.attachment_type.CSV)
    allure.attach.file(
        str(folder / "differences.html"),
        name=f"{label}differences.html",
        attachment_type=allure.attachment_type.HTML,
    )
    return rows


@then("reconciling Odoo with the legacy extract finds no difference")
def no_difference(auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, namespace: Namespace) -> None:
    rows = _reconciled(auditor, live_odoo, memory, RESULTS / namespace.prefix)
    assert not rows, f"{len(rows)} difference(s) between Odoo and the extract:\n{to_csv(rows)}"


@then("reconciling Odoo with the legacy extract finds these differences:")
def these_differences(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, namespace: Namespace, datatable: list[list[str]]
) -> None:
    """Exactly these rows (columns object, key, field, expected, found), in any order, and no other."""
    header, *table = datatable
    assert tuple(header) == ("object", "key", "field", "expected", "found"), f"columns: {header}"
    rows = _reconciled(auditor, live_odoo, memory, RESULTS / namespace.prefix)
    assert sorted(rows) == sorted(Difference(*row) for row in table), (
        f"the reconciliation found:\n{to_csv(rows)}expected:\n{to_csv([Difference(*row) for row in table])}"
    )


@given(parsers.parse("Odoo is reconciled with the legacy extract as rehearsal {name}"))
@when(parsers.parse("Odoo is reconciled with the legacy extract as rehearsal {name}"))
def reconcile_rehearsal(
    auditor: OdooRpc, live_odoo: LiveOdoo, memory: Memory, namespace: Namespace, name: str
) -> None:
    """Keep this rehearsal's table of differences (reports/migration/<namespace>/rehearsal-<name>/) for a
    comparison; it may hold differences."""
    folder = RESULTS / namespace.prefix / f"rehearsal-{name}"
    _reconciled(auditor, live_odoo, memory, folder)
    memory.note(f"rehearsal {name}", str(folder / "differences.csv"))


def _compare(memory: Memory, namespace: Namespace, a: Path, b: Path) -> None:
    """Compare two tables of differences; the changes are written as CSV and HTML and attached."""
    changes = compare(read_csv(a), read_csv(b))
    folder = RESULTS / namespace.prefix / "comparison"
    write_changes(changes, folder, "Migration rehearsal B against rehearsal A")
    allure.attach.file(
        str(folder / "changes.csv"), name="changes.csv", attachment_type=allure.attachment_type.CSV
    )
    allure.attach.file(
        str(folder / "changes.html"), name="changes.html", attachment_type=allure.attachment_type.HTML
    )
    memory.note("changes", changes_csv(changes))


@when("rehearsal B is compared with rehearsal A")
def compare_live_rehearsals(memory: Memory, namespace: Namespace) -> None:
    _compare(
        memory, namespace, Path(memory.recall_note("rehearsal A")), Path(memory.recall_note("rehearsal B"))
    )


@given(parsers.parse('the differences of rehearsal A in "{path}"'))
def rehearsal_a(memory: Memory, path: str) -> None:
    memory.note("rehearsal A", path)


@when(parsers.parse('they are compared with the differences of rehearsal B in "{path}"'))
def compare_rehearsals(memory: Memory, namespace: Namespace, path: str) -> None:
    _compare(memory, namespace, ROOT / memory.recall_note("rehearsal A"), ROOT / path)


@then("the comparison lists these changes:")
def these_changes(memory: Memory, datatable: list[list[str]]) -> None:
    """Exactly these rows (columns status, object, key, field, expected, found in A, found in B), in order."""
    found = [line.split(",") for line in memory.recall_note("changes").splitlines()]
    assert found == datatable, "the comparison lists:\n" + memory.recall_note("changes")
