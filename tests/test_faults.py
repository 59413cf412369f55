"""Faults injected into a live Odoo while golive's scenarios run: killed, restarted with its sessions gone,
hung, its PostgreSQL restarted, a scenario past its time limit; and a killed fault run's private cluster
removed by the next start.

Each test runs real scenarios (golive's own steps, in a feature file written here) through golive's pytest
plugin with pytester, against a dedicated odoo-bin on a private PostgreSQL cluster
(fixtures/private_cluster.py), never the harness's, the user's Odoo or the machine's PostgreSQL. A plugin
of the nested run injects each fault before a named step or scenario. They run serially and only when
asked for (``pytest -m faults``; .ci/run does), in about three minutes (five on a busy 2-core machine).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import allure_commons
import pytest

from fixtures.harness import LocalOdoo, PgSettings, find_installation
from fixtures.private_cluster import DedicatedOdoo, postgres_bindir
from fixtures.scenario import GoliveState
from fixtures.stale_runs import is_alive, postmaster_pid

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[1]
#: Seconds Odoo may take to answer one call in the hung-Odoo drill (GOLIVE_CALL_TIMEOUT).
CALL_TIMEOUT_S = 8
#: Seconds one scenario may run in the time-limit drill (GOLIVE_SCENARIO_TIMEOUT).
SCENARIO_LIMIT_S = 20
SHIP = 'When the warehouse operator ships 8 "widget"'
CONFIRM = 'When the sales coordinator confirms an order of 8 "widget" for a customer'
STEPS = f"""    Given a storable product "widget" with 10 units on hand in the main warehouse
    {CONFIRM}
    Then the delivery is "ready" with 8 "widget" reserved
    {SHIP}
    Then the delivery is "done"
"""


def drill(*titles: str) -> str:
    """A feature of one full-stock order scenario per title (golive's own steps)."""
    return "Feature: Fault drill\n" + "".join(f"\n  Scenario: {title}\n{STEPS}" for title in titles)


class Faults:
    """A plugin of the nested run: calls each fault before its scenario or step (or after a scenario), and
    counts the driver's new logins after each scenario."""

    def __init__(
        self,
        before_scenario: dict[str, Callable[[], None]] | None = None,
        before_step: dict[tuple[str, str], Callable[[], None]] | None = None,
        after_scenario: dict[str, Callable[[], None]] | None = None,
    ) -> None:
        self.before_scenario = before_scenario or {}
        self.before_step = before_step or {}
        self.after_scenario = after_scenario or {}
        self.relogins: dict[str, int] = {}

    def pytest_bdd_before_scenario(self, request: Any, feature: Any, scenario: Any) -> None:
        if scenario.name in self.before_scenario:
            self.before_scenario[scenario.name]()

    def pytest_bdd_before_step(
        self, request: Any, feature: Any, scenario: Any, step: Any, step_func: Any
    ) -> None:
        fault = self.before_step.get((scenario.name, f"{step.keyword} {step.name}"))
        if fault is not None:
            fault()

    def pytest_bdd_after_scenario(self, request: Any, feature: Any, scenario: Any) -> None:
        clients = [
            *request.getfixturevalue("role_users").sessions(),
            request.getfixturevalue("setup_session"),
        ]
        self.relogins[scenario.name] = sum(client.stats.relogins for client in clients)
        if scenario.name in self.after_scenario:
            self.after_scenario[scenario.name]()


@pytest.fixture(scope="module")
def dedicated_odoo(golive_state: GoliveState) -> Iterator[DedicatedOdoo]:
    """An odoo-bin of these tests' own, on a private PostgreSQL cluster; removed at the end."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.fail("the fault tests run serially: pytest -m faults, without -n")
    home = Path(os.environ.get("ODOO_HOME", "/opt/odoo"))
    installation = find_installation(home)
    if installation is None:
        pytest.skip(f"no Odoo installation at ODOO_HOME ({home}) to inject faults into")
    bindir = postgres_bindir(os.environ)
    if bindir is None:
        pytest.fail("no PostgreSQL server binaries (initdb, pg_ctl) found: install them or set GOLIVE_PG_BIN")
    odoo = DedicatedOdoo.open(
        installation,
        PgSettings.from_env(os.environ),
        run_id=golive_state.run_id,
        data_dir=Path(os.environ.get("GOLIVE_DATA_DIR", Path.home() / ".cache" / "golive" / "odoo")),
        log_dir=ROOT / "reports",
        bindir=bindir,
    )
    with odoo:
        yield odoo
    assert not Path(odoo.cluster.root).exists()


@pytest.fixture
def odoo(dedicated_odoo: DedicatedOdoo) -> DedicatedOdoo:
    """The dedicated Odoo, answering (a test before may have left it stopped or killed)."""
    dedicated_odoo.resume()
    if not dedicated_odoo.running:
        dedicated_odoo.restart()
    return dedicated_odoo


def run_drill(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    odoo: DedicatedOdoo,
    feature: str,
    faults: Faults,
    **environ: str,
) -> pytest.RunResult:
    """Run ``feature`` through golive's plugin (the repository's conftest) against the dedicated Odoo."""
    pytester.makefile(".feature", drill=feature)
    pytester.makepyfile(test_drill='from pytest_bdd import scenarios\n\nscenarios("drill.feature")\n')
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    pytester.makeini("[pytest]\nbdd_features_base_dir = .\n")
    for name in [n for n in os.environ if n.startswith(("ODOO_", "GOLIVE_", "PYTEST_XDIST"))]:
        monkeypatch.delenv(name)
    target = odoo.target
    for name, value in {
        "ODOO_URL": target.url,
        "ODOO_DB": target.db,
        "ODOO_USER": target.user,
        "ODOO_PASSWORD": target.password,
        **environ,
    }.items():
        monkeypatch.setenv(name, value)
    with allure_listeners_set_aside():
        return pytester.runpytest("-p", "no:cacheprovider", plugins=[faults])


@contextmanager
def allure_listeners_set_aside() -> Iterator[None]:
    """allure keeps its listeners in one plugin manager per process: this run's are set aside while the
    nested run, in the same process, records its scenarios with its own."""
    saved = allure_commons.plugin_manager.list_name_plugin()
    for _, plugin in saved:
        allure_commons.plugin_manager.unregister(plugin)
    try:
        yield
    finally:
        for name, plugin in saved:
            allure_commons.plugin_manager.register(plugin, name)


def run_hung(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    odoo: DedicatedOdoo,
    step: str,
    titles: tuple[str, ...],
    **environ: str,
) -> pytest.RunResult:
    """Hang Odoo (SIGSTOP) before ``step`` of the first of ``titles``; SIGCONT when that scenario ends."""
    faults = Faults(before_step={(titles[0], step): odoo.hang}, after_scenario={titles[0]: odoo.resume})
    return run_drill(pytester, monkeypatch, odoo, drill(*titles), faults, **environ)


def durations(result: pytest.RunResult) -> dict[str, tuple[str, float]]:
    """Outcome and duration of each scenario's call phase, by scenario function name."""
    return {
        report.nodeid.rsplit("::", 1)[-1]: (report.outcome, report.duration)
        for report in result.reprec.getreports("pytest_runtest_logreport")
        if report.when == "call"
    }


