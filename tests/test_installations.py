"""Offline tests of the rule that finds the machine's Odoo installations (fixtures/installations.py)."""

from __future__ import annotations

from pathlib import Path

from fixtures.installations import candidate_homes


def test_odoo_home_and_its_versioned_siblings(tmp_path: Path) -> None:
    for name in ("odoo", "odoo16", "odoo18", "odoo-19", "odoo_old", "odoorpc", "other"):
        (tmp_path / name).mkdir()
    homes = candidate_homes({"ODOO_HOME": str(tmp_path / "odoo")})
    assert homes == [tmp_path / "odoo", tmp_path / "odoo-19", tmp_path / "odoo16", tmp_path / "odoo18"]


def test_listed_homes_replace_the_rule(tmp_path: Path) -> None:
    env = {"ODOO_HOME": str(tmp_path / "odoo"), "GOLIVE_ODOO_HOMES": "/srv/a:/srv/b::/srv/a"}
    assert candidate_homes(env) == [Path("/srv/a"), Path("/srv/b")]


def test_a_missing_parent_gives_odoo_home_alone(tmp_path: Path) -> None:
    assert candidate_homes({"ODOO_HOME": str(tmp_path / "none" / "odoo")}) == [tmp_path / "none" / "odoo"]
