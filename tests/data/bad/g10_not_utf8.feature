# expect: exit 1: g10_not_utf8.feature
Feature: Café ÿ
  Scenario: Bytes
    Given a customer "acme"
