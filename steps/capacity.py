"""Capacity steps: criteria checked on the capacity simulation (simulation/), offline, with no Odoo.

Example::

    Given the capacity model "regional_distributor" with 8 replications of 14 days
    When demand peaks at 1.3 times for 14 days
    And the main warehouse has 12 pickers on the early shift
    Then the line fill rate is at least 95% with 95% confidence
    And the 95th percentile order cycle time is at most 48 hours

The Given step names a model (a file of simulation/examples/, or a ``.yaml`` path from the repository
root) and the experiment; When steps change the design (each is a ``--set`` override); the first Then
step runs the replications, and the same model, overrides and seed run only once per session. "At
least" passes when the lower end of the two-sided confidence interval clears the threshold, "at most"
when the upper end does (simulation/targets.py); a criterion that fails reports the measured mean and
interval. The run's seed is the model's ``run.seed``, so a verdict is reproducible.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from simulation.config import WORKER_FIELDS, Config, ConfigError, Target, load_config
from simulation.experiment import replicate, values
from simulation.kpis import describe
from simulation.model import Result
from simulation.targets import evaluate, fmt

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "simulation" / "examples"

#: Business names of the network KPIs (docs/simulation.md defines each id).
KPI_NAMES = {
    "order fill rate": "order_fill_rate",
    "line fill rate": "line_fill_rate",
    "unit fill rate": "unit_fill_rate",
    "on-time in-full rate": "otif",
    "mean order cycle time": "cycle_time_mean_h",
    "median order cycle time": "cycle_time_p50_h",
    "95th percentile order cycle time": "cycle_time_p95_h",
    "backorder rate": "backorder_rate",
    "mean backorder delay": "backorder_delay_mean_h",
    "number of stockout days per item": "stockout_days",
    "purchase lead time adherence": "purchase_lead_time_adherence",
    "throughput": "throughput_lines_per_h",
}
#: Business names of the labour pool KPIs, with <pool> one of kitting, pick, pack, ship.
POOL_KPI_NAMES = {
    "<pool> utilisation": "utilisation",
    "mean <pool> wait": "wait_mean_h",
    "<pool> waiting probability": "wait_prob",
    "mean <pool> queue length": "queue_length_mean",
}
POOLS = "kitting|pick|pack|ship"


def _pool_pattern(named: bool) -> str:
    """The pool KPI names as a regular expression (with named groups pool<i> and wh when ``named``)."""
    alternatives = [
        name.replace("<pool>", f"(?P<pool{i}>{POOLS})" if named else f"(?:{POOLS})")
        for i, name in enumerate(POOL_KPI_NAMES)
    ]
    warehouse = r"(?P<wh>[\w-]+)" if named else r"[\w-]+"
    return f"(?:{'|'.join(alternatives)}) at the {warehouse} warehouse"


POOL_KPI = re.compile(_pool_pattern(named=True))
#: Every KPI name a criterion accepts, so that the lint reports a misspelt one as an undefined step.
KPI_NAME = "|".join([*map(re.escape, KPI_NAMES), _pool_pattern(named=False), r"`[\w.-]+`"])
#: The unit a threshold is written in -> (KPI unit, factor to the KPI's unit).
UNITS = {
    "%": ("fraction", 0.01),
    "hours": ("h", 1.0),
    "hour": ("h", 1.0),
    "days": ("days", 1.0),
    "units": ("units", 1.0),
    "lines per hour": ("lines/h", 1.0),
    "jobs": ("jobs", 1.0),
}
ROLES = "|".join(WORKER_FIELDS.values())


@dataclass
class CapacityStudy:
    """A capacity model and the overrides the scenario's steps made to it (``FIELD=VALUE``)."""

    model: Path
    overrides: list[str] = field(default_factory=list)

    def config(self) -> Config:
        try:
            return load_config(self.model, self.overrides)
        except ConfigError as exc:
            raise AssertionError("the capacity model is not valid:\n" + "\n".join(exc.lines())) from None

    def change(self, override: str) -> None:
        """Add an override, checked at once so that a wrong name fails on its own step."""
        self.overrides.append(override)
        self.config()


