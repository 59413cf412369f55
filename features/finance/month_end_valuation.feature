@severity:critical @req:FIN-01
Feature: Month-end valuation review
  At month end the accountant checks that the stock is valued as the costing method says and that the
  stock valuation account agrees with it. Products bought at different unit costs and delivered in between
  are valued first in first out (what is left is valued at the latest costs) or at a weighted average cost.
  Each scenario runs in a company of its own: balances and lock dates are company-wide, and parallel or
  repeated runs must not see each other's entries. The main company must not see any of it.

  Up to Odoo 18 every valued move posts its entry to the stock valuation account at once, so closing the
  stock valuation finds nothing to do; Odoo 19 brings the account to the inventory value with the period's
  closing entry, which the accountant posts.

  Background:
    Given the scenario runs in a company of its own
    And the main company's lock dates are noted
    And a vendor "supplier"

  Scenario Outline: FIFO and average cost value the same receipts and deliveries differently
    Given a product category "fifo goods" valued automatically at "first in first out"
    And a product category "average goods" valued automatically at "average cost"
    And a storable "fifo goods" product "bolt" with no stock
    And a storable "average goods" product "nut" with no stock
    When the buyer buys from vendor "supplier" at these unit costs:
      | product | quantity | unit cost    |
      | bolt    | 10       | <first cost> |
      | nut     | 10       | <first cost> |
    And the warehouse operator receives the receipt:
      | product | quantity |
      | bolt    | 10       |
      | nut     | 10       |
    And the sales coordinator confirms an order for a customer, shipping "as soon as possible":
      | product | quantity |
      | bolt    | 6        |
      | nut     | 6        |
    And the warehouse operator ships the delivery:
      | product | quantity |
      | bolt    | 6        |
      | nut     | 6        |
    And the buyer buys from vendor "supplier" at these unit costs:
      | product | quantity | unit cost     |
      | bolt    | 12       | <second cost> |
      | nut     | 12       | <second cost> |
    And the warehouse operator receives the receipt:
      | product | quantity |
      | bolt    | 12       |
      | nut     | 12       |
    And the sales coordinator confirms an order for a customer, shipping "as soon as possible":
      | product | quantity |
      | bolt    | 8        |
      | nut     | 8        |
    And the warehouse operator ships the delivery:
      | product | quantity |
      | bolt    | 8        |
      | nut     | 8        |
    Then the stock valuation reads:
      | product | quantity | value        | average cost   |
      | bolt    | 8        | <fifo value> | <fifo average> |
      | nut     | 8        | <avco value> | <avco average> |
    And the inventory is valued at <total value> in total
    When the accountant closes the stock valuation as of today
    Then the stock valuation account's balance is <total value>
    And the main company's lock dates are unchanged
    And the main company's journal items name none of the scenario's products or partners

    Examples: rising, falling and steady costs
      | first cost | second cost | fifo value | fifo average | avco value | avco average | total value |
      | 5.00       | 10.00       | 80.00      | 10.00        | 70.00      | 8.75         | 150.00      |
      | 8.00       | 5.00        | 40.00      | 5.00         | 46.00      | 5.75         | 86.00       |
      | 6.00       | 6.00        | 48.00      | 6.00         | 48.00      | 6.00         | 96.00       |

  Scenario: A FIFO product a customer returns for a refund goes back at the cost it left with
    Given a product category "fifo goods" valued automatically at "first in first out"
    And a storable "fifo goods" product "widget" with no stock
    And "widget" is invoiced on "delivered quantities"
    And a customer "acme"
    When the buyer buys from vendor "supplier" at these unit costs:
      | product | quantity | unit cost |
      | widget  | 10       | 5.00      |
    And the warehouse operator receives 10 "widget"
    And the buyer buys from vendor "supplier" at these unit costs:
      | product | quantity | unit cost |
      | widget  | 10       | 8.00      |
    And the warehouse operator receives 10 "widget"
    And the sales coordinator confirms an order of 15 "widget" for customer "acme"
    And the warehouse operator ships 15 "widget"
    Then the delivery valued "widget" at -90.00 with 0 units remaining
    When the sales coordinator invoices the order
    And the accountant posts the invoice
    And the warehouse operator returns 3 "widget" from the delivery for a refund
    And the warehouse operator receives 3 "widget" of the return
    And the sales coordinator invoices the order
    And the accountant posts the credit note
    Then the credit note is "posted"
    And the return valued "widget" at 18.00 with 3 units remaining
    And the stock valuation reads:
      | product | quantity | value | average cost |
      | widget  | 8        | 58.00 | 7.25         |
    And the inventory is valued at 58.00 in total
    When the accountant closes the stock valuation as of today
    Then the stock valuation account's balance is 58.00
    And the main company's lock dates are unchanged
    And the main company's journal items name none of the scenario's products or partners
