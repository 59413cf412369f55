"""The simulation config: pydantic models, YAML loading, ``--set`` overrides and readable errors.

Load a config file, overriding fields by dotted path (list indices are numbers)::

    cfg = load_config("simulation/examples/regional_distributor.yaml", ["warehouses.0.pickers=20"])

Every problem is reported as ``<file>: <dotted.path>: <reason>`` through ``ConfigError.lines()``.
Units: lead times and intervals in hours (``_h``), task times in minutes (``_min``), rates as fractions.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from simulation.distributions import Distribution
from simulation.kpis import describe

ACTIVITIES = ("kitting", "pick", "pack", "ship")
"""Labour activities in the order a shipment passes them."""

WORKER_FIELDS = {"kitting": "kitters", "pick": "pickers", "pack": "packers", "ship": "shippers"}
"""The warehouse field holding the headcount of each activity's labour pool."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Run(_Model):
    """Experiment defaults; the CLI flags override them."""

    days: float = Field(90, gt=0, description="measured days, after the warm-up")
    warmup_days: float = Field(14, ge=0)
    replications: int = Field(5, ge=1)
    seed: int = Field(20240501, ge=0)


class Shift(_Model):
    """A shift from ``start_h`` to ``end_h`` (hours of day; ``end_h`` may pass 24) on ``weekdays`` (0=Mon)."""

    name: str
    start_h: float = Field(ge=0, lt=24)
    end_h: float = Field(gt=0, le=48)
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = [0, 1, 2, 3, 4, 5, 6]


class Task(_Model):
    """Time per job of one activity: a setup per job plus a draw per order line, in minutes."""

    setup_min: Distribution | None = None
    per_line_min: Distribution | None = None


class MinMax(_Model):
    """Odoo reordering rule: when the forecast < ``min_qty``, order up to ``max_qty`` in ``qty_multiple``s."""

    policy: Literal["min_max"] = "min_max"
    min_qty: float = Field(ge=0)
    max_qty: float = Field(ge=0)
    qty_multiple: float = Field(1, ge=0)
    odoo_version: Literal[17, 18] = 17
    review_interval_h: float = Field(24, ge=0, description="the scheduler's interval; 0 = every demand")
    vendor: str | None = None
    resupply_from: str | None = None
    initial_on_hand: float | None = Field(None, ge=0)


class SS(_Model):
    """(s, S): when the inventory position <= ``s``, order up to ``S``."""

    policy: Literal["s_S"] = "s_S"
    s: float
    S: float
    review_interval_h: float = Field(0, ge=0)
    vendor: str | None = None
    resupply_from: str | None = None
    initial_on_hand: float | None = Field(None, ge=0)


class RQ(_Model):
    """(r, Q): when the inventory position <= ``r``, order the fewest ``Q``s that lift it above ``r``."""

    policy: Literal["r_Q"] = "r_Q"
    r: float
    Q: float = Field(gt=0)
    review_interval_h: float = Field(0, ge=0)
    vendor: str | None = None
    resupply_from: str | None = None
    initial_on_hand: float | None = Field(None, ge=0)


class BaseStock(_Model):
    """Base stock: order up to ``S`` whenever the inventory position is below it (periodic if reviewed)."""

    policy: Literal["base_stock"] = "base_stock"
    S: float
    review_interval_h: float = Field(0, ge=0)
    vendor: str | None = None
    resupply_from: str | None = None
    initial_on_hand: float | None = Field(None, ge=0)


Policy = Annotated[MinMax | SS | RQ | BaseStock, Field(discriminator="policy")]
Headcount = Annotated[int, Field(ge=1)] | dict[str, Annotated[int, Field(ge=0)]]


