"""Assertions that read named Odoo fields back and name the record when they fail.

>>> expect_fields(auditor, "stock.picking", picking_id, state="assigned")
AssertionError: stock.picking 42 'WH/OUT/00005': state is 'confirmed', expected 'assigned'
"""

from __future__ import annotations

from typing import Any

from drivers.rpc import OdooRpc


def expect_fields(
    client: OdooRpc, model: str, record_id: int, *, context: dict[str, Any] | None = None, **expected: Any
) -> dict[str, Any]:
    """Read ``expected``'s fields of one record (in ``context``, e.g. one warehouse's quantities) and
    assert each; returns what was read."""
    row = client.call(model, "read", [record_id], [*expected, "display_name"], context=context or {})[0]
    wrong = [
        f"{name} is {_plain(row[name])!r}, expected {value!r}"
        for name, value in expected.items()
        if _plain(row[name]) != value
    ]
    assert not wrong, f"{model} {record_id} {row['display_name']!r}: {'; '.join(wrong)}"
    return row


def _plain(value: Any) -> Any:
    """Many2one fields read as [id, name]: compare their id."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
        return value[0]
    return value
