"""The load test's pure logic, offline: the pacing schedule, the SKU mapping, percentiles and rates."""

from __future__ import annotations

import importlib.util
import itertools

import pytest

from simulation.config import load_config
from simulation.loadtest import cli
from simulation.loadtest.measure import Sample, check, cpu_verdict, percentile, rate_series, summarise
from simulation.loadtest.plan import (
    LAGS_S,
    NEEDS,
    OPERATIONS,
    Plan,
    build_plan,
    class_products,
    parse_duration,
    peak_day,
    product_of,
)

EXAMPLE = "simulation/examples/regional_distributor.yaml"


@pytest.fixture(scope="module")
def cfg():
    return load_config(EXAMPLE)


def test_the_peak_day_is_the_busiest_day_inside_the_configured_peak(cfg):
    day = peak_day(cfg, (cfg.run.warmup_days + cfg.run.days) * 24)
    (peak,) = cfg.demand.peaks
    assert peak.start_day <= day < peak.end_day


def test_orders_are_paced_by_their_simulated_times_divided_by_the_scale(cfg):
    plan = build_plan(cfg, scale=2, duration_s=120)
    entries = [r for r in plan.requests if r.op == "enter_order"]
    assert len(entries) == len(plan.orders) > 0
    for r in entries:
        order = plan.orders[r.key]
        assert r.at_s == pytest.approx((order.sim_time_h - plan.window_start_h) * 3600 / 2)
    assert plan.window_h * 3600 == pytest.approx(240)  # 120 s of run at twice the rate: 240 simulated s


def test_a_higher_scale_demands_the_same_orders_sooner(cfg):
    slow = build_plan(cfg, scale=1, duration_s=120)
    fast = build_plan(cfg, scale=4, duration_s=30)  # the same 120 simulated seconds, four times as fast
    assert [o.lines for o in slow.orders.values()] == [o.lines for o in fast.orders.values()]
    slow_at = [r.at_s for r in slow.requests if r.op == "enter_order"]
    fast_at = [r.at_s for r in fast.requests if r.op == "enter_order"]
    assert fast_at == pytest.approx([t / 4 for t in slow_at])


def test_each_later_step_follows_its_order_at_its_lag_and_needs_the_step_before(cfg):
    plan = build_plan(cfg, scale=5, duration_s=60)
    entered = {r.key: r.at_s for r in plan.requests if r.op == "enter_order"}
    for r in plan.requests:
        if r.key.startswith("o"):
            assert r.at_s == pytest.approx(entered[r.key] + LAGS_S[r.op])
        assert r.at_s < 60
        if r.op in NEEDS:
            assert LAGS_S[NEEDS[r.op]] < LAGS_S[r.op]
    assert {r.op for r in plan.requests} == set(OPERATIONS)
    assert any(r.partial for r in plan.requests)  # some deliveries ship short, with a backorder


def test_the_plan_is_bounded_and_survives_json(cfg):
    plan = build_plan(cfg, scale=5, duration_s=60)
    assert Plan.from_json(plan.to_json()) == plan
    with pytest.raises(ValueError, match="more than the bound of 10"):
        build_plan(cfg, scale=5, duration_s=60, max_requests=10)


def test_skus_map_onto_products_of_their_own_class(cfg):
    bounds = cfg.skus.bounds()
    split = class_products(bounds, 12)
    assert split[0] == 0 and split[-1] == 12 and all(b > a for a, b in itertools.pairwise(split))
    for c in range(len(bounds) - 1):
        mapped = {product_of(s, bounds, 12) for s in range(bounds[c], bounds[c + 1])}
        assert mapped == set(range(split[c], split[c + 1]))  # every product of the class, no other
    with pytest.raises(ValueError, match="cannot keep 4 SKU classes apart"):
        class_products(bounds, 3)


def test_percentiles_interpolate_between_order_statistics():
    values = list(range(1, 101))
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(values, 99) == pytest.approx(99.01)
    assert percentile([7.0], 95) == 7.0


def test_latency_runs_from_the_scheduled_time_and_the_backlog_is_counted():
    samples = [
        Sample("enter_order", 1.0, 1.0, 1.5),
        Sample("enter_order", 2.0, 2.0, 7.0),  # answered after a stall: 5 s from its schedule
        Sample("enter_order", 9.0, 9.0, 12.0),  # due within the run, answered after its end
        Sample("confirm_order", 3.0, None, None, "unanswered at the end of the run"),
    ]
    rows = summarise(samples, {"enter_order": 3, "confirm_order": 1}, duration_s=10)
    enter = rows["enter_order"]
    assert enter["max_s"] == 5.0 and enter["p50_s"] == pytest.approx(3.0)
    assert enter["demanded_per_s"] == pytest.approx(0.3) and enter["achieved_per_s"] == pytest.approx(0.2)
    assert enter["backlog_at_end"] == 1
    assert rows["confirm_order"]["error_rate"] == 1.0 and rows["confirm_order"]["p95_s"] is None
    assert check(rows, "enter_order", 95, 5.0) is None
    assert "above the 1 s allowed" in check(rows, "enter_order", 95, 1.0)
    assert "no successful request" in check(rows, "confirm_order", 95, 1.0)


def test_rates_per_bin_and_cpu_warnings():
    assert rate_series([0.5, 1.5, 1.7, 3.9], 4, 2) == [1.5, 0.5]
    assert cpu_verdict([0.2, 0.95], cores=8)[0].startswith("WARNING: the load generator used 95%")
    assert cpu_verdict([0.2], cores=8) == []
    assert "share them" in cpu_verdict([0.2], cores=2)[0]


def test_durations():
    assert parse_duration("10m") == 600 and parse_duration("1h") == 3600 and parse_duration("45") == 45
    for bad in ("ten", "0s", "-1m"):
        with pytest.raises(ValueError, match="duration"):
            parse_duration(bad)


def test_without_locust_the_command_says_what_to_install(monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "locust" else real(name))
    from simulation.cli import main

    assert main(["loadtest", EXAMPLE]) == 2
    assert capsys.readouterr().err.strip() == cli.INSTALL_LOCUST


def test_a_replay_without_orders_is_refused_in_one_line(capsys):
    from simulation.cli import main

    assert main(["loadtest", EXAMPLE, "--scale", "0.001", "--duration", "1s"]) == 2
    assert "no order falls in the 1 s" in capsys.readouterr().err
