// The predefined roles of the environment-roles page, as data. Each row of the page's role table is one entry;
// `lines` points at that row of the baseline text (DOCUMENTS['environment-roles'] in rules.ts). Where the model
// follows a later revision (App Opener: REV-003; Dynamics 365 Admin: REV-001; the service roles: REV-002) the
// entry says so and drift.ts records both texts.
import type { DepthName, Privilege } from '../vocabulary/index.ts';
import { KNOWN_MISC } from './misc-privileges.ts';

/** Which tables a grant covers: custom tables, the core Account/Contact/Activity tables, or other standard ones. */
export type TableClass = 'custom' | 'core' | 'standard';

export interface RoleGrant {
  privileges: Privilege[];
  tables: TableClass[];
  depth: DepthName;
}

/**
 * - `users-and-teams`: assignable to users, owner teams and group teams.
 * - `office-collaborators-team`: only to the owner team named "Office Collaborators".
 * - `none`: used by the service; assigning it to a user or team is a finding and grants nothing.
 * - `unsupported`: not supported in the admin center yet; grants nothing.
 */
export type Assignability = 'users-and-teams' | 'office-collaborators-team' | 'none' | 'unsupported';

export interface PredefinedRole {
  name: string;
  aliases: string[];
  assignable: Assignability;
  /** false: protected or managed; an export that changes it is a finding. */
  editable: boolean;
  /** Environment roles exist in every environment; the others only with Dataverse. */
  environmentRole: boolean;
  dataverseRole: boolean;
  grants: RoleGrant[];
  /** Miscellaneous (non-table) privileges, by Dataverse name. */
  misc: string[];
  /** Office Collaborator: Read reaches only rows shared with the organization. */
  orgSharedReadOnly?: boolean;
  /**
   * A predefined role that acts as another one. No role sets it any more: Dynamics 365 Admin followed the baseline's
   * "because they have the system administrator role" until the model moved to the later revision (REV-001, CONF-003).
   */
  impliesRole?: string;
  /**
   * Grants on tables named by the documentation rather than by table class (App Opener's Organization-level Read of
   * system tables such as Process, REV-003). The model does not apply these yet: until it does, the role grants
   * nothing there (fail-closed), and limitations.ts says so.
   */
  namedTableGrants?: Array<{ privileges: Privilege[]; tables: string[]; depth: DepthName }>;
  summary: string;
  lines: [number, number];
  ruleId: string;
}

