"""Sweeps and the target search: the grid's outputs and common random numbers, the search against Erlang C
(the smallest number of servers of an M/M/c keeping the mean wait under a bound), undecided searches."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from simulation import theory
from simulation.cli import main
from simulation.sweep import GridError, grid, parse_axis, parse_target, search_axis
from tests.test_sim_validation import exp_min, queue_config

LAM, PICK_MIN = 9.0, 20.0  # offered load a = 3: M/M/c is stable from c = 4


def mmc_file(tmp_path: Path, days: float = 30) -> Path:
    raw = queue_config(
        LAM, days=days, warmup=2, pickers=4, tasks={"pick": {"per_line_min": exp_min(PICK_MIN)}}
    )
    raw["run"] |= {"replications": 5, "seed": 11}
    path = tmp_path / "mmc.yaml"
    path.write_text(yaml.safe_dump(raw))
    return path


def smallest_servers(bound_h: float) -> int:
    """Erlang C's answer: the fewest servers whose exact mean wait is at most ``bound_h``."""
    return next(c for c in range(4, 50) if theory.mmc(LAM, 60 / PICK_MIN, c)["wait_mean_h"] <= bound_h)


def test_search_finds_erlang_c_smallest_number_of_servers(tmp_path, capsys):
    bound = 0.02  # exact mean waits: c=5 0.039 h, c=6 0.011 h
    assert smallest_servers(bound) == 6
    out = tmp_path / "out"
    code = main(
        ["sweep", str(mmc_file(tmp_path)), "--set", "warehouses.0.pickers=4..8", "--target",
         f"wait_mean_h.pick.wh<={bound}", "--workers", "2", "--quiet", "--out", str(out)]
    )  # fmt: skip
    said = capsys.readouterr().out
    assert code == 0, said
    assert "search: smallest warehouses.0.pickers meeting every target: 6" in said
    found = json.loads((out / "sweep.json").read_text())["search"]
    assert found["answer"] == smallest_servers(bound) and found["decided"] and found["undecided"] == []
    by_value = {v["value"]: v for v in found["values"]}
    assert by_value[5]["status"] == "failed" and by_value[4]["status"] == "failed"
    assert by_value[6]["status"] == "passed"
    exact = theory.mmc(LAM, 60 / PICK_MIN, 6)["wait_mean_h"]
    (t,) = by_value[6]["targets"]
    assert t["ci_low"] <= exact <= t["ci_high"]  # the interval at the answer holds Erlang C's value


def test_a_bound_at_the_exact_value_stays_undecided_within_the_budget(tmp_path, capsys):
    """At the exact mean wait of c = 5 the interval straddles the bound however many replications run:
    the search adds replications up to the budget, then says what it could not decide (exit 1)."""
    bound = round(theory.mmc(LAM, 60 / PICK_MIN, 5)["wait_mean_h"], 5)
    out = tmp_path / "out"
    code = main(
        ["sweep", str(mmc_file(tmp_path, days=10)), "--set", "warehouses.0.pickers=4..6", "--target",
         f"wait_mean_h.pick.wh<={bound}", "--budget", "10", "--workers", "2", "--quiet", "--out", str(out)]
    )  # fmt: skip
    said = capsys.readouterr().out
    assert code == 1, said
    assert "could not decide warehouses.0.pickers=5 within 10 replications (budget 10)" in said
    found = json.loads((out / "sweep.json").read_text())["search"]
    assert found["answer"] == 6 and not found["decided"] and found["undecided"] == [5]
    assert [v["replications"] for v in found["values"]] == [5, 10, 5]  # only the straddling value grew


def test_sweep_grid_writes_csv_json_html_with_common_random_numbers(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        ["sweep", str(mmc_file(tmp_path, days=5)), "--set", "warehouses.0.pickers=4..5",
         "--set", "warehouses.0.tasks.pick.setup_min={dist: deterministic, value: 0},"
         "{dist: deterministic, value: 1}", "--replications", "3", "--kpi", "wait_mean_h.pick.wh",
         "--workers", "2", "--quiet", "--out", str(out)]
    )  # fmt: skip
    assert code == 0, capsys.readouterr()
    data = json.loads((out / "sweep.json").read_text())
    assert [p["values"]["warehouses.0.pickers"] for p in data["points"]] == ["4", "4", "5", "5"]
    assert all(p["replications"] == 3 for p in data["points"])
    with (out / "sweep.csv").open() as f:
        rows = [r for r in csv.DictReader(f) if r["kpi"] == "throughput_lines_per_h"]
    # Common random numbers: every point sees the same orders, so with unlimited stock each
    # replication ships the same lines (up to the few still in the warehouse at the end).
    means = [float(r["mean"]) for r in rows]
    assert len(means) == 4 and max(means) - min(means) < 0.01 * max(means)
    page = (out / "sweep.html").read_text()
    assert page.count("data:image/png;base64") == 1 and "wait_mean_h.pick.wh" in page


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x=3..1", "empty range 3..1"),
        ("x", "expected FIELD=VALUES"),
        ("=1,2", "expected FIELD=VALUES"),
        ("x=[1,", "is not a YAML value"),
    ],
)
def test_bad_axes_are_one_line_errors(text, message):
    with pytest.raises(GridError, match=message):
        parse_axis(text)


def test_axes_targets_and_grid():
    assert parse_axis("a=[1, 2],[3]").values == ["[1, 2]", "[3]"]
    assert parse_axis("a='x,y',z").values == ["'x,y'", "z"]
    assert parse_target(" otif >= .9 ") == ("otif", "min", 0.9)
    with pytest.raises(GridError, match="KPI>=NUMBER"):
        parse_target("otif>0.9")
    axes = [parse_axis("a=1..2"), parse_axis("b=x,y,z")]
    assert grid(axes)[:2] == [{"a": "1", "b": "x"}, {"a": "1", "b": "y"}] and len(grid(axes)) == 6
    with pytest.raises(GridError, match="given twice"):
        grid([parse_axis("a=1"), parse_axis("a=2")])
    with pytest.raises(GridError, match="exactly one --set with several values, got 2"):
        search_axis(axes)
    assert search_axis([axes[0], parse_axis("b=x")])[1] == [1, 2]
    with pytest.raises(GridError, match="increasing order"):
        search_axis([parse_axis("a=3,1")])
