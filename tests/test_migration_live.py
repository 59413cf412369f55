"""Live: the migration commands (load, reconcile) on the example extract, a load that fails midway, and the
read-only client reading Odoo."""

from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.differences import Difference
from drivers.errors import ReadOnlyRefusal
from drivers.extract import UNITS, read_extract
from drivers.migration_load import LoadFailed, LoadTarget, load_extract
from drivers.operations import RpcOperations
from drivers.reconcile import reconcile
from drivers.rpc import OdooRpc
from drivers.wizards import press
from fixtures.companies import Administrator, create_company, worker_administrator
from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace
from fixtures.session import GoliveState

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "tests/data/migration/example"
#: The second rehearsal's extract: lots received and delivered on open orders.
SECOND = "tests/data/migration/second"
PLANTED = [
    ["item", "NUT-005", "cost", "22.48", "9.99"],
    ["on hand", "BOLT-004 @ Stock/Bulk", "quantity", "268", "7"],
    ["purchase order line", "LEG-PO-0002 line 2", "ordered", "67", "55"],
]


@pytest.fixture(scope="module")
def migration_admin(live_odoo: LiveOdoo, golive_state: GoliveState) -> Administrator:
    """This module's administrator, one per (run, worker): it runs the commands and makes the tests'
    companies. Two xdist workers creating companies as the one administrator make Odoo refuse each other's
    calls (its per-user company cache; fixtures/companies.py ``company_administrator``)."""
    prefix = f"{golive_state.run_id}-{golive_state.worker}"
    return worker_administrator(live_odoo.admin, live_odoo.version, prefix, "migration")


