"""Offline tests of the browser driver's pure logic: finding Chromium, and scrubbing a trace archive."""

import io
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from drivers.browser import NoBrowser, chromium_path
from drivers.traces import scrub_trace

PASSWORD = "Xq9-role-password-7Lm"
SESSION = "4f1c0ffee0ddba11c0ffee0ddba11c0ffee0ddba"
CSRF = "a1b2c3d4e5f6a7b8c9d0"


def _executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_configured_chromium_wins_over_path(tmp_path: Path) -> None:
    configured = _executable(tmp_path, "my-chromium")
    (tmp_path / "bin").mkdir()
    _executable(tmp_path / "bin", "chromium")
    env = {"GOLIVE_CHROMIUM": str(configured), "PATH": str(tmp_path / "bin")}
    assert chromium_path(env) == str(configured)


def test_configured_chromium_that_is_not_executable_is_an_error_naming_it(tmp_path: Path) -> None:
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")
    for wrong in (str(not_executable), str(tmp_path / "missing")):
        with pytest.raises(NoBrowser, match=r"GOLIVE_CHROMIUM=.*is not an executable file"):
            chromium_path({"GOLIVE_CHROMIUM": wrong, "PATH": os.defpath})


def test_chromium_is_found_on_path_in_candidate_order(tmp_path: Path) -> None:
    _executable(tmp_path, "google-chrome")
    assert chromium_path({"PATH": str(tmp_path)}) == str(tmp_path / "google-chrome")
    _executable(tmp_path, "chromium-browser")
    assert chromium_path({"PATH": str(tmp_path)}) == str(tmp_path / "chromium-browser")


def test_no_chromium_anywhere_is_none(tmp_path: Path) -> None:
    assert chromium_path({"PATH": str(tmp_path), "GOLIVE_CHROMIUM": "  "}) is None


def _fake_trace() -> bytes:
    """A zip shaped like a Playwright trace: a network entry with cookies and a login form body."""
    request = {
        "type": "resource-snapshot",
        "snapshot": {
            "request": {
                "url": "http://odoo/web/login",
                "headers": [
                    {"name": "Cookie", "value": f"session_id={SESSION}; frontend_lang=en_US"},
                    {"name": "Accept", "value": "text/html"},
                ],
                "postData": {"text": f"csrf_token={CSRF}&login=buyer&password={PASSWORD}"},
            },
            "response": {"headers": [{"name": "Set-Cookie", "value": f"session_id={SESSION}; HttpOnly"}]},
        },
    }
    rpc = {"type": "log", "message": json.dumps({"params": {"password": PASSWORD}})}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("trace.network", json.dumps(request) + "\n")
        archive.writestr("trace.trace", json.dumps(rpc) + "\n")
        archive.writestr("resources/page.html", f"<input name='password' value='{PASSWORD}'>")
        archive.writestr("resources/shot.jpeg", b"\xff\xd8binary")
    return out.getvalue()


def test_scrubbed_trace_keeps_its_members_and_loses_every_secret(tmp_path: Path) -> None:
    path = tmp_path / "trace.zip"
    path.write_bytes(_fake_trace())
    clean = scrub_trace(path.read_bytes(), secrets=[PASSWORD])
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        names = archive.namelist()
        texts = {name: archive.read(name) for name in names}
    assert names == ["trace.network", "trace.trace", "resources/page.html", "resources/shot.jpeg"]
    for name, data in texts.items():
        for secret in (PASSWORD, SESSION, CSRF):
            assert secret.encode() not in data, f"{secret!r} left in {name}"
    network = json.loads(texts["trace.network"])
    headers = network["snapshot"]["request"]["headers"]
    assert headers[0] == {"name": "Cookie", "value": "***"}
    assert headers[1] == {"name": "Accept", "value": "text/html"}
    assert "login=buyer" in network["snapshot"]["request"]["postData"]["text"]
    assert texts["resources/shot.jpeg"] == b"\xff\xd8binary"


def test_session_id_is_scrubbed_even_when_not_a_known_secret() -> None:
    clean = scrub_trace(_fake_trace(), secrets=[])
    with zipfile.ZipFile(io.BytesIO(clean)) as archive:
        network = archive.read("trace.network")
    assert SESSION.encode() not in network
    assert CSRF.encode() not in network
    assert PASSWORD.encode() not in network
