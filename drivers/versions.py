"""The version adapter: every difference between Odoo 16, 17 and 18 that golive's operations touch.

One :class:`OdooVersion` per major version, looked up by the server's version; docs/odoo-versions.md
is the table a reader checks::

    adapter = adapter_for("17.0-20240709")
    adapter.storable_product()        # {'detailed_type': 'product'}
    adapter.done_quantity(3.0)        # {'quantity': 3.0, 'picked': True}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Versions whose mapping golive knows; 17 is the one run live in CI.
SUPPORTED = (16, 17, 18, 19)
LIVE_TESTED = (17,)


class UnsupportedVersion(ValueError):
    """The server's major version is not in :data:`SUPPORTED`."""


@dataclass(frozen=True)
class OdooVersion:
    """What differs for one major version of Odoo."""

    major: int

    def storable_product(self) -> dict[str, Any]:
        """Values that make a product storable (tracked in stock)."""
        if self.major >= 18:
            return {"type": "consu", "is_storable": True}
        return {"detailed_type": "product"}

    @property
    def storable_domain(self) -> list[tuple[str, str, Any]]:
        """Domain selecting storable products."""
        if self.major >= 18:
            return [("is_storable", "=", True)]
        return [("detailed_type", "=", "product")]

    @property
    def move_done_field(self) -> str:
        """The stock.move field that holds the quantity being processed."""
        return "quantity_done" if self.major <= 16 else "quantity"

    def done_quantity(self, quantity: float) -> dict[str, Any]:
        """stock.move values that process ``quantity`` when the picking is validated."""
        if self.major <= 16:
            return {"quantity_done": quantity}
        return {"quantity": quantity, "picked": quantity > 0}

    @property
    def reserved_field(self) -> str:
        """The stock.move field that holds the reserved quantity."""
        return "reserved_availability" if self.major <= 16 else "quantity"

    @property
    def has_return_exchange(self) -> bool:
        """Whether the return wizard creates a replacement itself (18: ``action_create_exchanges``); before
        18 the replacement is the return of the return."""
        return self.major >= 18

    @property
    def has_immediate_transfer(self) -> bool:
        """Whether validating an unprocessed picking opens stock.immediate.transfer (16 only)."""
        return self.major <= 16

    def warehouse_context(self, warehouse_id: int) -> dict[str, Any]:
        """The context that restricts product quantities (qty_available, ...) to one warehouse."""
        if self.major >= 18:
            return {"warehouse_id": warehouse_id}
        return {"warehouse": warehouse_id}

    @property
    def company_chart_field(self) -> str:
        """The res.company field naming its chart of accounts (16: a template record; 17+: a code)."""
        return "chart_template_id" if self.major <= 16 else "chart_template"

    def chart_loading(self, chart: Any, company_id: int) -> tuple[list[Any], dict[str, Any]]:
        """(args, kwargs) of ``account.chart.template.try_loading`` loading ``chart`` (a company's
        :attr:`company_chart_field`) into ``company_id``; call it with that company in allowed_company_ids."""
        if self.major <= 16:
            return [[chart[0]]], {"install_demo": False}
        return [[], chart, company_id], {"install_demo": False}

    # -- valuation and month-end closing (issue 10) ---------------------------------------------------

    @property
    def lock_date_fields(self) -> tuple[str, ...]:
        """The res.company lock dates (16-17: all users, invoices/bills, tax; 18-19: the per-journal-type
        lock dates and the hard lock date)."""
        if self.major >= 18:
            return (
                "fiscalyear_lock_date",
                "tax_lock_date",
                "sale_lock_date",
                "purchase_lock_date",
                "hard_lock_date",
            )
        return ("fiscalyear_lock_date", "period_lock_date", "tax_lock_date")

    @property
    def product_valuation_fields(self) -> dict[str, str]:
        """product.product fields holding a product's valuation in the context's company, by what they
        mean: the quantity valued, its value and the average cost (16-18: sums over the valuation layers;
        19, which has no layers: the quantity on hand and its total value)."""
        if self.major >= 19:
            return {"quantity": "qty_available", "value": "total_value", "average cost": "avg_cost"}
        return {"quantity": "quantity_svl", "value": "value_svl", "average cost": "avg_cost"}

    def move_valuation(self, move_ids: list[int]) -> tuple[str, list[tuple[str, str, Any]]]:
        """(model, domain) of the records holding the value and the remaining quantity (fields ``value``
        and ``remaining_qty``) of stock moves: their valuation layers on 16-18, the moves on 19."""
        if self.major >= 19:
            return "stock.move", [("id", "in", move_ids)]
        return "stock.valuation.layer", [("stock_move_id", "in", move_ids)]

    def inventory_value(self, company_id: int) -> tuple[str, list[tuple[str, str, Any]], str]:
        """(model, domain, field) whose sum, as Odoo groups it, is a company's total inventory value: the
        value of its valuation layers on 16-18 (Inventory > Reporting > Valuation)."""
        if self.major >= 19:
            raise NotImplementedError("Odoo 19 keeps no valuation layers: mapped, not run (issue 10)")
        return "stock.valuation.layer", [("company_id", "=", company_id)], "value"


_SERIE = re.compile(r"^(?:saas~)?(\d+)")


def major_of(server_version: str | list[Any]) -> int:
    """The major version from ``server_version`` ('17.0-20240709', 'saas~17.2') or ``server_version_info``.

    >>> major_of("saas~17.2")
    17
    >>> major_of([18, 0, 0, "final", 0, ""])
    18
    """
    if isinstance(server_version, list | tuple):
        return int(server_version[0])
    match = _SERIE.match(server_version.strip())
    if not match:
        raise UnsupportedVersion(f"cannot read an Odoo version from {server_version!r}")
    return int(match.group(1))


def adapter_for(server_version: str | list[Any]) -> OdooVersion:
    """The adapter for a server version; raises :class:`UnsupportedVersion` outside :data:`SUPPORTED`."""
    major = major_of(server_version)
    if major not in SUPPORTED:
        known = ", ".join(map(str, SUPPORTED))
        raise UnsupportedVersion(f"Odoo {major} is not supported by golive (supported: {known})")
    return OdooVersion(major)
