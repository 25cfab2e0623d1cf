Feature: Security in AI Builder
  AI Builder has no security of its own: who may create, publish, run and use AI models follows from the
  environment and from Dataverse security roles on the AI Builder tables and on the tables a model learns from.

  @AIB-001 @severity-high
  Rule: AI Builder relies on environment security and Dataverse security roles to grant access
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 17: https://learn.microsoft.com/ai-builder/security
    rolecheck reads this as: no AI Builder in an environment without a Dataverse database, and no model for a user
    who holds no Dataverse role.

    Scenario: An environment without a database has no AI Builder, even for its administrator
      Given an environment without a Dataverse database
      And a user "eva" with the role "Environment Admin"
      Then "eva" may not create a "document processing" model
      And "eva" may not author "AI Builder"

    Scenario: A user without any Dataverse role reaches no AI model
      Given a user "sam" with the role "System Customizer"
      And a user "nob"
      When "sam" creates a "document processing" model named "invoices"
      Then "nob" may not use the model "invoices"
      And "sam" may use the model "invoices"

  @AIB-002 @severity-medium
  Rule: The built-in roles use AI Builder without further action from administrators
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 19: https://learn.microsoft.com/ai-builder/security

    Scenario: A customizer creates a model in a new environment without any preparation
      Given a user "sam" with the role "System Customizer"
      Then "sam" may create a "document processing" model

    Scenario: A Basic User uses a model shared with them, but does not create one
      Given a user "sam" with the role "System Customizer"
      And a user "ben" with the role "Basic User"
      When "sam" creates a "document processing" model named "invoices"
      And "sam" shares the model "invoices" with "ben"
      Then "ben" may use the model "invoices"
      And "ben" may not create a "document processing" model

  @AIB-003 @severity-high
  Rule: Environment makers can create AI models
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 21: https://learn.microsoft.com/ai-builder/security
    The summary table of the environment roles page disagrees (CONF-001); rolecheck follows it for Environment
    Maker alone, and lets a role with the makers' AI Builder table access create models (AIB-006).

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    @conflict-CONF-001
    Scenario: A maker given the AI Builder table access the page attributes to makers creates models
      Given a user "mia" with the role "AI Maker"
      Then "mia" may create a "document processing" model
      And "mia" may author "AI Builder"

    @conflict-CONF-001
    Scenario: A maker with nothing but the Environment Maker role creates no model, following the summary table
      Given a user "max"
      Then "max" may not create a "document processing" model
      And "max" may not author "AI Builder"

  @AIB-004 @severity-medium
  Rule: Dataverse users reach data through the AI models embedded in apps
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 22: https://learn.microsoft.com/ai-builder/security

    Scenario: A Basic User uses a model made available to them
      Given a user "sam" with the role "System Customizer"
      And a user "ben" with the role "Basic User"
      When "sam" creates a "document processing" model named "invoices"
      And "sam" shares the model "invoices" with "ben"
      Then "ben" may use the model "invoices"

  @AIB-005 @severity-high
  Rule: Administrators and system customizers access every AI model of the environment
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 23: https://learn.microsoft.com/ai-builder/security

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: Administrators and customizers use a model nobody shared with them
      Given a user "mia" with the role "AI Maker"
      And a user "sam" with the role "System Customizer"
      And a user "sia" with the role "System Administrator"
      When "mia" creates a "document processing" model named "invoices"
      Then "sam" may use the model "invoices"
      And "sia" may use the model "invoices"

    Scenario: Other users do not reach a model that was not shared with them
      Given a user "mia" with the role "AI Maker"
      And a user "ben" with the role "Basic User"
      When "mia" creates a "document processing" model named "invoices"
      Then "ben" may not use the model "invoices"

  @AIB-006 @severity-medium
  Rule: A custom role creates AI models when it has the maker's access to the AI Builder tables
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 25: https://learn.microsoft.com/ai-builder/security
    rolecheck reads "the same access" as at least that access.

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: A custom role with the maker's access to the AI Builder tables creates models
      Given a user "mia" with the role "AI Maker"
      Then "mia" may create an "entity extraction" model

    Scenario: A custom role with less access to the AI Builder tables creates none
      Given a custom role "AI Viewer" with Read on "msdyn_aimodel" at "User" depth
      And a user "vic" with the role "AI Viewer"
      Then "vic" may not create an "entity extraction" model

  @AIB-007 @severity-high
  Rule: Object detection, category classification and prediction models need Read on the tables they learn from
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 30: https://learn.microsoft.com/ai-builder/security

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario Outline: A maker who reads the table creates a <type> model that learns from it
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "Invoice Reader"
      Then "mia" may create a "<type>" model that learns from "new_invoice"

      Examples:
        | type                    |
        | object detection        |
        | category classification |
        | prediction              |

    Scenario Outline: A maker who cannot read the table creates no <type> model that learns from it
      Given a user "mia" with the role "AI Maker"
      Then "mia" may not create a "<type>" model that learns from "new_invoice"

      Examples:
        | type                    |
        | object detection        |
        | category classification |
        | prediction              |

  @AIB-008 @severity-high
  Rule: Publishing models that can change the Dataverse schema needs system customizer privileges
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 32: https://learn.microsoft.com/ai-builder/security

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: A maker who also holds System Customizer publishes a prediction model
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "System Customizer"
      When "mia" creates a "prediction" model named "churn" that learns from "new_invoice"
      Then "mia" may publish the model "churn"

    Scenario: A maker without System Customizer does not publish a prediction model
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "Invoice Reader"
      When "mia" creates a "prediction" model named "churn" that learns from "new_invoice"
      Then "mia" may not publish the model "churn"

  @AIB-009 @severity-high
  Rule: The first publish of a prediction model needs at least system customizer rights
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 34: https://learn.microsoft.com/ai-builder/security
    rolecheck reads "system customizer rights" as holding System Customizer or System Administrator (LIM-012).

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: A customizer publishes a prediction model for the first time
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "Invoice Reader"
      And a user "sam" with the role "System Customizer"
      When "mia" creates a "prediction" model named "churn" that learns from "new_invoice"
      Then "sam" may publish the model "churn"
      And "mia" may not publish the model "churn"

    Scenario: Once published, the owner may publish the model again
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "Invoice Reader"
      And a user "sam" with the role "System Customizer"
      When "mia" creates a "prediction" model named "churn" that learns from "new_invoice"
      And "sam" publishes the model "churn"
      Then "mia" may publish the model "churn"

  @AIB-010 @severity-high
  Rule: Only system customizers or administrators can run a category classification model
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 36: https://learn.microsoft.com/ai-builder/security
    The page gives the table created on the first run as the reason; rolecheck limits only the first run and then
    lets the owner run the model (LIM-013).

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: A customizer runs a new category classification model
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "Invoice Reader"
      And a user "sam" with the role "System Customizer"
      And a user "sia" with the role "System Administrator"
      When "mia" creates a "category classification" model named "triage" that learns from "new_invoice"
      Then "sam" may run the model "triage"
      And "sia" may run the model "triage"
      And "mia" may not run the model "triage"

    Scenario: After the first run, the owner may run the model
      Given a user "mia" with the role "AI Maker"
      And "mia" also holds the role "Invoice Reader"
      And a user "sam" with the role "System Customizer"
      When "mia" creates a "category classification" model named "triage" that learns from "new_invoice"
      And "sam" runs the model "triage"
      Then "mia" may run the model "triage"

  @AIB-011 @severity-medium
  Rule: Users use the results of a category classification model only once an administrator opens them
    Source: AI Builder security page (revision of 2020-11-06), section "Security in AI Builder", line 36: https://learn.microsoft.com/ai-builder/security

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: Results stay closed to users until an administrator opens them
      Given a user "sam" with the role "System Customizer"
      And a user "ben" with the role "Basic User"
      When "sam" creates a "category classification" model named "triage" that learns from "new_invoice"
      And "sam" runs the model "triage"
      Then "ben" may not use the results of the model "triage"
      And "sam" may use the results of the model "triage"

    Scenario: An administrator opens the results to a user
      Given a user "sam" with the role "System Customizer"
      And a user "sia" with the role "System Administrator"
      And a user "ben" with the role "Basic User"
      When "sam" creates a "category classification" model named "triage" that learns from "new_invoice"
      And "sam" runs the model "triage"
      And "sia" opens the results of the model "triage" to "ben"
      Then "ben" may use the results of the model "triage"

  @REV-004 @severity-medium
  Rule: An AI model is only its owner's until it is shared; administrators and customizers reach every model
    Source: AI Builder page "Roles and security in AI Builder" (revision of 2021-07-16), section "Roles", lines 35-50: https://learn.microsoft.com/ai-builder/security#roles

    Background:
      Given a custom table "new_invoice" owned by users
      And a custom role "AI Maker" with the AI Builder table access of Environment Maker
      And a custom role "Invoice Reader" with Read on "new_invoice" at "Organization" depth

    Scenario: The owner uses their model, and a colleague uses it once it is shared
      Given a user "mia" with the role "AI Maker"
      And a user "ben" with the role "Basic User"
      When "mia" creates a "document processing" model named "invoices"
      And "mia" shares the model "invoices" with "ben"
      Then "mia" may use the model "invoices"
      And "ben" may use the model "invoices"

    Scenario: A model stays private to its owner until it is shared
      Given a user "mia" with the role "AI Maker"
      And a user "ben" with the role "Basic User"
      When "mia" creates a "document processing" model named "invoices"
      Then "ben" may not use the model "invoices"
