"""The self-contained HTML reports: a run's verdict, bottlenecks, KPIs with confidence intervals and plots
(embedded as base64 PNG), and the comparison of two designs.

    html = render(meta, summary(results), results, config, verdicts)
    Path("report.html").write_text(html)
    Path("compare.html").write_text(render_compare(meta, differences, verdicts_by_design, a, b))

No external resources: the page opens offline (no CDN, no scripts).
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simulation.compare import Difference
from simulation.config import ACTIVITIES, Config
from simulation.kpis import describe
from simulation.model import Result
from simulation.targets import Verdict, fmt, fmt_ci, overall

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px}
h1{margin-bottom:.2rem} .sub{color:#666;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child,td.d,td.l{text-align:left} td.d{color:#555;font-size:.8rem}
tr:hover{background:#f6f8fa} .meta td{text-align:left} img{max-width:100%;margin:.5rem 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.verdict{padding:.6rem 1rem;border-radius:6px;font-size:1.2rem;font-weight:600}
.passed{background:#e6f4ea;color:#137333} .failed{background:#fce8e6;color:#a50e0e}
.inconclusive{background:#fef7e0;color:#8a5a00} .none{background:#f1f3f4;color:#444}
td.passed,td.failed,td.inconclusive{font-weight:600}
"""


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buf)
    return f'<img alt="" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "–"
    if unit == "fraction":
        return f"{v:.4f}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"


def kpi_table(summary: dict[str, dict]) -> str:
    rows = []
    for kpi, s in summary.items():
        unit = s["unit"]
        ci = "–" if s["ci_low"] is None else f"[{_fmt(s['ci_low'], unit)}, {_fmt(s['ci_high'], unit)}]"
        rows.append(
            f"<tr><td><code>{html.escape(kpi)}</code></td><td>{_fmt(s['mean'], unit)}</td><td>{ci}</td>"
            f"<td>{html.escape(unit)}</td><td>{s['n']}</td>"
            f'<td class="d">{html.escape(describe(kpi).description)}</td></tr>'
        )
    head = "<tr><th>KPI</th><th>mean</th><th>95% CI</th><th>unit</th><th>n</th><th>definition</th></tr>"
    return f"<table>{head}{''.join(rows)}</table>"


def channel_table(results: list[Result]) -> str:
    """Per channel, means over replications: orders, fill rate, OTIF, p95 cycle time against the target."""

    def mean(name: str, key: str) -> float | None:
        vals = [
            r.series["channels"][name][key] for r in results if r.series["channels"][name][key] is not None
        ]
        return float(np.mean(vals)) if vals else None

    rows = []
    for name, first in results[0].series["channels"].items():
        cells = [
            _fmt(mean(name, "orders"), "orders"),
            _fmt(mean(name, "order_fill_rate"), "fraction"),
            _fmt(mean(name, "otif"), "fraction"),
            _fmt(mean(name, "cycle_time_p95_h"), "h"),
            f"{first['target_cycle_time_h']:g}",
        ]
        rows.append(f"<tr><td>{html.escape(name)}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = (
        "<tr><th>channel</th><th>orders measured</th><th>order fill rate</th><th>OTIF</th>"
        "<th>cycle time p95 (h)</th><th>target cycle time (h)</th></tr>"
    )
    return f"<table>{head}{''.join(rows)}</table>"


def fill_rate_plot(results: list[Result], summary: dict[str, dict]) -> str:
    fig = Figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.add_subplot()
    daily = [v for r in results for v in r.series["daily_unit_fill_rate"] if v is not None]
    if daily:
        ax.hist(daily, bins=30, color="#4c78a8")
    for kpi, color in (
        ("order_fill_rate", "#e45756"),
        ("line_fill_rate", "#f58518"),
        ("unit_fill_rate", "#54a24b"),
    ):
        if summary.get(kpi, {}).get("mean") is not None:
            ax.axvline(summary[kpi]["mean"], color=color, label=f"{kpi} (mean)")
    ax.set(title="Fill rate: daily unit fill rate over all replications", xlabel="fraction", ylabel="days")
    ax.legend(fontsize=7)
    return _png(fig)


