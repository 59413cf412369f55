Feature: A scenario with a step nobody defined
  Scenario: A typo in a step
    Given a storable product "widget" with 5 units on hand in the main warehouse
    When the sales coordinator confirm an order of 8 "widget" for a customer
    Then the delivery is "ready"
