@policy
Feature: Contoso finance policies
  Invoices and tax rates are financial records: deleting or changing them is reserved to finance roles.

  Background:
    Given the environment export

  @POL-010 @severity-critical
  Rule: Only finance roles and administrators delete invoices

    Scenario: Everybody who can delete invoices holds a finance role
      Then every user who can "Delete" rows of "new_invoice" holds one of these roles:
        | System Administrator |
        | System Customizer    |
        | Finance Controller   |
        | AP Team Role         |

  @POL-011 @severity-high
  Rule: Tax rates are changed only by the finance controller and the customizers

    Scenario: Everybody who can change tax rates holds Finance Controller
      Then every user who can "Write" rows of "new_taxrate" holds one of these roles:
        | System Administrator |
        | System Customizer    |
        | Finance Controller   |

  @POL-012 @severity-medium
  Rule: Accounts payable clerks work on their own business unit's invoices only

    Scenario: A clerk reads invoices of Accounts Payable but not those of Sales
      Then "lee.gu@contoso.com" may Read the row "INV-1002" of "new_invoice"
      And "lee.gu@contoso.com" may not Read the row "INV-1004" of "new_invoice"
