"""How much the RPC driver's call adds over a raw keep-alive /web/dataset/call_kw request.

Run: ``python -m benchmarks.rpc_overhead [--calls 200]``. Both sides make the same res.partner
search_read, interleaved call by call; the last line is ``ratio=<driver median / raw median>``
(target <= 1.15).
"""

from __future__ import annotations

import argparse
import statistics
import time

import requests

from benchmarks.live import live_target
from drivers.rpc import OdooRpc

ARGS = ([("id", ">", 0)],)
KWARGS = {"fields": ["name", "email"], "limit": 20}


def raw_session(url: str, db: str, login: str, password: str) -> requests.Session:
    http = requests.Session()
    http.post(
        f"{url}/web/session/authenticate",
        timeout=30,
        json={"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": password}},
    )
    return http


def raw_call(http: requests.Session, url: str) -> object:
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {"model": "res.partner", "method": "search_read", "args": list(ARGS), "kwargs": KWARGS},
    }
    return http.post(f"{url}/web/dataset/call_kw/res.partner/search_read", json=payload, timeout=30).json()[
        "result"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    options = parser.parse_args()
    with live_target() as target:
        client = OdooRpc.login(target.url, target.db, target.user, target.password)
        http = raw_session(target.url, target.db, target.user, target.password)
        driver_ms: list[float] = []
        raw_ms: list[float] = []
        for _ in range(10):  # warm both connections and Odoo's caches
            client.call("res.partner", "search_read", *ARGS, **KWARGS)
            raw_call(http, target.url)
        for _ in range(options.calls):
            started = time.perf_counter()
            client.call("res.partner", "search_read", *ARGS, **KWARGS)
            driver_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            raw_call(http, target.url)
            raw_ms.append((time.perf_counter() - started) * 1000)
    driver, raw = statistics.median(driver_ms), statistics.median(raw_ms)
    print(
        f"odoo: {target.safe_url} db {target.db}; {options.calls} interleaved res.partner search_read calls"
    )
    print(f"driver OdooRpc.call median {driver:.2f} ms; raw keep-alive call_kw median {raw:.2f} ms")
    print(f"ratio={driver / raw:.3f}")


if __name__ == "__main__":
    main()
