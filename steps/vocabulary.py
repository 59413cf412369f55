"""Business words and the Odoo values they stand for, shared by every step module.

>>> PICKING_STATES["ready"]
'assigned'
"""

from __future__ import annotations

from fixtures.scenario import Memory

#: How a business user says a transfer's state (stock.picking.state).
PICKING_STATES: dict[str, str] = {
    "draft": "draft",
    "waiting for another operation": "waiting",
    "waiting for stock": "confirmed",
    "ready": "assigned",
    "done": "done",
    "cancelled": "cancel",
}
#: A purchase order's state (purchase.order.state) as the purchase team says it.
PURCHASE_STATES: dict[str, str] = {
    "request for quotation": "draft",
    "sent": "sent",
    "waiting for approval": "to approve",
    "purchase order": "purchase",
    "locked": "done",
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
#: When a multi-product order ships (sale.order.picking_policy), as the order form says it.
SHIPPING_POLICIES: dict[str, bool] = {
    "as soon as possible": False,
    "when all products are ready": True,
}
#: What a product is invoiced on (product.template.invoice_policy).
INVOICE_POLICIES: dict[str, str] = {
    "delivered quantities": "delivery",
    "ordered quantities": "order",
}
#: A sales order's invoice status (sale.order.invoice_status).
INVOICE_STATUSES: dict[str, str] = {
    "fully invoiced": "invoiced",
    "to invoice": "to invoice",
    "nothing to invoice": "no",
    "upselling opportunity": "upselling",
}
#: Accounting documents (account.move.move_type) as people name them.
ENTRY_KINDS: dict[str, str] = {
    "invoice": "out_invoice",
    "credit note": "out_refund",
    "vendor bill": "in_invoice",
}
#: An accounting document's state (account.move.state).
ENTRY_STATES: dict[str, str] = {"draft": "draft", "posted": "posted", "cancelled": "cancel"}


#: Which words name the values of which field: failed checks show the word next to Odoo's value.
WORDS_BY_FIELD: dict[tuple[str, str], dict[str, object]] = {
    ("stock.picking", "state"): PICKING_STATES,
    ("stock.picking", "products_availability_state"): AVAILABILITY,
    ("purchase.order", "state"): PURCHASE_STATES,
    ("product.template", "invoice_policy"): INVOICE_POLICIES,
    ("product.product", "invoice_policy"): INVOICE_POLICIES,
    ("sale.order", "invoice_status"): INVOICE_STATUSES,
    ("account.move", "move_type"): ENTRY_KINDS,
    ("account.move", "state"): ENTRY_STATES,
}


def business_word(model: str, field: str, value: object) -> str | None:
    """The word a scenario uses for a field's value, if there is one.

    >>> business_word("stock.picking", "state", "confirmed")
    'waiting for stock'
    """
    for word, odoo_value in WORDS_BY_FIELD.get((model, field), {}).items():
        if odoo_value == value and type(odoo_value) is type(value):
            return word
    return None


def product_lines(memory: Memory, datatable: list[list[str]]) -> list[tuple[int, float]]:
    """A step's table with columns product and quantity, as (product id, quantity) pairs."""
    header, *rows = datatable
    product, quantity = header.index("product"), header.index("quantity")
    return [(memory.recall("product", row[product]), float(row[quantity])) for row in rows]


def lookup(table: dict[str, object], word: str, what: str) -> object:
    """``table[word]`` with an error that lists the words a scenario may use."""
    try:
        return table[word.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown {what} {word!r}; use one of: {', '.join(repr(k) for k in table)}"
        ) from None
