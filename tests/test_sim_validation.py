"""Validation: the model's textbook special cases against their closed forms (simulation/theory.py).

Each case runs independent replications in two processes and passes when the exact value lies inside
the 99% confidence interval and the interval is no wider than the issue's tolerance.
"""

from __future__ import annotations

import pytest

from simulation import theory
from simulation.config import validate
from simulation.experiment import replicate, summary

WORKERS = 2

# Tolerances on the 99% CI half-width: ("rel", x) relative to the exact value, ("abs", x) absolute.
WAIT_PROB = ("rel", 0.02)
WAIT = ("rel", 0.06)
UTILISATION = ("abs", 0.01)
FILL = ("abs", 0.005)
LEVEL = ("rel", 0.02)
BACKORDERS = ("rel", 0.05)


def exp_min(mean_min: float) -> dict:
    return {"dist": "exponential", "mean": mean_min}


def one_line_channel(per_hour: float, **extra) -> dict:
    """Orders of one line of one unit, Poisson at ``per_hour``, all to warehouse ``wh``."""
    return {
        "name": "c",
        "orders_per_day": per_hour * 24,
        "warehouse_shares": {"wh": 1},
        "lines_per_order": {"dist": "deterministic", "value": 1},
        "qty_per_line": {"dist": "deterministic", "value": 1},
        **extra,
    }


def queue_config(per_hour: float, days: float, warmup: float, **warehouse) -> dict:
    return {
        "run": {"days": days, "warmup_days": warmup},
        "unlimited_stock": True,
        "warehouses": [{"name": "wh", **warehouse}],
        "demand": {"channels": [one_line_channel(per_hour)]},
        "sample_interval_h": 720,  # the inventory series is for the report only
    }


def stock_config(
    per_hour: float, days: float, warmup: float, policy: dict, lead_time: dict, qty=None
) -> dict:
    channel = one_line_channel(per_hour)
    if qty is not None:
        channel.update(qty)
    return {
        "run": {"days": days, "warmup_days": warmup},
        "warehouses": [{"name": "wh", "replenishment": {"A": policy}}],
        "vendors": [{"name": "v", "lead_time_h": lead_time}],
        "demand": {"channels": [channel]},
        "sample_interval_h": 720,  # the inventory series is for the report only
    }


def run(raw: dict, replications: int, seed: int) -> dict[str, dict]:
    return summary(replicate(validate(raw), replications, seed, workers=WORKERS), confidence=0.99)


def check(stats: dict[str, dict], kpi: str, exact: float, tolerance: tuple[str, float]) -> None:
    s = stats[kpi]
    kind, tol = tolerance
    limit = tol * abs(exact) if kind == "rel" else tol
    half = (s["ci_high"] - s["ci_low"]) / 2
    assert s["ci_low"] <= exact <= s["ci_high"], f"{kpi}: exact {exact:.6g} outside 99% CI {s}"
    assert half <= limit, f"{kpi}: 99% CI half-width {half:.3g} wider than {limit:.3g} ({kind} {tol})"


def check_queue(stats: dict, pool: str, exact: dict) -> None:
    check(stats, f"wait_prob.{pool}.wh", exact["wait_prob"], WAIT_PROB)
    check(stats, f"wait_mean_h.{pool}.wh", exact["wait_mean_h"], WAIT)
    check(stats, f"queue_length_mean.{pool}.wh", exact["queue_length_mean"], WAIT)
    check(stats, f"utilisation.{pool}.wh", exact["utilisation"], UTILISATION)


def test_mmc_matches_erlang_c():
    lam, mean_min, c = 9.0, 20.0, 4
    raw = queue_config(
        lam, days=350, warmup=5, pickers=c, tasks={"pick": {"per_line_min": exp_min(mean_min)}}
    )
    stats = run(raw, replications=10, seed=11)
    check_queue(stats, "pick", theory.mmc(lam, 60 / mean_min, c))


