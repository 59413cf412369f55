Feature: Outline placeholders are expanded before matching
  Scenario Outline: One Examples row leaves a step undefined
    Given a storable product "widget" with <stock> on hand in the main warehouse
    Then the delivery is "ready"

    Examples:
      | stock    |
      | 5 units  |
      | 5 pieces |
