@severity:normal
Feature: Cycle count and inventory accuracy
  The warehouse counts several products in one location. Odoo shows each line's system quantity, counted
  quantity and difference; the count's inventory accuracy (share of lines with no difference) and variance
  (sum of absolute differences) are measured on them, and the inventory manager applies the differences.

  @req:INV-05 @req:INV-03
  Scenario Outline: A cycle count's differences, its inventory accuracy, and the manager applying it
    Given storable products on hand in the main warehouse:
      | product | on hand |
      | widget  | 10      |
      | gadget  | 5       |
      | gizmo   | 8       |
      | doohick | 0       |
    When the warehouse operator counts the main warehouse's stock:
      | product | counted          |
      | widget  | <widget counted> |
      | gadget  | <gadget counted> |
      | gizmo   | <gizmo counted>  |
      | doohick | 0                |
    Then the count shows these differences:
      | product | system quantity | counted quantity | difference          |
      | widget  | 10              | <widget counted> | <widget difference> |
      | gadget  | 5               | <gadget counted> | <gadget difference> |
      | gizmo   | 8               | <gizmo counted>  | <gizmo difference>  |
      | doohick | 0               | 0                | 0                   |
    And the count's "inventory_accuracy" is <accuracy>
    And the count's "inventory_variance_units" is <variance>
    When the inventory manager applies the count
    Then "widget" has <widget counted> units on hand in the main warehouse
    And "gadget" has <gadget counted> units on hand in the main warehouse
    And "gizmo" has <gizmo counted> units on hand in the main warehouse

    Examples:
      | widget counted | gadget counted | gizmo counted | widget difference | gadget difference | gizmo difference | accuracy | variance |
      | 10             | 5              | 8             | 0                 | 0                 | 0                | 1        | 0        |
      | 10             | 3              | 9             | 0                 | -2                | 1                | 0.5      | 3        |
      | 7              | 0              | 8             | -3                | -5                | 0                | 0.5      | 8        |
