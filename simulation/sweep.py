"""Parameter grids with common random numbers, and the search for the smallest value meeting targets.

    >>> axis = parse_axis("warehouses.0.pickers=8..10")
    >>> axis.field, axis.values
    ('warehouses.0.pickers', ['8', '9', '10'])
    >>> parse_axis("picking=wave,discrete").values, parse_axis("x={a: 1, b: 2}").values
    (['wave', 'discrete'], ['{a: 1, b: 2}'])
    >>> parse_target("otif>=0.95"), parse_target("wait_mean_h.pick.wh <= 0.1")
    (('otif', 'min', 0.95), ('wait_mean_h.pick.wh', 'max', 0.1))

Every point of a grid runs the same replication seeds (replication i of every point uses
``SeedSequence(seed).spawn(n)[i]``), so the differences between points are measured on the same demand
and the same luck (common random numbers, as in ``compare``).

The search scans the values of one integer parameter upwards. A value *meets* the targets when every
target passed (the relevant bound of its confidence interval clears the threshold), *fails* when a
target failed (the whole interval is on the wrong side); otherwise it is undecided, and the search adds
replications to it (doubling, up to the budget) while it could still change the answer. The answer is
decided when the smallest value that meets every target has only failing values below it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from simulation.model import Result

RANGE = re.compile(r"\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*")
TARGET = re.compile(r"\s*([A-Za-z_][\w.]*)\s*(>=|<=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*")
MAX_POINTS = 1000


class GridError(ValueError):
    """A bad --set or --target; the message is one line naming it."""


@dataclass(frozen=True)
class Axis:
    """One swept field and its values, as YAML texts for ``--set FIELD=VALUE``."""

    field: str
    values: list[str]

    def integers(self) -> list[int] | None:
        """The values as integers, or None when one is not an integer."""
        out = []
        for v in self.values:
            x = yaml.safe_load(v)
            if not isinstance(x, int) or isinstance(x, bool):
                return None
            out.append(x)
        return out


def parse_axis(item: str) -> Axis:
    """``FIELD=LO..HI`` (integers, inclusive) or ``FIELD=A,B,C`` (YAML values; commas inside brackets,
    braces or quotes do not split); a single value is a fixed override."""
    name, sep, value = item.partition("=")
    name = name.strip()
    if not sep or not name or not value.strip():
        raise GridError(
            f"--set {item}: expected FIELD=VALUES, e.g. warehouses.0.pickers=8..14 or picking=wave,discrete"
        )
    m = RANGE.fullmatch(value)
    if m:
        lo, hi = int(m[1]), int(m[2])
        if lo > hi:
            raise GridError(f"--set {item}: empty range {lo}..{hi} (the first bound is above the second)")
        values = [str(v) for v in range(lo, hi + 1)]
    else:
        values = _split(value)
        for v in values:
            try:
                yaml.safe_load(v)
            except yaml.YAMLError as exc:
                raise GridError(
                    f"--set {item}: {v!r} is not a YAML value: {str(exc).splitlines()[0]}"
                ) from exc
        if any(not v for v in values):
            raise GridError(f"--set {item}: empty value in the list")
    return Axis(name, values)


def _split(text: str) -> list[str]:
    """Split on commas outside brackets, braces and quotes."""
    parts, depth, quote, cur = [], 0, "", []
    for ch in text:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur).strip())
    return parts


def parse_target(text: str) -> tuple[str, str, float]:
    """``KPI>=X`` (a minimum) or ``KPI<=X`` (a maximum): (kpi, 'min' or 'max', X)."""
    m = TARGET.fullmatch(text)
    if not m:
        raise GridError(f"--target {text}: expected KPI>=NUMBER or KPI<=NUMBER, e.g. otif>=0.95")
    return m[1], "min" if m[2] == ">=" else "max", float(m[3])


def targets_override(targets: list[str], confidence: float) -> str:
    """The ``--set`` that makes ``targets`` the config's targets (replacing the declared ones)."""
    merged: dict[str, dict] = {}
    for text in targets:
        kpi, bound, value = parse_target(text)
        merged.setdefault(kpi, {"confidence": confidence})[bound] = value
    return "targets=" + yaml.safe_dump(merged, default_flow_style=True, width=10**6).strip()


def grid(axes: list[Axis]) -> list[dict[str, str]]:
    """The cartesian product of the axes, first axis slowest: one {field: value} per point."""
    fields = [a.field for a in axes]
    if len(set(fields)) != len(fields):
        dup = next(f for f in fields if fields.count(f) > 1)
        raise GridError(f"--set {dup}: given twice; list its values in one --set (a,b,c or LO..HI)")
    points = [dict(zip(fields, combo, strict=True)) for combo in itertools.product(*(a.values for a in axes))]
    if len(points) > MAX_POINTS:
        raise GridError(f"--set: {len(points)} points; at most {MAX_POINTS} (narrow the ranges)")
    return points


