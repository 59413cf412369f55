"""Offline tests of the version adapter: what differs between Odoo 16, 17, 18 and 19, and the one line an
unsupported or unreadable server version gives."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.errors import GoliveError
from drivers.versions import LIVE_TESTED, SUPPORTED, UnsupportedVersion, adapter_for, major_of
from fixtures.harness import version_modules

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("version", "major"),
    [
        ("16.0", 16),
        ("17.0-20240709", 17),
        ("saas~17.2", 17),
        ("18.0+e", 18),
        ("19.0-20260402", 19),
        ([17, 0, 0, "final", 0, ""], 17),
    ],
)
def test_major_is_read_from_every_version_spelling(version, major):
    assert major_of(version) == major


@pytest.mark.parametrize(
    ("major", "storable", "done", "reserved", "immediate"),
    [
        (16, {"detailed_type": "product"}, {"quantity_done": 3.0}, "reserved_availability", True),
        (17, {"detailed_type": "product"}, {"quantity": 3.0, "picked": True}, "quantity", False),
        (18, {"type": "consu", "is_storable": True}, {"quantity": 3.0, "picked": True}, "quantity", False),
        (19, {"type": "consu", "is_storable": True}, {"quantity": 3.0, "picked": True}, "quantity", False),
    ],
)
def test_mapping_per_version(major, storable, done, reserved, immediate):
    adapter = adapter_for(f"{major}.0")
    assert adapter.storable_product() == storable
    assert adapter.done_quantity(3.0) == done
    assert adapter.reserved_field == reserved
    assert adapter.has_immediate_transfer is immediate


def test_zero_quantity_is_not_picked_on_17():
    assert adapter_for("17.0").done_quantity(0.0) == {"quantity": 0.0, "picked": False}


@pytest.mark.parametrize(
    ("major", "reserved", "done", "on_lines"),
    [
        (16, "reserved_uom_qty", "qty_done", True),
        (17, "quantity", "quantity", False),
        (18, "quantity", "quantity", False),
        (19, "quantity", "quantity", False),
    ],
)
def test_move_lines_per_version(major, reserved, done, on_lines):
    adapter = adapter_for(f"{major}.0")
    assert adapter.move_line_reserved_field == reserved
    assert adapter.move_line_done_field == done
    assert adapter.done_on_move_lines is on_lines


@pytest.mark.parametrize(
    ("major", "button", "computed", "on_wizard", "location_values"),
    [
        (16, "create_returns", False, True, {"return_location": True}),
        (17, "create_returns", True, True, {"return_location": True}),
        (18, "action_create_returns", True, False, {}),
        (19, "action_create_returns", True, False, {}),
    ],
)
def test_return_wizard_per_version(major, button, computed, on_wizard, location_values):
    adapter = adapter_for(f"{major}.0")
    assert adapter.return_button == button
    assert adapter.return_lines_computed is computed
    assert adapter.return_location_on_wizard is on_wizard
    assert adapter.return_location_values() == location_values


@pytest.mark.parametrize(
    ("major", "field"), [(16, "groups_id"), (17, "groups_id"), (18, "groups_id"), (19, "group_ids")]
)
def test_user_groups_field(major, field):
    assert adapter_for(f"{major}.0").groups_field == field


@pytest.mark.parametrize(
    ("major", "values"),
    [(16, {"route_ids": [(6, 0, [4])]}), (17, {"route_id": 4}), (18, {"route_id": 4}), (19, {"route_id": 4})],
)
def test_replenishment_route_per_version(major, values):
    assert adapter_for(f"{major}.0").replenish_route(4) == values


@pytest.mark.parametrize(
    ("major", "horizon"), [(16, None), (17, None), (18, None), (19, {"global_horizon_days": 0})]
)
def test_reorder_rules_run_just_in_time_with_a_zero_horizon_on_19(major, horizon):
    assert adapter_for(f"{major}.0").reorder_horizon == horizon


@pytest.mark.parametrize("major", [16, 17, 18])
def test_units_before_19_have_categories_and_the_product_has_the_purchase_unit(major):
    adapter = adapter_for(f"{major}.0")
    assert adapter.unit_reference_xmlid == "uom.product_uom_categ_unit"
    assert adapter.bigger_unit("Box", 12, 5) == {
        "name": "Box",
        "category_id": 5,
        "uom_type": "bigger",
        "factor_inv": 12,
        "rounding": 1.0,
    }
    assert adapter.purchase_unit_on_product(9) == {"uom_po_id": 9}
    assert adapter.purchase_unit_on_vendor_line(9) == {}
    assert adapter.purchase_line_unit_field == "product_uom"


def test_units_on_19_are_relative_and_the_vendor_line_has_the_purchase_unit():
    adapter = adapter_for("19.0")
    assert adapter.unit_reference_xmlid == "uom.product_uom_unit"
    assert adapter.bigger_unit("Box", 12, 1) == {"name": "Box", "relative_factor": 12, "relative_uom_id": 1}
    assert adapter.purchase_unit_on_product(9) == {}
    assert adapter.purchase_unit_on_vendor_line(9) == {"product_uom_id": 9}
    assert adapter.purchase_line_unit_field == "product_uom_id"


@pytest.mark.parametrize(
    ("version", "modules"),
    [("16.0-20240327", ("l10n_generic_coa",)), ("17.0-20240709", ()), ("19.0", ()), ("15.0", ())],
)
def test_only_16_needs_a_chart_of_accounts_in_the_harness_template(version, modules):
    assert version_modules(version) == modules


@pytest.mark.parametrize(
    ("major", "context"),
    [(16, {"warehouse": 7}), (17, {"warehouse": 7}), (18, {"warehouse_id": 7}), (19, {"warehouse_id": 7})],
)
def test_quantities_of_one_warehouse_use_the_versions_context_key(major, context):
    assert adapter_for(f"{major}.0").warehouse_context(7) == context


def test_every_supported_version_has_been_run_live():
    assert set(LIVE_TESTED) <= set(SUPPORTED)


@pytest.mark.parametrize(
    ("version", "found"),
    [
        ("15.0-20230101", "Odoo 15.0-20230101"),
        ("20.0", "Odoo 20.0"),
        ("saas~20.1", "Odoo saas~20.1"),
        ([20, 0, 0, "final", 0, ""], "Odoo 20.0"),
    ],
)
def test_unsupported_versions_give_one_line_naming_the_version_and_the_supported_ones(version, found):
    with pytest.raises(UnsupportedVersion) as caught:
        adapter_for(version)
    message = str(caught.value)
    assert "\n" not in message
    assert message == f"{found} is not supported by golive (supported: 16, 17, 18, 19)"
    assert isinstance(caught.value, GoliveError)  # the session plugin turns GoliveError into a usage error


@pytest.mark.parametrize("version", ["nightly", "", "garbage 17", [], ["x"]])
def test_unreadable_versions_give_one_line_with_the_supported_ones(version):
    with pytest.raises(UnsupportedVersion) as caught:
        adapter_for(version)
    message = str(caught.value)
    assert "\n" not in message
    assert message == f"cannot read an Odoo version from {version!r}; golive supports Odoo 16, 17, 18, 19"


@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one process", "xdist"])
def test_a_local_installation_of_an_unsupported_version_stops_the_run_with_one_line(tmp_path, workers):
    """The whole path through pytest: an installation whose launcher says 15.0 ends in one usage error,
    before any template is built (the launcher only answers --version; nothing else of Odoo runs)."""
    home = tmp_path / "odoo15"
    (home / "venv" / "bin").mkdir(parents=True)
    (home / "venv" / "bin" / "python").symlink_to(sys.executable)
    (home / "odoo-bin").write_text('import sys\nprint("Odoo Server 15.0-20230101")\nsys.exit(0)\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "GOLIVE_", "PYTEST_XDIST"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "steps", "-m", "not ui", *workers],
        cwd=ROOT,
        env=env | {"ODOO_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == pytest.ExitCode.USAGE_ERROR, done.stdout[-2000:] + done.stderr[-2000:]
    assert "INTERNALERROR" not in done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR: golive:")]
    assert errors == [
        f"ERROR: golive: the Odoo installation at {home}: Odoo 15.0-20230101 is not supported by golive "
        "(supported: 16, 17, 18, 19)"
    ]


@pytest.mark.parametrize(
    ("major", "field"), [(16, "groups_id"), (17, "groups_id"), (18, "groups_id"), (19, "all_group_ids")]
)
def test_groups_with_implied_ones(major, field):
    assert adapter_for(f"{major}.0").effective_groups_field == field


def test_only_19_gives_the_inventory_manager_the_product_creation_group():
    from drivers.versions import adapter_for

    assert adapter_for("19.0").role_extra_groups == {"inventory manager": ("product.group_product_manager",)}
    assert all(adapter_for(f"{v}.0").role_extra_groups == {} for v in (16, 17, 18))


@pytest.mark.parametrize(
    ("major", "address", "moves", "from_list"),
    [
        (17, "/web?debug=1#id=7&model=stock.picking&view_type=form", "move_ids_without_package", False),
        (18, "/odoo/stock.picking/7?debug=1", "move_ids_without_package", False),
        (19, "/odoo/stock.picking/7?debug=1", "move_ids", True),
    ],
)
def test_web_client_per_version(major, address, moves, from_list):
    adapter = adapter_for(f"{major}.0")
    assert adapter.web_record_address("stock.picking", 7, debug=True) == address
    assert adapter.web_record_id(f"http://odoo:8069{address}") == 7
    assert adapter.web_shows_record(f"http://odoo:8069{address}", "stock.picking", 7)
    assert not adapter.web_shows_record(f"http://odoo:8069{address}", "purchase.order", 7)
    assert adapter.picking_moves_field == moves
    assert adapter.bills_from_order_list is from_list


@pytest.mark.parametrize(
    ("major", "address", "record_id"),
    [
        (17, "http://odoo:8069/web#id=45&cids=1&menu_id=3&action=12&model=stock.picking&view_type=form", 45),
        (17, "http://odoo:8069/web#action=12&model=stock.picking&view_type=form&active_id=3", None),
        (18, "http://odoo:8069/odoo/action-12/45", 45),
        (18, "http://odoo:8069/odoo/action-12/new", None),
        (19, "http://odoo:8069/odoo/purchase.order/4/action-233", None),
        (19, "http://odoo:8069/odoo/purchase.order/4/action-233/9?debug=1", 9),
    ],
)
def test_the_record_a_web_client_address_shows(major, address, record_id):
    assert adapter_for(f"{major}.0").web_record_id(address) == record_id


def test_an_address_shows_a_record_of_its_model_only_when_it_ends_in_it():
    # A bill opened from purchase order 4 may have id 4 too: its address is not the order's.
    assert not adapter_for("18.0").web_shows_record(
        "http://o/odoo/purchase.order/4/action-233/4", "purchase.order", 4
    )


@pytest.mark.parametrize(
    ("major", "field", "values", "read_back"),
    [
        (16, "qty_multiple", {"qty_multiple": 5.0}, 5.0),
        (18, "qty_multiple", {"qty_multiple": 5.0}, 5.0),
        (19, "replenishment_uom_id", {"replenishment_uom_id": 7}, 5.0),
    ],
)
def test_reorder_rule_multiple_per_version(major, field, values, read_back):
    """16-18 round a reorder rule to a quantity; 19 to a unit (a pack of 5: factor 5 against Units' 1)."""
    adapter = adapter_for(f"{major}.0")
    assert adapter.orderpoint_multiple_field == field
    assert adapter.orderpoint_multiple(5.0, 7) == values
    value = [7, "Pack of 5"] if adapter.multiple_is_a_unit else 5.0
    assert adapter.rule_multiple(value, {7: 5.0, 1: 1.0}, 1) == read_back


def test_a_reorder_rule_without_a_unit_rounds_to_one_on_19():
    adapter = adapter_for("19.0")
    assert adapter.orderpoint_multiple(1.0, None) == {"replenishment_uom_id": False}
    assert adapter.rule_multiple(False, {1: 1.0}, 1) == 1.0
