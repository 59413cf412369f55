"""Wall time and RPC call count of every UAT scenario, run through pytest exactly as users run it.

Run: ``python -m benchmarks.scenarios [pytest args]`` (default: every live scenario but the @ui ones).
The RPC count is the sum over every Odoo session golive opened (administrator, set-up, role users) during
the scenario's steps: machine-independent, and the figure to drive down by batching reads and writes.
The last line is ``rpc_calls=<total>``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from fixtures.ui import rpc_sessions


@dataclass
class Measure:
    nodeid: str
    seconds: float = 0.0
    calls: int = 0
    outcome: str = ""


class Recorder:
    """A pytest plugin that measures the call phase (the steps) of every scenario."""

    def __init__(self) -> None:
        self.measures: dict[str, Measure] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        # Steps ask for their fixtures while they run; ask for the sessions up front (they are
        # session-scoped, so this sets up nothing the scenario would not have set up itself).
        sessions = rpc_sessions(item._request) if item.get_closest_marker("live") else []  # type: ignore[attr-defined]
        before = sum(c.stats.calls for c in sessions)
        started = time.perf_counter()
        try:
            return (yield)
        finally:
            measure = self.measures.setdefault(item.nodeid, Measure(item.nodeid))
            measure.seconds = time.perf_counter() - started
            measure.calls = sum(c.stats.calls for c in sessions) - before

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.nodeid in self.measures:
            self.measures[report.nodeid].outcome = report.outcome


def main(argv: list[str]) -> int:
    recorder = Recorder()
    args = argv or ["steps", "-m", "live and not ui"]
    status = pytest.main(["-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args], plugins=[recorder])
    measures = sorted(recorder.measures.values(), key=lambda m: m.nodeid)
    print(f"\n{'seconds':>8} {'rpc':>5}  outcome  scenario")
    for m in measures:
        name = m.nodeid.split("::", 1)[-1]
        print(f"{m.seconds:8.2f} {m.calls:5d}  {m.outcome:7}  {name}")
    print(f"{len(measures)} scenarios, {sum(m.seconds for m in measures):.1f} s of steps")
    print(f"rpc_calls={sum(m.calls for m in measures)}")
    return int(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
