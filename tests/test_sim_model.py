"""The core as a pure function: determinism, streams, fulfilment, shifts, waves, transfers, output files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from simulation.cli import main
from simulation.config import Shift, load_config, validate
from simulation.demand import arrival_times, hourly_rates
from simulation.experiment import confidence_interval, replicate
from simulation.labour import Roster
from simulation.model import simulate
from simulation.streams import Streams

EXAMPLE = Path(__file__).parent.parent / "simulation" / "examples" / "regional_distributor.yaml"
SHORT = ["run.days=2", "run.warmup_days=1", "skus.count=200"]


def small(**changes) -> dict:
    """One warehouse, one SKU class under base stock, one pooled picker, unit orders."""
    raw = {
        "run": {"days": 20, "warmup_days": 2},
        "warehouses": [
            {
                "name": "wh",
                "pickers": 1,
                "tasks": {"pick": {"per_line_min": {"dist": "exponential", "mean": 2}}},
                "replenishment": {"A": {"policy": "base_stock", "S": 3}},
            }
        ],
        "vendors": [{"name": "v", "lead_time_h": {"dist": "deterministic", "value": 24}}],
        "demand": {
            "channels": [
                {
                    "name": "c",
                    "orders_per_day": 48,
                    "warehouse_shares": {"wh": 1},
                    "lines_per_order": {"dist": "deterministic", "value": 2},
                    "qty_per_line": {"dist": "deterministic", "value": 1},
                }
            ]
        },
    }
    for path, value in changes.items():
        node = raw
        *head, last = path.split("__")
        for key in head:
            node = node[int(key)] if key.isdigit() else node[key]
        node[last] = value
    return raw


def test_same_seed_same_result_serial_or_parallel():
    cfg = load_config(EXAMPLE, SHORT)
    serial = replicate(cfg, 3, seed=5, workers=1)
    parallel = replicate(cfg, 3, seed=5, workers=2)
    assert [r.kpis for r in serial] == [r.kpis for r in parallel]
    assert serial[0].kpis != serial[1].kpis
    assert simulate(cfg, 9).kpis == simulate(cfg, 9).kpis


def test_example_kpis_are_complete_and_sane():
    cfg = load_config(EXAMPLE, SHORT)
    k = simulate(cfg, 1).kpis
    for kpi in ("order_fill_rate", "line_fill_rate", "unit_fill_rate", "otif", "backorder_rate"):
        assert 0 <= k[kpi] <= 1
    assert k["order_fill_rate"] <= k["line_fill_rate"]
    assert k["backorder_rate"] == pytest.approx(1 - k["order_fill_rate"])
    assert k["cycle_time_p50_h"] <= k["cycle_time_p95_h"]
    for pool in (
        "kitting.main",
        "pick.main",
        "pack.main",
        "ship.main",
        "pick.east",
        "pack.east",
        "ship.east",
    ):
        assert 0 < k[f"utilisation.{pool}"] < 1.5
    assert all(v is None or math.isfinite(v) for v in k.values())


def test_random_streams_are_named_and_independent():
    a = Streams(1).rng("x").random(3)
    s = Streams(1)
    s.rng("y").random(100)
    assert np.array_equal(a, s.rng("x").random(3))
    with pytest.raises(ValueError):
        s.rng("x")


def test_nhpp_rates_follow_profiles_and_peaks():
    raw = small()
    ch = raw["demand"]["channels"][0] | {"daily_profile": [0] * 12 + [2] * 12, "weekly_profile": [1] * 7}
    cfg = validate(
        raw | {"demand": {"channels": [ch], "peaks": [{"start_day": 1, "end_day": 2, "multiplier": 3}]}}
    )
    channel = cfg.demand.channels[0]
    rates = hourly_rates(channel, cfg.demand.peaks, 48)
    assert (
        rates[:12].sum() == 0 and rates[12:24] == pytest.approx(4.0) and rates[36:48] == pytest.approx(12.0)
    )
    t = arrival_times(channel, [], 24 * 200, np.random.default_rng(0))
    assert np.all(t % 24 >= 12) and len(t) / 200 == pytest.approx(48, rel=0.05)


def test_ship_complete_waits_for_the_whole_order_ship_partial_does_not():
    partial = simulate(validate(small()), 3).kpis
    complete = simulate(validate(small(demand__channels__0__fulfilment="ship_complete")), 3).kpis
    assert partial["order_fill_rate"] == complete["order_fill_rate"] < 1  # same demand, same stock
    assert complete["cycle_time_mean_h"] > partial["cycle_time_mean_h"] * 0.99
    assert complete["throughput_lines_per_h"] < partial["throughput_lines_per_h"] * 1.01


def test_unfilled_demand_waits_for_receipts():
    k = simulate(validate(small()), 4).kpis
    assert k["backorder_units_mean"] > 0
    assert k["backorder_delay_mean_h"] <= 24 + 1e-9  # fixed 24 h lead time
    assert k["purchase_lead_time_adherence"] == 1.0


def test_roster_follows_shifts_including_night_shift():
    r = Roster([Shift(name="n", start_h=22, end_h=30, weekdays=[6])], 2)  # Sunday 22:00 to Monday 06:00
    assert r.on_duty(6 * 24 + 23) == 2 and r.on_duty(3) == 2 and r.on_duty(7) == 0
    assert r.worker_hours(0, 168) == 16.0
    assert r.changes(0.0) == (6.0, 0)


def test_off_shift_jobs_wait_for_the_next_shift():
    shifts = [{"name": "day", "start_h": 8, "end_h": 16}]
    k = simulate(validate(small(warehouses__0__shifts=shifts)), 1).kpis
    flat = simulate(validate(small()), 1).kpis
    assert k["wait_mean_h.pick.wh"] > 3 * flat["wait_mean_h.pick.wh"]
    assert k["utilisation.pick.wh"] > flat["utilisation.pick.wh"] * 2


def test_wave_picking_batches_orders():
    k = simulate(validate(small(warehouses__0__picking="wave", warehouses__0__wave_interval_min=120)), 2).kpis
    assert k["cycle_time_p50_h"] > 0.5  # orders wait for their wave


def test_transfers_resupply_a_second_warehouse():
    raw = small()
    second = json.loads(json.dumps(raw["warehouses"][0])) | {
        "name": "wh2",
        "transfer_lead_time_h": {"dist": "deterministic", "value": 6},
        "replenishment": {"A": {"policy": "base_stock", "S": 6, "resupply_from": "wh"}},
    }
    raw["demand"]["channels"][0]["orders_per_day"] = 12
    raw["warehouses"].append(second)
    raw["warehouses"][0]["replenishment"]["A"]["S"] = 30
    raw["demand"]["channels"][0]["warehouse_shares"] = {"wh": 0.5, "wh2": 0.5}
    k = simulate(validate(raw), 1).kpis
    assert (
        k["backorder_delay_mean_h"] < 24
    )  # most of wh2's backorders wait a 6 h transfer, not a 24 h purchase
    assert k["unit_fill_rate"] > 0.5


def test_confidence_interval_handles_undefined_values():
    assert confidence_interval([None, None]) == {"mean": None, "ci_low": None, "ci_high": None, "n": 0}
    assert confidence_interval([2.0, None])["ci_low"] is None
    ci = confidence_interval([1.0, 2.0, 3.0])
    assert ci["ci_low"] < 2.0 < ci["ci_high"] and ci["n"] == 3


def test_cli_run_writes_results_csv_and_self_contained_report(tmp_path):
    out = tmp_path / "out"
    args = ["run", str(EXAMPLE), "--replications", "2", "--days", "1", "--warmup-days", "0.5", "--quiet"]
    sets = ["--set", "skus.count=100", "--set", "targets={}"]
    assert main([*args, "--out", str(out), *sets, "--workers", "1"]) == 0
    text = (out / "results.json").read_text()
    assert "NaN" not in text and "Infinity" not in text
    results = json.loads(text)
    assert results["meta"]["replications"] == 2 and results["meta"]["days"] == 1
    assert len(results["meta"]["config_sha256"]) == 64
    assert set(results["kpis"]["order_fill_rate"]) == {
        "mean",
        "ci_low",
        "ci_high",
        "n",
        "unit",
        "pi_low",
        "pi_high",
    }
    assert results["verdict"] == "no targets" and results["targets"] == []
    assert results["kpis"]["stockout_days"]["unit"] == "days"
    rows = (out / "replications.csv").read_text().splitlines()
    assert len(rows) == 3 and rows[0].startswith("replication,order_fill_rate")
    report = (out / "report.html").read_text()
    assert report.count("data:image/png;base64,") == 4
    assert "http://" not in report and "https://" not in report and "<script" not in report