def cycle_time_plot(results: list[Result]) -> str:
    fig = Figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ct = np.array([v for r in results for v in r.series["cycle_time_sample_h"]])
    if len(ct):
        ax.hist(ct, bins=60, color="#72b7b2")
        for q, style in ((50, "-"), (95, "--")):
            ax.axvline(
                np.percentile(ct, q),
                color="#333",
                linestyle=style,
                label=f"p{q} {np.percentile(ct, q):.1f} h",
            )
        ax.legend(fontsize=7)
    ax.set(title="Order cycle time (sample of complete orders)", xlabel="hours", ylabel="orders")
    return _png(fig)


def inventory_plot(results: list[Result], warmup_days: float, warmup: dict | None = None) -> str:
    fig = Figure(figsize=(12, 3.8), layout="constrained")
    ax = fig.add_subplot()
    day = results[0].series["inventory"]["day"]
    for name in results[0].series["inventory"]["by_class"]:
        runs = np.array([r.series["inventory"]["by_class"][name] for r in results])
        line = ax.plot(day, runs.mean(axis=0), label=f"class {name}")[0]
        ax.fill_between(day, runs.min(axis=0), runs.max(axis=0), color=line.get_color(), alpha=0.2)
    ax.axvline(warmup_days, color="#999", linestyle=":", label="end of warm-up")
    if warmup:
        ax.axvline(warmup["detected_days"], color="#a50e0e", linestyle="--", label="detected warm-up")
    ax.set(
        title="Units on hand by SKU class (mean, band = min-max over replications)",
        xlabel="day",
        ylabel="units",
    )
    ax.legend(fontsize=7, ncols=6)
    return _png(fig)


def warmup_section(warmup: dict | None, config: Config) -> str:
    """The detected warm-up per series against the configured one, with a warning when it is shorter."""
    if not warmup:
        return ""
    rows = "".join(
        f"<tr><td><code>{html.escape(name)}</code></td><td>{days:g}</td></tr>"
        for name, days in warmup["by_series"].items()
    )
    limit = (
        f" {', '.join(warmup['at_limit'])} still changed at half of the stretch examined (the most MSER-5"
        " may cut): the transient may be longer than detected."
        if warmup.get("at_limit")
        else ""
    ) + (
        f" {', '.join(warmup['too_short'])}: too short to judge (48 days before the first peak needed)."
        if warmup.get("too_short")
        else ""
    )
    status, text = (
        (
            "failed",
            "The configured warm-up is SHORTER than the detected one: the KPIs include the start-up "
            "transient. Raise <code>run.warmup_days</code>.",
        )
        if warmup["configured_too_short"]
        else ("passed", "The measured period starts past the detected transient.")
    )
    return f"""<h3>Warm-up</h3>
<div class="verdict {status}">Detected warm-up {warmup["detected_days"]:g} days (from
<code>{html.escape(str(warmup["driven_by"]))}</code>); configured {config.run.warmup_days:g} days,
measured period days {config.run.warmup_days:g} to {config.run.warmup_days + config.run.days:g}.
{text}{limit}</div>
<p>{html.escape(warmup["method"])}. Detected days per series (the run's is the longest):</p>
<table><tr><th>series</th><th>detected warm-up (days)</th></tr>{rows}</table>"""


def utilisation_plot(results: list[Result]) -> str:
    pools = list(results[0].series["utilisation_by_hour"])
    fig = Figure(figsize=(12, 3.8), layout="constrained")
    ax = fig.add_subplot()
    for pool in pools:
        runs = [r.series["utilisation_by_hour"][pool] for r in results]
        mean = [np.mean([x[h] for x in runs]) if runs[0][h] is not None else np.nan for h in range(24)]
        ax.plot(range(24), mean, marker="o", markersize=3, label=pool)
    ax.set(
        title="Utilisation by hour of day (rostered hours only)", xlabel="hour of day", ylabel="utilisation"
    )
    ax.set_xticks(range(0, 24, 2))
    ax.legend(fontsize=7, ncols=4)
    return _png(fig)


