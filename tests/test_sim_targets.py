"""Targets and verdicts: passed, failed and inconclusive by the side of the interval, config checks, and the
``run`` command's results.json, report and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulation.cli import main
from simulation.config import ConfigError, Target, load_config
from simulation.targets import evaluate, fmt_ci, overall

EXAMPLE = Path(__file__).parent.parent / "simulation" / "examples" / "regional_distributor.yaml"
SMALL = ["--set", "skus.count=200", "--replications", "3", "--days", "1", "--warmup-days", "0.5"]

# mean 0.95, 95% CI [0.937, 0.963]
VALUES = [0.95, 0.96, 0.94, 0.95]


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (Target(min=0.93), "passed"),
        (Target(min=0.95), "inconclusive"),
        (Target(min=0.97), "failed"),
        (Target(max=0.97), "passed"),
        (Target(max=0.95), "inconclusive"),
        (Target(max=0.93), "failed"),
        (Target(min=0.93, max=0.97), "passed"),
        (Target(min=0.93, max=0.95), "inconclusive"),
        (Target(min=0.97, max=0.99), "failed"),
        (Target(min=0.945, confidence=0.5), "passed"),  # a narrower interval at 50% clears it
    ],
)
def test_status_follows_the_side_of_the_interval(target, status):
    assert evaluate("order_fill_rate", target, VALUES).status == status


def test_a_verdict_names_what_was_measured():
    v = evaluate("order_fill_rate", Target(min=0.97), VALUES)
    assert v.line() == (
        "order_fill_rate 95.00% [93.70%, 96.30%] at least 97.00% (95% confidence): failed "
        "(the whole interval is below 97.00%)"
    )


def test_too_few_replications_is_inconclusive():
    assert evaluate("cycle_time_mean_h", Target(max=10), [3.0]).status == "inconclusive"
    assert evaluate("cycle_time_mean_h", Target(max=10), []).reason.startswith("defined in 0 replication")


def test_overall_verdict():
    passed, failed = evaluate("otif", Target(min=0.5), VALUES), evaluate("otif", Target(min=0.99), VALUES)
    unsure = evaluate("otif", Target(min=0.95), VALUES)
    assert overall([]) == "no targets"
    assert overall([passed]) == "passed"
    assert overall([passed, unsure]) == "inconclusive"
    assert overall([unsure, failed]) == "failed"


def test_values_are_rounded_for_their_unit():
    assert fmt_ci(0.83463, 0.8301, 0.839, "fraction") == "83.46% [83.01%, 83.90%]"
    assert fmt_ci(22.18, 21.6, 22.7, "h") == "22.2 h [21.6 h, 22.7 h]"
    assert fmt_ci(395.53, 394.9, 396.1, "lines/h") == "396 lines/h [395 lines/h, 396 lines/h]"


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ("targets={fill: {min: 0.9}}", "targets.fill: unknown KPI id"),
        ("targets={otif: {confidence: 0.9}}", "targets.otif: give min, max or both"),
        ("targets={otif: {min: 0.9, max: 0.8}}", "targets.otif: max must be >= min"),
        ("targets={utilisation.pick.west: {max: 0.9}}", "unknown warehouse 'west'"),
        ("targets={utilisation.kitting.east: {max: 0.9}}", "warehouse 'east' has no kitting pool"),
        ("targets={otif: {min: 0.9, confidence: 1}}", "targets.otif.confidence: Input should be less than 1"),
    ],
)
def test_bad_targets_are_reported_by_field(override, problem):
    with pytest.raises(ConfigError) as err:
        load_config(EXAMPLE, [override])
    assert any(problem in line for line in err.value.lines()), err.value.lines()


def test_example_declares_targets():
    cfg = load_config(EXAMPLE)
    assert cfg.targets and all(t.min is not None or t.max is not None for t in cfg.targets.values())


def test_run_with_a_failing_target_exits_1_and_says_why(tmp_path, capsys):
    out = tmp_path / "out"
    target = "targets={order_fill_rate: {min: 0.999}, throughput_lines_per_h: {min: 1}}"
    code = main(
        ["run", str(EXAMPLE), *SMALL, "--set", target, "--workers", "1", "--quiet", "--out", str(out)]
    )
    assert code == 1
    printed = capsys.readouterr().out
    assert "verdict: FAILED: 1 of 2 target(s) passed" in printed
    assert (
        "FAILED       order_fill_rate " in printed and "at least 99.90% (95% confidence): failed" in printed
    )
    data = json.loads((out / "results.json").read_text())
    assert data["verdict"] == "failed"
    failed, passed = data["targets"]
    assert failed["kpi"] == "order_fill_rate" and failed["status"] == "failed"
    assert failed["ci_high"] < 0.999 and failed["n"] == 3
    assert passed["status"] == "passed" and passed["ci_low"] >= 1
    report = (out / "report.html").read_text()
    verdict_at, kpis_at = (
        report.index("Verdict: FAILED: 1 of 2 target(s) passed"),
        report.index("<h2>KPIs</h2>"),
    )
    assert verdict_at < report.index("<h2>Bottlenecks</h2>") < kpis_at


def test_run_prints_each_kpi_with_its_interval_and_exits_0_when_targets_pass(tmp_path, capsys):
    target = "targets={throughput_lines_per_h: {min: 1}}"
    code = main(
        ["run", str(EXAMPLE), *SMALL, "--set", target, "--workers", "1", "--quiet", "--out", str(tmp_path)]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    fill = next(line for line in lines if line.startswith("order_fill_rate "))
    assert fill.count("%") == 3 and "[" in fill  # mean [low, high], as percentages
    assert any(line.startswith("utilisation.pick.main ") for line in lines)
    assert "verdict: PASSED: 1 of 1 target(s) passed" in lines


def test_run_without_targets_exits_0(tmp_path, capsys):
    assert (
        main(
            [
                "run",
                str(EXAMPLE),
                *SMALL,
                "--set",
                "targets={}",
                "--workers",
                "1",
                "--quiet",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert "verdict: no targets declared" in capsys.readouterr().out
    assert json.loads((tmp_path / "results.json").read_text())["verdict"] == "no targets"
