"""The scenario x Odoo version table, generated from real runs: passed, failed, or deselected with its reason.

Each run against one Odoo version leaves a folder ``reports/versions/odoo<NN>/`` (``.ci/run`` makes them)
with the run's ``junit.xml``, its ``deselected.json`` and its Allure ``environment.properties`` (for the
Odoo build string). This command turns them into one table::

    python -m steps versions              # reports/odoo-versions.md from reports/versions/*/
    python -m steps versions --write      # ... and the table inside docs/odoo-versions.md
    python -m steps versions --check      # exit 1 when a committed cell disagrees with a version just run

``--check`` compares only the columns of versions that were run here: a machine without 19 cannot make
19's column wrong.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from steps.definitions import ROOT

BEGIN = "<!-- golive:version-table:begin -->"
END = "<!-- golive:version-table:end -->"
SCENARIOS = "steps/test_features.py::"
#: A harness run's own database name changes every run: the table names it by its role.
_RUN_DATABASE = re.compile(r"'golive_run_\w+'")


@dataclass
class VersionRun:
    """One version's run: its column name (``odoo17``), Odoo build string and a cell per scenario."""

    column: str
    build: str
    cells: dict[str, str] = field(default_factory=dict)


def read_run(folder: Path) -> VersionRun:
    """The results of one version's run folder (junit.xml, deselected.json, environment.properties)."""
    build = _properties(folder / "environment.properties").get("odoo.version", "?")
    run = VersionRun(folder.name, build)
    junit = folder / "junit.xml"
    if junit.is_file():
        for case in ET.parse(junit).getroot().iter("testcase"):
            test = f"{case.get('classname', '').replace('.', '/')}.py::{case.get('name', '')}"
            if not test.startswith(SCENARIOS):
                continue
            if case.find("failure") is not None or case.find("error") is not None:
                run.cells[_label(test)] = "failed"
            elif case.find("skipped") is not None:
                run.cells[_label(test)] = "skipped"
            else:
                run.cells[_label(test)] = "passed"
    deselected = folder / "deselected.json"
    if deselected.is_file():
        for row in json.loads(deselected.read_text("utf-8")):
            if row["test"].startswith(SCENARIOS):
                reason = _RUN_DATABASE.sub("the run's database", row["reason"])
                run.cells.setdefault(_label(row["test"]), f"deselected: {reason}")
    return run


def render(runs: list[VersionRun]) -> str:
    """The Markdown table: a row per scenario, a column per version with its build string."""
    scenarios = sorted({label for run in runs for label in run.cells})
    head = "| scenario | " + " | ".join(f"{r.column} ({r.build})" for r in runs) + " |"
    rule = "|---|" + "---|" * len(runs)
    rows = [
        f"| {label} | " + " | ".join(_cell(run.cells.get(label, "")) for run in runs) + " |"
        for label in scenarios
    ]
    return "\n".join([head, rule, *rows]) + "\n"


def parse(table: str) -> dict[str, VersionRun]:
    """A rendered table back into its columns: {``odoo17``: VersionRun(build, {scenario: cell})}."""
    lines = [line for line in table.splitlines() if line.startswith("|")]
    if len(lines) < 2:
        return {}
    runs = {}
    for head in lines[0].strip().strip("|").split(" | ")[1:]:
        column, _, build = head.strip().partition(" ")
        runs[column] = VersionRun(column, build.strip("()") or "?")
    for line in lines[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        for run, cell in zip(runs.values(), cells[1:], strict=False):
            if cell:
                run.cells[cells[0]] = cell.replace("\\|", "|")
    return runs


def stale_cells(committed: str, runs: list[VersionRun]) -> list[str]:
    """One line per committed cell that disagrees with a version run here (other versions are not judged)."""
    table = parse(committed)
    problems = []
    for run in runs:
        if run.column not in table:
            problems.append(f"{run.column}: no column in the committed table (run --write)")
            continue
        old = table[run.column].cells
        for label in sorted(set(old) | set(run.cells)):
            if old.get(label, "") != run.cells.get(label, ""):
                problems.append(
                    f"{run.column}: {label}: committed {old.get(label, '')!r}, "
                    f"this run {run.cells.get(label, '')!r}"
                )
    return problems


def committed_table(doc: Path) -> str:
    text = doc.read_text("utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{doc}: no {BEGIN} ... {END} block to hold the table")
    return text.split(BEGIN, 1)[1].split(END, 1)[0]


def write_table(doc: Path, table: str) -> None:
    text = doc.read_text("utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{doc}: no {BEGIN} ... {END} block to hold the table")
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    doc.write_text(f"{before}{BEGIN}\n{table}{END}{after}", "utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps versions", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=Path, default=ROOT / "reports" / "versions", help="one folder per run")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "odoo-versions.md")
    parser.add_argument("--output", type=Path, default=ROOT / "reports" / "odoo-versions.md")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="also write the table into --doc")
    mode.add_argument("--check", action="store_true", help="exit 1 when --doc disagrees with these runs")
    args = parser.parse_args(argv)
    folders = sorted((p for p in args.runs.glob("*") if p.is_dir()), key=_version_key)
    if not folders:
        print(
            f"versions: no runs in {args.runs} (.ci/run makes one folder per Odoo version)", file=sys.stderr
        )
        return 2
    runs = [read_run(folder) for folder in folders]
    table = render(runs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, "utf-8")
    print(f"versions: {len(runs)} version(s), {args.output}")
    try:
        if args.write:
            write_table(args.doc, render(_merged(parse(committed_table(args.doc)), runs)))
            print(f"versions: table written into {args.doc}")
        if args.check:
            problems = stale_cells(committed_table(args.doc), runs)
            for line in problems:
                print(f"versions: stale cell in {args.doc}: {line}", file=sys.stderr)
            return 1 if problems else 0
    except ValueError as exc:
        print(f"versions: {exc}", file=sys.stderr)
        return 2
    return 0


def _merged(committed: dict[str, VersionRun], runs: list[VersionRun]) -> list[VersionRun]:
    """The committed columns of versions not run here, kept, with the columns of these runs."""
    ran = {run.column for run in runs}
    kept = [run for column, run in committed.items() if column not in ran]
    return sorted([*kept, *runs], key=lambda r: _version_key(Path(r.column)))


def _version_key(path: Path) -> int:
    digits = re.sub(r"\D", "", path.name)
    return int(digits) if digits else 0


def _label(test: str) -> str:
    return test.removeprefix(SCENARIOS)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _properties(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    found = {}
    for line in path.read_text("utf-8").splitlines():
        key, _, value = line.partition("=")
        found[key.strip()] = value.strip().replace("\\:", ":").replace("\\=", "=")
    return found
