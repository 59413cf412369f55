"""``python -m simulation sweep``: a grid of designs with common random numbers, and the target search.

    python -m simulation sweep simulation/examples/regional_distributor.yaml \\
        --set warehouses.0.pickers=8..14 --replications 5 --kpi otif
    python -m simulation sweep simulation/examples/regional_distributor.yaml \\
        --set warehouses.0.pickers=6..12 --target "otif>=0.95" --target "cycle_time_mean_h<=24"

Writes ``sweep.csv`` (one row per point and KPI), ``sweep.json`` and ``sweep.html`` (each chosen KPI
against the first swept parameter, with its confidence band) to reports/simulation/sweep/<config>/.
Exit status: 0 done (a search decided), 1 the search is undecided or no value meets the targets,
or (without --target) a declared target of some point is not passed; 2 bad input.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path

from simulation.config import Config, ConfigError, load_config
from simulation.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from simulation.sweep import GridError, grid, parse_axis, search, search_axis, targets_override

DEFAULT_KPIS = ["line_fill_rate", "otif", "cycle_time_mean_h"]


def sweep(args: argparse.Namespace, flags: list[str], meta_of: Callable[[Config], dict]) -> int:
    """The ``sweep`` command: ``flags`` are the run options as ``--set`` overrides, ``meta_of(config)``
    the run's metadata for sweep.json (both from simulation.cli)."""
    try:
        if not args.overrides:
            raise GridError("sweep: give at least one --set FIELD=VALUES (e.g. warehouses.0.pickers=8..14)")
        axes = [parse_axis(item) for item in args.overrides]
        points = grid(axes)
        extra = list(flags)
        if args.target:
            if not 0 < args.confidence < 1:
                raise GridError(f"--confidence {args.confidence}: must be between 0 and 1")
            extra.append(targets_override(args.target, args.confidence))
            axis, candidates = search_axis(axes)
        configs = [load_config(args.config, [*(f"{f}={v}" for f, v in p.items()), *extra]) for p in points]
    except GridError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_USAGE
    from simulation.experiment import replicate_designs, summary
    from simulation.report import render_sweep
    from simulation.targets import evaluate_results, overall

    r = configs[0].run
    budget = args.budget or 4 * r.replications
    if args.target and budget < r.replications:
        print(f"--budget {budget}: must be at least --replications ({r.replications})", file=sys.stderr)
        return EXIT_USAGE

    def run_designs(designs: list[Config], first: int, n: int) -> list[list]:
        return replicate_designs(
            designs, n, r.seed, args.workers, not args.quiet, scheduler=args.scheduler, first=first
        )

    results = run_designs(configs, 0, r.replications)
    found = None
    if args.target:
        by_value = dict(zip(candidates, configs, strict=True))

        def judge(res: list) -> tuple[str, list]:
            verdicts = evaluate_results(configs[0].targets, res)
            return overall(verdicts), verdicts

        found = search(
            axis.field,
            candidates,
            judge,
            lambda vs, first, n: run_designs([by_value[v] for v in vs], first, n),
            r.replications,
            budget,
            initial=results,
        )
        results = [p.results for p in found.points]
    rows = []
    for p, cfg, res in zip(points, configs, results, strict=True):
        verdicts = evaluate_results(cfg.targets, res)
        rows.append(
            {
                "values": p,
                "replications": len(res),
                "kpis": summary(res),
                "verdict": overall(verdicts),
                "targets": [v.to_json() for v in verdicts],
            }
        )
    chosen = args.kpi or list(dict.fromkeys([*configs[0].targets, *DEFAULT_KPIS]))
    meta = meta_of(configs[0]) | {"config": str(args.config), "axes": {a.field: a.values for a in axes}}
    del meta["config_sha256"]
    data = {"meta": meta, "points": rows, "search": found.to_json() if found else None}
    out = args.out or Path("reports") / "simulation" / "sweep" / args.config.stem
    out.mkdir(parents=True, exist_ok=True)
    (out / "sweep.json").write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
    fields = [a.field for a in axes]
    with (out / "sweep.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow([*fields, "replications", "kpi", "mean", "ci_low", "ci_high", "n", "unit"])
        for row in rows:
            for kpi, s in row["kpis"].items():
                w.writerow(
                    [
                        *row["values"].values(),
                        row["replications"],
                        kpi,
                        *("" if s[k] is None else s[k] for k in ("mean", "ci_low", "ci_high", "n")),
                        s["unit"],
                    ]
                )
    (out / "sweep.html").write_text(render_sweep(meta, axes, rows, chosen, configs[0], found))
    _print_table(fields, rows, chosen)
    if found:
        print("\n".join(found.lines()))
    print(f"wrote {out / 'sweep.csv'}, {out / 'sweep.json'}, {out / 'sweep.html'}")
    if found:
        return EXIT_OK if found.decided else EXIT_FINDINGS
    return EXIT_OK if all(row["verdict"] in ("passed", "no targets") for row in rows) else EXIT_FINDINGS


def _print_table(fields: list[str], rows: list[dict], kpis: list[str]) -> None:
    from simulation.targets import fmt_ci

    head = [*fields, "n", *kpis, "verdict"]
    body = []
    for row in rows:
        cells = [*row["values"].values(), str(row["replications"])]
        for k in kpis:
            s = row["kpis"].get(k)
            cells.append(fmt_ci(s["mean"], s["ci_low"], s["ci_high"], s["unit"]) if s else "not measured")
        body.append([*cells, row["verdict"]])
    widths = [max(len(str(r[i])) for r in [head, *body]) for i in range(len(head))]
    for r in [head, *body]:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths, strict=True)).rstrip())
