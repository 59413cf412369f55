"""Offline tests of the month-end pieces that need no Odoo: calendar words in Examples, and the version
adapter's valuation and lock date mapping."""

from __future__ import annotations

import datetime

import pytest

from drivers.versions import adapter_for
from steps.closing import calendar_date

TODAY = datetime.date(2026, 3, 10)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("2024-03-31", datetime.date(2024, 3, 31)),
        ("today", TODAY),
        ("the end of last month", datetime.date(2026, 2, 28)),
        ("the middle of last month", datetime.date(2026, 2, 15)),
    ],
)
def test_calendar_words(word, expected):
    assert calendar_date(word, TODAY) == expected


def test_end_of_last_month_in_january_is_in_last_year():
    assert calendar_date("the end of last month", datetime.date(2027, 1, 5)) == datetime.date(2026, 12, 31)


def test_unknown_date_word_names_the_words_to_use():
    with pytest.raises(ValueError, match=r"unknown date 'next week'.*the end of last month"):
        calendar_date("next week", TODAY)


def test_valuation_is_read_from_layers_up_to_18_and_from_products_and_moves_on_19():
    assert adapter_for("17.0").product_valuation_fields["value"] == "value_svl"
    assert adapter_for("19.0").product_valuation_fields["value"] == "total_value"
    assert adapter_for("16.0").move_valuation([7]) == (
        "stock.valuation.layer",
        [("stock_move_id", "in", [7])],
        ["value", "remaining_qty"],
    )
    assert adapter_for("19.0").move_valuation([7]) == (
        "stock.move",
        [("id", "in", [7])],
        ["value", "remaining_qty", "is_out"],
    )
    assert adapter_for("18.0").inventory_value_layers(3) == (
        "stock.valuation.layer",
        [("company_id", "=", 3)],
        "value",
    )
    assert adapter_for("18.0").valuation_report is None
    assert adapter_for("19.0").valuation_report == "stock_account.stock.valuation.report"
    with pytest.raises(ValueError, match="no valuation layers"):
        adapter_for("19.0").inventory_value_layers(3)


def test_a_move_value_is_negative_for_goods_leaving_on_every_version():
    assert adapter_for("18.0").signed_value({"value": -90.0}) == -90.0
    assert adapter_for("19.0").signed_value({"value": 90.0, "is_out": True}) == -90.0
    assert adapter_for("19.0").signed_value({"value": 18.0, "is_out": False}) == 18.0


def test_only_19_closes_the_stock_valuation():
    assert [adapter_for(f"{v}.0").closes_stock_valuation for v in (16, 17, 18, 19)] == [
        False,
        False,
        False,
        True,
    ]


def test_lock_dates_per_version():
    assert "period_lock_date" in adapter_for("17.0").lock_date_fields
    assert "hard_lock_date" in adapter_for("18.0").lock_date_fields
    assert "period_lock_date" not in adapter_for("19.0").lock_date_fields
