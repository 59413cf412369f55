"""Month-end closing steps: back-dated vendor bills, the lock date, Odoo's refusals inside a locked period,
and the check that nothing reached the main company.

Dates are ISO dates (``2024-03-31``) or calendar words read against today's date (see
:func:`calendar_date`), so that an Examples row stays right on any run date::

    Given the main company's lock dates are noted
    When the administrator locks the books up to 2024-03-31
    And the accountant enters a vendor bill of 100.00 from vendor "supplier" dated 2024-03-15
    And the accountant posts the vendor bill
    Then the vendor bill is accounted on 2024-04-30
    When the accountant tries to reset the vendor bill to draft
    Then Odoo refuses it with "You cannot add/modify entries prior to and inclusive of the lock date ..."
    And the main company's lock dates are unchanged
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from pytest_bdd import given, parsers, then, when

from drivers.errors import OdooError
from drivers.operations import Operations
from drivers.rpc import OdooRpc
from fixtures.companies import Company
from fixtures.live import LiveOdoo
from fixtures.scenario import Memory
from steps.checks import expect_fields

ENTRY = r"(?P<kind>invoice|credit note|vendor bill)"
TRANSFER = r"(?P<transfer>receipt|delivery|return)"
#: A date in a step: an ISO date, or one of the calendar words of :func:`calendar_date`.
DATE = r"(?P<{}>\d{{4}}-\d{{2}}-\d{{2}}|today|the end of last month|the middle of last month)"


def calendar_date(word: str, today: datetime.date) -> datetime.date:
    """The date an Examples cell means: an ISO date, "today", "the end of last month" or "the middle of
    last month" (its 15th).

    >>> calendar_date("the end of last month", datetime.date(2026, 3, 10))
    datetime.date(2026, 2, 28)
    >>> calendar_date("2024-03-31", datetime.date(2026, 3, 10))
    datetime.date(2024, 3, 31)
    """
    word = word.strip()
    end_of_last_month = today.replace(day=1) - datetime.timedelta(days=1)
    words = {
        "today": today,
        "the end of last month": end_of_last_month,
        "the middle of last month": end_of_last_month.replace(day=15),
    }
    if word in words:
        return words[word]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        return datetime.date.fromisoformat(word)
    raise ValueError(f"unknown date {word!r}; use an ISO date (2024-03-31) or one of: {', '.join(words)}")


def _today() -> datetime.date:
    """Today in UTC: the date Odoo's context_today gives a user without a time zone (golive's roles)."""
    return datetime.datetime.now(datetime.UTC).date()


@dataclass
class Attempt:
    """What came of the last action a role tried: Odoo's refusal, or None when Odoo accepted it."""

    what: str = ""
    refusal: OdooError | None = None
    tried: bool = False


@dataclass
class ClosingNotes:
    """What a closing scenario notes along the way: the main company's lock dates before it ran, and the
    last attempt."""

    main_lock_dates: dict[str, object] | None = None
    attempt: Attempt = field(default_factory=Attempt)


@pytest.fixture
def closing_notes() -> ClosingNotes:
    return ClosingNotes()


@given("the main company's lock dates are noted")
def note_main_lock_dates(
    auditor: OdooRpc, live_odoo: LiveOdoo, own_company: Company, closing_notes: ClosingNotes
) -> None:
    """Read the lock dates of the main company (the administrator's own), to compare at the end."""
    closing_notes.main_lock_dates = _lock_dates(auditor, live_odoo, own_company.home_company_id)


@when(parsers.re(r"the (?P<role>[a-z ]+?) locks the books up to " + DATE.format("when") + "$"))
def lock_books(
    act_as: Callable[[str], Operations], auditor: OdooRpc, own_company: Company, role: str, when: str
) -> None:
    """Set the company's lock date for everyone (res.company.fiscalyear_lock_date): nothing dated on or
    before it may be posted, changed or reset any more."""
    act_as(role).lock_books(own_company.id, calendar_date(when, _today()))


