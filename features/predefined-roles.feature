Feature: Predefined security roles of a Dataverse environment
  Each row of the role table on the environment roles page becomes one rule: what the role grants on custom
  tables, on the core Account, Contact and Activity tables and on the other standard tables, which other
  privileges it carries, to whom it can be assigned, and an example of what its holder may or may not do.
  "User" level means own rows only; "Organization" means every row. Where a later revision of the admin guide says
  more, the stronger statement is a rule of its own (REV-001 to REV-003) and names the revision.

  Background:
    Given a custom table "new_invoice" owned by users

  @ROLE-001 @severity-medium
  Rule: App Opener has the minimum privileges for common tasks, is the role new roles are copied from, and is protected
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 25: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore
    The role table lists Create, Write and Delete on own rows and Read, without saying on which tables; rolecheck
    takes the tables from the later revision (REV-003): none of the business tables.

    Scenario: Who can be given App Opener
      Then assigning the role "App Opener" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: App Opener cannot be changed
      Then the role "App Opener" is protected from changes

  @ROLE-002 @severity-critical
  Rule: Environment Maker holds customizations but no privilege to access data
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 26: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Environment Maker
      Then the role "Environment Maker" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Environment Maker" holds exactly these other privileges:
        | privilege     |
        | prvReadEntity |

    Scenario: Who can be given Environment Maker
      Then assigning the role "Environment Maker" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: A maker with the role assigned explicitly still reaches no data
      Given a user "mia" with the role "Environment Maker"
      Then "mia" may not use data in the database

  @ROLE-003 @severity-critical
  Rule: System Administrator may customize and administer everything in the environment and sees all data
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 27: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore
    The role table lists Create, Read, Write and Delete; rolecheck gives all eight table privileges at Organization
    level, as the export contract does.

    Scenario: The role table row for System Administrator
      Then the role "System Administrator" holds these table privileges:
        | table          | Create       | Read         | Write        | Delete       | Append       | AppendTo     | Assign       | Share        |
        | custom table   | Organization | Organization | Organization | Organization | Organization | Organization | Organization | Organization |
        | core table     | Organization | Organization | Organization | Organization | Organization | Organization | Organization | Organization |
        | standard table | Organization | Organization | Organization | Organization | Organization | Organization | Organization | Organization |
      And the role "System Administrator" holds exactly these other privileges:
        | privilege                   |
        | prvCreateEntity             |
        | prvWriteEntity              |
        | prvReadEntity               |
        | prvPublishCustomization     |
        | prvImportCustomization      |
        | prvExportCustomization      |
        | prvCreateRole               |
        | prvWriteRole                |
        | prvReadRole                 |
        | prvAssignRole               |
        | prvActOnBehalfOfAnotherUser |

    Scenario: Who can be given System Administrator
      Then assigning the role "System Administrator" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: A System Administrator sees and changes rows anywhere and manages security roles
      Given a business unit "Finance" under "Root"
      And a user "sia" with the role "System Administrator"
      And a user "rob" in business unit "Finance" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "sia" may Read the row "i1" of "new_invoice"
      And "sia" may Delete the row "i1" of "new_invoice"
      And "sia" may "manage security roles" in the environment

    Scenario: A Basic User does not manage security roles
      Given a user "ana" with the role "Basic User"
      Then "ana" may not "manage security roles" in the environment

  @ROLE-004 @severity-high
  Rule: System Customizer customizes and views all custom table data, but only the Account, Contact and Activity rows its holder created
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 28: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore
    rolecheck reads "rows its holder created" as the rows they own (User level), since an export records owners,
    not creators (limitation LIM-014).

    Scenario: The role table row for System Customizer
      Then the role "System Customizer" holds these table privileges:
        | table          | Create       | Read         | Write        | Delete       | Append | AppendTo | Assign | Share |
        | custom table   | Organization | Organization | Organization | Organization | None   | None     | None   | None  |
        | core table     | User         | User         | User         | User         | None   | None     | None   | None  |
        | standard table | Organization | Organization | Organization | Organization | None   | None     | None   | None  |
      And the role "System Customizer" holds exactly these other privileges:
        | privilege               |
        | prvCreateEntity         |
        | prvWriteEntity          |
        | prvReadEntity           |
        | prvPublishCustomization |
        | prvImportCustomization  |
        | prvExportCustomization  |

    Scenario: Who can be given System Customizer
      Then assigning the role "System Customizer" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: A customizer reads every custom table row and their own accounts
      Given a user "sam" with the role "System Customizer"
      And a user "rob" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "rob"
      And a row "a1" of "account" owned by "sam"
      Then "sam" may Read the row "i1" of "new_invoice"
      And "sam" may Read the row "a1" of "account"

    Scenario: A customizer does not see other people's accounts
      Given a user "sam" with the role "System Customizer"
      And a user "rob" with the role "Basic User"
      And a row "a2" of "account" owned by "rob"
      Then "sam" may not Read the row "a2" of "account"

  @ROLE-005 @severity-high
  Rule: Basic User works on the rows its holder owns, in non-custom tables only
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 29: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Basic User
      Then the role "Basic User" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | User   | User | User  | User   | None   | None     | None   | None  |
        | standard table | User   | User | User  | User   | None   | None     | None   | None  |
      And the role "Basic User" holds no other privileges

    Scenario: Who can be given Basic User
      Then assigning the role "Basic User" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: A Basic User works on an account they own
      Given a user "ana" with the role "Basic User"
      And a row "a1" of "account" owned by "ana"
      Then "ana" may Write the row "a1" of "account"

    Scenario: A Basic User does not see a colleague's account
      Given a user "ana" with the role "Basic User"
      And a user "ben" with the role "Basic User"
      And a row "a2" of "account" owned by "ben"
      Then "ana" may not Read the row "a2" of "account"

    Scenario: A Basic User opens no row of a custom table, not even their own
      Given a user "ana" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "ana"
      Then "ana" may not Read the row "i1" of "new_invoice"
      And "ana" may not Create rows of "new_invoice"

  @ROLE-006 @severity-critical
  Rule: Service Deleter deletes rows of every table, is primarily used by the service, and cannot be given to a user or team
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 30: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Service Deleter
      Then the role "Service Deleter" holds these table privileges:
        | table          | Create | Read | Write | Delete       | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | Organization | None   | None     | None   | None  |
        | core table     | None   | None | None  | Organization | None   | None     | None   | None  |
        | standard table | None   | None | None  | Organization | None   | None     | None   | None  |
      And the role "Service Deleter" holds no other privileges

    Scenario: Who can be given Service Deleter
      Then assigning the role "Service Deleter" takes effect for:
        | principal                     | takes effect |
        | a user                        | no           |
        | an owner team                 | no           |
        | a group team                  | no           |
        | an access team                | no           |
        | the Office Collaborators team | no           |

    Scenario: A user who was given Service Deleter deletes nothing
      Given a user "ana" with the role "Service Deleter"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      Then "ana" may not Delete the row "a1" of "account"

  @ROLE-007 @severity-high
  Rule: Service Reader reads every table and is primarily used by a back-end service
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 31: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Service Reader
      Then the role "Service Reader" holds these table privileges:
        | table          | Create | Read         | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | Organization | None  | None   | None   | None     | None   | None  |
        | core table     | None   | Organization | None  | None   | None   | None     | None   | None  |
        | standard table | None   | Organization | None  | None   | None   | None     | None   | None  |
      And the role "Service Reader" holds no other privileges

  @ROLE-008 @severity-high
  Rule: Service Writer creates, reads and updates every table and is primarily used by a back-end service
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 32: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Service Writer
      Then the role "Service Writer" holds these table privileges:
        | table          | Create       | Read         | Write        | Delete | Append | AppendTo | Assign | Share |
        | custom table   | Organization | Organization | Organization | None   | None   | None     | None   | None  |
        | core table     | Organization | Organization | Organization | None   | None   | None     | None   | None  |
        | standard table | Organization | Organization | Organization | None   | None   | None     | None   | None  |
      And the role "Service Writer" holds no other privileges

  @ROLE-009 @severity-high
  Rule: Delegate lets code act for another user and is typically used with a role that opens rows
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 33: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Delegate
      Then the role "Delegate" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Delegate" holds exactly these other privileges:
        | privilege                   |
        | prvActOnBehalfOfAnotherUser |

    Scenario: Who can be given Delegate
      Then assigning the role "Delegate" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: Delegate with a role that opens the row lets the holder act for its owner
      Given a user "ana" with the role "Basic User"
      And a user "dan" with the role "Delegate"
      And "dan" also holds the role "System Administrator"
      And a row "a1" of "account" owned by "ana"
      Then "dan" acting for "ana" may Write the row "a1" of "account"

    Scenario: Delegate alone opens no row
      Given a user "ana" with the role "Basic User"
      And a user "dan" with the role "Delegate"
      And a row "a1" of "account" owned by "ana"
      Then "dan" acting for "ana" may not Read the row "a1" of "account"
      And "dan" may not use data in the database

  @ROLE-010 @severity-high
  Rule: A Dynamics 365 administrator does admin work because they have the System Administrator role
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 34: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore
    rolecheck follows the later revision instead (REV-001, CONF-003): the role grants nothing in the environment
    until its holder self-elevates to System Administrator.

    @conflict-CONF-003
    Scenario: The role table row for Dynamics 365 Admin
      Then the role "Dynamics 365 Admin" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Dynamics 365 Admin" holds no other privileges

    @conflict-CONF-003
    Scenario: Who can be given Dynamics 365 Admin
      Then assigning the role "Dynamics 365 Admin" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

  @ROLE-011 @severity-medium
  Rule: Support User reads customizations and business-management settings, for support staff
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 35: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Support User
      Then the role "Support User" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Support User" holds exactly these other privileges:
        | privilege                 |
        | prvReadCustomization      |
        | prvReadBusinessManagement |

  @ROLE-012 @severity-high
  Rule: Office Collaborator reads rows shared with the whole organization and is assigned to the Office Collaborators team
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 36: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Office Collaborator
      Then the role "Office Collaborator" holds these table privileges:
        | table          | Create | Read                     | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | Organization-shared rows | None  | None   | None   | None     | None   | None  |
        | core table     | None   | Organization-shared rows | None  | None   | None   | None     | None   | None  |
        | standard table | None   | Organization-shared rows | None  | None   | None   | None     | None   | None  |
      And the role "Office Collaborator" holds no other privileges

    Scenario: Who can be given Office Collaborator
      Then assigning the role "Office Collaborator" takes effect for:
        | principal                     | takes effect |
        | a user                        | no           |
        | an owner team                 | no           |
        | a group team                  | no           |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: Members of the Office Collaborators team read rows shared with the organization
      Given an owner team "Office Collaborators" in business unit "Root"
      And the team "Office Collaborators" holds the role "Office Collaborator"
      And a user "oli"
      And "oli" is a member of the team "Office Collaborators"
      And a user "ben" with the role "System Customizer"
      And a row "i1" of "new_invoice" owned by "ben"
      And the row "i1" is shared with the organization for "Read"
      Then "oli" may Read the row "i1" of "new_invoice"
      And "oli" may not Write the row "i1" of "new_invoice"

    Scenario: Rows that were not shared with the organization stay closed to Office Collaborators
      Given an owner team "Office Collaborators" in business unit "Root"
      And the team "Office Collaborators" holds the role "Office Collaborator"
      And a user "oli"
      And "oli" is a member of the team "Office Collaborators"
      And a user "ben" with the role "System Customizer"
      And a row "i2" of "new_invoice" owned by "ben"
      And the row "i2" is shared with "oli" for "Read"
      Then "oli" may not Read the row "i2" of "new_invoice"

    Scenario: Office Collaborator given to a single user grants nothing
      Given a user "oli" with the role "Office Collaborator"
      And a user "ben" with the role "System Customizer"
      And a row "i1" of "new_invoice" owned by "ben"
      And the row "i1" is shared with the organization for "Read"
      Then "oli" may not Read the row "i1" of "new_invoice"

  @ROLE-013 @severity-low
  Rule: Global Reader is not yet supported in the Power Platform admin center
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 37: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore
    rolecheck reads "not supported" as granting nothing: an assignment of Global Reader is ignored and reported.

    Scenario: The role table row for Global Reader
      Then the role "Global Reader" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Global Reader" holds no other privileges

    Scenario: Who can be given Global Reader
      Then assigning the role "Global Reader" takes effect for:
        | principal                     | takes effect |
        | a user                        | no           |
        | an owner team                 | no           |
        | a group team                  | no           |
        | an access team                | no           |
        | the Office Collaborators team | no           |

    Scenario: A user who was given Global Reader reads nothing
      Given a user "gil" with the role "Global Reader"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      Then "gil" may not Read the row "a1" of "account"

  @ROLE-014 @severity-low
  Rule: Website App Owner is the role of the user who owns the website's application registration
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 38: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore
    The role table lists no privileges for it, so rolecheck gives it none.

    Scenario: The role table row for Website App Owner
      Then the role "Website App Owner" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Website App Owner" holds no other privileges

    Scenario: Who can be given Website App Owner
      Then assigning the role "Website App Owner" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: The owner of the website registration reaches no data through this role
      Given a user "web" with the role "Website App Owner"
      Then "web" may not use data in the database

  @ROLE-015 @severity-medium
  Rule: Website Owner belongs to the creator of the Power Pages website and cannot be changed
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 39: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: The role table row for Website Owner
      Then the role "Website Owner" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Website Owner" holds no other privileges

    Scenario: Who can be given Website Owner
      Then assigning the role "Website Owner" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: Website Owner is managed and cannot be changed
      Then the role "Website Owner" is protected from changes

    Scenario: The creator of the website reaches no data through this role
      Given a user "web" with the role "Website Owner"
      Then "web" may not use data in the database

  @ROLE-016 @severity-medium
  Rule: A privilege in the role table has organization scope unless the table says otherwise
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 40: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: A privilege listed without a limit reaches rows in every business unit
      Given a business unit "Finance" under "Root"
      And a user "sam" with the role "System Customizer"
      And a user "rob" in business unit "Finance" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "sam" may Write the row "i1" of "new_invoice"

    Scenario: A privilege limited to own rows stops at the user's own rows
      Given a user "ana" with the role "Basic User"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      And a row "a2" of "account" owned by "ana"
      Then "ana" may not Delete the row "a1" of "account"
      And "ana" may Delete the row "a2" of "account"

  @REV-001 @severity-critical
  Rule: Tenant administrators administer an environment only after they self-elevate to System Administrator
    Source: admin guide page "Role-based security roles" (revision of 2025-02-11), section "Environments with a Dataverse database", lines 59-64: https://learn.microsoft.com/power-platform/admin/database-security#environments-with-a-dataverse-database

    Scenario: A Dynamics 365 administrator who has not self-elevated neither administers nor reads rows
      Given a user "dyn" with the role "Dynamics 365 Admin"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      Then "dyn" may not "manage security roles" in the environment
      And "dyn" may not Read the row "a1" of "account"
      And "dyn" may not author "Desktop flow"

    Scenario: Once self-elevated, the administrator holds System Administrator and administers
      Given a user "dyn" with the role "Dynamics 365 Admin"
      And "dyn" also holds the role "System Administrator"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      Then "dyn" may "manage security roles" in the environment
      And "dyn" may Read the row "a1" of "account"
      And "dyn" may author "Desktop flow"

  @REV-002 @severity-high
  Rule: Service Deleter, Service Reader, Service Writer and Support User cannot be given to a user or a team
    Source: admin guide page "Role-based security roles" (revision of 2025-02-11), section "Environments with a Dataverse database", lines 65-68: https://learn.microsoft.com/power-platform/admin/database-security#environments-with-a-dataverse-database

    @conflict-CONF-004
    Scenario: Who can be given Service Reader
      Then assigning the role "Service Reader" takes effect for:
        | principal                     | takes effect |
        | a user                        | no           |
        | an owner team                 | no           |
        | a group team                  | no           |
        | an access team                | no           |
        | the Office Collaborators team | no           |

    @conflict-CONF-004
    Scenario: A user who was given Service Reader reads nothing
      Given a user "ana" with the role "Service Reader"
      And a user "ben" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "ben"
      Then "ana" may not Read the row "i1" of "new_invoice"

    @conflict-CONF-004
    Scenario: Who can be given Service Writer
      Then assigning the role "Service Writer" takes effect for:
        | principal                     | takes effect |
        | a user                        | no           |
        | an owner team                 | no           |
        | a group team                  | no           |
        | an access team                | no           |
        | the Office Collaborators team | no           |

    @conflict-CONF-004
    Scenario: A team that was given Service Writer passes nothing on to its members
      Given an owner team "Integrations" in business unit "Root"
      And the team "Integrations" holds the role "Service Writer"
      And a user "ana"
      And "ana" is a member of the team "Integrations"
      Then "ana" may not Create rows of "new_invoice"

    @conflict-CONF-004
    Scenario: Who can be given Support User
      Then assigning the role "Support User" takes effect for:
        | principal                     | takes effect |
        | a user                        | no           |
        | an owner team                 | no           |
        | a group team                  | no           |
        | an access team                | no           |
        | the Office Collaborators team | no           |

    @conflict-CONF-004
    Scenario: A user who was given Support User opens no row
      Given a user "sup" with the role "Support User"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      Then "sup" may not Read the row "a1" of "account"

  @REV-003 @severity-medium
  Rule: App Opener holds nothing on business tables and reads system tables such as Process
    Source: admin guide page "Role-based security roles" (revision of 2025-02-11), section "Environments with a Dataverse database", line 56: https://learn.microsoft.com/power-platform/admin/database-security#environments-with-a-dataverse-database
    The catalogue records the Organization-level Read of Process by table name, and the model applies it; which
    other system tables "such as" covers is not stated (limitation LIM-010).

    Scenario: The role table row for App Opener
      Then the role "App Opener" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "App Opener" holds Read on the table "workflow" at "Organization" depth
      And the role "App Opener" holds no other privileges

    Scenario: App Opener opens no account or custom table row, not even its holder's own
      Given a user "ana" with the role "App Opener"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      And a row "a2" of "account" owned by "ana"
      And a row "i1" of "new_invoice" owned by "ana"
      Then "ana" may not Read the row "a1" of "account"
      And "ana" may not Read the row "a2" of "account"
      And "ana" may not Read the row "i1" of "new_invoice"
      And "ana" may not Create rows of "account"

    Scenario: App Opener neither creates AI models nor reaches other people's models
      Given a user "ana" with the role "App Opener"
      And a user "sam" with the role "System Customizer"
      When "sam" creates a "document processing" model named "invoices"
      Then "ana" may not create a "document processing" model
      And "ana" may not use the model "invoices"
