"""Reorder policies, Odoo 17 vs 18 min/max rounding, and the stock ledger's explicit allocation."""

from __future__ import annotations

import numpy as np
import pytest

from simulation.config import RQ, SS, BaseStock, MinMax
from simulation.inventory import Ledger
from simulation.replenishment import initial_stock, min_max_qty, order_qty, order_qty_many, r_q_qty


@pytest.mark.parametrize(
    ("forecast", "version", "expected"),
    [
        (30, 17, 180),  # needs 170, rounded up to the multiple of 12: 180 > max - forecast
        (30, 18, 168),  # rounded down: stays within max
        (40, 17, 0),  # not below min: no order
        (39, 18, 156),  # 161 -> 156
        (-20, 17, 228),  # backorders raise the need: 220 -> 228
    ],
)
def test_min_max_rounding_by_odoo_version(forecast, version, expected):
    assert min_max_qty(forecast, min_qty=40, max_qty=200, multiple=12, odoo_version=version) == expected


def test_odoo17_can_exceed_max_and_odoo18_cannot():
    for forecast in range(-50, 40):
        q17 = min_max_qty(forecast, 40, 200, 12, 17)
        q18 = min_max_qty(forecast, 40, 200, 12, 18)
        assert q17 % 12 == 0 and q18 % 12 == 0
        assert forecast + q18 <= 200 < forecast + q17 + 12
        assert q17 - q18 in (0, 12)


def test_odoo18_rounding_down_to_zero_orders_nothing_but_rounds_up_when_max_is_zero():
    assert min_max_qty(95, min_qty=100, max_qty=104, multiple=12, odoo_version=18) == 0
    assert min_max_qty(95, min_qty=100, max_qty=104, multiple=12, odoo_version=17) == 12
    assert min_max_qty(-5, min_qty=0, max_qty=0, multiple=12, odoo_version=18) == 12


def test_min_max_without_multiple_orders_up_to_max():
    assert min_max_qty(3.5, 10, 50, 0, 18) == 46.5


def test_r_q_orders_enough_multiples_to_clear_r():
    assert r_q_qty(position=5, r=5, q=4) == 4
    assert r_q_qty(position=-6, r=5, q=4) == 12  # -6 + 12 = 6 > 5
    assert r_q_qty(position=6, r=5, q=4) == 0


def test_policy_dispatch_and_initial_stock():
    assert order_qty(BaseStock(S=10), 7) == 3
    assert order_qty(SS(s=4, S=20), 4) == 16
    assert order_qty(SS(s=4, S=20), 5) == 0
    assert order_qty(RQ(r=2, Q=5), 2) == 5
    assert order_qty(MinMax(min_qty=5, max_qty=9, qty_multiple=1), 4) == 5
    assert [initial_stock(p) for p in (BaseStock(S=10), RQ(r=2, Q=5), MinMax(min_qty=5, max_qty=9))] == [
        10,
        7,
        9,
    ]
    assert initial_stock(BaseStock(S=10, initial_on_hand=3)) == 3


def test_allocation_is_partial_and_backorders_are_served_first_come_first_served():
    led = Ledger(locations=1, skus=1, unit_cost=[1.0])
    led.put_initial(0, 0, 4)
    assert led.allocate(0, 0, 3, "a", now=0) == 3
    assert led.allocate(0, 0, 5, "b", now=0) == 1  # 1 reserved, 4 backordered
    assert led.allocate(0, 0, 2, "c", now=0) == 0
    assert led.backorder[0][0] == 6 and led.position(0, 0) == -6
    led.order(0, 0, 5, now=1)
    assert led.receive(0, 0, 5, now=2) == [("b", 2)]  # b completes, c gets 1 of 2
    assert led.backorder[0][0] == 1 and led.free[0][0] == 0
    assert led.receive(0, 0, 10, now=3) == [("c", 3)]
    assert led.free[0][0] == 9 and led.reserved[0][0] == 3 + 5 + 2


def test_ledger_time_averages():
    led = Ledger(locations=1, skus=1, unit_cost=[2.0])
    led.put_initial(0, 0, 10)
    led.mark(0.0)
    led.allocate(0, 0, 10, "a", now=1.0)
    led.ship(0, 0, 10, now=2.0)  # 10 units on hand for 2 h, then 0 for 2 h
    on_hand, value, backorders, on_order = led.means(4.0)
    assert (on_hand, value, backorders, on_order) == (5.0, 10.0, 0.0, 0.0)


@pytest.mark.parametrize(
    "policy",
    [
        BaseStock(S=10),
        SS(s=4, S=20),
        RQ(r=2, Q=5),
        MinMax(min_qty=40, max_qty=200, qty_multiple=12, odoo_version=17),
        MinMax(min_qty=40, max_qty=200, qty_multiple=12, odoo_version=18),
    ],
)
def test_scheduler_batch_evaluation_matches_the_scalar_rule(policy):
    positions = np.arange(-30.0, 60.0, 0.5)
    assert order_qty_many(policy, positions).tolist() == [order_qty(policy, p) for p in positions]
