Feature: Environment roles
  Every environment has two roles of its own, Environment Admin and Environment Maker. They govern who
  administers the environment and who builds apps and flows in it, but they never open the database.

  @ENV-001 @severity-medium
  Rule: A security role is a collection of privileges, and a user can hold several roles
    Source: Microsoft Learn training unit "Understand environment roles", section "Understand environment roles", line 2: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles

    Scenario: A second role adds access that the first one lacks
      Given a custom table "new_invoice" owned by users
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Global" depth
      And a user "ana" with the role "Basic User"
      And "ana" also holds the role "Invoice Reader"
      And a user "ben" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "ben"
      Then "ana" may Read the row "i1" of "new_invoice"

    Scenario: With only one of the two roles the access is missing
      Given a custom table "new_invoice" owned by users
      And a user "ana" with the role "Basic User"
      And a user "ben" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "ben"
      Then "ana" may not Read the row "i1" of "new_invoice"

  @ENV-002 @severity-high
  Rule: Every environment has Environment Admin and Environment Maker; a Dataverse database adds more roles
    Source: Microsoft Learn training unit "Understand environment roles", section "Understand environment roles", lines 3-6: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles

    Scenario: An environment without a database offers only the two environment roles
      Given an environment without a Dataverse database
      Then the environment offers exactly these security roles:
        | role              |
        | Environment Admin |
        | Environment Maker |

    Scenario: An environment with a database offers every predefined role
      Given an environment with a Dataverse database
      Then the environment offers exactly these security roles:
        | role                 |
        | Environment Admin    |
        | App Opener           |
        | Environment Maker    |
        | System Administrator |
        | System Customizer    |
        | Basic User           |
        | Service Deleter      |
        | Service Reader       |
        | Service Writer       |
        | Delegate             |
        | Dynamics 365 Admin   |
        | Support User         |
        | Office Collaborator  |
        | Global Reader        |
        | Website App Owner    |
        | Website Owner        |

    Scenario: Without a database nobody can create Dataverse tables
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may not author "Dataverse tables"
      And "eva" may author "Canvas app"

  @ENV-003 @severity-high
  Rule: A user added to an environment becomes an Environment Maker automatically
    Source: Microsoft Learn training unit "Understand environment roles", section "Understand environment roles", lines 7-8: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles

    Scenario: A newly added user is a maker without any assignment
      Given a user "ana"
      Then "ana" is a member of the environment role "Environment Maker"
      And "ana" may author "Canvas app"

    Scenario: Being added does not make anyone an Environment Admin
      Given a user "ana"
      Then "ana" is not a member of the environment role "Environment Admin"

  @ENV-004 @severity-critical
  Rule: Before a database is added, Environment Admin may perform every administrative action
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Admin role", lines 9-10: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-admin-role

    Scenario Outline: An Environment Admin may <action> in an environment without a database
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may "<action>" in the environment

      Examples:
        | action                            |
        | manage environment role members   |
        | provision a database              |
        | view and manage all resources     |
        | set data loss prevention policies |

    Scenario Outline: A maker may not <action> in an environment without a database
      Given an environment without a Dataverse database
      And a user "mia"
      Then "mia" may not "<action>" in the environment

      Examples:
        | action                            |
        | manage environment role members   |
        | provision a database              |
        | view and manage all resources     |
        | set data loss prevention policies |

  @ENV-005 @severity-critical
  Rule: Environment Admin may add and remove members of the Environment Admin and Environment Maker roles
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Admin role", line 11: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-admin-role

    Scenario: An Environment Admin manages who holds the environment roles
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may "manage environment role members" in the environment

    Scenario: A maker does not manage who holds the environment roles
      Given an environment without a Dataverse database
      And a user "mia"
      Then "mia" may not "manage environment role members" in the environment

  @ENV-006 @severity-high
  Rule: Environment Admin may provision a Dataverse database
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Admin role", line 12: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-admin-role

    Scenario: An Environment Admin adds a database to an environment that has none
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may "provision a database" in the environment

    Scenario: A maker may not add a database
      Given an environment without a Dataverse database
      And a user "mia"
      Then "mia" may not "provision a database" in the environment

    Scenario: An environment that already has a database gets no second one
      Given a user "eva" with the role "Environment Admin"
      Then "eva" may not "provision a database" in the environment

  @ENV-007 @severity-high
  Rule: Environment Admin may see and manage every resource of the environment
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Admin role", line 13: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-admin-role

    Scenario: An Environment Admin manages apps built by others
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      And a user "mia"
      Then "eva" may "view and manage all resources" in the environment
      And "eva" may share an app built by "mia" with the whole organization

    Scenario: A maker does not manage other makers' resources
      Given an environment without a Dataverse database
      And a user "mia"
      And a user "max"
      Then "max" may not "view and manage all resources" in the environment
      And "max" may not share an app built by "mia" with a single user

  @ENV-008 @severity-high
  Rule: Environment Admin may set data loss prevention policies
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Admin role", line 14: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-admin-role

    Scenario: An Environment Admin sets data loss prevention policies
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may "set data loss prevention policies" in the environment

    Scenario: A maker may not set data loss prevention policies
      Given an environment without a Dataverse database
      And a user "mia"
      Then "mia" may not "set data loss prevention policies" in the environment

  @ENV-009 @severity-medium
  Rule: Environment Maker creates apps, connections, custom connectors, gateways and flows
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Maker role", lines 15-16: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-maker-role

    Scenario: A maker creates the resources of their role
      Given an environment without a Dataverse database
      And a user "mia"
      Then "mia" may author "Canvas app"
      And "mia" may author "Connection"
      And "mia" may author "Connector"
      And "mia" may author "Data gateway"
      And "mia" may author "Cloud flow" of kind "non-solution-aware"

  @ENV-010 @severity-medium
  Rule: A maker may share their own apps with single users, security groups or the whole organization
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Maker role", line 17: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-maker-role

    Scenario Outline: A maker shares the app they built with <audience>
      Given a user "mia"
      Then "mia" may share an app built by "mia" with <audience>

      Examples:
        | audience               |
        | a single user          |
        | a security group       |
        | the whole organization |

    Scenario: A maker may not share an app that someone else built
      Given a user "mia"
      And a user "max"
      Then "max" may not share an app built by "mia" with a security group

  @ENV-011 @severity-critical
  Rule: An environment role does not give access to the database
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Maker role", line 18: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-maker-role

    Scenario: An Environment Admin of a Dataverse environment reaches no data
      Given a custom table "new_invoice" owned by users
      And a user "eva" with the role "Environment Admin"
      And a user "ben" with the role "Basic User"
      And a row "i1" of "new_invoice" owned by "ben"
      Then "eva" may not use data in the database
      And "eva" may not Read the row "i1" of "new_invoice"

    Scenario: A maker reaches no data until a database owner grants a security role
      Given a user "mia"
      Then "mia" may not use data in the database

    Scenario: A security role granted by the database owner opens the data
      Given a user "mia" with the role "Basic User"
      Then "mia" may use data in the database

    Scenario: Environment Admin holds no privilege on any kind of table
      Given a custom table "new_invoice" owned by users
      Then the role "Environment Admin" holds these table privileges:
        | table          | Create | Read | Write | Delete | Append | AppendTo | Assign | Share |
        | custom table   | None   | None | None  | None   | None   | None     | None   | None  |
        | core table     | None   | None | None  | None   | None   | None     | None   | None  |
        | standard table | None   | None | None  | None   | None   | None     | None   | None  |
      And the role "Environment Admin" holds no other privileges
      And assigning the role "Environment Admin" takes effect for:
        | principal                     | takes effect |
        | a user                        | yes          |
        | an owner team                 | yes          |
        | a group team                  | yes          |
        | an access team                | no           |
        | the Office Collaborators team | yes          |

  @ENV-012 @severity-medium
  Rule: A new user who signs up for Power Apps becomes a maker of the default environment
    Source: Microsoft Learn training unit "Understand environment roles", section "Environment Maker role", line 19: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environment-maker-role

    Scenario: Signing up makes the user a maker of the default environment
      Given the environment is of type "Default"
      And a user "new"
      Then "new" is a member of the environment role "Environment Maker"
      And "new" may author "Canvas app"

    Scenario: Signing up gives no administration and no data
      Given the environment is of type "Default"
      And a user "new"
      Then "new" is not a member of the environment role "Environment Admin"
      And "new" may not use data in the database

  @ENV-013 @severity-critical
  Rule: With a Dataverse database, full administration needs System Administrator instead of Environment Admin
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", lines 20-21: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario Outline: An Environment Admin alone may not <action> once there is a database
      Given a user "eva" with the role "Environment Admin"
      Then "eva" may not "<action>" in the environment

      Examples:
        | action                            |
        | manage environment role members   |
        | view and manage all resources     |
        | set data loss prevention policies |
        | manage security roles             |
        | view all data                     |

    Scenario Outline: A System Administrator may <action>
      Given a user "sia" with the role "System Administrator"
      Then "sia" may "<action>" in the environment

      Examples:
        | action                            |
        | manage environment role members   |
        | view and manage all resources     |
        | set data loss prevention policies |
        | manage security roles             |
        | view all data                     |

  @ENV-014 @severity-high
  Rule: Makers who create or update tables and security roles in Dataverse also need System Customizer
    Source: Microsoft Learn training unit "Understand environment roles", section "Environments with a Dataverse datastore", line 22: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore

    Scenario: A maker alone can neither create tables nor write rows
      Given a custom table "new_invoice" owned by users
      And a user "mia"
      Then "mia" may not author "Dataverse tables"
      And "mia" may not Create rows of "new_invoice"

    Scenario: A maker who also holds System Customizer creates tables and rows
      Given a custom table "new_invoice" owned by users
      And a user "mia" with the role "System Customizer"
      Then "mia" may author "Dataverse tables"
      And "mia" may Create rows of "new_invoice"
