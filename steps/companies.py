"""Company steps: a scenario that changes company-wide settings runs in a company of its own.

Example::

    Given the scenario runs in a company of its own
    And purchase orders of 1000 or more need a purchase manager's approval
"""

from __future__ import annotations

from pytest_bdd import given

from fixtures.companies import Company
from fixtures.scenario import Memory


@given("the scenario runs in a company of its own")
def company_of_its_own(own_company: Company, memory: Memory) -> None:
    """A new company under the scenario's namespace, with a chart of accounts and a warehouse (then "the
    main warehouse"); every role acts in it until the scenario ends. Put it first, before any master data."""
    memory.remember("company", own_company.id)