def _steps(user: Administrator, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m steps ARGS`` as ``user``, against the live Odoo."""
    env = user.target.environ(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "steps", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )


def _rows(path: Path) -> list[list[str]]:
    header, *rows = csv.reader(io.StringIO(path.read_text("utf-8")))
    assert header == ["object", "key", "field", "expected", "found"]
    return rows


@pytest.mark.live
def test_migration_commands_load_then_reconcile_clean_then_exactly_the_planted_changes(
    live_odoo: LiveOdoo, migration_admin: Administrator, tmp_path: Path
) -> None:
    loaded = _steps(migration_admin, "load", EXAMPLE)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    name = loaded.stdout.split(" into '", 1)[1].split("' (company ", 1)[0]
    clean = _steps(migration_admin, "reconcile", EXAMPLE, "--company", name, "--out", str(tmp_path / "clean"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert _rows(tmp_path / "clean" / "differences.csv") == []
    assert "reconcile: 0 difference(s)" in clean.stdout

    admin = migration_admin.client
    (company_id,) = admin.call("res.company", "search", [("name", "=", name)])
    context = {"allowed_company_ids": [company_id]}
    products = admin.call(
        "product.product",
        "search_read",
        [("company_id", "=", company_id), ("default_code", "in", ["BOLT-004", "NUT-005"])],
        fields=["default_code"],
    )
    product = {p["default_code"]: p["id"] for p in products}
    (bulk,) = admin.call("stock.location", "search", [("company_id", "=", company_id), ("name", "=", "Bulk")])
    (order,) = admin.call(
        "purchase.order", "search", [("company_id", "=", company_id), ("name", "=", "LEG-PO-0002")]
    )
    admin.use_default_context(**context)
    try:
        operations = RpcOperations(admin, live_odoo.version)
        operations.apply_count(operations.count_stock(bulk, {product["BOLT-004"]: 7}))
        operations.change_cost(product["NUT-005"], 9.99)
        operations.change_purchase_line(order, 2, 55)
    finally:
        admin.use_default_context()
    planted = _steps(
        migration_admin, "reconcile", EXAMPLE, "--company", name, "--out", str(tmp_path / "planted")
    )
    assert planted.returncode == 1, planted.stdout + planted.stderr
    assert _rows(tmp_path / "planted" / "differences.csv") == PLANTED
    assert "<td>LEG-PO-0002 line 2</td>" in (tmp_path / "planted" / "differences.html").read_text()
    print(planted.stdout)


@pytest.mark.live
def test_migration_load_into_a_named_company_receives_and_delivers_in_lots(
    live_odoo: LiveOdoo, migration_admin: Administrator, namespace: Namespace, tmp_path: Path
) -> None:
    """``load --company NAME`` writes into that existing company, receiving and delivering the open orders'
    quantities in their lots; the reconciler reads those lots back: clean, then an extract that names
    another lot and another received quantity gives exactly those two rows."""
    company = create_company(migration_admin.client, live_odoo.version, namespace, "named target")
    loaded = _steps(migration_admin, "load", SECOND, "--company", company.name)
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    assert f"into {company.name!r} (company {company.id})" in loaded.stdout
    clean = _steps(
        migration_admin, "reconcile", SECOND, "--company", company.name, "--out", str(tmp_path / "clean")
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert _rows(tmp_path / "clean" / "differences.csv") == []

    changed = tmp_path / "changed"
    shutil.copytree(ROOT / SECOND, changed)
    for name, old, new in (
        ("sales_orders.csv", ",30,10,L2026016A", ",30,10,L2026099X"),
        ("purchase_orders.csv", ",100,60,L2026090R", ",100,59,L2026090R"),
    ):
        text = (changed / name).read_text()
        assert old in text
        (changed / name).write_text(text.replace(old, new))
    found = _steps(
        migration_admin,
        "reconcile",
        str(changed),
        "--company",
        company.name,
        "--out",
        str(tmp_path / "found"),
    )
    assert found.returncode == 1, found.stdout + found.stderr
    assert _rows(tmp_path / "found" / "differences.csv") == [
        ["purchase order line", "LEG-PO-0005 line 1", "received", "59", "60"],
        ["sales order line", "LEG-SO-0006 line 1", "lot", "L2026099X", "L2026016A"],
    ]


@pytest.mark.live
def test_migration_load_of_a_bad_extract_writes_nothing(migration_admin: Administrator) -> None:
    """With an Odoo named, a bad extract is still answered by its one line, exit 2, before any write: no
    company the command would have named after the extract, no item or partner of the extract (counted by
    their names, as other xdist workers write into the same database meanwhile)."""
    admin, folder = migration_admin.client, "tests/data/bad/x04_negative_quantity"
    extract_id = Namespace("", "cli", str((ROOT / folder).resolve())).prefix.rsplit("-", 1)[1]
    domains = {
        "res.company": [("name", "ilike", f"-cli-{extract_id}] ")],
        "product.product": [("default_code", "in", ["A-1", "B-2", "C-3"])],
        "res.partner": [("name", "in", ["Vendor One", "Customer One"])],
    }

    def counts() -> list[int]:
        return [admin.call(m, "search_count", d, context={"active_test": False}) for m, d in domains.items()]

    before = counts()
    done = _steps(migration_admin, "load", folder)
    assert done.returncode == 2 and not done.stdout
    assert done.stderr.splitlines() == [f"{folder}/stock.csv:4:4: quantity: -7 is negative"]
    assert counts() == before


@pytest.mark.live
def test_a_load_failing_midway_undoes_what_it_can_and_lists_what_is_left(
    live_odoo: LiveOdoo, migration_admin: Administrator, namespace: Namespace
) -> None:
    """A loader who may not post invoices (settings, stock, purchase and sales rights, no invoicing): Odoo
    refuses the first open balance, after the stock and the orders are in."""
    admin, version = migration_admin.client, live_odoo.version
    company = create_company(admin, version, namespace, "failing load")
    groups = [
        admin.call("ir.model.data", "search_read", [("module", "=", m), ("name", "=", n)], fields=["res_id"])[
            0
        ]
        for m, n in (
            ("stock", "group_stock_manager"),
            ("purchase", "group_purchase_user"),
            ("sales_team", "group_sale_salesman"),
            ("base", "group_system"),
        )
    ]
    login, password = namespace.code("loader"), secrets.token_urlsafe(16)
    admin.call(
        "res.users",
        "create",
        {
            "name": namespace.name("Loader"),
            "login": login,
            "password": password,
            "email": f"{login}@example.com",
            version.groups_field: [(6, 0, [g["res_id"] for g in groups])],
            "company_id": company.id,
            "company_ids": [(6, 0, [company.id])],
        },
    )
    loader = OdooRpc.login(admin.url, admin.db, login, password)
    loader.use_default_context(allowed_company_ids=[company.id])
    target = LoadTarget(company.id, company.warehouse.id, company.warehouse.stock_location_id)
    with pytest.raises(LoadFailed) as failed:
        load_extract(loader, version, target, read_extract(ROOT / EXAMPLE))
    assert "You don't have the access rights to post an invoice" in failed.value.cause
    undone, left = failed.value.undone, failed.value.left
    print("\n".join(["undone:", *undone, "left:", *left]))
    # The refused entry is undone, or listed as left when the loader may not even cancel it (19).
    assert any(line.startswith("account.move ") for line in undone + left)
    assert sum(line.startswith("product.product ") for line in undone) == 50
    assert sum(line.startswith("sale.order ") for line in undone) == 5
    # The receipt and the counts are done: Odoo keeps them, and says so. The order received in part is
    # cancelled (19) or left with Odoo's reason (16-18): each of the 4 is listed once.
    assert any(line.startswith("stock.picking ") for line in left)
    assert sum(line.startswith("purchase.order ") for line in undone + left) == 4
    context = {"allowed_company_ids": [company.id]}
    assert (
        admin.call("product.product", "search_count", [("company_id", "=", company.id)], context=context) == 0
    )
    states = admin.call(
        "sale.order", "search_read", [("company_id", "=", company.id)], fields=["state"], context=context
    )
    assert {s["state"] for s in states} == {"cancel"}


@pytest.mark.live
def test_migration_read_only_client_reads_and_refuses_a_write(migration_admin: Administrator) -> None:
    reader = migration_admin.client.read_only()
    calls = migration_admin.client.stats.calls
    assert reader.call("res.company", "search_count", []) >= 1
    assert "name" in reader.call("res.company", "fields_get", attributes=["type"])
    (company,) = reader.call("res.company", "search_read", [], fields=["name"], limit=1)
    assert reader.call("res.company", "read", [company["id"]], ["name"])[0]["name"] == company["name"]
    with pytest.raises(ReadOnlyRefusal):
        reader.call("res.company", "write", [company["id"]], {"name": "never"})
    assert migration_admin.client.stats.calls == calls + 4


def _load(
    admin: OdooRpc, model: str, fields: list[str], rows: list[list[str]], **context: object
) -> list[int]:
    """Odoo's own import (``Model.load``, what Settings > Import calls); fails on any message it returns."""
    result = admin.call(model, "load", fields, rows, context=context)
    assert not result["messages"], result["messages"]
    return result["ids"]


@pytest.mark.live
def test_migration_reconciles_an_extract_loaded_through_odoos_own_import(
    live_odoo: LiveOdoo, migration_admin: Administrator, namespace: Namespace
) -> None:
    """Loaded another way: the example extract put in through ``load`` (and the order and invoice buttons),
    no golive loader code, reconciles with no difference; then one imported quantity is off by one."""
    admin, version = migration_admin.client, live_odoo.version
    extract = read_extract(ROOT / EXAMPLE)
    company = create_company(admin, version, namespace, "imported")
    admin.use_default_context(allowed_company_ids=[company.id, company.home_company_id])
    try:
        c = str(company.id)
        stock = str(company.warehouse.stock_location_id)
        storable = {k: str(v) for k, v in version.storable_product().items()}
        unit_fields = ["uom_id/id"] + (["uom_po_id/id"] if version.purchase_unit_on_product(1) else [])
        fields = [
            "name",
            "default_code",
            "standard_price",
            "tracking",
            "company_id/.id",
            *storable,
            *unit_fields,
        ]
        rows = [
            [i.name, i.code, str(i.cost), i.tracking, c, *storable.values()]
            + [UNITS[i.unit]] * len(unit_fields)
            for i in extract.items.values()
        ]
        product = dict(zip(extract.items, _load(admin, "product.product", fields, rows), strict=True))
        paths = extract.locations[1:]
        rows = [[p.removeprefix("Stock/"), stock, "internal", c] for p in paths]
        fields = ["name", "location_id/.id", "usage", "company_id/.id"]
        location = {"Stock": company.warehouse.stock_location_id}
        location |= dict(zip(paths, _load(admin, "stock.location", fields, rows), strict=True))
        lots = sorted({(s.item, s.lot) for s in extract.stock if s.lot})
        rows = [[lot, str(product[item]), c] for item, lot in lots]
        lot_id = dict(
            zip(
                lots,
                _load(admin, "stock.lot", ["name", "product_id/.id", "company_id/.id"], rows),
                strict=True,
            )
        )
        partners = extract.partners()
        rows = [[name, c, "True"] for name in partners]
        partner = dict(
            zip(
                partners,
                _load(admin, "res.partner", ["name", "company_id/.id", "is_company"], rows),
                strict=True,
            )
        )

        operations = RpcOperations(admin, version)
        for model, lines, qty_field in (
            ("purchase.order", extract.purchase_orders, "product_qty"),
            ("sale.order", extract.sales_orders, "product_uom_qty"),
        ):
            rows, last = [], None
            for line in sorted(lines, key=lambda x: (x.number, x.line)):
                head = [line.number, str(partner[line.partner]), c] if line.number != last else ["", "", ""]
                rows.append([*head, str(product[line.item]), str(line.ordered)])
                last = line.number
            fields = [
                "name",
                "partner_id/.id",
                "company_id/.id",
                "order_line/product_id/.id",
                f"order_line/{qty_field}",
            ]
            for order, number in zip(
                _load(admin, model, fields, rows), sorted({x.number for x in lines}), strict=True
            ):
                confirm = (
                    operations.confirm_purchase_order
                    if model == "purchase.order"
                    else operations.confirm_sale_order
                )
                pickings = confirm(order)
                done = {product[x.item]: x.done for x in lines if x.number == number and x.done}
                if done:
                    operations.validate_transfer(pickings[0], done, backorder=True)

        rows = [
            [
                str(product[s.item]),
                str(location[s.location]),
                str(lot_id[s.item, s.lot]) if s.lot else "",
                str(s.quantity),
            ]
            for s in extract.stock
        ]
        fields = ["product_id/.id", "location_id/.id", "lot_id/.id", "inventory_quantity"]
        quants = _load(admin, "stock.quant", fields, rows, inventory_mode=True)
        # The receipt's quantity in Stock is counted too: the extract's opening stock is what is on hand.
        received = admin.call(
            "stock.quant",
            "search",
            [("location_id", "child_of", company.warehouse.stock_location_id), ("id", "not in", quants)],
        )
        admin.call(
            "stock.quant", "write", received, {"inventory_quantity": 0}, context={"inventory_mode": True}
        )
        quants += received
        admin.call(
            "stock.quant", "write", quants, {"inventory_quantity_set": True}, context={"inventory_mode": True}
        )
        press(admin, "stock.quant", "action_apply_inventory", quants, context={"inventory_mode": True})

        for move_type, balances in (("out_invoice", extract.receivables), ("in_invoice", extract.payables)):
            fields = ["move_type", "partner_id/.id", "invoice_date", "invoice_date_due", "company_id/.id"]
            fields += ["invoice_line_ids/name", "invoice_line_ids/quantity", "invoice_line_ids/price_unit"]
            rows = [
                [
                    move_type,
                    str(partner[b.partner]),
                    b.due_date.isoformat(),
                    b.due_date.isoformat(),
                    c,
                    "Opening balance",
                    "1",
                    str(b.amount),
                ]
                for b in balances
            ]
            moves = _load(admin, "account.move", fields, rows)
            lines = admin.call(
                "account.move.line", "search", [("move_id", "in", moves), ("display_type", "=", "product")]
            )
            admin.call("account.move.line", "write", lines, {"tax_ids": [(5, 0, 0)]})
            admin.call("account.move", "action_post", moves)
    finally:
        admin.use_default_context()

    reader = admin.read_only()
    assert reconcile(reader, version, company.id, extract) == []
    quant = admin.call(
        "stock.quant", "read", [quants[0]], ["product_id", "location_id", "lot_id", "quantity"]
    )[0]
    admin.use_default_context(allowed_company_ids=[company.id])
    try:
        RpcOperations(admin, version).apply_count(
            RpcOperations(admin, version).count_stock(
                quant["location_id"][0], {quant["product_id"][0]: quant["quantity"] + 1}
            )
        )
    finally:
        admin.use_default_context()
    first = extract.stock[0]
    where = f"{first.item} @ {first.location}" + (f" lot {first.lot}" if first.lot else "")
    assert reconcile(reader, version, company.id, extract) == [
        Difference("on hand", where, "quantity", f"{first.quantity:g}", f"{first.quantity + 1:g}")
    ]
