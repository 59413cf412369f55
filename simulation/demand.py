"""Customer demand: order arrival times (non-homogeneous Poisson or regular) and the lines of each order.

>>> import numpy as np
>>> from simulation.config import Channel
>>> ch = Channel(name="web", orders_per_day=240, warehouse_shares={"main": 1},
...              lines_per_order={"dist": "deterministic", "value": 1},
...              qty_per_line={"dist": "deterministic", "value": 1})
>>> t = arrival_times(ch, [], 24 * 50, np.random.default_rng(0))
>>> 9 < len(t) / (24 * 50) < 11
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulation.config import Channel, Peak
from simulation.streams import Streams


def hourly_rates(channel: Channel, peaks: list[Peak], hours: int) -> np.ndarray:
    """Orders per hour for each hour of the horizon: base rate x daily x weekly profile x peaks x growth."""
    h = np.arange(hours)
    daily = np.ones(24) if channel.daily_profile is None else np.asarray(channel.daily_profile, float)
    weekly = np.ones(7) if channel.weekly_profile is None else np.asarray(channel.weekly_profile, float)
    rate = (
        channel.orders_per_day / 24 * (daily / daily.mean())[h % 24] * (weekly / weekly.mean())[(h // 24) % 7]
    )
    day = (h + 0.5) / 24
    for p in peaks:
        rate = np.where((day >= p.start_day) & (day < p.end_day), rate * p.multiplier, rate)
    return rate * (1 + channel.growth_per_year * (h + 0.5) / 8760)


def arrival_times(
    channel: Channel, peaks: list[Peak], horizon_h: float, rng: np.random.Generator
) -> np.ndarray:
    """Sorted arrival times in hours over [0, horizon_h).

    Poisson arrivals are exact for the piecewise-constant hourly intensity: a Poisson count per hour,
    placed uniformly within it. Regular arrivals are evenly spaced, the first half a gap after 0.
    """
    if channel.arrival_process == "regular":
        gap = 24 / channel.orders_per_day
        t = (np.arange(int(horizon_h / gap) + 1) + 0.5) * gap
        return t[t < horizon_h]
    hours = int(np.ceil(horizon_h))
    counts = rng.poisson(hourly_rates(channel, peaks, hours))
    t = np.repeat(np.arange(hours, dtype=float), counts) + rng.random(counts.sum())
    t.sort()
    return t[t < horizon_h]


@dataclass
class Orders:
    """All orders of a run, sorted by arrival; the lines of order i are ``sku/qty[first[i]:first[i + 1]]``."""

    time: np.ndarray
    channel: np.ndarray
    warehouse: np.ndarray
    first: np.ndarray
    sku: np.ndarray
    qty: np.ndarray


def generate(
    channels: list[Channel],
    peaks: list[Peak],
    warehouses: list[str],
    class_bounds: np.ndarray,
    class_demand: list[float],
    horizon_h: float,
    streams: Streams,
) -> Orders:
    """Draw every order of the horizon, one random stream per channel and attribute."""
    parts = []
    for c, ch in enumerate(channels):
        pre = f"demand.{ch.name}."
        t = arrival_times(ch, peaks, horizon_h, streams.rng(pre + "arrivals"))
        n = len(t)
        lines = np.maximum(1, np.rint(ch.lines_per_order.draw(streams.rng(pre + "lines"), n))).astype(
            np.int64
        )
        shares = np.array([ch.warehouse_shares.get(w, 0.0) for w in warehouses])
        wh = streams.rng(pre + "warehouse").choice(len(warehouses), size=n, p=shares / shares.sum())
        n_lines = int(lines.sum())
        sku_rng = streams.rng(pre + "sku")
        weights = np.asarray(class_demand, float)
        cls = sku_rng.choice(len(weights), size=n_lines, p=weights / weights.sum())
        lo, hi = class_bounds[cls], class_bounds[cls + 1]
        sku = lo + (sku_rng.random(n_lines) * (hi - lo)).astype(np.int64)
        qty = ch.qty_per_line.draw(streams.rng(pre + "qty"), n_lines)
        parts.append((t, np.full(n, c), wh, lines, sku, qty))
    time = np.concatenate([p[0] for p in parts])
    order = np.argsort(time, kind="stable")
    lines = np.concatenate([p[3] for p in parts])
    starts = np.concatenate(([0], np.cumsum(lines)))[:-1]
    sku = np.concatenate([p[4] for p in parts])
    qty = np.concatenate([p[5] for p in parts])
    first = np.concatenate(([0], np.cumsum(lines[order])))
    idx = np.arange(first[-1]) + np.repeat(starts[order] - first[:-1], lines[order])
    return Orders(
        time=time[order],
        channel=np.concatenate([p[1] for p in parts])[order],
        warehouse=np.concatenate([p[2] for p in parts])[order],
        first=first,
        sku=sku[idx],
        qty=qty[idx],
    )
