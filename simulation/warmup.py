"""Warm-up detection: MSER-5 on the replications' mean series after removing its trend and weekly cycle.

    >>> import numpy as np
    >>> t = np.arange(400.0)
    >>> rng = np.random.default_rng(1)
    >>> series = 100 + 0.2 * t + 60 * np.exp(-t / 15) + rng.normal(0, 2, (5, 400))  # transient + growth
    >>> cut = mser5(series, period=1)
    >>> 40 <= cut <= 110
    True
    >>> mser5(100 + rng.normal(0, 2, (5, 400)), period=1) < 40
    True

MSER picks the truncation point d minimising the estimated variance of the mean of what is left,
sum((y - mean)^2) / (n - d)^2. On a growing series (the example's demand grows 30% a year) the later
observations are always "far" from the mean, which misleads it. So here the "mean" is a detrended one:
for each candidate d (every 5 observations, at most half the series: MSER-5's grid), a level and a
linear trend per phase of the period (the weekday) are fitted by least squares to the observations
from d on, and the score is the residual sum of squares / ((n - d)(n - d - p)) for p fitted parameters
(the regression's variance of the mean). A start-up transient does not fit a line and inflates the
residuals until d passes it. Pure numpy: no SimPy, usable on series measured anywhere.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

BATCH = 5
MIN_DAYS = 28  # before the first peak, enough to see a transient of up to two weeks


def mser5(runs: np.ndarray, period: int = 1, exclude: np.ndarray | None = None) -> int:
    """The number of leading observations to discard, from series of equal length (one row per
    replication, NaN where undefined): MSER-5 on the detrended, deseasonalised mean series.

    ``period`` is the length of a cycle in observations (7 for daily data with a weekly pattern);
    1 removes only the linear trend. ``exclude`` marks observations to leave out; the answer still
    counts them.
    """
    return mser5_cut(runs, period, exclude)[0]


def mser5_cut(
    runs: np.ndarray, period: int = 1, exclude: np.ndarray | None = None
) -> tuple[int, bool | None]:
    """``mser5``'s cut, and whether it is the largest one allowed (half the series): then the transient
    may be longer than the data can show. None instead when the series is too short to judge (fewer
    than 2 p + 20 observations for p fitted parameters: 48 days with a weekly cycle)."""
    runs = np.atleast_2d(np.asarray(runs, dtype=float))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a column undefined in every replication
        y = np.nanmean(runs, axis=0)
    t = np.arange(len(y), dtype=float)
    keep = np.isfinite(y) if exclude is None else np.isfinite(y) & ~np.asarray(exclude, dtype=bool)
    y, t = y[keep], t[keep]
    design = _design(t, period)
    p = design.shape[1]
    if len(y) < 2 * p + 4 * BATCH:
        return 0, None
    best, cut = math.inf, 0
    last = (len(y) // 2) // BATCH
    for d in range(last + 1):
        rest = slice(d * BATCH, None)
        m = len(y) - d * BATCH
        coef, *_ = np.linalg.lstsq(design[rest], y[rest], rcond=None)
        sse = float(np.sum((y[rest] - design[rest] @ coef) ** 2))
        score = sse / (m * (m - p))
        if score < best:
            best, cut = score, d
    return (int(t[cut * BATCH]) if cut else 0), cut == last


def _design(t: np.ndarray, period: int) -> np.ndarray:
    """A level and a linear trend per phase of ``period`` (growth scales the weekly pattern too)."""
    phase = (t % period).astype(int) if period > 1 else np.zeros(len(t), dtype=int)
    ones = [(phase == p).astype(float) for p in range(max(period, 1))]
    return np.column_stack(ones + [(t - t.mean()) / max(len(t), 1) * one for one in ones])


def detect(series: dict[str, tuple[np.ndarray, float, int]], peaks_h: list[tuple[float, float]] = ()) -> dict:
    """Per named series ``(runs, hours per observation, period in observations)``, the detected warm-up
    in days: the median over replications of each one's MSER-5 cut (a series is ``at_limit`` when most
    replications cut at half the stretch); the run's warm-up is the longest of them.

    Declared demand peaks (start, end in hours) are not a start-up transient, but they and the recovery
    after them would mislead MSER. So the series is cut at the first peak when at least ``MIN_DAYS``
    days precede it; otherwise each peak and as long again after it (at least a week) are left out.

    >>> import numpy as np
    >>> flat = np.ones((2, 60))
    >>> detect({"x": (flat, 24.0, 7)})["detected_days"]
    0.0
    >>> detect({"x": (flat[:, :40], 24.0, 7)})["too_short"]
    ['x']
    """
    first = min((start for start, _ in peaks_h), default=None)
    before_peak = first is not None and first >= MIN_DAYS * 24
    by_series, at_limit, too_short = {}, [], []
    for name, (runs, step_h, period) in series.items():
        t = np.arange(np.shape(runs)[-1]) * step_h
        out = np.zeros(len(t), dtype=bool)
        if before_peak:
            out |= t >= first
        else:
            for start, end in peaks_h:
                out |= (t >= start) & (t < end + max(end - start, 7 * 24))
        cuts = [mser5_cut(run, period, out) for run in np.atleast_2d(runs)]
        if any(limit is None for _, limit in cuts):
            too_short.append(name)
            continue
        cut = float(np.median([c for c, _ in cuts]))
        by_series[name] = round(cut * step_h / 24, 2)
        if cut and 2 * sum(limit for _, limit in cuts) > len(cuts):
            at_limit.append(name)
    worst = max(by_series, key=by_series.get, default=None)
    run_h = max((np.shape(runs)[-1] * step_h for runs, step_h, _ in series.values()), default=0.0)
    stretch = "the whole run"
    if before_peak and first < run_h:
        stretch = f"the {first / 24:g} days before the first demand peak"
    if peaks_h and not before_peak:
        stretch += " without its demand peaks (each, and as long again after it, at least a week)"
    return {
        "detected_days": by_series[worst] if worst else 0.0,
        "driven_by": worst,
        "by_series": by_series,
        "at_limit": at_limit,
        "too_short": too_short,
        "method": f"MSER-5 on each replication's series over {stretch}, with a level and a linear trend "
        "per weekday fitted to the observations kept; the median over replications",
    }
