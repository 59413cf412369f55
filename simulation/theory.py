"""Closed-form queueing and inventory results the model is validated against (tests/test_sim_validation.py).

    >>> round(erlang_c(servers=2, load=1.0), 4)        # M/M/2 with a = 1: P(wait) = 1/3
    0.3333
    >>> round(mmc(arrival_rate=9, service_rate=3, servers=4)["wait_mean_h"], 4)
    0.1698
    >>> base_stock_poisson(S=3, mean_pipeline=0.0)["fill_rate"]
    1.0

Rates are per hour, times in hours. Inventory results are for unit Poisson demand unless stated.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats


def erlang_c(servers: int, load: float) -> float:
    """Erlang C: probability an arrival waits in M/M/c with offered load a = lambda/mu < c."""
    if load >= servers:
        raise ValueError("unstable: load >= servers")
    b = 1.0  # Erlang B by its stable recursion
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return servers * b / (servers - load * (1 - b))


def mmc(arrival_rate: float, service_rate: float, servers: int) -> dict[str, float]:
    """M/M/c: waiting probability, mean wait Wq, mean queue length Lq, utilisation, mean sojourn W."""
    a = arrival_rate / service_rate
    c = erlang_c(servers, a)
    wq = c / (servers * service_rate - arrival_rate)
    return {
        "wait_prob": c,
        "wait_mean_h": wq,
        "queue_length_mean": arrival_rate * wq,
        "utilisation": a / servers,
        "sojourn_mean_h": wq + 1 / service_rate,
    }


def mg1(arrival_rate: float, service_mean: float, service_second_moment: float) -> dict[str, float]:
    """M/G/1 by Pollaczek-Khinchine: Wq = lambda E[S^2] / (2 (1 - rho)); P(wait) = rho."""
    rho = arrival_rate * service_mean
    if rho >= 1:
        raise ValueError("unstable: rho >= 1")
    wq = arrival_rate * service_second_moment / (2 * (1 - rho))
    return {"wait_prob": rho, "wait_mean_h": wq, "queue_length_mean": arrival_rate * wq, "utilisation": rho}


def md1(arrival_rate: float, service_time: float) -> dict[str, float]:
    """M/D/1: Pollaczek-Khinchine with E[S^2] = s^2."""
    return mg1(arrival_rate, service_time, service_time**2)


def jackson_tandem(arrival_rate: float, stations: list[tuple[int, float]]) -> float:
    """Mean sojourn through M/M/c stations in series, (servers, service rate) each: sum of M/M/c sojourns."""
    return sum(mmc(arrival_rate, mu, c)["sojourn_mean_h"] for c, mu in stations)


def _poisson_levels(levels: np.ndarray, mean: float) -> dict[str, float]:
    """Averages over inventory positions ``levels`` (equally likely) of fill rate, E[BO], E[OH]."""
    hi = int(max(levels.max(), 0) + mean + 20 * math.sqrt(mean + 1) + 20)
    d = np.arange(hi + 1)
    pmf = stats.poisson.pmf(d, mean)
    fill = np.mean([stats.poisson.cdf(y - 1, mean) if y > 0 else 0.0 for y in levels])
    backorders = np.mean([np.sum(np.maximum(d - y, 0) * pmf) for y in levels])
    on_hand = np.mean([np.sum(np.maximum(y - d, 0) * pmf) for y in levels])
    return {
        "fill_rate": float(fill),
        "backorders": float(backorders),
        "on_hand": float(on_hand),
        "pipeline": float(mean),
    }


def base_stock_poisson(S: int, mean_pipeline: float) -> dict[str, float]:
    """Continuous-review base stock S, unit Poisson demand, lead-time demand Poisson(lambda E[L]).

    Holds for a fixed lead time and, by Palm's theorem, for i.i.d. random lead times (orders may cross):
    fill rate = P(D <= S - 1), E[BO] = E[(D - S)+], E[OH] = E[(S - D)+], pipeline = lambda E[L].
    """
    return _poisson_levels(np.array([S]), mean_pipeline)


def r_q_poisson(r: int, Q: int, mean_pipeline: float) -> dict[str, float]:
    """(r, Q), unit Poisson demand, fixed lead time: the inventory position is uniform on r+1..r+Q."""
    return _poisson_levels(np.arange(r + 1, r + Q + 1), mean_pipeline)


def normal_loss(mean: float, sd: float, level: float) -> float:
    """E[(X - level)+] for X ~ Normal(mean, sd); sd = 0 gives max(mean - level, 0)."""
    if sd == 0:
        return max(mean - level, 0.0)
    z = (level - mean) / sd
    return sd * (stats.norm.pdf(z) - z * stats.norm.sf(z))


def periodic_base_stock_normal(
    S: float, mean: float, sd: float, lead_periods: int, demand_at: float = 0.5
) -> dict[str, float]:
    """Periodic review: order up to S every period, lead time of whole periods, normal demand per period.

    One demand per period arrives ``demand_at`` (fraction of a period) after the review. Just before it
    the net stock is S - D(L), after it S - D(L+1), with D(k) ~ Normal(k mean, k sd^2). Then
    fill rate = 1 - (E[(D(L+1) - S)+] - E[(D(L) - S)+]) / mean, the time averages of backorders and
    on-hand weigh the two states by ``demand_at`` and ``1 - demand_at``, and the pipeline is L mean.
    """
    loss = [normal_loss(k * mean, math.sqrt(k) * sd, S) for k in (lead_periods, lead_periods + 1)]
    on_hand = [loss[0] + S - lead_periods * mean, loss[1] + S - (lead_periods + 1) * mean]
    w = (demand_at, 1 - demand_at)
    return {
        "fill_rate": 1 - (loss[1] - loss[0]) / mean,
        "backorders": w[0] * loss[0] + w[1] * loss[1],
        "on_hand": w[0] * on_hand[0] + w[1] * on_hand[1],
        "pipeline": lead_periods * mean,
    }
