@severity:critical
Feature: Inventory adjustment approval
  A count recorded by a warehouse operator changes stock only once an inventory manager applies it: Odoo
  refuses the operator's apply, and the manager's adjustment is in the moves history.

  Odoo 16 and 17 refuse it themselves ("Only a stock manager can validate an inventory adjustment."). Odoo 18
  removed that check, and access rights alone cannot split counting from applying (both need write on
  stock.quant and create on stock.move). So from 18 on the company configures the standard lever left, a
  record rule on stock.move (in that company only inventory managers may create inventory moves; Odoo
  checks record rules on create), in a company of the scenario's own, and Odoo's access rules refuse the
  operator's apply.

  @req:INV-03 @odoo:<=17
  Scenario: A counted difference changes stock only once an inventory manager applies it
    Given a storable product "widget" with 10 units on hand in the main warehouse
    When the warehouse operator counts 7 "widget" in the main warehouse
    And the warehouse operator tries to apply the count
    Then Odoo refuses with "Only a stock manager can validate an inventory adjustment."
    And "widget" has 10 units on hand in the main warehouse
    When the inventory manager applies the count
    Then "widget" has 7 units on hand in the main warehouse
    And the moves history shows an inventory adjustment of 3 "widget" out of the main warehouse

  @req:INV-03 @odoo:>=18
  Scenario: Under the company's record rule, a counted difference changes stock only once an inventory manager applies it
    Given the scenario runs in a company of its own
    And only inventory managers may apply counts in the company
    And a storable product "widget" with 10 units on hand in the main warehouse
    When the warehouse operator counts 7 "widget" in the main warehouse
    And the warehouse operator tries to apply the count
    Then Odoo denies the warehouse operator "create" access to "Stock Move (stock.move)"
    And "widget" has 10 units on hand in the main warehouse
    When the inventory manager applies the count
    Then "widget" has 7 units on hand in the main warehouse
    And the moves history shows an inventory adjustment of 3 "widget" out of the main warehouse
