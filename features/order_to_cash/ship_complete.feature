@severity:critical
Feature: Ship-complete orders
  A customer who wants one delivery gets nothing until every product of the order is ready,
  then everything in one shipment.

  @req:OTC-04
  Scenario: An order shipped when all products are ready waits for the missing product, then ships complete
    Given a storable product "widget" with 10 units on hand in the main warehouse
    And a storable product "gadget" with no stock
    When the sales coordinator confirms an order for a customer, shipping "when all products are ready":
      | product | quantity |
      | widget  | 4        |
      | gadget  | 3        |
    Then the delivery is "waiting for stock" with 4 "widget" reserved
    And the delivery is "waiting for stock" with 0 "gadget" reserved
    When the buyer buys 3 "gadget" from a vendor
    And the warehouse operator receives 3 "gadget"
    Then the delivery is "ready" with 3 "gadget" reserved
    When the warehouse operator ships the delivery:
      | product | quantity |
      | widget  | 4        |
      | gadget  | 3        |
    Then the delivery is "done"
    And the order shows 4 "widget" delivered
    And the order shows 3 "gadget" delivered
    And no backorder of the delivery was created
