"""Failed checks name the business word next to Odoo's value (steps/checks.py, steps/vocabulary.py)."""

from __future__ import annotations

from steps.checks import mismatch
from steps.vocabulary import WORDS_BY_FIELD, business_word


def test_state_mismatch_names_both_business_words():
    assert mismatch("stock.picking", "state", "confirmed", "assigned") == (
        "state is 'confirmed' (\"waiting for stock\"), expected 'assigned' (\"ready\")"
    )


def test_purchase_state_words():
    assert mismatch("purchase.order", "state", "to approve", "purchase") == (
        "state is 'to approve' (\"waiting for approval\"), expected 'purchase' (\"purchase order\")"
    )


def test_fields_without_words_show_odoo_values_only():
    assert mismatch("stock.move", "quantity", 3.0, 4.0) == "quantity is 3.0, expected 4.0"
    assert (
        mismatch("stock.picking", "state", "weird", "done") == "state is 'weird', expected 'done' (\"done\")"
    )


def test_false_is_worded_only_where_a_word_means_false():
    assert business_word("stock.picking", "products_availability_state", False) == "not shown"
    assert business_word("purchase.order", "state", False) is None
    assert business_word("stock.picking", "state", 0) is None


def test_every_worded_field_maps_words_to_distinct_values():
    for (model, field), words in WORDS_BY_FIELD.items():
        for word, value in words.items():
            found = business_word(model, field, value)
            assert found is not None and words[found] == value, (model, field, word)