class Warehouse(_Model):
    """A warehouse: labour pools (headcount per shift or overall), task times, picking mode, reorder rules."""

    name: str = Field(pattern=r"^[A-Za-z0-9_-]+$", description="used in KPI ids: letters, digits, _ and -")
    shifts: list[Shift] = []
    pickers: Headcount | None = None
    packers: Headcount | None = None
    shippers: Headcount | None = None
    kitters: Headcount | None = None
    tasks: dict[Literal["kitting", "pick", "pack", "ship"], Task] = {}
    picking: Literal["discrete", "wave"] = "discrete"
    wave_interval_min: float = Field(60, gt=0)
    wave_batch_orders: int = Field(20, ge=1, description="orders per batch pick in a wave")
    transfer_lead_time_h: Distribution | None = None
    replenishment: dict[str, Policy] = {}


class Vendor(_Model):
    """A supplier: lead time, chance and size of a delay, minimum order quantity."""

    name: str
    lead_time_h: Distribution
    promised_lead_time_h: float | None = Field(None, gt=0, description="default: mean lead time")
    delay_probability: float = Field(0, ge=0, le=1)
    delay_h: Distribution | None = None
    moq: float = Field(0, ge=0)


class SkuClass(_Model):
    """An ABC class: its share of SKUs and of order lines, unit cost and kits."""

    name: str
    sku_share: float = Field(gt=0, le=1)
    demand_share: float = Field(ge=0, le=1)
    unit_cost: float = Field(1, ge=0)
    kit_components: int = Field(0, ge=0, description="components per kit; 0 = stocked items, not kits")


class Skus(_Model):
    count: int = Field(1, ge=1)
    classes: list[SkuClass] = [SkuClass(name="A", sku_share=1, demand_share=1)]

    def bounds(self) -> list[int]:
        """SKU index boundaries: class i owns SKUs ``bounds[i]`` to ``bounds[i + 1] - 1``."""
        total, cum, out = sum(c.sku_share for c in self.classes), 0.0, [0]
        for c in self.classes:
            cum += c.sku_share
            out.append(round(cum / total * self.count))
        out[-1] = self.count
        return out


class Channel(_Model):
    """A sales channel: arrival rate and profiles, order shape, fulfilment policy and service target."""

    name: str
    orders_per_day: float = Field(gt=0, description="mean over a standard week, before peaks and growth")
    arrival_process: Literal["poisson", "regular"] = "poisson"
    daily_profile: list[Annotated[float, Field(ge=0)]] | None = Field(None, min_length=24, max_length=24)
    weekly_profile: list[Annotated[float, Field(ge=0)]] | None = Field(None, min_length=7, max_length=7)
    growth_per_year: float = Field(0, gt=-1)
    warehouse_shares: dict[str, Annotated[float, Field(ge=0)]]
    lines_per_order: Distribution
    qty_per_line: Distribution
    fulfilment: Literal["ship_partial", "ship_complete"] = "ship_partial"
    target_cycle_time_h: float = Field(48, gt=0)


class Peak(_Model):
    """Demand multiplier from ``start_day`` (inclusive) to ``end_day`` (exclusive), days from the start."""

    start_day: float = Field(ge=0)
    end_day: float = Field(gt=0)
    multiplier: float = Field(ge=0)


class Demand(_Model):
    channels: list[Channel] = Field(min_length=1)
    peaks: list[Peak] = []


class Target(_Model):
    """A service target on one KPI: ``min`` and/or ``max``, met when the two-sided ``confidence`` interval
    of the replications' mean lies on the right side of each threshold (see simulation/targets.py)."""

    min: float | None = None
    max: float | None = None
    confidence: float = Field(0.95, gt=0, lt=1)


