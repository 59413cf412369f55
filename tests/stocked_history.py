"""A sales history whose fills come from an inventory process: stock, min/max rules and vendor lead times.

The held-out prediction test (tests/test_calibration_live.py) plans it offline from a seed, writes it into
a company of its own through tests/calibration_history.py's writer, calibrates ``from-odoo`` on its first
weeks and checks that a simulation of the calibrated model predicts the fill KPIs of the later weeks::

    plan = plan_stocked_history(np.random.default_rng(seed), since=monday)
    plan.orders[0].first        # units of each line its first delivery shipped

The process is the one the simulation models, written independently of it: every SKU starts at its rule's
max; the demand is tests/calibration_history.py's (same channels, SKU weights and quantities); an order
takes what is free of each line at entry and backorders the rest, first come first served; Odoo's
scheduler reviews every rule at midnight (UTC) and, when the forecast (free + on order - backordered) is
under min, buys up to max rounded up to the multiple (Odoo 17's rounding); the vendor delivers after a
lead time drawn from its known gamma-plus-delay law. A delivery leaves the warehouse ``HANDLING_H`` after
what it ships is reserved: the first at entry, the backorder when its last short line is served.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import deque

import numpy as np

from tests.calibration_history import (
    SKUS,
    VENDORS,
    Plan,
    PlannedOrder,
    PlannedReceipt,
    draw_orders,
)

WEEKS = 6
"""Six whole weeks from a Monday: the first ``CALIBRATION_WEEKS`` calibrate, the rest are held out."""
CALIBRATION_WEEKS = 4
HANDLING_H = 20.0
"""Hours from reservation to the delivery's ``date_done``: within ``kpis-from-odoo``'s fill window."""
RULES = {"A": (60.0, 100.0, 10.0), "B": (25.0, 45.0, 5.0), "C": (35.0, 55.0, 1.0)}
"""The stocked history's reorder rules per class: tight enough that some orders find a line short."""


def _lead_h(rng: np.random.Generator, vendor: str) -> float:
    (v,) = [v for v in VENDORS if v.name == vendor]
    lead = float(rng.gamma(v.shape, v.scale))
    if rng.random() < v.delay_probability:
        lead += float(rng.exponential(v.delay_mean_h))
    return lead


def _buy(forecast: float, min_qty: float, max_qty: float, multiple: float) -> float:
    """Odoo 17's min/max quantity: up to max, rounded up to the multiple (0 while the forecast >= min)."""
    if forecast >= min_qty:
        return 0.0
    return math.ceil((max_qty - forecast) / multiple - 1e-9) * multiple


def plan_stocked_history(rng: np.random.Generator, since: dt.datetime) -> Plan:
    """The orders (with what each delivery shipped), purchase receipts and end stock of ``WEEKS`` weeks
    from ``since`` (a Monday, 00:00 UTC). Purchases still in transit at the end are left out."""
    days = WEEKS * 7
    plan = Plan(since, days=days)
    drawn = draw_orders(rng, since, days)
    horizon = days * 24.0
    free = [RULES[s.klass][1] for s in SKUS]
    on_order = [0.0] * len(SKUS)
    backordered = [0.0] * len(SKUS)
    queue: list[deque] = [deque() for _ in SKUS]  # [order index, line, short units]
    shipped_first: list[list[float]] = []
    pending: list[int] = []
    rest_at: list[float | None] = []
    # Events: (hour, kind, payload); kinds in the order they are served at the same hour.
    REVIEW, RECEIPT, ORDER = 0, 1, 2
    events: list[tuple[float, int, int, object]] = []
    for i, o in enumerate(drawn):
        events.append(((o.at - since).total_seconds() / 3600, ORDER, i, o))
    events += [(24.0 * d, REVIEW, d, None) for d in range(days)]
    heapq.heapify(events)
    receipts: list[tuple[float, int, float, float]] = []  # approved h, sku, quantity, lead
    serial = len(drawn) + days
    while events:
        t, kind, _, payload = heapq.heappop(events)
        if kind == ORDER:
            i = len(shipped_first)
            got_all, short_lines = [], 0
            for line, (s, q) in enumerate(payload.lines):
                got = min(free[s], q)
                free[s] -= got
                got_all.append(got)
                if got < q:
                    queue[s].append([i, line, q - got])
                    backordered[s] += q - got
                    short_lines += 1
            shipped_first.append(got_all)
            pending.append(short_lines)
            rest_at.append(None)
        elif kind == REVIEW:
            for s, sku in enumerate(SKUS):
                qty = _buy(free[s] + on_order[s] - backordered[s], *RULES[sku.klass])
                if qty > 0:
                    lead = _lead_h(rng, sku.vendor)
                    on_order[s] += qty
                    receipts.append((t, s, qty, lead))
                    if t + lead < horizon:
                        serial += 1
                        heapq.heappush(events, (t + lead, RECEIPT, serial, (s, qty)))
        else:
            s, qty = payload
            on_order[s] -= qty
            while queue[s] and qty > 0:
                entry = queue[s][0]
                take = min(qty, entry[2])
                entry[2] -= take
                qty -= take
                backordered[s] -= take
                if entry[2] <= 1e-9:
                    queue[s].popleft()
                    pending[entry[0]] -= 1
                    if pending[entry[0]] == 0:
                        rest_at[entry[0]] = t
            free[s] += qty
    for o, first, rest in zip(drawn, shipped_first, rest_at, strict=True):
        start = (o.at - since).total_seconds() / 3600
        plan.orders.append(
            PlannedOrder(
                o.channel,
                o.at,
                o.lines,
                first=tuple(int(x) for x in first),
                first_h=HANDLING_H,
                rest_h=None if rest is None else rest - start + HANDLING_H,
            )
        )
    plan.on_hand_end = dict(enumerate(free))
    for approved_h, s, qty, lead in receipts:
        if approved_h + lead < horizon:
            approved = since + dt.timedelta(hours=approved_h)
            plan.receipts.append(PlannedReceipt(SKUS[s].vendor, s, approved, lead, int(qty)))
    return plan
