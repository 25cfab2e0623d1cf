Feature: Disabled users, business-unit copies of roles, and hierarchy security
  Three more ways Dataverse decides who reaches a row: a disabled user reaches nothing; with record ownership
  across business units a role can be held from another business unit than the holder's; and hierarchy security
  opens the rows of reports to their managers, or to the holders of the positions above theirs.

  Background:
    Given a custom table "new_invoice" owned by users
    And a business unit "Sales" under "Root"
    And a business unit "Sales West" under "Sales"
    And a business unit "Finance" under "Root"
    And a custom role "Invoice Reader" with Read on "new_invoice" at "User" depth
    And a custom role "Invoice Editor" with Write on "new_invoice" at "User" depth

  @DV-015 @severity-critical
  Rule: A disabled user can do nothing, whatever roles they hold
    Source: rolecheck's notes on the Dataverse security model, section "4. Environment roles, sharing, DLP, Teams", line 124: https://learn.microsoft.com/power-platform/admin/delete-users

    Scenario: A disabled System Administrator may not delete, read or create anything
      Given a disabled user "old" with the role "System Administrator"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "old" may not Delete the row "i1" of "new_invoice"
      And the answer explains "is disabled"
      And "old" may not Read the row "i1" of "new_invoice"
      And "old" may not Create rows of "new_invoice"
      And "old" may not use data in the database

    Scenario: The same administrator, enabled, may
      Given a user "sia" with the role "System Administrator"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "sia" may Delete the row "i1" of "new_invoice"

  @DV-016 @severity-high
  Rule: A role held from another business unit reaches from that business unit
    Source: rolecheck's notes on the Dataverse security model, section "1.6 Business units", line 52: https://learn.microsoft.com/power-platform/admin/wp-security-cds

    Scenario: Finance's copy of a business-unit role reaches Finance's rows, wherever its holder sits
      Given a custom role "Unit Reader" with Read on "new_invoice" at "Business Unit" depth
      And a user "ana" in business unit "Sales"
      And "ana" holds the role "Unit Reader" from business unit "Finance"
      And a user "rob" in business unit "Finance"
      And a row "finance-row" of "new_invoice" owned by "rob"
      Then "ana" may Read the row "finance-row" of "new_invoice"
      And the answer explains "copy of the role"

    Scenario: Finance's copy does not reach the holder's own business unit
      Given a custom role "Unit Reader" with Read on "new_invoice" at "Business Unit" depth
      And a user "ana" in business unit "Sales"
      And "ana" holds the role "Unit Reader" from business unit "Finance"
      And a user "sam" in business unit "Sales"
      And a row "sales-row" of "new_invoice" owned by "sam"
      Then "ana" may not Read the row "sales-row" of "new_invoice"

    Scenario: A team's role from another business unit reaches from that unit, not the team's
      Given a custom role "Regional Reader" with Read on "new_invoice" at "Deep" depth
      And an owner team "Finance Desk" in business unit "Finance"
      And the team "Finance Desk" holds the role "Regional Reader" from business unit "Sales"
      And a user "ana" in business unit "Finance"
      And "ana" is a member of the team "Finance Desk"
      And a user "wes" in business unit "Sales West"
      And a user "rob" in business unit "Finance"
      And a row "west-row" of "new_invoice" owned by "wes"
      And a row "finance-row" of "new_invoice" owned by "rob"
      Then "ana" may Read the row "west-row" of "new_invoice"
      And "ana" may not Read the row "finance-row" of "new_invoice"

  @DV-017 @severity-high
  Rule: A manager may read, change, append and append to the rows of direct reports, with a role that gives the privilege
    Source: rolecheck's notes on the Dataverse security model, section "1.8 Hierarchy security", lines 57-58: https://learn.microsoft.com/power-platform/admin/hierarchy-security

    Scenario: The direct manager reads and changes a report's row
      Given hierarchy security with the manager model at depth 3
      And a user "ana" in business unit "Sales" with the role "Invoice Reader"
      And "ana" also holds the role "Invoice Editor"
      And a user "ben" in business unit "Sales"
      And "ben" reports to "ana"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may Read the row "b1" of "new_invoice"
      And the answer explains "manager at level 1"
      And "ana" may Write the row "b1" of "new_invoice"

    Scenario: The hierarchy never deletes, and gives nothing without a role that holds the privilege
      Given hierarchy security with the manager model at depth 3
      And a custom role "Invoice Remover" with Delete on "new_invoice" at "User" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Remover"
      And a user "cho" in business unit "Sales"
      And a user "ben" in business unit "Sales"
      And "ben" reports to "ana"
      And "cho" reports to "ana"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may not Delete the row "b1" of "new_invoice"
      And "ana" may not Read the row "b1" of "new_invoice"

    Scenario: In the position model, the holder of the position above reads across business units
      Given hierarchy security with the position model at depth 2
      And a top position "Director"
      And a position "Lead" under "Director"
      And a user "ana" in business unit "Finance" with the role "Invoice Reader"
      And "ana" holds the position "Director"
      And a user "ben" in business unit "Sales West"
      And "ben" holds the position "Lead"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may Read the row "b1" of "new_invoice"

  @DV-018 @severity-high
  Rule: Higher levels of the hierarchy only read, and only down to the configured depth
    Source: rolecheck's notes on the Dataverse security model, section "1.8 Hierarchy security", lines 57-58: https://learn.microsoft.com/power-platform/admin/hierarchy-security

    Scenario: A manager two levels up reads a row but may not change it
      Given hierarchy security with the manager model at depth 2
      And a user "ana" in business unit "Sales" with the role "Invoice Reader"
      And "ana" also holds the role "Invoice Editor"
      And a user "lee" in business unit "Sales"
      And a user "ben" in business unit "Sales"
      And "lee" reports to "ana"
      And "ben" reports to "lee"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may Read the row "b1" of "new_invoice"
      And the answer explains "at level 2"
      And "ana" may not Write the row "b1" of "new_invoice"

    Scenario: Beyond the depth the hierarchy gives nothing
      Given hierarchy security with the manager model at depth 1
      And a user "ana" in business unit "Sales" with the role "Invoice Reader"
      And a user "lee" in business unit "Sales"
      And a user "ben" in business unit "Sales"
      And "lee" reports to "ana"
      And "ben" reports to "lee"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may not Read the row "b1" of "new_invoice"

  @DV-019 @severity-medium
  Rule: A manager reaches a report's rows only from the report's business unit or its parent, unless that is turned off
    Source: rolecheck's notes on the Dataverse security model, section "1.8 Hierarchy security", lines 57-58: https://learn.microsoft.com/power-platform/admin/hierarchy-security

    Scenario: A manager in a unit beside the report's gets nothing through the hierarchy
      Given hierarchy security with the manager model at depth 3
      And a user "ana" in business unit "Finance" with the role "Invoice Reader"
      And a user "ben" in business unit "Sales"
      And "ben" reports to "ana"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may not Read the row "b1" of "new_invoice"

    Scenario: A manager in the parent unit reads, and so does one beside it once the setting is off
      Given hierarchy security with the manager model at depth 3
      And a user "ana" in business unit "Sales" with the role "Invoice Reader"
      And a user "fin" in business unit "Finance" with the role "Invoice Reader"
      And a user "ben" in business unit "Sales West"
      And a user "cy" in business unit "Sales"
      And "ben" reports to "ana"
      And "cy" reports to "fin"
      And managers need not be in the same or parent business unit as their reports
      And a row "b1" of "new_invoice" owned by "ben"
      And a row "c1" of "new_invoice" owned by "cy"
      Then "ana" may Read the row "b1" of "new_invoice"
      And "fin" may Read the row "c1" of "new_invoice"

  @DV-020 @severity-medium
  Rule: Tables excluded from hierarchy security are opened by no hierarchy
    Source: rolecheck's notes on the Dataverse security model, section "1.8 Hierarchy security", lines 57-58: https://learn.microsoft.com/power-platform/admin/hierarchy-security

    Scenario: A manager reads nothing of an excluded table through the hierarchy
      Given hierarchy security with the manager model at depth 3
      And "new_invoice" is excluded from hierarchy security
      And a user "ana" in business unit "Sales" with the role "Invoice Reader"
      And a user "ben" in business unit "Sales"
      And "ben" reports to "ana"
      And a row "b1" of "new_invoice" owned by "ben"
      Then "ana" may not Read the row "b1" of "new_invoice"
