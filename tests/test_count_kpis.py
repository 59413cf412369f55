"""Cycle count KPIs (simulation/kpis.py): inventory accuracy and variance in units, offline."""

from __future__ import annotations

import numpy as np
import pytest

from simulation import kpis


def test_accuracy_is_the_share_of_lines_without_difference():
    system = np.array([10.0, 5.0, 8.0, 0.0])
    assert kpis.inventory_accuracy(system, np.array([10.0, 5.0, 8.0, 0.0])) == 1.0
    assert kpis.inventory_accuracy(system, np.array([10.0, 3.0, 9.0, 0.0])) == 0.5
    assert kpis.inventory_accuracy(system, np.array([9.0, 4.0, 7.0, 1.0])) == 0.0


def test_accuracy_tolerates_float_noise_but_not_fractions():
    system = np.array([0.3, 2.0])
    assert kpis.inventory_accuracy(system, np.array([0.1 + 0.2, 2.0])) == 1.0
    assert kpis.inventory_accuracy(system, np.array([0.3, 2.5])) == 0.5


def test_variance_sums_gains_and_losses_alike():
    system = np.array([10.0, 5.0, 8.0])
    assert kpis.inventory_variance_units(system, np.array([10.0, 3.0, 9.0])) == 3.0
    assert kpis.inventory_variance_units(system, np.array([7.0, 0.0, 8.0])) == 8.0
    assert kpis.inventory_variance_units(system, system.copy()) == 0.0


def test_no_lines_means_no_measure():
    empty = np.array([])
    assert kpis.inventory_accuracy(empty, empty) is None
    assert kpis.inventory_variance_units(empty, empty) is None


def test_count_kpis_are_registered_with_units():
    assert kpis.describe("inventory_accuracy").unit == "fraction"
    assert kpis.describe("inventory_variance_units").unit == "units"
    assert "inventory_accuracy" not in kpis.KPIS  # measured on Odoo counts, not a simulation result
    with pytest.raises(KeyError):
        kpis.describe("inventory_accuracy.main")
