"""Fixtures shared by the live tests under tests/ (the scenarios' own are in fixtures/)."""

from __future__ import annotations

import pytest

from fixtures.companies import Administrator, worker_administrator
from fixtures.live import LiveOdoo
from fixtures.session import GoliveState


@pytest.fixture(scope="session")
def calibration_admin(live_odoo: LiveOdoo, golive_state: GoliveState) -> Administrator:
    """The worker's administrator of the calibration tests: it makes their companies, writes their
    histories and runs ``python -m simulation`` (never the one ``admin`` of all workers: see
    fixtures/companies.py ``company_administrator``)."""
    prefix = f"{golive_state.run_id}-{golive_state.worker}"
    return worker_administrator(live_odoo.admin, live_odoo.version, prefix, "calibration")
