"""Sweep benchmark: parallel efficiency of a sweep on local processes, and Dask's overhead against them.

    python benchmarks/sim_sweep.py [--points 8] [--replications 5] [--days 5] [--dask]

Runs a sweep of the default example (``warehouses.0.pickers`` = 8, 9, ... for ``--points`` points,
``--replications`` each, common random numbers) through ``experiment.replicate_designs``, the path
``python -m simulation sweep`` takes: serially, then on two local processes. Prints the seconds of each
and, last, ``ratio=<parallel efficiency on 2 cores>`` = serial / (2 x parallel) (target >= 0.85).
With ``--dask`` it also runs the same sweep on a dask.distributed LocalCluster of two single-threaded
worker processes (started before the clock runs) and prints, last, ``ratio=<Dask / local processes>``
(the overhead; 1.0 is none). Both check that every way gives the same KPIs. Wall-clock measurements:
run on an otherwise idle machine (the load average is printed first).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulation.config import load_config
from simulation.experiment import replicate_designs

EXAMPLE = Path(__file__).resolve().parent.parent / "simulation" / "examples" / "regional_distributor.yaml"
CORES = 2


def timed(configs, replications: int, seed: int, **where) -> tuple[float, list]:
    t = time.perf_counter()
    results = replicate_designs(configs, replications, seed, **where)
    return time.perf_counter() - t, results


def kpis(results: list[list]) -> list:
    return [[r.kpis for r in point] for point in results]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=8)
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--days", type=float, default=5)
    ap.add_argument("--dask", action="store_true", help="also run on a LocalCluster; print its overhead")
    args = ap.parse_args()
    base = [f"run.days={args.days}", "run.warmup_days=2"]
    configs = [load_config(EXAMPLE, [*base, f"warehouses.0.pickers={8 + i}"]) for i in range(args.points)]
    seed, n = configs[0].run.seed, args.replications
    print(f"sweep: {args.points} points x {n} replications of {args.days:g} + 2 days of the default example")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    serial, expected = timed(configs, n, seed, workers=1)
    print(f"serial:    {serial:.1f} s ({serial / (args.points * n):.2f} s per replication)")
    parallel, local = timed(configs, n, seed, workers=CORES)
    print(f"parallel:  {parallel:.1f} s on {CORES} processes; same KPIs: {kpis(local) == kpis(expected)}")
    efficiency = serial / (CORES * parallel)
    if not args.dask:
        print(f"ratio={efficiency:.3f}")
        return
    print(f"parallel efficiency: {efficiency:.3f}")
    from distributed import LocalCluster

    with LocalCluster(n_workers=CORES, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        on_dask, remote = timed(configs, n, seed, scheduler=c.scheduler_address)
    same = kpis(remote) == kpis(expected)
    print(f"dask:      {on_dask:.1f} s on a LocalCluster of {CORES} workers; same KPIs: {same}")
    print(f"ratio={on_dask / parallel:.3f}")


if __name__ == "__main__":
    main()
