"""The migration reconciler: compares one company of an Odoo with a legacy extract, reading Odoo only.

It reads through the driver's read-only mode (drivers/rpc.py ``ReadOnlyRpc``: anything but a read is refused
before it is sent) and shares no code with the loader, so it reconciles data loaded any way (golive's
loader, Odoo's own import). Each difference is one row (object, key, field, expected, found)::

    rows = reconcile(client.read_only(), version, company_id=7, extract=read_extract(folder))
    write_csv(rows, Path("reports/migration/differences.csv"))

What it compares, in this order:

- on hand per item, location and lot (``stock.quant`` under the company's warehouse stock location);
- per item: that it exists (by code, in the company), its cost, and its value: a value row is listed when
  Odoo's value differs from Odoo's valued quantity times Odoo's cost, so that a planted quantity or cost
  is one row, at its cause, not two (with the quantity and cost rows, any value that differs from the
  extract's quantity times cost is reported). Value is read through the version adapter
  (``OdooVersion.product_valuation_fields``: the valuation layers' sums on 16-18, 19's own fields);
- open orders line by line (the n-th line of order ``number``): item, ordered, received or delivered, and
  the lots the received or delivered quantity went through (items tracked by lot);
- receivable and payable per partner: the residual of the partner's open, posted journal items.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from drivers.differences import Difference
from drivers.extract import STOCK, Extract, OrderLine
from drivers.rpc import ReadOnlyRpc
from drivers.versions import OdooVersion

#: Quantities are compared to this precision (Odoo's default Product Unit of Measure precision).
QUANTITY_DIGITS = 2
CENTS = 2


def _quantity(value: float) -> str:
    return f"{round(value, QUANTITY_DIGITS):g}"


def _amount(value: float) -> str:
    return f"{value:.{CENTS}f}"


def reconcile(
    reader: ReadOnlyRpc, version: OdooVersion, company_id: int, extract: Extract
) -> list[Difference]:
    """Every difference between ``extract`` and the company ``company_id`` of the Odoo ``reader`` reads."""
    context = {"allowed_company_ids": [company_id]}
    (warehouse,) = reader.call(
        "stock.warehouse",
        "search_read",
        [("company_id", "=", company_id)],
        fields=["lot_stock_id"],
        limit=1,
        order="id",
        context=context,
    )
    products = reader.call(
        "product.product",
        "search_read",
        [("company_id", "=", company_id), ("default_code", "!=", False)],
        fields=["default_code", "standard_price", *version.product_valuation_fields.values()],
        context={**context, "active_test": False},
    )
    code_of = {p["id"]: p["default_code"] for p in products}
    rows = _on_hand(reader, warehouse["lot_stock_id"][0], code_of, extract, context)
    rows += _items(products, version, extract)
    rows += _orders(reader, "purchase order", extract.purchase_orders, code_of, company_id, context)
    rows += _orders(reader, "sales order", extract.sales_orders, code_of, company_id, context)
    rows += _balances(reader, extract, company_id, context)
    return rows


def _on_hand(
    reader: ReadOnlyRpc, stock_id: int, code_of: dict[int, str], extract: Extract, context: dict[str, Any]
) -> list[Difference]:
    (stock,) = reader.call("stock.location", "read", [stock_id], ["complete_name"], context=context)
    prefix = stock["complete_name"]
    quants = reader.call(
        "stock.quant",
        "search_read",
        [("location_id", "child_of", stock_id)],
        fields=["product_id", "location_id", "lot_id", "quantity"],
        context=context,
    )
    found: dict[tuple[str, str, str], float] = defaultdict(float)
    for quant in quants:
        item = code_of.get(quant["product_id"][0], quant["product_id"][1])
        location = STOCK + quant["location_id"][1].removeprefix(prefix)
        lot = quant["lot_id"][1] if quant["lot_id"] else ""
        found[item, location, lot] += quant["quantity"]
    expected = {(line.item, line.location, line.lot): line.quantity for line in extract.stock}
    rows = []
    for key in sorted(expected.keys() | found.keys()):
        want, got = expected.get(key, 0.0), found.get(key, 0.0)
        if _quantity(want) != _quantity(got):
            item, location, lot = key
            where = f"{item} @ {location}" + (f" lot {lot}" if lot else "")
            rows.append(Difference("on hand", where, "quantity", _quantity(want), _quantity(got)))
    return rows


def _items(products: list[dict[str, Any]], version: OdooVersion, extract: Extract) -> list[Difference]:
    by_code = {p["default_code"]: p for p in products}
    fields = version.product_valuation_fields
    rows = []
    for code, item in sorted(extract.items.items()):
        product = by_code.get(code)
        if product is None:
            rows.append(Difference("item", code, "exists", "yes", "no"))
            continue
        if _amount(item.cost) != _amount(product["standard_price"]):
            rows.append(
                Difference("item", code, "cost", _amount(item.cost), _amount(product["standard_price"]))
            )
        value, quantity = product[fields["value"]], product[fields["quantity"]]
        if _amount(value) != _amount(quantity * product["standard_price"]):
            expected = sum(s.quantity for s in extract.stock if s.item == code) * item.cost
            rows.append(Difference("item", code, "value", _amount(expected), _amount(value)))
    return rows


def _orders(
    reader: ReadOnlyRpc,
    kind: str,
    lines: tuple[OrderLine, ...],
    code_of: dict[int, str],
    company_id: int,
    context: dict[str, Any],
) -> list[Difference]:
    if not lines:
        return []
    purchase = kind == "purchase order"
    model = "purchase.order" if purchase else "sale.order"
    ordered, done = ("product_qty", "qty_received") if purchase else ("product_uom_qty", "qty_delivered")
    done_name = "received" if purchase else "delivered"
    numbers = sorted({line.number for line in lines})
    orders = reader.call(
        model,
        "search_read",
        [("name", "in", numbers), ("company_id", "=", company_id), ("state", "!=", "cancel")],
        fields=["name"],
        context=context,
    )
    order_of = {o["id"]: o["name"] for o in orders}
    found_lines = reader.call(
        f"{model}.line",
        "search_read",
        [("order_id", "in", list(order_of)), ("display_type", "=", False)],
        fields=["order_id", "product_id", ordered, done],
        order="order_id, sequence, id",
        context=context,
    )
    found: dict[tuple[str, int], dict[str, Any]] = {}
    position: dict[str, int] = defaultdict(int)
    for row in found_lines:
        number = order_of[row["order_id"][0]]
        position[number] += 1
        found[number, position[number]] = row
    lots = _done_lots(reader, "purchase_line_id" if purchase else "sale_line_id", found_lines, context)
    rows = []
    for number in numbers:
        if number not in order_of.values():
            rows.append(Difference(kind, number, "exists", "yes", "no"))
    expected = {(line.number, line.line): line for line in lines}
    for key in sorted(expected.keys() | found.keys()):
        want, got = expected.get(key), found.get(key)
        where = f"{key[0]} line {key[1]}"
        if want is None:
            rows.append(Difference(f"{kind} line", where, "exists", "no", "yes"))
        elif got is None:
            if want.number in order_of.values():
                rows.append(Difference(f"{kind} line", where, "exists", "yes", "no"))
        else:
            item = code_of.get(got["product_id"][0], got["product_id"][1])
            for name, want_value, got_value in (
                ("item", want.item, item),
                ("ordered", _quantity(want.ordered), _quantity(got[ordered])),
                (done_name, _quantity(want.done), _quantity(got[done])),
                ("lot", want.lot, lots.get(got["id"], "")),
            ):
                if want_value != got_value:
                    rows.append(Difference(f"{kind} line", where, name, want_value, got_value))
    return rows


def _done_lots(
    reader: ReadOnlyRpc, link: str, lines: list[dict[str, Any]], context: dict[str, Any]
) -> dict[int, str]:
    """The lots each order line's done moves went through (``link``: the stock.move field naming the order
    line), by order line id: their names, sorted, joined by ', '."""
    moves = reader.call(
        "stock.move",
        "search_read",
        [(link, "in", [line["id"] for line in lines]), ("state", "=", "done")],
        fields=[link],
        context=context,
    )
    line_of = {move["id"]: move[link][0] for move in moves}
    done = reader.call(
        "stock.move.line",
        "search_read",
        [("move_id", "in", list(line_of)), ("lot_id", "!=", False)],
        fields=["move_id", "lot_id"],
        context=context,
    )
    names: dict[int, set[str]] = defaultdict(set)
    for row in done:
        names[line_of[row["move_id"][0]]].add(row["lot_id"][1])
    return {line: ", ".join(sorted(lots)) for line, lots in names.items()}


def _balances(
    reader: ReadOnlyRpc, extract: Extract, company_id: int, context: dict[str, Any]
) -> list[Difference]:
    kinds = {"asset_receivable": "receivable", "liability_payable": "payable"}
    items = reader.call(
        "account.move.line",
        "search_read",
        [
            ("company_id", "=", company_id),
            ("account_type", "in", list(kinds)),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
        ],
        fields=["partner_id", "account_type", "amount_residual"],
        context=context,
    )
    found: dict[tuple[str, str], float] = defaultdict(float)
    for item in items:
        kind = kinds[item["account_type"]]
        partner = item["partner_id"][1] if item["partner_id"] else "(no partner)"
        found[kind, partner] += item["amount_residual"] if kind == "receivable" else -item["amount_residual"]
    expected = {("receivable", b.partner): b.amount for b in extract.receivables}
    expected |= {("payable", b.partner): b.amount for b in extract.payables}
    rows = []
    for key in sorted(expected.keys() | found.keys()):
        want, got = expected.get(key, 0.0), found.get(key, 0.0)
        if _amount(want) != _amount(got):
            rows.append(Difference(key[0], key[1], "open balance", _amount(want), _amount(got)))
    return rows
