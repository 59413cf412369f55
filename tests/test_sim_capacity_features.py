"""Capacity criteria in Gherkin are evaluated, never canned: a nested pytest runs a capacity feature with
golive's plugins, offline, and a criterion raised past the measured interval fails with the measured values.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from simulation.config import load_config
from simulation.experiment import confidence_interval, replicate, values
from simulation.targets import fmt_ci
from steps.capacity import CapacityRuns, CapacityStudy, capacity_criterion, headcount, kpi_id, model_path
from tests.test_sim_validation import exp_min, queue_config

ROOT = Path(__file__).resolve().parent.parent
FEATURE = """\
Feature: Picking capacity of a small warehouse

  Background:
    Given the capacity model "models/small.yaml" with 4 replications of 20 days

  Scenario: Picking keeps headroom
    Then the pick utilisation at the wh warehouse is at most {below}% with 95% confidence

  Scenario: Picking is busier than it is
    Then the pick utilisation at the wh warehouse is at least {raised}% with 95% confidence

  Scenario: Two more pickers
    When the wh warehouse has 6 pickers
    Then the mean pick wait at the wh warehouse is at most 0.5 hours
"""


def test_a_raised_capacity_criterion_fails_with_the_measured_values(tmp_path):
    model = queue_config(9.0, days=20, warmup=1, pickers=4, tasks={"pick": {"per_line_min": exp_min(20)}})
    model["run"].update(replications=4, seed=7)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "small.yaml").write_text(yaml.safe_dump(model))
    # What the feature should measure, computed here on the same model and seed.
    cfg = load_config(tmp_path / "models" / "small.yaml")
    ci = confidence_interval(values(replicate(cfg, 4, 7, workers=1), "utilisation.pick.wh"))
    raised = math.ceil(ci["ci_high"] * 100) + 1  # past the upper end of the interval: the whole CI is below
    below = math.ceil(ci["ci_high"] * 100) + 5
    (tmp_path / "features" / "capacity").mkdir(parents=True)
    feature = FEATURE.format(below=below, raised=raised)
    (tmp_path / "features" / "capacity" / "small.feature").write_text(feature)
    (tmp_path / "conftest.py").write_text((ROOT / "conftest.py").read_text())
    (tmp_path / "test_features.py").write_text("from pytest_bdd import scenarios\n\nscenarios('.')\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nbdd_features_base_dir = features\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ODOO_", "GOLIVE_"))}
    env |= {"PYTHONPATH": str(ROOT), "ODOO_HOME": str(tmp_path / "no-odoo")}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "test_features.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    out = proc.stdout
    assert proc.returncode == 1, out + proc.stderr
    assert "2 passed" in out and "1 failed" in out, out
    assert "FAILED test_features.py::test_picking_is_busier_than_it_is" in out
    # The failure names the threshold and the measured mean and interval, as computed independently above.
    expected = fmt_ci(ci["mean"], ci["ci_low"], ci["ci_high"], "fraction")
    assert (
        f"AssertionError: failed: the pick utilisation at the wh warehouse is at least {raised}.00% with 95% "
        in out
    )
    assert f"confidence: measured {expected} (utilisation.pick.wh: mean [95% CI] over 4 replications" in out
    assert f"the whole interval is below {raised}.00%" in out
    # One simulation per model, overrides and seed: the Background's model ran once for two scenarios.
    assert out.count("capacity: simulated small: 4 replications") == 2  # the base model and the 6-picker one
    assert "(simulated earlier in this session)" in out
    # No Odoo: the capacity scenarios are not live, so they ran rather than skipped.
    assert "skipped" not in out


def test_kpi_names():
    assert kpi_id("95th percentile order cycle time") == "cycle_time_p95_h"
    assert kpi_id("mean pack queue length at the east warehouse") == "queue_length_mean.pack.east"
    assert kpi_id("`stockout_days`") == "stockout_days"


def test_a_threshold_in_the_wrong_unit_is_refused_before_simulating():
    study = CapacityStudy(model_path("regional_distributor", ROOT))
    runs = CapacityRuns()
    with pytest.raises(AssertionError, match="the order fill rate is measured in fraction, not in 'hours'"):
        capacity_criterion(study, runs, "order fill rate", "at most", "5", " hours", None)
    assert runs.runs == {}


def test_headcount_on_one_shift_keeps_the_others():
    study = CapacityStudy(model_path("regional_distributor", ROOT))
    headcount(study, "east", "12", "pickers", "late")  # east has 10 pickers on every shift
    headcount(study, "main", "4", "shippers", None)
    cfg = study.config()
    assert cfg.warehouses[1].pickers == {"early": 10, "late": 12}
    assert cfg.warehouses[0].shippers == 4
    with pytest.raises(AssertionError, match="the main warehouse has no 'night' shift"):
        headcount(study, "main", "3", "packers", "night")
