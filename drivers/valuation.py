"""A company's total inventory value as Odoo reports it (Inventory > Reporting > Valuation), on every version.

16-18 sum the company's valuation layers; 19, which has none, reports it in its valuation report (the
adapter, drivers/versions.py, says which)::

    inventory_value(auditor, adapter_for("19.0"), company_id)   # 150.0
"""

from __future__ import annotations

from drivers.rpc import OdooRpc
from drivers.versions import OdooVersion


def inventory_value(client: OdooRpc, version: OdooVersion, company_id: int) -> float:
    """The total inventory value of ``company_id``, as Odoo sums it."""
    report = version.valuation_report
    if report is not None:
        answer = client.call(report, "get_report_values", context={"allowed_company_ids": [company_id]})
        return float(answer["data"]["ending_stock"]["value"])
    model, domain, field = version.inventory_value_layers(company_id)
    return sum_of(client, model, domain, field)


def sum_of(client: OdooRpc, model: str, domain: list[object], field: str) -> float:
    """Odoo's own total of ``field`` over ``domain`` (read_group with no grouping: one group, or none)."""
    groups = client.call(model, "read_group", domain, [f"{field}:sum"], [])
    return float(groups[0][field] or 0.0) if groups else 0.0
