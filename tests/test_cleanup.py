"""``python -m steps cleanup`` counts, then archives, the namespaced records of a past run on a live Odoo."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faker import Faker

from fixtures.cleanup import parse_age
from fixtures.factories import MasterData
from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text", ["7", "7 days", "-1d", "1w", ""])
def test_bad_ages_are_refused_naming_the_accepted_forms(text: str) -> None:
    with pytest.raises(ValueError, match=r"give a number and a unit s, m, h or d"):
        parse_age(text)


def _cleanup(live_odoo: LiveOdoo, *args: str) -> subprocess.CompletedProcess[str]:
    target = live_odoo.target
    env = os.environ | {
        "ODOO_URL": target.url,
        "ODOO_DB": target.db,
        "ODOO_USER": target.user,
        "ODOO_PASSWORD": target.password,
    }
    return subprocess.run(
        [sys.executable, "-m", "steps", "cleanup", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.live
def test_a_past_runs_records_are_counted_then_archived(live_odoo: LiveOdoo) -> None:
    past_run = "gl" + secrets.token_hex(2)
    data = MasterData(live_odoo.admin, live_odoo.version, Namespace(past_run, "main", "t"), Faker())
    partner, product = data.customer("acme"), data.product("widget")
    warehouse = data.warehouse("north").id
    time.sleep(1.5)  # create_date is in whole seconds

    dry = _cleanup(live_odoo, "--run", past_run, "--older-than", "0s")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "res.partner: 1\n" in dry.stdout and "product.product: 1\n" in dry.stdout
    assert "stock.warehouse: 1\n" in dry.stdout and "nothing changed" in dry.stdout
    assert live_odoo.admin.call("res.partner", "read", [partner], ["active"])[0]["active"] is True
    assert target_password_not_in(dry, live_odoo)

    done = _cleanup(live_odoo, "--run", past_run, "--older-than", "0s", "--apply")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "res.partner: 1 archived, 0 refused" in done.stdout
    for model, record in (
        ("res.partner", partner),
        ("product.product", product),
        ("stock.warehouse", warehouse),
    ):
        row = live_odoo.admin.call(model, "read", [record], ["active"], context={"active_test": False})[0]
        assert row["active"] is False, f"{model} {record} is still active"

    again = _cleanup(live_odoo, "--run", past_run, "--older-than", "0s")
    assert "res.partner: 0\n" in again.stdout


def target_password_not_in(run: subprocess.CompletedProcess[str], live_odoo: LiveOdoo) -> bool:
    password = live_odoo.target.password
    return len(password) < 4 or password not in run.stdout + run.stderr


def test_without_an_odoo_named_it_is_a_usage_error() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    run = subprocess.run(
        [sys.executable, "-m", "steps", "cleanup"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 2
    assert (
        run.stderr.strip()
        == "cleanup: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD to the database to clean"
    )
