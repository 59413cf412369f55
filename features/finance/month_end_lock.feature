@severity:critical @req:FIN-01
Feature: Month-end lock
  Once a month is closed, the accountant locks the books up to its last day (the all-users lock date,
  res.company.fiscalyear_lock_date, called Global Lock Date from Odoo 18 on). Odoo does not refuse a vendor bill dated inside the
  locked period: it posts it with its accounting date moved out of the period, as
  account.move._get_accounting_date decides. The date moves to the day after the lock date, then to the
  last day of that month if that month is already past, else to the later of that day and today. It refuses
  to reset to draft, or to move, an entry already posted inside the locked period. From Odoo 19 on it also
  refuses to date a done transfer back into the locked period (before 19 it has no such check).

  The refusal is Odoo's own sentence, which Odoo 18 reworded (16 and 17 share theirs, 18 and 19 theirs): its
  Examples are tagged by version range.

  The Examples hold the expected dates. Rows with ISO dates lie in months long past, so Odoo's rule gives
  the same date on any run date after them. The rule's other branch (the day after the lock date falls in
  the current month) needs a recent lock date, which moves with the run date: that row uses the end of
  last month, written in calendar words ("the end of last month", "today"); the steps turn a word into a date from the
  calendar, never from what the scenario wrote, and the Then step compares Odoo's accounting date with it.

  Setting the lock date is an administrator's action here: Odoo 17 Community has no lock date screen for
  accountants, and res.company may be written by Settings (Administration) users only.

  Each scenario runs in a company of its own, so a lock date never reaches the main company.

  Background:
    Given the scenario runs in a company of its own
    And the main company's lock dates are noted
    And a vendor "supplier"

  Scenario Outline: A back-dated vendor bill is accounted after the lock date
    When the administrator locks the books up to <lock date>
    And the accountant enters a vendor bill of 100.00 from vendor "supplier" dated <bill date>
    And the accountant posts the vendor bill
    Then the vendor bill is "posted"
    And the vendor bill is accounted on <accounting date>
    And the main company's lock dates are unchanged
    And the main company's journal items name none of the scenario's products or partners

    Examples: dated inside the locked period
      | lock date             | bill date                | accounting date |
      | 2024-03-31            | 2024-03-15               | 2024-04-30      |
      | 2023-12-31            | 2023-06-30               | 2024-01-31      |
      | the end of last month | the middle of last month | today           |

    Examples: dated after the lock date, in a month already past (Odoo keeps bills in date order)
      | lock date  | bill date  | accounting date |
      | 2024-03-31 | 2024-05-10 | 2024-05-31      |

  Scenario Outline: An entry posted in a period locked afterwards can no longer be reset or moved
    When the accountant enters a vendor bill of 100.00 from vendor "supplier" dated 2024-03-15
    And the accountant posts the vendor bill
    Then the vendor bill is accounted on 2024-03-31
    When the administrator locks the books up to 2024-03-31
    And the accountant tries to reset the vendor bill to draft
    Then Odoo refuses it with "<refusal>"
    And the vendor bill is "posted"
    When the accountant tries to move the vendor bill to 2024-04-15
    Then Odoo refuses it with "<refusal>"
    And the vendor bill is accounted on 2024-03-31
    And the main company's lock dates are unchanged
    And the main company's journal items name none of the scenario's products or partners

    @odoo:<=17
    Examples: Odoo 16's and 17's words
      | refusal                                                                           |
      | You cannot add/modify entries prior to and inclusive of the lock date 03/31/2024. |

    @odoo:>=18
    Examples: Odoo 18's and 19's words
      | refusal                                                                                 |
      | You cannot add/modify entries prior to and inclusive of: Global Lock Date (03/31/2024). |

  @odoo:>=19
  Scenario: A done receipt can no longer be dated back into a locked period
    Given a storable product "widget" with no stock
    When the buyer buys from vendor "supplier" at these unit costs:
      | product | quantity | unit cost |
      | widget  | 10       | 5.00      |
    And the warehouse operator receives 10 "widget"
    And the administrator locks the books up to the end of last month
    And the warehouse operator tries to date the receipt the middle of last month
    Then Odoo refuses it with "You cannot modify the scheduled date of operation {receipt} because it falls within a locked fiscal period."
    And the receipt was done on today
    And the main company's lock dates are unchanged
    And the main company's journal items name none of the scenario's products or partners
