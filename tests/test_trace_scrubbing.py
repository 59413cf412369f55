"""A real Playwright trace, recorded in Chromium against a loopback page, keeps its evidence when scrubbed.

The page sets the cookies Odoo sets (a long ``session_id`` and ``cids=1``) and has a login form; the
scrubbed trace must lose every secret and keep every id, quantity and URL unaltered.
"""

from __future__ import annotations

import io
import json
import os
import threading
import zipfile
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from drivers.browser import chromium_path
from drivers.traces import scrub_trace

SESSION = "5e0c9a3b7d1f4e2a8c6b0d9e7f5a3c1b2d4e6f80"
ROLE_PASSWORD = "Zr4-generated-role-pass-9Qk"
SHORT_ADMIN_PASSWORD = "admin"
PAGE = b"""<html><body>
<form method="post" action="/web/login"><input name="login"><input name="password" type="password">
<button type="submit">Log in</button></form>
<table><tr data-id="1317"><td>WH/OUT/00011</td><td>qty 11.0</td></tr></table>
</body></html>"""


class _Odoolike(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Set-Cookie", f"session_id={SESSION}; Path=/; HttpOnly")
        self.send_header("Set-Cookie", "cids=1; Path=/")
        self.end_headers()
        self.wfile.write(PAGE)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.do_GET()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Odoolike)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/odoo/action-101?id=1317"
    finally:
        server.shutdown()


@pytest.fixture
def browser(request: pytest.FixtureRequest) -> Browser:
    """The session's Chromium (fixtures/ui.py), shared with @ui scenarios run in the same process."""
    if chromium_path(os.environ) is None:
        pytest.skip("no Chromium to record a real trace (install the chromium package)")
    return request.getfixturevalue("ui_browser")


def _record(browser: Browser, url: str, path: Path, password: str) -> None:
    context = browser.new_context()
    try:
        context.tracing.start(screenshots=True, snapshots=True)
        page = context.new_page()
        page.goto(url)
        page.locator("input[name=login]").fill("buyer")
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        context.tracing.stop(path=path)
    finally:
        context.close()


def _objects(events: bytes) -> Iterator[dict]:
    """Every JSON object in a JSON-lines trace member, nested ones included."""
    stack: list[object] = [json.loads(line) for line in events.splitlines() if line.strip()]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            yield value
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _members(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


@pytest.mark.parametrize("password", [ROLE_PASSWORD, SHORT_ADMIN_PASSWORD])
def test_real_trace_loses_its_secrets_and_keeps_ids_and_urls(
    browser: Browser, page_url: str, tmp_path: Path, password: str
) -> None:
    raw_path = tmp_path / "trace.zip"
    _record(browser, page_url, raw_path, password)
    raw = _members(raw_path.read_bytes())
    clean = _members(scrub_trace(raw_path.read_bytes(), secrets=[password, SESSION, "1"]))

    assert clean.keys() == raw.keys()
    everything = b"".join(clean.values())
    assert SESSION.encode() not in everything
    assert ROLE_PASSWORD.encode() not in everything
    # The short admin password is masked where it was typed, in the fill call and its log line.
    fills = [
        json.loads(line)
        for name, data in clean.items()
        if name.endswith(".trace")
        for line in data.splitlines()
        if b'"fill"' in line and b"password" in line
    ]
    assert fills and all(event["params"]["value"] == "***" for event in fills)
    assert f'fill("{password}")'.encode() not in everything
    # ... and in the form body the network log keeps as name/value pairs.
    fields = [f for f in _objects(clean["trace.network"]) if f.get("name") in ("password", "Cookie")]
    assert fields and all(f["value"] == "***" for f in fields)
    # Evidence unaltered: the URL with its port and ids, the record id, the quantity, the short cookie.
    port_url = page_url.encode()
    assert port_url in clean["trace.network"] or port_url in clean["trace.trace"]
    assert b"127.0.0.1" in everything and b"***27.0.0" not in everything
    assert b"1317" in everything and b"qty 11.0" in everything
    # Members without a secret are byte for byte the same; the others differ only where a secret was.
    for name, data in raw.items():
        if SESSION.encode() not in data and password.encode() not in data:
            assert clean[name] == data, f"{name} changed although it held no secret"
