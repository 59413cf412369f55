"""Loads golive's pytest plugins: the live-Odoo session, the scenario fixtures and every step module."""

pytest_plugins = [
    "pytester",  # tests/test_faults.py runs scenarios through this plugin in a nested pytest
    "fixtures.session",
    "fixtures.scenario",
    "fixtures.ui",
    "fixtures.reporting",
    "fixtures.companies",
    "steps.stock",
    "steps.sales",
    "steps.purchase",
    "steps.warehouses",
    "steps.replenishment",
    "steps.invoicing",
    "steps.returns",
    "steps.traceability",
    "steps.companies",
    "steps.approvals",
    "steps.counts",
    "steps.valuation",
    "steps.closing",
    "steps.migration",
    "steps.capacity",
    "steps.load",
]
