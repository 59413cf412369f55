Feature: Version tags: ranges, the older form, and malformed ones
  @odoo:<=16
  Scenario: A range tag without a reason in the table
    Given a storable product "widget" with no stock

  @odoo19
  Scenario: The older tag, now also for 19
    Given a storable product "widget" with no stock

  @odoo:17-
  Scenario: A malformed range
    Given a storable product "widget" with no stock
