"""The version adapter: every difference between Odoo 16, 17, 18 and 19 that golive's operations touch.

One :class:`OdooVersion` per major version, looked up by the server's version; docs/odoo-versions.md
is the table a reader checks::

    adapter = adapter_for("17.0-20240709")
    adapter.storable_product()        # {'detailed_type': 'product'}
    adapter.done_quantity(3.0)        # {'quantity': 3.0, 'picked': True}
    adapter_for("19.0").groups_field  # 'group_ids'
    adapter_for("20.0")               # UnsupportedVersion: Odoo 20.0 is not supported by golive (...)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drivers.errors import GoliveError

#: Versions whose mapping golive knows, and those whose RPC scenarios have been run live (the table in
#: docs/odoo-versions.md says on which installation and with what result).
SUPPORTED = (16, 17, 18, 19)
LIVE_TESTED = (16, 17, 18, 19)


class UnsupportedVersion(GoliveError, ValueError):
    """The server's version is unreadable or not in :data:`SUPPORTED`; ``str()`` is one line naming both."""


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
    def has_immediate_transfer(self) -> bool:
        """Whether validating an unprocessed picking opens stock.immediate.transfer (16 only)."""
        return self.major <= 16

    def validate_choices(self) -> dict[str, str]:
        """The ``press`` choices for validating a picking whose quantities nobody set: on 16 process it all
        (stock.immediate.transfer's "apply"); 17+ open no wizard for it."""
        return {"stock.immediate.transfer": "apply"} if self.has_immediate_transfer else {}

    @property
    def done_on_move_lines(self) -> bool:
        """Whether a move spread over several move lines (lots) takes its processed quantity on each line
        (16: ``stock.move.line.qty_done``; the move's ``quantity_done`` refuses); 17+ take it on the move."""
        return self.major <= 16

    @property
    def move_line_reserved_field(self) -> str:
        """The stock.move.line field that holds the quantity reserved on that line (a lot, say)."""
        return "reserved_uom_qty" if self.major <= 16 else "quantity"

    @property
    def move_line_done_field(self) -> str:
        """The stock.move.line field that holds the quantity processed on that line."""
        return "qty_done" if self.major <= 16 else "quantity"

    @property
    def return_button(self) -> str:
        """The return wizard's button that creates the return transfer (18: ``action_create_returns``)."""
        return "action_create_returns" if self.major >= 18 else "create_returns"

    @property
    def return_lines_computed(self) -> bool:
        """Whether the return wizard computes its lines from the transfer when created (17+); on 16 the web
        client fills them in an onchange, so the driver writes them as the form would."""
        return self.major >= 17

    @property
    def return_location_on_wizard(self) -> bool:
        """Whether the return wizard chooses where returned goods go (``location_id``, among locations with
        ``return_location``; 16, 17). From 18 the wizard has neither: the return transfer's destination
        (``stock.picking.location_dest_id``) is changed before it is validated, as in the web client."""
        return self.major <= 17

    def return_location_values(self) -> dict[str, Any]:
        """Values that let an internal location receive returns (16, 17: ``return_location``; none needed
        from 18, where any internal location can be the return's destination)."""
        return {"return_location": True} if self.major <= 17 else {}

    @property
    def groups_field(self) -> str:
        """The res.users field of the user's groups (19 renamed ``groups_id`` to ``group_ids``)."""
        return "group_ids" if self.major >= 19 else "groups_id"

    @property
    def effective_groups_field(self) -> str:
        """The res.users field of every group a user has, implied ones included (19: ``all_group_ids``;
        before, ``groups_id`` already holds the implied groups)."""
        return "all_group_ids" if self.major >= 19 else "groups_id"

    @property
    def role_extra_groups(self) -> dict[str, tuple[str, ...]]:
        """Groups a role needs on this version beyond fixtures/roles.py's: 19 lets only "Products / Create"
        (``product.group_product_manager``, implied by Settings) change products, such as their cost, which
        an inventory manager does on 16-18 with stock's own group."""
        return {"inventory manager": ("product.group_product_manager",)} if self.major >= 19 else {}

    @property
    def unit_reference_xmlid(self) -> str:
        """What a unit counted in Units is defined against: the Units category (16-18, ``uom.category``),
        or the Units unit itself (19, which removed categories: ``relative_uom_id``)."""
        return "uom.product_uom_unit" if self.major >= 19 else "uom.product_uom_categ_unit"

    def bigger_unit(self, name: str, units: float, reference_id: int) -> dict[str, Any]:
        """uom.uom values of a unit worth ``units`` Units (a box of 12), ``reference_id`` being the record
        named by :attr:`unit_reference_xmlid`."""
        if self.major >= 19:
            return {"name": name, "relative_factor": units, "relative_uom_id": reference_id}
        return {
            "name": name,
            "category_id": reference_id,
            "uom_type": "bigger",
            "factor_inv": units,
            "rounding": 1.0,
        }

    def purchase_unit_on_product(self, unit_id: int) -> dict[str, Any]:
        """product.product values that make ``unit_id`` the purchase unit (16-18: ``uom_po_id``; 19 has
        no such field: the unit is on the vendor's pricelist line, :meth:`purchase_unit_on_vendor_line`)."""
        return {} if self.major >= 19 else {"uom_po_id": unit_id}

    def purchase_unit_on_vendor_line(self, unit_id: int) -> dict[str, Any]:
        """product.supplierinfo values that make ``unit_id`` the unit that vendor sells in (19:
        ``product_uom_id``; before, the line's unit is the product's ``uom_po_id``, read-only there)."""
        return {"product_uom_id": unit_id} if self.major >= 19 else {}

    @property
    def purchase_line_unit_field(self) -> str:
        """The purchase.order.line field of the line's unit of measure (19: ``product_uom_id``)."""
        return "product_uom_id" if self.major >= 19 else "product_uom"

    @property
    def multiple_is_a_unit(self) -> bool:
        """Whether a reorder rule rounds what it orders up to a unit (19: ``replenishment_uom_id``, a pack
        of 10 say; unset: not rounded, or for a buy route the vendor line's unit) rather than to a quantity
        of the product's unit (16-18: ``qty_multiple``)."""
        return self.major >= 19

    @property
    def orderpoint_multiple_field(self) -> str:
        """The stock.warehouse.orderpoint field of that multiple (see :attr:`multiple_is_a_unit`)."""
        return "replenishment_uom_id" if self.multiple_is_a_unit else "qty_multiple"

    def orderpoint_multiple(self, multiple: float, pack_unit_id: int | None) -> dict[str, Any]:
        """stock.warehouse.orderpoint values that round to ``multiple`` of the product's unit: the quantity
        (16-18), or on 19 the unit ``pack_unit_id`` worth that many (:meth:`bigger_unit`; None: 1)."""
        if self.multiple_is_a_unit:
            return {"replenishment_uom_id": pack_unit_id or False}
        return {"qty_multiple": multiple}

    def rule_multiple(self, value: Any, unit_factor: Mapping[int, float], product_unit_id: int) -> float:
        """The multiple, in the product's unit, of a reorder rule whose :attr:`orderpoint_multiple_field`
        reads ``value``: the quantity (16-18); on 19 the size of its unit over the product's unit (their
        ``uom.uom.factor``, ``unit_factor`` by id), 1 when it has none.

        >>> adapter_for("19.0").rule_multiple([7, "Pack of 5"], {7: 5.0, 1: 1.0}, 1)
        5.0
        """
        if not self.multiple_is_a_unit:
            return float(value)
        return unit_factor[value[0]] / unit_factor[product_unit_id] if value else 1.0

    def replenish_route(self, route_id: int) -> dict[str, Any]:
        """product.replenish values that send the replenishment along ``route_id`` (16: the many2many
        ``route_ids``, "Preferred Routes"; 17+: ``route_id``)."""
        return {"route_ids": [(6, 0, [route_id])]} if self.major <= 16 else {"route_id": route_id}

    @property
    def reorder_horizon(self) -> dict[str, Any] | None:
        """19 added a replenishment horizon (``res.company.horizon_days``, 365 days by default) that makes a
        reorder rule also count demand due long after the vendor's lead time; 16-18 order just in time, for
        the demand due within it. To run a rule just in time on 19, the Replenishment view's Horizon is set
        to 0 days: this context (``global_horizon_days``) for reopening the view, which recomputes the
        rules' quantities (and, as for any user, adds Odoo's manual reorder suggestions for products short of
        stock), and for its Order Once button. None before 19 (no horizon)."""
        return {"global_horizon_days": 0} if self.major >= 19 else None

    @property
    def harness_modules(self) -> tuple[str, ...]:
        """Modules the local harness installs besides golive's own list: on 16 a company without a country
        gets no chart of accounts, so the generic one is loaded (``l10n_generic_coa``) for invoicing."""
        return ("l10n_generic_coa",) if self.major <= 16 else ()

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

    @property
    def has_valuation_layers(self) -> bool:
        """Whether Odoo keeps valuation layers (``stock.valuation.layer``, 16-18); 19 removed them: the moves
        carry their value, and the stock valuation account follows the period's closing entry."""
        return self.major <= 18

    def move_valuation(self, move_ids: list[int]) -> tuple[str, list[tuple[str, str, Any]], list[str]]:
        """(model, domain, fields) of the records holding the value and the remaining quantity (``value``,
        ``remaining_qty``) of stock moves: their valuation layers on 16-18, the moves on 19 (with ``is_out``,
        see :meth:`signed_value`)."""
        if self.major >= 19:
            return "stock.move", [("id", "in", move_ids)], ["value", "remaining_qty", "is_out"]
        return "stock.valuation.layer", [("stock_move_id", "in", move_ids)], ["value", "remaining_qty"]

    def signed_value(self, row: dict[str, Any]) -> float:
        """The value a move gave its product, negative for goods leaving, from a row read with
        :meth:`move_valuation`: a layer's ``value`` is signed (16-18); a 19 move's ``value`` is not, and
        ``is_out`` says the goods left the company's valuation."""
        if self.major >= 19 and row["is_out"]:
            return -row["value"]
        return row["value"]

    def inventory_value_layers(self, company_id: int) -> tuple[str, list[tuple[str, str, Any]], str]:
        """(model, domain, field) whose sum is a company's total inventory value on 16-18: the value of its
        valuation layers (Inventory > Reporting > Valuation). 19 has no layers: see
        :attr:`valuation_report`."""
        if not self.has_valuation_layers:
            raise ValueError(f"Odoo {self.major} keeps no valuation layers; read its valuation report")
        return "stock.valuation.layer", [("company_id", "=", company_id)], "value"

    @property
    def valuation_report(self) -> str | None:
        """19's Inventory > Reporting > Valuation (``get_report_values()['data']['ending_stock']['value']``
        is the company's total inventory value, ``res.company.stock_value`` summed by account); None before
        19, where the valuation layers are summed (:meth:`inventory_value_layers`)."""
        return None if self.has_valuation_layers else "stock_account.stock.valuation.report"

    @property
    def closes_stock_valuation(self) -> bool:
        """Whether the stock valuation account is brought to the inventory value by a closing entry
        (19: ``res.company.action_close_stock_valuation(at_date, auto_post=True)``, which answers
        "Everything is correctly closed" when there is nothing to post); 16-18 post an entry at each valued
        move, so there is nothing to close."""
        return self.major >= 19

    # -- the web client (drivers/pages: the browser driver's page objects) ---------------------------

    def web_record_address(self, model: str, record_id: int, *, debug: bool = False) -> str:
        """The address of a record's form, after the server's URL: ``/web#id=..&model=..`` up to 17,
        ``/odoo/<model>/<id>`` from 18 (whose router still reads the old form but writes its own)."""
        query = "?debug=1" if debug else ""
        if self.major >= 18:
            return f"/odoo/{model}/{record_id}{query}"
        return f"/web{query}#id={record_id}&model={model}&view_type=form"

    def web_record_id(self, address: str) -> int | None:
        """The id of the record whose form the web client's ``address`` shows (None: a new record, a list):
        the ``id`` key of the hash up to 17, the last path segment from 18 (``/odoo/action-12/45``)."""
        found = (_WEB_PATH_ID if self.major >= 18 else _WEB_HASH_ID).search(address)
        return int(found.group(1)) if found else None

    @property
    def picking_moves_field(self) -> str:
        """The transfer form's one2many of its moves, where quantities are typed (19: ``move_ids``; before
        it, ``move_ids_without_package``)."""
        return "move_ids" if self.major >= 19 else "move_ids_without_package"

    @property
    def bills_from_order_list(self) -> bool:
        """Whether a purchase order's vendor bill is made from the orders list (19 dropped the order form's
        "Create Bill" button: the list's "Create Bills" on the selected orders makes it), not its form."""
        return self.major >= 19

    def web_shows_record(self, address: str, model: str, record_id: int) -> bool:
        """Whether ``address`` is the form of ``model`` ``record_id`` (up to 17 the hash names the model;
        from 18 only an address opened by model does, ending in ``/<model>/<id>``)."""
        if self.web_record_id(address) != record_id:
            return False
        if self.major >= 18:
            return re.split(r"[?#]", address)[0].endswith(f"/{model}/{record_id}")
        return f"model={model}" in address


