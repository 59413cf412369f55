# expect: exit 1: g06_unknown_tag.feature:3:
Feature: A tag nobody registered
  @urgentt
  Scenario: A tagged scenario
    Given a customer "acme"
