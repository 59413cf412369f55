"""The replay plan: which business operation is sent when, from the simulated order stream of the peak day.

Pure logic, no Odoo and no Locust::

    cfg = load_config("simulation/examples/regional_distributor.yaml")
    plan = build_plan(cfg, scale=0.2, duration_s=600)
    plan.window_start_h, len(plan.requests)      # where in the simulation, how many requests
    plan.requests[0]                             # Request(at_s=..., op='enter_order', order=0, ...)

Pacing: the window starts at the busiest hour (by the demand model's expected rate) of the peak day and
lasts ``duration_s * scale`` simulated seconds; an order placed ``t`` simulated seconds into the window is
entered ``t / scale`` seconds into the run, so ``scale`` is the fraction of the peak's order rate demanded.
Each order's later steps follow at fixed lags in run seconds (``LAGS_S``): the simulated hours between
picking and invoicing are compressed so that every order's flow falls within a short run.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from simulation.config import Config
from simulation.demand import generate, hourly_rates
from simulation.streams import Streams

#: The business operations, in flow order: id -> (role that does it, what the feature calls it).
OPERATIONS: dict[str, tuple[str, str]] = {
    "enter_order": ("sales coordinator", "entering an order"),
    "confirm_order": ("sales coordinator", "confirming an order"),
    "confirm_replenishment": ("buyer", "confirming a replenishment"),
    "validate_delivery": ("warehouse operator", "validating a delivery"),
    "validate_receipt": ("warehouse operator", "validating a receipt"),
    "invoice_order": ("sales coordinator", "invoicing an order"),
    "post_invoice": ("accountant", "posting an invoice"),
}
#: Run seconds from an order's entry to each later step (the simulated hours between them, compressed).
LAGS_S: dict[str, float] = {
    "enter_order": 0.0,
    "confirm_order": 2.0,
    "confirm_replenishment": 4.0,
    "validate_delivery": 8.0,
    "validate_receipt": 10.0,
    "invoice_order": 12.0,
    "post_invoice": 14.0,
}
#: Which operation must have succeeded before another can start (on the same order or replenishment).
NEEDS: dict[str, str] = {
    "confirm_order": "enter_order",
    "validate_delivery": "confirm_order",
    "invoice_order": "validate_delivery",
    "post_invoice": "invoice_order",
    "validate_receipt": "confirm_replenishment",
}
#: A buyer replenishes what every this many orders sold (one purchase order, one receipt).
REPLENISH_EVERY = 5
#: The share of multi-line orders of partial-delivery channels shipped short (last line left on a backorder).
PARTIAL_SHARE = 0.25
#: Products the simulated SKUs are mapped onto, by default.
DEFAULT_PRODUCTS = 12


@dataclass(frozen=True)
class Request:
    """One business operation at its scheduled time: ``at_s`` run seconds after the replay starts."""

    at_s: float
    op: str
    key: str  # the order ('o12') or replenishment ('r3') it acts on
    partial: bool = False  # validate_delivery: ship the last line short and keep a backorder

    @property
    def role(self) -> str:
        return OPERATIONS[self.op][0]


@dataclass(frozen=True)
class Order:
    """One simulated order, on Odoo's products: lines (product index, quantity), warehouse and channel."""

    key: str
    sim_time_h: float
    channel: str
    ship_complete: bool
    warehouse: int
    lines: list[tuple[int, float]]


@dataclass
class Plan:
    """Everything the replay sends, and where in the simulation it comes from."""

    config: str
    scale: float
    duration_s: float
    peak_day: int
    window_start_h: float
    window_h: float
    products: int
    warehouses: list[str]
    channels: list[str]
    orders: dict[str, Order] = field(default_factory=dict)
    replenishments: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def demanded(self) -> dict[str, int]:
        """Requests scheduled per operation (within the duration)."""
        return {op: sum(r.op == op for r in self.requests) for op in OPERATIONS}

    def to_json(self) -> dict:
        data = asdict(self)
        data["requests"] = [[r.at_s, r.op, r.key, r.partial] for r in self.requests]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Plan:
        plan = cls(**{k: v for k, v in data.items() if k not in ("orders", "requests", "replenishments")})
        plan.orders = {
            k: Order(**(o | {"lines": [tuple(x) for x in o["lines"]]})) for k, o in data["orders"].items()
        }
        plan.replenishments = {k: [tuple(x) for x in v] for k, v in data["replenishments"].items()}
        plan.requests = [Request(*r) for r in data["requests"]]
        return plan


def product_of(sku: int, bounds: list[int], products: int) -> int:
    """The product (0 to ``products - 1``) a simulated SKU is mapped onto, keeping its ABC class.

    The products are split between the classes in proportion to their SKU counts (at least one each,
    so ``products`` must be at least the number of classes); SKU ``s`` of a class with SKUs
    ``lo..hi-1`` and products ``p0..p1-1`` maps to ``p0 + (s - lo) mod (p1 - p0)``.

    >>> [product_of(s, [0, 2, 10], 4) for s in range(10)]
    [0, 0, 1, 2, 3, 1, 2, 3, 1, 2]
    """
    split = class_products(bounds, products)
    cls = int(np.searchsorted(bounds, sku, side="right")) - 1
    lo, p0, p1 = bounds[cls], split[cls], split[cls + 1]
    return p0 + (sku - lo) % (p1 - p0)


