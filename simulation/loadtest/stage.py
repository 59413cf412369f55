"""The Odoo a load test runs against, and the namespaced master data it needs before the replay starts.

Which Odoo: ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD when ODOO_URL is set; else golive's local harness
(fixtures/harness.py) on a fresh copy of its template database, served by an odoo-bin of the installation
at ODOO_HOME (default /opt/odoo), stopped and dropped at the end::

    with odoo_for_loadtest(os.environ, workers=0, run_id="gl3f2a") as (target, server):
        live = LiveOdoo.connect(target)          # refuses a database not marked for testing
        stage, credentials = prepare(live, plan, Namespace("gl3f2a", "load", "loadtest"))

The simulated SKUs map onto ``plan.products`` storable products created here (plan.py ``product_of``):
product ``i`` is named ``[<namespace>] SKU class <class> #<i>`` with the reference ``<namespace>-p<i>``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from faker import Faker

from drivers.errors import GoliveError
from fixtures.factories import MasterData
from fixtures.harness import LocalOdoo, PgSettings, find_installation
from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace
from fixtures.roles import RoleUsers
from fixtures.target import OdooTarget, target_from_env
from simulation.config import Config
from simulation.loadtest.plan import OPERATIONS, Plan, class_products

#: Units counted on hand of every product in every warehouse, so that no delivery waits for stock.
ON_HAND = 1_000_000.0


@contextmanager
def odoo_for_loadtest(
    environ: Mapping[str, str], *, workers: int | None, run_id: str, say: object = print
) -> Iterator[tuple[OdooTarget, dict]]:
    """The target Odoo and what is known of its server settings; starts the local harness (with
    ``--workers workers``) when ODOO_URL is unset. Raises GoliveError naming what to set."""
    target = target_from_env(environ)
    if target is not None:
        yield target, {"source": "ODOO_URL", "workers": workers, "workers_known": workers is not None}
        return
    home = Path(environ.get("ODOO_HOME", "/opt/odoo"))
    installation = find_installation(home)
    if installation is None:
        raise GoliveError(
            "no Odoo to load: set ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD, or install Odoo at ODOO_HOME "
            f"(now {home}) for the local harness"
        )
    harness = LocalOdoo(
        installation,
        PgSettings.from_env(environ),
        run_id=run_id,
        data_dir=Path(environ.get("GOLIVE_DATA_DIR", Path.home() / ".cache" / "golive" / "odoo")),
        log_dir=Path("reports"),
        keep_db=environ.get("GOLIVE_KEEP_DB") == "1",
        say=say,
        workers=workers or 0,
    )
    with harness as target:
        yield (
            target,
            {
                "source": f"local harness ({home})",
                "workers": harness.workers,
                "workers_known": True,
                "pid": harness.pid,
                "log": str(harness.log_file),
            },
        )


def prepare(live: LiveOdoo, plan: Plan, cfg: Config, namespace: Namespace) -> tuple[dict, dict]:
    """Create the products, stock, warehouses, customers, vendor and role users of a replay, as the
    administrator; returns the ids the engine needs and each role's (login, password), never printed."""
    admin, version = live.admin, live.version
    data = MasterData(admin, version, namespace, Faker())
    data.fake.seed_instance(plan.peak_day)
    split = class_products(cfg.skus.bounds(), plan.products)
    classes = [c.name for c in cfg.skus.classes]
    values = [
        {
            "name": namespace.name(f"SKU class {classes[_class_of(i, split)]} #{i}"),
            "default_code": namespace.code(f"p{i}"),
            "standard_price": cfg.skus.classes[_class_of(i, split)].unit_cost or 10.0,
            "list_price": round((cfg.skus.classes[_class_of(i, split)].unit_cost or 10.0) * 1.6, 2),
            "sale_ok": True,
            "purchase_ok": True,
            "invoice_policy": "delivery",
            **version.storable_product(),
        }
        for i in range(plan.products)
    ]
    products = admin.call("product.product", "create", values)
    warehouses = [data.main_warehouse()] + [data.warehouse(name) for name in plan.warehouses[1:]]
    quants = admin.call(
        "stock.quant",
        "create",
        [
            {"product_id": p, "location_id": w.stock_location_id, "inventory_quantity": ON_HAND}
            for p in products
            for w in warehouses
        ],
        context={"inventory_mode": True},
    )
    admin.call("stock.quant", "action_apply_inventory", quants, context={"inventory_mode": True})
    customers = {channel: data.customer(f"{channel}-customer") for channel in plan.channels}
    users = RoleUsers(admin, version, worker_prefix=namespace.prefix)
    credentials = {role: users.credentials(role) for role in sorted({r for r, _ in OPERATIONS.values()})}
    stage = {
        "url": live.target.url,
        "db": live.target.db,
        "server_version": live.server_version,
        "namespace": namespace.prefix,
        "products": products,
        "product_refs": [v["default_code"] for v in values],
        "product_classes": [classes[_class_of(i, split)] for i in range(plan.products)],
        "warehouses": [w.id for w in warehouses],
        "warehouse_codes": [w.code for w in warehouses],
        "customers": customers,
        "vendor": data.vendor("vendor"),
    }
    return stage, credentials


def _class_of(product: int, split: list[int]) -> int:
    return next(i for i in range(len(split) - 1) if split[i] <= product < split[i + 1])


def engine_environment(credentials: dict) -> dict[str, str]:
    """The engine process's environment: this one's, plus the role users' credentials (never argv)."""
    import json

    return {**os.environ, "GOLIVE_LOADTEST_CREDENTIALS": json.dumps(credentials)}
