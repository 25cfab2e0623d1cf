Feature: Predefined security roles of a Dataverse environment
  Each row of the role table on the environment roles page becomes one rule: what the role grants on custom
  tables, on the core Account, Contact and Activity tables and on the other standard tables, which other
  privileges it carries, to whom it can be assigned, and an example of what its holder may or may not do.
  "User" level means own rows only; "Organization" means every row.

  Background:
    Given a custom table "new_invoice" owned by users

  @ROLE-001 @severity-medium
  Rule: App Opener holds the minimum privileges for common tasks and is protected
    Source: environment roles page, "Predefined security roles", lines 25-25.

    Scenario: The role table row for App Opener
      Then the role "App Opener" holds these table privileges:
        | table          | Create | Read         | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None         | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None         | None  | None   | None   | None     | None   | None  |
        | standard table | User   | Organization | User  | User   | None   | None     | None   | None  |
      And the role "App Opener" holds no other privileges

    Scenario: Who can be given App Opener
      Then assigning the role "App Opener" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    Scenario: App Opener reads every row of a standard table but changes only its own
      Given a user "ana" with the role "App Opener"
      And a user "ben" with the role "App Opener"
      And a row "p1" of "workflow" owned by "ben"
      Then "ana" may Read the row "p1" of "workflow"
      And "ana" may not Write the row "p1" of "workflow"

    Scenario: App Opener cannot be changed
      Then the role "App Opener" is protected from changes

  @ROLE-002 @severity-critical
  Rule: Environment Maker customizes but holds no privilege on any data
    Source: environment roles page, "Predefined security roles", lines 26-26.

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
  Rule: System Administrator holds every privilege at organization level, manages security roles and sees all data
    Source: environment roles page, "Predefined security roles", lines 27-27.

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
  Rule: System Customizer works on every custom table row but sees only the Account, Contact and Activity rows they own
    Source: environment roles page, "Predefined security roles", lines 28-28.

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
  Rule: Basic User works only on their own rows, and only in standard tables
    Source: environment roles page, "Predefined security roles", lines 29-29.

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
  Rule: Service Deleter deletes rows of every table for the service and cannot be given to a user or team
    Source: environment roles page, "Predefined security roles", lines 30-30.

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
  Rule: Service Reader reads every table for back-end services only
    Source: environment roles page, "Predefined security roles", lines 31-31.

    Scenario: The role table row for Service Reader
      Then the role "Service Reader" holds these table privileges:
        | table          | Create | Read         | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | Organization | None  | None   | None   | None     | None   | None  |
        | core table     | None   | Organization | None  | None   | None   | None     | None   | None  |
        | standard table | None   | Organization | None  | None   | None   | None     | None   | None  |
      And the role "Service Reader" holds no other privileges

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

  @ROLE-008 @severity-high
  Rule: Service Writer creates, reads and updates every table for back-end services only
    Source: environment roles page, "Predefined security roles", lines 32-32.

    Scenario: The role table row for Service Writer
      Then the role "Service Writer" holds these table privileges:
        | table          | Create       | Read         | Write        | Delete | Append | AppendTo | Assign | Share |
        | custom table   | Organization | Organization | Organization | None   | None   | None     | None   | None  |
        | core table     | Organization | Organization | Organization | None   | None   | None     | None   | None  |
        | standard table | Organization | Organization | Organization | None   | None   | None     | None   | None  |
      And the role "Service Writer" holds no other privileges

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

  @ROLE-009 @severity-high
  Rule: Delegate lets its holder act for another user and needs another role for access to rows
    Source: environment roles page, "Predefined security roles", lines 33-33.

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
  Rule: A Dynamics 365 administrator administers the platform through the System Administrator role
    Source: environment roles page, "Predefined security roles", lines 34-34.

    Scenario: The role table row for Dynamics 365 Admin
      Then the role "Dynamics 365 Admin" holds these table privileges:
        | table          | Create       | Read         | Write        | Delete       | Append       | AppendTo     | Assign       | Share        |
        | custom table   | Organization | Organization | Organization | Organization | Organization | Organization | Organization | Organization |
        | core table     | Organization | Organization | Organization | Organization | Organization | Organization | Organization | Organization |
        | standard table | Organization | Organization | Organization | Organization | Organization | Organization | Organization | Organization |
      And the role "Dynamics 365 Admin" holds exactly these other privileges:
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

    @conflict-CONF-003
    Scenario: Who can be given Dynamics 365 Admin
      Then assigning the role "Dynamics 365 Admin" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

    @conflict-CONF-003
    Scenario: A Dynamics 365 administrator administers the environment and sees all data
      Given a user "dyn" with the role "Dynamics 365 Admin"
      And a user "ben" with the role "Basic User"
      And a row "a1" of "account" owned by "ben"
      Then "dyn" may "manage security roles" in the environment
      And "dyn" may Read the row "a1" of "account"
      And "dyn" may author "Desktop flow"

  @ROLE-011 @severity-medium
  Rule: Support User reads customizations and business settings, and no rows
    Source: environment roles page, "Predefined security roles", lines 35-35.

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

  @ROLE-012 @severity-high
  Rule: Office Collaborator reads only rows shared with the whole organization, through the Office Collaborators team
    Source: environment roles page, "Predefined security roles", lines 36-36.

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
  Rule: Global Reader is not supported in the admin center yet and grants nothing
    Source: environment roles page, "Predefined security roles", lines 37-37.

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
  Rule: Website App Owner belongs to the owner of the website registration and opens no rows
    Source: environment roles page, "Predefined security roles", lines 38-38.

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
    Source: environment roles page, "Predefined security roles", lines 39-39.

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
  Rule: A privilege in the role table reaches every row unless the table says otherwise
    Source: environment roles page, "Predefined security roles", lines 40-40.

    Scenario: A privilege listed without a limit reaches rows in every business unit
      Given a business unit "Finance" under "Root"
      And a user "sam" with the role "System Customizer"
      And a user "rob" in business unit "Finance" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "rob"
      Then "sam" may Write the row "i1" of "new_invoice"

    Scenario: A privilege limited to own rows stops at the user's own rows
      Given a user "ana" with the role "App Opener"
      And a user "ben" with the role "App Opener"
      And a row "p1" of "workflow" owned by "ben"
      Then "ana" may not Delete the row "p1" of "workflow"
