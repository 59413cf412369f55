"""The legacy extract: a folder of CSV files with documented columns, read and checked whole before any write.

No Odoo call here: the loader (drivers/migration_load.py) writes what this reads, the reconciler
(drivers/reconcile.py) compares Odoo with it. Columns are in docs/migration.md::

    extract = read_extract(Path("tests/data/migration/example"))   # ExtractProblems if anything is wrong
    extract.items["BOLT-M8"].cost, len(extract.stock)

Every problem is one line ``file:line:column: what is wrong`` (the header is line 1, columns count from 1;
a missing file or column points at line 1, column 1).
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

#: The units of measure an extract may name, with the xml id of Odoo's own unit (uom module, 16-19).
UNITS: dict[str, str] = {
    "Units": "uom.product_uom_unit",
    "Dozens": "uom.product_uom_dozen",
    "kg": "uom.product_uom_kgm",
    "g": "uom.product_uom_gram",
    "L": "uom.product_uom_litre",
    "m": "uom.product_uom_meter",
}
#: How items are tracked: nothing, or by lot (Odoo's product ``tracking``).
TRACKING = ("none", "lot")
#: The warehouse's stock location; every other location is under it (``Stock/Shelf A``).
STOCK = "Stock"

#: Each file of an extract and its columns, in order. ``locations.csv``, the orders and the balances may be
#: absent (no sub-locations, no open orders, no open balances); ``items.csv`` and ``stock.csv`` may not.
FILES: dict[str, tuple[str, ...]] = {
    "items.csv": ("code", "name", "unit", "cost", "tracking"),
    "locations.csv": ("location",),
    "stock.csv": ("item", "location", "lot", "quantity"),
    "purchase_orders.csv": ("number", "partner", "line", "item", "ordered", "received"),
    "sales_orders.csv": ("number", "partner", "line", "item", "ordered", "delivered"),
    "receivables.csv": ("partner", "amount", "due_date"),
    "payables.csv": ("partner", "amount", "due_date"),
}
#: Columns a file may have besides its own: an order line's ``lot``, the lot its received or delivered
#: quantity was in (needed for an item tracked by lot with something received or delivered; empty otherwise).
OPTIONAL: dict[str, tuple[str, ...]] = {"purchase_orders.csv": ("lot",), "sales_orders.csv": ("lot",)}
REQUIRED_FILES = ("items.csv", "stock.csv")


class ExtractProblems(Exception):
    """The extract cannot be loaded; ``problems`` holds one ``file:line:column: ...`` line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    unit: str
    cost: float
    tracking: str


@dataclass(frozen=True)
class StockLine:
    item: str
    location: str
    lot: str
    quantity: float


@dataclass(frozen=True)
class OrderLine:
    """One line of an open order; ``done`` is the quantity received (purchase) or delivered (sale), in
    ``lot`` for an item tracked by lot (else ``""``)."""

    number: str
    partner: str
    line: int
    item: str
    ordered: float
    done: float
    lot: str = ""


@dataclass(frozen=True)
class Balance:
    partner: str
    amount: float
    due_date: datetime.date


@dataclass(frozen=True)
class Extract:
    """A checked extract. Orders and balances keep the files' order."""

    folder: Path
    items: dict[str, Item]
    locations: tuple[str, ...]
    stock: tuple[StockLine, ...]
    purchase_orders: tuple[OrderLine, ...]
    sales_orders: tuple[OrderLine, ...]
    receivables: tuple[Balance, ...]
    payables: tuple[Balance, ...]

    def partners(self) -> list[str]:
        """Every partner named in orders or balances, once, in order of appearance."""
        names = [o.partner for o in (*self.purchase_orders, *self.sales_orders)]
        names += [b.partner for b in (*self.receivables, *self.payables)]
        return list(dict.fromkeys(names))


