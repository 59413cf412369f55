# expect: exit 1: g11_examples_without_rows.feature:
Feature: An outline whose Examples have a header but no row
  Scenario Outline: Nothing to run
    Given a storable product "widget" with <on hand> units on hand in the main warehouse

    Examples:
      | on hand |
