"""Replenishment policies: how much to order given the inventory position (Odoo's forecast).

    >>> min_max_qty(forecast=3, min_qty=5, max_qty=20, multiple=10, odoo_version=17)
    20.0
    >>> min_max_qty(forecast=3, min_qty=5, max_qty=20, multiple=10, odoo_version=18)
    10.0
    >>> r_q_qty(position=4, r=4, q=10)
    10.0

Odoo's min/max rule orders ``max - forecast`` when the forecast falls below ``min``; Odoo 17 rounds
that up to the multiple (possibly beyond max), Odoo 18 rounds it down to stay within max (and up only
when max is 0). Both are evaluated at the scheduler's interval (``review_interval_h``).
"""

from __future__ import annotations

import math

import numpy as np

from simulation.config import RQ, SS, BaseStock, MinMax, Policy

EPS = 1e-9


def min_max_qty(forecast: float, min_qty: float, max_qty: float, multiple: float, odoo_version: int) -> float:
    if forecast >= min_qty - EPS:
        return 0.0
    top = max(min_qty, max_qty)
    qty = top - forecast
    if multiple > 0:
        rem = math.fmod(qty, multiple)
        if rem > EPS and multiple - rem > EPS:
            qty = qty + multiple - rem if odoo_version == 17 or top <= EPS else qty - rem
    return float(qty)


def s_s_qty(position: float, s: float, big_s: float) -> float:
    return float(big_s - position) if position <= s + EPS else 0.0


def r_q_qty(position: float, r: float, q: float) -> float:
    if position > r + EPS:
        return 0.0
    return float(q * (math.floor((r - position) / q + EPS) + 1))


def base_stock_qty(position: float, big_s: float) -> float:
    return float(big_s - position) if position < big_s - EPS else 0.0


def order_qty(policy: Policy, position: float) -> float:
    """Quantity the policy orders at this inventory position (0 = no order)."""
    if isinstance(policy, BaseStock):
        return base_stock_qty(position, policy.S)
    if isinstance(policy, MinMax):
        return min_max_qty(position, policy.min_qty, policy.max_qty, policy.qty_multiple, policy.odoo_version)
    if isinstance(policy, RQ):
        return r_q_qty(position, policy.r, policy.Q)
    if isinstance(policy, SS):
        return s_s_qty(position, policy.s, policy.S)
    raise TypeError(policy)


def order_qty_many(policy: Policy, position: np.ndarray) -> np.ndarray:
    """``order_qty`` for many SKUs under the same policy at once (the scheduler's batch evaluation)."""
    if isinstance(policy, BaseStock):
        return np.where(position < policy.S - EPS, policy.S - position, 0.0)
    if isinstance(policy, SS):
        return np.where(position <= policy.s + EPS, policy.S - position, 0.0)
    if isinstance(policy, RQ):
        k = np.floor((policy.r - position) / policy.Q + EPS) + 1
        return np.where(position <= policy.r + EPS, policy.Q * k, 0.0)
    out = np.zeros(len(position))
    below = np.flatnonzero(position < policy.min_qty - EPS)
    p = policy
    for i in below:  # few SKUs cross min per review; the scalar rule keeps Odoo's rounding in one place
        out[i] = min_max_qty(position[i], p.min_qty, p.max_qty, p.qty_multiple, p.odoo_version)
    return out


def initial_stock(policy: Policy) -> float:
    """Units on hand at the start: the configured value, else the policy's order-up-to level."""
    if policy.initial_on_hand is not None:
        return policy.initial_on_hand
    if isinstance(policy, MinMax):
        return policy.max_qty
    if isinstance(policy, RQ):
        return policy.r + policy.Q
    return policy.S