def failure_lines(result: pytest.RunResult) -> list[str]:
    """The golive summary's one line per failed scenario: scenario, step and reason on one line each."""
    text = "\n".join(result.outlines)
    section = text.split("golive scenarios", 1)[-1]
    return [
        line.strip()
        for line in section.splitlines()
        if line.strip().startswith(("FAILED", "at:", "because:"))
    ]


def test_odoo_killed_mid_scenario_then_restarted_with_its_sessions_gone(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, odoo: DedicatedOdoo
) -> None:
    """Killed during a call: that scenario fails naming the step and saying Odoo stopped answering; the next
    fails fast (connection refused); after a restart scenarios pass again, and with every web session
    deleted on the server the driver logs in anew."""
    sessions_deleted: list[int] = []

    def kill_during_the_call() -> None:
        odoo.hang()  # the step's first call is accepted and never answered ...
        threading.Timer(1.5, odoo.kill).start()  # ... until Odoo dies under it

    faults = Faults(
        before_step={("Odoo is killed during an order", CONFIRM): kill_during_the_call},
        before_scenario={
            "Odoo is restarted": odoo.restart,
            "Odoo has forgotten every session": lambda: sessions_deleted.append(odoo.delete_sessions()),
        },
    )
    feature = drill(
        "Odoo is killed during an order",
        "Odoo is gone",
        "Odoo is restarted",
        "Odoo has forgotten every session",
    )
    result = run_drill(pytester, monkeypatch, odoo, feature, faults)
    outcomes = durations(result)
    lines = failure_lines(result)
    assert [o for o, _ in outcomes.values()] == ["failed", "failed", "passed", "passed"], "\n".join(
        result.outlines[-60:]
    )
    killed, gone = lines[0:3], lines[3:6]
    assert killed[0].startswith("FAILED") and killed[0].endswith(
        "drill.feature: Odoo is killed during an order"
    )
    assert killed[1] == f"at: {CONFIRM}", lines
    assert "stopped answering: the connection closed before its reply" in killed[2], lines
    assert gone[0].startswith("FAILED") and gone[0].endswith("drill.feature: Odoo is gone"), lines
    assert "is not reachable: connection refused" in gone[2], lines
    assert outcomes["test_odoo_is_gone"][1] < 5, "the scenario after the kill did not fail fast"
    assert result.outlines[-1].startswith("=") and "2 failed, 2 passed" in result.outlines[-1]
    assert sessions_deleted and sessions_deleted[0] > 0, "Odoo had no session files to delete"
    relogged = faults.relogins["Odoo has forgotten every session"] - faults.relogins["Odoo is restarted"]
    assert relogged >= 2, f"the driver logged in anew {relogged} time(s) after the sessions were deleted"
    assert odoo.target.password not in "\n".join(result.outlines + result.errlines)


