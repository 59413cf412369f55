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


def replication_seeds(seed: int, replications: int) -> list[np.random.SeedSequence]:
    return np.random.SeedSequence(seed).spawn(replications)


def replicate(
    config: Config,
    replications: int,
    seed: int,
    workers: int | None = None,
    progress: bool = False,
) -> list[Result]:
    """Run ``replications`` independent replications; ``workers`` processes (default: one per core)."""
    return replicate_designs([config], replications, seed, workers, progress)[0]


def replicate_designs(
    configs: list[Config],
    replications: int,
    seed: int,
    workers: int | None = None,
    progress: bool = False,
) -> list[list[Result]]:
    """Replications of several designs with common random numbers: replication i of every design uses
    the same seed, hence the same stream per random source. One process pool serves all designs."""
    seeds = replication_seeds(seed, replications)
    jobs = [(d, i) for d in range(len(configs)) for i in range(replications)]
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    bar = tqdm(total=len(jobs), desc="replications", unit="rep", file=sys.stderr, disable=not progress)
    results: list[list[Result | None]] = [[None] * replications for _ in configs]
    with bar:
        if workers == 1:
            for d, i in jobs:
                results[d][i] = simulate(configs[d], seeds[i])
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(simulate, configs[d], seeds[i]): (d, i) for d, i in jobs}
                for fut in as_completed(futures):
                    d, i = futures[fut]
                    results[d][i] = fut.result()
                    bar.update()
    return results


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


def kpi_ids(results: list[Result]) -> list[str]:
    """Every KPI id of the results, in the order of first appearance."""
    return list(dict.fromkeys(k for r in results for k in r.kpis))


def values(results: list[Result], kpi: str) -> list[float | None]:
    """The KPI's value in each replication (None where undefined)."""
    return [r.kpis.get(kpi) for r in results]


def summary(results: list[Result], confidence: float = 0.95) -> dict[str, dict]:
    """Per KPI id: mean, ci_low, ci_high, n (replications where defined) and unit."""
    out = {}
    for kpi in kpi_ids(results):
        out[kpi] = confidence_interval([r.kpis.get(kpi) for r in results], confidence)
        out[kpi]["unit"] = describe(kpi).unit
    return out
