"""``python -m simulation loadtest CONFIG``: replay the simulated peak against a live Odoo and measure it.

    python -m simulation loadtest simulation/examples/regional_distributor.yaml --scale 0.2 --duration 10m
    ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_PASSWORD=... python -m simulation loadtest CONFIG --scale 1
    python -m simulation loadtest-merge plan.json stage.json samples-0.json samples-1.json --out DIR

Without ODOO_URL the command starts golive's local harness (fixtures/harness.py: ODOO_HOME, a fresh copy
of the template database, dropped at the end; ``--odoo-workers N`` starts it with ``--workers N``).
Writes ``loadtest.json`` and ``loadtest.html`` (default folder reports/loadtest/<config name>/).
``loadtest-merge`` writes the same two files from the samples of every part of a replay split over
processes or hosts (the engine's ``--part I/N``; docs/loadtest.md, distributed mode).
Exit status: 0 every request answered without error; 1 some failed or were unanswered at the end (each
error named); 2 bad input, no Locust, no Odoo, or a database not marked for testing (one line).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from simulation.config import ConfigError, load_config
from simulation.exits import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from simulation.loadtest.parts import PartsError, check_parts, digest
from simulation.loadtest.plan import DEFAULT_PRODUCTS, Plan, build_plan, parse_duration

INSTALL_LOCUST = "loadtest: needs Locust, which is not installed: pip install '.[load]'"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``loadtest`` subcommand (the dispatcher in simulation/cli.py calls :func:`main` with its args)."""
    p = sub.add_parser(
        "loadtest",
        help="replay the simulated peak's orders against a live Odoo as role sessions (Locust, open loop)",
        description="Writes loadtest.json and loadtest.html. Odoo: ODOO_URL, ODOO_DB, ODOO_USER, "
        "ODOO_PASSWORD, or else the local harness at ODOO_HOME.",
    )
    p.add_argument("config", type=Path)
    p.add_argument("--scale", type=float, default=0.2, help="times the peak's order rate (0.2)")
    p.add_argument("--duration", default="10m", help="run time: 600, 90s, 10m (10m)")
    p.add_argument("--peak-day", type=int, help="day of the simulation to replay (default: its busiest)")
    p.add_argument("--out", type=Path, help="default: reports/loadtest/<config name>/")
    p.add_argument("--products", type=int, default=DEFAULT_PRODUCTS, help="products the SKUs map onto")
    p.add_argument("--sessions", type=int, default=3, help="Odoo sessions (Locust users) per role (3)")
    p.add_argument("--drain", type=float, default=60.0, help="seconds to wait for answers after the run (60)")
    p.add_argument("--max-requests", type=int, default=20000, help="refuse a plan with more requests")
    p.add_argument(
        "--odoo-workers",
        type=int,
        help="the harness: start odoo-bin with --workers N; ODOO_URL: record the server's workers as N",
    )
    p.add_argument("--namespace", help="run id of the records made (default: a new one)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="FIELD=VALUE")
    m = sub.add_parser(
        "loadtest-merge",
        help="merge the samples of a load test's parts (engine --part I/N) into one loadtest.json and .html",
        description="Every part of the plan, each once, from the plan.json and stage.json they replayed.",
    )
    m.add_argument("plan", type=Path, help="plan.json, as written by loadtest")
    m.add_argument("stage", type=Path, help="stage.json, as written by loadtest")
    m.add_argument("samples", type=Path, nargs="+", help="each part's samples file")
    m.add_argument("--out", type=Path, help="default: plan.json's folder")
    m.add_argument("--odoo-workers", type=int, help="record the server's --workers as N")


def main(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("locust") is None:
        print(INSTALL_LOCUST, file=sys.stderr)
        return EXIT_USAGE
    try:
        cfg = load_config(args.config, args.overrides)
    except ConfigError as exc:
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_USAGE
    try:
        duration = parse_duration(args.duration)
        if args.sessions < 1 or args.drain < 0:
            raise ValueError("--sessions must be 1 or more and --drain 0 or more")
        plan = build_plan(
            cfg,
            scale=args.scale,
            duration_s=duration,
            day=args.peak_day,
            products=args.products,
            config_name=cfg.name,
            max_requests=args.max_requests,
        )
    except ValueError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not plan.requests:
        print(
            f"loadtest: no order falls in the {duration:g} s replayed at scale {args.scale:g}: raise "
            "--scale or --duration",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from drivers.errors import GoliveError  # the Odoo side: requests, psycopg2, Faker
    from fixtures.live import LiveOdoo
    from fixtures.namespace import Namespace, new_run_id
    from simulation.loadtest.stage import engine_environment, odoo_for_loadtest, prepare

    out = args.out or Path("reports") / "loadtest" / args.config.stem
    out.mkdir(parents=True, exist_ok=True)
    run_id = args.namespace or new_run_id()
    print(
        f"loadtest: {cfg.name}: {args.scale:g} times the peak (day {plan.peak_day}, hour "
        f"{plan.window_start_h % 24:g}) for {duration:g} s: {len(plan.orders)} orders, "
        f"{len(plan.requests)} requests",
        flush=True,
    )
    try:
        with odoo_for_loadtest(os.environ, workers=args.odoo_workers, run_id=run_id) as (target, server):
            prepared = time.monotonic()
            live = LiveOdoo.connect(target)
            stage, credentials = prepare(live, plan, cfg, Namespace(run_id, "load", f"loadtest:{cfg.name}"))
            (out / "plan.json").write_text(json.dumps(plan.to_json()) + "\n")
            settings = {k: server[k] for k in ("source", "workers", "workers_known")}
            (out / "stage.json").write_text(json.dumps(stage | {"server": settings}) + "\n")
            samples_file = out / "samples.json"
            samples_file.unlink(missing_ok=True)
            print(
                f"loadtest: Odoo {live.server_version} at {target.safe_url} ({server['source']}), "
                f"workers {server['workers'] if server['workers_known'] else 'unknown'}; "
                f"{len(stage['products'])} products under [{stage['namespace']}], "
                f"prepared in {time.monotonic() - prepared:.0f} s",
                flush=True,
            )
            command = [
                sys.executable, "-m", "simulation.loadtest.engine",
                str(out / "plan.json"), str(out / "stage.json"), str(samples_file),
                "--sessions", str(args.sessions), "--drain", str(args.drain),
            ]  # fmt: skip
            engine = subprocess.run(
                command, env=engine_environment(credentials), timeout=duration + args.drain + 300, check=False
            )
            if engine.returncode != 0 or not samples_file.exists():
                print(f"loadtest: the load generator failed (exit {engine.returncode})", file=sys.stderr)
                return EXIT_FINDINGS
    except GoliveError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return write_result(out, plan, stage, server, [json.loads(samples_file.read_text())])


def merge_main(args: argparse.Namespace) -> int:
    """``loadtest-merge``: one result from the samples of every part of a plan (exit 2, one line, when
    a file is missing or unreadable, or the parts are not exactly this plan's, each once)."""
    try:
        plan_bytes, stage_bytes = args.plan.read_bytes(), args.stage.read_bytes()
        plan, stage = Plan.from_json(json.loads(plan_bytes)), json.loads(stage_bytes)
        engines = [json.loads(path.read_text()) for path in args.samples]
        check_parts(
            engines,
            [str(path) for path in args.samples],
            plan_sha256=digest(plan_bytes),
            stage_sha256=digest(stage_bytes),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:  # PartsError and JSONDecodeError included
        if isinstance(exc, PartsError):
            why = str(exc)
        elif isinstance(exc, OSError) and exc.filename:
            why = f"{exc.filename}: {exc.strerror}"
        else:
            why = f"{type(exc).__name__}: {exc}"
        print(f"loadtest-merge: {why}", file=sys.stderr)
        return EXIT_USAGE
    server = stage.get("server", {"source": "unknown", "workers": None, "workers_known": False})
    if args.odoo_workers is not None:
        server = server | {"workers": args.odoo_workers, "workers_known": True}
    out = args.out or args.plan.parent
    out.mkdir(parents=True, exist_ok=True)
    return write_result(out, plan, stage, server, engines)


def write_result(out: Path, plan: Plan, stage: dict, server: dict, engines: list[dict]) -> int:
    """Write loadtest.json and loadtest.html into ``out`` and print the table, warnings and errors;
    the exit status: 1 when a request failed or went unanswered, else 0."""
    from simulation.loadtest.report import render, result, samples_of, table_lines

    data = result(plan, stage, server, engines)
    (out / "loadtest.json").write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
    (out / "loadtest.html").write_text(render(data, samples_of(engines)))
    print("\n".join(table_lines(data)))
    for line in data["generator_cpu"]["warnings"]:
        print(line)
    for error in data["errors"]:
        print(f"error: {error}")
    failed = sum(r["errors"] for r in data["operations"].values())
    print(
        f"loadtest: {sum(len(e['samples']) for e in engines)} requests, {failed} failed; wrote "
        f"{out / 'loadtest.json'}, {out / 'loadtest.html'}"
    )
    return EXIT_FINDINGS if failed else EXIT_OK
