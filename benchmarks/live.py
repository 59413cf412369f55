"""The Odoo a benchmark runs against: ODOO_URL and friends, or the local harness at ODOO_HOME."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fixtures.harness import LocalOdoo, PgSettings, find_installation
from fixtures.namespace import new_run_id
from fixtures.target import OdooTarget, target_from_env

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def live_target() -> Iterator[OdooTarget]:
    """Yield a target to benchmark against; exits with one line when there is none."""
    target = target_from_env(os.environ)
    if target is not None:
        yield target
        return
    installation = find_installation(Path(os.environ.get("ODOO_HOME", "/opt/odoo")))
    if installation is None:
        sys.exit(
            "no live Odoo: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD, or install Odoo at ODOO_HOME"
        )
    harness = LocalOdoo(
        installation,
        PgSettings.from_env(os.environ),
        run_id=new_run_id(),
        data_dir=Path(os.environ.get("GOLIVE_DATA_DIR", Path.home() / ".cache/golive/odoo")),
        log_dir=ROOT / "reports",
        say=lambda line: print(line, file=sys.stderr),
    )
    with harness as target:
        yield target
