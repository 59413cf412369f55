"""Launching Debian's Chromium for the browser driver: executable path, headless or headed, closed network.

``playwright install`` cannot download anything where golive runs, so the browser is always the system's::

    path = chromium_path(os.environ)          # GOLIVE_CHROMIUM, else chromium on PATH, else None
    with sync_playwright() as pw:
        browser = launch(pw, path, headed=os.environ.get("GOLIVE_HEADED") == "1")
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping

from playwright.sync_api import Browser, Playwright

from drivers.errors import GoliveError

#: Flags that keep Chromium quiet on a closed network (no update checks, sync, background fetches).
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


class NoBrowser(GoliveError):
    """GOLIVE_CHROMIUM names something that is not an executable."""


def chromium_path(environ: Mapping[str, str]) -> str | None:
    """The Chromium executable: GOLIVE_CHROMIUM when set, else the first of :data:`CANDIDATES` on PATH.

    Returns None when there is none; raises :class:`NoBrowser` when GOLIVE_CHROMIUM is set but wrong.
    """
    configured = environ.get("GOLIVE_CHROMIUM", "").strip()
    if configured:
        if not (os.path.isfile(configured) and os.access(configured, os.X_OK)):
            raise NoBrowser(f"GOLIVE_CHROMIUM={configured!r} is not an executable file")
        return configured
    for name in CANDIDATES:
        found = shutil.which(name, path=environ.get("PATH", os.defpath))
        if found:
            return found
    return None


def launch(playwright: Playwright, executable: str, *, headed: bool = False) -> Browser:
    """Start Chromium at ``executable`` (headless unless ``headed``)."""
    return playwright.chromium.launch(executable_path=executable, headless=not headed, args=list(LAUNCH_ARGS))
