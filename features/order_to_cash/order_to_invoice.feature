@severity:critical
Feature: Order to invoice on delivered quantities
  Products invoiced on delivered quantities are billed as they ship: the first invoice covers the shipped
  part, the backorder's invoice the rest.

  @req:OTC-05
  Scenario Outline: A partly shipped order is invoiced in two steps
    Given a storable product "widget" with <on hand> units on hand in the main warehouse
    And "widget" is invoiced on "delivered quantities"
    When the sales coordinator confirms an order of <ordered> "widget" for a customer
    And the warehouse operator ships <on hand> "widget" and keeps a backorder
    And the sales coordinator invoices the order
    Then the invoice bills <first invoice> "widget"
    And the order is "nothing to invoice"
    When the accountant posts the invoice
    Then the invoice is "posted"
    When the buyer buys <rest> "widget" from a vendor
    And the warehouse operator receives <rest> "widget"
    And the warehouse operator ships <rest> "widget" from the backorder
    And the sales coordinator invoices the order
    Then the invoice bills <second invoice> "widget"
    And the order is "fully invoiced"

    Examples:
      | on hand | ordered | rest | first invoice | second invoice |
      | 5       | 8       | 3    | 5             | 3              |
      | 2       | 20      | 18   | 2             | 18             |
