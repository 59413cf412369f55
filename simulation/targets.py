"""Targets and verdicts: is a KPI's confidence interval on the right side of its threshold?

    >>> t = Target(min=0.9, confidence=0.95)
    >>> v = evaluate("order_fill_rate", t, [0.95, 0.96, 0.94, 0.95])
    >>> v.status, v.line()
    ('passed', 'order_fill_rate 95.00% [93.70%, 96.30%] at least 90.00% (95% confidence): passed')
    >>> evaluate("cycle_time_p95_h", Target(max=24), [22.0, 26.0, 23.0]).status
    'inconclusive'

"At least" passes when the lower end of the two-sided interval clears the threshold and fails when
the upper end is below it; "at most" uses the upper end. An interval straddling the threshold, or a
KPI with fewer than two defined replications, is inconclusive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from simulation.config import Target
from simulation.experiment import confidence_interval, kpi_ids, values
from simulation.kpis import describe

if TYPE_CHECKING:
    from simulation.model import Result

Status = Literal["passed", "failed", "inconclusive"]
SUFFIX = {"h": " h", "days": " days", "units": " units", "lines/h": " lines/h", "jobs": " jobs"}


def fmt(value: float | None, unit: str) -> str:
    """A value rounded for its unit: fractions as percentages, hours and counts to 3-4 significant digits.

    >>> fmt(0.83463, "fraction"), fmt(12.345, "h"), fmt(1234567.8, "currency"), fmt(0.0123, "h")
    ('83.46%', '12.3 h', '1,234,568', '0.0123 h')
    >>> fmt(-0.00001, "fraction"), fmt(-1e-15, "jobs")
    ('0.00%', '0 jobs')
    """
    if value is None:
        return "n/a"
    if unit == "fraction":
        return _unsigned_zero(f"{value * 100:.2f}") + "%"
    if unit.startswith("currency"):
        return _unsigned_zero(f"{value:,.0f}") + unit.removeprefix("currency")
    if abs(value) < 1e-6:
        value = 0.0  # float noise of a difference, not -1e-15
    a = abs(value)
    text = (
        f"{value:,.0f}"
        if a >= 100
        else f"{value:.1f}"
        if a >= 10
        else f"{value:.2f}"
        if a >= 1
        else f"{value:.3g}"
    )
    return text + SUFFIX.get(unit, f" {unit}" if unit else "")


def _unsigned_zero(text: str) -> str:
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def fmt_ci(mean: float | None, low: float | None, high: float | None, unit: str) -> str:
    """``mean [low, high]`` rounded for the unit (just the mean when there is no interval)."""
    if low is None or high is None:
        return fmt(mean, unit)
    return f"{fmt(mean, unit)} [{fmt(low, unit)}, {fmt(high, unit)}]"


@dataclass(frozen=True)
class Verdict:
    """A target's outcome with what was measured: mean and two-sided CI at the target's confidence."""

    kpi: str
    status: Status
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    confidence: float
    min: float | None
    max: float | None
    unit: str
    reason: str

    def requirement(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"at least {fmt(self.min, self.unit)}")
        if self.max is not None:
            parts.append(f"at most {fmt(self.max, self.unit)}")
        return " and ".join(parts) + f" ({self.confidence:.0%} confidence)"

    def measured(self) -> str:
        return fmt_ci(self.mean, self.ci_low, self.ci_high, self.unit)

    def line(self) -> str:
        """KPI, measured mean [CI], requirement and status (with the reason unless it passed)."""
        tail = "" if self.status == "passed" else f" ({self.reason})"
        return f"{self.kpi} {self.measured()} {self.requirement()}: {self.status}{tail}"

    def to_json(self) -> dict:
        return asdict(self)


def evaluate(kpi: str, target: Target, values: list[float | None]) -> Verdict:
    """The verdict of ``target`` on the per-replication ``values`` of ``kpi`` (None where undefined)."""
    ci = confidence_interval(values, target.confidence)
    unit = describe(kpi).unit
    low, high = ci["ci_low"], ci["ci_high"]
    status: Status
    if low is None or high is None:
        status = "inconclusive"
        reason = f"defined in {ci['n']} replication(s); an interval needs at least 2"
    else:
        fails, unsure = [], []
        for bound, value in (("min", target.min), ("max", target.max)):
            if value is None:
                continue
            good, bad = (low >= value, high < value) if bound == "min" else (high <= value, low > value)
            side = "below" if bound == "min" else "above"
            if bad:
                fails.append(f"the whole interval is {side} {fmt(value, unit)}")
            elif not good:
                unsure.append(f"the interval straddles {fmt(value, unit)}")
        status = "failed" if fails else "inconclusive" if unsure else "passed"
        reason = "; ".join(fails or unsure) or "the interval clears every threshold"
    return Verdict(
        kpi, status, ci["mean"], low, high, ci["n"], target.confidence, target.min, target.max, unit, reason
    )


def evaluate_all(targets: dict[str, Target], per_kpi: dict[str, list[float | None]]) -> list[Verdict]:
    """Every declared target in order; a KPI the run did not produce is inconclusive (no values)."""
    return [evaluate(kpi, t, per_kpi.get(kpi, [])) for kpi, t in targets.items()]


def overall(verdicts: list[Verdict]) -> str:
    """'no targets', 'passed' when every target passed, else 'failed' (any failed) or 'inconclusive'."""
    if not verdicts:
        return "no targets"
    statuses = {v.status for v in verdicts}
    return "failed" if "failed" in statuses else "inconclusive" if "inconclusive" in statuses else "passed"


def evaluate_results(targets: dict[str, Target], results: list[Result]) -> list[Verdict]:
    """:func:`evaluate_all` on the KPI values of the replications ``results``."""
    return evaluate_all(targets, {k: values(results, k) for k in kpi_ids(results)})
