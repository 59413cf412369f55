"""The self-contained HTML report: KPI table with confidence intervals and plots embedded as base64 PNG.

    html = render(meta, summary(results), results, config)
    Path("report.html").write_text(html)

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

from simulation.config import Config
from simulation.kpis import describe
from simulation.model import Result

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px}
h1{margin-bottom:.2rem} .sub{color:#666;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:1rem 0}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child,td.d{text-align:left} td.d{color:#555;font-size:.8rem}
tr:hover{background:#f6f8fa} .meta td{text-align:left} img{max-width:100%;margin:.5rem 0}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
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


def inventory_plot(results: list[Result], warmup_days: float) -> str:
    fig = Figure(figsize=(12, 3.8), layout="constrained")
    ax = fig.add_subplot()
    day = results[0].series["inventory"]["day"]
    for name in results[0].series["inventory"]["by_class"]:
        runs = np.array([r.series["inventory"]["by_class"][name] for r in results])
        line = ax.plot(day, runs.mean(axis=0), label=f"class {name}")[0]
        ax.fill_between(day, runs.min(axis=0), runs.max(axis=0), color=line.get_color(), alpha=0.2)
    ax.axvline(warmup_days, color="#999", linestyle=":", label="end of warm-up")
    ax.set(
        title="Units on hand by SKU class (mean, band = min-max over replications)",
        xlabel="day",
        ylabel="units",
    )
    ax.legend(fontsize=7, ncols=6)
    return _png(fig)


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


def render(meta: dict[str, Any], summary: dict[str, dict], results: list[Result], config: Config) -> str:
    """The whole report as one HTML string."""
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
{inventory_plot(results, config.run.warmup_days)}
<h2>Labour</h2>
{util}
</body></html>
"""
