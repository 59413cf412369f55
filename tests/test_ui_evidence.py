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

from drivers.traces import MIN_GLOBAL_SECRET
from fixtures.live import LiveOdoo

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.live, pytest.mark.ui]
NESTED_CONFTEST = (
    'pytest_plugins = ["fixtures.session", "fixtures.scenario", "fixtures.ui", "steps.stock", "steps.sales", '
    '"steps.purchase"]\n'
)
NESTED_TEST = 'from pytest_bdd import scenarios\n\nscenarios("failing.feature")\n'
SESSION_VALUE = re.compile(rb"session_id=(?!\*\*\*)[^;\"\s]+")


def _shows_password(member: bytes, password: bytes) -> bool:
    """Whether a trace member shows ``password``: anywhere when it is long enough to be unambiguous (see
    drivers/traces.py), else where a password is written (typed into a field, sent in a form or JSON)."""
    if len(password) >= MIN_GLOBAL_SECRET:
        return password in member
    value = re.escape(password)
    keyed = rb'password(?:=|"\s*:\s*"|\\"\s*:\s*\\")' + value + rb'(?:[&";\s\\]|$)'
    field = rb'"name"\s*:\s*"password"\s*,\s*"value"\s*:\s*"' + value + rb'"'
    typed = rb'fill\(\\?"' + value + rb'\\?"\)|"selector":"[^"]*password[^"]*"[^}]*"value":"' + value + rb'"'
    return any(re.search(pattern, member) for pattern in (keyed, field, typed))


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
            assert not _shows_password(member, password), f"{attachment['name']} shows the admin's password"
            assert not SESSION_VALUE.search(member), f"{attachment['name']} contains a session id"
            assert not re.search(rb'"name":\s*"[Cc]ookie",\s*"value":\s*"(?!\*\*\*)', member), attachment[
                "name"
            ]
        if attachment["type"] == "application/zip":
            # Scrubbing masks by key: the trace still shows the server's URL and record ids unaltered.
            everything = b"".join(members)
            assert target.url.encode() in everything, f"{attachment['name']} lost the server's URL"
            assert b"***27.0.0" not in everything and b'"id":***' not in everything, attachment["name"]
