"""Scrubbing a Playwright trace archive before it leaves the machine: no password, cookie or session id.

Evidence must stay as it happened, so secrets are masked **by key**, never by blind replacement of short
values (a cookie ``cids=1`` must not turn every ``1`` of the trace into ``***``):

- the trace's JSON events (``*.trace``, ``*.network``) are read line by line, and only a line holding a
  secret is rewritten: header values of ``Cookie``, ``Set-Cookie``, ``Authorization`` and Odoo's session
  header, values under keys such as ``password``, ``session_id``, ``csrf_token``, ``api_key``, the text
  typed by ``fill`` into a password field (and its log line), a password input's value in DOM snapshots;
- every other text member (request bodies, page resources) gets the keyed patterns only;
- a known secret is also replaced wherever it appears, but only when it is at least
  :data:`MIN_GLOBAL_SECRET` characters long (the role passwords golive generates, a long admin password or
  API key, session cookie values), so that the replacement cannot hit an unrelated value::

    clean = scrub_trace(Path("trace.zip").read_bytes(), secrets=[password, session_id])
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable
from typing import Any

MASK = "***"
#: A known secret shorter than this is masked only where a key says it is a secret.
MIN_GLOBAL_SECRET = 12
#: Keys whose values are secrets, in JSON objects, form bodies and query strings.
SECRET_KEYS = frozenset(
    {"password", "new_password", "old_password", "session_id", "csrf_token", "api_key", "apikey", "token"}
)
#: Headers whose values are secrets (compared in lower case).
SECRET_HEADERS = frozenset({"cookie", "set-cookie", "authorization", "x-openerp-session-id", "api-key"})
#: ``key=value`` or ``"key": "value"`` (also JSON escaped inside a string) for the keys above.
_KEYED = re.compile(
    rb'((?:new_|old_)?(?:session_id|password|csrf_token|api_?key)(?:=|"\s*:\s*"|\\"\s*:\s*\\"))'
    rb'(?:[^";&\s\\]|\\(?!"))+',
    re.IGNORECASE,
)
#: Header objects as a trace stores them: ``{"name": "Cookie", "value": "..."}``.
_HEADER = re.compile(
    rb'("name"\s*:\s*"(?:[Cc]ookie|[Ss]et-[Cc]ookie|[Aa]uthorization|[Xx]-[Oo]penerp-[Ss]ession-[Ii]d)"'
    rb'\s*,\s*"value"\s*:\s*")(?:[^"\\]|\\.)*(")'
)
_JSON_EVENTS = (".trace", ".network")
_BINARY = (".jpeg", ".jpg", ".png", ".webp", ".woff", ".woff2")


def scrub_bytes(data: bytes, secrets: Iterable[str]) -> bytes:
    """``data`` with long known secrets, secret header values and keyed secrets masked.

    >>> scrub_bytes(b"login=bob&password=hunter2&id=1", [])
    b'login=bob&password=***&id=1'
    >>> scrub_bytes(b'{"id": 1, "cids": "1"}', ["1"])   # a short value is never replaced blindly
    b'{"id": 1, "cids": "1"}'
    """
    for secret in _long(secrets):
        data = data.replace(secret.encode(), MASK.encode())
    data = _HEADER.sub(rb"\1***\2", data)
    return _KEYED.sub(rb"\1***", data)


def scrub_events(text: str, secrets: Iterable[str]) -> str:
    """A trace's JSON-lines member with secrets masked by key; lines without a secret are left as they are.

    >>> fill = '{"callId":"c1","method":"fill","params":{"selector":"#password","value":"admin"}}'
    >>> scrub_events(fill, [])
    '{"callId":"c1","method":"fill","params":{"selector":"#password","value":"***"}}'
    """
    long_secrets = _long(secrets)
    password_calls: set[str] = set()
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        try:
            event = json.loads(body)
        except ValueError:
            out.append(scrub_bytes(line.encode(), long_secrets).decode("utf-8", "replace"))
            continue
        if _is_password_fill(event):
            password_calls.add(str(event.get("callId")))
        clean = _scrub_value(event, long_secrets, password_calls)
        if clean == event:
            out.append(line)
        else:
            out.append(json.dumps(clean, ensure_ascii=False, separators=(",", ":")) + line[len(body) :])
    return "".join(out)


def scrub_trace(archive: bytes, secrets: Iterable[str]) -> bytes:
    """A copy of the trace zip ``archive``: events scrubbed by :func:`scrub_events`, other text members by
    :func:`scrub_bytes`, images untouched."""
    secrets = list(secrets)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
    ):
        for info in source.infolist():
            data = source.read(info)
            name = info.filename.lower()
            if name.endswith(_JSON_EVENTS):
                data = scrub_events(data.decode("utf-8", "surrogateescape"), secrets).encode(
                    "utf-8", "surrogateescape"
                )
            elif not name.endswith(_BINARY):
                data = scrub_bytes(data, secrets)
            dest.writestr(info.filename, data)
    return out.getvalue()


def _long(secrets: Iterable[str]) -> list[str]:
    """The secrets long enough to be replaced wherever they appear, longest first."""
    return sorted({s for s in secrets if s and len(s) >= MIN_GLOBAL_SECRET}, key=len, reverse=True)


def _is_password_fill(event: Any) -> bool:
    """A Playwright ``fill`` (or ``type``) into a field whose selector names a password."""
    if not isinstance(event, dict) or event.get("method") not in {"fill", "type", "pressSequentially"}:
        return False
    selector = str((event.get("params") or {}).get("selector", ""))
    return "password" in selector.lower()


def _scrub_value(value: Any, long_secrets: list[str], password_calls: set[str]) -> Any:
    if isinstance(value, dict):
        return _scrub_object(value, long_secrets, password_calls)
    if isinstance(value, list):
        return [_scrub_value(v, long_secrets, password_calls) for v in value]
    if isinstance(value, str):
        for secret in long_secrets:
            value = value.replace(secret, MASK)
        return _KEYED.sub(rb"\1***", value.encode("utf-8", "surrogateescape")).decode(
            "utf-8", "surrogateescape"
        )
    return value


def _scrub_object(obj: dict[str, Any], long_secrets: list[str], password_calls: set[str]) -> dict[str, Any]:
    clean = {
        key: MASK
        if str(key).lower() in SECRET_KEYS and value
        else _scrub_value(value, long_secrets, password_calls)
        for key, value in obj.items()
    }
    # A header or a form field: {"name": "Cookie", "value": "..."}, {"name": "password", "value": "..."}.
    if str(obj.get("name", "")).lower() in SECRET_HEADERS | SECRET_KEYS and "value" in obj:
        clean["value"] = MASK
    # What fill typed into a password field, in its call and in its log line.
    if _is_password_fill(obj):
        clean["params"] = {**clean["params"], "value": MASK}
    if obj.get("type") == "log" and str(obj.get("callId")) in password_calls:
        clean["message"] = re.sub(r'\(".*"\)', '("***")', str(obj.get("message", "")))
    # A password input in a DOM snapshot keeps what was typed as an attribute.
    if str(obj.get("type", "")).lower() == "password" and "__playwright_value_" in obj:
        clean["__playwright_value_"] = MASK
    return clean
