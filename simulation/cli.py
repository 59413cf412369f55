"""The command line: ``python -m simulation run CONFIG`` and ``python -m simulation validate CONFIG``.

    python -m simulation run simulation/examples/regional_distributor.yaml --replications 10 \\
        --set warehouses.0.pickers=12
    python -m simulation validate my_scenario.yaml

Bad input prints one line per problem (file, field path, reason) and exits with status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from importlib import metadata
from pathlib import Path

from simulation.config import Config, ConfigError, Run, load_config

EXIT_USAGE = 2


def golive_version() -> str:
    try:
        return metadata.version("golive")
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text())["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m simulation", description="golive capacity simulation")
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run replications and write results.json, replications.csv, report.html")
    run.add_argument("config", type=Path)
    run.add_argument("--replications", type=int, help=f"default: run.replications ({Run().replications})")
    run.add_argument("--days", type=float, help=f"measured days after the warm-up (default {Run().days})")
    run.add_argument("--warmup-days", type=float, help=f"default: run.warmup_days ({Run().warmup_days})")
    run.add_argument("--seed", type=int, help="default: run.seed")
    run.add_argument("--workers", type=int, help="parallel processes (default: one per core)")
    run.add_argument("--out", type=Path, help="default: reports/simulation/<config name>/")
    run.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    val = sub.add_parser("validate", help="check a config and report every problem")
    val.add_argument("config", type=Path)
    val.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE")
    return p


def _load(args: argparse.Namespace) -> Config:
    overrides = list(args.overrides)
    for flag, field in (("replications", "replications"), ("days", "days"), ("warmup_days", "warmup_days")):
        if getattr(args, flag, None) is not None:
            overrides.append(f"run.{field}={getattr(args, flag)}")
    if getattr(args, "seed", None) is not None:
        overrides.append(f"run.seed={args.seed}")
    return load_config(args.config, overrides)


def run(args: argparse.Namespace, cfg: Config) -> Path:
    """Run the replications and write the three output files; returns the output folder."""
    from simulation.experiment import kpi_ids, replicate, summary  # heavy (SciPy, Matplotlib): only to run
    from simulation.report import render

    out = args.out or Path("reports") / "simulation" / args.config.stem
    out.mkdir(parents=True, exist_ok=True)
    r = cfg.run
    results = replicate(cfg, r.replications, r.seed, workers=args.workers, progress=not args.quiet)
    stats = summary(results)
    meta = {
        "seed": r.seed,
        "replications": r.replications,
        "days": _number(r.days),
        "warmup_days": _number(r.warmup_days),
        "config_sha256": cfg.sha256(),
        "golive_version": golive_version(),
    }
    (out / "results.json").write_text(
        json.dumps({"meta": meta, "kpis": stats}, indent=2, allow_nan=False) + "\n"
    )
    ids = kpi_ids(results)
    with (out / "replications.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["replication", *ids])
        for i, res in enumerate(results):
            w.writerow([i, *("" if res.kpis.get(k) is None else repr(res.kpis[k]) for k in ids)])
    (out / "report.html").write_text(render(meta | {"config": str(args.config)}, stats, results, cfg))
    return out


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        cfg = _load(args)
    except ConfigError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_USAGE
    if args.command == "validate":
        print(
            f"{args.config}: OK ({len(cfg.warehouses)} warehouse(s), {len(cfg.demand.channels)} channel(s))"
        )
        return 0
    out = run(args, cfg)
    stats = json.loads((out / "results.json").read_text())["kpis"]
    for key in ("order_fill_rate", "otif", "cycle_time_mean_h", "throughput_lines_per_h"):
        print(f"{key:>24} = {stats[key]['mean']}")
    print(f"wrote {out / 'results.json'}, {out / 'replications.csv'}, {out / 'report.html'}")
    return 0
