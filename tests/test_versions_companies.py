"""Version adapter rows for a company of the scenario's own: the chart field and how to load it."""

from __future__ import annotations

from drivers.versions import OdooVersion


def test_chart_field_is_a_template_record_on_16_and_a_code_after():
    assert OdooVersion(16).company_chart_field == "chart_template_id"
    for major in (17, 18, 19):
        assert OdooVersion(major).company_chart_field == "chart_template"


def test_chart_loading_arguments():
    assert OdooVersion(16).chart_loading([4, "Generic Chart"], 9) == ([[4]], {"install_demo": False})
    assert OdooVersion(17).chart_loading("generic_coa", 9) == (
        [[], "generic_coa", 9],
        {"install_demo": False},
    )
