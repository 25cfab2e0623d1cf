// What the model does not decide, so that an auditor never reads an absence (no finding, no denial) as an assurance.
// Each entry says what is left out, what that means for a reader of the report, the Microsoft pages that describe
// the mechanism, and the rules it sits next to. `verified` on a source: the page's text was read for this entry;
// false: the page is cited from the project's notes on the Dataverse security model and was not re-read.

export interface LimitationSource {
  title: string;
  url: string;
  verified: boolean;
}

export interface Limitation {
  id: string;
  title: string;
  /** What the model leaves out. */
  notDecided: string;
  /** What a reader of a decision, a finding or a clean report must therefore not conclude. */
  soDoNotConclude: string;
  sources: LimitationSource[];
  /** Catalogued rules the limitation qualifies. */
  rules: string[];
}

const page = (title: string, url: string, verified: boolean): LimitationSource => ({ title, url, verified });
const ADMIN = 'https://learn.microsoft.com/power-platform/admin/';

export const LIMITATIONS: readonly Limitation[] = [
  {
    id: 'LIM-001',
    title: 'Column (field) security',
    notDecided:
      'Column security profiles, which grant or withhold Create, Read and Update on secured columns. Decisions are about whole rows.',
    soDoNotConclude: 'that a user allowed to read a row can read every column of it, or that a secured column is protected.',
    sources: [page('Column-level security', `${ADMIN}field-level-security`, true)],
    rules: ['DV-001'],
  },
  {
    id: 'LIM-002',
    title: 'Record filters (the RecordFilter access level)',
    notDecided:
      'Privileges whose depth is decided by a record filter (PrivilegeDepth RecordFilter). Only the User, Business Unit, Parent: Child Business Units and Organization levels are decided.',
    soDoNotConclude: 'that a role with filter-based privileges reaches the rows its filter selects, or none of them.',
    sources: [
      page(
        'PrivilegeDepth EnumType (Web API reference)',
        'https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/privilegedepth',
        true,
      ),
    ],
    rules: ['DV-002'],
  },
  {
    id: 'LIM-003',
    title: 'Cascading of sharing and assignment to related rows',
    notDecided:
      'Relationship behaviours that share, unshare or reassign child rows when the parent row is shared or assigned. Only the shares and owners listed in the export count.',
    soDoNotConclude: 'that a child row is closed because the export lists no share of it.',
    sources: [
      page(
        'Create and edit one-to-many relationships (relationship behaviour)',
        'https://learn.microsoft.com/power-apps/maker/data-platform/create-edit-1n-relationships',
        false,
      ),
    ],
    rules: ['DV-005'],
  },
  {
    id: 'LIM-004',
    title: 'Access through a shared related row',
    notDecided: 'Access that Dataverse derives from a related row being shared. A share opens only the row it names.',
    soDoNotConclude: 'that a denial rules out access obtained through a related row.',
    sources: [page('How access to a record is determined', `${ADMIN}how-record-access-determined`, false)],
    rules: ['DV-005'],
  },
  {
    id: 'LIM-005',
    title: 'Managed Environments sharing limits',
    notDecided:
      'The limits a Managed Environment can put on sharing (for example no sharing with security groups, or a maximum number of people). Who may share an app follows ENV-010 only.',
    soDoNotConclude:
      'that a maker allowed to share an app with a security group or the whole organization is allowed to in a Managed Environment.',
    sources: [
      page('Managed Environments overview (lists "Limit sharing")', `${ADMIN}managed-environment-overview`, true),
      page('Limit sharing', `${ADMIN}managed-environment-sharing-limits`, false),
    ],
    rules: ['ENV-010'],
  },
  {
    id: 'LIM-006',
    title: 'Microsoft Entra group team membership',
    notDecided:
      "When Dataverse reads a group team's membership from Microsoft Entra ID and how long it keeps it. The export's team members are taken as the membership.",
    soDoNotConclude: "that a person removed from the Entra group has already lost the team's access, or that a new member already has it.",
    sources: [page('Manage group teams', `${ADMIN}manage-group-teams`, false)],
    rules: ['DV-003', 'DV-011'],
  },
  {
    id: 'LIM-007',
    title: 'Rows created with a team as owner',
    notDecided:
      'Creating a row owned by a team. With "team privileges only", members without user privileges of their own create rows only with the team as owner; rolecheck asks only whether a user may create a row they would own.',
    soDoNotConclude: 'that a member denied Create through such a role cannot create rows owned by the team.',
    sources: [page("Security roles and privileges (member's privilege inheritance)", `${ADMIN}security-roles-privileges`, true)],
    rules: ['DV-006', 'DV-011'],
  },
  {
    id: 'LIM-008',
    title: 'Environment security groups and licences',
    notDecided:
      'Whether a user may enter the environment at all: the security group that restricts an environment, and the licences Dataverse, desktop flows and AI Builder need. Every user in the export is taken as a licensed member.',
    soDoNotConclude: 'that a user allowed by the model can sign in to the environment or use a feature without a licence.',
    sources: [
      page('Control user access to environments: security groups and licenses', `${ADMIN}control-user-access`, false),
      page(
        'Understand environment roles (desktop flows need licence plans)',
        'https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#summary-of-resources-available-for-predefined-security-roles',
        true,
      ),
    ],
    rules: ['ENV-003', 'RES-012'],
  },
  {
    id: 'LIM-009',
    title: 'What data loss prevention policies block',
    notDecided: 'The content of data policies (business, non-business and blocked connectors). Only who may set them is decided (ENV-008).',
    soDoNotConclude: 'that an app or flow a maker may author is allowed to use its connectors.',
    sources: [page('Data policies', `${ADMIN}wp-data-loss-prevention`, false)],
    rules: ['ENV-008'],
  },
  {
    id: 'LIM-010',
    title: "App Opener's Read of system tables",
    notDecided:
      'Which system tables App Opener reads at Organization level: the later revision names Process "such as" (REV-003). The model applies Read on Process (workflow) by name and nothing on any other table.',
    soDoNotConclude: 'that a holder of App Opener cannot read other system tables than Process.',
    sources: [
      page('Role-based security roles (revision of 2025-02-11)', `${ADMIN}database-security#environments-with-a-dataverse-database`, true),
    ],
    rules: ['ROLE-001', 'REV-003'],
  },
  {
    id: 'LIM-011',
    title: 'Miscellaneous privileges',
    notDecided:
      'What most miscellaneous (non-table) privileges allow, and their depth. Only act on behalf of another user, the customization privileges behind table creation, and the security-role privileges behind "manage security roles" take part in decisions, at any depth.',
    soDoNotConclude: 'that a role holding, say, bulk delete or export of customizations is harmless because no decision names it.',
    sources: [page('Miscellaneous privileges', `${ADMIN}miscellaneous-privileges`, false)],
    rules: ['DV-013'],
  },
  {
    id: 'LIM-012',
    title: 'Rights read as role names',
    notDecided:
      'Custom roles equivalent to System Customizer or System Administrator where the AI Builder page speaks of "system customizer rights", "system customizer privileges" or "administrators": publishing a prediction model the first time, running a category classification model the first time and reaching every model are decided from holding one of those two roles.',
    soDoNotConclude: 'that a custom role with customizer-level privileges cannot publish or run these models.',
    sources: [page('Security in AI Builder (baseline revision of 2020-11-06)', 'https://learn.microsoft.com/ai-builder/security', true)],
    rules: ['AIB-005', 'AIB-008', 'AIB-009', 'AIB-010'],
  },
  {
    id: 'LIM-013',
    title: 'Later runs of a category classification model',
    notDecided:
      'Who may run a category classification model after its first run. The page says only system customizers or administrators can run the model, giving the table it creates on the first run as the reason; rolecheck limits only the first run and then lets the owner and those it was shared with run it.',
    soDoNotConclude: 'that the documentation allows owners to run such a model after its first run.',
    sources: [page('Security in AI Builder (baseline revision of 2020-11-06)', 'https://learn.microsoft.com/ai-builder/security', true)],
    rules: ['AIB-010'],
  },
  {
    id: 'LIM-014',
    title: 'Rows a System Customizer created',
    notDecided:
      'Who created an Account, Contact or Activity row. The role table limits System Customizer to the rows its holder created; rolecheck reads that as the rows they own (User level), since an export records owners, not creators.',
    soDoNotConclude:
      'that a System Customizer sees a row that was assigned to them but created by someone else, or does not see one they created and gave away.',
    sources: [
      page(
        'Understand environment roles (System Customizer row)',
        'https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles#environments-with-a-dataverse-datastore',
        true,
      ),
    ],
    rules: ['ROLE-004'],
  },
  {
    id: 'LIM-015',
    title: 'Which privileges authoring a resource needs',
    notDecided:
      'The full set of privileges each resource needs. For custom roles rolecheck checks one privilege per resource (DV-013), while creating a table through the platform needs several (the CreateEntity message lists prvCreateEntity among a dozen), and seeing every model-driven app needs Create and Write on the Model-driven App table.',
    soDoNotConclude: 'that a custom role allowed to author a resource holds everything the platform will ask for.',
    sources: [
      page(
        'CreateEntity message privileges',
        'https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/gg334795(v=crm.8)',
        true,
      ),
      page(
        'Privileges required for app visibility',
        'https://learn.microsoft.com/power-apps/maker/model-driven-apps/app-visibility-privileges',
        true,
      ),
    ],
    rules: ['DV-013'],
  },
  {
    id: 'LIM-016',
    title: 'Dataverse for Teams environments',
    notDecided:
      'The fixed role mapping of Dataverse for Teams (team owners, members and guests) and its lack of row sharing. Of these environments only the desktop flow rule (RES-012) is decided.',
    soDoNotConclude: 'that a Teams environment is governed like a full Dataverse environment.',
    sources: [page('User access to Dataverse for Teams environments', `${ADMIN}about-teams-environment`, false)],
    rules: ['RES-012'],
  },
  {
    id: 'LIM-017',
    title: 'Canvas app sharing details and data',
    notDecided:
      'Co-owners, guests, the "Everyone" target and what a shared app lets its users reach. Only who may share an app is decided; sharing an app never opens its data in the model.',
    soDoNotConclude: 'that the people an app is shared with can use its data, or cannot.',
    sources: [page('Share a canvas app', 'https://learn.microsoft.com/power-apps/maker/canvas-apps/share-app', false)],
    rules: ['ENV-010'],
  },
  {
    id: 'LIM-018',
    title: 'Attaching rows to each other',
    notDecided:
      'Append and Append To as one question across two tables (attaching a row of one table to a row of another needs both). Each is decided on its own table.',
    soDoNotConclude: 'that a user allowed Append on a table can attach its rows to any row.',
    sources: [page('Security roles and privileges', `${ADMIN}security-roles-privileges`, false)],
    rules: ['DV-001'],
  },
];

const byId = new Map(LIMITATIONS.map((l) => [l.id, l]));
export function limitationById(id: string): Limitation | undefined {
  return byId.get(id);
}
