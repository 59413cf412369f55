"""The simulation core: a pure function from (config, seed) to KPIs and the series the report plots.

    >>> from simulation.config import load_config
    >>> example = "simulation/examples/regional_distributor.yaml"
    >>> cfg = load_config(example, ["run.days=2", "run.warmup_days=1"])
    >>> result = simulate(cfg, seed=1)
    >>> 0 <= result.kpis["order_fill_rate"] <= 1
    True

Orders arrive (demand), are allocated against the stock ledger (inventory: ship what is available and
backorder the rest, or ship complete), pass the warehouse's labour pools (warehouse, labour) and ship.
Reorder rules (replenishment) buy from vendors (vendor) or transfer from another warehouse.
"""

from __future__ import annotations

import gc
import math
from array import array
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from simulation import kpis as K
from simulation.config import Config
from simulation.demand import generate
from simulation.distributions import Sampler
from simulation.inventory import Ledger
from simulation.replenishment import initial_stock, order_qty, order_qty_many
from simulation.streams import Streams
from simulation.vendor import Supplier
from simulation.warehouse import Shipment, Site

CHUNK = 20000


@dataclass
class Result:
    """KPIs by id (None where undefined) and plain-data series for the report."""

    kpis: dict[str, float | None]
    series: dict[str, Any] = field(default_factory=dict)


