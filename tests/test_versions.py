"""Offline tests of the version adapter: what differs between Odoo 16, 17 and 18."""

import pytest

from drivers.versions import SUPPORTED, UnsupportedVersion, adapter_for, major_of


@pytest.mark.parametrize(
    ("version", "major"),
    [
        ("16.0", 16),
        ("17.0-20240709", 17),
        ("saas~17.2", 17),
        ("18.0+e", 18),
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


@pytest.mark.parametrize("version", ["15.0", "20.0", "nightly"])
def test_unsupported_versions_are_refused_with_the_supported_list(version):
    with pytest.raises(UnsupportedVersion, match=r"Odoo \d+ is not supported|cannot read an Odoo version"):
        adapter_for(version)
    assert 20 not in SUPPORTED


@pytest.mark.parametrize(
    ("major", "context"),
    [(16, {"warehouse": 7}), (17, {"warehouse": 7}), (18, {"warehouse_id": 7})],
)
def test_quantities_of_one_warehouse_use_the_versions_context_key(major, context):
    assert adapter_for(f"{major}.0").warehouse_context(7) == context
