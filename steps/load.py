"""Peak load criteria: the simulated peak replayed against the live Odoo, judged on measured percentiles.

Example::

    Given the peak of the capacity model "regional_distributor" at 2 times its order rate for 60 seconds
    When the load test runs against Odoo
    Then confirming an order takes at most 2 seconds at the 95th percentile
    And confirming an order never fails

The When step runs ``python -m simulation loadtest`` in a process of its own (Locust patches the standard
library with gevent, which must never happen inside pytest) against this session's Odoo, and reads its
loadtest.json; the Then steps compare the thresholds written in the feature with the measured percentiles
(simulation/loadtest/measure.py ``check``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from fixtures.live import LiveOdoo
from fixtures.session import GoliveState
from simulation.loadtest.measure import check
from simulation.loadtest.plan import OPERATIONS
from steps.capacity import model_path

#: Seconds the replay may wait for answers after its duration, in a criterion.
DRAIN_S = 30
OPERATION_NAMES = "|".join(label for _, label in OPERATIONS.values())
OPERATION_OF = {label: op for op, (_, label) in OPERATIONS.items()}


@dataclass
class LoadTest:
    """The load a scenario states (model, scale, seconds), and the result once measured."""

    model: Path | None
    scale: float
    seconds: float
    result: dict | None = None

    def measured(self) -> dict:
        assert self.result is not None, "no load test has run: add 'When the load test runs against Odoo'"
        return self.result

    def load_line(self) -> str:
        load = self.measured()["load"]
        return f"{load['config']} at {load['scale']:g} times the peak for {load['duration_s']:g} s"


@given(
    parsers.parse(
        'the peak of the capacity model "{name}" at {scale:g} times its order rate for {seconds:g} seconds'
    ),
    target_fixture="load_test",
)
def peak_replay(request: pytest.FixtureRequest, name: str, scale: float, seconds: float) -> LoadTest:
    """The model's busiest hour of its peak day, at ``scale`` times its order rate, for ``seconds``."""
    return LoadTest(model_path(name, request.config.rootpath), scale, seconds)


@when("the load test runs against Odoo")
def run_load_test(
    load_test: LoadTest, live_odoo: LiveOdoo, golive_state: GoliveState, tmp_path: Path
) -> None:
    """``python -m simulation loadtest`` in its own process against this session's Odoo."""
    assert load_test.model is not None
    target = live_odoo.target
    out = tmp_path / "loadtest"
    command = [
        sys.executable, "-m", "simulation", "loadtest", str(load_test.model),
        "--scale", f"{load_test.scale:g}", "--duration", f"{load_test.seconds:g}s", "--drain", str(DRAIN_S),
        "--out", str(out), "--namespace", golive_state.run_id,
    ]  # fmt: skip
    if target.local:  # the session's harness runs odoo-bin threaded, without --workers
        command += ["--odoo-workers", "0"]
    done = subprocess.run(
        command,
        env=target.environ(os.environ),
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=load_test.seconds + DRAIN_S + 300,
        check=False,
    )
    print(done.stdout)
    if done.returncode not in (0, 1) or not (out / "loadtest.json").exists():
        raise AssertionError(f"the load test did not run (exit {done.returncode}): {done.stderr.strip()}")
    load_test.result = json.loads((out / "loadtest.json").read_text())


@then(
    parsers.re(
        rf"(?P<operation>{OPERATION_NAMES}) takes at most (?P<limit>\d+(?:\.\d+)?) seconds at the "
        r"(?P<quantile>50|95|99)th percentile"
    )
)
def latency_criterion(load_test: LoadTest, operation: str, limit: str, quantile: str) -> None:
    """The measured percentile (from each request's scheduled time) is at most the threshold."""
    problem = check(load_test.measured()["operations"], OPERATION_OF[operation], int(quantile), float(limit))
    assert problem is None, f"{problem}, {load_test.load_line()}"


@then(parsers.re(rf"(?P<operation>{OPERATION_NAMES}) never fails"))
def never_fails(load_test: LoadTest, operation: str) -> None:
    """Every request of the operation was answered, without an error from Odoo."""
    row = load_test.measured()["operations"][OPERATION_OF[operation]]
    unanswered = row["demanded"] - row["answered"]
    assert row["errors"] == 0 and unanswered == 0, (
        f"{operation}: {row['errors']} of {row['demanded']} requests failed ({unanswered} unanswered), "
        f"{load_test.load_line()}: {'; '.join(load_test.measured()['errors'])}"
    )
