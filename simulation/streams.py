"""Named random streams: one numpy Generator per random source, all derived from one seed.

    >>> s = Streams(7)
    >>> a = s.rng("demand.b2b.arrivals").random()
    >>> a == Streams(7).rng("demand.b2b.arrivals").random()
    True

A source's stream depends only on the seed and the source's name, so adding a source or
drawing in a different order leaves every other stream unchanged.
"""

from __future__ import annotations

import zlib

import numpy as np


class Streams:
    """Hands out an independent ``numpy.random.Generator`` per named source, each name at most once."""

    def __init__(self, seed: int | np.random.SeedSequence) -> None:
        self._root = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        self._used: set[str] = set()

    def rng(self, name: str) -> np.random.Generator:
        if name in self._used:
            raise ValueError(f"random source {name!r} requested twice")
        self._used.add(name)
        child = np.random.SeedSequence(
            self._root.entropy, spawn_key=(*self._root.spawn_key, zlib.crc32(name.encode()))
        )
        return np.random.Generator(np.random.PCG64(child))
