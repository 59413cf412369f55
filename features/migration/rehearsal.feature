@req:MIG-01 @req:MIG-02
Feature: Migration rehearsal: a legacy extract loaded into Odoo and reconciled against it
  A mock migration loads the legacy extract (items, opening stock with lots and locations, open purchase and
  sales orders, open customer and vendor balances) into a company of its own, then reconciles Odoo with the
  extract through a read-only client: every quantity, cost, value, open order line and open balance that
  differs is one row of the table of differences (object, key, field, expected, found).

  Scenario: Migration rehearsal: a clean load of the example extract reconciles with no difference
    Given the scenario runs in a company of its own
    When the legacy extract "tests/data/migration/example" is loaded
    Then reconciling Odoo with the legacy extract finds no difference

  Scenario: Migration rehearsal: a quantity, a cost and an order line changed in Odoo after the load are exactly the differences
    Given the scenario runs in a company of its own
    And the legacy extract "tests/data/migration/example" is loaded
    When the inventory manager counts 7 of item "BOLT-004" in "Stock/Bulk"
    And the inventory manager changes the cost of item "NUT-005" to 9.99
    And the buyer changes line 2 of purchase order "LEG-PO-0002" to 55 ordered
    Then reconciling Odoo with the legacy extract finds these differences:
      | object              | key                | field    | expected | found |
      | on hand             | BOLT-004 @ Stock/Bulk | quantity | 268   | 7     |
      | item                | NUT-005            | cost     | 22.48    | 9.99  |
      | purchase order line | LEG-PO-0002 line 2 | ordered  | 67       | 55    |

  Scenario: Migration rehearsals: a second rehearsal, loaded from a changed extract into another company, compared with the first
    Given the scenario runs in a company of its own
    And the legacy extract "tests/data/migration/example" is loaded
    And the inventory manager counts 7 of item "BOLT-004" in "Stock/Bulk"
    And the inventory manager changes the cost of item "NUT-005" to 9.99
    And Odoo is reconciled with the legacy extract as rehearsal A
    When the second rehearsal loads the legacy extract "tests/data/migration/second" into a company of its own
    And the inventory manager counts 5 of item "BOLT-004" in "Stock/Bulk"
    And the buyer changes line 2 of purchase order "LEG-PO-0002" to 55 ordered
    And Odoo is reconciled with the legacy extract as rehearsal B
    And rehearsal B is compared with rehearsal A
    Then the comparison lists these changes:
      | status   | object              | key                   | field    | expected | found in A | found in B |
      | resolved | item                | NUT-005               | cost     | 22.48    | 9.99       |            |
      | changed  | on hand             | BOLT-004 @ Stock/Bulk | quantity | 250      | 7          | 5          |
      | new      | purchase order line | LEG-PO-0002 line 2    | ordered  | 67       |            | 55         |
