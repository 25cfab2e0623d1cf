@policy
Feature: Contoso administration policies
  Contoso's own rules for who administers the production environment, on top of the documented ones.

  Background:
    Given the environment export

  @POL-001 @severity-critical
  Rule: System Administrator is held only by the IT department
    The IT department (business unit "IT" and the units below it) administers production; nobody else holds
    System Administrator, directly or through a team. This policy fails on purpose in the example: megan.bowen
    in Sales still holds it.

    Scenario: Nobody outside IT is a System Administrator
      Then no user outside the business unit "IT" holds "System Administrator"

  @POL-002 @severity-high
  Rule: At most three people administer production

    Scenario: Few System Administrators
      Then at most 3 users hold "System Administrator"
