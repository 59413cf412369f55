"""Warm-up detection: MSER-5 after detrending on known series, declared peaks, and the run's report."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from simulation.cli import main
from simulation.warmup import detect, mser5, mser5_cut

EXAMPLE = Path(__file__).parent.parent / "simulation" / "examples" / "regional_distributor.yaml"
DAYS = np.arange(150.0)
WEEK = np.tile([1.0, 1.0, 1.0, 1.0, 0.9, 0.5, 0.3], 30)[:150]


def replications(mean: np.ndarray, sd: float, n: int = 5, seed: int = 1) -> np.ndarray:
    return mean + np.random.default_rng(seed).normal(0, sd, (n, len(mean)))


def test_growth_alone_is_not_a_transient():
    """30% a year of growth on a weekly pattern (the growth scales the pattern), no transient: detrended
    MSER-5 cuts (almost) nothing, for every seed tried."""
    growing = 100 * (1 + 0.3 * DAYS / 365) * WEEK * 10
    cuts = [mser5(replications(growing, 5, seed=s), period=7) for s in range(10)]
    assert max(cuts) <= 15 and cuts.count(0) >= 7, cuts


def test_a_decaying_start_up_is_cut_where_it_has_faded():
    """2,500 above the level, decaying in 6 days, under noise of 20/sqrt(5): faded to the noise by
    day 6 ln(2500 / 9) = 34."""
    start_up = 1000 * WEEK + 2500 * np.exp(-DAYS / 6)  # stock starting at its order-up-to level
    cut, at_limit = mser5_cut(replications(start_up, 20), period=7)
    assert 25 <= cut <= 45 and not at_limit


def test_a_transient_longer_than_half_the_stretch_is_flagged():
    slow = 1000 + 2000 * np.exp(-DAYS / 80)
    found = detect({"slow": (replications(slow, 5), 24.0, 7)})
    assert found["at_limit"] == ["slow"] and found["detected_days"] >= 70


def test_a_declared_peak_is_not_taken_for_a_transient():
    """A 30% peak on days 100-114 (and its recovery) is left out: the series is read before it."""
    level = 1000 * WEEK + 2500 * np.exp(-DAYS / 6)
    level[100:114] *= 0.7
    level[114:130] *= 0.85
    found = detect({"stock": (replications(level, 20), 24.0, 7)}, [(100 * 24, 114 * 24)])
    assert 15 <= found["detected_days"] <= 40 and "100 days before the first demand peak" in found["method"]
    early = detect({"stock": (replications(level, 20), 24.0, 7)}, [(10 * 24, 20 * 24)])
    assert "without its demand peaks" in early["method"]


def test_run_reports_the_detected_warm_up_and_warns_when_the_configured_one_is_shorter(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["run", str(EXAMPLE), "--set", "skus.count=200", "--days", "60", "--warmup-days", "0"]
    main([*args, "--replications", "2", "--workers", "2", "--quiet", "--out", str(out)])
    said = capsys.readouterr().out
    found = json.loads((out / "results.json").read_text())["warmup"]
    assert found["configured_days"] == 0 and found["configured_too_short"] and found["detected_days"] > 0
    assert set(found["by_series"]) >= {"on_hand_units.A", "daily_unit_fill_rate", "open_orders"}
    assert "WARNING: warm-up: detected" in said
    page = (out / "report.html").read_text()
    assert "Detected warm-up" in page and ("SHORTER" in page or "still changed" in page)
