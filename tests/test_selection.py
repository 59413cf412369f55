"""Offline tests of which scenarios run against a given server: version tags, module tags, harness tests."""

import json
from dataclasses import dataclass, field

import pytest

from drivers.versions import adapter_for
from fixtures import deselection
from fixtures.deselection import (
    VersionRange,
    deselect_reason,
    deselected_record,
    is_version_tag,
    version_range,
    write_deselected,
)
from fixtures.live import LiveOdoo
from fixtures.target import OdooTarget


@dataclass(frozen=True)
class Mark:
    name: str


@dataclass
class Item:
    """The part of a pytest item the selection reads: its marks' names."""

    marks: list[Mark] = field(default_factory=list)

    def iter_markers(self):
        return iter(self.marks)

    def get_closest_marker(self, name):
        return next((m for m in self.marks if m.name == name), None)


def server(
    major: int = 17, modules: frozenset[str] = frozenset({"stock", "sale_stock"}), local=True
) -> LiveOdoo:
    target = OdooTarget("http://odoo", "staging", "admin", "x", local=local)
    return LiveOdoo(target, None, f"{major}.0", adapter_for(f"{major}.0"), modules)  # type: ignore[arg-type]


def item(*names: str) -> Item:
    return Item([Mark(name) for name in names])


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("odoo:16", VersionRange(16, 16)),
        ("odoo:<=17", VersionRange(None, 17)),
        ("odoo:<18", VersionRange(None, 17)),
        ("odoo:>=18", VersionRange(18, None)),
        ("odoo:>17", VersionRange(18, None)),
        ("odoo:17-18", VersionRange(17, 18)),
        ("odoo16", VersionRange(16, 16)),
        ("odoo19", VersionRange(19, 19)),
    ],
)
def test_version_tags_name_the_versions_they_allow(tag, expected):
    assert version_range(tag) == expected and is_version_tag(tag)


@pytest.mark.parametrize("tag", ["odoo:", "odoo:18-17", "odoo:<=17-18", "odoo:>=x", "odoo:=17", "odoo:17-"])
def test_malformed_version_tags_are_no_range(tag):
    assert version_range(tag) is None and is_version_tag(tag)


def test_tags_that_are_not_version_tags():
    assert not is_version_tag("module:stock") and not is_version_tag("odoo") and version_range("ui") is None


@pytest.mark.parametrize(
    ("tag", "runs_on"),
    [
        ("odoo:<=17", {16, 17}),
        ("odoo:>=18", {18, 19}),
        ("odoo:17-18", {17, 18}),
        ("odoo:16", {16}),
        ("odoo17", {17}),
        ("odoo19", {19}),
    ],
)
def test_a_scenario_runs_only_on_the_versions_its_tag_allows(tag, runs_on):
    assert {major for major in (16, 17, 18, 19) if not deselect_reason(item("live", tag), server(major))} == (
        runs_on
    )


def test_a_scenario_for_another_version_is_deselected_with_the_tables_reason(monkeypatch):
    assert deselect_reason(item("live", "odoo16"), server(17)) == (
        "needs Odoo 16 (@odoo16), the server runs 17.0: "
        "no reason recorded in fixtures/deselection.py VERSION_TAG_REASONS"
    )
    monkeypatch.setitem(deselection.VERSION_TAG_REASONS, "odoo:<=18", "19 has no stock.valuation.layer")
    assert deselect_reason(item("live", "odoo:<=18"), server(19)) == (
        "needs Odoo 18 or earlier (@odoo:<=18), the server runs 19.0: 19 has no stock.valuation.layer"
    )


def test_deselections_are_written_once_per_test_sorted(tmp_path):
    odoo = server(19)
    records = [
        deselected_record("steps/test_features.py::test_b", "needs Odoo 17 or earlier", odoo),
        deselected_record("steps/test_features.py::test_a", "module mrp is not installed", odoo),
        deselected_record("steps/test_features.py::test_b", "needs Odoo 17 or earlier", odoo),  # 2nd worker
    ]
    write_deselected(tmp_path / "reports" / "deselected.json", records)
    assert json.loads((tmp_path / "reports" / "deselected.json").read_text()) == [
        {
            "test": "steps/test_features.py::test_a",
            "reason": "module mrp is not installed",
            "odoo_version": "19.0",
        },
        {
            "test": "steps/test_features.py::test_b",
            "reason": "needs Odoo 17 or earlier",
            "odoo_version": "19.0",
        },
    ]


def test_a_scenario_needing_a_missing_module_names_the_module():
    reason = deselect_reason(item("live", "module:mrp"), server())
    assert reason.startswith("module mrp is not installed in 'staging'")
    assert "GOLIVE_INSTALL_MODULES=1" in reason
    assert deselect_reason(item("live", "module:sale_stock"), server()) == ""


def test_harness_tests_run_only_on_the_local_harness():
    assert "local harness" in deselect_reason(item("harness"), server(local=False))
    assert deselect_reason(item("harness"), server(local=True)) == ""


def test_ui_scenarios_are_deselected_without_a_browser():
    reason = deselect_reason(item("live", "ui"), server(), no_browser="no Chromium found")
    assert reason == "runs in the browser (@ui) and no Chromium found"


def test_ui_scenarios_run_on_the_versions_whose_web_client_the_page_objects_follow():
    assert {
        major for major in (16, 17, 18, 19) if not deselect_reason(item("live", "ui"), server(major))
    } == {
        17,
        18,
        19,
    }
    reason = deselect_reason(item("live", "ui"), server(16), no_browser="no Chromium found")
    assert reason == (
        "runs in the browser (@ui), whose page objects follow the web client of Odoo 17 or later only, and "
        "the server runs 16.0: Odoo 16's web client is not followed (issue 13 deselects @ui on 16)"
    )
    assert deselect_reason(item("live"), server(16)) == ""
