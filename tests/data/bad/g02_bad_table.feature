# expect: exit 1: g02_bad_table.feature:7:
Feature: A table whose rows have different cell counts
  Scenario: Ship a table
    Given a storable product "widget" with 5 units on hand in the main warehouse
    When the warehouse operator ships the delivery:
      | product | quantity |
      | widget  | 5 | 3 |
