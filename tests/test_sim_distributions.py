"""Distributions and samplers: means, batching across buffer refills, empirical data; vendors' draws."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from simulation.config import Vendor
from simulation.distributions import BATCH, Distribution, Sampler
from simulation.vendor import Supplier

DATA = Path(__file__).parent / "data" / "sim"
SPECS = [
    {"dist": "exponential", "mean": 2.0},
    {"dist": "normal", "mean": 10.0, "sd": 2.0},
    {"dist": "lognormal", "mean": 3.0, "sd": 1.5},
    {"dist": "gamma", "shape": 2.0, "scale": 1.5},
    {"dist": "triangular", "low": 1.0, "mode": 2.0, "high": 6.0},
    {"dist": "uniform", "low": 2.0, "high": 4.0},
    {"dist": "deterministic", "value": 7.0},
    {"dist": "empirical", "values": [1, 2, 10], "weights": [5, 3, 2]},
]
parse = TypeAdapter(Distribution).validate_python


@pytest.mark.parametrize("spec", SPECS, ids=[s["dist"] for s in SPECS])
def test_sample_mean_matches_the_distribution_mean(spec):
    dist = parse(spec)
    draws = np.array(Sampler(dist, np.random.default_rng(0)).take(3 * BATCH + 17))
    assert draws.mean() == pytest.approx(dist.mean_value(), rel=0.03)


def test_sampler_is_one_stream_however_it_is_read():
    dist = parse({"dist": "exponential", "mean": 1.0})
    a = Sampler(dist, np.random.default_rng(5))
    b = Sampler(dist, np.random.default_rng(5))
    one_by_one = [a() for _ in range(BATCH + 10)]
    assert b.take(7) + b.take(BATCH + 3) == one_by_one


def test_empirical_from_file():
    dist = parse({"dist": "empirical", "file": str(DATA / "lead_times.csv")})
    assert dist.mean_value() == 5.0
    assert set(Sampler(dist, np.random.default_rng(1)).take(200)) == {2.0, 4.0, 10.0}


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "triangular", "low": 3, "mode": 1, "high": 4},
        {"dist": "empirical"},
        {"dist": "empirical", "values": [1, 2], "weights": [1]},
        {"dist": "exponential", "mean": -1},
        {"dist": "poisson", "mean": 1},
    ],
)
def test_invalid_distributions_are_rejected(spec):
    with pytest.raises(ValidationError):
        parse(spec)


def test_vendor_moq_and_delays():
    spec = Vendor(
        name="v",
        lead_time_h={"dist": "deterministic", "value": 48},
        delay_probability=0.25,
        delay_h={"dist": "deterministic", "value": 24},
        moq=100,
    )
    v = Supplier(spec, np.random.default_rng(0), np.random.default_rng(1))
    assert v.quantity(30) == 100 and v.quantity(130) == 130
    assert v.promised == 48
    leads = np.array([v.lead_time() for _ in range(4000)])
    assert set(leads) == {48.0, 72.0}
    assert np.mean(leads > 48) == pytest.approx(0.25, abs=0.03)
