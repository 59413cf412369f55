"""The load generator: Locust, in a process of its own, replays a plan against Odoo as role sessions.

Locust patches the standard library with gevent, so this module runs only as its own process, started by
``python -m simulation loadtest`` (never imported by pytest, Playwright or the command itself)::

    GOLIVE_LOADTEST_CREDENTIALS='{"sales coordinator": ["login", "password"], ...}' \\
        python -m simulation.loadtest.engine plan.json stage.json samples.json [--part 0/1]

Past one machine: run one engine per host on the same plan and stage, ``--part I/N`` each, with one
``--start-at`` (Unix time; hosts' clocks in sync), so that together they send the whole plan on its
schedule; ``python -m simulation loadtest-merge`` merges their samples into one result (docs/loadtest.md,
distributed mode).

Each role has ``sessions`` Locust users, each logged in to Odoo as that role's user. A user sends every
request of its share at the request's scheduled time, each in a greenlet of its own, whether or not the
previous ones have been answered (open loop): a slow Odoo shows as latency and backlog, not as a lower
request rate. A request that needs an earlier one (confirming needs the entered order) waits for it, and
that wait counts in its latency, which runs from the scheduled time. Writes the raw samples, the
generator's CPU use per second and Locust's own statistics to ``samples.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import gevent
import locust  # monkey-patches the standard library with gevent, before drivers/ imports requests
import psutil
from gevent.event import AsyncResult, Event
from locust import LoadTestShape, User, task
from locust.env import Environment

from drivers.errors import GoliveError
from drivers.operations import RpcOperations
from drivers.rpc import OdooRpc
from drivers.versions import adapter_for
from simulation.loadtest.parts import PartsError, digest, owns, parse_part
from simulation.loadtest.plan import NEEDS, OPERATIONS, Plan, Request

#: Seconds a session's users get to log in before the replay's clock starts.
LOGIN_LEAD_S = 1.0


class Replay:
    """The shared state of one replay: the plan, Odoo's ids, the clock, results and samples."""

    def __init__(
        self,
        plan: Plan,
        stage: dict,
        credentials: dict,
        sessions: int,
        drain_s: float,
        part: str,
        start_at: float | None = None,
    ):
        self.plan, self.stage, self.credentials, self.sessions = plan, stage, credentials, sessions
        self.drain_s = drain_s
        self.start_at = start_at
        self.part, self.parts = parse_part(part)
        self.version = adapter_for(stage["server_version"])
        self.t0 = 0.0
        self.ready, self.finished = Event(), Event()
        self.logged_in = 0
        self.claimed: dict[str, int] = {}
        self.results: dict[tuple[str, str], AsyncResult] = {}
        self.samples: list[list[Any]] = []
        self.cpu: list[list[float]] = []
        roles = sorted({OPERATIONS[op][0] for op in OPERATIONS})
        self.total_users = sessions * len(roles)

    def mine(self, request: Request) -> bool:
        return owns(request.key, self.part, self.parts)

    def share(self, role: str, session: int) -> list[Request]:
        """The requests of ``role`` that session ``session`` sends: an order stays with one session."""
        return [
            r
            for r in self.plan.requests
            if r.role == role and self.mine(r) and owns(r.key, session, self.sessions)
        ]

    def now(self) -> float:
        return time.monotonic() - self.t0

    def result(self, key: str, op: str) -> AsyncResult:
        return self.results.setdefault((key, op), AsyncResult())