_SERIE = re.compile(r"^(?:saas~)?(\d+)")
_WEB_HASH_ID = re.compile(r"[#&]id=(\d+)")
_WEB_PATH_ID = re.compile(r"^[^?#]*/(\d+)(?:[?#]|$)")


def major_of(server_version: str | list[Any]) -> int:
    """The major version from ``server_version`` ('17.0-20240709', 'saas~17.2') or ``server_version_info``.

    >>> major_of("saas~17.2")
    17
    >>> major_of([18, 0, 0, "final", 0, ""])
    18
    """
    if isinstance(server_version, list | tuple):
        if server_version and isinstance(server_version[0], int):
            return server_version[0]
    else:
        match = _SERIE.match(str(server_version).strip())
        if match:
            return int(match.group(1))
    raise UnsupportedVersion(
        f"cannot read an Odoo version from {server_version!r}; golive supports Odoo {_supported()}"
    )


def adapter_for(server_version: str | list[Any]) -> OdooVersion:
    """The adapter for a server version; raises :class:`UnsupportedVersion` outside :data:`SUPPORTED`,
    whose one line names the version found and the supported ones::

        adapter_for("20.0-20270101")  # Odoo 20.0-20270101 is not supported by golive (supported: 16, ...)
    """
    major = major_of(server_version)
    if major not in SUPPORTED:
        found = (
            ".".join(map(str, server_version[:2]))
            if isinstance(server_version, list | tuple)
            else server_version
        )
        raise UnsupportedVersion(f"Odoo {found} is not supported by golive (supported: {_supported()})")
    return OdooVersion(major)


def _supported() -> str:
    return ", ".join(map(str, SUPPORTED))
