"""Live: golive's deselections reach the terminal and reports/deselected.json, also under xdist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fixtures.live import LiveOdoo
from tests.test_connection_errors import run_pytest

ROOT = Path(__file__).resolve().parents[1]
NO_CHROMIUM = "/nonexistent/chromium"


@pytest.mark.live
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_deselected_scenarios_are_printed_and_written_with_reason_and_version(
    live_odoo: LiveOdoo, workers: list[str]
):
    """With no browser, the @ui partial-stock Examples block is deselected: one line, one JSON record."""
    target = live_odoo.target
    env = {
        "ODOO_URL": target.url,
        "ODOO_DB": target.db,
        "ODOO_USER": target.user,
        "ODOO_PASSWORD": target.password,
        "GOLIVE_CHROMIUM": NO_CHROMIUM,
    }
    done = run_pytest(env, "steps", "-m", "ui", "-k", "ships_in_part", *workers)
    assert done.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, done.stdout[-2000:]
    lines = [line for line in done.stdout.splitlines() if line.startswith("golive: deselected ")]
    assert len(lines) == 1 and f"runs in the browser (@ui) and GOLIVE_CHROMIUM='{NO_CHROMIUM}'" in lines[0]
    records = json.loads((ROOT / "reports" / "deselected.json").read_text("utf-8"))
    assert [r["test"] for r in records] == [lines[0].split()[2].rstrip(":")]
    assert records[0]["odoo_version"] == live_odoo.server_version
    assert records[0]["reason"] == lines[0].split(": ", 2)[2]
