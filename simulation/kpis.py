"""KPI definitions: the registry of KPI ids with units, and pure functions computing them from plain arrays.

This module imports neither SimPy nor the model, so KPIs computed from Odoo data can reuse it::

    >>> import numpy as np
    >>> order_fill_rate(lines=np.array([2, 3]), lines_filled=np.array([2, 1]))
    0.5
    >>> KPIS["cycle_time_p95_h"].unit
    'h'
    >>> describe("utilisation.pick.main").unit
    'fraction'

Rates are fractions, times are hours. A KPI with no data to measure it is ``None``, never NaN.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Kpi:
    """One KPI: its stable id (used in results.json, the report and Gherkin), unit and definition."""

    id: str
    unit: str
    description: str


_DEFS = [
    (
        "order_fill_rate",
        "fraction",
        "Share of orders whose every line was filled in full from stock at order entry.",
    ),
    ("line_fill_rate", "fraction", "Share of order lines filled in full from stock at order entry."),
    (
        "unit_fill_rate",
        "fraction",
        "Share of ordered units filled from stock at order entry (type-2 fill rate).",
    ),
    ("otif", "fraction", "Share of orders whose last unit shipped within the channel's target cycle time."),
    ("cycle_time_mean_h", "h", "Mean time from order entry to the shipment of its last unit."),
    ("cycle_time_p50_h", "h", "Median order cycle time."),
    ("cycle_time_p95_h", "h", "95th percentile of the order cycle time."),
    ("backorder_rate", "fraction", "Share of orders with at least one line backordered at entry."),
    (
        "backorder_delay_mean_h",
        "h",
        "Mean time from entry of a backordered line until its quantity is reserved.",
    ),
    ("backorder_units_mean", "units", "Time-average of units on backorder, all SKUs and warehouses."),
    (
        "on_hand_units_mean",
        "units",
        "Time-average of physical units in stock (free plus reserved), all locations.",
    ),
    ("on_hand_value_mean", "currency", "Time-average of the value at unit cost of the stock on hand."),
    ("on_order_units_mean", "units", "Time-average of units ordered and not yet received (pipeline)."),
    ("carrying_cost", "currency/yr", "on_hand_value_mean times the yearly carrying rate."),
    ("stockout_days", "days", "Days out of stock (no free units at the daily snapshot) per SKU-location."),
    (
        "purchase_lead_time_adherence",
        "fraction",
        "Share of receipts that arrived within the promised lead time.",
    ),
    ("throughput_lines_per_h", "lines/h", "Order lines shipped per hour of the measured period."),
]
KPIS: dict[str, Kpi] = {k: Kpi(k, u, d) for k, u, d in _DEFS}
"""Network-wide KPIs by id."""

POOL_KPIS: dict[str, Kpi] = {
    k: Kpi(k, u, d)
    for k, u, d in [
        ("utilisation", "fraction", "Busy worker-hours over rostered worker-hours of the pool."),
        ("wait_mean_h", "h", "Mean wait of a job in the pool's queue before service starts."),
        ("wait_prob", "fraction", "Share of jobs that waited before service."),
        ("queue_length_mean", "jobs", "Time-average number of jobs waiting in the pool's queue."),
    ]
}
"""Per labour pool KPIs; their ids are ``<kpi>.<pool>.<warehouse>``, e.g. ``utilisation.pick.main``."""

BETTER: dict[str, str] = {
    **dict.fromkeys(
        ["order_fill_rate", "line_fill_rate", "unit_fill_rate", "otif", "purchase_lead_time_adherence"],
        "higher",
    ),
    **dict.fromkeys(
        [
            "cycle_time_mean_h", "cycle_time_p50_h", "cycle_time_p95_h", "backorder_rate",
            "backorder_delay_mean_h", "backorder_units_mean", "carrying_cost", "stockout_days",
            "wait_mean_h", "wait_prob", "queue_length_mean",
        ],
        "lower",
    ),
}  # fmt: skip
"""Which way a KPI is better (pool KPIs by their first part); the others (stock levels, throughput,
utilisation) are trade-offs, so a comparison says only higher or lower."""


def better(kpi_id: str) -> str | None:
    """'higher', 'lower' or None (no better direction) for a KPI id.

    >>> better("order_fill_rate"), better("wait_mean_h.pick.main"), better("utilisation.pick.main")
    ('higher', 'lower', None)
    """
    return BETTER.get(kpi_id) or BETTER.get(kpi_id.partition(".")[0] if kpi_id.count(".") == 2 else "")


COUNT_KPIS: dict[str, Kpi] = {
    k: Kpi(k, u, d)
    for k, u, d in [
        (
            "inventory_accuracy",
            "fraction",
            "Share of counted lines (product, location) whose counted quantity equals the system quantity.",
        ),
        (
            "inventory_variance_units",
            "units",
            "Sum over counted lines of the absolute difference between counted and system quantity.",
        ),
    ]
}
"""KPIs of a cycle count (a count of several products in one location), measured on Odoo's counts."""


def describe(kpi_id: str) -> Kpi:
    """The KPI for an id, including per-pool and count ids; raises KeyError for unknown ids."""
    if kpi_id in KPIS:
        return KPIS[kpi_id]
    if kpi_id in COUNT_KPIS:
        return COUNT_KPIS[kpi_id]
    base, _, scope = kpi_id.partition(".")
    if base in POOL_KPIS and scope.count(".") == 1:
        k = POOL_KPIS[base]
        return Kpi(kpi_id, k.unit, f"{k.description} ({scope})")
    raise KeyError(kpi_id)


