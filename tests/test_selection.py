"""Offline tests of which scenarios run against a given server: version tags, module tags, harness tests."""

from dataclasses import dataclass, field

from drivers.versions import adapter_for
from fixtures.live import LiveOdoo
from fixtures.session import _deselect_reason
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


def test_a_scenario_for_another_version_is_deselected_with_the_reason():
    assert _deselect_reason(item("live", "odoo16"), server(17)) == (
        "written for Odoo 16, the server runs 17.0"
    )
    assert _deselect_reason(item("live", "odoo17"), server(17)) == ""


def test_a_scenario_needing_a_missing_module_names_the_module():
    reason = _deselect_reason(item("live", "module:mrp"), server())
    assert reason.startswith("module mrp is not installed in 'staging'")
    assert "GOLIVE_INSTALL_MODULES=1" in reason
    assert _deselect_reason(item("live", "module:sale_stock"), server()) == ""


def test_harness_tests_run_only_on_the_local_harness():
    assert "local harness" in _deselect_reason(item("harness"), server(local=False))
    assert _deselect_reason(item("harness"), server(local=True)) == ""


def test_ui_scenarios_are_deselected_without_a_browser():
    reason = _deselect_reason(item("live", "ui"), server(), no_browser="no Chromium found")
    assert reason == "runs in the browser (@ui) and no Chromium found"
