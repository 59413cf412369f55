# expect: exit 1: g09_unclosed_docstring.feature:
Feature: A doc string that never ends
  Scenario: Notes
    Given a customer "acme"
      """
      notes that never end