def verdict_section(verdicts: list[Verdict]) -> str:
    """The verdict banner and the table of targets (measured mean and CI at each target's confidence)."""
    verdict = overall(verdicts)
    if not verdicts:
        return (
            '<p class="verdict none">Verdict: no targets declared (<code>targets:</code> in the config)</p>'
        )
    passed = sum(v.status == "passed" for v in verdicts)
    banner = f"Verdict: {verdict.upper()}: {passed} of {len(verdicts)} target(s) passed"
    rows = "".join(
        f"<tr><td><code>{html.escape(v.kpi)}</code></td><td>{html.escape(v.requirement())}</td>"
        f"<td>{html.escape(v.measured())}</td><td>{v.n}</td>"
        f'<td class="{v.status}">{v.status}</td><td class="d">{html.escape(v.reason)}</td></tr>'
        for v in verdicts
    )
    head = (
        "<tr><th>KPI</th><th>target</th><th>measured mean [CI]</th><th>n</th><th>status</th><th>why</th></tr>"
    )
    return f'<p class="verdict {verdict}">{html.escape(banner)}</p><table>{head}{rows}</table>'


def bottlenecks(summary: dict[str, dict]) -> list[tuple[str, str, dict, dict]]:
    """Labour pools as (pool, warehouse, utilisation, wait) summaries, busiest first."""
    found = []
    for kpi, s in summary.items():
        base, _, scope = kpi.partition(".")
        if base == "utilisation" and scope.count(".") == 1:
            pool, warehouse = scope.split(".")
            found.append((pool, warehouse, s, summary.get(f"wait_mean_h.{scope}", {})))
    order = {a: i for i, a in enumerate(ACTIVITIES)}
    return sorted(found, key=lambda b: (-(b[2]["mean"] or 0), order.get(b[0], 9)))


def _ci(s: dict) -> str:
    return fmt_ci(s.get("mean"), s.get("ci_low"), s.get("ci_high"), s.get("unit", ""))


def bottleneck_section(summary: dict[str, dict]) -> str:
    """Two rankings of the labour pools: by utilisation and by mean wait (95% CIs)."""
    pools = bottlenecks(summary)
    if not pools:
        return "<p>No labour pools.</p>"

    def table(ranked: list, first: str) -> str:
        rows = "".join(
            f'<tr><td>{i}</td><td class="l">{html.escape(p)} at {html.escape(w)}</td>'
            + "".join(
                f"<td>{html.escape(_ci(s))}</td>" for s in ((u, q) if first == "utilisation" else (q, u))
            )
            + "</tr>"
            for i, (p, w, u, q) in enumerate(ranked, 1)
        )
        cols = ("utilisation", "mean wait") if first == "utilisation" else ("mean wait", "utilisation")
        return f"<table><tr><th>rank</th><th>pool</th><th>{cols[0]}</th><th>{cols[1]}</th></tr>{rows}</table>"

    by_wait = sorted(pools, key=lambda b: -(b[3].get("mean") or 0))
    return f'<div class="grid"><div><h3>By utilisation</h3>{table(pools, "utilisation")}</div>' + (
        f"<div><h3>By wait</h3>{table(by_wait, 'wait')}</div></div>"
    )


