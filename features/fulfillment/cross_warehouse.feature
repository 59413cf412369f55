@severity:critical
Feature: Cross-warehouse fulfillment
  A customer's order placed on a warehouse that has no stock is fulfilled by resupplying that
  warehouse from another one (out of the other warehouse into transit, then received and shipped);
  an order placed on the warehouse that holds the stock ships from it directly.

  @req:FUL-01 @req:INV-04
  Scenario Outline: An order at a warehouse without stock is fulfilled by resupplying it from another warehouse
    Given a warehouse "north"
    And a warehouse "south"
    And a storable product "widget" with <south stock> units on hand in warehouse "south"
    And "widget" is resupplied to warehouse "north" from warehouse "south"
    When the sales coordinator confirms an order of <ordered> "widget" for a customer at warehouse "north"
    Then the delivery goes out from warehouse "north"
    And the delivery is "waiting for stock" with 0 "widget" reserved
    When the inventory manager replenishes <ordered> "widget" at warehouse "north" from warehouse "south"
    Then the dispatch from warehouse "south" is "ready" with <ordered> "widget" reserved
    And the receipt is "waiting for another operation"
    When the warehouse operator dispatches <ordered> "widget" from warehouse "south"
    Then the receipt is "ready"
    And "widget" has <south after> units on hand in warehouse "south"
    When the warehouse operator receives <ordered> "widget"
    Then the delivery is "ready" with <ordered> "widget" reserved
    When the warehouse operator ships <ordered> "widget"
    Then the delivery is "done"
    And the order shows <ordered> "widget" delivered
    And "widget" has 0 units on hand in warehouse "north"
    And "widget" has <south after> units on hand in warehouse "south"

    Examples:
      | south stock | ordered | south after |
      | 10          | 6       | 4           |
      | 3           | 3       | 0           |

  @req:FUL-02
  Scenario: An order placed on the warehouse holding the stock ships directly from it
    Given a warehouse "north"
    And a warehouse "south"
    And a storable product "widget" with 10 units on hand in warehouse "south"
    When the sales coordinator confirms an order of 4 "widget" for a customer at warehouse "south"
    Then the delivery goes out from warehouse "south"
    And the delivery is "ready" with 4 "widget" reserved
    When the warehouse operator ships 4 "widget"
    Then the delivery is "done"
    And the order shows 4 "widget" delivered
    And "widget" has 6 units on hand in warehouse "south"
    And "widget" has 0 units on hand in warehouse "north"