def test_odoo_hung_times_out_the_call_then_recovers(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, odoo: DedicatedOdoo
) -> None:
    """SIGSTOP: the call times out after GOLIVE_CALL_TIMEOUT with one line; SIGCONT, and the next passes."""
    titles = ("Odoo hangs during an order", "Odoo answers again")
    result = run_hung(pytester, monkeypatch, odoo, CONFIRM, titles, GOLIVE_CALL_TIMEOUT=str(CALL_TIMEOUT_S))
    outcomes = durations(result)
    lines = failure_lines(result)
    assert [o for o, _ in outcomes.values()] == ["failed", "passed"], "\n".join(result.outlines[-60:])
    assert lines[1] == f"at: {CONFIRM}", lines
    assert lines[2].startswith(f"because: Odoo at {odoo.target.url} did not reply within {CALL_TIMEOUT_S} s")
    assert outcomes["test_odoo_hangs_during_an_order"][1] < CALL_TIMEOUT_S + 30


def test_odoo_hung_stops_the_scenario_at_its_time_limit(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, odoo: DedicatedOdoo
) -> None:
    """With the call timeout at its default (300 s), a hung Odoo is cut off by the scenario's time limit
    (GOLIVE_SCENARIO_TIMEOUT), reported as such; SIGCONT, and the next scenario passes."""
    titles = ("Odoo hangs past the limit", "Odoo answers in time")
    limit = str(SCENARIO_LIMIT_S)
    result = run_hung(pytester, monkeypatch, odoo, SHIP, titles, GOLIVE_SCENARIO_TIMEOUT=limit)
    outcomes = durations(result)
    assert [o for o, _ in outcomes.values()] == ["failed", "passed"], "\n".join(result.outlines[-60:])
    text = "\n".join(result.outlines)
    assert f"the scenario ran past its time limit of {SCENARIO_LIMIT_S} s (GOLIVE_SCENARIO_TIMEOUT)" in text
    assert outcomes["test_odoo_hangs_past_the_limit"][1] < SCENARIO_LIMIT_S + 5


def test_postgresql_restarted_between_two_calls_odoo_reconnects(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, odoo: DedicatedOdoo
) -> None:
    """The private cluster restarts between two steps, no call in flight: Odoo's pool reconnects and the
    scenario passes, as do later ones."""
    before = odoo.cluster.postmaster_pid
    faults = Faults(before_step={("PostgreSQL restarts between steps", SHIP): odoo.cluster.restart})
    result = run_drill(
        pytester,
        monkeypatch,
        odoo,
        drill("PostgreSQL restarts between steps", "PostgreSQL is back"),
        faults,
    )
    assert [o for o, _ in durations(result).values()] == ["passed", "passed"], "\n".join(
        result.outlines[-60:]
    )
    assert odoo.cluster.postmaster_pid not in (0, before), "PostgreSQL was not restarted"


def test_postgresql_down_the_call_says_odoo_cannot_open_its_database(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, odoo: DedicatedOdoo
) -> None:
    """The private cluster is stopped between two steps: the next call fails in one line saying Odoo could
    not open its database; started again, the next scenario passes."""
    faults = Faults(
        before_step={("PostgreSQL is down", SHIP): odoo.cluster.stop},
        before_scenario={"PostgreSQL is up again": odoo.cluster.start},
    )
    result = run_drill(
        pytester, monkeypatch, odoo, drill("PostgreSQL is down", "PostgreSQL is up again"), faults
    )
    assert [o for o, _ in durations(result).values()] == ["failed", "passed"], "\n".join(
        result.outlines[-60:]
    )
    lines = failure_lines(result)
    assert lines[1] == f"at: {SHIP}", lines
    assert lines[2].endswith(f"Odoo could not open database {odoo.db!r} (is its PostgreSQL running?)"), lines


