@load @odoo:17 @severity:critical
Feature: Odoo keeps up with the peak
  The regional distributor's busiest hour of its busiest simulated day (simulation/examples/
  regional_distributor.yaml: day 70, inside the 30% seasonal peak) is replayed against Odoo as concurrent
  role sessions: sales coordinators enter, confirm and invoice orders, warehouse operators validate
  deliveries (some short, with backorders) and receipts, buyers confirm replenishments, accountants post
  invoices. Requests go out at their scheduled times whatever Odoo's answers (open loop), and each
  response time runs from the request's scheduled time. The load stated here is the load that runs.

  @req:CAP-04
  Scenario: Orders are entered and confirmed in time at twice the peak
    Given the peak of the capacity model "regional_distributor" at 2 times its order rate for 45 seconds
    When the load test runs against Odoo
    Then entering an order takes at most 2 seconds at the 95th percentile
    And confirming an order takes at most 3 seconds at the 95th percentile
    And validating a delivery takes at most 6 seconds at the 95th percentile
    And entering an order never fails
    And confirming an order never fails
