"""The sign-off matrix offline: the shipped requirements list against the feature library, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from steps.signoff import (
    NO_SCENARIO,
    Requirement,
    SignoffError,
    matrix_rows,
    read_requirements,
    scenarios_in,
    verdict,
)

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_requirements_trace_to_the_feature_library_and_some_have_no_scenario() -> None:
    # A requirement the library has no scenario for yet (every shipped one may have one).
    unwritten = Requirement("NEW-01", "A requirement not written yet", "none", "nobody")
    requirements = [*read_requirements(ROOT / "docs" / "requirements.csv"), unwritten]
    scenarios = scenarios_in(ROOT / "features")
    rows = matrix_rows(requirements, scenarios, ROOT / "reports" / "allure" / "index.html", ROOT / "reports")
    by_req = {r["requirement"]: r for r in rows if r["requirement"]}
    assert by_req["OTC-01"]["scenario"].startswith("order_to_cash/partial_stock.feature: ")
    assert by_req["OTC-01"]["last result"] == "not run"
    inv03 = [r["scenario"] for r in rows if r["requirement"] == "INV-03"]
    assert any(s.startswith("inventory/adjustment_approval.feature: ") for s in inv03)
    assert by_req["FIN-01"]["scenario"].startswith("finance/month_end_")
    assert by_req["NEW-01"]["last result"] == NO_SCENARIO
    assert "without a scenario (" in verdict(rows)


def test_a_scenario_without_a_requirement_is_listed(tmp_path: Path) -> None:
    (tmp_path / "area").mkdir()
    (tmp_path / "area" / "x.feature").write_text(
        "Feature: X\n  @req:A-1\n  Scenario: Traced\n    Given x\n\n  Scenario: Orphan\n    Given y\n"
    )
    requirements = tmp_path / "r.csv"
    requirements.write_text(
        "id,title,process area,owner\nA-1,Traced thing,area,Someone\nB-1,Untested,area,Someone\n"
    )
    rows = matrix_rows(read_requirements(requirements), scenarios_in(tmp_path), tmp_path / "i.html", tmp_path)
    assert [(r["requirement"], r["scenario"], r["last result"]) for r in rows] == [
        ("A-1", "area/x.feature: Traced", "not run"),
        ("B-1", "", NO_SCENARIO),
        ("", "area/x.feature: Orphan", "not run"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,title\nA,x\n", ":1: missing column(s) process area, owner"),
        ("id,title,process area,owner\nA,x,y,z\n,x,y,z\n", ":3: a requirement without an id"),
        ("id,title,process area,owner\nA,x,y,z\nA,x,y,z\n", ":3: requirement A is listed twice"),
    ],
)
def test_bad_requirements_are_named_by_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "requirements.csv"
    path.write_text(text)
    with pytest.raises(SignoffError, match=f"^{path}{message}".replace("(", r"\(").replace(")", r"\)")):
        read_requirements(path)
