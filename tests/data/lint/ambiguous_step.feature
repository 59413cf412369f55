Feature: A step two definitions match
  Scenario: pytest-bdd would silently pick one
    Given a storable product "widget" with no stock
    Then the delivery is "ready"
