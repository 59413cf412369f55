Feature: A feature with a broken table
  Scenario: The table has a short row
    Given a storable product "widget" with 5 units on hand in the main warehouse
      | name   | quantity |
      | widget |
    Then the delivery is "ready"
