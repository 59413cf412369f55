"""The command line: ``python -m simulation run|compare|sweep|validate|loadtest[-merge]`` (and the commands of
:data:`COMMANDS`).

    python -m simulation run simulation/examples/regional_distributor.yaml --replications 10 \\
        --set warehouses.0.pickers=12
    python -m simulation compare simulation/examples/regional_distributor.yaml \\
        --set-b 'warehouses.0.pickers={early: 12, late: 11}'
    python -m simulation compare design_a.yaml design_b.yaml
    python -m simulation sweep simulation/examples/regional_distributor.yaml --set warehouses.0.pickers=8..14
    python -m simulation sweep simulation/examples/regional_distributor.yaml \
        --set warehouses.0.pickers=8..14 --target "otif>=0.95" --target "cycle_time_mean_h<=24"
    python -m simulation validate my_scenario.yaml

Exit status: 0 when every declared target passed (or there are none), 1 when a target failed or is
inconclusive, 2 on bad input (one line per problem: file, field path, reason).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import sys
from importlib import metadata
from pathlib import Path

from simulation.cluster import ClusterError
from simulation.config import Config, ConfigError, Run, load_config
from simulation.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from simulation.loadtest import cli as loadtest

#: Commands living in modules of their own (``module:function``, taking the arguments after the command).
COMMANDS = {
    "from-odoo": "simulation.odoo_cli:from_odoo_main",
    "kpis-from-odoo": "simulation.odoo_cli:kpis_from_odoo_main",
}


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


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replications", type=int, help=f"default: run.replications ({Run().replications})")
    p.add_argument("--days", type=float, help=f"measured days after the warm-up (default {Run().days})")
    p.add_argument("--warmup-days", type=float, help=f"default: run.warmup_days ({Run().warmup_days})")
    p.add_argument("--seed", type=int, help="default: run.seed")
    p.add_argument("--workers", type=int, help="parallel processes (default: one per core)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=os.environ.get("GOLIVE_DASK_SCHEDULER") or None,
        help="run the replications on this dask.distributed scheduler, e.g. tcp://10.0.0.5:8786 "
        "(default: GOLIVE_DASK_SCHEDULER, else local processes)",
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m simulation",
        description=f"golive capacity simulation (also: {', '.join(COMMANDS)}, each with --help). "
        "Exit status: 0 all targets passed (or none declared), "
        "1 a target failed or is inconclusive, 2 bad input.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run replications and write results.json, replications.csv, report.html")
    run.add_argument("config", type=Path)
    _run_options(run)
    run.add_argument("--out", type=Path, help="default: reports/simulation/<config name>/")
    run.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE")
    cmp = sub.add_parser(
        "compare",
        help="run design A and design B with common random numbers and compare every KPI",
        description="Design B is the file B (default: A's file) with --set and --set-b; the run settings "
        "(days, warm-up, replications, seed) are A's for both, so replication i of each uses the same seed.",
    )
    cmp.add_argument("a", type=Path, metavar="A.yaml")
    cmp.add_argument("b", type=Path, nargs="?", metavar="B.yaml")
    _run_options(cmp)
    cmp.add_argument("--out", type=Path, help="default: reports/simulation/compare/<A>_vs_<B>/")
    cmp.add_argument("--confidence", type=float, default=0.95, help="of the paired intervals (0.95)")
    cmp.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE")
    cmp.add_argument("--set-a", dest="overrides_a", action="append", default=[], metavar="FIELD=VALUE")
    cmp.add_argument("--set-b", dest="overrides_b", action="append", default=[], metavar="FIELD=VALUE")
    swp = sub.add_parser(
        "sweep",
        help="run a grid of parameter values with common random numbers; with --target, search for the "
        "smallest value meeting every target",
        description="Every point runs the same replication seeds. --set FIELD=LO..HI (integers) or "
        "FIELD=A,B,C (YAML values) adds an axis; several --set make the cartesian product. With --target, "
        "the one --set with several integer values is searched for its smallest value meeting every "
        "target at --confidence.",
    )
    swp.add_argument("config", type=Path)
    _run_options(swp)
    swp.add_argument("--out", type=Path, help="default: reports/simulation/sweep/<config name>/")
    swp.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUES")
    swp.add_argument("--kpi", action="append", default=[], metavar="ID", help="KPI to plot (repeatable)")
    swp.add_argument("--target", action="append", default=[], metavar='"KPI>=X"', help="search target")
    swp.add_argument("--confidence", type=float, default=0.95, help="of the search's intervals (0.95)")
    swp.add_argument(
        "--budget",
        type=int,
        help="search: at most this many replications per value (default: 4 x --replications)",
    )
    val = sub.add_parser("validate", help="check a config and report every problem")
    val.add_argument("config", type=Path)
    val.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE")
    loadtest.add_parser(sub)  # the peak load test against a live Odoo (simulation/loadtest/)
    return p


def _flags(args: argparse.Namespace) -> list[str]:
    out = []
    for flag, field in (("replications", "replications"), ("days", "days"), ("warmup_days", "warmup_days")):
        if getattr(args, flag, None) is not None:
            out.append(f"run.{field}={getattr(args, flag)}")
    if getattr(args, "seed", None) is not None:
        out.append(f"run.seed={args.seed}")
    return out


def _load(args: argparse.Namespace) -> Config:
    return load_config(args.config, [*args.overrides, *_flags(args)])


def _meta(cfg: Config) -> dict:
    r = cfg.run
    return {
        "seed": r.seed,
        "replications": r.replications,
        "days": _number(r.days),
        "warmup_days": _number(r.warmup_days),
        "config_sha256": cfg.sha256(),
        "golive_version": golive_version(),
    }


def run(args: argparse.Namespace, cfg: Config) -> tuple[Path, dict]:
    """Run the replications, write the three output files; returns the folder and results.json's data."""
    from simulation.experiment import kpi_ids, replicate, summary, warmup  # heavy: SciPy, Matplotlib
    from simulation.report import render
    from simulation.targets import evaluate_results, fmt_ci, overall

    out = args.out or Path("reports") / "simulation" / args.config.stem
    out.mkdir(parents=True, exist_ok=True)
    r = cfg.run
    results = replicate(
        cfg, r.replications, r.seed, workers=args.workers, progress=not args.quiet, scheduler=args.scheduler
    )
    stats = summary(results)
    ids = kpi_ids(results)
    verdicts = evaluate_results(cfg.targets, results)
    meta = _meta(cfg)
    found = warmup(results, cfg)
    data = {
        "meta": meta,
        "verdict": overall(verdicts),
        "targets": [v.to_json() for v in verdicts],
        "kpis": stats,
        "warmup": found,
    }
    (out / "results.json").write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
    with (out / "replications.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["replication", *ids])
        for i, res in enumerate(results):
            w.writerow([i, *("" if res.kpis.get(k) is None else repr(res.kpis[k]) for k in ids)])
    page = render(meta | {"config": str(args.config)}, stats, results, cfg, verdicts, found)
    (out / "report.html").write_text(page)
    width = max(map(len, ids), default=0)
    for kpi in ids:
        s = stats[kpi]
        print(f"{kpi:<{width}}  {fmt_ci(s['mean'], s['ci_low'], s['ci_high'], s['unit'])}")
    _print_verdict(verdicts, overall(verdicts))
    print(warmup_line(found))
    print(f"wrote {out / 'results.json'}, {out / 'replications.csv'}, {out / 'report.html'}")
    return out, data


def warmup_line(found: dict) -> str:
    """The detected warm-up, with a warning when the configured one is shorter."""
    text = (
        f"warm-up: detected {found['detected_days']:g} days (from {found['driven_by']}), "
        f"configured {found['configured_days']:g}"
    )
    if found["too_short"]:
        text = (
            f"WARNING: {text}: {', '.join(found['too_short'])} too short to judge (MSER-5 with a weekly "
            "cycle needs 48 days before the first peak): the measured period may include the transient"
        )
    elif found["at_limit"]:
        text = (
            f"WARNING: {text}: {', '.join(found['at_limit'])} still changing at half of the stretch examined "
            "(the most MSER-5 may cut), so the transient may be longer: run longer or move the first "
            "peak later"
        )
    elif found["configured_too_short"]:
        text = (
            f"WARNING: {text}: the configured warm-up is shorter than the detected one, so the KPIs "
            f"include the start-up transient (raise run.warmup_days or --warmup-days)"
        )
    return text


def _print_verdict(verdicts: list, verdict: str, design: str = "") -> None:
    """The verdict line, then one line per target, status first."""
    label = f"verdict{f' ({design})' if design else ''}"
    if not verdicts:
        print(f"{label}: no targets declared")
        return
    passed = sum(v.status == "passed" for v in verdicts)
    print(f"{label}: {verdict.upper()}: {passed} of {len(verdicts)} target(s) passed")
    for v in verdicts:
        print(f"  {v.status.upper():<12} {v.line()}")


def compare(args: argparse.Namespace) -> int:
    """Run A and B with common random numbers, print the table, write compare.json and compare.html."""
    if args.b is None and not args.overrides_b and not args.overrides_a:
        print(
            "compare: nothing to compare: give B.yaml, or --set-b FIELD=VALUE for a variant of A",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        a = load_config(args.a, [*args.overrides, *args.overrides_a, *_flags(args)])
        b = load_config(args.b or args.a, [*args.overrides, *args.overrides_b])
    except ConfigError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_USAGE
    if not 0 < args.confidence < 1:
        print(f"compare: --confidence {args.confidence}: must be between 0 and 1", file=sys.stderr)
        return EXIT_USAGE
    from simulation.compare import compare as paired_differences
    from simulation.compare import replicate_designs
    from simulation.experiment import summary
    from simulation.report import render_compare
    from simulation.targets import evaluate_results, overall

    b = b.model_copy(update={"run": a.run})
    r = a.run
    results_a, results_b = replicate_designs(
        [a, b],
        r.replications,
        r.seed,
        workers=args.workers,
        progress=not args.quiet,
        scheduler=args.scheduler,
    )
    rows = paired_differences(results_a, results_b, args.confidence)
    verdicts = {
        name: evaluate_results(cfg.targets, res)
        for name, cfg, res in (("A", a, results_a), ("B", b, results_b))
    }
    describe_b = f"{args.b or args.a}" + "".join(f" --set {o}" for o in [*args.overrides, *args.overrides_b])
    meta = _meta(a) | {
        "a": f"{args.a}" + "".join(f" --set {o}" for o in [*args.overrides, *args.overrides_a]),
        "b": describe_b,
        "a_config_sha256": a.sha256(),
        "b_config_sha256": b.sha256(),
        "confidence": args.confidence,
    }
    del meta["config_sha256"]
    data = {
        "meta": meta,
        "differences": {k: d.to_json() for k, d in rows.items()},
        "targets": {name: [v.to_json() for v in vs] for name, vs in verdicts.items()},
        "verdict": {name: overall(vs) for name, vs in verdicts.items()},
        "kpis": {"A": summary(results_a), "B": summary(results_b)},
    }
    name = f"{args.a.stem}_vs_{args.b.stem if args.b else 'variant'}"
    out = args.out or Path("reports") / "simulation" / "compare" / name
    out.mkdir(parents=True, exist_ok=True)
    (out / "compare.json").write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
    (out / "compare.html").write_text(render_compare(meta, rows, verdicts, a, b))
    print(f"A: {meta['a']}\nB: {meta['b']}\n{r.replications} paired replications, seed {r.seed}\n")
    print(compare_table(rows))
    for design, vs in verdicts.items():
        _print_verdict(vs, overall(vs), design)
    print(f"wrote {out / 'compare.json'}, {out / 'compare.html'}")
    failing = any(v.status != "passed" for vs in verdicts.values() for v in vs)
    return EXIT_FINDINGS if failing else EXIT_OK


def compare_table(rows: dict) -> str:
    """The terminal table: KPI, A, B, B - A [CI], variance reduction by common random numbers, verdict."""
    from simulation.targets import fmt, fmt_ci

    head = ("KPI", "A", "B", "B - A [CI]", "CRN var. red.", "verdict")
    body = [
        (
            d.kpi,
            fmt(d.a_mean, d.unit),
            fmt(d.b_mean, d.unit),
            fmt_ci(d.diff_mean, d.diff_ci_low, d.diff_ci_high, d.unit),
            "n/a" if d.variance_reduction is None else f"{d.variance_reduction:.0%}",
            d.verdict,
        )
        for d in rows.values()
    ]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = [
        "  ".join(
            c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in [head, *body]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        module, _, function = COMMANDS[argv[0]].partition(":")
        return int(getattr(importlib.import_module(module), function)(argv[1:]))
    args = parser().parse_args(argv)
    if args.command == "loadtest":
        return loadtest.main(args)
    if args.command == "loadtest-merge":
        return loadtest.merge_main(args)
    if getattr(args, "scheduler", None):
        from simulation.cluster import INSTALL, available

        if not available():
            print(INSTALL, file=sys.stderr)
            return EXIT_USAGE
    try:
        return _dispatch(args)
    except ClusterError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "compare":
        return compare(args)
    if args.command == "sweep":
        from simulation.sweep_cli import sweep

        return sweep(args, _flags(args), _meta)
    try:
        cfg = _load(args)
    except ConfigError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_USAGE
    if args.command == "validate":
        targets = f", {len(cfg.targets)} target(s)" if cfg.targets else ""
        print(
            f"{args.config}: OK ({len(cfg.warehouses)} warehouse(s), {len(cfg.demand.channels)} channel(s)"
            f"{targets})"
        )
        return EXIT_OK
    _, data = run(args, cfg)
    return EXIT_OK if data["verdict"] in ("passed", "no targets") else EXIT_FINDINGS
