Feature: Resources each predefined role may create
  The summary table of the environment roles page says which of the four roles (Environment Maker, Environment
  Admin, System Customizer, System Administrator) may create each kind of resource. Each rule checks one row of
  that table for each role on its own, then shows what a real user, who is always also a maker, may do. The
  training unit lists the resources each role has access to; rolecheck reads each mark as "may author", as the
  admin guide's copy of the table does (CONF-009).

  @RES-001 @severity-high
  Rule: Canvas apps are available to all four roles
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 45: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Canvas app
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Canvas app" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | allowed   |
        | System Customizer    | allowed   |
        | System Administrator | allowed   |

    Scenario: A user holding only an environment role creates canvas apps
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may author "Canvas app"

  @RES-002 @severity-high
  Rule: Cloud flows are available to Environment Admin and System Administrator; to makers only outside solutions, to customizers only inside them
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 46: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Cloud flow
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Cloud flow" as follows:
        | role                 | authoring               |
        | Environment Maker    | non-solution-aware only |
        | Environment Admin    | allowed                 |
        | System Customizer    | solution-aware only     |
        | System Administrator | allowed                 |

    Scenario: The kind of cloud flow decides for makers and customizers
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Cloud flow" as follows:
        | role                 | flow kind          | authoring |
        | Environment Maker    | solution-aware     | denied    |
        | Environment Maker    | non-solution-aware | allowed   |
        | Environment Admin    | solution-aware     | allowed   |
        | Environment Admin    | non-solution-aware | allowed   |
        | System Customizer    | solution-aware     | allowed   |
        | System Customizer    | non-solution-aware | denied    |
        | System Administrator | solution-aware     | allowed   |
        | System Administrator | non-solution-aware | allowed   |

    Scenario: A maker builds flows outside solutions but not inside them
      Given a user "mia"
      Then "mia" may author "Cloud flow" of kind "non-solution-aware"
      And "mia" may not author "Cloud flow" of kind "solution-aware"

    Scenario: A customizer who is also a maker builds both kinds of flow
      Given a user "sam" with the role "System Customizer"
      Then "sam" may author "Cloud flow" of kind "solution-aware"
      And "sam" may author "Cloud flow" of kind "non-solution-aware"

  @RES-003 @severity-high
  Rule: Connectors are available to every role but System Customizer
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 47: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Connector
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Connector" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | allowed   |
        | System Customizer    | denied    |
        | System Administrator | allowed   |

    Scenario: A customizer still creates connectors, as every user is also a maker
      Given a user "sam" with the role "System Customizer"
      Then "sam" may author "Connector"

  @RES-004 @severity-high
  Rule: Connections are available to every role but System Customizer
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 48: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Connection
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Connection" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | allowed   |
        | System Customizer    | denied    |
        | System Administrator | allowed   |

    Scenario: A maker creates connections
      Given a user "mia"
      Then "mia" may author "Connection"

  @RES-005 @severity-high
  Rule: Data gateways are available to every role but System Customizer
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 49: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Data gateway
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Data gateway" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | allowed   |
        | System Customizer    | denied    |
        | System Administrator | allowed   |

    Scenario: An Environment Admin creates data gateways
      Given a user "eva" with the role "Environment Admin"
      Then "eva" may author "Data gateway"

  @RES-006 @severity-high
  Rule: Dataflows are available to every role but System Customizer
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 50: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Dataflow
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Dataflow" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | allowed   |
        | System Customizer    | denied    |
        | System Administrator | allowed   |

    Scenario: A maker creates dataflows
      Given a user "mia"
      Then "mia" may author "Dataflow"

  @RES-007 @severity-critical
  Rule: Dataverse tables are available only to System Customizer and System Administrator
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 51: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Dataverse tables
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Dataverse tables" as follows:
        | role                 | authoring |
        | Environment Maker    | denied    |
        | Environment Admin    | denied    |
        | System Customizer    | allowed   |
        | System Administrator | allowed   |

    Scenario: A customizer creates tables
      Given a user "sam" with the role "System Customizer"
      Then "sam" may author "Dataverse tables"

    Scenario: An Environment Admin does not create tables
      Given a user "eva" with the role "Environment Admin"
      Then "eva" may not author "Dataverse tables"

  @RES-008 @severity-high
  Rule: Model-driven apps are available to every role but Environment Admin
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 52: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Model-driven app
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Model-driven app" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | denied    |
        | System Customizer    | allowed   |
        | System Administrator | allowed   |

    Scenario: A maker creates model-driven apps in an environment with a database
      Given a user "mia"
      Then "mia" may author "Model-driven app"

    Scenario: Without a database there are no model-driven apps
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may not author "Model-driven app"

  @RES-009 @severity-high
  Rule: The solution framework is available to every role but Environment Admin
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 53: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Solution framework
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Solution framework" as follows:
        | role                 | authoring |
        | Environment Maker    | allowed   |
        | Environment Admin    | denied    |
        | System Customizer    | allowed   |
        | System Administrator | allowed   |

    Scenario: A maker works with solutions in an environment with a database
      Given a user "mia"
      Then "mia" may author "Solution framework"

    Scenario: Without a database there is no solution framework
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may not author "Solution framework"

  @RES-010 @severity-high
  Rule: Desktop flows are available only to System Customizer and System Administrator
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 54: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: The summary table row for Desktop flow
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "Desktop flow" as follows:
        | role                 | authoring |
        | Environment Maker    | denied    |
        | Environment Admin    | denied    |
        | System Customizer    | allowed   |
        | System Administrator | allowed   |

    Scenario: A customizer creates desktop flows
      Given a user "sam" with the role "System Customizer"
      Then "sam" may author "Desktop flow"

    Scenario: A maker does not create desktop flows
      Given a user "mia"
      Then "mia" may not author "Desktop flow"

  @RES-011 @severity-high
  Rule: AI Builder is available only to System Customizer and System Administrator, by the summary table
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", line 55: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    @conflict-CONF-001
    Scenario: The summary table row for AI Builder
      Given an environment with a Dataverse database
      Then each role of the summary table alone may author "AI Builder" as follows:
        | role                 | authoring |
        | Environment Maker    | denied    |
        | Environment Admin    | denied    |
        | System Customizer    | allowed   |
        | System Administrator | allowed   |

    Scenario: A customizer authors AI Builder models
      Given a user "sam" with the role "System Customizer"
      Then "sam" may author "AI Builder"

    @conflict-CONF-001
    Scenario: A maker alone does not author AI Builder models, following the summary table
      Given a user "mia"
      Then "mia" may not author "AI Builder"

  @RES-012 @severity-medium
  Rule: Dataverse for Teams environments get no desktop flows by default, until upgraded and licensed
    Source: Microsoft Learn training unit "Understand environment roles", section "Summary of resources available for predefined security roles", lines 56-57: https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles

    Scenario: Even an administrator of a Teams environment creates no desktop flows
      Given the environment is of type "Teams"
      And a user "sia" with the role "System Administrator"
      Then "sia" may not author "Desktop flow"

    Scenario: An environment with full Dataverse has desktop flows
      Given the environment is of type "Production"
      And a user "sia" with the role "System Administrator"
      Then "sia" may author "Desktop flow"