def test_md1_matches_pollaczek_khinchine():
    lam, service_min = 7.0, 6.0
    task = {"pick": {"setup_min": {"dist": "deterministic", "value": service_min}}}
    stats = run(queue_config(lam, days=150, warmup=5, pickers=1, tasks=task), replications=10, seed=12)
    check_queue(stats, "pick", theory.md1(lam, service_min / 60))


def test_tandem_matches_jackson_network():
    lam = 9.0
    stations = [("pick", 2, 10.0), ("pack", 1, 5.0), ("ship", 3, 15.0)]
    wh = {"pickers": 2, "packers": 1, "shippers": 3}
    wh["tasks"] = {name: {"per_line_min": exp_min(m)} for name, _, m in stations}
    stats = run(queue_config(lam, days=400, warmup=5, **wh), replications=10, seed=13)
    exact = theory.jackson_tandem(lam, [(c, 60 / m) for _, c, m in stations])
    check(stats, "cycle_time_mean_h", exact, WAIT)
    for name, c, m in stations:
        check(stats, f"wait_mean_h.{name}.wh", theory.mmc(lam, 60 / m, c)["wait_mean_h"], WAIT)


def check_inventory(stats: dict, exact: dict) -> None:
    check(stats, "unit_fill_rate", exact["fill_rate"], FILL)
    check(stats, "backorder_units_mean", exact["backorders"], BACKORDERS)
    check(stats, "on_hand_units_mean", exact["on_hand"], LEVEL)
    check(stats, "on_order_units_mean", exact["pipeline"], LEVEL)


def test_base_stock_fixed_lead_time():
    lam, lead, S = 0.5, 16.0, 10
    raw = stock_config(
        lam, 3000, 10, {"policy": "base_stock", "S": S}, {"dist": "deterministic", "value": lead}
    )
    check_inventory(run(raw, replications=20, seed=21), theory.base_stock_poisson(S, lam * lead))


def test_base_stock_random_lead_times_palm():
    lam, S = 0.5, 10
    lead = {"dist": "uniform", "low": 8.0, "high": 24.0}  # mean 16 h, drawn per order: orders cross
    raw = stock_config(lam, 4000, 10, {"policy": "base_stock", "S": S}, lead)
    check_inventory(run(raw, replications=20, seed=22), theory.base_stock_poisson(S, lam * 16.0))


def test_r_q_fixed_lead_time():
    lam, lead, r, q = 0.5, 16.0, 6, 6
    raw = stock_config(
        lam, 3000, 10, {"policy": "r_Q", "r": r, "Q": q}, {"dist": "deterministic", "value": lead}
    )
    check_inventory(run(raw, replications=20, seed=23), theory.r_q_poisson(r, q, lam * lead))


@pytest.mark.parametrize("lead_periods", [0, 2])
def test_periodic_review_base_stock_normal_demand(lead_periods):
    mean, sd, S = 100.0, 20.0, (lead_periods + 1) * 100.0 + 20.0
    policy = {"policy": "base_stock", "S": S, "review_interval_h": 24}
    qty = {
        "arrival_process": "regular",
        "orders_per_day": 1,
        "qty_per_line": {"dist": "normal", "mean": mean, "sd": sd},
    }
    lead = {"dist": "deterministic", "value": 24.0 * lead_periods}
    raw = stock_config(1 / 24, 10000, 10, policy, lead, qty)
    exact = theory.periodic_base_stock_normal(S, mean, sd, lead_periods, demand_at=0.5)
    stats = run(raw, replications=10, seed=24 + lead_periods)
    check(stats, "unit_fill_rate", exact["fill_rate"], FILL)
    check(stats, "backorder_units_mean", exact["backorders"], BACKORDERS)
    check(stats, "on_hand_units_mean", exact["on_hand"], LEVEL)
    if lead_periods:
        check(stats, "on_order_units_mean", exact["pipeline"], LEVEL)
