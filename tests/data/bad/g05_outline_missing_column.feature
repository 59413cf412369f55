# expect: exit 1: g05_outline_missing_column.feature:
Feature: A placeholder without its Examples column
  Scenario Outline: Stock from a missing column
    Given a storable product "widget" with <stock> units on hand in the main warehouse

    Examples:
      | on hand |
      | 5       |
