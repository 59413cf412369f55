"""Read one company's sales, purchase and stock history from a live Odoo, read-only, into plain records.

The calibration (simulation/calibration.py) and the Odoo-side KPIs (simulation/odoo_kpis.py) work on what
this returns; only this module talks to Odoo, through the driver's read-only client (drivers/rpc.py
``ReadOnlyRpc``: anything but a read is refused before it is sent)::

    history = read_history(client.read_only(), company_id=7, since=dt.datetime(2026, 10, 5),
                           until=dt.datetime(2026, 11, 2))
    len(history.orders), history.receipts[0].lead_h

Dates are Odoo's (UTC, naive). The business dates read: ``sale.order.date_order`` (confirmed orders),
``purchase.order.date_approve`` and the receipt's ``stock.picking.date_done``, the deliveries'
``date_done``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from drivers.rpc import ReadOnlyRpc
from drivers.versions import OdooVersion

ODOO_FORMAT = "%Y-%m-%d %H:%M:%S"


def odoo_time(value: str) -> dt.datetime:
    """An Odoo datetime string as a naive UTC datetime."""
    return dt.datetime.strptime(value[:19], ODOO_FORMAT)


def config_name(text: str) -> str:
    """A name the simulation config accepts (letters, digits, _ and -), from an Odoo name.

    >>> config_name("[gl1a-main-9c41] Web Shop")
    'gl1a-main-9c41_Web_Shop'
    """
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_-]", "_", text)).strip("_") or "unnamed"


@dataclass(frozen=True)
class Order:
    id: int
    at: dt.datetime
    channel: str
    warehouse: str


@dataclass(frozen=True)
class Line:
    id: int
    order: int
    product: int
    qty: float
    value: float


@dataclass(frozen=True)
class Rule:
    """A reorder rule: min, max, multiple; bought from ``vendor`` or resupplied from ``resupply_from``, in
    ``transfer_h`` hours by the route's own lead times (its pull rules' ``delay``, summed as Odoo does)."""

    product: int
    warehouse: str
    min_qty: float
    max_qty: float
    multiple: float
    vendor: str | None
    resupply_from: str | None
    transfer_h: float | None = None


@dataclass(frozen=True)
class Receipt:
    """A done receipt of a purchase order: vendor, approval and arrival, the promised lead time (hours)."""

    vendor: str
    approved: dt.datetime
    done: dt.datetime
    promised_h: float | None

    @property
    def lead_h(self) -> float:
        return (self.done - self.approved).total_seconds() / 3600


@dataclass(frozen=True)
class Delivery:
    """A done delivery of a sales order, with the quantity it shipped per order line."""

    order: int
    done: dt.datetime
    shipped: dict[int, float]


@dataclass
class History:
    """What one company recorded between ``since`` and ``until``."""

    company: str
    since: dt.datetime
    until: dt.datetime
    warehouses: list[str] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    costs: dict[int, float] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    promised_h: dict[str, float] = field(default_factory=dict)
    on_hand: dict[tuple[str, int], float] = field(default_factory=dict)
    deliveries: list[Delivery] = field(default_factory=list)
    open_orders: set[int] = field(default_factory=set)
    read_at: dt.datetime | None = None
    """When the history was read (UTC): the deliveries are those done by then. None: at ``until``."""

    @property
    def days(self) -> float:
        return (self.until - self.since).total_seconds() / 86400


def _ids(rows: Iterable[dict[str, Any]], key: str) -> list[int]:
    return sorted({r[key][0] for r in rows if r.get(key)})


def _stamp(when: dt.datetime) -> str:
    return when.strftime(ODOO_FORMAT)


class _Reader:
    def __init__(self, reader: ReadOnlyRpc, company_id: int) -> None:
        self.reader, self.company_id = reader, company_id
        self.context = {"allowed_company_ids": [company_id], "active_test": False}

    def rows(self, model: str, domain: list, fields: list[str], **kw: Any) -> list[dict[str, Any]]:
        return self.reader.call(model, "search_read", domain, fields=fields, context=self.context, **kw)


def read_history(
    reader: ReadOnlyRpc,
    version: OdooVersion,
    company_id: int,
    company: str,
    since: dt.datetime,
    until: dt.datetime,
) -> History:
    """Everything the calibration and the KPIs need from the company ``company_id``."""
    r = _Reader(reader, company_id)
    h = History(company, since, until, read_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    houses = r.rows(
        "stock.warehouse", [("company_id", "=", company_id)], ["code", "lot_stock_id"], order="id"
    )
    wh_name = {w["id"]: config_name(w["code"]) for w in houses}
    h.warehouses = list(wh_name.values())
    window = [("date_order", ">=", _stamp(since)), ("date_order", "<", _stamp(until))]
    orders = r.rows(
        "sale.order",
        [("company_id", "=", company_id), ("state", "in", ["sale", "done"]), *window],
        ["date_order", "team_id", "warehouse_id"],
        order="date_order, id",
    )
    h.orders = [
        Order(
            o["id"],
            odoo_time(o["date_order"]),
            config_name(o["team_id"][1]) if o["team_id"] else "sales",
            wh_name.get(o["warehouse_id"][0], "") if o["warehouse_id"] else (h.warehouses or [""])[0],
        )
        for o in orders
    ]
    order_ids = [o.id for o in h.orders]
    lines = r.rows(
        "sale.order.line",
        [("order_id", "in", order_ids), ("display_type", "=", False), ("product_id", "!=", False)],
        ["order_id", "product_id", "product_uom_qty", "price_subtotal"],
        order="id",
    )
    h.lines = [
        Line(x["id"], x["order_id"][0], x["product_id"][0], x["product_uom_qty"], x["price_subtotal"])
        for x in lines
    ]
    multiple = version.orderpoint_multiple_field
    points = r.rows(
        "stock.warehouse.orderpoint",
        [("company_id", "=", company_id), ("active", "=", True)],
        ["product_id", "warehouse_id", "product_min_qty", "product_max_qty", multiple, "route_id"],
    )
    products = sorted({x.product for x in h.lines} | set(_ids(points, "product_id")))
    rows = reader.call(
        "product.product",
        "read",
        products,
        ["standard_price", "product_tmpl_id", "route_ids", "uom_id"],
        context=r.context,
    )
    unit_of = {p["id"]: p["uom_id"][0] for p in rows}
    unit_factor: dict[int, float] = {}
    if version.multiple_is_a_unit:  # 19: the rules round to units; their sizes against the products' units
        units = sorted(set(_ids(points, multiple)) | set(unit_of.values()))
        unit_factor = {u["id"]: u["factor"] for u in reader.call("uom.uom", "read", units, ["factor"])}
    h.costs = {p["id"]: p["standard_price"] for p in rows}
    template_of = {p["id"]: p["product_tmpl_id"][0] for p in rows}
    supply = r.rows(
        "product.supplierinfo",
        [("product_tmpl_id", "in", sorted(set(template_of.values())))],
        ["partner_id", "delay", "product_tmpl_id", "sequence"],
        order="sequence, id",
    )
    vendor_of_template: dict[int, str] = {}
    delays: dict[str, list[float]] = {}
    for s in supply:
        vendor = config_name(s["partner_id"][1])
        vendor_of_template.setdefault(s["product_tmpl_id"][0], vendor)
        delays.setdefault(vendor, []).append(s["delay"] * 24.0)
    h.promised_h = {v: sorted(d)[len(d) // 2] for v, d in delays.items()}
    route_ids = sorted(set(_ids(points, "route_id")) | {i for p in rows for i in p["route_ids"]})
    resupply = _resupply_routes(r, route_ids, wh_name)
    routes_of = {p["id"]: p["route_ids"] for p in rows}
    for p in points:
        product, warehouse = p["product_id"][0], wh_name.get(p["warehouse_id"][0], "")
        candidates = [p["route_id"][0]] if p["route_id"] else routes_of.get(product, [])
        route = next((c for c in candidates if c in resupply and resupply[c][0] != warehouse), None)
        source, transfer_h = resupply[route] if route is not None else (None, None)
        h.rules.append(
            Rule(
                product,
                warehouse,
                p["product_min_qty"],
                p["product_max_qty"],
                version.rule_multiple(p[multiple], unit_factor, unit_of[product]),
                None if source else vendor_of_template.get(template_of[product]),
                source,
                transfer_h,
            )
        )
    receipts = r.rows(
        "stock.picking",
        [
            ("company_id", "=", company_id),
            ("picking_type_code", "=", "incoming"),
            ("state", "=", "done"),
            ("purchase_id.date_approve", ">=", _stamp(since)),
            ("purchase_id.date_approve", "<", _stamp(until)),
        ],
        ["date_done", "purchase_id"],
    )
    purchases = {
        p["id"]: p
        for p in reader.call(
            "purchase.order",
            "read",
            _ids(receipts, "purchase_id"),
            ["date_approve", "partner_id"],
            context=r.context,
        )
    }
    for x in receipts:
        po = purchases[x["purchase_id"][0]]
        if not po["date_approve"]:
            continue
        vendor = config_name(po["partner_id"][1])
        h.receipts.append(
            Receipt(
                vendor, odoo_time(po["date_approve"]), odoo_time(x["date_done"]), h.promised_h.get(vendor)
            )
        )
    for w in houses:
        quants = r.rows(
            "stock.quant",
            [("location_id", "child_of", w["lot_stock_id"][0]), ("product_id", "in", products)],
            ["product_id", "quantity"],
        )
        for q in quants:
            key = (wh_name[w["id"]], q["product_id"][0])
            h.on_hand[key] = h.on_hand.get(key, 0.0) + q["quantity"]
    _read_deliveries(r, version, h, order_ids)
    return h


def _resupply_routes(
    r: _Reader, route_ids: list[int], wh_name: dict[int, str]
) -> dict[int, tuple[str, float]]:
    """Route id -> the warehouse it resupplies from (a pull rule whose source location is in that
    warehouse) and its lead time in hours (the sum of its pull rules' ``delay`` days, as Odoo's
    ``stock.rule._get_lead_days`` counts it); buy routes and others are left out."""
    rules = r.rows(
        "stock.rule", [("route_id", "in", route_ids)], ["route_id", "action", "location_src_id", "delay"]
    )
    sources = _ids(rules, "location_src_id")
    located = {
        x["id"]: x["warehouse_id"][0]
        for x in r.rows("stock.location", [("id", "in", sources)], ["warehouse_id"])
        if x["warehouse_id"]
    }
    source: dict[int, str] = {}
    days: dict[int, float] = {}
    for x in rules:
        route = x["route_id"][0]
        if x["action"] in ("pull", "pull_push"):
            days[route] = days.get(route, 0.0) + x["delay"]
        if x["action"] == "buy":
            continue
        src = x["location_src_id"][0] if x["location_src_id"] else None
        if src in located and located[src] in wh_name:
            source.setdefault(route, wh_name[located[src]])
    return {route: (wh, days.get(route, 0.0) * 24.0) for route, wh in source.items()}


def _read_deliveries(r: _Reader, version: OdooVersion, h: History, order_ids: list[int]) -> None:
    pickings = r.rows(
        "stock.picking",
        [("sale_id", "in", order_ids), ("picking_type_code", "=", "outgoing"), ("state", "!=", "cancel")],
        ["sale_id", "state", "date_done"],
        order="id",
    )
    done = [p for p in pickings if p["state"] == "done"]
    h.open_orders = {p["sale_id"][0] for p in pickings if p["state"] != "done"}
    moves = r.rows(
        "stock.move",
        [("picking_id", "in", [p["id"] for p in done]), ("state", "=", "done")],
        ["picking_id", "sale_line_id", version.move_done_field],
    )
    shipped: dict[int, dict[int, float]] = {}
    for m in moves:
        if m["sale_line_id"]:
            per_line = shipped.setdefault(m["picking_id"][0], {})
            line = m["sale_line_id"][0]
            per_line[line] = per_line.get(line, 0.0) + m[version.move_done_field]
    h.deliveries = [
        Delivery(p["sale_id"][0], odoo_time(p["date_done"]), shipped.get(p["id"], {})) for p in done
    ]
