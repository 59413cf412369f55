"""The simulation's KPIs read back from Odoo's records, week by week, through simulation/kpis.py's functions.

Odoo keeps no record of what was reserved when an order was entered, so the fill KPIs are measured on each
order's first delivery, when it was done within the fill window (docs/simulation.md, "KPIs from Odoo",
gives every formula and approximation)::

    weeks = weekly_kpis(history, target_cycle_time_h=48)   # one dict of KPI id -> value per week
    weeks[0]["order_fill_rate"]

Each week is an order's week of entry (``date_order``) or a receipt's week of arrival, counted from
``--since``; the weeks are the "replications" of the results.json that ``kpis-from-odoo`` writes.
"""

from __future__ import annotations

import numpy as np

from simulation import kpis
from simulation.odoo_history import History

WEEK_H = 7 * 24.0

#: The KPI ids measured on Odoo; the others (stock levels over time, labour) are not.
ODOO_KPIS = (
    "order_fill_rate",
    "line_fill_rate",
    "unit_fill_rate",
    "backorder_rate",
    "otif",
    "cycle_time_mean_h",
    "cycle_time_p50_h",
    "cycle_time_p95_h",
    "purchase_lead_time_adherence",
)


def _hours(h: History, when) -> float:
    return (when - h.since).total_seconds() / 3600


FILL_WINDOW_H = 24.0
"""Hours after the order within which its first delivery must be done for its lines to count as filled."""


def weekly_kpis(
    h: History, target_cycle_time_h: float = 48.0, fill_window_h: float = FILL_WINDOW_H
) -> list[dict[str, float | None]]:
    """Per whole or partial week of the window, every KPI of :data:`ODOO_KPIS` (None where undefined).

    A line counts as filled when the order's first delivery shipped it in full within ``fill_window_h`` of
    the order: a delivery that waited longer waited for stock. An order with no delivery done within the
    window counts with no line filled once the window has passed (``History.read_at``); before, it is left
    out."""
    weeks = max(1, int(np.ceil(h.days / 7 - 1e-9)))
    read_h = _hours(h, h.read_at or h.until)
    first: dict[int, dict[int, float]] = {}
    first_at: dict[int, object] = {}
    last_at: dict[int, object] = {}
    for d in sorted(h.deliveries, key=lambda d: d.done):
        if d.order not in first:
            first[d.order], first_at[d.order] = d.shipped, d.done
        last_at[d.order] = d.done
    lines_of: dict[int, list] = {}
    for x in h.lines:
        lines_of.setdefault(x.order, []).append(x)
    on_time = {
        o.id: first[o.id] if _hours(h, first_at[o.id]) - _hours(h, o.at) <= fill_window_h + 1e-9 else {}
        for o in h.orders
        if o.id in first
    }
    on_time |= {o.id: {} for o in h.orders if o.id not in first and read_h - _hours(h, o.at) > fill_window_h}
    out = []
    for w in range(weeks):
        orders = [o for o in h.orders if int(_hours(h, o.at) // WEEK_H) == w and o.id in on_time]
        n_lines = np.array([len(lines_of.get(o.id, [])) for o in orders])
        mine = [(o.id, x) for o in orders for x in lines_of.get(o.id, [])]
        full = {(i, x.id) for i, x in mine if on_time[i].get(x.id, 0.0) >= x.qty - 1e-9}
        filled = np.array([sum((o.id, x.id) in full for x in lines_of.get(o.id, [])) for o in orders])
        units = np.array([x.qty for _, x in mine])
        units_filled = np.array([min(on_time[i].get(x.id, 0.0), x.qty) for i, x in mine])
        arrival = np.array([_hours(h, o.at) for o in orders])
        complete = np.array(
            [
                np.nan if o.id in h.open_orders or o.id not in last_at else _hours(h, last_at[o.id])
                for o in orders
            ],
            dtype=float,
        )
        row: dict[str, float | None] = {
            "order_fill_rate": kpis.order_fill_rate(n_lines, filled),
            "line_fill_rate": kpis.line_fill_rate(n_lines, filled),
            "unit_fill_rate": kpis.unit_fill_rate(units, units_filled),
            "backorder_rate": kpis.backorder_rate(n_lines, filled),
            "otif": kpis.otif(complete, arrival + target_cycle_time_h),
            **kpis.cycle_times(arrival, complete),
        }
        receipts = [r for r in h.receipts if int(_hours(h, r.done) // WEEK_H) == w and r.promised_h]
        row["purchase_lead_time_adherence"] = kpis.lead_time_adherence(
            np.array([r.lead_h for r in receipts]), np.array([r.promised_h for r in receipts])
        )
        out.append(row)
    return out
