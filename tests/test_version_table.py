"""The scenario x version table from run folders, and the check that fails on a stale committed cell."""

from __future__ import annotations

import json
from pathlib import Path

from steps.version_table import BEGIN, END, main, parse, read_run, render

PASS = "test_an_order_ships_complete"
FAIL = "test_a_return_goes_into_quarantine"
GONE = "test_bought_in_boxes[box-12]"


def _run(root: Path, column: str, build: str, *, failed: bool, deselected: bool) -> Path:
    folder = root / column
    folder.mkdir(parents=True)
    failure = "<failure message='x'/>" if failed else ""
    cases = [
        f'<testcase classname="steps.test_features" name="{PASS}" time="1"/>',
        f'<testcase classname="steps.test_features" name="{FAIL}" time="1">{failure}</testcase>',
        '<testcase classname="tests.test_versions" name="test_offline" time="0"/>',
    ]
    (folder / "junit.xml").write_text(f"<testsuites><testsuite>{''.join(cases)}</testsuite></testsuites>")
    rows = [
        {
            "test": f"steps/test_features.py::{GONE}",
            "reason": "module uom_x is not installed in 'golive_run_gl1a2b' (GOLIVE_INSTALL_MODULES=1 ...)",
            "odoo_version": build,
        }
    ]
    (folder / "deselected.json").write_text(json.dumps(rows if deselected else []))
    (folder / "environment.properties").write_text(f"odoo.version={build}\nodoo.url=http\\://x\n")
    return folder


def test_cells_come_from_junit_and_deselected_json(tmp_path: Path) -> None:
    run = read_run(_run(tmp_path, "odoo18", "18.0-20250925", failed=True, deselected=True))
    assert run.build == "18.0-20250925"
    assert run.cells == {
        PASS: "passed",
        FAIL: "failed",
        GONE: "deselected: module uom_x is not installed in the run's database "
        "(GOLIVE_INSTALL_MODULES=1 ...)",
    }


def test_rendered_table_parses_back(tmp_path: Path) -> None:
    runs = [
        read_run(_run(tmp_path, "odoo17", "17.0-20240709", failed=False, deselected=False)),
        read_run(_run(tmp_path, "odoo19", "19.0-20260402", failed=True, deselected=True)),
    ]
    table = render(runs)
    assert table.splitlines()[0] == "| scenario | odoo17 (17.0-20240709) | odoo19 (19.0-20260402) |"
    back = parse(table)
    assert {c: r.cells for c, r in back.items()} == {r.column: r.cells for r in runs}
    assert back["odoo19"].build == "19.0-20260402"


def test_check_fails_on_a_stale_cell_of_a_version_run_here_only(tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    _run(runs, "odoo17", "17.0-20240709", failed=False, deselected=False)
    doc = tmp_path / "odoo-versions.md"
    doc.write_text(f"# Versions\n\n{BEGIN}\n{END}\nafter\n")
    args = ["--runs", str(runs), "--doc", str(doc), "--output", str(tmp_path / "out.md")]
    assert main([*args, "--write"]) == 0
    assert main([*args, "--check"]) == 0
    # A column of a version not run here may say anything: it is not judged.
    text = doc.read_text()
    doc.write_text(text.replace("| odoo17 (17.0-20240709) |", "| odoo17 (17.0-20240709) | odoo19 (19.0-x) |"))
    assert main([*args, "--check"]) == 0
    # A committed cell that disagrees with this run's version fails the check.
    doc.write_text(text.replace(f"| {FAIL} | passed |", f"| {FAIL} | failed |"))
    assert main([*args, "--check"]) == 1
    assert doc.read_text().endswith("after\n")


def test_no_runs_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["--runs", str(tmp_path)]) == 2


def test_a_scenario_not_run_on_a_version_is_an_empty_cell_that_parses_back(tmp_path: Path) -> None:
    runs = [
        read_run(_run(tmp_path, "odoo17", "17.0", failed=False, deselected=True)),
        read_run(_run(tmp_path, "odoo18", "18.0", failed=False, deselected=False)),
    ]
    table = render(runs)
    assert f"| {GONE} | deselected: " in table and table.rstrip().splitlines()[-1].endswith(" |  |")
    assert {c: r.cells for c, r in parse(table).items()} == {r.column: r.cells for r in runs}