def simulate(config: Config, seed: int | np.random.SeedSequence) -> Result:
    """Run one replication of ``config`` with random streams derived from ``seed``.

    The run creates no reference cycles per order, so the cyclic garbage collector is paused while
    it runs (reference counting frees everything) and restored afterwards: about 5-10% faster.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _Run(config, seed).result()
    finally:
        if paused:
            gc.enable()


class _Order:
    __slots__ = ("bo", "i", "items", "kits_bo", "kits_now", "open", "pending", "wh")

    def __init__(self, i: int, wh: int) -> None:
        self.i, self.wh, self.open, self.pending, self.kits_now, self.kits_bo = i, wh, 0, 0, 0, 0
        self.items: list[tuple[int, float]] = []
        self.bo: list[tuple[int, float]] = []


class _Transfer:
    __slots__ = ("dest", "qty", "sku", "src")

    def __init__(self, dest: int, src: int, sku: int, qty: float) -> None:
        self.dest, self.src, self.sku, self.qty = dest, src, sku, qty


class _Run:
    def __init__(self, cfg: Config, seed: int | np.random.SeedSequence) -> None:
        self.cfg = cfg
        self.env = env = simpy.Environment()
        self.warm = cfg.run.warmup_days * 24
        self.end = self.warm + cfg.run.days * 24
        streams = Streams(seed)
        self.wh_names = [w.name for w in cfg.warehouses]
        classes = cfg.skus.classes
        self.bounds = np.array(cfg.skus.bounds())
        n_sku = cfg.skus.count
        self.sku_class = np.repeat(np.arange(len(classes)), np.diff(self.bounds))
        self.orders = generate(
            cfg.demand.channels,
            cfg.demand.peaks,
            self.wh_names,
            self.bounds,
            [c.demand_share for c in classes],
            self.end,
            streams,
        )
        self.kit_of = self._kits(streams.rng("skus.kits"))
        cost = [classes[c].unit_cost for c in self.sku_class]
        self.ledger = Ledger(len(cfg.warehouses), n_sku, cost)
        self.suppliers = {
            v.name: Supplier(
                v, streams.rng(f"vendor.{v.name}.lead_time"), streams.rng(f"vendor.{v.name}.delay")
            )
            for v in cfg.vendors
        }
        self.transfer_time = [
            Sampler(w.transfer_lead_time_h, streams.rng(f"transfer.{w.name}"))
            if w.transfer_lead_time_h
            else None
            for w in cfg.warehouses
        ]
        self.sites = [Site(env, w, streams, self._shipped) for w in cfg.warehouses]
        n = len(self.orders.time)
        self.lines_filled = array("l", [0]) * n  # records as C arrays: 8 bytes per value, no objects
        self.units_filled = array("d", [0.0]) * n
        self.complete = array("d", [math.nan]) * n
        self.bo_created, self.bo_filled = array("d"), array("d")
        self.po_time: list[float] = []
        self.po_lead: list[float] = []
        self.po_promised: list[float] = []
        self.shipped_at, self.shipped_lines = array("d"), array("l")
        self.samples: list[tuple[float, np.ndarray]] = []
        self.stockouts: list[int] = []
        self.policy: list[list[Any]] = [[None] * n_sku for _ in cfg.warehouses]
        self.continuous: list[list[bool]] = [[False] * n_sku for _ in cfg.warehouses]
        if not cfg.unlimited_stock:
            self._stock_and_rules()
        channels = cfg.demand.channels
        self.fulfil_complete = [ch.fulfilment == "ship_complete" for ch in channels]
        self._arrivals()
        env.process(self._sample())
        if not cfg.unlimited_stock:
            env.process(self._snapshot())
        env.timeout(self.warm).callbacks.append(lambda _: self.ledger.mark(self.warm))

    # -- set-up ---------------------------------------------------------------------------------
    def _kits(self, rng: np.random.Generator) -> list[list[int] | None]:
        classes = self.cfg.skus.classes
        stocked = np.flatnonzero([classes[c].kit_components == 0 for c in self.sku_class])
        out: list[list[int] | None] = [None] * self.cfg.skus.count
        for sku, c in enumerate(self.sku_class):
            k = classes[c].kit_components
            if k:
                out[sku] = rng.choice(stocked, size=min(k, len(stocked)), replace=False).tolist()
        return out

    def _stock_and_rules(self) -> None:
        classes = {c.name: i for i, c in enumerate(self.cfg.skus.classes)}
        for w, spec in enumerate(self.cfg.warehouses):
            for name, pol in spec.replenishment.items():
                c = classes[name]
                skus = range(self.bounds[c], self.bounds[c + 1])
                for sku in skus:
                    self.policy[w][sku] = pol
                    self.ledger.put_initial(w, sku, initial_stock(pol))
                    self.continuous[w][sku] = pol.review_interval_h == 0
                if pol.review_interval_h > 0:
                    self.env.process(self._scheduler(w, pol, np.array(skus)))

    # -- demand and allocation ------------------------------------------------------------------
    def _arrivals(self) -> None:
        """Schedule order entry: one timeout per order; its callback enters the order, schedules the next."""
        orders, env = self._order_stream(), self.env

        def arrive(event: Any) -> None:
            self._enter(*event._value)
            nxt = next(orders, None)
            if nxt is not None:
                env.timeout(nxt[0] - env.now, nxt[1:]).callbacks.append(arrive)

        first = next(orders, None)
        if first is not None:
            env.timeout(first[0], first[1:]).callbacks.append(arrive)

    def _order_stream(self):
        """(time, index, warehouse, channel, skus, quantities) per order, converted from numpy in chunks."""
        o = self.orders
        for a in range(0, len(o.time), CHUNK):
            b = min(a + CHUNK, len(o.time))
            times, whs, chans = o.time[a:b].tolist(), o.warehouse[a:b].tolist(), o.channel[a:b].tolist()
            first = o.first[a : b + 1].tolist()
            skus, qtys = o.sku[first[0] : first[-1]].tolist(), o.qty[first[0] : first[-1]].tolist()
            base = first[0]
            for j, t in enumerate(times):
                lo, hi = first[j] - base, first[j + 1] - base
                yield t, a + j, whs[j], chans[j], skus[lo:hi], qtys[lo:hi]

    def _enter(self, i: int, w: int, ch: int, skus: list[int], qtys: list[float]) -> None:
        if self.cfg.unlimited_stock:
            self.lines_filled[i] = len(skus)
            self.units_filled[i] = sum(qtys)
            order = _Order(i, w)
            self._release(
                order, list(zip(skus, qtys, strict=True)), sum(self.kit_of[s] is not None for s in skus)
            )
            return
        now, order, led, kit_of, cont = (
            self.env.now,
            _Order(i, w),
            self.ledger,
            self.kit_of,
            self.continuous[w],
        )
        free, reserved = led.free[w], led.reserved[w]
        lines_filled, units_filled = 0, 0.0
        for s, q in zip(skus, qtys, strict=True):
            comps = kit_of[s]
            if comps is None:
                have = free[s]
                if have >= q:  # Ledger.allocate's common case, inlined: this loop runs per order line
                    free[s] = have - q
                    reserved[s] += q
                    got = q
                else:
                    got = led.allocate(w, s, q, order, now)
                units_filled += got
                if got >= q:
                    lines_filled += 1
                else:
                    order.pending += 1
                    order.bo.append((s, q - got))
                if got > 0:
                    order.items.append((s, got))
                if cont[s]:
                    self._review(w, s)
                continue
            short = 0
            for c in comps:  # a kit ships only when all its components are reserved
                got = led.allocate(w, c, q, order, now)
                short += got < q
                if cont[c]:
                    self._review(w, c)
            comp_items = [(c, q) for c in comps]
            if short:
                order.pending += short
                order.bo += comp_items
                order.kits_bo += 1
            else:
                lines_filled += 1
                units_filled += q
                order.items += comp_items
                order.kits_now += 1
        self.lines_filled[i], self.units_filled[i] = lines_filled, units_filled
        if not order.pending:
            self._release(order, order.items, order.kits_now)
        elif order.items and not self.fulfil_complete[ch]:
            self._release(order, order.items, order.kits_now)
            order.items = []

    def _release(self, order: _Order, items: list[tuple[int, float]], kits: int) -> None:
        order.open += 1
        self.sites[order.wh].release(Shipment(order, items, kits))

    def _reserved(self, ref: Any, t: float) -> None:
        """A backorder is fully reserved now."""
        if type(ref) is _Transfer:
            self._dispatch(ref)
            return
        self.bo_created.append(self.orders.time[ref.i])
        self.bo_filled.append(t)
        ref.pending -= 1
        if not ref.pending:
            self._release(ref, ref.items + ref.bo, ref.kits_now + ref.kits_bo)

    def _shipped(self, sh: Shipment) -> None:
        now, order = self.env.now, sh.order
        if not self.cfg.unlimited_stock:
            self.ledger.ship_many(order.wh, sh.items, now)
        self.shipped_at.append(now)
        self.shipped_lines.append(len(sh.items))
        order.open -= 1
        if not order.open and not order.pending:
            self.complete[order.i] = now

    # -- replenishment --------------------------------------------------------------------------
    def _review(self, w: int, sku: int) -> None:
        pol = self.policy[w][sku]
        qty = order_qty(pol, self.ledger.position(w, sku))
        if qty > 0:
            self._replenish(w, sku, qty, pol)

    def _scheduler(self, w: int, pol: Any, skus: np.ndarray):
        """Odoo's scheduler: evaluate the rule of every SKU it covers each ``review_interval_h``."""
        led = self.ledger
        while True:
            lo, hi = skus[0], skus[-1] + 1
            position = (
                np.array(led.free[w][lo:hi])
                + np.array(led.on_order[w][lo:hi])
                - np.array(led.backorder[w][lo:hi])
            )
            qty = order_qty_many(pol, position)
            for i in np.flatnonzero(qty > 0).tolist():
                self._replenish(w, lo + i, float(qty[i]), pol)
            yield self.env.timeout(pol.review_interval_h)

    def _replenish(self, w: int, sku: int, qty: float, pol: Any) -> None:
        now = self.env.now
        if pol.resupply_from is not None:
            src = self.wh_names.index(pol.resupply_from)
            self.ledger.order(w, sku, qty, now)
            ref = _Transfer(w, src, sku, qty)
            if self.ledger.allocate(src, sku, qty, ref, now) >= qty:
                self._dispatch(ref)
            if self.continuous[src][sku]:
                self._review(src, sku)
            return
        supplier = self.suppliers[pol.vendor or self.cfg.vendors[0].name]
        qty = supplier.quantity(qty)
        lead = supplier.lead_time()
        self.ledger.order(w, sku, qty, now)
        self.po_time.append(now)
        self.po_lead.append(lead)
        self.po_promised.append(supplier.promised)
        self.env.timeout(lead).callbacks.append(lambda _: self._receive(w, sku, qty))

    def _dispatch(self, tr: _Transfer) -> None:
        self.ledger.ship(tr.src, tr.sku, tr.qty, self.env.now)
        lead = self.transfer_time[tr.dest]()
        self.env.timeout(lead).callbacks.append(lambda _: self._receive(tr.dest, tr.sku, tr.qty))

    def _receive(self, w: int, sku: int, qty: float) -> None:
        for ref, t in self.ledger.receive(w, sku, qty, self.env.now):
            self._reserved(ref, t)

    # -- observation ----------------------------------------------------------------------------
    def _sample(self):
        """Units on hand by SKU class every ``sample_interval_h``, for the report."""
        n_cls, led, locations = len(self.cfg.skus.classes), self.ledger, range(len(self.wh_names))
        while True:
            phys = sum(np.add(led.free[w], led.reserved[w]) for w in locations)
            self.samples.append((self.env.now, np.bincount(self.sku_class, weights=phys, minlength=n_cls)))
            yield self.env.timeout(self.cfg.sample_interval_h)

    def _snapshot(self):
        """At each midnight of the measured period: SKU-locations with a reorder rule and no free stock."""
        stocked = [np.array([p is not None for p in row]) for row in self.policy]
        yield self.env.timeout(self.warm + 24)
        while self.env.now <= self.end + 1e-9:
            free = self.ledger.free
            self.stockouts.append(
                sum(int(np.sum(ok & (np.asarray(free[w]) <= 1e-9))) for w, ok in enumerate(stocked))
            )
            yield self.env.timeout(24)

    def result(self) -> Result:
        self.env.run(until=self.end)
        return _assemble(self)


