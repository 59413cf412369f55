@severity:critical
Feature: Purchase approval by amount
  A purchase order whose total, taxes included, reaches the company's approval amount waits for a purchase
  manager: the buyer cannot approve it, and nothing is expected from the vendor until it is approved. Orders
  below the amount are confirmed at once. The amount is a company setting, so each scenario has a company
  of its own (with the chart's 15% purchase tax).

  Background:
    Given the scenario runs in a company of its own
    And a storable product "widget" with no stock
    And a vendor "supplier"
    And vendor "supplier" sells "widget" at 100 a unit

  @req:PRC-03
  Scenario Outline: An order at or above the approval amount waits for a purchase manager
    Given purchase orders of <approval amount> or more need a purchase manager's approval
    When the buyer confirms an order of <quantity> "widget" from vendor "supplier"
    Then the purchase order totals <total> with taxes
    And the purchase order is "waiting for approval" with no approval date
    And the purchase order has no receipt
    When the buyer approves the purchase order
    Then the purchase order is "waiting for approval" with no approval date
    And the purchase order has no receipt
    When the purchase manager approves the purchase order
    Then the purchase order is "purchase order" with an approval date
    And the purchase order has a receipt of <quantity> "widget"

    Examples:
      | approval amount | quantity | total |
      | 1000            | 10       | 1150  |
      | 1150            | 10       | 1150  |

  @req:PRC-03
  Scenario: An order below the approval amount is confirmed at once
    Given purchase orders of 1000 or more need a purchase manager's approval
    When the buyer confirms an order of 8 "widget" from vendor "supplier"
    Then the purchase order totals 920 with taxes
    And the purchase order is "purchase order" with an approval date
    And the purchase order has a receipt of 8 "widget"
