"""Engine benchmark: golive configured as an M/M/c queue against a minimal hand-written SimPy M/M/c.

    python benchmarks/sim_engine.py [--days 1500] [--repeat 5]

Both serve the same arrival times (golive's own arrival stream) with the same exponential service
times' distribution. golive runs through its public path, ``simulate(config, seed)``, KPIs included.
The two run interleaved (golive, minimal, golive, minimal, ...) ``--repeat`` times each, so a change of
the machine's load hits both alike; the ratio is that of the medians. Prints both throughputs
(customers per wall-clock second, median) and, last, ``ratio=<golive / minimal>`` (target >= 1.3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import simpy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulation.config import Config, validate
from simulation.demand import arrival_times
from simulation.model import simulate
from simulation.streams import Streams

RATE, SERVICE_MIN, SERVERS, SEED = 9.0, 20.0, 4, 1


def mmc_config(days: float) -> Config:
    return validate(
        {
            "name": "mmc",
            "run": {"days": days, "warmup_days": 0},
            "unlimited_stock": True,
            "warehouses": [
                {
                    "name": "wh",
                    "pickers": SERVERS,
                    "tasks": {"pick": {"per_line_min": {"dist": "exponential", "mean": SERVICE_MIN}}},
                }
            ],
            "demand": {
                "channels": [
                    {
                        "name": "c",
                        "orders_per_day": RATE * 24,
                        "warehouse_shares": {"wh": 1},
                        "lines_per_order": {"dist": "deterministic", "value": 1},
                        "qty_per_line": {"dist": "deterministic", "value": 1},
                    }
                ]
            },
            "sample_interval_h": 24,
        }
    )


def minimal_mmc(arrivals: np.ndarray, services: np.ndarray, servers: int) -> float:
    """A lean SimPy M/M/c: a source process, a process per customer, a Resource; returns the mean wait."""
    env = simpy.Environment()
    desk = simpy.Resource(env, servers)
    waits = []

    def customer(service):
        arrived = env.now
        with desk.request() as req:
            yield req
            waits.append(env.now - arrived)
            yield env.timeout(service)

    def source():
        for t, s in zip(arrivals.tolist(), services.tolist(), strict=True):
            yield env.timeout(t - env.now)
            env.process(customer(s))

    env.process(source())
    env.run()
    return sum(waits) / len(waits)


def interleaved_medians(repeat: int, *fns) -> list[tuple[float, object]]:
    """Run the functions in turn ``repeat`` times; per function the median wall time and its last output."""
    times: list[list[float]] = [[] for _ in fns]
    outs: list[object] = [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            outs[i] = fn()
            times[i].append(time.perf_counter() - t)
    return [(statistics.median(ts), out) for ts, out in zip(times, outs, strict=True)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=1500)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cfg = mmc_config(args.days)
    channel = cfg.demand.channels[0]
    arrivals = arrival_times(channel, [], args.days * 24, Streams(SEED).rng("demand.c.arrivals"))
    services = np.random.default_rng(SEED).exponential(SERVICE_MIN / 60, len(arrivals))
    n = len(arrivals)
    (t_golive, result), (t_minimal, wait) = interleaved_medians(
        args.repeat, lambda: simulate(cfg, SEED), lambda: minimal_mmc(arrivals, services, SERVERS)
    )
    print(f"customers={n} days={args.days:g} lambda={RATE}/h c={SERVERS} service={SERVICE_MIN} min")
    print(f"median of {args.repeat} interleaved runs each; load average {os.getloadavg()[0]:.2f}")
    print(
        f"golive:  {t_golive:.3f} s  {n / t_golive:,.0f} customers/s"
        f"  wait_mean_h={result.kpis['wait_mean_h.pick.wh']:.4f}"
    )
    print(f"minimal: {t_minimal:.3f} s  {n / t_minimal:,.0f} customers/s  wait_mean_h={wait:.4f}")
    print(f"ratio={t_minimal / t_golive:.3f}")


if __name__ == "__main__":
    main()
