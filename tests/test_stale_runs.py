"""A killed run leaves a database and an odoo-bin behind; the next harness start removes both, and only
those of runs whose owner is gone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fixtures.harness import LocalOdoo, PgSettings
from fixtures.scenario import GoliveState
from fixtures.stale_runs import RunLock, is_alive, process_start, stale_locks

ROOT = Path(__file__).resolve().parents[1]
NESTED_CONFTEST = 'pytest_plugins = ["fixtures.session", "fixtures.scenario"]\n'
NESTED_TEST = """import time
import pytest

@pytest.mark.live
def test_waits_to_be_killed(live_odoo):
    time.sleep(600)
"""


def test_a_process_is_alive_only_with_its_own_start_time() -> None:
    me = os.getpid()
    assert is_alive(me, process_start(me))
    assert not is_alive(me, "0")  # a reused pid started at another time is not the owner


def test_only_locks_of_dead_owners_are_stale(tmp_path: Path) -> None:
    mine = RunLock.create(tmp_path, run_id="glmine", database="golive_run_glmine")
    gone = subprocess.Popen(["true"])
    started = process_start(gone.pid)
    gone.wait()
    dead = RunLock(tmp_path / "gldead.json", "gldead", "golive_run_gldead", gone.pid, started)
    dead._write()
    (tmp_path / "half.json").write_text("{not json")
    assert [lock.run_id for lock in stale_locks(tmp_path)] == ["gldead"]
    assert RunLock.read(mine.path) == mine


def test_a_lock_names_its_private_cluster_and_removes_it(tmp_path: Path) -> None:
    cluster = tmp_path / "golive-pg-x"
    (cluster / "pgdata").mkdir(parents=True)
    lock = RunLock.create(tmp_path, run_id="glpriv", database="golive_run_glpriv", cluster_dir=str(cluster))
    assert RunLock.read(lock.path) == lock and lock.record(odoo_pid=os.getpid()).cluster_dir == str(cluster)
    assert lock.remove_cluster() and not cluster.exists()  # no postmaster.pid: nothing to stop
    assert not lock.remove_cluster()  # already gone
    plain = RunLock.create(tmp_path, run_id="glplain", database="golive_run_glplain")
    assert plain.cluster_dir == "" and not plain.remove_cluster()


@pytest.mark.harness
def test_killed_run_is_cleaned_by_the_next_start(golive_state: GoliveState, tmp_path: Path) -> None:
    harness = golive_state.harness
    assert harness is not None
    (tmp_path / "conftest.py").write_text(NESTED_CONFTEST)
    (tmp_path / "test_killed.py").write_text(NESTED_TEST)
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "PYTEST_XDIST", "GOLIVE_"))}
    env |= {"PYTHONPATH": str(ROOT), "GOLIVE_DATA_DIR": str(data_dir)}
    env["ODOO_HOME"] = str(harness.installation.home)
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_killed.py"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    lock = _wait_for_odoo(data_dir / "runs", run)
    run.send_signal(signal.SIGKILL)
    run.wait()
    pg = PgSettings.from_env(os.environ)
    assert is_alive(lock["odoo_pid"], lock["odoo_started"]), "the killed run's odoo-bin should be left behind"
    assert _exists(pg, lock["database"]), "the killed run's database should be left behind"

    said: list[str] = []
    cleaner = LocalOdoo(
        harness.installation, pg, run_id="glclean", data_dir=data_dir, log_dir=tmp_path, say=said.append
    )
    assert cleaner.clean_stale_runs() == [lock["database"]]
    assert not is_alive(lock["odoo_pid"], lock["odoo_started"])
    assert not _exists(pg, lock["database"])
    assert said == [f"golive: cleaned up after 1 killed run(s): {lock['database']} and its odoo-bin"]
    assert not list((data_dir / "runs").glob("*.json"))
    # This run's own database (its owner alive) is never touched.
    assert _exists(pg, harness.db)


def _wait_for_odoo(runs_dir: Path, run: subprocess.Popen[bytes], timeout_s: float = 300) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert run.poll() is None, "the nested run ended before it could be killed"
        for path in runs_dir.glob("*.json"):
            lock = json.loads(path.read_text())
            if lock.get("odoo_pid"):
                return lock
        time.sleep(0.5)
    run.kill()
    raise AssertionError(f"the nested run started no odoo-bin within {timeout_s:.0f} s")


def _exists(pg: PgSettings, database: str) -> bool:
    with pg.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
        return cur.fetchone() is not None
