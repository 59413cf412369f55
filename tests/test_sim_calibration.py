"""Offline: from-odoo's fitting and the weekly Odoo-side KPIs on plain records (simulation/calibration.py,
simulation/odoo_kpis.py); the live proof is tests/test_calibration_live.py."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulation.calibration import NoHistory, abc_classes, calibrate, lead_time_moments, tvd
from simulation.config import validate
from simulation.odoo_history import Delivery, History, Line, Order, Receipt, Rule
from simulation.odoo_kpis import weekly_kpis

SINCE = dt.datetime(2026, 10, 5)  # a Monday


def _history(orders: int = 60, receipts: int = 12) -> History:
    rng = np.random.default_rng(7)
    h = History("Acme", SINCE, SINCE + dt.timedelta(days=14), warehouses=["WH"])
    for i in range(orders):
        at = SINCE + dt.timedelta(days=int(rng.integers(0, 14)), hours=int(rng.integers(8, 17)))
        h.orders.append(Order(i, at, "b2b", "WH"))
        h.lines.append(Line(2 * i, i, 1 if i % 3 else 2, 2.0, 200.0 if i % 3 else 50.0))
        h.lines.append(Line(2 * i + 1, i, 3, 1.0, 5.0))
        shipped = {2 * i: 2.0, 2 * i + 1: 1.0 if i % 4 else 0.0}
        h.deliveries.append(Delivery(i, at + dt.timedelta(hours=10), shipped))
    h.costs = {1: 50.0, 2: 5.0, 3: 1.0}
    h.rules = [Rule(p, "WH", 5, 20, 5, "acme", None) for p in (1, 2, 3)]
    h.promised_h = {"acme": 120.0}
    for i in range(receipts):
        approved = SINCE + dt.timedelta(days=i % 5)
        h.receipts.append(Receipt("acme", approved, approved + dt.timedelta(hours=100 + 5 * i), 120.0))
    return h


def test_abc_classes_by_cumulative_sales_value() -> None:
    assert abc_classes({1: 90.0, 2: 6.0, 3: 4.0}) == {1: "A", 2: "B", 3: "C"}
    assert abc_classes({1: 0.0, 2: 0.0}) == {1: "A", 2: "A"}


def test_a_calibrated_config_validates_and_says_where_each_parameter_came_from() -> None:
    config, sources = calibrate(_history())
    cfg = validate(config)
    (channel,) = cfg.demand.channels
    assert channel.orders_per_day == pytest.approx(60 / 14, abs=1e-4)
    assert [c.name for c in cfg.skus.classes] == ["A", "B", "C"]
    assert cfg.warehouses[0].replenishment["A"].min_qty == 5
    assert cfg.vendors[0].promised_lead_time_h == 120
    mean, _ = lead_time_moments(config["vendors"][0]["lead_time_h"])
    assert mean == pytest.approx(100 + 5 * 5.5, rel=0.05)
    lines = [s.line() for s in sources]
    assert any(line.startswith("DEFAULT  warehouses.*.shifts") and "labour" in line for line in lines)
    assert not any(s.fallback for s in sources if s.parameter.startswith("vendors."))


def test_thin_history_falls_back_and_says_so() -> None:
    config, sources = calibrate(_history(orders=10, receipts=3))
    validate(config)
    fallbacks = {s.parameter for s in sources if s.fallback}
    assert "demand.channels.b2b.daily_profile, weekly_profile" in fallbacks
    assert "vendors.acme.lead_time_h" in fallbacks
    assert config["vendors"][0]["lead_time_h"] == {"dist": "deterministic", "value": 120.0}


def test_no_orders_is_one_clear_error() -> None:
    with pytest.raises(NoHistory, match="company 'Acme' has no confirmed sales order from 2026-10-05"):
        calibrate(History("Acme", SINCE, SINCE + dt.timedelta(days=7)))


def test_weekly_kpis_measure_fill_on_the_first_delivery() -> None:
    weeks = weekly_kpis(_history())
    assert len(weeks) == 2
    h = _history()
    short = [o for o in h.orders if o.id % 4 == 0]
    first_week = [o for o in h.orders if o.at < SINCE + dt.timedelta(days=7)]
    expected = 1 - len([o for o in short if o in first_week]) / len(first_week)
    assert weeks[0]["order_fill_rate"] == pytest.approx(expected)
    assert weeks[0]["backorder_rate"] == pytest.approx(1 - expected)
    assert weeks[0]["cycle_time_mean_h"] == pytest.approx(10.0)


def test_a_first_delivery_after_the_fill_window_or_none_at_all_fills_nothing() -> None:
    h = History("Acme", SINCE, SINCE + dt.timedelta(days=7), warehouses=["WH"])
    at = SINCE + dt.timedelta(hours=9)
    for i in range(4):
        h.orders.append(Order(i, at, "b2b", "WH"))
        h.lines.append(Line(i, i, 1, 2.0, 20.0))
    h.deliveries = [
        Delivery(0, at + dt.timedelta(hours=20), {0: 2.0}),  # in full, within 24 h: filled
        Delivery(1, at + dt.timedelta(hours=30), {1: 2.0}),  # in full, but waited for stock: not filled
    ]
    h.open_orders = {2, 3}
    h.read_at = at + dt.timedelta(hours=25)  # orders 2 and 3 have nothing shipped 25 h on: not filled
    assert weekly_kpis(h)[0]["order_fill_rate"] == pytest.approx(1 / 4)
    # With a 36 h window: order 1 is filled too, and orders 2 and 3 are not judged yet (25 h < 36 h).
    assert weekly_kpis(h, fill_window_h=36)[0]["order_fill_rate"] == pytest.approx(2 / 2)
    h.read_at = at + dt.timedelta(hours=23)  # within the window, orders 2 and 3 are not judged yet
    assert weekly_kpis(h)[0]["order_fill_rate"] == pytest.approx(1 / 2)


def test_tvd() -> None:
    assert tvd([1, 0], [1, 0]) == 0
    assert tvd([2, 2], [1, 3]) == pytest.approx(0.25)


def test_baseline_page_says_which_way_each_kpi_moved() -> None:
    from simulation.odoo_cli import baseline_page

    def kpi(mean: float) -> dict:
        return {"mean": mean, "ci_low": None, "ci_high": None, "n": 1, "unit": "fraction"}

    page = baseline_page(
        {"order_fill_rate": kpi(0.9), "backorder_rate": kpi(0.1)},
        {"order_fill_rate": kpi(0.8), "backorder_rate": kpi(0.05)},
        {"company": "Acme", "since": "2026-11-01", "until": "2026-12-01"},
    )
    assert "<td><code>order_fill_rate</code></td><td>90.00%</td><td>80.00%</td><td>worse</td>" in page
    assert "<td><code>backorder_rate</code></td><td>10.00%</td><td>5.00%</td><td>better</td>" in page


def test_from_odoo_without_an_odoo_named_is_one_line(tmp_path, monkeypatch, capsys) -> None:
    from simulation.cli import main

    for name in ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert main(["from-odoo", "--out", str(tmp_path / "m.yaml")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "from-odoo: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD to the database to calibrate from"
    ]


def test_orders_without_rules_or_vendors_still_give_a_valid_config() -> None:
    h = _history()
    h.rules, h.receipts, h.promised_h = [], [], {}
    config, sources = calibrate(h)
    cfg = validate(config)
    assert cfg.warehouses[0].replenishment["A"].max_qty == 0
    assert {"vendors.unknown", "warehouses.WH.replenishment.A"} <= {
        s.parameter for s in sources if s.fallback
    }


@pytest.mark.parametrize(("transfer_h", "expected", "fallback"), [(48.0, 48.0, False), (0.0, 24.0, True)])
def test_a_resupplied_warehouse_takes_its_route_and_the_route_s_lead_time(transfer_h, expected, fallback):
    h = _history()
    h.warehouses = ["WH", "SHOP"]
    h.rules += [Rule(p, "SHOP", 2, 8, 2, None, "WH", transfer_h) for p in (1, 2, 3)]
    config, sources = calibrate(h)
    cfg = validate(config)
    shop = cfg.warehouses[1]
    assert shop.replenishment["A"].resupply_from == "WH" and shop.replenishment["A"].vendor is None
    assert config["warehouses"][1]["transfer_lead_time_h"] == {"dist": "deterministic", "value": expected}
    assert "transfer_lead_time_h" not in config["warehouses"][0]
    (source,) = [s for s in sources if s.parameter == "warehouses.SHOP.transfer_lead_time_h"]
    assert source.fallback is fallback


def test_profiles_in_a_time_zone_are_the_utc_ones_moved_by_its_offset() -> None:
    h = History("Acme", SINCE, SINCE + dt.timedelta(days=14), warehouses=["WH"])
    for i in range(60):  # 1:00, 9:00 and 14:00 UTC on the working days
        day = [d for d in range(14) if d % 7 < 5][i % 10]
        h.orders.append(Order(i, SINCE + dt.timedelta(days=day, hours=(1, 9, 9, 14)[i % 4]), "b2b", "WH"))
        h.lines.append(Line(i, i, 1, 1.0, 10.0))
    profiles = {tz: calibrate(h, tz)[0]["demand"]["channels"][0] for tz in ("UTC", "America/New_York")}
    utc, new_york = profiles["UTC"], profiles["America/New_York"]  # October 2026: UTC-4
    assert new_york["daily_profile"] == list(np.roll(utc["daily_profile"], -4))
    assert utc["weekly_profile"][5:] == [0.0, 0.0]
    assert new_york["weekly_profile"][6] > 0  # Monday's 1:00 UTC orders are Sunday's in New York
