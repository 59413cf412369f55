@severity:critical
Feature: Returns and replacements
  Goods a customer sends back come into stock, or into a quarantine location for inspection; the customer
  gets a replacement, or a credit note when nothing is replaced.

  Background:
    Given a storable product "widget" with 10 units on hand in the main warehouse
    And "widget" is invoiced on "delivered quantities"
    And a customer "acme"
    When the sales coordinator confirms an order of 5 "widget" for customer "acme"
    And the warehouse operator ships 5 "widget"

  @req:RET-01
  Scenario Outline: A returned part goes back into stock and a replacement ships
    When the warehouse operator returns <returned> "widget" from the delivery
    And the warehouse operator receives <returned> "widget" of the return
    Then the return is "done"
    And "widget" has <back in stock> units on hand in the main warehouse
    When the warehouse operator sends a replacement of <returned> "widget"
    Then the replacement is "ready" with <returned> "widget" reserved
    When the warehouse operator ships the replacement:
      | product | quantity   |
      | widget  | <returned> |
    Then the replacement is "done"
    And "widget" has <after replacement> units on hand in the main warehouse
    And the order shows <delivered> "widget" delivered

    Examples:
      | returned | back in stock | after replacement | delivered |
      | 2        | 7             | 5                 | 5         |

    @ui
    Examples: through the web client
      | returned | back in stock | after replacement | delivered |
      | 2        | 7             | 5                 | 5         |

  @req:RET-02
  Scenario: A returned part goes into quarantine, outside available stock
    Given a return location "quarantine" in the main warehouse
    When the warehouse operator returns 2 "widget" from the delivery into "quarantine"
    And the warehouse operator receives 2 "widget" of the return
    Then the return is "done"
    And "widget" has 2 units on hand in "quarantine"
    And "widget" has 7 units on hand in the main warehouse
    And "widget" has 5 units available in the main warehouse

  @req:RET-03
  Scenario Outline: A return without replacement is refunded with a credit note
    When the sales coordinator invoices the order
    And the accountant posts the invoice
    And the warehouse operator returns <returned> "widget" from the delivery for a refund
    And the warehouse operator receives <returned> "widget" of the return
    Then the order shows <delivered> "widget" delivered
    When the sales coordinator invoices the order
    Then the credit note bills <credited> "widget"

    Examples:
      | returned | delivered | credited |
      | 2        | 3         | 2        |

    @ui
    Examples: through the web client
      | returned | delivered | credited |
      | 2        | 3         | 2        |