def class_products(bounds: list[int], products: int) -> list[int]:
    """Product index boundaries per class: class i owns products ``split[i]`` to ``split[i + 1] - 1``.

    >>> class_products([0, 400, 1000, 1980, 2000], 12)
    [0, 3, 6, 11, 12]
    """
    classes = len(bounds) - 1
    if products < classes:
        raise ValueError(f"{products} products cannot keep {classes} SKU classes apart: use {classes}+")
    sizes = np.diff(bounds).astype(float)
    share = 1 + np.floor(sizes / sizes.sum() * (products - classes))
    while share.sum() < products:  # the remainder to the biggest classes first
        share[int(np.argmax(sizes / share))] += 1
    return [0, *np.cumsum(share).astype(int).tolist()]


def expected_rates(cfg: Config, hours: int) -> np.ndarray:
    """Orders per hour over all channels, for each hour from the simulation's start (the demand model's
    expectation, not a random draw)."""
    return sum(hourly_rates(ch, cfg.demand.peaks, hours) for ch in cfg.demand.channels)


def peak_day(cfg: Config, horizon_h: float) -> int:
    """The day (from the simulation's start, as peaks count them) with the highest expected order count."""
    total = expected_rates(cfg, int(np.ceil(horizon_h)))
    days = len(total) // 24
    return int(np.argmax(total[: days * 24].reshape(days, 24).sum(axis=1)))


def busiest_hour(cfg: Config, day: int) -> int:
    """The hour of ``day`` (0-23) with the highest expected order rate."""
    return int(np.argmax(expected_rates(cfg, (day + 1) * 24)[day * 24 :]))


def build_plan(
    cfg: Config,
    *,
    scale: float,
    duration_s: float,
    day: int | None = None,
    products: int = DEFAULT_PRODUCTS,
    config_name: str = "",
    max_requests: int = 20000,
) -> Plan:
    """The requests of a replay of ``duration_s`` run seconds at ``scale`` times the peak's rate."""
    if scale <= 0 or duration_s <= 0:
        raise ValueError("scale and duration must be above 0")
    horizon = (cfg.run.warmup_days + cfg.run.days) * 24
    day = peak_day(cfg, horizon) if day is None else day
    if not 0 <= day < horizon / 24:
        raise ValueError(f"peak day {day} is outside the simulated {horizon / 24:g} days")
    start_h = day * 24 + busiest_hour(cfg, day)
    window_h = duration_s * scale / 3600
    bounds = cfg.skus.bounds()
    orders = generate(
        cfg.demand.channels,
        cfg.demand.peaks,
        [w.name for w in cfg.warehouses],
        np.array(bounds),
        [c.demand_share for c in cfg.skus.classes],
        start_h + window_h,
        Streams(cfg.run.seed),
    )
    plan = Plan(
        config=config_name,
        scale=scale,
        duration_s=duration_s,
        peak_day=day,
        window_start_h=start_h,
        window_h=window_h,
        products=products,
        warehouses=[w.name for w in cfg.warehouses],
        channels=[c.name for c in cfg.demand.channels],
    )
    rng = np.random.default_rng(cfg.run.seed)  # which orders ship short: reproducible per config
    pending: list[tuple[int, float]] = []
    requests: list[Request] = []
    for i in np.flatnonzero((orders.time >= start_h) & (orders.time < start_h + window_h)):
        channel = cfg.demand.channels[int(orders.channel[i])]
        lines: dict[int, float] = {}
        for j in range(orders.first[i], orders.first[i + 1]):
            product = product_of(int(orders.sku[j]), bounds, products)
            lines[product] = lines.get(product, 0.0) + max(1.0, float(np.rint(orders.qty[j])))
        key = f"o{len(plan.orders)}"
        at = (float(orders.time[i]) - start_h) * 3600 / scale
        partial = channel.fulfilment == "ship_partial" and len(lines) > 1 and rng.random() < PARTIAL_SHARE
        plan.orders[key] = Order(
            key,
            float(orders.time[i]),
            channel.name,
            channel.fulfilment == "ship_complete",
            int(orders.warehouse[i]),
            sorted(lines.items()),
        )
        for op in ("enter_order", "confirm_order", "validate_delivery", "invoice_order", "post_invoice"):
            requests.append(Request(at + LAGS_S[op], op, key, partial and op == "validate_delivery"))
        pending += lines.items()
        if len(plan.orders) % REPLENISH_EVERY == 0:
            rkey = f"r{len(plan.replenishments)}"
            merged: dict[int, float] = {}
            for product, qty in pending:
                merged[product] = merged.get(product, 0.0) + qty
            plan.replenishments[rkey] = sorted(merged.items())
            pending = []
            for op in ("confirm_replenishment", "validate_receipt"):
                requests.append(Request(at + LAGS_S[op], op, rkey))
    plan.requests = sorted((r for r in requests if r.at_s < duration_s), key=lambda r: (r.at_s, r.key))
    if len(plan.requests) > max_requests:
        raise ValueError(
            f"the replay would send {len(plan.requests)} requests, more than the bound of {max_requests}: "
            "lower --scale or --duration"
        )
    return plan


def parse_duration(text: str) -> float:
    """Seconds from '90', '90s', '10m' or '1h'.

    >>> parse_duration("10m"), parse_duration("60s"), parse_duration("90")
    (600.0, 60.0, 90.0)
    """
    text = text.strip().lower()
    unit = {"s": 1, "m": 60, "h": 3600}.get(text[-1:])
    number = text[:-1] if unit else text
    try:
        seconds = float(number) * (unit or 1)
    except ValueError:
        raise ValueError(f"duration {text!r}: expected seconds, or a number with s, m or h (10m)") from None
    if seconds <= 0:
        raise ValueError(f"duration {text!r}: must be above 0")
    return seconds
