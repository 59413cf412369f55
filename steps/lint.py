"""Checks .feature files before a run: syntax, undefined and ambiguous steps, unused definitions, tags.

Run it from the repository root (CI runs it before the suite)::

    python -m steps lint                      # every .feature under features/, unused definitions too
    python -m steps lint features/order_to_cash/partial_stock.feature
    features/order_to_cash/x.feature:7: error: undefined step: Given a product "widget"; did you mean ...

One line per finding, ``path:line: error|warning: message``; the exit status is 1 when there is an error.
Scenario Outlines are checked once per Examples row, with the row's values in place of the placeholders.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserError
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler

from fixtures.deselection import VERSION_TAG_REASONS, is_version_tag, version_range
from fixtures.session import TAG_FAMILIES
from steps.definitions import ROOT, StepDefinition, node_lines, plugin_modules, shown, step_definitions

#: Gherkin keyword types as pytest-bdd names them (a step starting with ``*`` matches any type).
STEP_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")


@dataclass(frozen=True)
class Finding:
    """One problem at a place in a file."""

    path: str
    line: int
    level: str  # "error" or "warning"
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def registered_markers(pyproject: Path) -> set[str]:
    """Marker names from ``[tool.pytest.ini_options] markers`` (the text before each ``:``)."""
    options = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("pytest", {})
    lines = options.get("ini_options", {}).get("markers", [])
    return {line.split(":", 1)[0].split("(", 1)[0].strip() for line in lines}


class Linter:
    """Lints feature files against a set of step definitions and registered tags."""

    def __init__(self, definitions: list[StepDefinition], markers: set[str]) -> None:
        self.definitions = definitions
        self.markers = markers
        self.used: set[StepDefinition] = set()
        self.family = re.compile(r"^(" + "|".join(TAG_FAMILIES) + r"):(\S+)$")

    def lint_file(self, path: Path) -> list[Finding]:
        """Every finding in one .feature file (unused definitions are reported by :meth:`unused`)."""
        where = shown(path)
        try:
            document = Parser().parse(path.read_text("utf-8"))
        except UnicodeDecodeError as exc:
            raw = path.read_bytes()
            line = raw[: exc.start].count(b"\n") + 1
            byte = raw[exc.start : exc.start + 1].hex()
            return [Finding(where, line, "error", f"not UTF-8 text (byte 0x{byte}): save the file as UTF-8")]
        except (CompositeParserException, ParserError) as exc:
            errors = getattr(exc, "errors", None) or [exc]
            return [
                Finding(
                    where,
                    e.location["line"],
                    "error",
                    "syntax: " + re.sub(r"^\(\d+:\d+\): ", "", str(e)),
                )
                for e in errors
            ]
        if document.get("feature") is None:
            return [Finding(where, 1, "error", "no Feature: the file holds no scenario to run")]
        document["uri"] = where
        lines = node_lines(document)
        keywords = _step_keywords(document)
        findings: dict[tuple[int, str], Finding] = {}

        def add(line: int, level: str, message: str) -> None:
            findings.setdefault((line, message), Finding(where, line, level, message))

        for line in _empty_examples(document):
            add(line, "error", "Examples without rows: the outline runs no test (add a row under the header)")
        for tag_id, name in _tags(document):
            problem = self.tag_problem(name)
            if problem:
                add(lines[tag_id], "error", problem)
            elif is_version_tag(name[1:]) and name[1:] not in VERSION_TAG_REASONS:
                add(
                    lines[tag_id],
                    "warning",
                    f"version tag {name} has no reason in fixtures/deselection.py VERSION_TAG_REASONS "
                    "(only deselections an issue names)",
                )
        for pickle in Compiler().compile(document):
            tags = {t["name"][1:] for t in pickle["tags"]}
            if not pickle["steps"]:
                add(lines[pickle["astNodeIds"][0]], "error", f"scenario {pickle['name']!r} has no steps")
            if "flaky" in tags and "ui" not in tags:
                add(
                    lines[pickle["astNodeIds"][0]],
                    "error",
                    f"@flaky on scenario {pickle['name']!r} without @ui: only browser scenarios are retried",
                )
            for step in pickle["steps"]:
                line = lines[step["astNodeIds"][0]]
                row = (
                    f" (Examples row at line {lines[step['astNodeIds'][1]]})"
                    if len(step["astNodeIds"]) > 1
                    else ""
                )
                said = f"{keywords[step['astNodeIds'][0]]}{step['text']}"
                matching = self.matching(STEP_TYPES.get(step["type"]), step["text"])
                self.used.update(matching)
                if not matching:
                    add(line, "error", f"undefined step: {said}{row}{self.suggest(step['text'])}")
                elif len(matching) > 1:
                    where = "; ".join(f"{d.path}:{d.line} {d.pattern!r}" for d in matching)
                    add(
                        line,
                        "error",
                        f"ambiguous step: {said}{row} matches {len(matching)} definitions: {where}",
                    )
        return sorted(findings.values(), key=lambda f: f.line)

    def matching(self, step_type: str | None, text: str) -> list[StepDefinition]:
        return [
            d
            for d in self.definitions
            if (d.type is None or step_type is None or d.type == step_type) and d.matches(text)
        ]

    def suggest(self, text: str) -> str:
        patterns = {d.pattern for d in self.definitions}
        close = difflib.get_close_matches(text, sorted(patterns), n=3, cutoff=0.4)
        return "; did you mean: " + " or ".join(repr(p) for p in close) if close else ""

    def tag_problem(self, tag: str) -> str:
        """Why ``@tag`` is not allowed, or '' when it is registered or of a tag family."""
        name = tag.lstrip("@")
        if is_version_tag(name) and version_range(name) is None:
            return (
                f"malformed version tag {tag}: use @odoo:17, @odoo:<=17, @odoo:>=18, @odoo:<18, @odoo:>17 "
                "or @odoo:17-18"
            )
        family = self.family.match(name)
        if family:
            if family.group(1) == "severity" and family.group(2) not in SEVERITIES:
                return f"unknown severity {tag}: use one of {', '.join('@severity:' + s for s in SEVERITIES)}"
            return ""
        if name in self.markers:
            return ""
        families = ", ".join(f"@{f}:*" for f in TAG_FAMILIES)
        return (
            f"unregistered tag {tag}: register it under [tool.pytest.ini_options] markers in "
            f"pyproject.toml, or use a tag family ({families})"
        )

    def unused(self) -> list[Finding]:
        """Warnings for the step definitions no linted step used."""
        return [
            Finding(d.path, d.line, "warning", f"unused step definition {d.pattern!r}")
            for d in self.definitions
            if d not in self.used
        ]


def _dicts(node: Any) -> Iterable[dict[str, Any]]:
    """Every mapping in a Gherkin document, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _step_keywords(document: Any) -> dict[str, str]:
    return {node["id"]: node["keyword"] for node in _dicts(document) if "keywordType" in node}


