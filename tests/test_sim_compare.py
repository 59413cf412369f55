"""Comparing designs with common random numbers: a known difference (M/M/c against M/M/c+1), identical
designs, verdict directions, and the ``compare`` command's outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulation import theory
from simulation.cli import main
from simulation.compare import compare, paired, replicate_designs
from simulation.config import load_config, validate
from tests.test_sim_validation import exp_min, queue_config

EXAMPLE = Path(__file__).parent.parent / "simulation" / "examples" / "regional_distributor.yaml"
SMALL = ["skus.count=200", "run.days=1", "run.warmup_days=0.5", "targets={}"]


def test_mmc_with_one_more_server_differs_by_erlang_c():
    """4 against 5 pickers (9 orders/h, 20-minute exponential picks): the paired 99% interval of
    B - A holds the exact difference of Erlang C's wait, and pairing removes most of the variance."""
    lam, mean_min = 9.0, 20.0
    a, b = (
        validate(
            queue_config(
                lam, days=60, warmup=2, pickers=c, tasks={"pick": {"per_line_min": exp_min(mean_min)}}
            )
        )
        for c in (4, 5)
    )
    rows = compare(*replicate_designs([a, b], replications=12, seed=31, workers=2), confidence=0.99)
    exact_a, exact_b = theory.mmc(lam, 60 / mean_min, 4), theory.mmc(lam, 60 / mean_min, 5)
    for kpi in ("wait_mean_h", "wait_prob", "utilisation"):
        d = rows[f"{kpi}.pick.wh"]
        exact = exact_b[kpi] - exact_a[kpi]
        assert d.diff_ci_low <= exact <= d.diff_ci_high, (kpi, exact, d)
        assert d.n == 12
    wait = rows["wait_mean_h.pick.wh"]
    assert wait.verdict == "B better at 99%"
    assert wait.diff_ci_high - wait.diff_ci_low < abs(exact_b["wait_mean_h"] - exact_a["wait_mean_h"]) / 2
    assert rows["utilisation.pick.wh"].verdict == "B lower at 99%"  # utilisation has no better direction
    # Common random numbers: the same arrivals and picks in A and B, so their replications correlate
    # strongly and var(B - A) = var(A) + var(B) - 2 cov(A, B) is well below var(A) + var(B).
    for kpi, least in (("wait_mean_h", 0.25), ("wait_prob", 0.8), ("utilisation", 0.95)):
        d = rows[f"{kpi}.pick.wh"]
        correlation = (d.var_a + d.var_b - d.var_diff) / (2 * (d.var_a * d.var_b) ** 0.5)
        assert correlation > 0.8 and d.variance_reduction > least, d


def test_identical_designs_have_identical_replications():
    cfg = load_config(EXAMPLE, SMALL)
    rows = compare(*replicate_designs([cfg, cfg], replications=2, seed=4, workers=1))
    measured = [d for d in rows.values() if d.n == 2]
    assert measured and all(d.diff_mean == 0 and d.var_diff == 0 for d in measured)
    assert {d.verdict for d in measured} == {"no significant difference"}


@pytest.mark.parametrize(
    ("kpi", "a", "b", "verdict"),
    [
        ("order_fill_rate", [0.80, 0.82, 0.81], [0.85, 0.88, 0.86], "B better at 95%"),
        ("cycle_time_p95_h", [20.0, 22.0, 21.0], [25.0, 28.0, 26.0], "B worse at 95%"),
        ("wait_mean_h.pick.main", [1.0, 2.0, 3.0], [0.5, 1.5, 2.5], "B better at 95%"),
        ("utilisation.pick.main", [0.8, 0.9, 0.85], [0.7, 0.8, 0.76], "B lower at 95%"),
        ("order_fill_rate", [0.80, 0.82, 0.81], [0.81, 0.81, 0.82], "no significant difference"),
    ],
)
def test_paired_difference_verdicts(kpi, a, b, verdict):
    assert paired(kpi, a, b).verdict == verdict


def test_paired_difference_skips_replications_undefined_in_either_design():
    d = paired("cycle_time_p95_h", [1.0, None, 3.0, 5.0], [2.0, 2.0, None, 7.0])
    assert d.n == 2 and d.diff_mean == pytest.approx(1.5)


def test_compare_command_writes_table_json_and_html(tmp_path, capsys):
    out = tmp_path / "cmp"
    sets = [arg for s in SMALL for arg in ("--set", s)]
    code = main(
        ["compare", str(EXAMPLE), *sets, "--set-b", "warehouses.0.pickers=30", "--replications", "3",
         "--workers", "1", "--quiet", "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    assert "B - A [CI]" in printed and "CRN var. red." in printed
    assert "utilisation.pick.main" in printed and "B lower at 95%" in printed
    data = json.loads((out / "compare.json").read_text())
    row = data["differences"]["utilisation.pick.main"]
    assert row["n"] == 3 and row["diff_ci_high"] < 0 and row["verdict"] == "B lower at 95%"
    assert set(row) >= {"var_a", "var_b", "var_diff", "variance_reduction"}
    assert data["meta"]["b"].endswith("--set warehouses.0.pickers=30")
    page = (out / "compare.html").read_text()
    assert page.count("data:image/png;base64,") == 1 and "<script" not in page


def test_compare_without_a_second_design_is_a_usage_error(capsys):
    assert main(["compare", str(EXAMPLE)]) == 2
    assert "nothing to compare" in capsys.readouterr().err


def test_compare_with_a_bad_variant_exits_2_naming_the_field(capsys):
    assert main(["compare", str(EXAMPLE), "--set-b", "warehouses.7.pickers=3"]) == 2
    assert "warehouses.7.pickers" in capsys.readouterr().err
