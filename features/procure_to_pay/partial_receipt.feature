@severity:critical
Feature: Partial receipt of a purchase order
  A vendor delivers part of an order: the rest stays expected as a backorder, and the vendor bill follows
  what was actually received.

  @req:P2P-01
  Scenario Outline: A purchase received in part keeps a backorder and is billed as received
    Given a storable product "widget" with no stock
    And a vendor "supplier"
    When the buyer buys <ordered> "widget" from vendor "supplier"
    And the warehouse operator receives <first> "widget" and keeps a backorder
    Then the receipt is "done"
    And a receipt backorder of <rest> "widget" is "ready"
    And "widget" has <first> units on hand in the main warehouse
    When the buyer creates the vendor bill
    Then the vendor bill bills <first> "widget"
    When the accountant posts the vendor bill
    Then the vendor bill is "posted"
    When the warehouse operator receives <rest> "widget" from the backorder
    Then the receipt backorder is "done"
    And "widget" has <ordered> units on hand in the main warehouse
    When the buyer creates the vendor bill
    Then the vendor bill bills <rest> "widget"

    Examples:
      | ordered | first | rest |
      | 10      | 6     | 4    |
      | 24      | 1     | 23   |

    @ui
    Examples: through the web client
      | ordered | first | rest |
      | 10      | 6     | 4    |
