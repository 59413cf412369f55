"""Time limits: a call Odoo does not answer (GOLIVE_CALL_TIMEOUT), and a scenario that runs too long
(GOLIVE_SCENARIO_TIMEOUT), each reported as such in one line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.errors import ConnectionProblem, GoliveError
from drivers.rpc import DEFAULT_TIMEOUT, OdooRpc
from fixtures.live import LiveOdoo
from fixtures.target import call_timeout, scenario_time_limit

ROOT = Path(__file__).resolve().parents[1]


def test_call_timeout_is_read_from_the_environment() -> None:
    assert call_timeout({}) == DEFAULT_TIMEOUT
    assert call_timeout({"GOLIVE_CALL_TIMEOUT": "2.5"}) == (2.5, 2.5)
    assert scenario_time_limit({}) is None
    assert scenario_time_limit({"GOLIVE_SCENARIO_TIMEOUT": "90"}) == 90.0
    for bad in ("0", "-3", "soon"):
        with pytest.raises(GoliveError, match="must be a number of seconds above 0"):
            call_timeout({"GOLIVE_CALL_TIMEOUT": bad})
        with pytest.raises(GoliveError, match="must be a number of seconds above 0"):
            scenario_time_limit({"GOLIVE_SCENARIO_TIMEOUT": bad})


@pytest.fixture
def hung_server() -> Iterator[str]:
    """A server that accepts connections and never answers, as a stopped (SIGSTOP) Odoo behaves."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def test_a_call_odoo_does_not_answer_times_out_in_one_line(hung_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(ConnectionProblem) as caught:
        OdooRpc.login(
            hung_server, "db", "admin", "never-shown-3f", timeout=call_timeout({"GOLIVE_CALL_TIMEOUT": "1"})
        )
    assert time.monotonic() - started < 10
    assert str(caught.value) == f"Odoo at {hung_server} did not reply within 1 s"


FEATURE = """Feature: A scenario slower than its limit
  Scenario: The warehouse waits too long
    Given the warehouse waits 60 seconds
"""
STEPS = """import time
from pytest_bdd import given, parsers, scenarios

scenarios("slow.feature")


@given(parsers.parse("the warehouse waits {seconds:d} seconds"))
def _(live_odoo, seconds):
    time.sleep(seconds)
"""


@pytest.mark.live
def test_a_scenario_past_its_time_limit_fails_saying_so(live_odoo: LiveOdoo, tmp_path: Path) -> None:
    (tmp_path / "features").mkdir()
    (tmp_path / "features" / "slow.feature").write_text(FEATURE)
    (tmp_path / "test_slow.py").write_text(STEPS)
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["fixtures.session", "fixtures.scenario"]\n')
    (tmp_path / "pytest.ini").write_text("[pytest]\nbdd_features_base_dir = features\n")
    target = live_odoo.target
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PYTEST_XDIST"))} | {
        "PYTHONPATH": str(ROOT),
        "ODOO_URL": target.url,
        "ODOO_DB": target.db,
        "ODOO_USER": target.user,
        "ODOO_PASSWORD": target.password,
        "GOLIVE_SCENARIO_TIMEOUT": "3",
    }
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_slow.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stdout[-3000:] + run.stderr[-2000:]
    assert time.monotonic() - started < 50, "the scenario was not stopped at its limit"
    assert "the scenario ran past its time limit of 3 s (GOLIVE_SCENARIO_TIMEOUT)" in run.stdout, run.stdout[
        -3000:
    ]
    assert "Timeout" in run.stdout