def test_postgresql_restarted_during_a_call(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, odoo: DedicatedOdoo
) -> None:
    """The private cluster restarts while Odoo is inside a call (waiting on a lock this test holds): that
    scenario fails in one line saying Odoo lost PostgreSQL, naming the step; once PostgreSQL is back, the
    next one passes."""
    held: list[Any] = []
    restarting: list[threading.Thread] = []

    def restart_when_odoo_waits() -> None:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with odoo.cluster.pg.cursor() as cur:
                cur.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
                    (odoo.db,),
                )
                if cur.fetchone():
                    break
            time.sleep(0.2)
        odoo.cluster.restart()

    def restart_during_the_call() -> None:
        conn = odoo.cluster.pg.connect(odoo.db)
        conn.autocommit = False
        conn.cursor().execute("LOCK TABLE stock_picking IN ACCESS EXCLUSIVE MODE")
        held.append(conn)  # the step's first read of a transfer waits on it, inside Odoo's transaction ...
        restarting.append(threading.Thread(target=restart_when_odoo_waits))
        restarting[0].start()  # ... until PostgreSQL restarts under it

    faults = Faults(
        before_step={("PostgreSQL restarts during a call", SHIP): restart_during_the_call},
        before_scenario={"PostgreSQL answers again": lambda: restarting[0].join()},
    )
    titles = ("PostgreSQL restarts during a call", "PostgreSQL answers again")
    try:
        result = run_drill(pytester, monkeypatch, odoo, drill(*titles), faults)
    finally:
        for conn in held:
            conn.close()
    outcomes = durations(result)
    assert [o for o, _ in outcomes.values()] == ["failed", "passed"], "\n".join(result.outlines[-60:])
    lines = failure_lines(result)
    assert lines[1] == f"at: {SHIP}", lines
    assert "lost its connection to PostgreSQL during " in lines[2], lines


KILLED_RUN = """
import os, sys, time
from pathlib import Path
from fixtures.harness import PgSettings, find_installation
from fixtures.private_cluster import DedicatedOdoo, postgres_bindir

odoo = DedicatedOdoo.open(
    find_installation(Path(os.environ["ODOO_HOME"])), PgSettings.from_env(os.environ), run_id="glkill",
    data_dir=Path(sys.argv[1]), log_dir=Path(sys.argv[2]), bindir=postgres_bindir(os.environ),
)
print("ready", flush=True)
time.sleep(600)
"""


def test_a_killed_fault_run_leaves_a_cluster_the_next_start_removes(
    dedicated_odoo: DedicatedOdoo, tmp_path: Path
) -> None:
    """A fault run killed with its private cluster and odoo-bin up: the lock names the cluster, and the
    stale-run clean-up stops both and deletes the cluster's folder, leaving a live run's alone."""
    data_dir = tmp_path / "data"
    run = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(data_dir), str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ODOO_HOME": str(dedicated_odoo.installation.home)},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert run.stdout is not None and run.stdout.readline().strip() == "ready"
        run.send_signal(signal.SIGKILL)
        run.wait()
    finally:
        run.kill()
    (lock_file,) = (data_dir / "runs").glob("*.json")
    lock = json.loads(lock_file.read_text())
    pgdata = Path(lock["cluster_dir"]) / "pgdata"
    postmaster = postmaster_pid(pgdata)
    assert postmaster and is_alive(lock["odoo_pid"], lock["odoo_started"]), "the killed run left nothing"

    said: list[str] = []
    cleaner = LocalOdoo(
        dedicated_odoo.installation,
        PgSettings.from_env(os.environ),
        run_id="glclean",
        data_dir=data_dir,
        log_dir=tmp_path,
        say=said.append,
    )
    assert cleaner.clean_stale_runs() == [lock["database"]]
    assert said == [
        f"golive: cleaned up after 1 killed run(s): {lock['database']} (private PostgreSQL cluster "
        f"{lock['cluster_dir']}) and its odoo-bin"
    ]
    assert not is_alive(lock["odoo_pid"], lock["odoo_started"])
    assert not Path(f"/proc/{postmaster}").exists()
    assert not Path(lock["cluster_dir"]).exists()
    assert not lock_file.exists()
    # This run's own cluster (its owner alive) is never touched.
    assert dedicated_odoo.cluster.postmaster_pid and dedicated_odoo.running
