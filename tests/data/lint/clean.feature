@severity:normal
Feature: A feature the lint finds nothing wrong with
  @req:OTC-02
  Scenario: Every step defined once
    Given a storable product "widget" with 10 units on hand in the main warehouse
    When the sales coordinator confirms an order of 8 "widget" for a customer
    Then the delivery is "ready" with 8 "widget" reserved
