# expect: exit 1: g07_scenario_without_steps.feature:3:
Feature: A scenario that asserts nothing
  Scenario: Nothing happens