@dataclass
class CapacityRuns:
    """The session's simulations by model, overrides (the seed and run length included) and the lines
    they printed; each runs once however many scenarios ask for it."""

    runs: dict[str, tuple[list[Result], str]] = field(default_factory=dict)

    def results(self, study: CapacityStudy) -> tuple[list[Result], str]:
        """The replications of ``study`` and a line saying what ran (and whether it came from the cache).
        Runs are keyed by the effective config (model after overrides, seed and run length included)."""
        cfg = study.config()
        key = cfg.sha256()
        if key not in self.runs:
            r = cfg.run
            started = time.perf_counter()
            results = replicate(cfg, r.replications, r.seed)
            what = (
                f"{study.model.stem}: {r.replications} replications of {r.days:g} days after a "
                f"{r.warmup_days:g}-day warm-up, seed {r.seed}"
            )
            self.runs[key] = (results, what)
            latest = {o.partition("=")[0]: o for o in study.overrides if not o.startswith("run.")}
            design = f" with {'; '.join(latest.values())}" if latest else ""
            print(f"capacity: simulated {what}{design} in {time.perf_counter() - started:.0f} s")
        else:
            print(f"capacity: {self.runs[key][1]} (simulated earlier in this session)")
        return self.runs[key]


@pytest.fixture(scope="session")
def capacity_runs() -> CapacityRuns:
    return CapacityRuns()


def model_path(name: str, root: Path) -> Path:
    """A model by name (simulation/examples/<name>.yaml) or a .yaml path relative to ``root``."""
    path = root / name if name.endswith((".yaml", ".yml")) else MODELS / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in MODELS.glob("*.yaml")))
        raise AssertionError(f"no capacity model {name!r} at {path} (models by name: {known})")
    return path


def kpi_id(name: str) -> str:
    """The KPI id of a business name ("order fill rate", "pick utilisation at the main warehouse") or of
    an id written in backquotes (`cycle_time_p95_h`)."""
    if name in KPI_NAMES:
        return KPI_NAMES[name]
    pool = POOL_KPI.fullmatch(name)
    if pool:
        i, found = next((i, p) for i, p in enumerate(pool.groups()[:-1]) if p is not None)
        return f"{list(POOL_KPI_NAMES.values())[i]}.{found}.{pool['wh']}"
    quoted = re.fullmatch(r"`([\w.-]+)`", name)
    if quoted:
        try:
            return describe(quoted.group(1)).id
        except KeyError:
            pass
    raise AssertionError(
        f"unknown KPI {name!r}: use one of {', '.join(repr(k) for k in [*KPI_NAMES, *POOL_KPI_NAMES])} "
        "(pool KPIs followed by 'at the <warehouse> warehouse'), or a KPI id in backquotes"
    )


@given(
    parsers.parse('the capacity model "{name}" with {replications:d} replications of {days:g} days'),
    target_fixture="capacity_study",
)
def capacity_model(
    request: pytest.FixtureRequest, name: str, replications: int, days: float
) -> CapacityStudy:
    """The model's design, run as that many replications measuring that many days after its warm-up."""
    study = CapacityStudy(model_path(name, request.config.rootpath))
    study.change(f"run.replications={replications}")
    study.change(f"run.days={days:g}")
    return study


@when(parsers.parse("demand peaks at {multiplier:g} times for {days:g} days"))
def demand_peak(capacity_study: CapacityStudy, multiplier: float, days: float) -> None:
    """Every channel's demand is that many times its usual rate from the end of the warm-up for that many
    days (replacing the model's own peaks): the measured period starts with the peak."""
    start = capacity_study.config().run.warmup_days
    peak = {"start_day": start, "end_day": start + days, "multiplier": multiplier}
    capacity_study.change(f"demand.peaks={json.dumps([peak])}")


