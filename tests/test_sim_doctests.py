"""The usage examples in the simulation modules' docstrings run and show what they claim."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

MODULES = [
    "distributions", "streams", "demand", "inventory", "replenishment", "vendor", "labour", "kpis", "theory",
    "model", "warmup", "experiment", "targets", "compare", "sweep",
]  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)  # examples use paths relative to the checkout
    module = importlib.import_module(f"simulation.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, result