def render(
    meta: dict[str, Any],
    summary: dict[str, dict],
    results: list[Result],
    config: Config,
    verdicts: list[Verdict] = (),
    warmup: dict | None = None,
) -> str:
    """The whole report as one HTML string: verdict first, then bottlenecks, KPIs and plots."""
    meta_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in meta.items()
    )
    util = (
        utilisation_plot(results) if results[0].series["utilisation_by_hour"] else "<p>No labour pools.</p>"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>golive simulation: {html.escape(config.name)}</title>
<style>{CSS}</style></head><body>
<h1>Capacity simulation: {html.escape(config.name)}</h1>
<p class="sub">{html.escape(config.description)}</p>
{verdict_section(list(verdicts))}
<h2>Bottlenecks</h2>
<p>Labour pools ranked by utilisation (busy over rostered hours) and by the mean wait of a job in the
pool's queue, with 95% confidence intervals.</p>
{bottleneck_section(summary)}
<h2>Run</h2>
<table class="meta">{meta_rows}</table>
<h2>KPIs</h2>
<p>Mean over replications with the 95% confidence interval (Student t). Rates are fractions, times hours.</p>
{kpi_table(summary)}
<h2>Channels</h2>
<p>OTIF counts orders complete within their channel's target cycle time.</p>
{channel_table(results)}
<h2>Distributions</h2>
<div class="grid">{fill_rate_plot(results, summary)}{cycle_time_plot(results)}</div>
<h2>Inventory over time</h2>
{inventory_plot(results, config.run.warmup_days, warmup)}
{warmup_section(warmup, config)}
<h2>Labour</h2>
{util}
</body></html>
"""


def difference_plot(rows: dict[str, Difference]) -> str:
    """B - A relative to A's mean, with its paired CI, per KPI: green better, red worse, grey otherwise."""
    shown = [
        d
        for d in rows.values()
        if d.diff_ci_low is not None and d.a_mean not in (None, 0) and d.unit != "jobs"
    ]
    fig = Figure(figsize=(9, 0.28 * len(shown) + 1.4), layout="constrained")
    ax = fig.add_subplot()
    for y, d in enumerate(reversed(shown)):
        scale = 100 / abs(d.a_mean)
        color = "#137333" if "better" in d.verdict else "#a50e0e" if "worse" in d.verdict else "#777"
        mid, low, high = d.diff_mean * scale, d.diff_ci_low * scale, d.diff_ci_high * scale
        ax.errorbar(mid, y, xerr=[[mid - low], [high - mid]], fmt="o", color=color, markersize=4, capsize=2)
    ax.axvline(0, color="#333", linewidth=0.8)
    ax.set_xscale(
        "symlog", linthresh=10
    )  # linear within +-10%, logarithmic beyond: one outlier stays readable
    ax.set_yticks(range(len(shown)), [d.kpi for d in reversed(shown)], fontsize=7)
    ax.set(
        title="B - A in % of A's mean, with the paired confidence interval",
        xlabel="% of A (linear within ±10%, logarithmic beyond)",
    )
    return _png(fig)


def render_compare(
    meta: dict[str, Any],
    rows: dict[str, Difference],
    verdicts: dict[str, list[Verdict]],
    a: Config,
    b: Config,
) -> str:
    """The comparison of two designs as one HTML string: the difference plot, the table, the targets."""
    meta_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in meta.items()
    )
    body = "".join(
        f"<tr><td><code>{html.escape(d.kpi)}</code></td><td>{fmt(d.a_mean, d.unit)}</td>"
        f"<td>{fmt(d.b_mean, d.unit)}</td>"
        f"<td>{html.escape(fmt_ci(d.diff_mean, d.diff_ci_low, d.diff_ci_high, d.unit))}</td>"
        f"<td>{'–' if d.variance_reduction is None else f'{d.variance_reduction:.0%}'}</td>"
        f"<td>{html.escape(d.verdict)}</td></tr>"
        for d in rows.values()
    )
    head = (
        "<tr><th>KPI</th><th>A</th><th>B</th><th>B - A [CI]</th><th>variance reduction</th>"
        "<th>verdict</th></tr>"
    )
    targets = "".join(f"<h3>Design {name}</h3>{verdict_section(vs)}" for name, vs in verdicts.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>golive comparison: {html.escape(a.name)}</title>
<style>{CSS}</style></head><body>
<h1>Design comparison: {html.escape(a.name)}</h1>
<table class="meta">{meta_rows}</table>
<p>Both designs ran the same replications with common random numbers: replication i of A and of B used
the same seed, so each random source drew the same stream. The interval is the paired Student-t
interval of B - A at {meta.get("confidence", 0.95):.0%}; the variance reduction is
1 - var(B - A) / (var(A) + var(B)), what pairing saved over independent runs.</p>
{difference_plot(rows)}
<h2>Differences</h2>
<table>{head}{body}</table>
<h2>Targets</h2>
{targets}
</body></html>
"""


def sweep_plot(axes: list, rows: list[dict], kpi: str, targets: dict) -> str:
    """One KPI against the first swept parameter (one line per combination of the others), with its
    confidence band and the target's threshold."""
    first, others = axes[0], axes[1:]
    fig = Figure(figsize=(7, 3.6), layout="constrained")
    ax = fig.add_subplot()
    numeric = first.integers() is not None
    xs = [int(v) for v in first.values] if numeric else list(range(len(first.values)))
    unit = describe(kpi).unit
    for combo in sorted({tuple(row["values"][a.field] for a in others) for row in rows}):
        line = [row for row in rows if tuple(row["values"][a.field] for a in others) == combo]
        stats = [row["kpis"].get(kpi) or {} for row in line]
        mean = [np.nan if s.get("mean") is None else s["mean"] for s in stats]
        low = [np.nan if s.get("ci_low") is None else s["ci_low"] for s in stats]
        high = [np.nan if s.get("ci_high") is None else s["ci_high"] for s in stats]
        label = ", ".join(f"{a.field}={v}" for a, v in zip(others, combo, strict=True)) or None
        drawn = ax.plot(xs, mean, marker="o", markersize=3, label=label)[0]
        ax.fill_between(xs, low, high, color=drawn.get_color(), alpha=0.2)
    target = targets.get(kpi)
    for bound in ("min", "max"):
        value = getattr(target, bound, None) if target else None
        if value is not None:
            ax.axhline(value, color="#a50e0e", linestyle="--", linewidth=0.8, label=f"target {bound}")
    if not numeric:
        ax.set_xticks(xs, first.values, fontsize=7)
    elif len(xs) <= 30:
        ax.set_xticks(xs)
    ax.set(title=f"{kpi} ({unit}), band = 95% CI", xlabel=first.field, ylabel=kpi)
    if others or target:
        ax.legend(fontsize=7)
    return _png(fig)


def render_sweep(
    meta: dict[str, Any], axes: list, rows: list[dict], kpis: list[str], config: Config, search: Any
) -> str:
    """The sweep as one HTML string: the search's answer, a plot per chosen KPI, the table of points."""
    meta_rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in meta.items()
    )
    fields = [a.field for a in axes]
    head = "".join(f"<th>{html.escape(x)}</th>" for x in [*fields, "replications", *kpis, "verdict"])
    body = ""
    for row in rows:
        cells = [*row["values"].values(), row["replications"]]
        for k in kpis:
            s = row["kpis"].get(k)
            cells.append(fmt_ci(s["mean"], s["ci_low"], s["ci_high"], s["unit"]) if s else "not measured")
        body += (
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in [*cells, row["verdict"]]) + "</tr>"
        )
    answer = ""
    if search is not None:
        status = "passed" if search.decided else "inconclusive"
        answer = f'<div class="verdict {status}"><pre>{html.escape(chr(10).join(search.lines()))}</pre></div>'
    plots = "".join(sweep_plot(axes, rows, k, config.targets) for k in kpis)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>golive sweep: {html.escape(config.name)}</title>
<style>{CSS}</style></head><body>
<h1>Parameter sweep: {html.escape(config.name)}</h1>
<p>Every point ran the same replication seeds (common random numbers), so differences between points
are measured on the same demand and the same luck.</p>
{answer}
<table class="meta">{meta_rows}</table>
<div class="grid">{plots}</div>
<h2>Points</h2>
<table><tr>{head}</tr>{body}</table>
</body></html>
"""
