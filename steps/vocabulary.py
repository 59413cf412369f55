"""Business words and the Odoo values they stand for, shared by every step module.

>>> PICKING_STATES["ready"]
'assigned'
"""

from __future__ import annotations

#: How a business user says a transfer's state (stock.picking.state).
PICKING_STATES: dict[str, str] = {
    "draft": "draft",
    "waiting for another operation": "waiting",
    "waiting for stock": "confirmed",
    "ready": "assigned",
    "done": "done",
    "cancelled": "cancel",
}
#: The delivery's product availability as the sales coordinator sees it
#: (stock.picking.products_availability_state).
AVAILABILITY: dict[str, str | bool] = {
    "available": "available",
    "expected": "expected",
    "late": "late",
    "not shown": False,
}
#: The answer to Odoo's backorder question when a transfer is validated short.
BACKORDER_DECISIONS: dict[str, bool] = {
    "keeps a backorder": True,
    "keeps a backorder for the rest": True,
    "creates no backorder": False,
    "cancels the rest": False,
}


def lookup(table: dict[str, object], word: str, what: str) -> object:
    """``table[word]`` with an error that lists the words a scenario may use."""
    try:
        return table[word.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown {what} {word!r}; use one of: {', '.join(repr(k) for k in table)}"
        ) from None
