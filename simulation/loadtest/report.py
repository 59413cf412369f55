"""The result of a load test: ``loadtest.json`` (every number) and ``loadtest.html`` (tables and plots).

    data = result(plan, stage, server, engine_output)      # summary per operation, rates, CPU, settings
    Path("loadtest.html").write_text(render(data, samples))

The page: the load it ran (scale, duration, window of the simulated peak, sessions per role), the Odoo
server (version, workers), warnings (generator CPU, shared cores), per operation p50/p95/p99, error rate,
demanded and achieved rates and backlog; plots of response time over time, achieved against demanded
rate over time, and the generator's CPU; the SKU to product mapping.
"""

from __future__ import annotations

import html
import os
from typing import Any

from matplotlib.figure import Figure

from simulation.loadtest.measure import Sample, cpu_verdict, rate_series, summarise
from simulation.loadtest.plan import OPERATIONS, Plan
from simulation.report import CSS, _png

#: Width of the bins of the rate plot, seconds.
RATE_BIN_S = 5.0


def samples_of(engine: dict) -> list[Sample]:
    """The engine's rows ``[op, key, scheduled, sent, done, error]`` as samples."""
    return [Sample(op, at, sent, done, error) for op, _key, at, sent, done, error in engine["samples"]]


def result(plan: Plan, stage: dict, server: dict, engine: dict) -> dict[str, Any]:
    """Everything loadtest.json holds."""
    samples = samples_of(engine)
    cpu = [c[1] for c in engine["cpu"]]
    cores = os.cpu_count() or 1
    return {
        "load": {
            "config": plan.config,
            "scale": plan.scale,
            "duration_s": plan.duration_s,
            "peak_day": plan.peak_day,
            "window_start_h": plan.window_start_h,
            "window_simulated_s": plan.window_h * 3600,
            "orders": len(plan.orders),
            "replenishments": len(plan.replenishments),
            "requests": len(plan.requests),
            "sessions_per_role": engine["sessions_per_role"],
            "engine": f"Locust {engine['locust_version']}, one process (gevent), part {engine['part']}",
        },
        "odoo": {
            "url": stage["url"],
            "database": stage["db"],
            "server_version": stage["server_version"],
            "source": server["source"],
            "workers": server["workers"] if server["workers_known"] else "unknown (give --odoo-workers)",
            "namespace": stage["namespace"],
        },
        "operations": summarise(samples, plan.demanded(), plan.duration_s),
        "generator_cpu": {
            "cores": cores,
            "max_share_of_core": max(cpu, default=0.0),
            "mean_share_of_core": sum(cpu) / len(cpu) if cpu else 0.0,
            "series": engine["cpu"],
            "warnings": cpu_verdict(cpu, cores),
        },
        "locust_statistics": engine["locust"],
        "sku_mapping": [
            {"product": i, "reference": ref, "class": cls}
            for i, (ref, cls) in enumerate(zip(stage["product_refs"], stage["product_classes"], strict=True))
        ],
        "errors": sorted({s.error for s in samples if s.error}),
    }


def table_lines(data: dict) -> list[str]:
    """The terminal table: one line per operation."""
    head = f"{'operation':<28} {'demanded/s':>10} {'achieved/s':>10} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} "
    lines = [head + f"{'errors':>7} {'backlog':>7}"]
    for row in data["operations"].values():
        p = [("-" if row[k] is None else f"{row[k]:.2f}") for k in ("p50_s", "p95_s", "p99_s")]
        lines.append(
            f"{row['operation']:<28} {row['demanded_per_s']:>10.3f} {row['achieved_per_s']:>10.3f} "
            f"{p[0]:>7} {p[1]:>7} {p[2]:>7} {row['error_rate']:>7.0%} {row['backlog_at_end']:>7}"
        )
    return lines


