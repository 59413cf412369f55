@req:MIG-01 @req:MIG-02 @offline
Feature: Two migration rehearsals compared on their tables of differences
  A second rehearsal, loaded from a changed extract into another company, is compared with the first on
  their result CSVs (no Odoo needed): which differences are new, resolved or changed. Differences the same
  in both are not listed.

  Scenario: Migration rehearsals compared: the second resolves two differences, changes one and adds one
    Given the differences of rehearsal A in "tests/data/migration/rehearsals/first.csv"
    When they are compared with the differences of rehearsal B in "tests/data/migration/rehearsals/second.csv"
    Then the comparison lists these changes:
      | status   | object           | key                   | field        | expected | found in A | found in B |
      | resolved | item             | NUT-005               | cost         | 22.48    | 9.99       |            |
      | changed  | on hand          | BOLT-004 @ Stock/Bulk | quantity     | 268      | 7          | 260        |
      | resolved | receivable       | Atlas Machining Ltd   | open balance | 4208.93  | 4108.93    |            |
      | new      | sales order line | LEG-SO-0003 line 1    | item         | NUT-011  |            | NUT-017    |