class RoleSession(User):
    """A Locust user: one logged-in Odoo session of a role, sending its share of the plan on time."""

    abstract = True
    role: ClassVar[str] = ""

    def on_start(self) -> None:
        replay: Replay = self.environment.replay
        self.session = replay.claimed.get(self.role, 0)
        replay.claimed[self.role] = self.session + 1
        login, password = replay.credentials[self.role]
        timeout = (5.0, replay.plan.duration_s + replay.drain_s)
        self.client = OdooRpc.login(replay.stage["url"], replay.stage["db"], login, password, timeout=timeout)
        self.ops = RpcOperations(self.client, replay.version)
        replay.logged_in += 1
        if replay.logged_in == replay.total_users:
            lead = LOGIN_LEAD_S if replay.start_at is None else max(0.0, replay.start_at - time.time())
            replay.t0 = time.monotonic() + lead
            replay.ready.set()

    @task
    def replay_share(self) -> None:
        replay: Replay = self.environment.replay
        replay.ready.wait()
        running = []
        for request in replay.share(self.role, self.session):
            gevent.sleep(max(0.0, request.at_s - replay.now()))
            running.append(gevent.spawn(self._send, request))
        gevent.joinall(running, timeout=max(0.0, replay.plan.duration_s + replay.drain_s - replay.now()))
        gevent.killall([g for g in running if not g.dead], block=False)
        replay.finished.wait()

    def _send(self, request: Request) -> None:
        replay: Replay = self.environment.replay
        outcome = replay.result(request.key, request.op)
        sent = done = None
        error = ""
        try:
            needed = NEEDS.get(request.op)
            value = None
            if needed:
                deadline = replay.plan.duration_s + replay.drain_s - replay.now()
                try:
                    value = replay.result(request.key, needed).get(timeout=max(0.0, deadline))
                except gevent.Timeout:
                    raise RuntimeError(f"not sent: {OPERATIONS[needed][1]} unanswered by the end") from None
                except Exception:
                    raise RuntimeError(f"not sent: {OPERATIONS[needed][1]} failed") from None
            sent = replay.now()
            answer = self._do(request, value)
            done = replay.now()
            outcome.set(answer)
        except gevent.GreenletExit:
            error = "unanswered at the end of the run"
            outcome.set_exception(RuntimeError(error))
            raise
        except Exception as exc:  # Odoo's refusal or a transport error: the request failed
            done = replay.now()
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300]
            outcome.set_exception(exc)
        finally:
            replay.samples.append([request.op, request.key, request.at_s, sent, done, error])
            if done is not None:
                self.environment.events.request.fire(
                    request_type=self.role,
                    name=request.op,
                    response_time=(done - request.at_s) * 1000,
                    response_length=0,
                    exception=RuntimeError(error) if error else None,
                    context={},
                )

    def _do(self, request: Request, needed: Any) -> Any:
        """The business operation itself, through golive's RPC operations; returns what the next needs."""
        replay: Replay = self.environment.replay
        stage, plan = replay.stage, replay.plan
        if request.key.startswith("r"):
            lines = [(stage["products"][p], q) for p, q in plan.replenishments[request.key]]
            if request.op == "confirm_replenishment":
                order = self.ops.create_purchase_order(stage["vendor"], lines, stage["warehouses"][0])
                return self.ops.confirm_purchase_order(order)[0]
            self.ops.validate_transfer(needed, dict(lines), backorder=False)
            return needed
        order = plan.orders[request.key]
        lines = [(stage["products"][p], q) for p, q in order.lines]
        if request.op == "enter_order":
            customer = stage["customers"][order.channel]
            warehouse = stage["warehouses"][order.warehouse]
            return self.ops.create_sale_order(customer, lines, warehouse, ship_complete=order.ship_complete)
        if request.op == "confirm_order":
            return needed, self.ops.confirm_sale_order(needed)[0]
        if request.op == "validate_delivery":
            sale, delivery = needed
            quantities = dict(lines)
            if request.partial:
                quantities[lines[-1][0]] = 0.0
            self.ops.validate_transfer(delivery, quantities, backorder=True)
            return sale
        if request.op == "invoice_order":
            return self.ops.invoice_order(needed)[0].move_id
        self.ops.post_entry(needed)
        return needed


