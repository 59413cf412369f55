"""KPI registry and definitions: stable ids, units, pure functions over arrays, no SimPy import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from simulation import kpis

ISSUE_IDS = [
    "order_fill_rate", "line_fill_rate", "unit_fill_rate", "otif", "cycle_time_mean_h", "cycle_time_p50_h",
    "cycle_time_p95_h", "backorder_rate", "backorder_delay_mean_h", "backorder_units_mean",
    "on_hand_units_mean", "on_hand_value_mean", "on_order_units_mean", "carrying_cost", "stockout_days",
    "purchase_lead_time_adherence", "throughput_lines_per_h",
]  # fmt: skip


def test_registry_holds_exactly_the_issue_ids():
    assert list(kpis.KPIS) == ISSUE_IDS
    assert list(kpis.POOL_KPIS) == ["utilisation", "wait_mean_h", "wait_prob", "queue_length_mean"]
    assert kpis.pool_kpi_ids("pick", "main")[0] == "utilisation.pick.main"


def test_units_rates_are_fractions_times_are_hours():
    for kpi in kpis.KPIS.values():
        if kpi.id.endswith("_h") and not kpi.id.startswith("throughput"):
            assert kpi.unit == "h"
        if kpi.id.endswith("rate") or kpi.id in ("otif", "purchase_lead_time_adherence"):
            assert kpi.unit == "fraction"
    assert kpis.describe("wait_mean_h.pack.east").unit == "h"
    with pytest.raises(KeyError):
        kpis.describe("utilisation.pick")


def test_kpis_module_imports_no_simpy():
    code = "import sys, simulation.kpis; print('simpy' in sys.modules)"
    root = Path(__file__).parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fill_rates_on_hand_made_orders():
    lines, lines_filled = np.array([1, 2, 4]), np.array([1, 1, 4])
    units, units_filled = np.array([5.0, 10.0, 5.0]), np.array([5.0, 4.0, 5.0])
    assert kpis.order_fill_rate(lines, lines_filled) == pytest.approx(2 / 3)
    assert kpis.line_fill_rate(lines, lines_filled) == pytest.approx(6 / 7)
    assert kpis.unit_fill_rate(units, units_filled) == pytest.approx(14 / 20)
    assert kpis.backorder_rate(lines, lines_filled) == pytest.approx(1 / 3)
    assert kpis.order_fill_rate(np.array([]), np.array([])) is None


def test_cycle_times_and_otif_ignore_incomplete_orders():
    arrival = np.array([0.0, 1.0, 2.0, 3.0])
    complete = np.array([10.0, 3.0, np.nan, 4.0])
    ct = kpis.cycle_times(arrival, complete)
    assert ct["cycle_time_mean_h"] == pytest.approx((10 + 2 + 1) / 3)
    assert ct["cycle_time_p50_h"] == pytest.approx(2.0)
    assert kpis.otif(complete, arrival + 5) == pytest.approx(2 / 4)


def test_overlap_integrates_intervals_per_bin():
    got = kpis.overlap(np.array([0.5, 1.0, 2.5]), np.array([1.5, 3.0, 2.75]), np.array([0.0, 1.0, 2.0, 3.0]))
    assert got == pytest.approx([0.5, 1.5, 1.25])


def test_pool_kpis_from_job_records():
    # two jobs on one worker over [0, 10): job 1 served 0-4, job 2 arrives at 1, waits 3 h, served 4-6
    stats = kpis.pool_kpis(
        np.array([0.0, 1.0]), np.array([0.0, 4.0]), np.array([4.0, 6.0]), (0.0, 10.0), 10.0
    )
    assert stats == pytest.approx(
        {"utilisation": 0.6, "wait_mean_h": 1.5, "wait_prob": 0.5, "queue_length_mean": 0.3}
    )


def test_small_aggregates():
    assert kpis.stockout_days(np.array([2, 0, 1]), locations=3) == 1.0
    assert kpis.carrying_cost(1000.0, 0.25) == 250.0
    assert kpis.carrying_cost(None, 0.25) is None
    assert kpis.lead_time_adherence(
        np.array([10.0, 12.0, 15.0]), np.array([12.0, 12.0, 12.0])
    ) == pytest.approx(2 / 3)
    assert kpis.backorder_delay_mean(np.array([0.0, 1.0]), np.array([5.0, np.nan])) == 5.0
