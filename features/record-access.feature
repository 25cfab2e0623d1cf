Feature: Access to rows of Dataverse tables
  How Dataverse decides whether a person may read, change, create or delete a row: roles add up, access levels
  reach further from the holder's business unit, owners and teams, sharing, and acting for someone else.
  Both documents take these facts for granted; each rule cites the Microsoft page that states it.

  Background:
    Given a custom table "new_invoice" owned by users
    And a business unit "Sales" under "Root"
    And a business unit "Sales West" under "Sales"
    And a business unit "Finance" under "Root"

  @DV-001 @severity-critical
  Rule: Roles add up, and no role takes access away from a row
    Source: rolecheck's notes on the Dataverse security model, section "1.4 Access evaluation", line 40: https://learn.microsoft.com/power-platform/admin/how-record-access-determined

    Scenario: A narrower second role does not reduce what a wider role gives
      Given a custom role "Invoice Reader" with Read on "new_invoice" at "Global" depth
      And a custom role "Invoice Owner" with Read on "new_invoice" at "Basic" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Reader"
      And "ana" also holds the role "Invoice Owner"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "ana" may Read the row "i1" of "new_invoice"

    Scenario: The narrower role alone does not reach other people's rows
      Given a custom role "Invoice Owner" with Read on "new_invoice" at "Basic" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Owner"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "ana" may not Read the row "i1" of "new_invoice"

  @DV-002 @severity-high
  Rule: Each access level covers the levels below it
    Source: rolecheck's notes on the Dataverse security model, section "1.2 Access levels (depth)", lines 21-30: https://learn.microsoft.com/power-platform/admin/security-roles-privileges

    Scenario: Parent and child business unit access covers own rows, the unit and the units below it
      Given a custom role "Regional Reader" with Read on "new_invoice" at "Deep" depth
      And a user "ana" in business unit "Sales" with the role "Regional Reader"
      And a user "sam" in business unit "Sales"
      And a user "wes" in business unit "Sales West"
      And a row "own" of "new_invoice" owned by "ana"
      And a row "same-unit" of "new_invoice" owned by "sam"
      And a row "child-unit" of "new_invoice" owned by "wes"
      Then "ana" may Read the row "own" of "new_invoice"
      And "ana" may Read the row "same-unit" of "new_invoice"
      And "ana" may Read the row "child-unit" of "new_invoice"

    Scenario: Parent and child business unit access stops at the units beside and above
      Given a custom role "Regional Reader" with Read on "new_invoice" at "Deep" depth
      And a user "ana" in business unit "Sales" with the role "Regional Reader"
      And a user "rob" in business unit "Finance"
      And a user "ceo" in business unit "Root"
      And a row "other-unit" of "new_invoice" owned by "rob"
      And a row "parent-unit" of "new_invoice" owned by "ceo"
      Then "ana" may not Read the row "other-unit" of "new_invoice"
      And "ana" may not Read the row "parent-unit" of "new_invoice"

    Scenario: Business unit access covers the unit but not the units below it
      Given a custom role "Unit Reader" with Read on "new_invoice" at "Business Unit" depth
      And a user "ana" in business unit "Sales" with the role "Unit Reader"
      And a user "sam" in business unit "Sales"
      And a user "wes" in business unit "Sales West"
      And a row "same-unit" of "new_invoice" owned by "sam"
      And a row "child-unit" of "new_invoice" owned by "wes"
      Then "ana" may Read the row "same-unit" of "new_invoice"
      And "ana" may not Read the row "child-unit" of "new_invoice"

    Scenario: Organization access covers every row
      Given a custom role "Invoice Auditor" with Read on "new_invoice" at "Organization" depth
      And a user "ana" in business unit "Sales West" with the role "Invoice Auditor"
      And a user "ceo" in business unit "Root"
      And a row "parent-unit" of "new_invoice" owned by "ceo"
      Then "ana" may Read the row "parent-unit" of "new_invoice"

  @DV-003 @severity-critical
  Rule: A user may act on rows they or their team own with any grant, even at user level
    Source: rolecheck's notes on the Dataverse security model, section "1.4 Access evaluation", lines 38-39: https://learn.microsoft.com/power-platform/admin/how-record-access-determined

    Scenario: User-level access covers the user's own rows and their team's rows
      Given a custom role "Invoice Clerk" with Write on "new_invoice" at "User" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Clerk"
      And an owner team "Collectors" in business unit "Finance"
      And "ana" is a member of the team "Collectors"
      And a row "mine" of "new_invoice" owned by "ana"
      And a row "ours" of "new_invoice" owned by the team "Collectors"
      Then "ana" may Write the row "mine" of "new_invoice"
      And "ana" may Write the row "ours" of "new_invoice"

    Scenario: User-level access does not reach a colleague's row
      Given a custom role "Invoice Clerk" with Write on "new_invoice" at "User" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Clerk"
      And a user "sam" in business unit "Sales"
      And a row "theirs" of "new_invoice" owned by "sam"
      Then "ana" may not Write the row "theirs" of "new_invoice"

  @DV-004 @severity-critical
  Rule: Business unit access is measured from the role's assignment, by default from whoever holds the role, the user or the team
    Source: rolecheck's notes on the Dataverse security model, section "1.4 Access evaluation", lines 39-41: https://learn.microsoft.com/power-platform/admin/how-record-access-determined

    Scenario: A role held through a team reaches the team's business unit
      Given a custom role "Unit Reader" with Read on "new_invoice" at "Business Unit" depth
      And an owner team "Finance Desk" in business unit "Finance"
      And the team "Finance Desk" holds the role "Unit Reader"
      And a user "ana" in business unit "Sales"
      And "ana" is a member of the team "Finance Desk"
      And a user "rob" in business unit "Finance"
      And a row "finance-row" of "new_invoice" owned by "rob"
      Then "ana" may Read the row "finance-row" of "new_invoice"

    Scenario: A role held through a team does not reach the member's own business unit
      Given a custom role "Unit Reader" with Read on "new_invoice" at "Business Unit" depth
      And an owner team "Finance Desk" in business unit "Finance"
      And the team "Finance Desk" holds the role "Unit Reader"
      And a user "ana" in business unit "Sales"
      And "ana" is a member of the team "Finance Desk"
      And a user "sam" in business unit "Sales"
      And a row "sales-row" of "new_invoice" owned by "sam"
      Then "ana" may not Read the row "sales-row" of "new_invoice"

  @DV-005 @severity-high
  Rule: A shared row is open whatever its business unit, but only with a role that grants the privilege
    Source: rolecheck's notes on the Dataverse security model, section "1.7 Sharing", lines 54-55: https://learn.microsoft.com/power-platform/admin/security-roles-privileges

    Scenario: A row shared with a user, a team or the organization is open to them
      Given a custom role "Invoice Clerk" with Read on "new_invoice" at "User" depth
      And a user "ben" in business unit "Sales" with the role "Invoice Clerk"
      And a user "cat" in business unit "Sales" with the role "Invoice Clerk"
      And a user "dee" in business unit "Sales" with the role "Invoice Clerk"
      And an access team "Auditors" in business unit "Sales"
      And "cat" is a member of the team "Auditors"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      And a row "i2" of "new_invoice" owned by "rob"
      And a row "i3" of "new_invoice" owned by "rob"
      And the row "i1" is shared with "ben" for "Read"
      And the row "i2" is shared with the team "Auditors" for "Read"
      And the row "i3" is shared with the organization for "Read"
      Then "ben" may Read the row "i1" of "new_invoice"
      And "cat" may Read the row "i2" of "new_invoice"
      And "dee" may Read the row "i3" of "new_invoice"

    Scenario: A share opens only the rights it names
      Given a custom role "Invoice Clerk" with Read on "new_invoice" at "User" depth
      And a custom role "Invoice Clerk" with Write on "new_invoice" at "User" depth
      And a user "ben" in business unit "Sales" with the role "Invoice Clerk"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      And the row "i1" is shared with "ben" for "Read"
      Then "ben" may not Write the row "i1" of "new_invoice"

    Scenario: A share does not help someone whose roles grant nothing on the table
      Given a user "ben" in business unit "Sales" with the role "Basic User"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      And the row "i1" is shared with "ben" for "Read"
      Then "ben" may not Read the row "i1" of "new_invoice"

  @DV-006 @severity-high
  Rule: With team privileges only, members reach the team's rows and create rows only with the team as owner
    Source: rolecheck's notes on the Dataverse security model, section "1.5 Teams", line 48: https://learn.microsoft.com/power-platform/admin/security-roles-privileges

    Scenario: Members act on rows the team owns
      Given a custom role "Team Clerk" with Read on "new_invoice" at "User" depth
      And a custom role "Team Clerk" with team privileges only
      And an owner team "Collectors" in business unit "Sales"
      And the team "Collectors" holds the role "Team Clerk"
      And a user "ana" in business unit "Sales"
      And "ana" is a member of the team "Collectors"
      And a row "team-row" of "new_invoice" owned by the team "Collectors"
      Then "ana" may Read the row "team-row" of "new_invoice"

    Scenario: Members neither act on their own rows nor create rows they would own through such a role
      Given a custom role "Team Clerk" with Read on "new_invoice" at "User" depth
      And a custom role "Team Clerk" with Create on "new_invoice" at "User" depth
      And a custom role "Team Clerk" with team privileges only
      And an owner team "Collectors" in business unit "Sales"
      And the team "Collectors" holds the role "Team Clerk"
      And a user "ana" in business unit "Sales"
      And "ana" is a member of the team "Collectors"
      And a row "my-row" of "new_invoice" owned by "ana"
      Then "ana" may not Read the row "my-row" of "new_invoice"
      And "ana" may not Create rows of "new_invoice"

  @DV-007 @severity-high
  Rule: Access teams hold no roles and own no rows; they only receive shares
    Source: rolecheck's notes on the Dataverse security model, section "1.5 Teams", line 46: https://learn.microsoft.com/power-platform/admin/manage-teams

    Scenario: A role given to an access team grants its members nothing
      Given a custom role "Invoice Auditor" with Read on "new_invoice" at "Organization" depth
      And an access team "Reviewers" in business unit "Sales"
      And the team "Reviewers" holds the role "Invoice Auditor"
      And a user "ana" in business unit "Sales"
      And "ana" is a member of the team "Reviewers"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "ana" may not Read the row "i1" of "new_invoice"

    Scenario: A row shared with an access team is open to members whose roles grant the privilege
      Given an access team "Reviewers" in business unit "Sales"
      And a user "ana" in business unit "Sales" with the role "Basic User"
      And "ana" is a member of the team "Reviewers"
      And a user "rob" in business unit "Finance" with the role "Basic User"
      And a row "a1" of "account" owned by "rob"
      And the row "a1" is shared with the team "Reviewers" for "Read"
      Then "ana" may Read the row "a1" of "account"
      And "ana" may not Write the row "a1" of "account"

    Scenario: An access team cannot own a row
      Given an access team "Reviewers" in business unit "Sales"
      And a row "i1" of "new_invoice" owned by the team "Reviewers"
      Then the environment is rejected because "cannot own rows"

  @DV-008 @severity-high
  Rule: Privileges on an organization-owned table are either none or organization-wide
    Source: rolecheck's notes on the Dataverse security model, section "1.3 Table ownership", lines 32-33: https://learn.microsoft.com/power-platform/admin/wp-security-cds

    Scenario: An organization-wide grant opens every row of an organization-owned table
      Given a custom table "new_taxrate" owned by the organization
      And a custom role "Tax Reader" with Read on "new_taxrate" at "Organization" depth
      And a user "ana" in business unit "Sales" with the role "Tax Reader"
      Then "ana" may Read rows of "new_taxrate"

    Scenario: Without a grant an organization-owned table stays closed
      Given a custom table "new_taxrate" owned by the organization
      And a user "ana" in business unit "Sales" with the role "Basic User"
      Then "ana" may not Read rows of "new_taxrate"

    Scenario: A business unit grant on an organization-owned table is refused
      Given a custom table "new_taxrate" owned by the organization
      And a custom role "Tax Reader" with Read on "new_taxrate" at "Business Unit" depth
      Then the environment is rejected because "organization-owned"

  @DV-009 @severity-critical
  Rule: Acting for another user needs the privilege assigned directly, not through a team, and allows only what both may do
    Source: developer guide page "Impersonate another user" (revision of 2022-03-22), section "Required privileges", lines 28-41: https://learn.microsoft.com/power-apps/developer/data-platform/impersonate-another-user#required-privileges

    Scenario: A delegate may do what both they and the other user may do
      Given a custom role "Invoice Clerk" with Read on "new_invoice" at "User" depth
      And a custom role "Invoice Clerk" with Write on "new_invoice" at "User" depth
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Clerk"
      And a user "dan" in business unit "Sales" with the role "Delegate"
      And "dan" also holds the role "Invoice Reader"
      And a row "i1" of "new_invoice" owned by "ana"
      Then "dan" acting for "ana" may Read the row "i1" of "new_invoice"

    Scenario: Acting for someone never adds rights the delegate lacks
      Given a custom role "Invoice Clerk" with Read on "new_invoice" at "User" depth
      And a custom role "Invoice Clerk" with Write on "new_invoice" at "User" depth
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Clerk"
      And a user "dan" in business unit "Sales" with the role "Delegate"
      And "dan" also holds the role "Invoice Reader"
      And a row "i1" of "new_invoice" owned by "ana"
      Then "dan" acting for "ana" may not Write the row "i1" of "new_invoice"

    Scenario: Delegate held through a team does not let a member act for others
      Given a custom role "Invoice Clerk" with Read on "new_invoice" at "User" depth
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Clerk"
      And an owner team "Integrations" in business unit "Sales"
      And the team "Integrations" holds the role "Delegate"
      And a user "eve" in business unit "Sales" with the role "Invoice Reader"
      And "eve" is a member of the team "Integrations"
      And a row "i1" of "new_invoice" owned by "ana"
      Then "eve" acting for "ana" may not Read the row "i1" of "new_invoice"

  @DV-010 @severity-medium
  Rule: Security roles are assigned only to enabled users
    Source: rolecheck's notes on the Dataverse security model, section "4. Environment roles, sharing, DLP, Teams", line 124: https://learn.microsoft.com/power-platform/admin/database-security

    Scenario: An enabled administrator reads every row
      Given a user "sia" with the role "System Administrator"
      And a user "rob" in business unit "Finance"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "sia" may Read the row "i1" of "new_invoice"

    Scenario: A role assigned to an enabled user raises no flag
      Given a user "sia" with the role "System Administrator"
      Then the assignment of "System Administrator" to "sia" is not flagged under rule "DV-010"

    Scenario: A role assigned to a disabled user is flagged
      Given a disabled user "old" with the role "System Administrator"
      Then the assignment of "System Administrator" to "old" is flagged under rule "DV-010"

  @DV-011 @severity-high
  Rule: Creating a row of one's own needs Create from a direct role or a team role that passes it on
    Source: rolecheck's notes on the Dataverse security model, section "1.5 Teams", lines 48-49: https://learn.microsoft.com/power-platform/admin/manage-teams

    Scenario: Create from a directly assigned role
      Given a custom role "Invoice Clerk" with Create on "new_invoice" at "User" depth
      And a user "ana" in business unit "Sales" with the role "Invoice Clerk"
      Then "ana" may Create rows of "new_invoice"

    Scenario: Create from a team role that passes user-level privileges on to members
      Given a custom role "Invoice Clerk" with Create on "new_invoice" at "User" depth
      And an owner team "Collectors" in business unit "Sales"
      And the team "Collectors" holds the role "Invoice Clerk"
      And a user "ana" in business unit "Sales"
      And "ana" is a member of the team "Collectors"
      Then "ana" may Create rows of "new_invoice"

    Scenario: No Create without any role that grants it
      Given a user "ana" in business unit "Sales" with the role "Basic User"
      Then "ana" may not Create rows of "new_invoice"

  @DV-012 @severity-medium
  Rule: Business units form one tree, and every user belongs to one of them
    Source: rolecheck's notes on the Dataverse security model, section "1.6 Business units", lines 51-52: https://learn.microsoft.com/power-apps/developer/data-platform/businessunit-entity

    Scenario: Users of business units deep in the tree are accepted
      Given a user "wes" in business unit "Sales West" with the role "Basic User"
      Then "wes" may use data in the database

    Scenario: A business unit cannot be its own ancestor
      Given a business unit "North" under "South"
      And a business unit "South" under "North"
      Then the environment is rejected because "is its own ancestor"

    Scenario: A user cannot belong to a business unit that does not exist
      Given a user "ana" in business unit "Marketing"
      Then the environment is rejected because "unknown business unit"

  @DV-013 @severity-low
  Rule: A custom role authors a resource when it holds the privilege that creating it needs, by rolecheck's reading
    Source: rolecheck's notes on the Dataverse security model, section "1.1 Table privileges", line 10: https://learn.microsoft.com/power-platform/admin/security-roles-privileges

    Scenario: A custom role with the privilege to create tables may author tables
      Given a custom role "Table Designer" with the privilege "prvCreateEntity"
      And a user "tia" with the role "Table Designer"
      Then "tia" may author "Dataverse tables"

    Scenario: A custom role with Create on processes may author solution-aware cloud flows
      Given a custom role "Flow Builder" with Create on "workflow" at "User" depth
      And a user "fay" with the role "Flow Builder"
      Then "fay" may author "Cloud flow" of kind "solution-aware"

    Scenario: A custom role without that privilege does not
      Given a custom role "Invoice Clerk" with Read on "new_invoice" at "User" depth
      And a user "ana" with the role "Invoice Clerk"
      Then "ana" may not author "Dataverse tables"
      And "ana" may not author "Cloud flow" of kind "solution-aware"

  @DV-014 @severity-high
  Rule: Predefined roles cannot be edited, so a definition that differs from the documented one is reported
    Source: admin guide page "Role-based security roles" (revision of 2025-02-11), section "Environments with a Dataverse database", line 52: https://learn.microsoft.com/power-platform/admin/database-security#environments-with-a-dataverse-database

    Scenario: An environment that redefines a protected role is detected
      Given the environment's own definition of "App Opener" grants Read on "new_invoice" at "Global" depth
      Then the role "App Opener" is changed from its documented definition

    Scenario: An environment that keeps the documented definition is not flagged
      Then the role "App Opener" is not changed from its documented definition
