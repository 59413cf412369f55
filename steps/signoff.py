"""The UAT sign-off matrix: each requirement, the scenarios that cover it, their last result and evidence.

Run it after pytest (and ``tox -e report`` for the evidence links), from the repository root::

    python -m steps signoff
    python -m steps signoff --requirements docs/requirements.csv --results reports/allure-results

It writes ``reports/signoff.html`` and ``reports/signoff.csv``. Scenarios come from the .feature files under
features/ (their ``@req:<id>`` tags, Examples blocks included) and from the results; a requirement with no
scenario and a scenario with no requirement are listed on their own, since both block a UAT exit.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.errors import ParserError
from gherkin.parser import Parser

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("id", "title", "process area", "owner")
#: Worst first: a scenario's result is the worst of its rows' latest results.
RESULT_ORDER = ("failed", "broken", "skipped", "unknown", "passed", "not run")
NO_SCENARIO = "no scenario"


@dataclass(frozen=True)
class Requirement:
    id: str
    title: str
    process_area: str
    owner: str


@dataclass
class Scenario:
    """One Gherkin scenario (all its Examples rows), with its requirements and latest results."""

    feature: str  # path relative to features/
    name: str
    requirements: set[str] = field(default_factory=set)
    results: dict[str, dict[str, Any]] = field(default_factory=dict)  # history id -> latest result

    @property
    def result(self) -> str:
        statuses = [r.get("status", "unknown") for r in self.results.values()] or ["not run"]
        return min(statuses, key=lambda s: RESULT_ORDER.index(s) if s in RESULT_ORDER else 3)

    def evidence(self) -> dict[str, Any] | None:
        """The result to show as evidence: a failing row if there is one, else any."""
        ranked = sorted(self.results.values(), key=lambda r: RESULT_ORDER.index(r.get("status", "unknown")))
        return ranked[0] if ranked else None


class SignoffError(Exception):
    """Bad input, named by file and line."""


def read_requirements(path: Path) -> list[Requirement]:
    """The requirements CSV (columns id, title, process area, owner); raises SignoffError naming the line."""
    try:
        text = path.read_text("utf-8-sig")
    except OSError as exc:
        raise SignoffError(f"{path}: cannot read the requirements list ({exc.strerror})") from None
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in COLUMNS if c not in (rows.fieldnames or [])]
    if missing:
        raise SignoffError(f"{path}:1: missing column(s) {', '.join(missing)}; expected {', '.join(COLUMNS)}")
    found: dict[str, Requirement] = {}
    for line, row in enumerate(rows, start=2):
        rid = (row["id"] or "").strip()
        if not rid:
            raise SignoffError(f"{path}:{line}: a requirement without an id")
        if rid in found:
            raise SignoffError(f"{path}:{line}: requirement {rid} is listed twice")
        found[rid] = Requirement(rid, row["title"].strip(), row["process area"].strip(), row["owner"].strip())
    return list(found.values())


def scenarios_in(features: Path) -> dict[tuple[str, str], Scenario]:
    """Every scenario under ``features`` with the requirement ids of its tags (feature, rule, Examples)."""
    found: dict[tuple[str, str], Scenario] = {}
    for path in sorted(features.rglob("*.feature")):
        try:
            feature = Parser().parse(path.read_text("utf-8")).get("feature")
        except ParserError as exc:
            raise SignoffError(f"{path}: {exc} (python -m steps lint names every problem)") from None
        if feature is None:
            continue
        rel = path.relative_to(features).as_posix()
        for scenario, inherited in _scenarios(feature, _reqs(feature)):
            tags = inherited | _reqs(scenario)
            for examples in scenario.get("examples", []):
                tags |= _reqs(examples)
            found[(rel, scenario["name"])] = Scenario(rel, scenario["name"], tags)
    return found


def _scenarios(node: dict[str, Any], inherited: set[str]) -> list[tuple[dict[str, Any], set[str]]]:
    out = []
    for child in node.get("children", []):
        if "scenario" in child:
            out.append((child["scenario"], inherited))
        elif "rule" in child:
            out += _scenarios(child["rule"], inherited | _reqs(child["rule"]))
    return out


def _reqs(node: dict[str, Any]) -> set[str]:
    return {t["name"][5:] for t in node.get("tags", []) if t["name"].startswith("@req:")}


def add_results(scenarios: dict[tuple[str, str], Scenario], results: Path) -> None:
    """Attach each Allure result (the latest per history id, so a retry replaces its first try)."""
    for path in sorted(results.glob("*-result.json")):
        result = json.loads(path.read_text("utf-8"))
        feature, _, name = result.get("fullName", "").partition(":")
        key = (feature, name or result.get("name", ""))
        if key not in scenarios:
            labels = result.get("labels", [])
            tags = [lb.get("value", "") for lb in labels if lb.get("name") == "tag"]
            scenarios[key] = Scenario(key[0], key[1], {t[4:] for t in tags if t.startswith("req:")})
        history = result.get("historyId") or result.get("uuid", path.name)
        previous = scenarios[key].results.get(history)
        if previous is None or result.get("stop", 0) >= previous.get("stop", 0):
            scenarios[key].results[history] = result


def matrix_rows(
    requirements: list[Requirement], scenarios: dict[tuple[str, str], Scenario], report: Path, out_dir: Path
) -> list[dict[str, str]]:
    """One row per (requirement, scenario), then requirements with no scenario, then scenarios with none."""
    known = {r.id for r in requirements}
    rows = []
    for req in requirements:
        covering = [s for s in scenarios.values() if req.id in s.requirements]
        for scenario in covering or [None]:
            rows.append(_row(req, scenario, report, out_dir))
    for scenario in scenarios.values():
        if not scenario.requirements & known:
            rows.append(_row(None, scenario, report, out_dir))
    return rows


def _row(req: Requirement | None, scenario: Scenario | None, report: Path, out_dir: Path) -> dict[str, str]:
    evidence = scenario.evidence() if scenario else None
    link = ""
    if evidence is not None and evidence.get("uuid"):
        # Allure Report 3 names a test result md5(uuid) in its URL fragment.
        anchor = hashlib.md5(evidence["uuid"].encode(), usedforsecurity=False).hexdigest()
        link = f"{Path(os.path.relpath(report, out_dir)).as_posix()}#{anchor}"
    unknown = ", ".join(sorted(scenario.requirements)) if scenario and scenario.requirements else ""
    return {
        "requirement": req.id if req else "",
        "title": req.title if req else (f"unknown requirement {unknown}" if unknown else "no requirement"),
        "process area": req.process_area if req else "",
        "owner": req.owner if req else "",
        "scenario": f"{scenario.feature}: {scenario.name}" if scenario else "",
        "last result": scenario.result if scenario else NO_SCENARIO,
        "evidence": link,
    }


def verdict(rows: list[dict[str, str]]) -> str:
    """One line: ready for UAT exit, or what stands in the way."""
    uncovered = sorted({r["requirement"] for r in rows if r["last result"] == NO_SCENARIO})
    orphans = [r for r in rows if not r["requirement"]]
    open_ = sorted(
        {
            r["requirement"]
            for r in rows
            if r["requirement"] and r["last result"] not in ("passed", NO_SCENARIO)
        }
    )
    problems = []
    if open_:
        problems.append(f"{len(open_)} requirement(s) not passed ({', '.join(open_)})")
    if uncovered:
        problems.append(f"{len(uncovered)} requirement(s) without a scenario ({', '.join(uncovered)})")
    if orphans:
        problems.append(f"{len(orphans)} scenario(s) without a requirement")
    return (
        "UAT exit: not ready: " + "; ".join(problems)
        if problems
        else "UAT exit: ready (every requirement passed)"
    )


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["requirement"])
        writer.writeheader()
        writer.writerows(rows)


def write_html(rows: list[dict[str, str]], meta: dict[str, str], path: Path) -> None:
    e = html.escape

    def table(selected: list[dict[str, str]], empty: str) -> str:
        if not selected:
            return f"<p>{e(empty)}</p>"
        head = "".join(f"<th>{e(c)}</th>" for c in selected[0])
        body = "".join(
            f'<tr class="{e(r["last result"].replace(" ", "-"))}">'
            + "".join(
                f'<td><a href="{e(v)}">evidence</a></td>' if c == "evidence" and v else f"<td>{e(v)}</td>"
                for c, v in r.items()
            )
            + "</tr>"
            for r in selected
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    run = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in meta.items() if not k.startswith("module."))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>UAT sign-off</title><style>
body{{font-family:sans-serif;margin:2em}} table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #bbb;padding:.3em .6em;text-align:left}}
dt{{font-weight:bold;float:left;clear:left;width:12em}} .passed td{{background:#e6f4e6}}
.failed td,.broken td{{background:#fbe3e3}} .no-scenario td{{background:#fff4d6}}
</style></head><body>
<h1>UAT sign-off</h1>
<p><strong>{e(verdict(rows))}</strong></p>
<dl>{run}</dl>
<h2 style="clear:left">Traceability matrix</h2>
{table([r for r in rows if r["requirement"]], "No requirements listed.")}
<h2>Requirements without a scenario</h2>
{table([r for r in rows if r["last result"] == NO_SCENARIO], "None: every requirement has a scenario.")}
<h2>Scenarios without a requirement</h2>
{table([r for r in rows if not r["requirement"]], "None: every scenario traces to a requirement.")}
</body></html>
"""
    path.write_text(page, "utf-8")


