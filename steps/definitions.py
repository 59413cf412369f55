"""The step definitions golive has (from pytest-bdd's registry) and where things are in .feature files.

Used by the lint and the catalogue (``python -m steps lint|catalogue``); pytest itself does not need it::

    for definition in step_definitions(plugin_modules(Path("conftest.py"))):
        print(definition.type, definition.pattern, definition.path, definition.line)
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import parse

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StepDefinition:
    """A step definition: its type, its pattern, where it is, its docstring, and its matcher."""

    type: str | None  # "given", "when", "then", or None for @step (any type)
    pattern: str
    path: str
    line: int
    matches: Callable[[str], bool]
    module: str = ""
    doc: str = ""
    is_regex: bool = False

    @property
    def parameters(self) -> dict[str, list[str]]:
        """Parameter names, each with the words it accepts when the pattern lists them (``a|b``)."""
        if not self.is_regex:
            return {name: [] for name in parse.compile(self.pattern).named_fields}
        found: dict[str, list[str]] = {}
        for match in re.finditer(r"\(\?P<(\w+)>((?:[^()]|\([^()]*\))*)\)", self.pattern):
            body = match.group(2)
            literal = all(re.fullmatch(r"[\w ]+", word) for word in body.split("|"))
            found[match.group(1)] = body.split("|") if literal and "|" in body else []
        return found

    @property
    def sentence(self) -> str:
        """The pattern as an author reads it: ``{name}`` for a parameter, ``[...]`` around optional words.

        >>> StepDefinition("when", r'the (?P<role>[a-z ]+?) ships(?: and (?P<d>keeps|cancels))?$', "", 0,
        ...                bool, is_regex=True).sentence
        'the {role} ships[ and {d}]'
        """
        return _readable(self.pattern) if self.is_regex else self.pattern


def _readable(pattern: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "(":
            end = _closing(pattern, i)
            inner = pattern[i + 1 : end]
            named = re.match(r"\?P<(\w+)>", inner)
            body = inner[named.end() :] if named else inner.removeprefix("?:")
            literal = named and re.fullmatch(r"[\w ]+", body)
            text = body if literal else "{" + named.group(1) + "}" if named else _readable(body)
            optional = end + 1 < len(pattern) and pattern[end + 1] == "?"
            out.append(f"[{text}]" if optional else text)
            i = end + (2 if optional else 1)
        elif char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 2
        else:
            if char not in "^$":
                out.append(char)
            i += 1
    return "".join(out)


def _closing(pattern: str, start: int) -> int:
    depth = 0
    for index in range(start, len(pattern)):
        if pattern[index] == "\\":
            continue
        depth += {"(": 1, ")": -1}.get(pattern[index], 0)
        if depth == 0:
            return index
    return len(pattern) - 1


def step_definitions(modules: Iterable[str]) -> list[StepDefinition]:
    """Import ``modules`` and read their step definitions from pytest-bdd's registry of step parsers.

    This is the one place golive's tools touch pytest-bdd internals (its registry has no public API).
    """
    from pytest_bdd.parsers import re as re_parser
    from pytest_bdd.steps import step_function_context_registry

    names = set(modules)
    for module in names:
        importlib.import_module(module)
    found = []
    for context in list(step_function_context_registry.values()):
        func = inspect.unwrap(context.step_func)
        if func.__module__ not in names:
            continue
        found.append(
            StepDefinition(
                context.type,
                context.parser.name,
                shown(Path(inspect.getsourcefile(func) or "?")),
                func.__code__.co_firstlineno,
                context.parser.is_matching,
                func.__module__,
                inspect.getdoc(func) or "",
                isinstance(context.parser, re_parser),
            )
        )
    return sorted(found, key=lambda d: (d.path, d.line))


def plugin_modules(conftest: Path) -> list[str]:
    """The modules listed in ``pytest_plugins`` of ``conftest`` (read, not executed)."""
    for node in ast.parse(conftest.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytest_plugins" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    return []


def node_lines(node: object, lines: dict[str, int] | None = None) -> dict[str, int]:
    """The line of every node of a parsed Gherkin document that has an id (steps, tags, scenarios, rows)."""
    lines = {} if lines is None else lines
    if isinstance(node, dict):
        if "id" in node and "location" in node:
            lines[node["id"]] = node["location"]["line"]
        for value in node.values():
            node_lines(value, lines)
    elif isinstance(node, list):
        for value in node:
            node_lines(value, lines)
    return lines


def shown(path: Path) -> str:
    """A path as the user should see it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
