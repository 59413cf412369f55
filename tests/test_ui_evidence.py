"""A failing @ui step in a nested live run leaves screenshots and scrubbed traces in its Allure results."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fixtures.live import LiveOdoo

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.live, pytest.mark.ui]
NESTED_CONFTEST = (
    'pytest_plugins = ["fixtures.session", "fixtures.scenario", "fixtures.ui", "steps.stock", "steps.sales", '
    '"steps.purchase"]\n'
)
NESTED_TEST = 'from pytest_bdd import scenarios\n\nscenarios("failing.feature")\n'
SESSION_VALUE = re.compile(rb"session_id=(?!\*\*\*)[^;\"\s]+")


def test_failing_ui_step_attaches_screens_and_scrubbed_traces(live_odoo: LiveOdoo, tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    shutil.copy(ROOT / "tests/data/ui_failure/failing.feature", features / "failing.feature")
    (tmp_path / "conftest.py").write_text(NESTED_CONFTEST)
    (tmp_path / "test_failing.py").write_text(NESTED_TEST)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nbdd_features_base_dir = features\nmarkers =\n    ui: browser\n"
    )
    target = live_odoo.target
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "ODOO_URL": target.url,
        "ODOO_DB": target.db,
        "ODOO_USER": target.user,
        "ODOO_PASSWORD": target.password,
    }
    results = tmp_path / "allure"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            f"--alluredir={results}",
            "test_failing.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1, (
        f"the nested run should fail its Then step:\n{run.stdout[-3000:]}{run.stderr[-2000:]}"
    )
    [result] = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    [failed] = [s for s in result["steps"] if s["status"] in ("failed", "broken")]
    assert failed["name"] == 'Then the delivery is "done"'
    kinds = {a["type"]: a for a in failed.get("attachments", [])}
    assert "image/png" in kinds, f"no screenshot attached to the failing step: {failed.get('attachments')}"
    assert "application/zip" in kinds, f"no trace attached to the failing step: {failed.get('attachments')}"
    password = target.password.encode()
    for attachment in failed["attachments"]:
        data = (results / attachment["source"]).read_bytes()
        members = [data]
        if attachment["type"] == "application/zip":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
                assert any(n.endswith(".trace") for n in names), f"not a Playwright trace: {names[:5]}"
                members = [archive.read(n) for n in names]
        for member in members:
            assert password not in member, f"{attachment['name']} contains the administrator's password"
            assert not SESSION_VALUE.search(member), f"{attachment['name']} contains a session id"
            assert not re.search(rb'"name":\s*"[Cc]ookie",\s*"value":\s*"(?!\*\*\*)', member), attachment[
                "name"
            ]
