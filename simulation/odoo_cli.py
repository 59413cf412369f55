"""The simulation's Odoo commands: ``python -m simulation from-odoo|kpis-from-odoo`` (read-only).

::

    python -m simulation from-odoo --out model.yaml --since 2026-09-01 --until 2026-11-30 --company "Acme"
    python -m simulation kpis-from-odoo --since 2026-09-01 --until 2026-11-30 --out reports/simulation/odoo
    python -m simulation kpis-from-odoo --since 2026-11-01 --until 2026-11-30 \\
        --baseline reports/simulation/odoo/results.json      # compare with a baseline period

Both read ``ODOO_URL``, ``ODOO_DB``, ``ODOO_USER``, ``ODOO_PASSWORD`` and only read (the driver's read-only
client), so they may run on any database, marked for testing or not. They need the ``odoo`` extra
(``pip install '.[odoo]'``). Exit codes: 0 written, 2 bad input or usage (no history in the window among
them), one line each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import sys
from pathlib import Path

from simulation.exits import EXIT_OK, EXIT_USAGE

DEFAULT_DAYS = 91


def _day(text: str) -> dt.datetime:
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _window(args: argparse.Namespace) -> tuple[dt.datetime, dt.datetime]:
    today = dt.datetime.now(dt.UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    until = args.until or today + dt.timedelta(days=1)
    return args.since or until - dt.timedelta(days=DEFAULT_DAYS), until


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=_day, help=f"first day (UTC, default: {DEFAULT_DAYS} days before --until)")
    p.add_argument("--until", type=_day, help="the day after the last (UTC, default: tomorrow)")
    p.add_argument("--company", help="the company's exact name (default: the user's current company)")


def _history(args: argparse.Namespace, command: str):
    """Connect, then read the company's history in the window (GoliveError when Odoo cannot be read)."""
    from fixtures.target import company_named, connect
    from simulation.odoo_history import read_history

    since, until = _window(args)
    admin, version = connect(command)
    reader = admin.read_only()
    company_id = company_named(reader, admin.uid, args.company)
    (company,) = reader.call("res.company", "read", [company_id], ["name"])
    return read_history(reader, version, company_id, company["name"], since, until)


def _needs_odoo_extra(command: str) -> int | None:
    try:
        import requests  # noqa: F401  (the RPC driver's transport)
    except ModuleNotFoundError:
        print(f"{command}: needs the odoo extra: pip install '.[odoo]'", file=sys.stderr)
        return EXIT_USAGE
    return None