class Config(_Model):
    """A whole simulation scenario."""

    name: str = "scenario"
    description: str = ""
    run: Run = Run()
    skus: Skus = Skus()
    warehouses: list[Warehouse] = Field(min_length=1)
    vendors: list[Vendor] = []
    demand: Demand
    unlimited_stock: bool = Field(False, description="skip the stock ledger: every line is available")
    carrying_rate_per_year: float = Field(0.25, ge=0)
    sample_interval_h: float = Field(6, gt=0, description="interval of the inventory time series")
    targets: dict[str, Target] = Field({}, description="KPI id -> min and/or max, the run's verdict")

    def sha256(self) -> str:
        """Hash of the effective config (after overrides), for results.json."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


class ConfigError(Exception):
    """A config that cannot be used; ``problems`` holds (dotted path, reason) pairs."""

    def __init__(
        self, source: str, problems: list[tuple[str, str]], line_of: dict[str, int] | None = None
    ) -> None:
        super().__init__(f"{source}: {len(problems)} problem(s)")
        self.source, self.problems = source, problems
        self.line_of = line_of or {}

    def lines(self) -> list[str]:
        """One line per problem: ``file: line N: field.path: reason`` (the line when the file has it)."""
        return [
            f"{self.source}: {f'line {self.line_of[path]}: ' if path in self.line_of else ''}"
            f"{path or '<top>'}: {reason}"
            for path, reason in self.problems
        ]

    def located(self, text: str) -> ConfigError:
        """The same problems, each with the line of the YAML ``text`` its field path points at."""
        try:
            root = yaml.compose(text)
        except yaml.YAMLError:
            return self
        lines = {path: line for path, _ in self.problems if (line := _line_of(root, path))}
        return ConfigError(self.source, self.problems, lines)


def _line_of(node: yaml.Node | None, path: str) -> int | None:
    """The 1-based line of the deepest YAML node on the dotted ``path`` (``warehouses.0.pickers``)."""
    line = None
    for part in path.split("."):
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def load_config(path: str | Path, overrides: list[str] = ()) -> Config:
    """Read, override (``FIELD=VALUE``, VALUE in YAML syntax) and validate a YAML config."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
        raw = yaml.safe_load(text)
    except OSError as exc:
        raise ConfigError(str(path), [("", f"cannot read file: {exc.strerror}")]) from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise ConfigError(str(path), [(f"line {line}", "not UTF-8 text: save the file as UTF-8")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = f"YAML syntax error: {getattr(exc, 'problem', None) or exc}"
        raise ConfigError(str(path), [(where, reason)]) from None
    if not isinstance(raw, dict):
        raise ConfigError(str(path), [("", "expected a mapping of fields at the top level")])
    _resolve_files(raw, path.parent)
    try:
        cfg = validate(raw, str(path))
    except ConfigError as exc:
        raise exc.located(text) from None
    return apply_overrides(cfg, overrides, str(path)) if overrides else cfg


def validate(raw: dict[str, Any], source: str = "<config>") -> Config:
    """Validate a plain dict; raises ``ConfigError`` listing every problem with its field path."""
    try:
        cfg = Config.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(source, _problems(raw, exc.errors())) from None
    problems = check_references(cfg)
    if problems:
        raise ConfigError(source, problems)
    return cfg


def apply_overrides(cfg: Config, overrides: list[str], source: str = "--set") -> Config:
    """Set ``FIELD=VALUE`` pairs on a validated config and validate the result again."""
    data = cfg.model_dump(mode="json")
    problems = []
    for item in overrides:
        field, sep, value = item.partition("=")
        if not sep or not field:
            problems.append((item, "expected FIELD=VALUE"))
            continue
        error = _set_path(data, field.strip().split("."), yaml.safe_load(value) if value else None)
        if error:
            problems.append((field, error))
    if problems:
        raise ConfigError("--set", problems)
    return validate(data, source)


def check_references(cfg: Config) -> list[tuple[str, str]]:
    """Cross-field rules pydantic cannot see: names that must exist, shares that must add up."""
    out: list[tuple[str, str]] = []
    wh_names = [w.name for w in cfg.warehouses]
    classes = [c.name for c in cfg.skus.classes]
    vendors = [v.name for v in cfg.vendors]
    for label, names, where in (
        ("warehouse", wh_names, "warehouses"),
        ("SKU class", classes, "skus.classes"),
        ("vendor", vendors, "vendors"),
        ("channel", [c.name for c in cfg.demand.channels], "demand.channels"),
    ):
        for i, name in enumerate(names):
            if names.index(name) != i:
                out.append((f"{where}.{i}.name", f"duplicate {label} name {name!r}"))
    for field, total in (
        ("sku_share", sum(c.sku_share for c in cfg.skus.classes)),
        ("demand_share", sum(c.demand_share for c in cfg.skus.classes)),
    ):
        if abs(total - 1) > 1e-6:
            out.append((f"skus.classes.*.{field}", f"shares must add up to 1, they add up to {total:g}"))
    bounds = cfg.skus.bounds()
    for i, c in enumerate(cfg.skus.classes):
        if bounds[i + 1] == bounds[i]:
            out.append(
                (f"skus.classes.{i}.sku_share", f"gives class {c.name} no SKU out of {cfg.skus.count}")
            )
    for i, ch in enumerate(cfg.demand.channels):
        at = f"demand.channels.{i}"
        for name in ch.warehouse_shares:
            if name not in wh_names:
                out.append((f"{at}.warehouse_shares.{name}", f"unknown warehouse; known: {wh_names}"))
        if abs(sum(ch.warehouse_shares.values()) - 1) > 1e-6:
            out.append((f"{at}.warehouse_shares", "shares must add up to 1"))
        if ch.arrival_process == "regular" and (ch.daily_profile or ch.weekly_profile or cfg.demand.peaks):
            out.append((f"{at}.arrival_process", "'regular' arrivals take no profiles or peaks"))
        for key in ("daily_profile", "weekly_profile"):
            if getattr(ch, key) is not None and sum(getattr(ch, key)) <= 0:
                out.append((f"{at}.{key}", "profile weights must have a positive sum"))
    for i, p in enumerate(cfg.demand.peaks):
        if p.end_day <= p.start_day:
            out.append((f"demand.peaks.{i}.end_day", "must be after start_day"))
    for i, w in enumerate(cfg.warehouses):
        out += _check_warehouse(cfg, w, f"warehouses.{i}", wh_names, classes, vendors)
    for kpi, target in cfg.targets.items():
        out += [(f"targets.{kpi}", reason) for reason in _target_problems(cfg, kpi, target)]
    return out


def _target_problems(cfg: Config, kpi: str, target: Target) -> list[str]:
    try:
        describe(kpi)
    except KeyError:
        return ["unknown KPI id (docs/simulation.md lists them, e.g. order_fill_rate, utilisation.pick.main)"]
    out = []
    if target.min is None and target.max is None:
        out.append("give min, max or both")
    if target.min is not None and target.max is not None and target.max < target.min:
        out.append("max must be >= min")
    if kpi.count(".") == 2:
        _, pool, warehouse = kpi.split(".")
        houses = {w.name: w for w in cfg.warehouses}
        if warehouse not in houses:
            out.append(f"unknown warehouse {warehouse!r}; known: {sorted(houses)}")
        elif pool not in WORKER_FIELDS or getattr(houses[warehouse], WORKER_FIELDS[pool]) is None:
            out.append(f"warehouse {warehouse!r} has no {pool} pool (no {WORKER_FIELDS.get(pool, pool)})")
    return out


def _check_warehouse(cfg, w, at, wh_names, classes, vendors) -> list[tuple[str, str]]:
    out = []
    shift_names = [s.name for s in w.shifts]
    for activity, field in WORKER_FIELDS.items():
        heads = getattr(w, field)
        if isinstance(heads, dict):
            for name in heads:
                if name not in shift_names:
                    out.append((f"{at}.{field}.{name}", f"unknown shift; known: {shift_names}"))
        if isinstance(heads, dict) and not w.shifts:
            out.append((f"{at}.{field}", "headcount per shift needs shifts"))
        if heads is not None and activity not in w.tasks:
            out.append((f"{at}.tasks.{activity}", f"missing: the task times of the {field}"))
        if (
            heads is not None
            and activity == "kitting"
            and not any(c.kit_components for c in cfg.skus.classes)
        ):
            out.append((f"{at}.{field}", "kitters but no SKU class has kit_components"))
    for j, s in enumerate(w.shifts):
        if s.end_h <= s.start_h:
            out.append((f"{at}.shifts.{j}.end_h", "must be after start_h (use end_h > 24 for night shifts)"))
    if w.picking == "wave" and w.pickers is None:
        out.append((f"{at}.picking", "wave picking needs pickers"))
    if cfg.unlimited_stock:
        return out
    for name, pol in w.replenishment.items():
        p = f"{at}.replenishment.{name}"
        if name not in classes:
            out.append((p, f"unknown SKU class; known: {classes}"))
        elif cfg.skus.classes[classes.index(name)].kit_components:
            out.append((p, "kits are assembled to order, not stocked: no reorder rule"))
        if pol.resupply_from is not None:
            if pol.resupply_from not in wh_names or pol.resupply_from == w.name:
                out.append((f"{p}.resupply_from", "must name another warehouse"))
            if w.transfer_lead_time_h is None:
                out.append((f"{at}.transfer_lead_time_h", "needed by resupply_from"))
        elif pol.vendor is None:
            if len(vendors) != 1:
                out.append((f"{p}.vendor", "name the vendor (there is not exactly one)"))
        elif pol.vendor not in vendors:
            out.append((f"{p}.vendor", f"unknown vendor; known: {vendors}"))
        if isinstance(pol, MinMax) and pol.max_qty < pol.min_qty:
            out.append((f"{p}.max_qty", "must be >= min_qty"))
        if isinstance(pol, SS) and pol.s > pol.S:
            out.append((f"{p}.S", "must be >= s"))
    served = {n for ch in cfg.demand.channels for n, share in ch.warehouse_shares.items() if share > 0}
    served |= {p.resupply_from for w2 in cfg.warehouses for p in w2.replenishment.values() if p.resupply_from}
    if w.name in served:
        for c in cfg.skus.classes:
            if c.kit_components == 0 and c.name not in w.replenishment:
                out.append((f"{at}.replenishment.{c.name}", "missing: this warehouse ships this class"))
    return out


def _problems(raw: Any, errors: list[dict]) -> list[tuple[str, str]]:
    """One (path, reason) per pydantic error, minus wrong-type errors of union branches not taken."""
    found = [(_dotted(raw, err["loc"]), err["msg"], err["type"].endswith("_type")) for err in errors]
    other = {path for path, _, wrong_type in found if not wrong_type}
    out = [(path, msg) for path, msg, wrong_type in found if not (wrong_type and path in other)]
    return list(dict.fromkeys(out))


def _dotted(raw: Any, loc: tuple) -> str:
    """The dotted path of a pydantic error location, without the union tags pydantic inserts."""
    parts, node = [], raw
    for i, key in enumerate(loc):
        in_list = isinstance(node, list) and isinstance(key, int) and key < len(node)
        if (isinstance(node, dict) and key in node) or in_list:
            parts.append(str(key))
            node = node[key]
        elif i == len(loc) - 1 and isinstance(node, dict):
            parts.append(str(key))
    return ".".join(parts)


def _set_path(data: Any, keys: list[str], value: Any) -> str | None:
    node = data
    for depth, key in enumerate(keys):
        here = ".".join(keys[:depth]) or "the top level"
        last = depth == len(keys) - 1
        if isinstance(node, list):
            if not key.isdigit() or int(key) >= len(node):
                return f"no such field: {here} is a list of {len(node)} item(s)"
            idx: Any = int(key)
        elif isinstance(node, dict):
            if key not in node:
                return f"no such field {key!r} in {here}; fields: {sorted(node)}"
            idx = key
        else:
            return f"no such field: {here} is not a mapping or list"
        if last:
            node[idx] = value
        else:
            node = node[idx]
    return None


def _resolve_files(node: Any, base: Path) -> None:
    """Make ``file`` paths of empirical distributions relative to the config file's folder."""
    if isinstance(node, dict):
        if node.get("dist") == "empirical" and isinstance(node.get("file"), str):
            node["file"] = str((base / node["file"]).resolve())
        for v in node.values():
            _resolve_files(v, base)
    elif isinstance(node, list):
        for v in node:
            _resolve_files(v, base)
