"""Year benchmark: seconds per replication of a simulated year of the default example; parallel efficiency.

    python benchmarks/sim_year.py [--days 365] [--replications 2]

Runs the default example (simulation/examples/regional_distributor.yaml, its 42-day warm-up, then
``--days`` measured days) through ``experiment.replicate``, the path ``python -m simulation run``
takes: first serially (one process), then on two processes. Reports wall-clock and CPU seconds per
replication (budget: 60 s on one core) and prints, last, ``ratio=<parallel efficiency on 2 cores>``
= serial time / (2 x parallel time) for the same replications (target >= 0.85).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulation.config import load_config
from simulation.experiment import replicate

EXAMPLE = Path(__file__).resolve().parent.parent / "simulation" / "examples" / "regional_distributor.yaml"
CORES = 2


def cpu_seconds() -> float:
    self, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return self.ru_utime + self.ru_stime + children.ru_utime + children.ru_stime


def timed(cfg, replications: int, workers: int) -> tuple[float, float, list]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    results = replicate(cfg, replications, cfg.run.seed, workers=workers)
    return time.perf_counter() - wall, cpu_seconds() - cpu, results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=float, default=365)
    ap.add_argument("--replications", type=int, default=CORES)
    args = ap.parse_args()
    cfg = load_config(EXAMPLE, [f"run.days={args.days}"])
    n = args.replications
    print(f"default example: {cfg.run.warmup_days:g} warm-up + {args.days:g} days, {n} replications")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    serial_wall, serial_cpu, serial = timed(cfg, n, workers=1)
    print(
        f"serial:   {serial_wall:.1f} s wall, {serial_wall / n:.1f} s/replication,"
        f" {serial_cpu / n:.1f} CPU s/replication"
    )
    par_wall, par_cpu, parallel = timed(cfg, n, workers=CORES)
    print(f"parallel: {par_wall:.1f} s wall on {CORES} processes, {par_cpu / n:.1f} CPU s/replication")
    same = [r.kpis for r in serial] == [r.kpis for r in parallel]
    print(f"throughput {serial[0].kpis['throughput_lines_per_h']:.0f} lines/h; serial == parallel: {same}")
    print(f"ratio={serial_wall / (CORES * par_wall):.3f}")


if __name__ == "__main__":
    main()
