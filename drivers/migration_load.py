"""The migration loader: writes a checked legacy extract into one company of an Odoo, as a mock migration.

RPC has no transaction across calls, and done moves, confirmed orders and posted entries cannot be deleted,
so a rehearsal loads into a company of its own (namespaced, throwaway: fixtures/companies.py). If a write
fails midway, what was made is undone as far as Odoo allows (entries reset and cancelled, orders cancelled,
master data archived) and :class:`LoadFailed` lists what is left::

    target = LoadTarget(company_id=7, warehouse_id=3, stock_location_id=12)
    loaded = load_extract(client, version, target, read_extract(folder))   # client acts in company 7
    loaded.products["BOLT-M8"], loaded.calls

Order of writes: units are Odoo's own; locations, items, partners; purchase orders confirmed and their
received quantities received (in their lots, for items tracked by lot); the opening stock set by an
inventory count (absolute quantities per item, location and lot; any other quantity in the warehouse counted
to 0); sales orders confirmed and their delivered quantities delivered (from their lots), then the count
again; open balances as posted invoices and bills.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drivers.errors import GoliveError, OdooError
from drivers.extract import STOCK, UNITS, Extract, OrderLine
from drivers.operations import RpcOperations
from drivers.rpc import OdooRpc
from drivers.versions import OdooVersion
from drivers.wizards import UnexpectedWizard, press

INVENTORY_MODE = {"inventory_mode": True}
#: Why a record made cannot be undone, by how it was made.
KEPT = {
    "done": "done: Odoo keeps it (in the load's company)",
    "keep": "Odoo cannot archive it (in the load's company)",
}


@dataclass(frozen=True)
class LoadTarget:
    """Where an extract goes: a company, its warehouse and that warehouse's stock location."""

    company_id: int
    warehouse_id: int
    stock_location_id: int

    @classmethod
    def of_company(cls, client: OdooRpc, company_id: int) -> LoadTarget:
        """An existing company and its first warehouse (``load --company``, a rehearsal's second company).
        The reconciler finds the warehouse by itself: it shares no code with the loader."""
        in_company = {"allowed_company_ids": [company_id]}
        first = client.call(
            "stock.warehouse",
            "search",
            [("company_id", "=", company_id)],
            limit=1,
            order="id",
            context=in_company,
        )
        (warehouse,) = client.call("stock.warehouse", "read", first, ["lot_stock_id"], context=in_company)
        return cls(company_id, warehouse["id"], warehouse["lot_stock_id"][0])


@dataclass
class Loaded:
    """What a load made, by the extract's keys (item codes, location paths, partner names, order numbers)."""

    products: dict[str, int] = field(default_factory=dict)
    locations: dict[str, int] = field(default_factory=dict)
    partners: dict[str, int] = field(default_factory=dict)
    purchase_orders: dict[str, int] = field(default_factory=dict)
    sales_orders: dict[str, int] = field(default_factory=dict)
    moves: list[int] = field(default_factory=list)
    lots: dict[tuple[str, str], int] = field(default_factory=dict)
    calls: int = 0


class LoadFailed(GoliveError):
    """A write failed midway; ``undone`` and ``left``: one line per record reverted, and per record left."""

    def __init__(self, cause: str, undone: list[str], left: list[str]) -> None:
        self.cause, self.undone, self.left = cause, undone, left
        super().__init__(f"load failed: {cause}; {len(undone)} record(s) undone, {len(left)} left")


def load_extract(client: OdooRpc, version: OdooVersion, target: LoadTarget, extract: Extract) -> Loaded:
    """Load ``extract`` into ``target`` as ``client`` (acting in the target company); raises
    :class:`LoadFailed` after undoing what it can when Odoo refuses a write."""
    loader = _Loader(client, version, target)
    started = client.stats.calls
    try:
        loader.run(extract)
    except OdooError as exc:
        undone, left = loader.undo()
        raise LoadFailed(str(exc).splitlines()[0], undone, left) from exc
    loader.loaded.calls = client.stats.calls - started
    return loader.loaded


