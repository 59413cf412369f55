Feature: Lots and units of measure
  Distributors buy in boxes and sell in units, and must be able to trace every lot to the customers
  who received it.

  @req:INV-01
  Scenario: A product bought in boxes of 12 is received and sold in units
    Given a vendor "boxco"
    And a storable product "screw" bought in boxes of 12 from vendor "boxco" and sold in units, with no stock
    When the buyer buys 2 "screw" from vendor "boxco"
    Then the purchase order line of "screw" is 2 boxes, 24 units
    When the warehouse operator receives 24 "screw"
    Then "screw" has 24 units on hand in the main warehouse
    When the sales coordinator confirms an order of 5 "screw" for a customer
    Then the delivery is "ready" with 5 "screw" reserved
    When the warehouse operator ships 5 "screw"
    Then "screw" has 19 units on hand in the main warehouse

  @req:INV-02
  Scenario: Lots are picked first in, first out and traced from the customer's order
    Given a lot-tracked product "serum" with lots on hand in the main warehouse:
      | lot   | quantity |
      | LOT-A | 10       |
      | LOT-B | 20       |
    When the sales coordinator confirms an order of 15 "serum" for a customer
    Then the delivery reserves these lots of "serum":
      | lot   | quantity |
      | LOT-A | 10       |
      | LOT-B | 5        |
    When the warehouse operator ships 15 "serum"
    Then the delivery is "done"
    And the order can be traced from lot "LOT-A" of "serum"
    And the order can be traced from lot "LOT-B" of "serum"
