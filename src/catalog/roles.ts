// The predefined roles of the environment-roles page, as data. Each row of the page's role table is one entry;
// `lines` points at that row in the baseline revision in shared/seeds/004_c33da9ce7fb99515.txt.
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
  /** Dynamics 365 Admin: holds System Administrator. */
  impliesRole?: string;
  summary: string;
  lines: [number, number];
  ruleId: string;
}

const ALL: Privilege[] = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
const CRWD: Privilege[] = ['Create', 'Read', 'Write', 'Delete'];
const EVERY_TABLE: TableClass[] = ['custom', 'core', 'standard'];

export const CUSTOMIZATION_MISC = ['prvCreateEntity', 'prvWriteEntity', 'prvReadEntity', 'prvPublishCustomization', 'prvImportCustomization', 'prvExportCustomization'];
export const SECURITY_MISC = ['prvCreateRole', 'prvWriteRole', 'prvReadRole', 'prvAssignRole'];
export const ACT_ON_BEHALF = 'prvActOnBehalfOfAnotherUser';

export const PREDEFINED_ROLES: readonly PredefinedRole[] = [
  {
    name: 'Environment Admin', aliases: ['Environment Administrator'], assignable: 'users-and-teams', editable: false,
    environmentRole: true, dataverseRole: false, grants: [], misc: [],
    summary: 'Administers an environment without Dataverse; holds no privileges on data.', lines: [9, 14], ruleId: 'ENV-004',
  },
  {
    name: 'App Opener', aliases: [], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [
      { privileges: ['Read'], tables: ['standard'], depth: 'Global' },
      { privileges: ['Create', 'Write', 'Delete'], tables: ['standard'], depth: 'Basic' },
    ],
    misc: [], summary: 'Minimum privileges for common tasks; a template for new roles; protected.', lines: [25, 25], ruleId: 'ROLE-001',
  },
  {
    name: 'Environment Maker', aliases: ['Maker'], assignable: 'users-and-teams', editable: false, environmentRole: true, dataverseRole: true,
    grants: [], misc: ['prvReadEntity'],
    summary: 'Creates apps, connections, custom APIs, gateways and flows; no access to data.', lines: [26, 26], ruleId: 'ROLE-002',
  },
  {
    name: 'System Administrator', aliases: ['System Admin'], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [{ privileges: ALL, tables: EVERY_TABLE, depth: 'Global' }],
    misc: [...CUSTOMIZATION_MISC, ...SECURITY_MISC, ACT_ON_BEHALF],
    summary: 'Full customization and administration, security roles included; sees all data.', lines: [27, 27], ruleId: 'ROLE-003',
  },
  {
    name: 'System Customizer', aliases: [], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [
      { privileges: CRWD, tables: ['custom', 'standard'], depth: 'Global' },
      { privileges: CRWD, tables: ['core'], depth: 'Basic' },
    ],
    misc: [...CUSTOMIZATION_MISC],
    summary: 'Full customization; all custom-table rows, but only own Account, Contact and Activity rows.', lines: [28, 28], ruleId: 'ROLE-004',
  },
  {
    name: 'Basic User', aliases: ['Common Data Service User'], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [{ privileges: CRWD, tables: ['core', 'standard'], depth: 'Basic' }],
    misc: [], summary: 'Runs apps and works on own rows of standard (non-custom) tables.', lines: [29, 29], ruleId: 'ROLE-005',
  },
  {
    name: 'Service Deleter', aliases: ['Service Deleted'], assignable: 'none', editable: false, environmentRole: false, dataverseRole: true,
    grants: [{ privileges: ['Delete'], tables: EVERY_TABLE, depth: 'Global' }],
    misc: [], summary: 'Deletes rows of every table for the service; never assigned to a user or team.', lines: [30, 30], ruleId: 'ROLE-006',
  },
  {
    name: 'Service Reader', aliases: [], assignable: 'none', editable: false, environmentRole: false, dataverseRole: true,
    grants: [{ privileges: ['Read'], tables: EVERY_TABLE, depth: 'Global' }],
    misc: [], summary: 'Reads every table, custom ones included, for back-end services.', lines: [31, 31], ruleId: 'ROLE-007',
  },
  {
    name: 'Service Writer', aliases: [], assignable: 'none', editable: false, environmentRole: false, dataverseRole: true,
    grants: [{ privileges: ['Create', 'Read', 'Write'], tables: EVERY_TABLE, depth: 'Global' }],
    misc: [], summary: 'Creates, reads and updates every table for back-end services.', lines: [32, 32], ruleId: 'ROLE-008',
  },
  {
    name: 'Delegate', aliases: [], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [], misc: [ACT_ON_BEHALF],
    summary: 'Acts on behalf of another user; combined with another role for data access.', lines: [33, 33], ruleId: 'ROLE-009',
  },
  {
    name: 'Dynamics 365 Admin', aliases: ['Dynamics 365 Administrator'], assignable: 'users-and-teams', editable: false,
    environmentRole: false, dataverseRole: true, grants: [], misc: [], impliesRole: 'System Administrator',
    summary: 'Service admin role; administers the platform through the System Administrator role.', lines: [34, 34], ruleId: 'ROLE-010',
  },
  {
    name: 'Support User', aliases: [], assignable: 'none', editable: false, environmentRole: false, dataverseRole: true,
    grants: [], misc: ['prvReadCustomization', 'prvReadBusinessManagement'],
    summary: 'Reads customizations and business-management settings for support staff; no rows.', lines: [35, 35], ruleId: 'ROLE-011',
  },
  {
    name: 'Office Collaborator', aliases: [], assignable: 'office-collaborators-team', editable: false, environmentRole: false, dataverseRole: true,
    grants: [{ privileges: ['Read'], tables: EVERY_TABLE, depth: 'Basic' }], misc: [], orgSharedReadOnly: true,
    summary: 'Reads only rows shared with the organization; held by the Office Collaborators owner team.', lines: [36, 36], ruleId: 'ROLE-012',
  },
  {
    name: 'Global Reader', aliases: [], assignable: 'unsupported', editable: false, environmentRole: false, dataverseRole: true,
    grants: [], misc: [], summary: 'Not yet supported in the Power Platform admin center.', lines: [37, 37], ruleId: 'ROLE-013',
  },
  {
    name: 'Website App Owner', aliases: [], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [], misc: [], summary: 'Owns the website application registration; no Dataverse data privileges.', lines: [38, 38], ruleId: 'ROLE-014',
  },
  {
    name: 'Website Owner', aliases: [], assignable: 'users-and-teams', editable: false, environmentRole: false, dataverseRole: true,
    grants: [], misc: [], summary: 'Creator of the Power Pages website; managed, cannot be changed.', lines: [39, 39], ruleId: 'ROLE-015',
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
