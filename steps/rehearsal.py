"""The migration rehearsal commands: ``python -m steps load|reconcile|compare`` (docs/migration.md).

::

    python -m steps load tests/data/migration/example          # into a new company of its own
    python -m steps reconcile tests/data/migration/example --company "[gl3f2a-cli-1a2b] Rehearsal"
    python -m steps compare reports/migration/first reports/migration/second   # --out: changes.csv, .html

``load`` and ``reconcile`` read ``ODOO_URL`` and friends and check the whole extract before asking Odoo.
``reconcile`` only reads (the driver's read-only mode), so it may be pointed at any database; ``load`` writes
only to a database marked for testing. Exit codes: 0 all reconciles (load: loaded; compare: the two tables
hold the same differences), 1 differences (load: a write failed, what is left listed; compare: something is
new, resolved or changed), 2 bad input or usage, one line each.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drivers import differences
from drivers.errors import GoliveError
from drivers.extract import ExtractProblems, read_extract
from drivers.migration_load import LoadFailed, LoadTarget, load_extract
from drivers.reconcile import reconcile
from fixtures.companies import create_company
from fixtures.live import ensure_marked_for_testing
from fixtures.namespace import Namespace, new_run_id
from fixtures.target import company_named, connect

OUT = Path("reports") / "migration"


def _problems(command: str, exc: Exception) -> int:
    """Exit 2 with the extract's problems (one line each) or the one-line error."""
    lines = exc.problems if isinstance(exc, ExtractProblems) else [f"{command}: {exc}"]
    print("\n".join(lines), file=sys.stderr)
    return 2


def reconcile_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m steps reconcile", description="Reconcile Odoo with an extract"
    )
    parser.add_argument("extract", type=Path, help="the legacy extract's folder")
    parser.add_argument("--company", help="the company's exact name (default: the user's current company)")
    parser.add_argument(
        "--out", type=Path, default=OUT / "reconcile", help=f"folder of the tables ({OUT}/reconcile)"
    )
    args = parser.parse_args(argv)
    try:
        extract = read_extract(args.extract)
        client, version = connect("reconcile")
        company = company_named(client, client.uid, args.company)
        rows = reconcile(client.read_only(), version, company, extract)
    except (ExtractProblems, GoliveError) as exc:
        return _problems("reconcile", exc)
    differences.write_csv(rows, args.out / "differences.csv")
    differences.write_html(rows, args.out / "differences.html", f"Reconciliation of {args.extract}")
    print(differences.to_csv(rows), end="")
    print(f"reconcile: {len(rows)} difference(s); {args.out}/differences.csv and .html")
    return 1 if rows else 0


def load_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps load", description="Load an extract into Odoo")
    parser.add_argument("extract", type=Path, help="the legacy extract's folder")
    parser.add_argument(
        "--company", help="an existing company's exact name (default: a new company of its own)"
    )
    args = parser.parse_args(argv)
    try:
        extract = read_extract(args.extract)
        admin, version = connect("load into")
        ensure_marked_for_testing(admin)
        if args.company:
            company_id, name = company_named(admin, admin.uid, args.company), args.company
            target = LoadTarget.of_company(admin, company_id)
            home = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
        else:
            namespace = Namespace(new_run_id(), "cli", str(args.extract.resolve()))
            company = create_company(admin, version, namespace, "rehearsal")
            company_id, name, home = company.id, company.name, company.home_company_id
            target = LoadTarget(company.id, company.warehouse.id, company.warehouse.stock_location_id)
        admin.use_default_context(allowed_company_ids=[company_id, home])
    except (ExtractProblems, GoliveError) as exc:
        return _problems("load", exc)
    try:
        loaded = load_extract(admin, version, target, extract)
    except LoadFailed as exc:
        print(f"load: {exc}", file=sys.stderr)
        for line in exc.undone:
            print(f"load: undone: {line}", file=sys.stderr)
        for line in exc.left:
            print(f"load: left: {line}", file=sys.stderr)
        return 1
    orders = len(loaded.purchase_orders) + len(loaded.sales_orders)
    print(
        f"load: {len(loaded.products)} items, {orders} open orders, {len(loaded.moves)} open balances into "
        f"{name!r} (company {company_id}) in {loaded.calls} calls"
    )
    return 0


def _table(path: Path) -> Path:
    return path / "differences.csv" if path.is_dir() else path


def compare_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps compare", description="Compare two rehearsals")
    parser.add_argument("a", type=Path, help="rehearsal A's differences.csv (or its folder)")
    parser.add_argument("b", type=Path, help="rehearsal B's differences.csv (or its folder)")
    parser.add_argument(
        "--out", type=Path, default=OUT / "comparison", help=f"folder of the comparison ({OUT}/comparison)"
    )
    args = parser.parse_args(argv)
    try:
        changes = differences.compare(
            differences.read_csv(_table(args.a)), differences.read_csv(_table(args.b))
        )
    except ValueError as exc:
        print(f"compare: {exc}", file=sys.stderr)
        return 2
    differences.write_changes(changes, args.out, f"Rehearsal {args.b} against rehearsal {args.a}")
    print(differences.changes_csv(changes), end="")
    counts = {s: sum(c.status == s for c in changes) for s in differences.STATUSES}
    print(
        "compare: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + f"; {args.out}/changes.csv and .html"
    )
    return 1 if changes else 0
