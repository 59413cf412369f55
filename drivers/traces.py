"""Scrubbing a Playwright trace archive before it leaves the machine: no password, cookie or session id.

A trace records every network request with its headers (``Cookie: session_id=...``) and bodies; this
rewrites every text member of the zip::

    clean = scrub_trace(Path("trace.zip").read_bytes(), secrets=[password, session_id])
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

MASK = b"***"
#: Cookie and Set-Cookie header values as the trace's JSON stores them ({"name": ..., "value": ...}).
_COOKIE_HEADER = re.compile(
    rb'("name"\s*:\s*"(?:[Cc]ookie|[Ss]et-[Cc]ookie)"\s*,\s*"value"\s*:\s*")(?:[^"\\]|\\.)*(")'
)
#: A session id or password wherever it is written as key=value or "key": "value".
_KEYED = re.compile(
    rb'((?:session_id|password|csrf_token)(?:=|"\s*:\s*"|\\"\s*:\s*\\"))(?:[^";&\s\\]|\\(?!"))+',
    re.IGNORECASE,
)
_BINARY = (".jpeg", ".jpg", ".png", ".webp", ".woff", ".woff2")


def scrub_bytes(data: bytes, secrets: Iterable[str]) -> bytes:
    """``data`` with each secret, every cookie header value and every keyed session id/password masked."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        data = data.replace(secret.encode(), MASK)
    data = _COOKIE_HEADER.sub(rb"\1***\2", data)
    return _KEYED.sub(rb"\1***", data)


def scrub_trace(archive: bytes, secrets: Iterable[str]) -> bytes:
    """A copy of the trace zip ``archive`` with :func:`scrub_bytes` applied to every non-image member."""
    secrets = list(secrets)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest,
    ):
        for info in source.infolist():
            data = source.read(info)
            if not info.filename.lower().endswith(_BINARY):
                data = scrub_bytes(data, secrets)
            dest.writestr(info.filename, data)
    return out.getvalue()