const ALL: Privilege[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
const CRWD: Privilege[] = ['Create', 'Read', 'Write', 'Delete'];
const EVERY_TABLE: TableClass[] = ['custom', 'core', 'standard'];

export const CUSTOMIZATION_MISC = [
  'prvCreateEntity',
  'prvWriteEntity',
  'prvReadEntity',
  'prvPublishCustomization',
  'prvImportCustomization',
  'prvExportCustomization',
];
export const SECURITY_MISC = ['prvCreateRole', 'prvWriteRole', 'prvReadRole', 'prvAssignRole'];
export const ACT_ON_BEHALF = 'prvActOnBehalfOfAnotherUser';

export const PREDEFINED_ROLES: readonly PredefinedRole[] = [
  {
    name: 'Environment Admin',
    aliases: ['Environment Administrator'],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: true,
    dataverseRole: false,
    grants: [],
    misc: [],
    summary: 'Administers an environment without Dataverse; holds no privileges on data.',
    lines: [9, 14],
    ruleId: 'ENV-004',
  },
  {
    // The baseline row lists Create(self), Read, Write(self), Delete(self) without saying on which tables; the later
    // revision (REV-003, https://learn.microsoft.com/power-platform/admin/database-security, 2025-02-11) says it has no
    // privileges on the core business tables and reads system tables such as Process. The model follows the later
    // revision: no grant by table class (so no business data and never the AI-maker profile), Read on Process by name.
    name: 'App Opener',
    aliases: [],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    namedTableGrants: [{ privileges: ['Read'], tables: ['workflow'], depth: 'Global' }],
    misc: [],
    summary:
      'Minimum privileges for common tasks; the template for new custom roles; protected. No privilege on business tables; reads system tables such as Process.',
    lines: [25, 25],
    ruleId: 'ROLE-001',
  },
  {
    name: 'Environment Maker',
    aliases: ['Maker'],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: true,
    dataverseRole: true,
    grants: [],
    misc: ['prvReadEntity'],
    summary: 'Creates apps, connections, custom APIs, gateways and flows; no access to data.',
    lines: [26, 26],
    ruleId: 'ROLE-002',
  },
  {
    name: 'System Administrator',
    aliases: ['System Admin'],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [{ privileges: ALL, tables: EVERY_TABLE, depth: 'Global' }],
    misc: [...CUSTOMIZATION_MISC, ...SECURITY_MISC, ACT_ON_BEHALF],
    summary: 'Full customization and administration, security roles included; sees all data.',
    lines: [27, 27],
    ruleId: 'ROLE-003',
  },
  {
    name: 'System Customizer',
    aliases: [],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [
      { privileges: CRWD, tables: ['custom', 'standard'], depth: 'Global' },
      { privileges: CRWD, tables: ['core'], depth: 'Basic' },
    ],
    misc: [...CUSTOMIZATION_MISC],
    summary: 'Full customization; all custom-table rows, but only own Account, Contact and Activity rows.',
    lines: [28, 28],
    ruleId: 'ROLE-004',
  },
  {
    name: 'Basic User',
    aliases: ['Common Data Service User'],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [{ privileges: CRWD, tables: ['core', 'standard'], depth: 'Basic' }],
    misc: [],
    summary: 'Runs apps and works on own rows of standard (non-custom) tables.',
    lines: [29, 29],
    ruleId: 'ROLE-005',
  },
  {
    name: 'Service Deleter',
    aliases: ['Service Deleted'],
    assignable: 'none',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [{ privileges: ['Delete'], tables: EVERY_TABLE, depth: 'Global' }],
    misc: [],
    summary: 'Deletes rows of every table for the service; never assigned to a user or team.',
    lines: [30, 30],
    ruleId: 'ROLE-006',
  },
  {
    name: 'Service Reader',
    aliases: [],
    assignable: 'none',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [{ privileges: ['Read'], tables: EVERY_TABLE, depth: 'Global' }],
    misc: [],
    summary: 'Reads every table, custom ones included; primarily used by a back-end service; never assigned to a user or team (REV-002).',
    lines: [31, 31],
    ruleId: 'ROLE-007',
  },
  {
    name: 'Service Writer',
    aliases: [],
    assignable: 'none',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [{ privileges: ['Create', 'Read', 'Write'], tables: EVERY_TABLE, depth: 'Global' }],
    misc: [],
    summary: 'Creates, reads and updates every table; primarily used by a back-end service; never assigned to a user or team (REV-002).',
    lines: [32, 32],
    ruleId: 'ROLE-008',
  },
  {
    name: 'Delegate',
    aliases: [],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    misc: [ACT_ON_BEHALF],
    summary: 'Acts on behalf of another user; combined with another role for data access.',
    lines: [33, 33],
    ruleId: 'ROLE-009',
  },
  {
    // A tenant (Microsoft Entra) admin role. The baseline says its holders administer "because they have the system
    // administrator role"; the later revision (REV-001) says they must self-elevate first. The model follows the later
    // revision (CONF-003): the role grants nothing; a self-elevated admin holds System Administrator itself.
    name: 'Dynamics 365 Admin',
    aliases: ['Dynamics 365 Administrator'],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    misc: [],
    summary: 'Tenant service admin role; grants nothing in the environment until its holder self-elevates to System Administrator.',
    lines: [34, 34],
    ruleId: 'ROLE-010',
  },
  {
    name: 'Support User',
    aliases: [],
    assignable: 'none',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    misc: ['prvReadCustomization', 'prvReadBusinessManagement'],
    summary: 'Reads customizations and business-management settings, for support staff; never assigned to a user or team (REV-002).',
    lines: [35, 35],
    ruleId: 'ROLE-011',
  },
  {
    name: 'Office Collaborator',
    aliases: [],
    assignable: 'office-collaborators-team',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [{ privileges: ['Read'], tables: EVERY_TABLE, depth: 'Basic' }],
    misc: [],
    orgSharedReadOnly: true,
    summary: 'Reads only rows shared with the organization; held by the Office Collaborators owner team.',
    lines: [36, 36],
    ruleId: 'ROLE-012',
  },
  {
    name: 'Global Reader',
    aliases: [],
    assignable: 'unsupported',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    misc: [],
    summary: 'Not yet supported in the Power Platform admin center.',
    lines: [37, 37],
    ruleId: 'ROLE-013',
  },
  {
    name: 'Website App Owner',
    aliases: [],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    misc: [],
    summary: 'The role of the user who owns the website application registration; the role table lists no privileges for it.',
    lines: [38, 38],
    ruleId: 'ROLE-014',
  },
  {
    name: 'Website Owner',
    aliases: [],
    assignable: 'users-and-teams',
    editable: false,
    environmentRole: false,
    dataverseRole: true,
    grants: [],
    misc: [],
    summary: 'Creator of the Power Pages website; managed, cannot be changed.',
    lines: [39, 39],
    ruleId: 'ROLE-015',
  },
];

const byKey = new Map<string, PredefinedRole>();
for (const r of PREDEFINED_ROLES) for (const n of [r.name, ...r.aliases]) byKey.set(n.toLowerCase(), r);

export function predefinedRole(name: string): PredefinedRole | undefined {
  return byKey.get(name.trim().toLowerCase());
}

export const OFFICE_COLLABORATORS_TEAM = 'Office Collaborators';

/** Every known miscellaneous privilege name (Microsoft's published lists, src/catalog/misc-privileges.ts). */
export const KNOWN_MISC_PRIVILEGES: readonly string[] = KNOWN_MISC.map((x) => x.name);

const DEPTH_ORDER: readonly DepthName[] = ['None', 'Basic', 'Local', 'Deep', 'Global'];

/**
 * The depth a predefined role's documented definition grants for a privilege on tables of a class — the one reading
 * of the definitions, used by the model (to build a predefined role's rows) and by the report (the documented
 * matrix). A role that acts as another (`impliesRole`) is read as that role. On an organization-owned table only a
 * Global grant counts (contract version 2). Grants the documentation names by table (`namedTableGrants`) are not
 * class grants: the model applies them by name.
 */
export function documentedDepth(role: PredefinedRole, privilege: Privilege, cls: TableClass, organizationOwned = false): DepthName {
  const effective = role.impliesRole ? (predefinedRole(role.impliesRole) ?? role) : role;
  let best = 0;
  for (const g of effective.grants) {
    if (!g.tables.includes(cls) || !g.privileges.includes(privilege)) continue;
    best = Math.max(best, DEPTH_ORDER.indexOf(g.depth));
  }
  return organizationOwned && best < 4 ? 'None' : DEPTH_ORDER[best]!;
}
