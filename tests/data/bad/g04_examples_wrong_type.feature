# expect: exit 1: g04_examples_wrong_type.feature:
Feature: An Examples value of the wrong type
  Scenario Outline: Stock counted in words
    Given a storable product "widget" with <on hand> units on hand in the main warehouse

    Examples:
      | on hand |
      | five    |
