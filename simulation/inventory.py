"""The stock ledger: free, reserved, backordered and on-order units per location and SKU; explicit allocation.

Allocation is not SimPy's all-or-nothing ``Container.get``: a demand takes what is free and queues the
rest as a backorder, first come first served; receipts fill the queue before anything becomes free::

    >>> led = Ledger(locations=1, skus=1, unit_cost=[2.0])
    >>> led.put_initial(0, 0, 5)
    >>> led.allocate(0, 0, 8, "order-1", now=1.0)   # 5 reserved, 3 backordered
    5.0
    >>> led.order(0, 0, 10, now=1.0)
    >>> led.receive(0, 0, 10, now=3.0)              # the backorder is served first
    [('order-1', 3.0)]
    >>> led.free[0][0], led.position(0, 0)
    (7.0, 7.0)

The ledger imports no SimPy; the caller passes the clock. It keeps exact time integrals of the
network totals (physical units and value, backorders, pipeline) for time averages.
"""

from __future__ import annotations

from collections import deque
from typing import Any


class Ledger:
    """Stock of every SKU at every location, and the FIFO backorder queue of each."""

    def __init__(self, locations: int, skus: int, unit_cost: list[float]) -> None:
        self.free = [[0.0] * skus for _ in range(locations)]
        self.reserved = [[0.0] * skus for _ in range(locations)]
        self.backorder = [[0.0] * skus for _ in range(locations)]
        self.on_order = [[0.0] * skus for _ in range(locations)]
        self.queue: list[dict[int, deque]] = [{} for _ in range(locations)]
        self.cost = unit_cost
        self.phys = self.value = self.bo = self.oo = 0.0  # network totals
        self.area = [0.0, 0.0, 0.0, 0.0]  # their integrals over time, in that order
        self.t = 0.0
        self._mark = (0.0, [0.0, 0.0, 0.0, 0.0])

    def _advance(self, now: float) -> None:
        dt = now - self.t
        if dt > 0:
            a = self.area
            a[0] += self.phys * dt
            a[1] += self.value * dt
            a[2] += self.bo * dt
            a[3] += self.oo * dt
            self.t = now

    def put_initial(self, loc: int, sku: int, qty: float) -> None:
        self.free[loc][sku] += qty
        self.phys += qty
        self.value += qty * self.cost[sku]

    def position(self, loc: int, sku: int) -> float:
        """Inventory position, Odoo's forecast: on hand + incoming - outgoing (reserved and backordered)."""
        return self.free[loc][sku] + self.on_order[loc][sku] - self.backorder[loc][sku]

    def allocate(self, loc: int, sku: int, qty: float, ref: Any, now: float) -> float:
        """Reserve up to ``qty`` free units for ``ref``; the rest is backordered. Returns reserved."""
        free = self.free[loc]
        have = free[sku]
        if have >= qty:
            free[sku] = have - qty
            self.reserved[loc][sku] += qty
            return qty
        self._advance(now)
        short = qty - have if have > 0 else qty
        got = qty - short
        if got:
            free[sku] = 0.0
            self.reserved[loc][sku] += got
        q = self.queue[loc].get(sku)
        if q is None:
            q = self.queue[loc][sku] = deque()
        q.append([ref, short])
        self.backorder[loc][sku] += short
        self.bo += short
        return got

    def ship(self, loc: int, sku: int, qty: float, now: float) -> None:
        """Reserved units leave the location."""
        self._advance(now)
        self.reserved[loc][sku] -= qty
        self.phys -= qty
        self.value -= qty * self.cost[sku]

    def ship_many(self, loc: int, items: list[tuple[int, float]], now: float) -> None:
        """Reserved (sku, qty) items leave the location together."""
        self._advance(now)
        reserved, cost = self.reserved[loc], self.cost
        units = value = 0.0
        for sku, qty in items:
            reserved[sku] -= qty
            units += qty
            value += qty * cost[sku]
        self.phys -= units
        self.value -= value

    def order(self, loc: int, sku: int, qty: float, now: float) -> None:
        """Units ordered for ``loc`` (purchase or inbound transfer) join the pipeline."""
        self._advance(now)
        self.on_order[loc][sku] += qty
        self.oo += qty

    def receive(self, loc: int, sku: int, qty: float, now: float) -> list[tuple[Any, float]]:
        """Book a receipt, serve the backorder queue first; returns (ref, time) of backorders now reserved."""
        self._advance(now)
        self.on_order[loc][sku] -= qty
        self.oo -= qty
        self.phys += qty
        self.value += qty * self.cost[sku]
        done = []
        q = self.queue[loc].get(sku)
        while q and qty > 0:
            entry = q[0]
            take = min(qty, entry[1])
            entry[1] -= take
            qty -= take
            self.reserved[loc][sku] += take
            self.backorder[loc][sku] -= take
            self.bo -= take
            if entry[1] <= 1e-9:
                q.popleft()
                done.append((entry[0], now))
        self.free[loc][sku] += qty
        return done

    def mark(self, now: float) -> None:
        """Start the measured period: time averages count from here."""
        self._advance(now)
        self._mark = (now, list(self.area))

    def means(self, now: float) -> tuple[float, float, float, float]:
        """Time averages since ``mark`` of physical units, value, backordered units and on-order units."""
        self._advance(now)
        t0, a0 = self._mark
        span = now - t0
        return tuple((a - b) / span for a, b in zip(self.area, a0, strict=True))
