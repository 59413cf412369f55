"""Vendors: sampled purchase lead times with occasional delays, and minimum order quantities.

>>> import numpy as np
>>> from simulation.config import Vendor
>>> v = Supplier(Vendor(name="acme", lead_time_h={"dist": "deterministic", "value": 72}, moq=50),
...              np.random.default_rng(0), np.random.default_rng(1))
>>> v.quantity(20), v.lead_time()
(50.0, 72.0)
"""

from __future__ import annotations

import numpy as np

from simulation.config import Vendor
from simulation.distributions import Sampler


class Supplier:
    """Runtime vendor: each purchase order draws its own lead time, so orders may cross."""

    def __init__(self, spec: Vendor, lead_rng: np.random.Generator, delay_rng: np.random.Generator) -> None:
        self.spec = spec
        self._lead = Sampler(spec.lead_time_h, lead_rng)
        self._coin = delay_rng
        self._delay = Sampler(spec.delay_h, delay_rng) if spec.delay_h is not None else None
        self.promised = spec.promised_lead_time_h or spec.lead_time_h.mean_value()

    def quantity(self, qty: float) -> float:
        """The quantity actually ordered: at least the minimum order quantity."""
        return float(max(qty, self.spec.moq))

    def lead_time(self) -> float:
        """Hours from order to receipt, including a delay with the vendor's probability."""
        t = self._lead()
        if self._delay is not None and self._coin.random() < self.spec.delay_probability:
            t += self._delay()
        return float(max(t, 0.0))
