"""The load criteria in Gherkin are judged on measured percentiles, never canned: a nested pytest (pytester)
runs golive's Then step on a result measured against Odoo 17 (tests/data/loadtest_result.json, written by
``python -m simulation loadtest``), and an impossible threshold fails with the measured value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "tests" / "data" / "loadtest_result.json"
FEATURE = """\
@offline
Feature: Judging a measured load test

  Scenario: An impossible threshold
    Given the load test result in "result.json"
    Then confirming an order takes at most 0.001 seconds at the 95th percentile

  Scenario: A threshold above what was measured
    Given the load test result in "result.json"
    Then confirming an order takes at most {above} seconds at the 95th percentile
    And confirming an order never fails
"""
# The measured result stands in for "When the load test runs against Odoo" (steps/load.py), which ran it.
CONFTEST = """\
import json
from pathlib import Path

from pytest_bdd import given, parsers

from steps.load import LoadTest

pytest_plugins = ["steps.load"]


@given(parsers.parse('the load test result in "{path}"'), target_fixture="load_test")
def recorded_result(path):
    data = json.loads(Path(path).read_text())
    return LoadTest(None, data["load"]["scale"], data["load"]["duration_s"], data)
"""


def test_an_impossible_load_threshold_fails_with_the_measured_percentile(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    measured = json.loads(RESULT.read_text())["operations"]["confirm_order"]["p95_s"]
    pytester.makefile(".feature", judge=FEATURE.format(above=round(measured + 1, 1)))
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_judge="from pytest_bdd import scenarios\n\nscenarios('judge.feature')\n")
    (pytester.path / "result.json").write_text(RESULT.read_text())
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--rootdir={pytester.path}")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            f"*confirming an order: p95 {measured:.2f} s, above the 0.001 s allowed*"
            "*regional_distributor at 2 times the peak*"
        ]
    )
