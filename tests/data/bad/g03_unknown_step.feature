# expect: exit 1: g03_unknown_step.feature:4:
Feature: A step golive does not know
  Scenario: Teleport stock
    Given the warehouse teleports 5 "widget" to the customer
