"""Experiments on top of the core: independent replications in parallel processes, confidence intervals.

    >>> from simulation.config import load_config
    >>> example = "simulation/examples/regional_distributor.yaml"
    >>> cfg = load_config(example, ["run.days=1", "run.warmup_days=0"])
    >>> runs = replicate(cfg, replications=2, seed=3, workers=1)
    >>> summary(runs)["order_fill_rate"]["n"]
    2

Replication i uses ``SeedSequence(seed).spawn(n)[i]``, so results are identical serial or parallel.
"""

from __future__ import annotations

import math
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np
from scipy import stats
from tqdm import tqdm

from simulation.config import Config
from simulation.kpis import describe
from simulation.model import Result, simulate
from simulation.warmup import detect


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence(seed).spawn(replications)


def replicate(
    config: Config,
    replications: int,
    seed: int,
    workers: int | None = None,
    progress: bool = False,
    scheduler: str | None = None,
) -> list[Result]:
    """Run ``replications`` independent replications; ``workers`` processes (default: one per core), or
    on the dask.distributed cluster at ``scheduler``."""
    return replicate_designs([config], replications, seed, workers, progress, scheduler)[0]


def replicate_designs(
    configs: list[Config],
    replications: int,
    seed: int,
    workers: int | None = None,
    progress: bool = False,
    scheduler: str | None = None,
    first: int = 0,
) -> list[list[Result]]:
    """Replications ``first`` .. ``first + replications - 1`` of several designs with common random
    numbers: replication i of every design uses the same seed, hence the same stream per random source.
    One process pool (or one cluster) serves all designs."""
    seeds = replication_seeds(seed, first + replications)[first:]
    jobs = [(d, i) for d in range(len(configs)) for i in range(replications)]
    flat = simulate_many([(configs[d], seeds[i]) for d, i in jobs], workers, progress, scheduler)
    return [flat[d * replications : (d + 1) * replications] for d in range(len(configs))]


def simulate_many(
    jobs: list[tuple[Config, np.random.SeedSequence]],
    workers: int | None = None,
    progress: bool = False,
    scheduler: str | None = None,
) -> list[Result]:
    """``simulate(config, seed)`` for every job, in order: serially, in local processes or on a cluster.
    Each job depends only on its own (config, seed), so every way gives the same results."""
    bar = tqdm(total=len(jobs), desc="replications", unit="rep", file=sys.stderr, disable=not progress)
    results: list[Result | None] = [None] * len(jobs)
    workers = min(len(jobs), workers or os.cpu_count() or 1) or 1
    with bar:
        if scheduler:
            from simulation.cluster import submit_all

            for i, result in submit_all(scheduler, simulate, jobs):
                results[i] = result
                bar.update()
        elif workers == 1:
            for i, (config, seed) in enumerate(jobs):
                results[i] = simulate(config, seed)
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(simulate, c, s): i for i, (c, s) in enumerate(jobs)}
                for fut in as_completed(futures):
                    results[futures[fut]] = fut.result()
                    bar.update()
    return results


def warmup(results: list[Result], config: Config) -> dict:
    """The warm-up detected from the replications' series from time 0 (``simulation.warmup.detect``):
    units on hand per SKU class and orders open (daily means of the samples every
    ``sample_interval_h``), and the daily unit fill rate; each has a weekly cycle."""
    step = config.sample_interval_h
    per_day = round(24 / step) if step <= 24 and (24 / step).is_integer() else 0

    def daily(runs: list[list[float]]) -> tuple[np.ndarray, float, int]:
        x = np.array(runs, dtype=float)
        if not per_day:
            return x, step, max(1, round(168 / step)) if (168 / step).is_integer() else 1
        days = x.shape[1] // per_day
        return x[:, : days * per_day].reshape(len(x), days, per_day).mean(axis=2), 24.0, 7

    series: dict[str, tuple[np.ndarray, float, int]] = {}
    if not config.unlimited_stock:
        for name in results[0].series["inventory"]["by_class"]:
            runs = [r.series["inventory"]["by_class"][name] for r in results]
            if max(max(run, default=0) for run in runs) > 0:
                series[f"on_hand_units.{name}"] = daily(runs)
    fill = [[np.nan if v is None else v for v in r.series["from_start"]["unit_fill_rate"]] for r in results]
    series["daily_unit_fill_rate"] = (np.array(fill, dtype=float), 24.0, 7)
    series["open_orders"] = daily([r.series["from_start"]["open_orders"] for r in results])
    found = detect(series, [(p.start_day * 24, p.end_day * 24) for p in config.demand.peaks])
    found["configured_days"] = config.run.warmup_days
    found["configured_too_short"] = found["detected_days"] > config.run.warmup_days or bool(
        found["at_limit"] or found["too_short"]
    )
    return found


def confidence_interval(
    values: list[float | None], confidence: float = 0.95
) -> dict[str, float | int | None]:
    """Mean and Student-t confidence interval of the defined values; None where undefined."""
    x = np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float)
    n = len(x)
    if n == 0:
        return {"mean": None, "ci_low": None, "ci_high": None, "n": 0}
    mean = float(x.mean())
    if n < 2:
        return {"mean": mean, "ci_low": None, "ci_high": None, "n": 1}
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return {"mean": mean, "ci_low": mean - half, "ci_high": mean + half, "n": n}


def prediction_interval(values: list[float | None], level: float = 0.95) -> dict[str, float | None]:
    """Where one more replication's value will lie with probability at least ``level``: the order
    statistics x(k) and x(n + 1 - k) of the n defined values, k = floor((n + 1)(1 - level) / 2).
    None while n is too small for ``level`` (k < 1: fewer than 39 values for 95%).

    Unlike the confidence interval of the mean, it predicts a single period, e.g. next week's fill rate.

    >>> prediction_interval([float(i) for i in range(1, 40)])
    {'pi_low': 1.0, 'pi_high': 39.0}
    >>> prediction_interval([0.5, 0.7])
    {'pi_low': None, 'pi_high': None}
    """
    x = np.sort(np.array([v for v in values if v is not None and math.isfinite(v)], dtype=float))
    k = math.floor((len(x) + 1) * (1 - level) / 2 + 1e-9)
    if k < 1:
        return {"pi_low": None, "pi_high": None}
    return {"pi_low": float(x[k - 1]), "pi_high": float(x[len(x) - k])}


def kpi_ids(results: list[Result]) -> list[str]:
    """Every KPI id of the results, in the order of first appearance."""
    return list(dict.fromkeys(k for r in results for k in r.kpis))


def values(results: list[Result], kpi: str) -> list[float | None]:
    """The KPI's value in each replication (None where undefined)."""
    return [r.kpis.get(kpi) for r in results]


def summary(results: list[Result], confidence: float = 0.95) -> dict[str, dict]:
    """Per KPI id: mean, ci_low, ci_high, n (replications where defined), unit, and the prediction
    interval of one replication's value, pi_low and pi_high (:func:`prediction_interval`)."""
    out = {}
    for kpi in kpi_ids(results):
        x = [r.kpis.get(kpi) for r in results]
        out[kpi] = confidence_interval(x, confidence) | {"unit": describe(kpi).unit}
        out[kpi] |= prediction_interval(x, confidence)
    return out