@when(
    parsers.re(
        r'the (?P<role>[a-z ]+?) enters a vendor bill of (?P<amount>[\d.]+) from vendor "(?P<vendor>[^"]+)" '
        r"dated " + DATE.format("when") + "$"
    )
)
def enter_vendor_bill(
    act_as: Callable[[str], Operations],
    auditor: OdooRpc,
    memory: Memory,
    role: str,
    amount: str,
    vendor: str,
    when: str,
) -> None:
    """Enter a draft vendor bill of one line (before taxes) with that bill date; it becomes "the vendor
    bill"."""
    bill = act_as(role).enter_vendor_bill(
        memory.recall("vendor", vendor), float(amount), calendar_date(when, _today())
    )
    memory.remember("vendor bill", bill)


@then(parsers.re(r"the " + ENTRY + r" is accounted on " + DATE.format("when") + "$"))
def accounted_on(auditor: OdooRpc, memory: Memory, kind: str, when: str) -> None:
    """The entry's accounting date (account.move.date), which Odoo may move out of a locked period."""
    expected = calendar_date(when, _today()).isoformat()
    expect_fields(auditor, "account.move", memory.recall(kind), date=expected)


@when(
    parsers.re(
        r"the (?P<role>[a-z ]+?) tries to (?P<action>reset the " + ENTRY + r" to draft|move the "
        r"(?P<moved>invoice|credit note|vendor bill) to " + DATE.format("when") + ")$"
    )
)
def try_on_entry(
    act_as: Callable[[str], Operations],
    auditor: OdooRpc,
    memory: Memory,
    closing_notes: ClosingNotes,
    role: str,
    action: str,
    kind: str | None,
    moved: str | None,
    when: str | None,
) -> None:
    """Try to reset a posted entry to draft, or to change its accounting date; Odoo's answer is kept for
    the next Then step."""
    ops = act_as(role)
    attempt = Attempt(what=f"the {role} tried to {action}", tried=True)
    try:
        if moved:
            ops.change_accounting_date(memory.recall(moved), calendar_date(when or "", _today()))
        else:
            ops.reset_to_draft(memory.recall(kind or ""))
    except OdooError as refusal:
        attempt.refusal = refusal
    closing_notes.attempt = attempt


@when(parsers.re(r"the (?P<role>[a-z ]+?) closes the stock valuation as of " + DATE.format("when") + "$"))
def close_stock_valuation(
    act_as: Callable[[str], Operations], own_company: Company, role: str, when: str
) -> None:
    """Close the period's stock valuation of the company: on 19 the entry that brings the stock valuation
    account to the inventory value is posted (res.company.action_close_stock_valuation); 16-18 post an
    entry at each valued move, so there is nothing left to close."""
    act_as(role).close_stock_valuation(own_company.id, calendar_date(when, _today()))


@when(parsers.re(r"the (?P<role>[a-z ]+?) tries to date the " + TRANSFER + " " + DATE.format("when") + "$"))
def try_dating_transfer(
    act_as: Callable[[str], Operations],
    memory: Memory,
    closing_notes: ClosingNotes,
    role: str,
    transfer: str,
    when: str,
) -> None:
    """Try to change the date a done transfer was processed (its Effective Date); Odoo's answer is kept for
    the next Then step."""
    attempt = Attempt(what=f"the {role} tried to date the {transfer} {when}", tried=True)
    try:
        act_as(role).date_transfer(memory.recall(transfer), calendar_date(when, _today()))
    except OdooError as refusal:
        attempt.refusal = refusal
    closing_notes.attempt = attempt


