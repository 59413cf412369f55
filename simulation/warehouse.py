"""A warehouse's outbound flow: each shipment passes kitting (if it has kits), picking, packing, shipping.

Picking is discrete (one pick job per shipment) or in waves (every ``wave_interval_min`` the waiting
shipments are released in batch picks of ``wave_batch_orders``). An activity without a labour pool
is not modelled and takes no time. Job times are a setup plus one draw per line, in minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulation.config import ACTIVITIES, WORKER_FIELDS, Task, Warehouse
from simulation.distributions import Deterministic, Sampler
from simulation.labour import Pool, Roster
from simulation.streams import Streams


class Shipment:
    """Items (sku, qty) of one order leaving together; ``kits`` counts the kit lines to assemble."""

    __slots__ = ("items", "kits", "order")

    def __init__(self, order: Any, items: list[tuple[int, float]], kits: int) -> None:
        self.order, self.items, self.kits = order, items, kits


def job_time(task: Task, rng_setup, rng_line) -> Callable[[int], float]:
    """A function of a job's line count returning its duration in hours."""
    setup = Sampler(task.setup_min or Deterministic(value=0.0), rng_setup, 1 / 60)
    if task.per_line_min is None:
        return lambda lines: setup()
    line = Sampler(task.per_line_min, rng_line, 1 / 60)
    if task.setup_min is None:
        return lambda lines: line() if lines == 1 else sum(line.take(lines))
    return lambda lines: setup() + (line() if lines == 1 else sum(line.take(lines)))


class Site:
    """Runtime warehouse: its labour pools and the routing of shipments through them."""

    def __init__(
        self, env: Any, spec: Warehouse, streams: Streams, shipped: Callable[[Shipment], None]
    ) -> None:
        self.env, self.spec, self.shipped = env, spec, shipped
        self.waves = spec.picking == "wave"
        self.waiting: list[Shipment] = []
        self.rosters: dict[str, Roster] = {}
        durations: dict[str, Callable[[int], float]] = {}
        for activity in ACTIVITIES:
            heads = getattr(spec, WORKER_FIELDS[activity])
            if heads is not None:
                src = f"labour.{activity}.{spec.name}"
                rngs = streams.rng(src + ".setup"), streams.rng(src + ".per_line")
                durations[activity] = job_time(spec.tasks[activity], *rngs)
                self.rosters[activity] = Roster(spec.shifts, heads)
        self.chain = list(self.rosters)
        self.pools: dict[str, Pool] = {}
        for k, activity in enumerate(self.chain):
            service, done = self._service(activity, durations[activity]), self._next_stage(activity, k + 1)
            self.pools[activity] = Pool(env, self.rosters[activity], service, done)
        self._kitting = self.chain.index("kitting") if "kitting" in self.chain else -1
        self._entries = [
            self.waiting.append if a == "pick" and self.waves else self.pools[a].submit for a in self.chain
        ]
        if self.waves:
            env.process(self._release_waves())

    def _service(self, activity: str, duration: Callable[[int], float]) -> Callable[[Any], float]:
        """A pool's job duration: kits to assemble, or lines of the shipment (of the batch in a wave)."""
        if activity == "kitting":
            return lambda sh: duration(sh.kits)
        if activity == "pick" and self.spec.picking == "wave":
            return lambda batch: duration(sum(len(sh.items) for sh in batch))
        return lambda sh: duration(len(sh.items))

    def release(self, shipment: Shipment) -> None:
        """A shipment's stock is reserved: send it to its first activity."""
        self._route(shipment, 0)

    def _route(self, sh: Shipment, k: int) -> None:
        """Send a shipment to stage k of the chain (skipping kitting without kits), or ship it."""
        if k < len(self._entries):
            if k == self._kitting and not sh.kits:
                self._route(sh, k + 1)
            else:
                self._entries[k](sh)
        else:
            self.shipped(sh)

    def _next_stage(self, activity: str, k: int) -> Callable[[Any], None]:
        """What a pool does with a finished job: route it (each shipment of a wave's batch) to stage k."""
        route = self._route
        if activity == "pick" and self.waves:

            def batch_done(batch: list[Shipment]) -> None:
                for sh in batch:
                    route(sh, k)

            return batch_done
        return lambda sh: route(sh, k)

    def _release_waves(self):
        step, size, pick = self.spec.wave_interval_min / 60, self.spec.wave_batch_orders, self.pools["pick"]
        while True:
            yield self.env.timeout(step)
            waiting = self.waiting.copy()  # cleared in place: _entries holds its append
            self.waiting.clear()
            for i in range(0, len(waiting), size):
                pick.submit(waiting[i : i + size])
