"""Calibrate a simulation config from a company's history: the pure part of ``from-odoo`` (no Odoo here).

Takes the plain records simulation/odoo_history.py reads and returns a config dict the schema validates,
with one :class:`Source` per parameter saying how much history it came from, or that it fell back to a
default::

    config, sources = calibrate(history)
    validate(config)                                  # simulation/config.py
    print("\\n".join(s.line() for s in sources))

What it derives: warehouses; ABC classes of SKUs by sales value (A: the top SKUs up to the one crossing
80% of the value, B: up to 95%, C: the rest); per warehouse and class the most common reorder rule (min,
max, multiple, buy from a vendor or resupply from another warehouse in the lead time the resupply route
sets); per vendor the promised lead time (median vendor pricelist delay) and a lead-time distribution fitted
on the receipts (approval to arrival, delays included; gamma, lognormal or normal by AIC, scipy.stats); per
channel (sales team) orders per day, weekday and hour profiles (in ``tz``), warehouse shares, lines per order
and quantity per line (empirical); unit costs; the on-hand stock per SKU. Labour is not in Odoo: the
architect fills it in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from scipy import stats

from simulation.odoo_history import History, Rule

A_CUT, B_CUT = 0.80, 0.95
MIN_PROFILE_ORDERS = 50
"""Fewer orders than this in a channel: flat weekday and hour profiles."""
MIN_FIT_RECEIPTS = 10
"""Fewer receipts than this from a vendor: its lead time is the promised one, deterministic."""
DEFAULT_LEAD_TIME_H = 168.0
DEFAULT_TRANSFER_H = 24.0
"""Between two warehouses, when the resupply route sets no lead time."""


@dataclass(frozen=True)
class Source:
    """Where one parameter came from: ``n`` records of history, or a default (``fallback``)."""

    parameter: str
    n: int
    what: str
    fallback: bool = False

    def line(self) -> str:
        kind = "DEFAULT " if self.fallback else "history "
        return f"{kind} {self.parameter}: {self.what}"

    def to_json(self) -> dict:
        return {"parameter": self.parameter, "n": self.n, "what": self.what, "fallback": self.fallback}


class NoHistory(ValueError):
    """The company has no confirmed sales order in the window: nothing to calibrate from."""


def abc_classes(values: dict[int, float]) -> dict[int, str]:
    """SKU -> 'A', 'B' or 'C' by sales value: sorted by value, a SKU is A while the value before it is
    under 80% of the total, B under 95%, else C.

    >>> abc_classes({1: 50.0, 2: 30.0, 3: 12.0, 4: 5.0, 5: 3.0})
    {1: 'A', 2: 'A', 3: 'B', 4: 'C', 5: 'C'}
    """
    total = sum(values.values()) or 1.0
    out, before = {}, 0.0
    for sku in sorted(values, key=lambda s: (-values[s], s)):
        out[sku] = "A" if before < A_CUT * total else "B" if before < B_CUT * total else "C"
        before += values[sku]
    return out


def fit_lead_time(hours: np.ndarray) -> tuple[dict, str]:
    """The best of gamma, lognormal and normal by AIC (maximum likelihood, scipy.stats) as a config
    distribution, and a line naming it.

    >>> d, why = fit_lead_time(np.random.default_rng(1).gamma(16, 7.5, 400))
    >>> d["dist"], round(d["shape"] * d["scale"] / 120, 1)
    ('gamma', 1.0)
    """
    fits = []
    a, _, scale = stats.gamma.fit(hours, floc=0)
    fits.append((stats.gamma(a, 0, scale), {"dist": "gamma", "shape": a, "scale": scale}, 2))
    s, _, sc = stats.lognorm.fit(hours, floc=0)
    ln = stats.lognorm(s, 0, sc)
    fits.append((ln, {"dist": "lognormal", "mean": ln.mean(), "sd": ln.std()}, 2))
    mu, sd = stats.norm.fit(hours)
    fits.append((stats.norm(mu, sd), {"dist": "normal", "mean": mu, "sd": sd}, 2))
    aic = [2 * k - 2 * float(np.sum(f.logpdf(hours))) for f, _, k in fits]
    best = int(np.argmin(aic))
    f, d = fits[best][0], fits[best][1]
    d = {k: (round(float(v), 4) if not isinstance(v, str) else v) for k, v in d.items()}
    names = ", ".join(f"{x[1]['dist']} {a:.1f}" for x, a in zip(fits, aic, strict=True))
    return d, f"{d['dist']} mean {f.mean():.1f} h, sd {f.std():.1f} h (AIC: {names})"


def _profile(counts: np.ndarray, exposure: np.ndarray) -> list[float]:
    rate = np.divide(counts, exposure, out=np.zeros_like(counts, dtype=float), where=exposure > 0)
    return [round(float(x), 4) for x in rate / rate.mean()]


def _empirical(values: list[float]) -> dict:
    c = Counter(round(v, 4) for v in values)
    keys = sorted(c)
    return {"dist": "empirical", "values": [float(k) for k in keys], "weights": [c[k] for k in keys]}


def calibrate(history: History, tz: str = "UTC") -> tuple[dict, list[Source]]:
    """The config dict and the sources of its parameters; raises :class:`NoHistory` without orders."""
    h = history
    if not h.orders:
        raise NoHistory(
            f"company {h.company!r} has no confirmed sales order from {h.since:%Y-%m-%d} "
            f"to {h.until:%Y-%m-%d}: nothing to calibrate from"
        )
    zone = ZoneInfo(tz)
    sources: list[Source] = []
    days = h.days

    value: dict[int, float] = {}
    for line in h.lines:
        value[line.product] = value.get(line.product, 0.0) + line.value
    for rule in h.rules:
        value.setdefault(rule.product, 0.0)
    klass = abc_classes(value)
    line_counts = Counter(klass[x.product] for x in h.lines)
    classes = []
    for name in "ABC":
        members = [p for p, k in klass.items() if k == name]
        if not members:
            continue
        classes.append(
            {
                "name": name,
                "sku_share": round(len(members) / len(klass), 6),
                "demand_share": round(line_counts[name] / max(1, len(h.lines)), 6),
                "unit_cost": round(float(np.mean([h.costs.get(p, 0.0) for p in members])), 4),
            }
        )
    _fix_shares(classes)
    sources.append(
        Source(
            "skus",
            len(h.lines),
            f"{len(klass)} SKUs in classes "
            + ", ".join(f"{c['name']} {sum(1 for k in klass.values() if k == c['name'])}" for c in classes)
            + f" by the sales value of {len(h.lines)} order lines",
        )
    )

    channels = []
    for name in sorted({o.channel for o in h.orders}):
        mine = [o for o in h.orders if o.channel == name]
        ids = {o.id for o in mine}
        lines = [x for x in h.lines if x.order in ids]
        per_order = Counter(x.order for x in lines)
        at = f"demand.channels.{name}"
        channel: dict = {
            "name": name,
            "orders_per_day": round(len(mine) / days, 4),
            "warehouse_shares": {
                w: round(n / len(mine), 6) for w, n in sorted(Counter(o.warehouse for o in mine).items())
            },
            "lines_per_order": _empirical([float(per_order.get(i, 0)) for i in ids if per_order.get(i)]),
            "qty_per_line": _empirical([x.qty for x in lines]),
        }
        _fix_shares_dict(channel["warehouse_shares"])
        sources.append(Source(f"{at}.orders_per_day", len(mine), f"{len(mine)} orders over {days:g} days"))
        sources.append(Source(f"{at}.lines_per_order", len(per_order), f"empirical, {len(per_order)} orders"))
        sources.append(Source(f"{at}.qty_per_line", len(lines), f"empirical, {len(lines)} order lines"))
        if len(mine) >= MIN_PROFILE_ORDERS:
            local = [o.at.replace(tzinfo=dt.UTC).astimezone(zone) for o in mine]
            hours = np.bincount([t.hour for t in local], minlength=24).astype(float)
            weekdays = np.bincount([t.weekday() for t in local], minlength=7).astype(float)
            exposure = _weekday_days(h.since, h.until, zone)
            channel["daily_profile"] = _profile(hours, np.ones(24))
            channel["weekly_profile"] = _profile(weekdays, exposure)
            sources.append(
                Source(f"{at}.daily_profile, weekly_profile", len(mine), f"{len(mine)} orders, hours in {tz}")
            )
        else:
            sources.append(
                Source(
                    f"{at}.daily_profile, weekly_profile",
                    len(mine),
                    f"flat: {len(mine)} orders, fewer than {MIN_PROFILE_ORDERS}",
                    True,
                )
            )
        channels.append(channel)

    vendors = []
    names = sorted(
        {r.vendor for r in h.rules if r.vendor} | {x.vendor for x in h.receipts} | set(h.promised_h)
    )
    for name in names:
        at = f"vendors.{name}"
        leads = np.array([x.lead_h for x in h.receipts if x.vendor == name and x.lead_h > 0])
        promised = h.promised_h.get(name)
        vendor: dict = {"name": name}
        if len(leads) >= MIN_FIT_RECEIPTS:
            vendor["lead_time_h"], why = fit_lead_time(leads)
            sources.append(Source(f"{at}.lead_time_h", len(leads), f"{why}, {len(leads)} receipts"))
        else:
            hours = promised or DEFAULT_LEAD_TIME_H
            vendor["lead_time_h"] = _fixed(hours)
            sources.append(
                Source(
                    f"{at}.lead_time_h",
                    len(leads),
                    f"{hours:g} h, the {'promised' if promised else 'default'} lead time: {len(leads)} "
                    f"receipts, fewer than {MIN_FIT_RECEIPTS}",
                    True,
                )
            )
        if promised:
            vendor["promised_lead_time_h"] = promised
            sources.append(Source(f"{at}.promised_lead_time_h", 1, f"{promised:g} h, vendor pricelist delay"))
        else:
            sources.append(Source(f"{at}.promised_lead_time_h", 0, "none in Odoo: the mean lead time", True))
        vendors.append(vendor)

    warehouses = []
    served = {w for c in channels for w in c["warehouse_shares"]}
    for wh in h.warehouses:
        replenishment = {}
        for c in classes:
            rules = [r for r in h.rules if r.warehouse == wh and klass.get(r.product) == c["name"]]
            members = [p for p, k in klass.items() if k == c["name"]]
            stock = [h.on_hand.get((wh, p), 0.0) for p in members]
            at = f"warehouses.{wh}.replenishment.{c['name']}"
            if rules:
                rule, n = Counter(_rule_key(r) for r in rules).most_common(1)[0]
                replenishment[c["name"]] = _policy(rule, float(np.mean(stock)))
                sources.append(
                    Source(
                        at,
                        len(rules),
                        f"min {rule[0]:g} max {rule[1]:g} multiple {rule[2]:g} "
                        f"{'from ' + rule[4] if rule[4] else 'buy from ' + str(rule[3])}: "
                        f"{n} of {len(rules)} SKUs' rules; initial on hand {np.mean(stock):g} (today's)",
                    )
                )
            elif wh in served or any(r.resupply_from == wh for r in h.rules):
                if not vendors:  # the schema wants a vendor for a rule that buys
                    vendors.append({"name": "unknown", "lead_time_h": _fixed(DEFAULT_LEAD_TIME_H)})
                    sources.append(Source("vendors.unknown", 0, "no vendor in Odoo: a default one", True))
                vendor = vendors[0]["name"]
                replenishment[c["name"]] = _policy((0.0, 0.0, 1.0, vendor, None), float(np.mean(stock)))
                sources.append(Source(at, 0, "no reorder rule in Odoo: min 0, max 0 (never reordered)", True))
        warehouse: dict = {"name": wh, "replenishment": replenishment}
        if any(p.get("resupply_from") for p in replenishment.values()):
            warehouse["transfer_lead_time_h"], source = _transfer_lead_time(h, wh)
            sources.append(source)
        warehouses.append(warehouse)
    sources.append(
        Source(
            "warehouses.*.shifts, pickers, packers, shippers, tasks",
            0,
            "labour is not in Odoo: the architect must fill it in (none: orders ship without labour)",
            True,
        )
    )
    config = {
        "name": f"from_odoo_{h.since:%Y%m%d}_{h.until:%Y%m%d}",
        "description": f"Calibrated from {h.company} ({h.since:%Y-%m-%d} to {h.until:%Y-%m-%d}).",
        "skus": {"count": len(klass), "classes": classes},
        "warehouses": warehouses,
        "vendors": vendors,
        "demand": {"channels": channels},
    }
    return config, sources


def _transfer_lead_time(h: History, warehouse: str) -> tuple[dict, Source]:
    """The warehouse's resupply lead time: the one its resupply routes set (the most common over its
    rules), else a default; transfers are not measured."""
    at = f"warehouses.{warehouse}.transfer_lead_time_h"
    routed = [r.transfer_h for r in h.rules if r.warehouse == warehouse and r.resupply_from and r.transfer_h]
    if not routed:
        what = f"{DEFAULT_TRANSFER_H:g} h: the resupply routes set no lead time (stock.rule delay)"
        return _fixed(DEFAULT_TRANSFER_H), Source(at, 0, what, True)
    hours, n = Counter(routed).most_common(1)[0]
    what = f"{hours:g} h, the lead time the resupply route sets (stock.rule delay): {n} of {len(routed)}"
    return _fixed(hours), Source(at, len(routed), what + " SKUs' rules; transfers not measured")


def _fixed(hours: float) -> dict:
    return {"dist": "deterministic", "value": hours}


def _rule_key(r: Rule) -> tuple:
    return (r.min_qty, r.max_qty, r.multiple, r.vendor, r.resupply_from)


def _policy(rule: tuple, on_hand: float) -> dict:
    out = {"policy": "min_max", "min_qty": rule[0], "max_qty": rule[1], "qty_multiple": rule[2]}
    out |= {"resupply_from": rule[4]} if rule[4] else {"vendor": rule[3]} if rule[3] else {}
    return out | {"initial_on_hand": round(max(on_hand, 0.0), 4)}


def _weekday_days(since: dt.datetime, until: dt.datetime, zone: ZoneInfo) -> np.ndarray:
    """How many of each weekday (local) the window holds, counted by hour so partial days weigh in part."""
    out = np.zeros(7)
    t = since.replace(tzinfo=dt.UTC)
    end = until.replace(tzinfo=dt.UTC)
    while t < end:
        out[t.astimezone(zone).weekday()] += 1 / 24
        t += dt.timedelta(hours=1)
    return out


def _fix_shares(classes: list[dict]) -> None:
    """Make rounded shares add up to exactly 1 (the schema checks it) by adjusting the largest."""
    for key in ("sku_share", "demand_share"):
        total = sum(c[key] for c in classes)
        if total > 0:
            shares = {i: c[key] for i, c in enumerate(classes)}
            _fix_shares_dict(shares)
            for i, c in enumerate(classes):
                c[key] = shares[i]
        else:
            for c in classes:
                c[key] = round(1 / len(classes), 6)
            classes[0][key] = round(1 - sum(c[key] for c in classes[1:]), 6)


def _fix_shares_dict(shares: dict) -> None:
    """Make rounded shares add up to exactly 1 by adjusting the largest."""
    if shares:
        biggest = max(shares, key=shares.get)
        shares[biggest] = round(shares[biggest] + 1 - sum(shares.values()), 6)


def tvd(p: list[float], q: list[float]) -> float:
    """Total variation distance between two profiles (each normalised to sum 1).

    >>> tvd([1, 1, 0], [0, 1, 1])
    0.5
    """
    a, b = np.asarray(p, float), np.asarray(q, float)
    return float(0.5 * np.abs(a / a.sum() - b / b.sum()).sum())


def lead_time_moments(d: dict) -> tuple[float, float]:
    """Mean and standard deviation of a config lead-time distribution (gamma, lognormal, normal, fixed)."""
    if d["dist"] == "gamma":
        return d["shape"] * d["scale"], math.sqrt(d["shape"]) * d["scale"]
    if d["dist"] in ("lognormal", "normal"):
        return d["mean"], d["sd"]
    return d["value"], 0.0