@then(parsers.re(r"the " + TRANSFER + r" was done on " + DATE.format("when") + "$"))
def transfer_done_on(auditor: OdooRpc, memory: Memory, transfer: str, when: str) -> None:
    """The date a done transfer was processed (stock.picking.date_done, in UTC)."""
    expected = calendar_date(when, _today()).isoformat()
    picking = memory.recall(transfer)
    (row,) = auditor.call("stock.picking", "read", [picking], ["date_done", "state"])
    got = (row["date_done"] or "")[:10]
    assert row["state"] == "done" and got == expected, (
        f"stock.picking {picking}: state {row['state']!r}, done on {got or 'no date'}, expected done on "
        f"{expected}"
    )


@then(parsers.parse('Odoo refuses it with "{message}"'))
def refused_with(auditor: OdooRpc, memory: Memory, closing_notes: ClosingNotes, message: str) -> None:
    """The last attempt was refused by Odoo with exactly that message (Odoo's own words). A document's
    reference in Odoo's words is written as the document in braces (``{receipt}``, ``{vendor bill}``): the
    step reads that reference from Odoo (its display name)."""
    attempt = closing_notes.attempt
    assert attempt.tried, "no attempt to refuse: an earlier step should try something"
    message = _with_references(auditor, memory, message)
    assert attempt.refusal is not None, f"{attempt.what}, and Odoo accepted it; expected {message!r}"
    assert attempt.refusal.message == message, (
        f"{attempt.what}: Odoo said {attempt.refusal.message!r}, expected {message!r}"
    )


@then("the main company's lock dates are unchanged")
def main_lock_dates_unchanged(
    auditor: OdooRpc, live_odoo: LiveOdoo, own_company: Company, closing_notes: ClosingNotes
) -> None:
    """The main company's lock dates are those noted before the scenario ran."""
    assert closing_notes.main_lock_dates is not None, (
        "the main company's lock dates were not noted; start with \"the main company's lock dates are noted\""
    )
    now = _lock_dates(auditor, live_odoo, own_company.home_company_id)
    assert now == closing_notes.main_lock_dates, (
        f"res.company {own_company.home_company_id}: lock dates are {now}, "
        f"were {closing_notes.main_lock_dates} before the scenario"
    )


@then("the main company's journal items name none of the scenario's products or partners")
def main_books_untouched(auditor: OdooRpc, memory: Memory, own_company: Company) -> None:
    """No journal item of the main company is of a product or partner this scenario made."""
    products = sorted(set(memory.records.get("product", {}).values()))
    partners = sorted({i for kind in ("vendor", "customer") for i in memory.records.get(kind, {}).values()})
    domain = [
        ("company_id", "=", own_company.home_company_id),
        "|",
        ("product_id", "in", products),
        ("partner_id", "in", partners),
    ]
    found = auditor.call("account.move.line", "search_read", domain, fields=["move_name"], limit=5)
    assert not found, (
        f"res.company {own_company.home_company_id}: journal items of the scenario's products or "
        f"partners: {[r['move_name'] for r in found]}"
    )


#: The documents a refusal may name, by the word a step writes in braces, and their models.
DOCUMENTS = {
    "receipt": "stock.picking",
    "delivery": "stock.picking",
    "return": "stock.picking",
    "invoice": "account.move",
    "credit note": "account.move",
    "vendor bill": "account.move",
}


def _with_references(auditor: OdooRpc, memory: Memory, message: str) -> str:
    """``message`` with each ``{receipt}`` (a document of :data:`DOCUMENTS` in braces) replaced by that
    document's reference as Odoo displays it."""

    def reference(found: re.Match[str]) -> str:
        kind = found.group(1)
        (row,) = auditor.call(DOCUMENTS[kind], "read", [memory.recall(kind)], ["display_name"])
        return str(row["display_name"])

    return re.sub(r"\{(" + "|".join(DOCUMENTS) + r")\}", reference, message)


def _lock_dates(auditor: OdooRpc, live_odoo: LiveOdoo, company_id: int) -> dict[str, object]:
    fields = list(live_odoo.version.lock_date_fields)
    row = auditor.call("res.company", "read", [company_id], fields)[0]
    return {name: row[name] for name in fields}