class _Reader:
    """Reads one file's rows, collecting problems as ``file:line:column: ...``."""

    def __init__(self, folder: Path, problems: list[str]) -> None:
        self.folder = folder
        self.problems = problems
        self.columns: dict[str, dict[str, int]] = {}

    def rows(self, name: str) -> list[tuple[int, dict[str, str]]]:
        """(line number, row) of ``name``; [] and a problem when the file or a column is missing."""
        path = self.folder / name
        if not path.is_file():
            if name in REQUIRED_FILES:
                self.problems.append(
                    f"{path}:1:1: missing file (an extract needs {' and '.join(REQUIRED_FILES)})"
                )
            return []
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            self.problems.append(f"{path}:1:1: cannot read it ({exc})")
            return []
        lines = text.splitlines()
        reader = csv.reader(lines)
        header = [h.strip() for h in next(reader, [])]
        wanted = FILES[name]
        missing = [c for c in wanted if c not in header]
        if missing:
            self.problems.append(
                f"{path}:1:{len(header) + 1}: missing column {', '.join(missing)} "
                f"(the columns are {','.join(wanted)})"
            )
            return []
        known = (*wanted, *OPTIONAL.get(name, ()))
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                self.problems.append(f"{path}:{number}:1: {len(cells)} cells, the header has {len(header)}")
                continue
            row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            rows.append((number, {c: row.get(c, "") for c in known}))
        self.columns[name] = {c: header.index(c) + 1 for c in known if c in header}
        return rows

    def problem(self, name: str, line: int, column: str, text: str) -> None:
        position = self.columns[name][column]
        self.problems.append(f"{self.folder / name}:{line}:{position}: {column}: {text}")

    def number(
        self, name: str, line: int, row: dict[str, str], column: str, *, positive: bool = False
    ) -> float:
        try:
            value = float(row[column])
        except ValueError:
            self.problem(name, line, column, f"{row[column]!r} is not a number")
            return 0.0
        if value < 0:
            self.problem(name, line, column, f"{row[column]} is negative")
        elif positive and value == 0:
            self.problem(name, line, column, "0: give the open amount")
        return value

    def text(self, name: str, line: int, row: dict[str, str], column: str) -> str:
        if not row[column]:
            self.problem(name, line, column, "empty")
        return row[column]

    def choice(
        self,
        name: str,
        line: int,
        row: dict[str, str],
        column: str,
        known: list[str] | tuple[str, ...],
        what: str,
    ) -> str:
        value = row[column]
        if value not in known:
            self.problem(name, line, column, f"unknown {what} {value!r} (known: {', '.join(known)})")
        return value

    def date(self, name: str, line: int, row: dict[str, str], column: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(row[column])
        except ValueError:
            self.problem(name, line, column, f"{row[column]!r} is not a date (YYYY-MM-DD)")
            return datetime.date.min

    def item(self, name: str, line: int, row: dict[str, str], items: dict[str, Item]) -> str:
        code = row["item"]
        if code not in items:
            self.problem(name, line, "item", f"unknown item {code!r} (not in items.csv)")
        return code


def read_extract(folder: Path) -> Extract:
    """The checked extract in ``folder``; raises :class:`ExtractProblems` listing every problem found."""
    if not folder.is_dir():
        raise ExtractProblems([f"{folder}:1:1: not a folder (an extract is a folder of CSV files)"])
    absent = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if absent:  # every other file refers to them: nothing more to say until they are there
        needs = " and ".join(REQUIRED_FILES)
        raise ExtractProblems(
            [f"{folder / name}:1:1: missing file (an extract needs {needs})" for name in absent]
        )
    problems: list[str] = []
    r = _Reader(folder, problems)

    items: dict[str, Item] = {}
    for line, row in r.rows("items.csv"):
        code = r.text("items.csv", line, row, "code")
        if code in items:
            r.problem("items.csv", line, "code", f"duplicate item {code!r}")
            continue
        items[code] = Item(
            code=code,
            name=r.text("items.csv", line, row, "name"),
            unit=r.choice("items.csv", line, row, "unit", list(UNITS), "unit of measure"),
            cost=r.number("items.csv", line, row, "cost"),
            tracking=r.choice("items.csv", line, row, "tracking", TRACKING, "tracking"),
        )

    locations = [STOCK]
    for line, row in r.rows("locations.csv"):
        location = r.text("locations.csv", line, row, "location")
        if location in locations:
            r.problem("locations.csv", line, "location", f"duplicate location {location!r}")
        elif not location.startswith(STOCK + "/"):
            r.problem("locations.csv", line, "location", f"{location!r} is not under {STOCK}/")
        else:
            locations.append(location)

    stock: list[StockLine] = []
    seen: set[tuple[str, str, str]] = set()
    for line, row in r.rows("stock.csv"):
        item = r.item("stock.csv", line, row, items)
        location = r.choice("stock.csv", line, row, "location", locations, "location")
        lot = row["lot"]
        tracked = items.get(item)
        if tracked and tracked.tracking == "none" and lot:
            r.problem("stock.csv", line, "lot", f"lot {lot!r} on item {item!r}, which is not tracked by lot")
        if tracked and tracked.tracking == "lot" and not lot:
            r.problem("stock.csv", line, "lot", f"item {item!r} is tracked by lot: give its lot")
        key = (item, location, lot)
        if key in seen:
            r.problem("stock.csv", line, "item", f"duplicate stock line {item!r} in {location!r} lot {lot!r}")
        seen.add(key)
        stock.append(StockLine(item, location, lot, r.number("stock.csv", line, row, "quantity")))

    orders = {
        name: _orders(r, name, done, items)
        for name, done in (("purchase_orders.csv", "received"), ("sales_orders.csv", "delivered"))
    }
    balances = {name: _balances(r, name) for name in ("receivables.csv", "payables.csv")}
    if problems:
        raise ExtractProblems(problems)
    return Extract(
        folder=folder,
        items=items,
        locations=tuple(locations),
        stock=tuple(stock),
        purchase_orders=orders["purchase_orders.csv"],
        sales_orders=orders["sales_orders.csv"],
        receivables=balances["receivables.csv"],
        payables=balances["payables.csv"],
    )


def _orders(r: _Reader, name: str, done_column: str, items: dict[str, Item]) -> tuple[OrderLine, ...]:
    lines: list[OrderLine] = []
    seen: set[tuple[str, int]] = set()
    partner_of: dict[str, str] = {}
    for line, row in r.rows(name):
        number = r.text(name, line, row, "number")
        partner = r.text(name, line, row, "partner")
        if partner_of.setdefault(number, partner) != partner:
            r.problem(
                name, line, "partner", f"order {number!r} is for {partner_of[number]!r} on an earlier line"
            )
        try:
            index = int(row["line"])
        except ValueError:
            r.problem(name, line, "line", f"{row['line']!r} is not a line number")
            continue
        if (number, index) in seen:
            r.problem(name, line, "line", f"duplicate line {index} of order {number!r}")
        seen.add((number, index))
        item = r.item(name, line, row, items)
        ordered = r.number(name, line, row, "ordered")
        done = r.number(name, line, row, done_column)
        if done > ordered:
            r.problem(name, line, done_column, f"{done:g} is more than the {ordered:g} ordered")
        lot = row["lot"]
        tracked = item in items and items[item].tracking != "none"
        if lot and not tracked and item in items:
            r.problem(name, line, "lot", f"lot {lot!r} on item {item!r}, which is not tracked by lot")
        elif lot and not done:
            r.problem(name, line, "lot", f"lot {lot!r} with nothing {done_column}")
        elif done and tracked and not lot:
            where = "lot" if "lot" in r.columns.get(name, {}) else done_column
            text = f"item {item!r} is tracked by lot: give the lot of the {done:g} {done_column}"
            r.problem(name, line, where, text)
        lines.append(OrderLine(number, partner, index, item, ordered, done, lot))
    return tuple(lines)


def _balances(r: _Reader, name: str) -> tuple[Balance, ...]:
    balances: list[Balance] = []
    seen: set[str] = set()
    for line, row in r.rows(name):
        partner = r.text(name, line, row, "partner")
        if partner in seen:
            r.problem(name, line, "partner", f"duplicate balance of {partner!r}")
        seen.add(partner)
        amount = r.number(name, line, row, "amount", positive=True)
        due = r.date(name, line, row, "due_date")
        balances.append(Balance(partner, amount, due))
    return tuple(balances)