def search_axis(axes: list[Axis]) -> tuple[Axis, list[int]]:
    """The one axis with several values, which must be integers (the others are fixed overrides)."""
    varied = [a for a in axes if len(a.values) > 1]
    if len(varied) != 1:
        raise GridError(
            f"--target: the search needs exactly one --set with several values, got {len(varied)}"
            + (f" ({', '.join(a.field for a in varied)})" if varied else "")
        )
    values = varied[0].integers()
    if values is None:
        raise GridError(f"--set {varied[0].field}: the search needs integer values, e.g. 8..14")
    if values != sorted(set(values)):
        raise GridError(f"--set {varied[0].field}: list the values of the search in increasing order")
    return varied[0], values


@dataclass
class Point:
    """The replications of one value of the searched parameter and its verdict on the targets."""

    value: int
    results: list[Result] = field(default_factory=list)
    status: str = "inconclusive"
    verdicts: list = field(default_factory=list)


@dataclass
class Search:
    """The search's outcome: the smallest value meeting every target, and what it could not decide."""

    field: str
    points: list[Point]
    budget: int
    answer: int | None = None
    decided: bool = False
    undecided: list[Point] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The answer, how sure it is and what is undecided, for the terminal."""
        n_targets = len(self.points[0].verdicts) if self.points else 0
        conf = self.points[0].verdicts[0].confidence if n_targets else 0.95
        joint = max(0.0, 1 - n_targets * (1 - conf))
        out = []
        if self.answer is None:
            out.append(
                f"search: no value of {self.field} in {self.points[0].value}..{self.points[-1].value} "
                "is shown to meet every target"
            )
        elif self.decided:
            out.append(f"search: smallest {self.field} meeting every target: {self.answer}")
            together = (
                f" (all {n_targets} together at least {joint:.0%} by Bonferroni)" if n_targets > 1 else ""
            )
            out.append(
                f"  how sure: at {self.answer} each target's {conf:.0%} interval clears it{together}; every "
                "smaller value in the range has a target whose whole interval is on the wrong side"
            )
        else:
            out.append(
                f"search: UNDECIDED: {self.answer} meets every target, but a smaller value is undecided"
            )
        for p in self.undecided:
            unsure = [v for v in p.verdicts if v.status != "passed"]
            out.append(
                f"  could not decide {self.field}={p.value} within {len(p.results)} replications "
                f"(budget {self.budget}): " + "; ".join(v.line() for v in unsure)
            )
        for p in self.points:
            out.append(f"  {self.field}={p.value}: {p.status.upper()} after {len(p.results)} replications")
            for v in p.verdicts:
                out.append(f"    {v.status.upper():<12} {v.line()}")
        return out

    def to_json(self) -> dict:
        return {
            "field": self.field,
            "answer": self.answer,
            "decided": self.decided,
            "budget_per_value": self.budget,
            "undecided": [p.value for p in self.undecided],
            "values": [
                {
                    "value": p.value,
                    "status": p.status,
                    "replications": len(p.results),
                    "targets": [v.to_json() for v in p.verdicts],
                }
                for p in self.points
            ],
        }


Runner = Callable[[list[int], int, int], list[list[Result]]]


def search(
    field_name: str,
    values: list[int],
    judge: Callable[[list[Result]], tuple[str, list]],
    run: Runner,
    replications: int,
    budget: int,
    initial: list[list[Result]] | None = None,
) -> Search:
    """The smallest of ``values`` whose replications ``judge`` calls 'passed'.

    ``run(values, first, n)`` runs replications first..first+n-1 of each value (common random numbers);
    ``judge(results)`` gives the overall status and the targets' verdicts; ``initial`` are the first
    replications of every value when already run (the sweep's grid).
    """
    first = initial if initial is not None else run(values, 0, replications)
    points = [Point(v, list(res)) for v, res in zip(values, first, strict=True)]
    while True:
        for p in points:
            p.status, p.verdicts = judge(p.results)
        passed = next((i for i, p in enumerate(points) if p.status == "passed"), len(points))
        unsure = [p for p in points[:passed] if p.status == "inconclusive"]
        more = [p for p in unsure if len(p.results) < budget]
        if not more:
            break
        by_size: dict[tuple[int, int], list[Point]] = {}
        for p in more:
            n = len(p.results)
            by_size.setdefault((n, min(2 * n, budget) - n), []).append(p)
        for (n, extra), group in by_size.items():
            for p, res in zip(group, run([p.value for p in group], n, extra), strict=True):
                p.results.extend(res)
    answer = points[passed].value if passed < len(points) else None
    return Search(field_name, points, budget, answer, answer is not None and not unsure, unsure)
