"""Probability distributions the config can name, and buffered samplers drawing from one stream.

A distribution is a small pydantic model tagged by ``dist``::

    >>> import numpy as np
    >>> d = Exponential(mean=2.0)
    >>> s = Sampler(d, np.random.default_rng(1))
    >>> round(sum(s() for _ in range(20000)) / 20000, 1)
    2.0

Draws come from numpy in batches (one ``Generator`` per random source), so a stream yields the same
sequence however the simulation interleaves its sources.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

BATCH = 4096


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exponential(_Dist):
    """Exponential with the given mean."""

    dist: Literal["exponential"] = "exponential"
    mean: float = Field(gt=0)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.exponential(self.mean, n)

    def mean_value(self) -> float:
        return self.mean


class Normal(_Dist):
    """Normal, truncated at zero by resampling-free clipping (keep ``mean`` several ``sd`` above 0)."""

    dist: Literal["normal"] = "normal"
    mean: float
    sd: float = Field(ge=0)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.maximum(rng.normal(self.mean, self.sd, n), 0.0)

    def mean_value(self) -> float:
        return self.mean


class Lognormal(_Dist):
    """Lognormal given by the mean and standard deviation of the variable itself (not of its log)."""

    dist: Literal["lognormal"] = "lognormal"
    mean: float = Field(gt=0)
    sd: float = Field(ge=0)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        s2 = math.log1p((self.sd / self.mean) ** 2)
        return rng.lognormal(math.log(self.mean) - s2 / 2, math.sqrt(s2), n)

    def mean_value(self) -> float:
        return self.mean


class Gamma(_Dist):
    """Gamma with ``shape`` k and ``scale`` theta (mean k*theta)."""

    dist: Literal["gamma"] = "gamma"
    shape: float = Field(gt=0)
    scale: float = Field(gt=0)

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.gamma(self.shape, self.scale, n)

    def mean_value(self) -> float:
        return self.shape * self.scale


class Triangular(_Dist):
    """Triangular on [low, high] with the given mode."""

    dist: Literal["triangular"] = "triangular"
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise ValueError("need low <= mode <= high and low < high")
        return self

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.triangular(self.low, self.mode, self.high, n)

    def mean_value(self) -> float:
        return (self.low + self.mode + self.high) / 3


class Uniform(_Dist):
    """Continuous uniform on [low, high]."""

    dist: Literal["uniform"] = "uniform"
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low > self.high:
            raise ValueError("need low <= high")
        return self

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, n)

    def mean_value(self) -> float:
        return (self.low + self.high) / 2


class Deterministic(_Dist):
    """Always ``value``."""

    dist: Literal["deterministic"] = "deterministic"
    value: float

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, self.value)

    def mean_value(self) -> float:
        return self.value


class Empirical(_Dist):
    """Resamples observed ``values`` (optionally ``weights``), given inline or as a one-column ``file``.

    A relative ``file`` path is resolved against the config file's folder when the config is loaded.
    """

    dist: Literal["empirical"] = "empirical"
    values: list[float] | None = None
    weights: list[float] | None = None
    file: str | None = None

    @model_validator(mode="after")
    def _data(self) -> Empirical:
        if (self.values is None) == (self.file is None):
            raise ValueError("give exactly one of 'values' or 'file'")
        if self.values is not None and not self.values:
            raise ValueError("'values' is empty")
        if self.weights is not None:
            if self.values is None or len(self.weights) != len(self.values):
                raise ValueError("'weights' needs one weight per value")
            if min(self.weights) < 0 or sum(self.weights) <= 0:
                raise ValueError("'weights' must be non-negative with a positive sum")
        return self

    def data(self) -> tuple[np.ndarray, np.ndarray | None]:
        if self.values is not None:
            w = None if self.weights is None else np.asarray(self.weights) / sum(self.weights)
            return np.asarray(self.values, dtype=float), w
        return np.loadtxt(Path(self.file), delimiter=",", ndmin=1, dtype=float), None

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        values, w = self.data()
        return rng.choice(values, size=n, p=w)

    def mean_value(self) -> float:
        values, w = self.data()
        return float(np.average(values, weights=w))


Distribution = Annotated[
    Exponential | Normal | Lognormal | Gamma | Triangular | Uniform | Deterministic | Empirical,
    Field(discriminator="dist"),
]


class Sampler:
    """Callable returning one float per call from ``dist``, drawn from ``rng`` in batches of ``BATCH``."""

    __slots__ = ("_dist", "_next", "_rng", "_scale")

    def __init__(self, dist: _Dist, rng: np.random.Generator, scale: float = 1.0) -> None:
        if isinstance(dist, Empirical):  # read a data file once, not per batch
            values, w = dist.data()
            dist = Empirical(values=values.tolist(), weights=None if w is None else w.tolist())
        self._dist, self._rng, self._scale = dist, rng, scale
        self._next = iter(()).__next__

    def __call__(self) -> float:
        try:
            return self._next()
        except StopIteration:
            self._refill()
            return self._next()

    def take(self, n: int) -> list[float]:
        """The next ``n`` draws as a list."""
        out = []
        for _ in range(n):
            try:
                out.append(self._next())
            except StopIteration:
                self._refill()
                out.append(self._next())
        return out

    def _refill(self) -> None:
        self._next = iter((self._dist.draw(self._rng, BATCH) * self._scale).tolist()).__next__
