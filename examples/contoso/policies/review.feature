@policy
Feature: Contoso quarterly access review
  The approved state of the most sensitive access, in the words the reviewer signs each quarter. Any difference
  fails: a name missing from the environment, or a person who gained the access without being listed here. To
  approve a change, the reviewer edits the list in the same change request (docs/reviews.md).

  Background:
    Given the environment export

  @POL-030 @severity-high
  Rule: Invoices are deleted only by the people the finance review approved

    Scenario: Exactly the approved people can delete invoices
      Then exactly these users can "Delete" rows of "new_invoice":
        | user                       | depth  |
        | adele.vance@contoso.com    | Global |
        | alex.wilber@contoso.com    | Global |
        | joni.sherman@contoso.com   | Deep   |
        | lee.gu@contoso.com         | Basic  |
        | lidia.holloway@contoso.com | Basic  |
        | megan.bowen@contoso.com    | Global |
        | pradeep.gupta@contoso.com  | Global |

  @POL-031 @severity-critical
  Rule: System Administrator is held by the approved administrators only

    Scenario: Exactly the approved administrators hold System Administrator
      Then exactly these users hold "System Administrator":
        | user                    |
        | adele.vance@contoso.com |
        | megan.bowen@contoso.com |

  @POL-032 @severity-medium
  Rule: The accounts payable team has the approved members

    Scenario: Exactly the approved clerks are in the AP Team
      Then exactly these users are members of the team "AP Team":
        | user                       |
        | lee.gu@contoso.com         |
        | lidia.holloway@contoso.com |
