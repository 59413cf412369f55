@severity:critical @module:stock
Feature: Tags: registered, by family, and not
  @req:SD-12 @smoke
  Scenario: An unregistered tag
    Given a storable product "widget" with no stock

  @severity:urgent
  Scenario: An unknown severity
    Given a storable product "widget" with no stock

  @flaky
  Scenario: Flaky without ui
    Given a storable product "widget" with no stock

  @flaky @ui
  Scenario: Flaky browser scenario
    Given a storable product "widget" with no stock

  Scenario Outline: Tags on an Examples block
    Given a storable product "widget" with <stock> units on hand in the main warehouse

    @nightly
    Examples:
      | stock |
      | 5     |
