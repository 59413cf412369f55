"""Prepares a fresh Odoo (e.g. a CI service container) for golive: a database, the modules, the test mark.

Used by the example CI jobs beside this file; from the repository root::

    python docs/ci/prepare_odoo.py --url http://localhost:8069 --db staging --password admin

It creates the database without demo data through Odoo's database manager (master password
``--master``, the official image's default is ``admin``), installs the modules golive's scenarios need
(fixtures/harness.py ``HARNESS_MODULES``) and sets the system parameter ``golive.test_database = 1``, which
golive requires before it writes. Only for throw-away databases: never point it at production.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import requests

from drivers.errors import ConnectionProblem
from drivers.rpc import OdooRpc
from fixtures.harness import HARNESS_MODULES, TEST_DATABASE_PARAM
from fixtures.live import installed_modules


def database_manager(url: str, method: str, *args: object) -> object:
    """Call Odoo's ``db`` service (no login), raising SystemExit with Odoo's message on an error."""
    reply = requests.post(
        f"{url}/jsonrpc",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": "db", "method": method, "args": args},
        },
        timeout=(5, 600),
    ).json()
    if "error" in reply:
        message = reply["error"].get("data", {}).get("message") or reply["error"].get("message")
        raise SystemExit(f"prepare_odoo: Odoo refused db.{method}: {message}")
    return reply["result"]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            database_manager(url, "server_version")
            return
        except (requests.RequestException, ValueError) as exc:
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"prepare_odoo: Odoo at {url} did not answer within {seconds:.0f} s ({exc})"
                ) from None
            time.sleep(3)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="staging")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin", help="the new database's administrator password")
    parser.add_argument("--master", default="admin", help="Odoo's master password (admin_passwd)")
    parser.add_argument("--wait", type=float, default=180.0, help="seconds to wait for Odoo to answer")
    args = parser.parse_args(argv)
    url = args.url.rstrip("/")
    wait_for(url, args.wait)
    if args.db not in database_manager(url, "list"):
        print(f"prepare_odoo: creating database {args.db!r} (no demo data)")
        database_manager(
            url, "create_database", args.master, args.db, False, "en_US", args.password, args.login, "US", ""
        )
    admin = OdooRpc.login(url, args.db, args.login, args.password)
    # One module per request: Odoo kills a request after limit_time_real (120 s by default) and restarts;
    # what it loaded by then stays installed, so a retry carries on from there.
    for module in HARNESS_MODULES:
        for attempt in range(4):
            if module in installed_modules(admin):
                break
            if attempt == 3:
                raise SystemExit(f"prepare_odoo: could not install {module} in three attempts")
            print(f"prepare_odoo: installing {module}")
            try:
                ids = admin.call("ir.module.module", "search", [("name", "=", module)])
                admin.call("ir.module.module", "button_immediate_install", ids)
            except ConnectionProblem:
                wait_for(url, args.wait)
                admin = OdooRpc.login(url, args.db, args.login, args.password)
    admin.call("ir.config_parameter", "set_param", TEST_DATABASE_PARAM, "1")
    print(f"prepare_odoo: {args.db!r} at {url} is ready for golive ({TEST_DATABASE_PARAM} = 1)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