def _assemble(run: _Run) -> Result:
    """KPIs and report series of a finished run, computed by the functions in ``kpis``."""
    cfg, o, t0, t1 = run.cfg, run.orders, run.warm, run.end
    lines = np.diff(o.first)
    units = np.add.reduceat(o.qty, o.first[:-1]) if len(o.qty) else np.zeros(0)
    sel = (o.time >= t0) & (o.time < t1)
    lf, uf = np.array(run.lines_filled)[sel], np.array(run.units_filled)[sel]
    arrival, complete = o.time[sel], np.array(run.complete)[sel]
    due = arrival + np.array([ch.target_cycle_time_h for ch in cfg.demand.channels])[o.channel[sel]]
    k: dict[str, float | None] = {
        "order_fill_rate": K.order_fill_rate(lines[sel], lf),
        "line_fill_rate": K.line_fill_rate(lines[sel], lf),
        "unit_fill_rate": K.unit_fill_rate(units[sel], uf),
        "otif": K.otif(complete, due),
        **K.cycle_times(arrival, complete),
        "backorder_rate": K.backorder_rate(lines[sel], lf),
    }
    created, filled = np.array(run.bo_created), np.array(run.bo_filled)
    in_win = (created >= t0) & (created < t1)
    k["backorder_delay_mean_h"] = K.backorder_delay_mean(created[in_win], filled[in_win])
    stocked = not cfg.unlimited_stock
    phys, value, bo, oo = run.ledger.means(t1) if stocked else (None, None, None, None)
    k.update(
        backorder_units_mean=bo, on_hand_units_mean=phys, on_hand_value_mean=value, on_order_units_mean=oo
    )
    k["carrying_cost"] = K.carrying_cost(value, cfg.carrying_rate_per_year)
    locations = sum(p is not None for row in run.policy for p in row)
    k["stockout_days"] = K.stockout_days(np.array(run.stockouts), locations) if stocked else None
    po_t = np.array(run.po_time)
    received = (po_t >= t0) & (po_t + np.array(run.po_lead) <= t1)
    k["purchase_lead_time_adherence"] = K.lead_time_adherence(
        np.array(run.po_lead)[received], np.array(run.po_promised)[received]
    )
    shipped_at = np.array(run.shipped_at)
    in_win = (shipped_at >= t0) & (shipped_at < t1)
    k["throughput_lines_per_h"] = float(np.array(run.shipped_lines)[in_win].sum() / (t1 - t0))
    by_hour: dict[str, list[float | None]] = {}
    for site in run.sites:
        for activity, pool in site.pools.items():
            roster = site.rosters[activity]
            enter, start, end = pool.records(t1)
            stats = K.pool_kpis(enter, start, end, (t0, t1), roster.worker_hours(t0, t1))
            name = f"{activity}.{site.spec.name}"
            k.update({f"{key}.{name}": v for key, v in stats.items()})
            by_hour[name] = _by_hour(start, end, roster, t0, t1)
    series = _series(run, sel, units, uf, arrival, complete, by_hour)
    series["from_start"] = _from_start(run, units)
    series["channels"] = {
        ch.name: {
            "orders": int(np.sum(o.channel[sel] == c)),
            "order_fill_rate": K.order_fill_rate(lines[sel][o.channel[sel] == c], lf[o.channel[sel] == c]),
            "otif": K.otif(complete[o.channel[sel] == c], due[o.channel[sel] == c]),
            "cycle_time_p95_h": K.cycle_times(arrival[o.channel[sel] == c], complete[o.channel[sel] == c])[
                "cycle_time_p95_h"
            ],
            "target_cycle_time_h": ch.target_cycle_time_h,
        }
        for c, ch in enumerate(cfg.demand.channels)
    }
    return Result(kpis=k, series=series)


