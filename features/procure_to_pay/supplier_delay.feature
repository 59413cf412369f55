@severity:normal
Feature: Supplier delay impact on waiting customer deliveries
  A product is replenished by a min/max reorder rule from a vendor with a lead time. When the vendor
  confirms a later date than the customer was promised, the waiting delivery shows it is late, until
  the late goods arrive and release it.

  @req:PRC-01
  Scenario Outline: A vendor's later date makes a waiting delivery late until the receipt releases it
    Given a storable product "widget" with no stock
    And "widget" is bought from a vendor with a lead time of <lead time> days
    And a reorder rule for "widget" in the main warehouse with minimum <minimum> and maximum <maximum>
    And a customer "acme"
    When the sales coordinator confirms an order of <ordered> "widget" for customer "acme" for delivery in <promised> days
    Then the delivery is "waiting for stock" with 0 "widget" reserved
    When the inventory manager replenishes "widget" with its reorder rule
    Then a request for quotation of <to order> "widget" names the reorder rule as its origin
    When the buyer confirms the purchase order
    Then the delivery's availability reads "expected"
    When the buyer records the vendor's confirmed date in <vendor date> days
    Then the delivery's availability reads "late"
    And the delivery is "waiting for stock"
    When the warehouse operator receives <to order> "widget"
    Then the receipt is "done"
    And the delivery is "ready" with <ordered> "widget" reserved
    And the delivery's availability reads "available"

    Examples:
      | lead time | minimum | maximum | ordered | promised | to order | vendor date |
      | 3         | 5       | 10      | 4       | 10       | 10       | 14          |
      | 1         | 2       | 6       | 6       | 5        | 6        | 8           |

    @ui
    Examples: through the web client
      | lead time | minimum | maximum | ordered | promised | to order | vendor date |
      | 3         | 5       | 10      | 4       | 10       | 10       | 14          |