def read_environment(results: Path) -> dict[str, str]:
    path = results / "environment.properties"
    if not path.is_file():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text("utf-8").splitlines() if "=" in line)
    return {k.replace("\\", ""): v.replace("\\:", ":").replace("\\=", "=") for k, v in pairs}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps signoff", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requirements", type=Path, default=ROOT / "docs" / "requirements.csv")
    parser.add_argument("--results", type=Path, default=ROOT / "reports" / "allure-results")
    parser.add_argument("--features", type=Path, default=ROOT / "features")
    parser.add_argument("--report", type=Path, default=ROOT / "reports" / "allure" / "index.html")
    parser.add_argument("--output", type=Path, default=ROOT / "reports", help="folder for signoff.html/.csv")
    args = parser.parse_args(argv)
    try:
        requirements = read_requirements(args.requirements)
        scenarios = scenarios_in(args.features)
    except SignoffError as exc:
        print(f"signoff: {exc}", file=sys.stderr)
        return 2
    if not args.results.is_dir():
        print(f"signoff: no results in {args.results}: every scenario shows 'not run'", file=sys.stderr)
    else:
        add_results(scenarios, args.results)
    rows = matrix_rows(requirements, scenarios, args.report, args.output)
    args.output.mkdir(parents=True, exist_ok=True)
    write_csv(rows, args.output / "signoff.csv")
    write_html(rows, read_environment(args.results), args.output / "signoff.html")
    line = verdict(rows)
    print(line)
    print(f"signoff: {args.output / 'signoff.html'}, {args.output / 'signoff.csv'}")
    # Exit codes as every golive command: 1 when the matrix has findings (not ready), 0 when ready.
    return 1 if line.startswith("UAT exit: not ready") else 0
