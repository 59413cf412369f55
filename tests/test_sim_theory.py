"""The closed forms themselves: textbook values and identities linking them."""

from __future__ import annotations

import math

import pytest

from simulation import theory


def erlang_c_direct(c: int, a: float) -> float:
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


@pytest.mark.parametrize(("c", "a"), [(1, 0.5), (2, 1.0), (4, 3.0), (10, 8.5), (30, 27.0)])
def test_erlang_c_recursion_matches_the_direct_formula(c, a):
    assert theory.erlang_c(c, a) == pytest.approx(erlang_c_direct(c, a), rel=1e-12)


def test_mm1_special_cases():
    lam, mu = 3.0, 4.0
    mm1 = theory.mmc(lam, mu, 1)
    assert mm1["wait_prob"] == pytest.approx(lam / mu)
    assert mm1["wait_mean_h"] == pytest.approx(lam / (mu * (mu - lam)))
    # Pollaczek-Khinchine with exponential service (E[S^2] = 2 / mu^2) is M/M/1
    assert theory.mg1(lam, 1 / mu, 2 / mu**2)["wait_mean_h"] == pytest.approx(mm1["wait_mean_h"])
    # deterministic service halves the M/M/1 wait
    assert theory.md1(lam, 1 / mu)["wait_mean_h"] == pytest.approx(mm1["wait_mean_h"] / 2)


def test_unstable_queues_are_rejected():
    with pytest.raises(ValueError):
        theory.erlang_c(2, 2.0)
    with pytest.raises(ValueError):
        theory.md1(10.0, 0.1)


def test_jackson_tandem_adds_sojourns():
    total = theory.jackson_tandem(2.0, [(1, 3.0), (2, 2.0)])
    assert total == pytest.approx(1 / (3.0 - 2.0) + theory.mmc(2.0, 2.0, 2)["sojourn_mean_h"])


def test_base_stock_identities():
    r = theory.base_stock_poisson(S=10, mean_pipeline=8.0)
    assert r["on_hand"] == pytest.approx(10 - 8.0 + r["backorders"])  # E[OH] = S - E[D] + E[BO]
    assert 0.7 < r["fill_rate"] < 0.72  # P(Poisson(8) <= 9) = 0.7166


def test_r_q_with_q_one_is_base_stock():
    assert theory.r_q_poisson(r=9, Q=1, mean_pipeline=8.0) == pytest.approx(
        theory.base_stock_poisson(10, 8.0)
    )


def test_periodic_review_limits():
    deterministic = theory.periodic_base_stock_normal(S=330, mean=100, sd=0, lead_periods=2)
    assert deterministic["fill_rate"] == 1.0 and deterministic["backorders"] == 0.0
    assert deterministic["on_hand"] == pytest.approx(0.5 * 130 + 0.5 * 30)
    r = theory.periodic_base_stock_normal(S=320, mean=100, sd=20, lead_periods=2, demand_at=0.0)
    sd3 = 20 * math.sqrt(3)
    assert r["backorders"] == pytest.approx(theory.normal_loss(300, sd3, 320))  # textbook end-of-period
    assert r["pipeline"] == 200
