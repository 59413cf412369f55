Feature: A deliberately failing browser scenario
  Used by tests/test_ui_evidence.py: its Then step fails, so the run attaches screens and traces.

  @ui
  Scenario: An order's delivery is expected done before anyone ships it
    Given a storable product "widget" with 5 units on hand in the main warehouse
    And a customer "acme"
    When the sales coordinator confirms an order of 8 "widget" for customer "acme"
    Then the delivery is "done"
