"""Two designs compared with common random numbers: paired differences, their CIs, verdicts.

    >>> from simulation.config import load_config
    >>> a = load_config("simulation/examples/regional_distributor.yaml", ["run.days=1", "run.warmup_days=0"])
    >>> b = load_config("simulation/examples/regional_distributor.yaml",
    ...                 ["run.days=1", "run.warmup_days=0", "warehouses.0.pickers=30"])
    >>> rows = compare(*replicate_designs([a, b], replications=3, seed=5, workers=1))
    >>> rows["wait_mean_h.pick.main"].verdict
    'B better at 95%'

Replication i of A and of B use the same seed, so every random source (arrivals, lines, task times,
lead times) draws the same stream in both: the difference B - A of a replication is measured on the
same demand and the same luck. Its variance is var(A) + var(B) - 2 cov(A, B); the positive covariance
is the variance reduction, reported per KPI as ``1 - var(B - A) / (var(A) + var(B))``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

from simulation.experiment import kpi_ids, replicate_designs, values
from simulation.kpis import better, describe
from simulation.model import Result

__all__ = ["Difference", "compare", "replicate_designs"]


@dataclass(frozen=True)
class Difference:
    """B - A for one KPI over the paired replications where both are defined."""

    kpi: str
    unit: str
    n: int
    a_mean: float | None
    b_mean: float | None
    diff_mean: float | None
    diff_ci_low: float | None
    diff_ci_high: float | None
    var_a: float | None
    var_b: float | None
    var_diff: float | None
    variance_reduction: float | None
    confidence: float
    verdict: str

    def to_json(self) -> dict:
        return asdict(self)


def paired(kpi: str, a: list[float | None], b: list[float | None], confidence: float = 0.95) -> Difference:
    """The paired difference of one KPI; ``a[i]`` and ``b[i]`` come from replication i of each design."""
    pairs = np.array([(x, y) for x, y in zip(a, b, strict=True) if _ok(x) and _ok(y)], dtype=float).reshape(
        -1, 2
    )
    n = len(pairs)
    unit = describe(kpi).unit
    if n == 0:
        return Difference(kpi, unit, 0, *[None] * 9, confidence, "not measured in both designs")
    xa, xb = pairs[:, 0], pairs[:, 1]
    d = xb - xa
    mean = float(d.mean())
    if n < 2:
        return Difference(
            kpi, unit, n, float(xa[0]), float(xb[0]), mean, *[None] * 6, confidence, "one replication"
        )
    var_a, var_b, var_d = (float(np.var(x, ddof=1)) for x in (xa, xb, d))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1) * math.sqrt(var_d / n))
    low, high = mean - half, mean + half
    reduction = 1 - var_d / (var_a + var_b) if var_a + var_b > 0 else None
    return Difference(
        kpi,
        unit,
        n,
        float(xa.mean()),
        float(xb.mean()),
        mean,
        low,
        high,
        var_a,
        var_b,
        var_d,
        reduction,
        confidence,
        verdict(kpi, low, high, confidence),
    )


def verdict(kpi: str, low: float, high: float, confidence: float) -> str:
    """'B better|worse at 95%' for KPIs with a better direction, 'B higher|lower at 95%' otherwise, or
    'no significant difference' when the interval of B - A contains 0."""
    if low <= 0 <= high:
        return "no significant difference"
    higher = low > 0
    direction = better(kpi)
    if direction is None:
        word = "higher" if higher else "lower"
    else:
        word = "better" if higher == (direction == "higher") else "worse"
    return f"B {word} at {confidence:.0%}"


def compare(a: list[Result], b: list[Result], confidence: float = 0.95) -> dict[str, Difference]:
    """Per KPI id of either design (A's order first), the paired difference B - A."""
    ids = list(dict.fromkeys([*kpi_ids(a), *kpi_ids(b)]))
    return {k: paired(k, values(a, k), values(b, k), confidence) for k in ids}


def _ok(x: float | None) -> bool:
    return x is not None and math.isfinite(x)
