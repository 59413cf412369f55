"""The numbers of a replay: latency percentiles, error rates, achieved against demanded rates, backlog.

Pure logic on the samples the engine records, one per request::

    s = Sample(op="confirm_order", scheduled_s=2.0, sent_s=2.0, done_s=2.6, error="")
    s.latency_s          # 0.6: measured from the scheduled time, so waiting to be sent counts too
    summarise([s], {"confirm_order": 1}, duration_s=60)["confirm_order"]["p95_s"]

Latency runs from each request's *scheduled* time, not from when it was sent: a request that waited for
a stalled Odoo (or for the operation it follows) counts that wait (no coordinated omission).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from simulation.loadtest.plan import OPERATIONS

#: Above this share of one core, the load generator itself may be what limits the rate.
CPU_SATURATED = 0.9


@dataclass(frozen=True)
class Sample:
    """One request: when it was due, sent and answered (run seconds), and Odoo's error if it failed."""

    op: str
    scheduled_s: float
    sent_s: float | None
    done_s: float | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.done_s is not None and not self.error

    @property
    def latency_s(self) -> float | None:
        return None if self.done_s is None else self.done_s - self.scheduled_s

    @property
    def send_delay_s(self) -> float | None:
        return None if self.sent_s is None else self.sent_s - self.scheduled_s


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation between order statistics (numpy's default).

    >>> percentile([1, 2, 3, 4], 50), percentile([1, 2, 3, 4], 95), percentile([], 95)
    (2.5, 3.85, None)
    """
    if not values:
        return None
    xs = sorted(values)
    rank = (len(xs) - 1) * q / 100
    lo, hi = math.floor(rank), math.ceil(rank)
    return xs[lo] + (xs[hi] - xs[lo]) * (rank - lo)


def summarise(samples: Iterable[Sample], demanded: dict[str, int], duration_s: float) -> dict[str, dict]:
    """Per operation: requests demanded and answered, error rate, latency p50/p95/p99 (successful requests,
    from the scheduled time), demanded and achieved rates (per second over the duration), the backlog at
    the end of the duration (due but not answered by then) and the worst delay in sending."""
    by_op: dict[str, list[Sample]] = {op: [] for op in OPERATIONS}
    for s in samples:
        by_op.setdefault(s.op, []).append(s)
    out = {}
    for op, rows in by_op.items():
        if not rows and not demanded.get(op):
            continue
        ok = [s.latency_s for s in rows if s.ok]
        errors = sum(1 for s in rows if s.error)
        answered = sum(1 for s in rows if s.done_s is not None)
        in_time = sum(1 for s in rows if s.ok and s.done_s <= duration_s)
        delays = [s.send_delay_s for s in rows if s.send_delay_s is not None]
        out[op] = {
            "operation": OPERATIONS.get(op, (op, op))[1],
            "demanded": demanded.get(op, 0),
            "sent": sum(1 for s in rows if s.sent_s is not None),
            "answered": answered,
            "errors": errors,
            "error_rate": errors / len(rows) if rows else 0.0,
            "p50_s": percentile(ok, 50),
            "p95_s": percentile(ok, 95),
            "p99_s": percentile(ok, 99),
            "max_s": max(ok) if ok else None,
            "demanded_per_s": demanded.get(op, 0) / duration_s,
            "achieved_per_s": in_time / duration_s,
            "backlog_at_end": sum(
                1 for s in rows if s.scheduled_s <= duration_s and (s.done_s is None or s.done_s > duration_s)
            ),
            "max_send_delay_s": max(delays) if delays else None,
        }
    return out


def rate_series(times: Iterable[float], duration_s: float, bin_s: float) -> list[float]:
    """Events per second in consecutive bins of ``bin_s`` over [0, duration_s) (the last one may be shorter).

    >>> rate_series([0.1, 0.2, 1.5, 9], 2, 1), rate_series([0.5, 2.5], 3, 2)
    ([2.0, 1.0], [0.5, 1.0])
    """
    bins = [0] * max(1, math.ceil(duration_s / bin_s))
    for t in times:
        if 0 <= t < duration_s:
            bins[int(t // bin_s)] += 1
    return [n / (min(duration_s, (i + 1) * bin_s) - i * bin_s) for i, n in enumerate(bins)]


def cpu_verdict(samples: Sequence[float], cores: int) -> list[str]:
    """Warnings about the load generator's CPU (share of one core, per second), one line each."""
    lines = []
    if samples and max(samples) >= CPU_SATURATED:
        busy = sum(1 for c in samples if c >= CPU_SATURATED)
        lines.append(
            f"WARNING: the load generator used {max(samples):.0%} of a core at its busiest ({busy} s at or "
            f"above {CPU_SATURATED:.0%}): it may have limited the rate; split the plan into parts on more "
            "cores or hosts (engine --part I/N, loadtest-merge: docs/loadtest.md, distributed mode)"
        )
    if cores <= 2:
        lines.append(
            f"note: this machine has {cores} core(s): the load generator and a local Odoo share them, so "
            "the latencies include the generator's own CPU use"
        )
    return lines


def check(summary: dict[str, dict], op: str, quantile: int, limit_s: float) -> str | None:
    """None when ``op``'s measured ``quantile`` latency is at most ``limit_s``; else the line saying why not.

    >>> check({"confirm_order": {"p95_s": 2.5, "answered": 3, "errors": 0}}, "confirm_order", 95, 2)
    'confirming an order: p95 2.50 s, above the 2 s allowed (3 answered, 0 errors)'
    """
    row = summary.get(op)
    label = OPERATIONS[op][1]
    if row is None or row[f"p{quantile}_s"] is None:
        return f"{label}: no successful request measured, so its p{quantile} is unknown"
    measured = row[f"p{quantile}_s"]
    if measured <= limit_s:
        return None
    return (
        f"{label}: p{quantile} {measured:.2f} s, above the {limit_s:g} s allowed "
        f"({row['answered']} answered, {row['errors']} errors)"
    )
