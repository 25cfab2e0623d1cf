@policy
Feature: Contoso sales policies

  Background:
    Given the environment export

  @POL-020 @severity-medium
  Rule: Sales people do not delete projects; their managers do

    Scenario: A salesperson cannot delete a colleague's project, the sales manager can
      Then "grady.archie@contoso.com" may not Delete the row "PRJ-2003" of "new_project"
      And "diego.siciliani@contoso.com" may Delete the row "PRJ-2003" of "new_project"

  @POL-021 @severity-low
  Rule: No service role is ever given to a person

    Scenario: Nobody holds Service Writer
      Then no user holds "Service Writer"
