"""A sales and purchase history with known generating parameters, written into one company of an Odoo.

The live calibration test (tests/test_calibration_live.py) plans it offline from a seed, writes it through
golive's RPC driver as an administrator, then checks that ``python -m simulation from-odoo`` recovers the
parameters::

    plan = plan_history(np.random.default_rng(seed), since=monday)
    written = write_history(admin, version, company, master_data, plan)

Demand is a Poisson process per channel conditioned on its count: ``orders_per_day * days`` orders, each at
a day drawn from the weekly profile and an hour from the daily profile (the arrival times of a Poisson
process given its count are independent draws from its intensity). Purchase lead times are a gamma base
plus, with a known probability, an exponential delay.

What cannot be back-dated: ``create_date`` and ``write_date`` of every record, and the dates of the stock
valuation layers and of the journal entries of the moves, which Odoo stamps at validation. The history is
dated through the business date fields Odoo lets an administrator write (``sale.order.date_order``,
``purchase.order.date_order`` and ``date_approve``, ``stock.picking.date_done``), and ``from-odoo`` reads
only those (the stock moves keep the date of the run: rewriting each costs more than the test's budget).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from drivers.operations import RpcOperations
from drivers.rpc import OdooRpc
from drivers.versions import OdooVersion
from drivers.wizards import press
from fixtures.companies import Administrator, Company
from fixtures.roles import xmlid_ids
from fixtures.target import OdooTarget

DAYS = 28
"""Four whole weeks, from a Monday."""


@dataclass(frozen=True)
class ChannelTruth:
    name: str
    orders_per_day: float
    weekly: tuple[float, ...]
    hourly: tuple[float, ...]
    lines: dict[int, float]  # lines per order -> weight
    qty: dict[int, float]  # quantity per line -> weight

    def lines_mean(self) -> float:
        return sum(k * w for k, w in self.lines.items()) / sum(self.lines.values())


def _hours(weights: dict[int, float]) -> tuple[float, ...]:
    return tuple(weights.get(h, 0.0) for h in range(24))


CHANNELS = (
    ChannelTruth(
        "b2b",
        6.0,
        (1.2, 1.2, 1.1, 1.1, 1.0, 0.0, 0.0),
        _hours({9: 3, 10: 3, 11: 2, 14: 2}),
        {1: 1, 2: 2, 3: 1},
        {1: 3, 2: 3, 3: 2, 5: 2},
    ),
    ChannelTruth(
        "web",
        6.0,
        (1.0, 1.0, 1.0, 1.0, 1.0, 1.5, 1.5),
        _hours({12: 2, 19: 3, 20: 3, 21: 2}),
        {1: 1, 2: 1},
        {1: 6, 2: 3, 3: 1},
    ),
)


@dataclass(frozen=True)
class VendorTruth:
    name: str
    promised_days: int
    shape: float  # gamma base, hours
    scale: float
    delay_probability: float
    delay_mean_h: float
    receipts: int

    def mean_h(self) -> float:
        return self.shape * self.scale + self.delay_probability * self.delay_mean_h

    def sd_h(self) -> float:
        p, m = self.delay_probability, self.delay_mean_h
        delay_var = p * 2 * m * m - (p * m) ** 2
        return math.sqrt(self.shape * self.scale**2 + delay_var)


VENDORS = (
    VendorTruth("domestic", 5, 16.0, 7.5, 0.15, 24.0, 100),
    VendorTruth("import", 14, 36.0, 8.5, 0.2, 36.0, 100),
)


@dataclass(frozen=True)
class SkuTruth:
    """One SKU: its ABC class by design, weight in the choice of an order line, price, cost and vendor."""

    alias: str
    klass: str
    weight: float
    price: float
    cost: float
    vendor: str


RULES = {"A": (40.0, 120.0, 10.0), "B": (15.0, 45.0, 5.0), "C": (5.0, 20.0, 1.0)}
VENDOR_OF = {"A": "domestic", "B": "domestic", "C": "import"}
# Prices and line weights put the SKUs' cumulative shares of the sales value at about 45% and 87% (A), 90%,
# 94% and 97% (B), then C: at least three standard deviations (of 300 generated histories) from the ABC
# cut-offs of 80% and 95%, so the classes are the designed ones.
SKUS = tuple(
    SkuTruth(f"{k.lower()}{i}", k, w, p, round(p * 0.6, 2), VENDOR_OF[k])
    for k, n, w, p in (("A", 2, 0.2297, 130.0), ("B", 2, 0.1, 45.0), ("C", 6, 0.06, 2.0))
    for i in range(1, n + 1)
)
ON_HAND = 100_000.0
SHORT_SHARE = 0.2
"""Share of orders whose first delivery leaves one line behind (backordered)."""
FIRST_DELIVERY_H = 20.0
"""Hours from an order to its first delivery."""
BACKORDER_H = 72.0
"""Hours from the first delivery to the delivery of the backorder."""


@dataclass(frozen=True)
class PlannedOrder:
    """An order and its deliveries: the first ships ``first`` (units per line) ``first_h`` hours after the
    order, the backorder the rest ``rest_h`` hours after it (None: still open). An order whose first
    delivery would ship nothing has one delivery, at ``rest_h``."""

    channel: str
    at: dt.datetime
    lines: list[tuple[int, int]]  # (SKU index, quantity)
    first: tuple[int, ...]
    first_h: float
    rest_h: float | None

    @property
    def short(self) -> bool:
        return any(f < q for f, (_, q) in zip(self.first, self.lines, strict=True))


@dataclass(frozen=True)
class PlannedReceipt:
    vendor: str
    sku: int
    approved: dt.datetime
    lead_h: float
    quantity: int


@dataclass
class Plan:
    since: dt.datetime
    days: int = DAYS
    orders: list[PlannedOrder] = field(default_factory=list)
    receipts: list[PlannedReceipt] = field(default_factory=list)
    on_hand_end: dict[int, float] | None = None
    """Units on hand per SKU index once the history is written (None: whatever the writes leave)."""

    @property
    def until(self) -> dt.datetime:
        return self.since + dt.timedelta(days=self.days)


def _pick(rng: np.random.Generator, weights: dict[int, float]) -> int:
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return int(keys[rng.choice(len(keys), p=p / p.sum())])


@dataclass(frozen=True)
class DrawnOrder:
    channel: str
    at: dt.datetime
    lines: list[tuple[int, int]]  # (SKU index, quantity)
    short_line: int | None  # the line a random shortage leaves behind (plan_history's)


def draw_orders(rng: np.random.Generator, since: dt.datetime, days: int) -> list[DrawnOrder]:
    """The demand of ``days`` days from ``since``, sorted by time: per channel ``orders_per_day * days``
    orders, each at a weekday and hour drawn from the profiles, with its lines and a random short line."""
    out = []
    sku_p = np.array([s.weight for s in SKUS])
    for ch in CHANNELS:
        day_w = np.array([ch.weekly[d % 7] for d in range(days)])
        hour_w = np.array(ch.hourly)
        for _ in range(round(ch.orders_per_day * days)):
            day = int(rng.choice(days, p=day_w / day_w.sum()))
            hour = int(rng.choice(24, p=hour_w / hour_w.sum()))
            at = since + dt.timedelta(days=day, hours=hour, seconds=int(rng.integers(0, 3600)))
            n = _pick(rng, ch.lines)
            skus = rng.choice(len(SKUS), size=n, replace=False, p=sku_p / sku_p.sum())
            lines = [(int(s), _pick(rng, ch.qty)) for s in skus]
            short = int(rng.integers(0, n)) if n > 1 and rng.random() < SHORT_SHARE else None
            out.append(DrawnOrder(ch.name, at, lines, short))
    out.sort(key=lambda o: o.at)
    return out


def plan_history(rng: np.random.Generator, since: dt.datetime) -> Plan:
    """The orders and receipts of ``DAYS`` days from ``since`` (a Monday, 00:00 UTC): a random
    ``SHORT_SHARE`` of orders leave one line to a backorder; stock is plentiful otherwise."""
    plan = Plan(since)
    for o in draw_orders(rng, since, DAYS):
        first = tuple(0 if i == o.short_line else q for i, (_, q) in enumerate(o.lines))
        rest = FIRST_DELIVERY_H + BACKORDER_H if o.short_line is not None else None
        plan.orders.append(PlannedOrder(o.channel, o.at, o.lines, first, FIRST_DELIVERY_H, rest))
    for v in VENDORS:
        skus = [i for i, s in enumerate(SKUS) if s.vendor == v.name]
        for _ in range(v.receipts):
            approved = since + dt.timedelta(hours=float(rng.uniform(0, (DAYS - 16) * 24)))
            lead = float(rng.gamma(v.shape, v.scale))
            if rng.random() < v.delay_probability:
                lead += float(rng.exponential(v.delay_mean_h))
            plan.receipts.append(PlannedReceipt(v.name, int(rng.choice(skus)), approved, lead, 10))
    return plan


def odoo_datetime(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Written:
    """What was written: ids by SKU, vendor and channel, and the KPIs the plan implies."""

    products: list[int]
    vendors: dict[str, int]
    teams: dict[str, int]
    orders: list[int]
    purchases: list[int]


def write_history(
    admin: OdooRpc,
    version: OdooVersion,
    company_id: int,
    warehouse_id: int,
    stock_location_id: int,
    prefix: str,
    plan: Plan,
    writers: list[OdooRpc],
    rules: dict[str, tuple[float, float, float]] = RULES,
) -> Written:
    """Write master data (reorder rules per SKU class from ``rules``: min, max, multiple), orders,
    deliveries and receipts of ``plan`` in the company, as ``admin`` acting in it (``allowed_company_ids``);
    the one-record writes of the back-dating go out in parallel through ``writers`` (sessions of the same
    administrator, acting in the company too)."""
    call = admin.call
    vendors = {
        v.name: call("res.partner", "create", {"name": f"[{prefix}] {v.name}", "company_id": company_id})
        for v in VENDORS
    }
    teams = {
        ch.name: call("crm.team", "create", {"name": f"[{prefix}] {ch.name}", "company_id": company_id})
        for ch in CHANNELS
    }
    customer = call("res.partner", "create", {"name": f"[{prefix}] customer", "company_id": company_id})
    (buy,) = [
        r["res_id"]
        for r in call(
            "ir.model.data",
            "search_read",
            [("module", "=", "purchase_stock"), ("name", "=", "route_warehouse0_buy")],
            fields=["res_id"],
        )
    ]
    products = call(
        "product.product",
        "create",
        [
            {
                "name": f"[{prefix}] {s.alias}",
                "default_code": f"{prefix}-{s.alias}",
                "list_price": s.price,
                "standard_price": s.cost,
                "company_id": company_id,
                "route_ids": [(4, buy)],
                "invoice_policy": "order",
                **version.storable_product(),
            }
            for s in SKUS
        ],
    )
    templates = {
        r["id"]: r["product_tmpl_id"][0]
        for r in call("product.product", "read", products, ["product_tmpl_id"])
    }
    vendor_of = {v.name: v for v in VENDORS}
    call(
        "product.supplierinfo",
        "create",
        [
            {
                "partner_id": vendors[s.vendor],
                "product_tmpl_id": templates[p],
                "delay": vendor_of[s.vendor].promised_days,
                "price": s.cost,
                "company_id": company_id,
            }
            for s, p in zip(SKUS, products, strict=True)
        ],
    )
    packs: dict[float, int] = {}
    if version.multiple_is_a_unit:  # 19 rounds a rule's order up to a unit: a pack of n Units
        (units,) = xmlid_ids(admin, (version.unit_reference_xmlid,))
        packs = {
            m: call("uom.uom", "create", version.bigger_unit(f"[{prefix}] pack of {m:g}", m, units))
            for m in sorted({r[2] for r in rules.values()} - {1.0})
        }
    call(
        "stock.warehouse.orderpoint",
        "create",
        [
            {
                "product_id": p,
                "warehouse_id": warehouse_id,
                "location_id": stock_location_id,
                "product_min_qty": rules[s.klass][0],
                "product_max_qty": rules[s.klass][1],
                **version.orderpoint_multiple(rules[s.klass][2], packs.get(rules[s.klass][2])),
                "route_id": buy,
                "trigger": "manual",
                "company_id": company_id,
            }
            for s, p in zip(SKUS, products, strict=True)
        ],
    )
    stock = RpcOperations(admin, version)
    stock.apply_count(stock.count_stock(stock_location_id, dict.fromkeys(products, ON_HAND)))

    orders = call(
        "sale.order",
        "create",
        [
            {
                "partner_id": customer,
                "company_id": company_id,
                "team_id": teams[o.channel],
                "warehouse_id": warehouse_id,
                "date_order": odoo_datetime(o.at),
                "order_line": [
                    (0, 0, {"product_id": products[s], "product_uom_qty": q, "price_unit": SKUS[s].price})
                    for s, q in o.lines
                ],
            }
            for o in plan.orders
        ],
    )
    for chunk in chunks(orders):
        call("sale.order", "action_confirm", chunk)
    dated = [
        ("sale.order", order_id, {"date_order": odoo_datetime(o.at)})
        for order_id, o in zip(orders, plan.orders, strict=True)
    ]
    dated += _deliver(admin, version, orders, plan, writers)

    purchases = call(
        "purchase.order",
        "create",
        [
            {
                "partner_id": vendors[r.vendor],
                "company_id": company_id,
                "date_order": odoo_datetime(r.approved),
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": products[r.sku],
                            "product_qty": r.quantity,
                            "price_unit": SKUS[r.sku].cost,
                        },
                    )
                ],
            }
            for r in plan.receipts
        ],
    )
    for chunk in chunks(purchases):
        call("purchase.order", "button_confirm", chunk)
    pickings = call(
        "stock.picking", "search_read", [("purchase_id", "in", purchases)], fields=["purchase_id"], order="id"
    )
    picking_of = {p["purchase_id"][0]: p["id"] for p in pickings}
    for chunk in chunks(list(picking_of.values())):
        press(admin, "stock.picking", "button_validate", chunk, choices=version.validate_choices())
    for purchase_id, r in zip(purchases, plan.receipts, strict=True):
        stamp = odoo_datetime(r.approved)
        dated.append(("purchase.order", purchase_id, {"date_order": stamp, "date_approve": stamp}))
        dated.append(_date_done(picking_of[purchase_id], r.approved + dt.timedelta(hours=r.lead_h)))
    write_each(writers, dated)
    if plan.on_hand_end is not None:  # the history's own end stock, in place of the plentiful start
        counted = stock.count_stock(stock_location_id, {products[s]: q for s, q in plan.on_hand_end.items()})
        stock.apply_count(counted)
    return Written(products, vendors, teams, orders, purchases)


ROOT = Path(__file__).resolve().parents[1]


def simulation_command(target: OdooTarget, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m simulation <args>`` as a user runs it, against ``target`` (its ``ODOO_*``)."""
    env = target.environ(os.environ)
    command = [sys.executable, "-m", "simulation", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


#: Sessions writing the back-dating one record at a time, in parallel.
WRITERS = 3


def write_into(
    admin: Administrator,
    version: OdooVersion,
    company: Company,
    prefix: str,
    plan: Plan,
    rules: dict[str, tuple[float, float, float]] = RULES,
) -> Written:
    """:func:`write_history` into ``company``, as ``admin`` (its maker) acting in it, with ``WRITERS`` more
    sessions of ``admin`` for the one-record writes."""
    client = admin.client
    writers = [OdooRpc.login(client.url, client.db, admin.login, admin.password) for _ in range(WRITERS)]
    for session in (client, *writers):
        session.use_default_context(allowed_company_ids=[company.id, company.home_company_id])
    try:
        w = company.warehouse
        return write_history(
            client, version, company.id, w.id, w.stock_location_id, prefix, plan, writers, rules
        )
    finally:
        client.use_default_context()


Write = tuple[str, int, dict]
#: Records per confirmation or validation call: a call must end well within Odoo's limit_time_real (120 s
#: by default) on a loaded machine.
CHUNK = 40


def chunks(ids: list[int], size: int = CHUNK) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def write_each(writers: list[OdooRpc], writes: list[Write]) -> None:
    """``model.write([id], values)`` for each of ``writes``, spread over the ``writers`` in threads."""

    def run(share: list[Write], client: OdooRpc) -> None:
        for model, record_id, values in share:
            client.call(model, "write", [record_id], values)

    with ThreadPoolExecutor(len(writers)) as pool:
        done = [pool.submit(run, writes[i :: len(writers)], w) for i, w in enumerate(writers)]
        for future in done:
            future.result()


def _date_done(picking_id: int, when: dt.datetime) -> Write:
    return ("stock.picking", picking_id, {"date_done": odoo_datetime(when)})


def _deliver(
    admin: OdooRpc, version: OdooVersion, orders: list[int], plan: Plan, writers: list[OdooRpc]
) -> list[Write]:
    """Ship every order's deliveries as planned: the first ships ``first`` of each line (the rest stays
    on a backorder), the backorder ships when ``rest_h`` is set; an order whose first delivery would
    ship nothing ships once, at ``rest_h``. Returns the writes that date the deliveries."""
    call = admin.call
    pickings = call(
        "stock.picking", "search_read", [("sale_id", "in", orders)], fields=["sale_id"], order="id"
    )
    picking_of = {p["sale_id"][0]: p["id"] for p in pickings}
    moves = call(
        "stock.move",
        "search_read",
        [("picking_id", "in", list(picking_of.values()))],
        fields=["sale_line_id"],
    )
    by_line = {m["sale_line_id"][0]: m for m in moves}
    lines = call(
        "sale.order.line", "search_read", [("order_id", "in", orders)], fields=["order_id"], order="id"
    )
    lines_of: dict[int, list[int]] = {}
    for line in lines:
        lines_of.setdefault(line["order_id"][0], []).append(line["id"])
    full, partial, picked, dated = [], [], [], []
    for order_id, o in zip(orders, plan.orders, strict=True):
        first = picking_of[order_id]
        if not o.short:
            full.append(first)
            dated.append(_date_done(first, o.at + dt.timedelta(hours=o.first_h)))
        elif not any(o.first):  # nothing to ship at first: one delivery, when the stock came
            if o.rest_h is not None:
                full.append(first)
                dated.append(_date_done(first, o.at + dt.timedelta(hours=o.rest_h)))
        else:
            partial.append(first)
            dated.append(_date_done(first, o.at + dt.timedelta(hours=o.first_h)))
            for line_id, shipped in zip(lines_of[order_id], o.first, strict=True):
                picked.append(("stock.move", by_line[line_id]["id"], version.done_quantity(shipped)))
    write_each(writers, picked)
    validate = version.validate_choices()
    for chunk in chunks(full):
        press(admin, "stock.picking", "button_validate", chunk, choices=validate)
    for chunk in chunks(partial):
        keep = validate | {"stock.backorder.confirmation": "keep backorder"}
        press(admin, "stock.picking", "button_validate", chunk, choices=keep)
    backorders = call(
        "stock.picking", "search_read", [("backorder_id", "in", partial)], fields=["backorder_id"]
    )
    back_of = {b["backorder_id"][0]: b["id"] for b in backorders}
    rest = {}
    for order_id, o in zip(orders, plan.orders, strict=True):
        first = picking_of[order_id]
        if first in back_of and o.rest_h is not None:
            rest[back_of[first]] = o.at + dt.timedelta(hours=o.rest_h)
    for chunk in chunks(list(rest)):
        press(admin, "stock.picking", "button_validate", chunk, choices=validate)
    return dated + [_date_done(b, when) for b, when in rest.items()]
