"""The feature lint finds each class of mistake at its path:line (sample features: tests/data/lint/)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fixtures.deselection import VERSION_TAG_REASONS
from steps.lint import Linter, plugin_modules, registered_markers, step_definitions

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "lint"
STEP_MODULES = [m for m in plugin_modules(ROOT / "conftest.py") if m.startswith("steps.")]


def lint(name: str, extra_modules: tuple[str, ...] = ()) -> list[str]:
    linter = Linter(
        step_definitions([*STEP_MODULES, *extra_modules]), registered_markers(ROOT / "pyproject.toml")
    )
    return [f"{f.line}: {f.level}: {f.message}" for f in linter.lint_file(DATA / name)]


def test_syntax_error_names_the_line_of_the_broken_table_row() -> None:
    assert lint("syntax_error.feature") == ["5: error: syntax: inconsistent cell count within the table"]


def test_undefined_step_is_reported_with_the_closest_defined_step() -> None:
    (finding,) = lint("undefined_step.feature")
    assert finding.startswith(
        '4: error: undefined step: When the sales coordinator confirm an order of 8 "widget" for a customer'
    )
    assert (
        "did you mean: 'the {role} confirms an order of {quantity:g} \"{product}\" for a customer'" in finding
    )


def test_outline_steps_are_matched_once_per_examples_row() -> None:
    (finding,) = lint("outline.feature")
    assert finding.startswith(
        '3: error: undefined step: Given a storable product "widget" with 5 pieces on hand in the main '
        "warehouse (Examples row at line 9)"
    )


def test_a_step_matched_by_two_definitions_is_ambiguous() -> None:
    assert lint("ambiguous_step.feature") == []
    (finding,) = lint("ambiguous_step.feature", ("tests.data.lint.ambiguous_steps",))
    assert finding.startswith(
        '4: error: ambiguous step: Then the delivery is "ready" matches 2 definitions: '
    )
    assert "steps/stock.py:" in finding
    assert "tests/data/lint/ambiguous_steps.py:6 " in finding


def test_tags_unregistered_unknown_severity_and_flaky_without_ui() -> None:
    findings = lint("tags.feature")
    assert [f.split(" ", 3)[:3] for f in findings] == [
        ["3:", "error:", "unregistered"],
        ["7:", "error:", "unknown"],
        ["12:", "error:", "@flaky"],
        ["22:", "error:", "unregistered"],
    ]
    assert "@smoke" in findings[0]
    assert "@severity:urgent" in findings[1]
    assert "'Flaky without ui' without @ui" in findings[2]
    assert "@nightly" in findings[3]


def test_version_tags_malformed_are_errors_and_without_a_reason_warnings(monkeypatch) -> None:
    findings = lint("version_tags.feature")
    assert [f.split(" ", 3)[:3] for f in findings] == [
        ["2:", "warning:", "version"],
        ["6:", "warning:", "version"],
        ["10:", "error:", "malformed"],
    ]
    assert "@odoo:<=16 has no reason in fixtures/deselection.py" in findings[0]
    monkeypatch.setitem(VERSION_TAG_REASONS, "odoo:<=16", "a reason an issue names")
    monkeypatch.setitem(VERSION_TAG_REASONS, "odoo19", "a reason an issue names")
    assert [f.split(" ", 3)[:3] for f in lint("version_tags.feature")] == [["10:", "error:", "malformed"]]


def test_unused_definitions_are_warnings_naming_the_step_module() -> None:
    linter = Linter(step_definitions(STEP_MODULES), registered_markers(ROOT / "pyproject.toml"))
    assert linter.lint_file(DATA / "clean.feature") == []
    unused = linter.unused()
    assert len(linter.used) == 3
    assert {d.pattern for d in linter.used}.isdisjoint(f.message for f in unused)
    assert unused and all(f.level == "warning" for f in unused)
    purchase = [str(f) for f in unused if f.path == "steps/purchase.py"]
    assert purchase and all(line.startswith("steps/purchase.py:") for line in purchase)
    assert any("unused step definition 'the {role} buys" in line for line in purchase)


@pytest.mark.parametrize(
    ("paths", "status"),
    [([], 0), (["tests/data/lint/clean.feature"], 0), (["tests/data/lint"], 1), (["no/such.feature"], 2)],
)
def test_command_line_exit_status(paths: list[str], status: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "steps", "lint", *paths], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == status, done.stdout + done.stderr
    if status == 1:
        assert "tests/data/lint/undefined_step.feature:4: error: undefined step" in done.stdout
        assert "tests/data/lint/syntax_error.feature:5: error: syntax" in done.stdout
