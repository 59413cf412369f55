# expect: exit 1: g01_no_feature_keyword.feature:2:
  Scenario: A scenario without its feature
    Given a customer "acme"