def from_odoo_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="python -m simulation from-odoo",
        description="Calibrate a simulation config from a company's history in Odoo (reads only).",
    )
    p.add_argument("--out", type=Path, required=True, help="the config to write (YAML)")
    _common(p)
    p.add_argument("--tz", default="UTC", help="time zone of the hour and weekday profiles (default UTC)")
    args = p.parse_args(argv)
    if (code := _needs_odoo_extra("from-odoo")) is not None:
        return code
    import yaml

    from drivers.errors import GoliveError
    from simulation.calibration import NoHistory, calibrate
    from simulation.config import ConfigError, validate

    try:
        history = _history(args, "calibrate from")
        config, sources = calibrate(history, args.tz)
    except (GoliveError, NoHistory) as exc:
        print(f"from-odoo: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        validate(config, str(args.out))
    except ConfigError as exc:  # a calibration the schema refuses is golive's defect: say where
        print("\n".join(exc.lines()), file=sys.stderr)
        return EXIT_USAGE
    header = [
        f"Calibrated by golive from-odoo from {history.company!r}, {history.since:%Y-%m-%d} to "
        f"{history.until:%Y-%m-%d}: {len(history.orders)} orders, {len(history.receipts)} receipts.",
        "Labour (shifts, pickers, packers, shippers, task times) is not in Odoo: fill it in.",
        "Where each parameter came from ('DEFAULT': too little history, a default was used):",
        *(s.line() for s in sources),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"# {line}\n" for line in header) + yaml.safe_dump(config, sort_keys=False, width=110)
    args.out.write_text(text)
    sidecar = args.out.with_suffix(".sources.json")
    sidecar.write_text(json.dumps([s.to_json() for s in sources], indent=2) + "\n")
    print("\n".join(header))
    print(f"wrote {args.out}, {sidecar}")
    return EXIT_OK


def kpis_from_odoo_main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(
        prog="python -m simulation kpis-from-odoo",
        description="The simulation's KPIs measured on Odoo's records, one value per week (reads only).",
    )
    _common(p)
    p.add_argument("--out", type=Path, default=Path("reports/simulation/odoo"), help="folder of the files")
    p.add_argument("--target-cycle-time-h", type=float, default=48.0, help="for otif (default 48)")
    p.add_argument(
        "--fill-window-h",
        type=float,
        default=24.0,
        help="a line is filled when the first delivery shipped it in full within this many hours of the "
        "order (default 24)",
    )
    p.add_argument("--baseline", type=Path, help="an earlier results.json to compare with (baseline.html)")
    args = p.parse_args(argv)
    if (code := _needs_odoo_extra("kpis-from-odoo")) is not None:
        return code
    from drivers.errors import GoliveError

    baseline = None
    if args.baseline:
        try:
            baseline = json.loads(args.baseline.read_text())["kpis"]
        except (OSError, ValueError, KeyError) as exc:
            print(f"kpis-from-odoo: --baseline {args.baseline}: not a results.json ({exc})", file=sys.stderr)
            return EXIT_USAGE
    try:
        history = _history(args, "read the KPIs of")
    except GoliveError as exc:
        print(f"kpis-from-odoo: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not history.orders and not history.receipts:
        print(
            f"kpis-from-odoo: company {history.company!r} has no confirmed sales order and no receipt from "
            f"{history.since:%Y-%m-%d} to {history.until:%Y-%m-%d}: no KPI to measure",
            file=sys.stderr,
        )
        return EXIT_USAGE
    data = write_kpis(history, args.out, args.target_cycle_time_h, baseline, args.fill_window_h)
    print(
        f"{history.company}: {len(history.orders)} orders, {len(history.receipts)} receipts, "
        f"{data['meta']['replications']} week(s)"
    )
    from simulation.targets import fmt_ci

    width = max(map(len, data["kpis"]))
    for kpi, s in data["kpis"].items():
        print(f"{kpi:<{width}}  {fmt_ci(s['mean'], s['ci_low'], s['ci_high'], s['unit'])}")
    print(
        f"wrote {args.out / 'results.json'}, {args.out / 'replications.csv'}"
        + (f", {args.out / 'baseline.html'}" if baseline else "")
    )
    return EXIT_OK


def write_kpis(
    history, out: Path, target_cycle_time_h: float, baseline: dict | None, fill_window_h: float = 24.0
) -> dict:
    """results.json (weeks as replications), replications.csv and, with a baseline, baseline.html."""
    import csv

    from simulation.cli import golive_version
    from simulation.experiment import confidence_interval
    from simulation.kpis import describe
    from simulation.odoo_kpis import ODOO_KPIS, weekly_kpis

    weeks = weekly_kpis(history, target_cycle_time_h, fill_window_h)
    stats = {}
    for kpi in ODOO_KPIS:
        stats[kpi] = confidence_interval([w[kpi] for w in weeks]) | {"unit": describe(kpi).unit}
    data = {
        "meta": {
            "source": "odoo",
            "company": history.company,
            "since": f"{history.since:%Y-%m-%d}",
            "until": f"{history.until:%Y-%m-%d}",
            "replications": len(weeks),
            "replication": "week",
            "target_cycle_time_h": target_cycle_time_h,
            "fill_window_h": fill_window_h,
            "golive_version": golive_version(),
        },
        "verdict": "no targets",
        "targets": [],
        "kpis": stats,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(data, indent=2, allow_nan=False) + "\n")
    with (out / "replications.csv").open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["replication", *ODOO_KPIS])
        for i, week in enumerate(weeks):
            w.writerow([i, *("" if week[k] is None else repr(week[k]) for k in ODOO_KPIS)])
    if baseline is not None:
        (out / "baseline.html").write_text(baseline_page(baseline, stats, data["meta"]))
    return data


def baseline_page(baseline: dict, later: dict, meta: dict) -> str:
    """A short HTML table: each KPI in the baseline period and in the later one, and which way it moved."""
    from simulation.kpis import better
    from simulation.targets import fmt_ci

    rows = []
    for kpi, s in later.items():
        b = baseline.get(kpi)
        if b is None:
            continue
        moved = "n/a"
        if s["mean"] is not None and b["mean"] is not None:
            direction = better(kpi)
            change = s["mean"] - b["mean"]
            moved = (
                "same"
                if abs(change) < 1e-12
                else ("better" if (change > 0) == (direction == "higher") else "worse")
                if direction
                else ("higher" if change > 0 else "lower")
            )
        rows.append(
            f"<tr><td><code>{html.escape(kpi)}</code></td>"
            f"<td>{html.escape(fmt_ci(b['mean'], b['ci_low'], b['ci_high'], s['unit']))}</td>"
            f"<td>{html.escape(fmt_ci(s['mean'], s['ci_low'], s['ci_high'], s['unit']))}</td>"
            f"<td>{moved}</td></tr>"
        )
    title = f"KPIs of {meta['company']}, {meta['since']} to {meta['until']}, against the baseline"
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1><p>Weekly values; mean [95% CI over the weeks].</p>"
        "<table border='1' cellpadding='4'><tr><th>KPI</th><th>baseline</th><th>this period</th>"
        f"<th>moved</th></tr>{''.join(rows)}</table></body></html>\n"
    )