class _Loader:
    def __init__(self, client: OdooRpc, version: OdooVersion, target: LoadTarget) -> None:
        self.client = client
        self.version = version
        self.target = target
        self.operations = RpcOperations(client, version)
        self.loaded = Loaded()
        #: Every record made, in order: (model, id, how to undo it: 'archive', 'cancel', 'draft'; or why not:
        #: 'done', 'keep').
        self.made: list[tuple[str, int, str]] = []

    def call(self, model: str, method: str, *args: Any, **kwargs: Any) -> Any:
        return self.client.call(model, method, *args, **kwargs)

    def create(self, model: str, values: dict[str, Any], undo: str, **kwargs: Any) -> int:
        record = self.call(model, "create", values, **kwargs)
        self.made.append((model, record, undo))
        return record

    def run(self, extract: Extract) -> None:
        company = self.target.company_id
        units = self._units()
        for path in extract.locations[1:]:
            values = {
                "name": path.removeprefix(STOCK + "/"),
                "location_id": self.target.stock_location_id,
                "usage": "internal",
                "company_id": company,
            }
            self.loaded.locations[path] = self.create("stock.location", values, "archive")
        self.loaded.locations[STOCK] = self.target.stock_location_id
        for item in extract.items.values():
            unit = units[item.unit]
            values = {
                "name": item.name,
                "default_code": item.code,
                "uom_id": unit,
                **self.version.purchase_unit_on_product(unit),
                **self.version.storable_product(),
                "standard_price": item.cost,
                "tracking": item.tracking,
                "company_id": company,
            }
            self.loaded.products[item.code] = self.create("product.product", values, "archive")
        for name in extract.partners():
            values = {"name": name, "company_id": company, "is_company": True}
            self.loaded.partners[name] = self.create("res.partner", values, "archive")
        self._purchase_orders(extract.purchase_orders)
        self._count(extract)
        if self._sales_orders(extract.sales_orders):
            self._count(extract)
        for kind, balances in (("out_invoice", extract.receivables), ("in_invoice", extract.payables)):
            for balance in balances:
                self._balance(kind, balance.partner, balance.amount, balance.due_date)

    def _units(self) -> dict[str, int]:
        wanted = {name: xmlid.split(".") for name, xmlid in UNITS.items()}
        rows = self.call(
            "ir.model.data",
            "search_read",
            [
                ("model", "=", "uom.uom"),
                ("module", "=", "uom"),
                ("name", "in", [n for _, n in wanted.values()]),
            ],
            fields=["name", "res_id"],
        )
        by_name = {row["name"]: row["res_id"] for row in rows}
        return {unit: by_name[name] for unit, (_, name) in wanted.items() if name in by_name}

    def _orders(self, lines: tuple[OrderLine, ...]) -> dict[str, list[OrderLine]]:
        orders: dict[str, list[OrderLine]] = {}
        for line in lines:
            orders.setdefault(line.number, []).append(line)
        return {number: sorted(rows, key=lambda r: r.line) for number, rows in orders.items()}

    def _order_values(self, number: str, rows: list[OrderLine], quantity_field: str) -> dict[str, object]:
        """The values shared by a purchase and a sales order of the extract (``quantity_field`` names the
        line's ordered quantity: ``product_qty`` or ``product_uom_qty``)."""
        products = self.loaded.products
        lines = [
            (0, 0, {"product_id": products[r.item], quantity_field: r.ordered, "sequence": 10 + i})
            for i, r in enumerate(rows)
        ]
        return {
            "name": number,
            "partner_id": self.loaded.partners[rows[0].partner],
            "company_id": self.target.company_id,
            "order_line": lines,
        }

    def _purchase_orders(self, lines: tuple[OrderLine, ...]) -> None:
        (warehouse,) = self.call("stock.warehouse", "read", [self.target.warehouse_id], ["in_type_id"])
        for number, rows in self._orders(lines).items():
            values = {
                **self._order_values(number, rows, "product_qty"),
                "picking_type_id": warehouse["in_type_id"][0],
            }
            order = self.create("purchase.order", values, "cancel")
            self.loaded.purchase_orders[number] = order
            self._process(self.operations.confirm_purchase_order(order), rows)

    def _sales_orders(self, lines: tuple[OrderLine, ...]) -> bool:
        """Enter and confirm the sales orders, delivering what was delivered; True if anything was."""
        delivered_any = False
        for number, rows in self._orders(lines).items():
            values = {
                **self._order_values(number, rows, "product_uom_qty"),
                "warehouse_id": self.target.warehouse_id,
            }
            order = self.create("sale.order", values, "cancel")
            self.loaded.sales_orders[number] = order
            delivered_any |= self._process(self.operations.confirm_sale_order(order), rows)
        return delivered_any

    def _process(self, pickings: list[int], rows: list[OrderLine]) -> bool:
        """Receive or deliver the order's done quantities (in their lots) in its first transfer, keeping the
        rest as a backorder; True if anything was."""
        products = self.loaded.products
        done = {products[r.item]: r.done for r in rows if r.done}
        if not done:
            return False
        lots = {products[r.item]: self._lot(r.item, r.lot) for r in rows if r.done and r.lot}
        self.operations.validate_transfer(pickings[0], done, backorder=True, lots=lots)
        self.made.append(("stock.picking", pickings[0], "done"))
        return True

    def _lot(self, item: str, name: str) -> int:
        """The lot ``name`` of ``item`` in the load's company, made the first time it is named."""
        if (item, name) not in self.loaded.lots:
            product = self.loaded.products[item]
            domain = [("product_id", "=", product), ("name", "=", name)]
            found = self.call("stock.lot", "search", domain, limit=1)
            self.loaded.lots[item, name] = (
                found[0]
                if found
                else self.create(
                    "stock.lot",
                    {"name": name, "product_id": product, "company_id": self.target.company_id},
                    "keep",
                )
            )
        return self.loaded.lots[item, name]

    def _count(self, extract: Extract) -> None:
        """Count the warehouse to the extract's opening stock: its quantities per item, location and lot, and
        0 for any other quantity there; applied as one inventory adjustment."""
        counted: dict[tuple[int, int, int], float] = {}
        for line in extract.stock:
            key = (
                self.loaded.products[line.item],
                self.loaded.locations[line.location],
                self._lot(line.item, line.lot) if line.lot else 0,
            )
            counted[key] = line.quantity
        present = self.call(
            "stock.quant",
            "search_read",
            [("location_id", "child_of", self.target.stock_location_id), ("quantity", "!=", 0)],
            fields=["product_id", "location_id", "lot_id"],
        )
        for quant in present:
            key = (
                quant["product_id"][0],
                quant["location_id"][0],
                quant["lot_id"][0] if quant["lot_id"] else 0,
            )
            counted.setdefault(key, 0.0)
        quants = []
        for (product, location, lot), quantity in counted.items():
            values = {"product_id": product, "location_id": location, "inventory_quantity": quantity}
            if lot:
                values["lot_id"] = lot
            quants.append(self.call("stock.quant", "create", values, context=INVENTORY_MODE))
        self.call("stock.quant", "write", quants, {"inventory_quantity_set": True}, context=INVENTORY_MODE)
        press(self.client, "stock.quant", "action_apply_inventory", quants, context=INVENTORY_MODE)
        self.made.append(("stock.quant", quants[0], "done"))

    def _balance(self, kind: str, partner: str, amount: float, due: datetime.date) -> None:
        line = {"name": "Opening balance", "quantity": 1, "price_unit": amount, "tax_ids": [(6, 0, [])]}
        values = {
            "move_type": kind,
            "partner_id": self.loaded.partners[partner],
            "company_id": self.target.company_id,
            "invoice_date": datetime.date.today().isoformat(),
            "invoice_date_due": due.isoformat(),
            "invoice_line_ids": [(0, 0, line)],
        }
        move = self.create("account.move", values, "draft")
        self.call("account.move", "action_post", [move])
        self.loaded.moves.append(move)

    def undo(self) -> tuple[list[str], list[str]]:
        """Revert what was made, newest first, as far as Odoo allows; (undone, left), one line per record."""
        undone: list[str] = []
        left: list[str] = []
        steps: dict[str, Callable[[str, int], None]] = {
            "archive": lambda model, rid: self.call(model, "write", [rid], {"active": False}),
            "cancel": self._cancel,
            "draft": self._cancel_entry,
        }
        for model, record, how in reversed(self.made):
            if how in KEPT:
                left.append(f"{model} {record}: {KEPT[how]}")
                continue
            try:
                steps[how](model, record)
                undone.append(f"{model} {record}: {'archived' if how == 'archive' else 'cancelled'}")
            except OdooError as exc:
                left.append(f"{model} {record}: {exc.message.splitlines()[0]}")
            except UnexpectedWizard as exc:
                left.append(f"{model} {record}: {exc}")
        return undone, left

    def _cancel(self, model: str, record: int) -> None:
        if model == "purchase.order":
            press(self.client, model, "button_cancel", [record])
        else:  # the cancel wizard offers to e-mail the customer: cancel without
            press(
                self.client, model, "action_cancel", [record], choices={"sale.order.cancel": "action_cancel"}
            )

    def _cancel_entry(self, model: str, record: int) -> None:
        (state,) = self.call(model, "read", [record], ["state"])
        if state["state"] == "posted":
            self.call(model, "button_draft", [record])
        self.call(model, "button_cancel", [record])
