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
    seeds = replication_seeds(seed, replications)
    workers = min(replications, workers or os.cpu_count() or 1)
    bar = tqdm(total=replications, desc="replications", unit="rep", file=sys.stderr, disable=not progress)
    results: list[Result | None] = [None] * replications
    with bar:
        if workers == 1:
            for i, s in enumerate(seeds):
                results[i] = simulate(config, s)
                bar.update()
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(simulate, config, s): i for i, s in enumerate(seeds)}
                for fut in as_completed(futures):
                    results[futures[fut]] = fut.result()
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


def summary(results: list[Result], confidence: float = 0.95) -> dict[str, dict]:
    """Per KPI id: mean, ci_low, ci_high, n (replications where defined) and unit."""
    out = {}
    for kpi in kpi_ids(results):
        out[kpi] = confidence_interval([r.kpis.get(kpi) for r in results], confidence)
        out[kpi]["unit"] = describe(kpi).unit
    return out
