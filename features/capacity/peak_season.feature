@capacity @severity:critical
Feature: Capacity through the peak season
  The regional distributor expects demand 30% above normal for two weeks. These criteria are checked on
  the capacity model (simulation/examples/regional_distributor.yaml), offline: 8 replications measure the
  14 days of the peak after the model's six-week warm-up. The peak staffing plan adds two pickers and one
  packer per shift at the main warehouse.

  Background:
    Given the capacity model "regional_distributor" with 8 replications of 14 days

  @req:CAP-03
  Scenario: Today's staffing runs picking at the main warehouse at its limit through the peak
    When demand peaks at 1.3 times for 14 days
    Then the pick utilisation at the main warehouse is at least 95% with 95% confidence
    And the mean order cycle time is at least 16 hours

  @req:CAP-01
  Scenario: Fill rate holds through the peak with the peak staffing plan
    When demand peaks at 1.3 times for 14 days
    And the main warehouse has 12 pickers on the early shift
    And the main warehouse has 11 pickers on the late shift
    And the main warehouse has 10 packers on the early shift
    And the main warehouse has 9 packers on the late shift
    Then the line fill rate is at least 90% with 95% confidence
    And the unit fill rate is at least 90% with 95% confidence

  @req:CAP-02
  Scenario: Orders ship within their service targets through the peak with the peak staffing plan
    When demand peaks at 1.3 times for 14 days
    And the main warehouse has 12 pickers on the early shift
    And the main warehouse has 11 pickers on the late shift
    And the main warehouse has 10 packers on the early shift
    And the main warehouse has 9 packers on the late shift
    Then the mean order cycle time is at most 16 hours with 95% confidence
    And the median order cycle time is at most 6 hours
    And the on-time in-full rate is at least 80%

  @req:CAP-03
  Scenario: Picking and packing at the main warehouse keep headroom through the peak with the peak staffing plan
    When demand peaks at 1.3 times for 14 days
    And the main warehouse has 12 pickers on the early shift
    And the main warehouse has 11 pickers on the late shift
    And the main warehouse has 10 packers on the early shift
    And the main warehouse has 9 packers on the late shift
    Then the pick utilisation at the main warehouse is at most 90% with 95% confidence
    And the pack utilisation at the main warehouse is at most 90% with 95% confidence
    And the mean pick wait at the main warehouse is at most 4 hours
