"""The load generator's overhead: requests per second Locust sustains against a trivial Odoo endpoint, against
raw keep-alive requests from one process.

Run: ``python -m benchmarks.loadtest_overhead [--seconds 10] [--users 8]`` (ODOO_URL and friends, or the
local harness at ODOO_HOME). Both sides POST ``/web/webclient/version_info`` (no database work) with
``requests`` on keep-alive connections, as the engine's RPC calls do:

- ``raw``: one process, one session, one request after another;
- ``locust``: the engine's stack in a process of its own (Locust users under gevent, each request reported
  to Locust's statistics), ``--users`` users each sending one request after another.

The last line, ``ratio=<locust rps / raw rps>``, is above 1 when the generator's concurrency outruns one
raw process, and its shortfall from what Odoo can answer is the generator's cost.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

ENDPOINT = "/web/webclient/version_info"


def raw_rps(url: str, seconds: float) -> float:
    """Requests per second of one keep-alive session, sequential, for ``seconds``."""
    import requests

    http = requests.Session()
    http.post(url + ENDPOINT, json={}, timeout=30).raise_for_status()
    done, end = 0, time.monotonic() + seconds
    started = time.monotonic()
    while time.monotonic() < end:
        http.post(url + ENDPOINT, json={}, timeout=30).raise_for_status()
        done += 1
    return done / (time.monotonic() - started)


def locust_rps(url: str, seconds: float, users: int) -> float:
    """Requests per second of ``users`` Locust users (gevent), in this process: call it only in a child."""
    from gevent import monkey

    monkey.patch_all()  # as importing Locust does, but before requests imports ssl
    import gevent
    import requests
    from locust import User, constant, task
    from locust.env import Environment

    class Caller(User):
        wait_time = constant(0)

        def on_start(self) -> None:
            self.http = requests.Session()

        @task
        def call(self) -> None:
            started = time.perf_counter()
            error = None
            try:
                self.http.post(url + ENDPOINT, json={}, timeout=30).raise_for_status()
            except requests.RequestException as exc:
                error = exc
            self.environment.events.request.fire(
                request_type="POST",
                name=ENDPOINT,
                response_time=(time.perf_counter() - started) * 1000,
                response_length=0,
                exception=error,
                context={},
            )

    env = Environment(user_classes=[Caller])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(1.0)  # all users running before the measured window
    env.stats.reset_all()
    started = time.monotonic()
    gevent.sleep(seconds)
    total = env.stats.total.num_requests - env.stats.total.num_failures
    elapsed = time.monotonic() - started
    runner.quit()
    return total / elapsed


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.loadtest_overhead")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--users", type=int, default=8)
    p.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)  # the Locust side, in its own process
    args = p.parse_args()
    if args.child:
        print(f"{locust_rps(args.child, args.seconds, args.users):.3f}")
        return
    from benchmarks.live import live_target

    with live_target() as target:
        raw = raw_rps(target.url, args.seconds)
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.loadtest_overhead", "--child", target.url,
             "--seconds", str(args.seconds), "--users", str(args.users)],
            capture_output=True, text=True, check=True, env=os.environ,
        )  # fmt: skip
        generator = float(child.stdout.strip().splitlines()[-1])
    print(f"raw keep-alive, one process: {raw:.1f} requests/s")
    print(f"locust, {args.users} users in one process: {generator:.1f} requests/s")
    print(f"ratio={generator / raw:.2f}")


if __name__ == "__main__":
    main()
