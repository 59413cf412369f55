@severity:critical
Feature: Reorder rules replenish before stock runs out
  A min/max reorder rule looks at the forecast, not only at what is on hand: when a confirmed order takes
  the forecast below the minimum, the rule orders up to the maximum while stock is still there to ship.

  @req:PRC-02
  Scenario Outline: An order taking the forecast below the minimum triggers a purchase while stock remains
    Given a storable product "widget" with <on hand> units on hand in the main warehouse
    And "widget" is bought from a vendor with a lead time of 2 days
    And a reorder rule for "widget" in the main warehouse with minimum <minimum> and maximum <maximum>
    When the sales coordinator confirms an order of <ordered> "widget" for a customer
    Then the delivery is "ready" with <ordered> "widget" reserved
    And "widget" has <on hand> units on hand in the main warehouse
    And "widget" has <available> units available in the main warehouse
    When the inventory manager replenishes "widget" with its reorder rule
    Then a request for quotation of <to order> "widget" names the reorder rule as its origin
    When the buyer confirms the purchase order
    And the warehouse operator receives <to order> "widget"
    Then "widget" has <on hand after> units on hand in the main warehouse
    And "widget" has <available after> units available in the main warehouse

    Examples:
      | on hand | minimum | maximum | ordered | available | to order | on hand after | available after |
      | 8       | 5       | 20      | 4       | 4         | 16       | 24            | 20              |
      | 12      | 10      | 15      | 3       | 9         | 6        | 18            | 15              |
