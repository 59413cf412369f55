# expect: exit 1: g08_two_features.feature:5:
Feature: One
  Scenario: First
    Given a customer "acme"
Feature: Two
  Scenario: Second
    Given a customer "acme"