def render(data: dict, samples: list[Sample]) -> str:
    """The whole page as one HTML string (no external resources)."""
    load, odoo = data["load"], data["odoo"]
    settings = {
        "config": load["config"],
        "load": f"{load['scale']:g} times the peak's order rate for {load['duration_s']:g} s",
        "simulated window": f"day {load['peak_day']}, from hour {load['window_start_h'] % 24:g}, "
        f"{load['window_simulated_s']:.0f} simulated seconds",
        "orders, replenishments, requests": f"{load['orders']}, {load['replenishments']}, {load['requests']}",
        "sessions per role": load["sessions_per_role"],
        "engine": load["engine"],
        "Odoo": f"{odoo['server_version']} at {odoo['url']}, database {odoo['database']} ({odoo['source']})",
        "Odoo workers": odoo["workers"],
        "namespace": odoo["namespace"],
        "generator CPU": f"max {data['generator_cpu']['max_share_of_core']:.0%} of a core, "
        f"mean {data['generator_cpu']['mean_share_of_core']:.0%}; {data['generator_cpu']['cores']} cores",
    }
    rows = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{html.escape(str(v))}</td></tr>" for k, v in settings.items()
    )
    warnings = "".join(
        f"<p class='inconclusive'>{html.escape(w)}</p>" for w in data["generator_cpu"]["warnings"]
    )
    errors = "".join(f"<li>{html.escape(e)}</li>" for e in data["errors"])
    mapping = "".join(
        f"<tr><td>{m['product']}</td><td>{html.escape(m['reference'])}</td><td>{html.escape(m['class'])}</td></tr>"
        for m in data["sku_mapping"]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>golive load test: {html.escape(load["config"])}</title>
<style>{CSS}</style></head><body>
<h1>Peak load test: {html.escape(load["config"])}</h1>
<p class="sub">The simulated peak's order stream replayed against Odoo as concurrent role sessions, open
loop: each request is sent at its scheduled time and its response time runs from that time.</p>
{warnings}
<h2>Load and server</h2>
<table class="meta">{rows}</table>
<h2>Operations</h2>
<p>Response times of the successful requests, from each request's scheduled time, in seconds. Demanded:
requests scheduled per second of the run; achieved: requests answered successfully within it; backlog:
requests due within the run and not answered by its end.</p>
{_operations_table(data["operations"])}
{f"<h3>Errors</h3><ul>{errors}</ul>" if errors else ""}
<h2>Response time over time</h2>
{_latency_plot(samples, load["duration_s"])}
<h2>Achieved against demanded rate</h2>
<p>Order entries need no earlier request, so they are sent at their scheduled times whatever Odoo does;
a later step waits for the one it follows (a delivery for its order's confirmation), and that wait counts
in its response time.</p>
{_rate_plot(samples, load["duration_s"])}
<h2>Load generator CPU</h2>
{_cpu_plot(data["generator_cpu"]["series"])}
<h2>SKU mapping</h2>
<p>The simulated SKUs map onto these products, class by class: SKU s of a class whose SKUs are lo..hi-1
and whose products are p0..p1-1 is product p0 + (s - lo) mod (p1 - p0).</p>
<table><tr><th>product</th><th>reference</th><th>SKU class</th></tr>{mapping}</table>
</body></html>
"""


def _operations_table(operations: dict[str, dict]) -> str:
    head = (
        "<tr><th>operation</th><th>demanded</th><th>answered</th><th>error rate</th><th>p50</th><th>p95</th>"
        "<th>p99</th><th>demanded /s</th><th>achieved /s</th><th>backlog at end</th></tr>"
    )

    def s(v: float | None) -> str:
        return "-" if v is None else f"{v:.2f}"

    body = "".join(
        f"<tr><td>{html.escape(r['operation'])}</td><td>{r['demanded']}</td><td>{r['answered']}</td>"
        f"<td>{r['error_rate']:.0%}</td><td>{s(r['p50_s'])}</td><td>{s(r['p95_s'])}</td><td>{s(r['p99_s'])}</td>"
        f"<td>{r['demanded_per_s']:.3f}</td><td>{r['achieved_per_s']:.3f}</td><td>{r['backlog_at_end']}</td></tr>"
        for r in operations.values()
    )
    return f"<table>{head}{body}</table>"


def _latency_plot(samples: list[Sample], duration_s: float) -> str:
    fig = Figure(figsize=(10, 4))
    ax = fig.add_subplot()
    for op in OPERATIONS:
        pts = [(s.scheduled_s, s.latency_s) for s in samples if s.op == op and s.ok]
        if pts:
            ax.scatter(*zip(*pts, strict=True), s=10, label=OPERATIONS[op][1])
    ax.axvline(duration_s, color="#999", lw=0.8)
    ax.set_xlabel("scheduled time, s into the run")
    ax.set_ylabel("response time from schedule, s")
    ax.legend(fontsize=7, ncol=2)
    return _png(fig)


def _rate_plot(samples: list[Sample], duration_s: float) -> str:
    fig = Figure(figsize=(10, 4))
    ax = fig.add_subplot()
    bins = len(rate_series([], duration_s, RATE_BIN_S))
    edges = [min(i * RATE_BIN_S, duration_s) for i in range(bins + 1)]

    def step(times: list[float], **style: object) -> None:
        rates = rate_series(times, duration_s, RATE_BIN_S)
        ax.step(edges, [*rates, rates[-1]], where="post", **style)

    step([s.scheduled_s for s in samples], label="demanded (scheduled), all operations", lw=2)
    step([s.sent_s for s in samples if s.sent_s is not None], label="sent, all operations", ls="--")
    step([s.done_s for s in samples if s.ok], label="achieved (answered), all operations")
    entries = [s for s in samples if s.op == "enter_order"]
    step([s.scheduled_s for s in entries], label="order entries demanded", color="#999", lw=2)
    step([s.sent_s for s in entries if s.sent_s is not None], label="order entries sent", color="k", ls=":")
    ax.set_xlabel(f"s into the run ({RATE_BIN_S:g} s bins)")
    ax.set_ylabel("requests per second")
    ax.legend(fontsize=8)
    return _png(fig)


def _cpu_plot(series: list[list[float]]) -> str:
    fig = Figure(figsize=(10, 2.5))
    ax = fig.add_subplot()
    if series:
        t, me, machine = zip(*series, strict=True)
        ax.plot(t, [100 * c for c in me], label="generator, % of one core")
        ax.plot(t, [100 * c for c in machine], label="whole machine, % of all cores")
    ax.set_xlabel("s into the run")
    ax.set_ylabel("CPU %")
    ax.legend(fontsize=8)
    return _png(fig)