def _by_hour(start: np.ndarray, end: np.ndarray, roster: Any, t0: float, t1: float) -> list[float | None]:
    edges = t0 + np.arange(int(t1 - t0) + 1, dtype=float)
    busy = K.overlap(start, end, edges)
    cap = np.diff(roster.cumulative(edges))
    hod = (edges[:-1] % 24).astype(int)
    b, c = np.bincount(hod, busy, 24), np.bincount(hod, cap, 24)
    return [float(x / y) if y > 0 else None for x, y in zip(b, c, strict=True)]


def _series(run: _Run, sel, units, uf, arrival, complete, by_hour) -> dict[str, Any]:
    t0 = run.warm
    day = ((arrival - t0) // 24).astype(int)
    n_days = math.ceil(run.cfg.run.days)
    demanded = np.bincount(day, units[sel], n_days)
    filled = np.bincount(day, uf, n_days)
    daily = [float(f / d) if d > 0 else None for f, d in zip(filled, demanded, strict=True)]
    ct = (complete - arrival)[~np.isnan(complete)]
    ct = ct[:: max(1, len(ct) // 2000)].tolist()
    times = [t / 24 for t, _ in run.samples]
    classes = {c.name: [float(s[i]) for _, s in run.samples] for i, c in enumerate(run.cfg.skus.classes)}
    return {
        "daily_unit_fill_rate": daily,
        "cycle_time_sample_h": ct,
        "inventory": {"day": times, "by_class": classes},
        "utilisation_by_hour": by_hour,
    }


def _from_start(run: _Run, units: np.ndarray) -> dict[str, list[float | None]]:
    """Series from time 0, warm-up included, for warm-up detection: the daily unit fill rate (None for a
    day without demand) and the orders open (entered, not yet shipped) every ``sample_interval_h``."""
    o = run.orders
    inside = o.time < run.end
    day = (o.time[inside] // 24).astype(int)
    n_days = math.ceil(run.end / 24)
    demanded = np.bincount(day, units[inside], n_days)
    filled = np.bincount(day, np.array(run.units_filled)[inside], n_days)
    done = np.sort(np.array(run.complete)[inside])
    at = np.arange(0, run.end, run.cfg.sample_interval_h)
    open_orders = np.searchsorted(o.time[inside], at, "right") - np.searchsorted(done, at, "right")
    return {
        "unit_fill_rate": [float(f / d) if d > 0 else None for f, d in zip(filled, demanded, strict=True)],
        "open_orders": open_orders.astype(float).tolist(),
    }
