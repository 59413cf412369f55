"""How much the RPC driver's call adds over a raw keep-alive request of the same transport, per path it uses.

Run: ``python -m benchmarks.rpc_overhead [--calls 200]``. Each path the driver takes makes the same
res.partner search_read as a raw request on its own keep-alive connection, interleaved call by call (which
goes first alternates) in one run:

- ``call_kw``: a password's web session, ``/web/dataset/call_kw`` (every version);
- ``json2``: an API key on Odoo 19 and later, ``/json/2/res.partner/search_read``;
- ``jsonrpc``: an API key on Odoo 16 to 18, ``/jsonrpc`` ``execute_kw``.

The API-key path needs a key: the local harness writes one into its database (fixtures/api_keys.py);
against ODOO_URL, the path of ODOO_PASSWORD (a password or a key) is measured. One line per path gives
``<path> ratio=<driver median / raw median>``; the last line, ``ratio=<x>``, is the worst (target <= 1.15).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

import requests

from benchmarks.live import live_target
from drivers.rpc import OdooRpc, server_version
from fixtures.api_keys import create_api_key
from fixtures.harness import PgSettings
from fixtures.target import OdooTarget

DOMAIN = [("id", ">", 0)]
FIELDS = ["name", "email"]
LIMIT = 20
KEY_NAME = "golive rpc_overhead benchmark"


def raw_call_kw(target: OdooTarget) -> Callable[[], object]:
    """A raw /web/dataset/call_kw search_read on a web session of its own."""
    http = requests.Session()
    http.post(
        f"{target.url}/web/session/authenticate",
        timeout=30,
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": target.db, "login": target.user, "password": target.password},
        },
    )
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {
            "model": "res.partner",
            "method": "search_read",
            "args": [DOMAIN],
            "kwargs": {"fields": FIELDS, "limit": LIMIT},
        },
    }
    endpoint = f"{target.url}/web/dataset/call_kw/res.partner/search_read"
    return lambda: http.post(endpoint, json=payload, timeout=30).json()["result"]


def raw_json2(target: OdooTarget, key: str) -> Callable[[], object]:
    """A raw JSON-2 search_read with the bearer key."""
    http = requests.Session()
    headers = {"Authorization": f"bearer {key}", "X-Odoo-Database": target.db}
    body = {"domain": DOMAIN, "fields": FIELDS, "limit": LIMIT}
    endpoint = f"{target.url}/json/2/res.partner/search_read"
    return lambda: http.post(endpoint, json=body, headers=headers, timeout=30).json()


def raw_jsonrpc(target: OdooTarget, uid: int, key: str) -> Callable[[], object]:
    """A raw /jsonrpc execute_kw search_read with the key as password."""
    http = requests.Session()
    args = [target.db, uid, key, "res.partner", "search_read", [DOMAIN], {"fields": FIELDS, "limit": LIMIT}]
    params = {"service": "object", "method": "execute_kw", "args": args}
    payload = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
    return lambda: http.post(f"{target.url}/jsonrpc", json=payload, timeout=30).json()["result"]


def driver_call(client: OdooRpc) -> Callable[[], object]:
    return lambda: client.call("res.partner", "search_read", DOMAIN, fields=FIELDS, limit=LIMIT)


Call = Callable[[], object]


def paths(target: OdooTarget, key: str | None) -> dict[str, tuple[Call, Call]]:
    """Each path the driver takes with these credentials: (driver call, raw call of the same transport)."""
    found = {}
    for secret in filter(None, (target.password, key)):
        client = OdooRpc.login(target.url, target.db, target.user, secret)
        if client.transport == "call_kw":
            raw = raw_call_kw(target)
        elif client.transport == "json2":
            raw = raw_json2(target, secret)
        else:
            raw = raw_jsonrpc(target, client.uid, secret)
        found[client.transport] = (driver_call(client), raw)
    return found


def timed(call: Callable[[], object], times: list[float]) -> None:
    started = time.perf_counter()
    call()
    times.append((time.perf_counter() - started) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    options = parser.parse_args()
    with live_target() as target:
        key = None
        if target.local:  # the harness's own database: write a key for the API-key path
            with PgSettings.from_env(os.environ).cursor(target.db) as cur:
                cur.execute("SELECT id FROM res_users WHERE login = %s", (target.user,))
                key = create_api_key(cur, user_id=cur.fetchone()[0], name=KEY_NAME)
        measured = paths(target, key)
        version = server_version(target.url)
        times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in measured}
        for _ in range(10):  # warm every connection and Odoo's caches
            for driver, raw in measured.values():
                driver()
                raw()
        for n in range(options.calls):
            for name, (driver, raw) in measured.items():
                driver_ms, raw_ms = times[name]
                first, second = ((driver, driver_ms), (raw, raw_ms))[:: 1 if n % 2 else -1]
                timed(*first)
                timed(*second)
    print(
        f"odoo {version['server_version']}: {target.safe_url} db {target.db}; {options.calls} interleaved "
        "res.partner search_read calls per side"
    )
    ratios = []
    for name, (driver_ms, raw_ms) in times.items():
        driver, raw = statistics.median(driver_ms), statistics.median(raw_ms)
        ratios.append(driver / raw)
        print(f"{name}: driver median {driver:.2f} ms, raw {raw:.2f} ms; {name} ratio={driver / raw:.3f}")
    print(f"ratio={max(ratios):.3f}")


if __name__ == "__main__":
    main()
