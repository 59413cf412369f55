"""Labour pools: workers of one activity at one warehouse, rostered by shift, serving jobs in arrival order.

A ``Roster`` turns shifts and headcounts into workers on duty over the week::

    >>> from simulation.config import Shift
    >>> r = Roster([Shift(name="day", start_h=8, end_h=16, weekdays=[0, 1, 2, 3, 4])], {"day": 3})
    >>> r.on_duty(9.0), r.on_duty(17.0), r.worker_hours(0.0, 168.0)
    (3, 0, 120.0)

A ``Pool`` is driven by SimPy timeouts with callbacks: one event per job, no process per job.
Workers finish the job in hand when their shift ends.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable
from typing import Any

import numpy as np

from simulation.config import Shift

WEEK = 168.0


class Roster:
    """Workers on duty as a weekly step function of time (hours from Monday 00:00)."""

    def __init__(self, shifts: list[Shift], headcount: int | dict[str, int]) -> None:
        if not shifts:
            self.knots, self.levels = np.array([0.0, WEEK]), np.array([int(headcount)])
        else:
            spans = []  # (start, end, workers) in week hours, possibly past the end of the week
            for s in shifts:
                n = headcount if isinstance(headcount, int) else headcount.get(s.name, 0)
                spans += [(d * 24 + s.start_h, d * 24 + s.end_h, n) for d in s.weekdays]
            cuts = {0.0, WEEK}
            for a, b, _ in spans:
                cuts |= {a % WEEK, b % WEEK}
            self.knots = np.array(sorted(cuts))
            mids = (self.knots[:-1] + self.knots[1:]) / 2
            self.levels = np.array(
                [sum(n for a, b, n in spans if a <= m < b or a <= m + WEEK < b) for m in mids]
            )
        self._cum = np.concatenate(([0.0], np.cumsum(self.levels * np.diff(self.knots))))

    @property
    def constant(self) -> bool:
        return bool(np.all(self.levels == self.levels[0]))

    def on_duty(self, t: float) -> int:
        i = np.searchsorted(self.knots, t % WEEK, side="right") - 1
        return int(self.levels[min(i, len(self.levels) - 1)])

    def changes(self, t: float) -> tuple[float, int]:
        """The next time after ``t`` the headcount changes, and the new headcount."""
        base = t - t % WEEK
        for k in range(2):
            for knot, level in zip(self.knots[:-1], self.levels, strict=True):
                at = base + k * WEEK + knot
                if at > t + 1e-12 and level != self.on_duty(at - 1e-9):
                    return at, int(level)
        raise ValueError("constant roster has no changes")

    def cumulative(self, t: np.ndarray | float) -> np.ndarray:
        """Worker-hours rostered over [0, t]."""
        t = np.asarray(t, dtype=float)
        weeks, rest = np.divmod(t, WEEK)
        return weeks * self._cum[-1] + np.interp(rest, self.knots, self._cum)

    def worker_hours(self, t0: float, t1: float) -> float:
        return float(self.cumulative(t1) - self.cumulative(t0))


class Pool:
    """A FIFO queue served by rostered workers; ``service(job)`` gives hours, ``done(job)`` is called after.

    It records each job's queue entry and service start as a pair, and service ends in completion
    order; ``records(end_of_run)`` completes them for jobs still waiting or in service.
    """

    def __init__(
        self,
        env: Any,
        roster: Roster,
        service: Callable[[Any], float],
        done: Callable[[Any], None],
    ) -> None:
        self.env, self.roster, self.service, self.done = env, roster, service, done
        self.queue: deque = deque()
        self.idle, self.busy, self.leaving = roster.on_duty(0.0), 0, 0
        self.enter, self.start, self.end = array("d"), array("d"), array("d")  # 8 bytes per record
        if not roster.constant:
            env.process(self._follow_roster())

    def submit(self, job: Any) -> None:
        if self.idle:
            self.idle -= 1
            self._begin(job, self.env.now)
        else:
            self.queue.append((job, self.env.now))

    def _begin(self, job: Any, entered: float) -> None:
        env = self.env
        self.enter.append(entered)
        self.start.append(env._now)
        self.busy += 1
        env.timeout(self.service(job), job).callbacks.append(self._finish)

    def _finish(self, event: Any) -> None:
        self.end.append(self.env._now)
        self.busy -= 1
        if self.leaving:
            self.leaving -= 1
        elif self.queue:
            self._begin(*self.queue.popleft())
        else:
            self.idle += 1
        self.done(event._value)

    def records(self, end_of_run: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Queue entry and service start per job, and service ends; ``end_of_run`` where not yet reached."""
        waiting = [t for _, t in self.queue]
        enter = np.concatenate([np.asarray(self.enter), waiting])
        start = np.concatenate([np.asarray(self.start), np.full(len(waiting), end_of_run)])
        end = np.concatenate([np.asarray(self.end), np.full(len(self.start) - len(self.end), end_of_run)])
        return enter, start, end

    def _follow_roster(self):
        while True:
            at, target = self.roster.changes(self.env.now)
            yield self.env.timeout(at - self.env.now)
            on_duty = self.idle + self.busy - self.leaving
            if target > on_duty:
                back = min(self.leaving, target - on_duty)
                self.leaving -= back
                self.idle += target - on_duty - back
                while self.idle and self.queue:
                    self.idle -= 1
                    self._begin(*self.queue.popleft())
            elif target < on_duty:
                off = min(self.idle, on_duty - target)
                self.idle -= off
                self.leaving += on_duty - target - off
