"""Live: a simulation of the model ``from-odoo`` calibrates on four weeks of a stocked history predicts the
fill and backorder KPIs ``kpis-from-odoo`` reads of the two weeks after, within a 95% prediction interval
(issue 16). The history: tests/stocked_history.py (its fills come from stock, rules and lead times)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from pathlib import Path

import numpy as np
import pytest

from fixtures.companies import Administrator, create_company
from fixtures.live import LiveOdoo
from fixtures.namespace import Namespace
from tests.calibration_history import simulation_command, write_into
from tests.stocked_history import CALIBRATION_WEEKS, RULES, WEEKS, plan_stocked_history

#: The seed of the history (fixed, so every run writes the same draws) and of the simulation.
HISTORY_SEED, SIMULATION_SEED = 20261201, 11
#: Replications per held-out week: enough for the 95% prediction interval's order statistics (39 or more).
REPLICATIONS = 200
#: The KPIs judged; the cycle times depend on labour, which Odoo does not hold: reported, not judged.
JUDGED = ("order_fill_rate", "line_fill_rate", "unit_fill_rate", "backorder_rate")
REPORTED = ("cycle_time_mean_h", "otif")


def _fmt(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.3f}"


def _day(when: dt.datetime) -> str:
    return f"{when:%Y-%m-%d}"


@pytest.mark.live
def test_a_simulation_of_the_calibrated_model_predicts_the_fill_of_held_out_weeks(
    live_odoo: LiveOdoo, calibration_admin: Administrator, namespace: Namespace, tmp_path: Path
) -> None:
    company = create_company(calibration_admin.client, live_odoo.version, namespace, "prediction")
    today = dt.datetime.now(dt.UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    # A Monday such that the history ends a week before this one: every delivery it plans is done by now.
    since = today - dt.timedelta(days=today.weekday() + 7 * (WEEKS + 1))
    plan = plan_stocked_history(np.random.default_rng(HISTORY_SEED), since)
    started = time.perf_counter()
    write_into(calibration_admin, live_odoo.version, company, namespace.prefix, plan, RULES)
    print(f"history written in {time.perf_counter() - started:.0f} s: {len(plan.orders)} orders")
    held_out = since + dt.timedelta(weeks=CALIBRATION_WEEKS)

    model = tmp_path / "model.yaml"
    calibration = ["--since", _day(since), "--until", _day(held_out), "--company", company.name]
    done = simulation_command(calibration_admin.target, "from-odoo", "--out", str(model), *calibration)
    assert done.returncode == 0, done.stdout + done.stderr
    print(done.stdout)

    measured_dir = tmp_path / "held-out"
    window = ["--since", _day(held_out), "--until", _day(plan.until), "--company", company.name]
    done = simulation_command(calibration_admin.target, "kpis-from-odoo", "--out", str(measured_dir), *window)
    assert done.returncode == 0, done.stdout + done.stderr
    with (measured_dir / "replications.csv").open() as f:
        measured = [{k: float(v) if v else None for k, v in row.items()} for row in csv.DictReader(f)]
    assert len(measured) == WEEKS - CALIBRATION_WEEKS

    # The simulation starts where the history started, on Monday `since` with every SKU at its rule's
    # max (the model's default initial stock; from-odoo's initial_on_hand is today's, after the held-out
    # weeks), and runs the calibration weeks as its warm-up: each held-out week starts from a state the
    # model reached itself, so the interval covers where the stock may stand by then.
    start = [f"warehouses.0.replenishment.{k}.initial_on_hand=null" for k in RULES]
    report = ["week | KPI | measured in Odoo | 95% prediction interval | simulated mean"]
    missed = []
    for week, observed in enumerate(measured):
        out = tmp_path / f"week-{week}"
        warmup = 7 * (CALIBRATION_WEEKS + week)
        run = [str(model), "--days", "7", "--warmup-days", str(warmup), "--replications", str(REPLICATIONS)]
        run += ["--seed", str(SIMULATION_SEED), "--quiet", "--out", str(out)]
        done = simulation_command(
            calibration_admin.target, "run", *run, *[x for s in start for x in ("--set", s)]
        )
        assert done.returncode == 0, done.stdout + done.stderr
        predicted = json.loads((out / "results.json").read_text())["kpis"]
        for kpi in JUDGED + REPORTED:
            p, value = predicted[kpi], observed[kpi]
            inside = None not in (value, p["pi_low"]) and p["pi_low"] <= value <= p["pi_high"]
            judged = "" if kpi in JUDGED else " (reported, not judged)"
            report.append(
                f"{CALIBRATION_WEEKS + week + 1} | {kpi}{judged} | {_fmt(value)} | "
                f"[{_fmt(p['pi_low'])}, {_fmt(p['pi_high'])}] | {_fmt(p['mean'])}"
            )
            if kpi in JUDGED and not inside:
                missed.append(report[-1])
    print("\n".join(report))
    assert not missed, "outside the prediction interval:\n" + "\n".join(missed)
