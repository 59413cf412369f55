"""Each way of pointing golive at the wrong place ends in one clear line, and no password is ever shown."""

import http.server
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from drivers.errors import ConnectionProblem, DatabaseNotMarked
from drivers.rpc import OdooRpc
from fixtures.harness import LocalOdoo, PgSettings, free_port
from fixtures.live import LiveOdoo
from fixtures.scenario import GoliveState

ROOT = Path(__file__).resolve().parents[1]
SECRET = "never-print-me-7f3a"


@pytest.fixture
def not_odoo() -> Iterator[str]:
    """A web server that is not Odoo (answers 404 to everything)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    server.RequestHandlerClass.log_message = lambda *a: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/nothing-here"
    server.shutdown()


def test_wrong_url_says_it_is_not_odoo(not_odoo):
    with pytest.raises(ConnectionProblem, match="does not look like an Odoo server") as caught:
        OdooRpc.login(not_odoo, "db", "admin", SECRET)
    assert SECRET not in str(caught.value) and "\n" not in str(caught.value)


def test_odoo_not_running_says_it_is_not_reachable():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(ConnectionProblem, match="not reachable") as caught:
        OdooRpc.login(url, "db", "admin", SECRET)
    assert SECRET not in str(caught.value)


def test_a_server_that_closes_the_connection_mid_call_stopped_answering():
    """Connected, then closed without a reply (as a killed Odoo's socket is): not 'connection refused'."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def close_after_reading() -> None:
        conn = listener.accept()[0]
        conn.recv(65536)
        conn.close()

    threading.Thread(target=close_after_reading, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        with pytest.raises(ConnectionProblem) as caught:
            OdooRpc.login(url, "db", "admin", SECRET)
    finally:
        listener.close()
    assert str(caught.value) == (
        f"Odoo at {url} stopped answering: the connection closed before its reply to "
        "'web/session/authenticate' (was Odoo stopped or restarted?)"
    )


def run_pytest(env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "GOLIVE_", "PYTEST_XDIST"))}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=ROOT,
        env=env | env_extra,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_unreachable_odoo_url_stops_the_run_with_one_line():
    done = run_pytest(
        {
            "ODOO_URL": f"http://127.0.0.1:{free_port()}",
            "ODOO_DB": "x",
            "ODOO_USER": "admin",
            "ODOO_PASSWORD": SECRET,
        },
        "steps",
    )
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR: golive:")]
    assert len(errors) == 1 and "not reachable" in errors[0]
    assert SECRET not in done.stdout + done.stderr


def test_missing_odoo_variables_stop_the_run_with_one_line():
    done = run_pytest({"ODOO_URL": "http://127.0.0.1:1"}, "steps")
    assert done.returncode == pytest.ExitCode.USAGE_ERROR
    assert "ERROR: golive: ODOO_URL is set but ODOO_DB, ODOO_USER, ODOO_PASSWORD are not" in done.stderr


def test_without_any_odoo_live_tests_skip_with_the_reason():
    # The capacity features and @offline scenarios run with or without an Odoo: not what this test is about.
    done = run_pytest(
        {"ODOO_HOME": "/nonexistent/odoo"}, "steps", "-rs", "-m", "not capacity and not offline"
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "no live Odoo: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD" in done.stdout
    assert " passed" not in done.stdout.splitlines()[-1]


@pytest.mark.live
def test_wrong_password_is_named(live_odoo: LiveOdoo):
    target = live_odoo.target
    with pytest.raises(ConnectionProblem, match="wrong user or password") as caught:
        OdooRpc.login(target.url, target.db, target.user, SECRET)
    assert SECRET not in str(caught.value)


@pytest.mark.live
def test_unknown_database_is_named(live_odoo: LiveOdoo):
    target = live_odoo.target
    with pytest.raises(ConnectionProblem, match="has no database 'golive_no_such_db'"):
        OdooRpc.login(target.url, "golive_no_such_db", target.user, target.password)


@pytest.mark.harness
def test_unmarked_database_is_refused_before_any_write(
    live_odoo: LiveOdoo, golive_state: GoliveState, tmp_path: Path
):
    harness = golive_state.harness
    assert harness is not None
    pg = PgSettings.from_env(os.environ)
    # A copy of the template made as the harness makes one (it waits while another run copies it).
    copy = LocalOdoo(
        harness.installation, pg, run_id=f"{harness.run_id}_unmarked", data_dir=tmp_path, log_dir=tmp_path
    )
    copy.copy_template()
    unmarked = copy.db
    try:
        with pg.cursor(unmarked) as cur:
            cur.execute("DELETE FROM ir_config_parameter WHERE key = 'golive.test_database'")
        with pytest.raises(DatabaseNotMarked, match=r"set the system parameter golive\.test_database = 1"):
            LiveOdoo.connect(replace(live_odoo.target, db=unmarked))
    finally:
        with pg.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (unmarked,)
            )
            cur.execute(f'DROP DATABASE IF EXISTS "{unmarked}"')
