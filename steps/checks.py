"""Assertions that read named Odoo fields back and name the record, and the business words, when they fail.

>>> expect_fields(auditor, "stock.picking", picking_id, state="assigned")
AssertionError: stock.picking 42 'WH/OUT/00005': state is 'confirmed' ("waiting for stock"),
expected 'assigned' ("ready")
"""

from __future__ import annotations

from typing import Any

from drivers.rpc import OdooRpc
from steps.vocabulary import business_word


def expect_fields(
    client: OdooRpc, model: str, record_id: int, *, context: dict[str, Any] | None = None, **expected: Any
) -> dict[str, Any]:
    """Read ``expected``'s fields of one record (in ``context``, e.g. one warehouse's quantities) and
    assert each; returns what was read."""
    row = client.call(model, "read", [record_id], [*expected, "display_name"], context=context or {})[0]
    wrong = [
        mismatch(model, name, _plain(row[name]), value)
        for name, value in expected.items()
        if _plain(row[name]) != value
    ]
    assert not wrong, f"{model} {record_id} {row['display_name']!r}: {'; '.join(wrong)}"
    return row


def mismatch(model: str, field: str, actual: Any, expected: Any) -> str:
    """One field's difference, each value followed by the word scenarios use for it (steps/vocabulary.py).

    >>> mismatch("stock.picking", "state", "confirmed", "assigned")
    'state is \'confirmed\' ("waiting for stock"), expected \'assigned\' ("ready")'
    """
    return f"{field} is {_worded(model, field, actual)}, expected {_worded(model, field, expected)}"


def _worded(model: str, field: str, value: Any) -> str:
    word = business_word(model, field, value)
    return f'{value!r} ("{word}")' if word else repr(value)


def _plain(value: Any) -> Any:
    """Many2one fields read as [id, name]: compare their id."""
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], int):
        return value[0]
    return value
