@severity:critical
Feature: Inventory adjustment approval
  A count recorded by a warehouse operator changes stock only once an inventory manager applies it: Odoo
  refuses the operator's apply, and the manager's adjustment is in the moves history.

  @req:INV-03
  Scenario: A counted difference changes stock only once an inventory manager applies it
    Given a storable product "widget" with 10 units on hand in the main warehouse
    When the warehouse operator counts 7 "widget" in the main warehouse
    And the warehouse operator tries to apply the count
    Then Odoo refuses with "Only a stock manager can validate an inventory adjustment."
    And "widget" has 10 units on hand in the main warehouse
    When the inventory manager applies the count
    Then "widget" has 7 units on hand in the main warehouse
    And the moves history shows an inventory adjustment of 3 "widget" out of the main warehouse