@when(
    parsers.re(
        r"the (?P<warehouse>[\w-]+) warehouse has (?P<count>\d+) (?P<role>" + ROLES + r")"
        r"(?: on the (?P<shift>[\w-]+) shift)?$"
    )
)
def headcount(
    capacity_study: CapacityStudy, warehouse: str, count: str, role: str, shift: str | None
) -> None:
    """The warehouse's headcount of pickers, packers, shippers or kitters, on one shift or on all of them.
    The other shifts keep their headcount."""
    cfg = capacity_study.config()
    names = [w.name for w in cfg.warehouses]
    if warehouse not in names:
        raise AssertionError(f"the capacity model has no {warehouse!r} warehouse; it has {names}")
    index, wh = names.index(warehouse), cfg.warehouses[names.index(warehouse)]
    value: int | dict[str, int] = int(count)
    if shift is not None:
        shifts = [s.name for s in wh.shifts]
        if shift not in shifts:
            raise AssertionError(f"the {warehouse} warehouse has no {shift!r} shift; its shifts: {shifts}")
        now = getattr(wh, role)
        per_shift = dict(now) if isinstance(now, dict) else dict.fromkeys(shifts, now or 0)
        value = per_shift | {shift: int(count)}
    capacity_study.change(f"warehouses.{index}.{role}={json.dumps(value)}")


@then(
    parsers.re(
        r"the (?P<name>" + KPI_NAME + r") is (?P<bound>at least|at most) (?P<value>\d+(?:\.\d+)?)"
        r"(?P<unit>%| hours?| days| units| lines per hour| jobs)"
        r"(?: with (?P<confidence>\d+(?:\.\d+)?)% confidence)?$"
    )
)
def capacity_criterion(
    capacity_study: CapacityStudy,
    capacity_runs: CapacityRuns,
    name: str,
    bound: str,
    value: str,
    unit: str,
    confidence: str | None,
) -> None:
    """The KPI's two-sided confidence interval (95% unless said) lies on the right side of the threshold:
    its lower end for "at least", its upper end for "at most"; a failure reports the measured mean and
    interval. KPIs (docs/simulation.md defines each): order fill rate, line fill rate, unit fill rate,
    on-time in-full rate, mean / median / 95th percentile order cycle time, backorder rate, mean backorder
    delay, number of stockout days per item, purchase lead time adherence, throughput; per labour pool
    (kitting, pick, pack, ship) "<pool> utilisation", "mean <pool> wait", "<pool> waiting probability",
    "mean <pool> queue length", each followed by "at the <warehouse> warehouse"; or any KPI id in
    backquotes (`cycle_time_p95_h`). The threshold is in the KPI's unit: %, hours, days, units, lines per
    hour or jobs."""
    kpi = kpi_id(name)
    unit = unit.strip()
    expected_unit, factor = UNITS[unit]
    if describe(kpi).unit != expected_unit:
        raise AssertionError(f"the {name} is measured in {describe(kpi).unit}, not in {unit!r}")
    threshold = float(value) * factor
    level = float(confidence) / 100 if confidence else 0.95
    target = (
        Target(min=threshold, confidence=level)
        if bound == "at least"
        else Target(max=threshold, confidence=level)
    )
    results, what = capacity_runs.results(capacity_study)
    verdict = evaluate(kpi, target, values(results, kpi))
    said = f"the {name} is {bound} {fmt(threshold, verdict.unit)} with {level:.0%} confidence"
    measured = (
        f"measured {verdict.measured()} ({kpi}: mean [{level:.0%} CI] over {verdict.n} replications; {what})"
    )
    print(f"capacity: {verdict.status.upper()}: {said}: {measured}")
    if verdict.status != "passed":
        raise AssertionError(f"{verdict.status}: {said}: {measured}: {verdict.reason}")