def _empty_examples(document: Any) -> Iterable[int]:
    """The lines of Examples blocks that have no row (pytest-bdd would run nothing for them)."""
    for node in _dicts(document):
        for examples in node.get("examples", []):
            if not examples.get("tableBody"):
                yield examples["location"]["line"]


def _tags(document: Any) -> Iterable[tuple[str, str]]:
    for node in _dicts(document):
        for tag in node.get("tags", []):
            yield tag["id"], tag["name"]


def feature_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(path.rglob("*.feature"))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(f"python -m steps lint: no such file or folder: {path}")
    return files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m steps lint", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="feature files or folders (default: features/)")
    parser.add_argument(
        "--unused",
        action="store_true",
        help="warn about unused step definitions (always on when no PATH is given)",
    )
    args = parser.parse_args(argv)
    try:
        files = feature_files(args.paths or [ROOT / "features"])
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    linter = Linter(
        step_definitions(m for m in plugin_modules(ROOT / "conftest.py") if m.startswith("steps.")),
        registered_markers(ROOT / "pyproject.toml"),
    )
    findings = [finding for path in files for finding in linter.lint_file(path)]
    if args.unused or not args.paths:
        findings += linter.unused()
    for finding in findings:
        print(finding)
    errors = sum(f.level == "error" for f in findings)
    warnings = len(findings) - errors
    print(f"lint: {len(files)} feature file(s), {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