def pool_kpi_ids(pool: str, warehouse: str) -> list[str]:
    """The KPI ids of one labour pool at one warehouse."""
    return [f"{k}.{pool}.{warehouse}" for k in POOL_KPIS]


def _mean(x: np.ndarray) -> float | None:
    return float(np.mean(x)) if len(x) else None


def order_fill_rate(lines: np.ndarray, lines_filled: np.ndarray) -> float | None:
    return _mean(lines_filled >= lines)


def line_fill_rate(lines: np.ndarray, lines_filled: np.ndarray) -> float | None:
    total = lines.sum()
    return float(lines_filled.sum() / total) if total else None


def unit_fill_rate(units: np.ndarray, units_filled: np.ndarray) -> float | None:
    total = units.sum()
    return float(units_filled.sum() / total) if total > 0 else None


def backorder_rate(lines: np.ndarray, lines_filled: np.ndarray) -> float | None:
    return _mean(lines_filled < lines)


def otif(complete: np.ndarray, due: np.ndarray) -> float | None:
    """Share of orders complete by their due time; ``complete`` is NaN for orders not yet complete."""
    with np.errstate(invalid="ignore"):
        return _mean(complete <= due)


def cycle_times(arrival: np.ndarray, complete: np.ndarray) -> dict[str, float | None]:
    """Mean, median and 95th percentile of complete - arrival over complete orders."""
    ct = (complete - arrival)[~np.isnan(complete)]
    if not len(ct):
        return {"cycle_time_mean_h": None, "cycle_time_p50_h": None, "cycle_time_p95_h": None}
    p50, p95 = np.percentile(ct, [50, 95])
    return {
        "cycle_time_mean_h": float(ct.mean()),
        "cycle_time_p50_h": float(p50),
        "cycle_time_p95_h": float(p95),
    }


def backorder_delay_mean(created: np.ndarray, filled: np.ndarray) -> float | None:
    """Mean hours from backorder to reservation over backorders already filled."""
    delay = filled - created
    return _mean(delay[~np.isnan(delay)])


def lead_time_adherence(lead_times: np.ndarray, promised: np.ndarray) -> float | None:
    return _mean(lead_times <= promised + 1e-9)


def stockout_days(daily_stockouts: np.ndarray, locations: int) -> float | None:
    """``daily_stockouts[d]`` = SKU-locations without free stock at snapshot ``d``."""
    return float(np.sum(daily_stockouts) / locations) if locations else None


def carrying_cost(on_hand_value_mean: float | None, rate_per_year: float) -> float | None:
    return None if on_hand_value_mean is None else on_hand_value_mean * rate_per_year


def overlap(starts: np.ndarray, ends: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Total length of the intervals [starts, ends) falling in each bin between consecutive ``edges``."""
    s, e = np.sort(starts), np.sort(ends)
    cs, ce = np.concatenate(([0.0], np.cumsum(s))), np.concatenate(([0.0], np.cumsum(e)))
    ns, ne = np.searchsorted(s, edges), np.searchsorted(e, edges)
    covered = (edges * ns - cs[ns]) - (
        edges * ne - ce[ne]
    )  # measure of the union-with-multiplicity up to edge
    return np.diff(covered)


def pool_kpis(
    enter: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    window: tuple[float, float],
    capacity_h: float,
) -> dict[str, float | None]:
    """Utilisation, mean wait, waiting probability and mean queue length of one labour pool.

    ``enter[i]``, ``start[i]``: queue entry and service start of job i (the end of the run if it has
    not started); ``end``: every service end (the end of the run if not finished), in any order, as
    busy time only needs the sorted starts and ends. Waits count jobs entering in the window that
    started; the time averages integrate the queue and busy intervals over the window exactly.
    """
    t0, t1 = window
    edges = np.array([t0, t1])
    busy = overlap(start, end, edges)[0]
    queued = overlap(enter, start, edges)[0]
    sel = (enter >= t0) & (enter < t1) & (start < t1)
    waits = start[sel] - enter[sel]
    return {
        "utilisation": float(busy / capacity_h) if capacity_h > 0 else None,
        "wait_mean_h": _mean(waits),
        "wait_prob": _mean(waits > 1e-12),
        "queue_length_mean": float(queued / (t1 - t0)),
    }


def inventory_accuracy(system: np.ndarray, counted: np.ndarray) -> float | None:
    """Share of counted lines with no difference between counted and system quantity.

    >>> inventory_accuracy(np.array([10.0, 5.0, 8.0, 0.0]), np.array([10.0, 3.0, 8.0, 0.0]))
    0.75
    """
    if not len(system):
        return None
    return float(np.mean(np.isclose(counted, system, rtol=0.0, atol=1e-9)))


def inventory_variance_units(system: np.ndarray, counted: np.ndarray) -> float | None:
    """Sum of the absolute differences between counted and system quantities (units gained and lost both
    count).

    >>> inventory_variance_units(np.array([10.0, 5.0, 8.0]), np.array([10.0, 3.0, 9.0]))
    3.0
    """
    if not len(system):
        return None
    return float(np.abs(counted - system).sum())