class UntilReplayed(LoadTestShape):
    """Every role's sessions at once, until the replay has finished (or its time is up)."""

    def __init__(self, replay: Replay) -> None:
        super().__init__()
        self.replay = replay

    def tick(self) -> tuple[int, float] | None:
        if self.replay.finished.is_set():
            return None
        return self.replay.total_users, float(self.replay.total_users)


def role_classes(sessions: int) -> list[type[User]]:
    """One Locust user class per role, each with ``sessions`` users."""
    roles = sorted({role for role, _ in OPERATIONS.values()})
    return [
        type(
            role.title().replace(" ", ""),
            (RoleSession,),
            {"role": role, "fixed_count": sessions, "abstract": False},
        )
        for role in roles
    ]


def watch(replay: Replay, expected: int) -> None:
    """Sample the generator's CPU each second; end the replay when all is answered or time is up."""
    me = psutil.Process()
    me.cpu_percent(None)
    psutil.cpu_percent(None)
    while not replay.finished.is_set():
        gevent.sleep(1.0)
        if replay.ready.is_set():
            replay.cpu.append([replay.now(), me.cpu_percent(None) / 100, psutil.cpu_percent(None) / 100])
            late = replay.now() > replay.plan.duration_s + replay.drain_s + 2
            if len(replay.samples) >= expected or late:
                replay.finished.set()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m simulation.loadtest.engine")
    p.add_argument("plan", type=Path)
    p.add_argument("stage", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--sessions", type=int, default=3, help="Locust users (Odoo sessions) per role")
    p.add_argument("--drain", type=float, default=60.0, help="seconds after the duration to wait for answers")
    p.add_argument("--part", default="0/1", help="I/N: this process sends the orders whose number is I mod N")
    p.add_argument(
        "--start-at", type=float, help="Unix time the replay's clock starts (parts on several hosts)"
    )
    args = p.parse_args(argv)
    plan_bytes, stage_bytes = args.plan.read_bytes(), args.stage.read_bytes()
    plan = Plan.from_json(json.loads(plan_bytes))
    stage = json.loads(stage_bytes)
    credentials = json.loads(os.environ.get("GOLIVE_LOADTEST_CREDENTIALS", "{}"))
    replay = Replay(plan, stage, credentials, args.sessions, args.drain, args.part, args.start_at)
    env = Environment(user_classes=role_classes(args.sessions), shape_class=UntilReplayed(replay))
    env.replay = replay
    runner = env.create_local_runner()
    expected = sum(1 for r in plan.requests if replay.mine(r))
    watcher = gevent.spawn(watch, replay, expected)
    runner.start_shape()
    started = time.monotonic()
    while not replay.ready.is_set():
        replay.ready.wait(1.0)
        if time.monotonic() - started > 120:
            print("loadtest: the role sessions could not log in within 120 s", file=sys.stderr)
            runner.quit()
            return 1
        if runner.user_count == 0 and runner.state == "stopped":
            print("loadtest: the role sessions stopped before the replay started", file=sys.stderr)
            return 1
    started_at = time.time() + replay.t0 - time.monotonic()
    args.out.with_suffix(".started").write_text(f"{started_at}\n")
    print(f"loadtest: replay started: {expected} requests over {plan.duration_s:g} s", flush=True)
    replay.finished.wait()
    watcher.join(timeout=5)
    runner.quit()
    stats = {
        name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
        for (name, _), entry in env.stats.entries.items()
    }
    data = {
        "samples": replay.samples,
        "cpu": replay.cpu,
        "locust": stats,
        "locust_version": locust.__version__,
        "sessions_per_role": args.sessions,
        "part": args.part,
        "plan_sha256": digest(plan_bytes),
        "stage_sha256": digest(stage_bytes),
        "host": socket.gethostname(),
        "cores": os.cpu_count() or 1,
        "started_at": started_at,
    }
    args.out.write_text(json.dumps(data) + "\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except GoliveError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        sys.exit(1)
    except PartsError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        sys.exit(2)
