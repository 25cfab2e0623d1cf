@audit
Feature: Audit of an environment export
  Run only by `rolecheck audit <export-folder>`, which names the export in ROLECHECK_EXPORT. Each rule below
  turns one kind of finding into a passing or failing scenario and attaches the findings it meets; the first
  scenarios reconcile each user's effective access (the environment data of the report, recounted from every
  user's roles) and attach the custom roles' resource matrix.

  Background:
    Given the environment export

  Scenario: Effective access of every user of the environment
    Then each user's effective access is reported

  Scenario: Resources the custom roles of the environment may author
    Then each custom role's resource access is reported

  @ROLE-006 @severity-critical
  Rule: Service Deleter is assigned to no user or team

    Scenario: The export has no findings of rule ROLE-006
      Then the export has no findings of rule "ROLE-006"

  @REV-002 @severity-high
  Rule: Service Reader, Service Writer and Support User are assigned to no user or team

    Scenario: The export has no findings of rule REV-002
      Then the export has no findings of rule "REV-002"

  @REV-001 @severity-critical
  Rule: Tenant admin roles are not relied on inside the environment: they grant nothing until self-elevation

    Scenario: The export has no findings of rule REV-001
      Then the export has no findings of rule "REV-001"

  @ROLE-012 @severity-high
  Rule: Office Collaborator is held only by the Office Collaborators owner team

    Scenario: The export has no findings of rule ROLE-012
      Then the export has no findings of rule "ROLE-012"

  @ROLE-013 @severity-low
  Rule: Global Reader, not supported yet, is assigned to nobody

    Scenario: The export has no findings of rule ROLE-013
      Then the export has no findings of rule "ROLE-013"

  @DV-007 @severity-high
  Rule: No security role is assigned to an access team

    Scenario: The export has no findings of rule DV-007
      Then the export has no findings of rule "DV-007"

  @DV-010 @severity-medium
  Rule: No security role is assigned to a disabled user

    Scenario: The export has no findings of rule DV-010
      Then the export has no findings of rule "DV-010"

  @ROLE-001 @severity-medium
  Rule: App Opener is exactly as documented

    Scenario: The export has no findings of rule ROLE-001
      Then the export has no findings of rule "ROLE-001"

  @ROLE-003 @severity-critical
  Rule: System Administrator is exactly as documented

    Scenario: The export has no findings of rule ROLE-003
      Then the export has no findings of rule "ROLE-003"

  @ROLE-015 @severity-medium
  Rule: Website Owner is exactly as documented

    Scenario: The export has no findings of rule ROLE-015
      Then the export has no findings of rule "ROLE-015"

  @DV-014 @severity-high
  Rule: Every other predefined role is exactly as documented

    Scenario: The export has no findings of rule DV-014
      Then the export has no findings of rule "DV-014"

  @ENV-013 @severity-critical
  Rule: Nobody relies on Environment Admin to administer a Dataverse environment

    Scenario: The export has no findings of rule ENV-013
      Then the export has no findings of rule "ENV-013"

  @DV-009 @severity-critical
  Rule: Nobody holds the impersonation privilege only through a team

    Scenario: The export has no findings of rule DV-009
      Then the export has no findings of rule "DV-009"
