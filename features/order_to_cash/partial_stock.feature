@severity:critical
Feature: Customer order with partial stock availability
  A distributor ships what is on hand and keeps a backorder for the rest;
  the backorder goes out once the vendor's goods are received.

  @req:OTC-01
  Scenario Outline: An order larger than the stock on hand ships in part and backorders the rest
    Given a storable product "widget" with <on hand> units on hand in the main warehouse
    And a customer "acme"
    And a vendor "supplier"
    When the sales coordinator confirms an order of <ordered> "widget" for customer "acme"
    Then the delivery is "ready" with <reserved> "widget" reserved
    And the delivery's availability reads "late"
    When the warehouse operator ships <shipped> "widget" and keeps a backorder
    Then the order shows <delivered> "widget" delivered
    And a backorder of <backordered> "widget" is "waiting for stock"
    When the buyer buys <bought> "widget" from vendor "supplier"
    And the warehouse operator receives <bought> "widget"
    Then the backorder is "ready"

    Examples:
      | on hand | ordered | reserved | shipped | delivered | backordered | bought |
      | 5       | 8       | 5        | 5       | 5         | 3           | 10     |
      | 1       | 12      | 1        | 1       | 1         | 11          | 11     |
      | 40      | 41      | 40       | 40      | 40        | 1           | 1      |

    @ui
    Examples: through the web client
      | on hand | ordered | reserved | shipped | delivered | backordered | bought |
      | 5       | 8       | 5        | 5       | 5         | 3           | 10     |

  @req:OTC-02
  Scenario: An order fully in stock ships complete with no backorder
    Given a storable product "widget" with 10 units on hand in the main warehouse
    When the sales coordinator confirms an order of 8 "widget" for a customer
    Then the delivery is "ready" with 8 "widget" reserved
    And the delivery's availability reads "available"
    When the warehouse operator ships 8 "widget"
    Then the delivery is "done"
    And the order shows 8 "widget" delivered
    And no backorder of the delivery was created

  @req:OTC-03
  Scenario: An order with no stock waits until the vendor's goods arrive
    Given a storable product "widget" with no stock
    When the sales coordinator confirms an order of 4 "widget" for a customer
    Then the delivery is "waiting for stock" with 0 "widget" reserved
    And the delivery's availability reads "late"
    When the buyer buys 4 "widget" from a vendor
    And the warehouse operator receives 4 "widget"
    Then the delivery is "ready" with 4 "widget" reserved
    And the delivery's availability reads "available"
