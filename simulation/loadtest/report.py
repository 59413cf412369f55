"""The result of a load test: ``loadtest.json`` (every number) and ``loadtest.html`` (tables and plots).

    data = result(plan, stage, server, [engine_output])    # summary per operation, rates, CPU, settings
    Path("loadtest.html").write_text(render(data, samples_of([engine_output])))

``engine_output`` is one engine process's samples.json; a replay split into parts (``--part I/N``) passes
every part's, and the statistics are taken over all of their samples (``loadtest-merge``).

The page: the load it ran (scale, duration, window of the simulated peak, sessions per role), the Odoo
server (version, workers), warnings (generator CPU, shared cores), per operation p50/p95/p99, error rate,
demanded and achieved rates and backlog; plots of response time over time, achieved against demanded
rate over time, and the generator's CPU; the SKU to product mapping.
"""

from __future__ import annotations

import html
from typing import Any

from matplotlib.figure import Figure

from simulation.loadtest.measure import Sample, cpu_verdict, rate_series, summarise
from simulation.loadtest.plan import OPERATIONS, Plan
from simulation.report import CSS, _png

#: Width of the bins of the rate plot, seconds.
RATE_BIN_S = 5.0


def samples_of(engines: list[dict]) -> list[Sample]:
    """The engines' rows ``[op, key, scheduled, sent, done, error]`` as samples, every part's."""
    rows = [row for engine in engines for row in engine["samples"]]
    return [Sample(op, at, sent, done, error) for op, _key, at, sent, done, error in rows]


def result(plan: Plan, stage: dict, server: dict, engines: list[dict]) -> dict[str, Any]:
    """Everything loadtest.json holds, from the samples of one engine process or of every part of a plan
    (``parts.check_parts`` has checked they add up): the statistics over all samples, the CPU per part."""
    samples = samples_of(engines)
    cpus = [[c[1] for c in e["cpu"]] for e in engines]
    everything = [c for cpu in cpus for c in cpu]
    parts = [_generator_cpu(e, cpu, len(engines) > 1) for e, cpu in zip(engines, cpus, strict=True)]
    first = engines[0]
    processes = (
        f"one process (gevent), part {first['part']}"
        if len(engines) == 1
        else f"{len(engines)} processes (gevent), parts {', '.join(e['part'] for e in engines)}, merged"
    )
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
            "sessions_per_role": first["sessions_per_role"],
            "engine": f"Locust {first['locust_version']}, {processes}",
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
            "max_share_of_core": max(everything, default=0.0),
            "mean_share_of_core": sum(everything) / len(everything) if everything else 0.0,
            "warnings": [w for part in parts for w in part["warnings"]],
            "parts": parts,
        },
        "locust_statistics": {e["part"]: e["locust"] for e in engines},
        "sku_mapping": [
            {"product": i, "reference": ref, "class": cls}
            for i, (ref, cls) in enumerate(zip(stage["product_refs"], stage["product_classes"], strict=True))
        ],
        "errors": sorted({s.error for s in samples if s.error}),
    }


def _generator_cpu(engine: dict, cpu: list[float], named: bool) -> dict[str, Any]:
    """One engine process's CPU (share of one core per second) and its warnings, named by part when
    there are several."""
    prefix = f"part {engine['part']} ({engine['host']}): " if named else ""
    return {
        "part": engine["part"],
        "host": engine["host"],
        "cores": engine["cores"],
        "started_at": engine["started_at"],
        "max_share_of_core": max(cpu, default=0.0),
        "mean_share_of_core": sum(cpu) / len(cpu) if cpu else 0.0,
        "series": engine["cpu"],
        "warnings": [prefix + line for line in cpu_verdict(cpu, engine["cores"])],
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
        f"mean {data['generator_cpu']['mean_share_of_core']:.0%}",
        **{
            f"generator part {p['part']}": f"{p['host']}, {p['cores']} cores: max "
            f"{p['max_share_of_core']:.0%} of a core, mean {p['mean_share_of_core']:.0%}"
            for p in data["generator_cpu"]["parts"]
        },
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
{_cpu_plot(data["generator_cpu"]["parts"])}
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


def _cpu_plot(parts: list[dict]) -> str:
    fig = Figure(figsize=(10, 2.5))
    ax = fig.add_subplot()
    for part in parts:
        if part["series"]:
            name = f"part {part['part']} ({part['host']}), " if len(parts) > 1 else ""
            t, me, machine = zip(*part["series"], strict=True)
            ax.plot(t, [100 * c for c in me], label=f"{name}generator, % of one core")
            ax.plot(t, [100 * c for c in machine], label=f"{name}whole machine, % of all cores", ls="--")
    ax.set_xlabel("s into the run")
    ax.set_ylabel("CPU %")
    ax.legend(fontsize=8)
    return _png(fig)
