// The rule catalogue: every statement of the two baseline texts that says what someone can or cannot do, restated
// in plain language and no stronger or weaker than the cited passage; the Dataverse facts both texts assume; and
// the stronger statements of later revisions of the same pages (the REV rules), each citing the revision that makes
// it. Line ranges of the baseline documents count lines of the baseline texts the rules restate (their ids are in
// DOCUMENTS[...].file); line ranges of later revisions count lines of the page's Markdown source at that revision.
// Where the documents disagree the conflict is in CONFLICTS; where a page changed since the baseline, in drift.ts.

import type { Severity } from '../vocabulary/index.ts';

export { SEVERITIES, type Severity } from '../vocabulary/index.ts';

export type DocumentId =
  | 'environment-roles'
  | 'ai-builder-security'
  | 'dataverse-security-model'
  | 'dataverse-security-roles'
  | 'ai-builder-roles'
  | 'impersonation';

export interface SourceDocument {
  id: DocumentId;
  title: string;
  /** How a `Source:` line of a feature names the document (see src/specification/source-lines.ts). */
  citation: string;
  /** The text whose lines the rules count. */
  file: string;
  /** The revision cited: `baseline` texts, or the `ms.date` of a later revision (ISO date). */
  revision: string;
  url: string;
}

export const DOCUMENTS: Record<DocumentId, SourceDocument> = {
  // The baseline text 004 is the Microsoft Learn training unit "Understand environment roles" (checked against the
  // unit's published text: same headings and sentences), not the admin guide's database-security page.
  'environment-roles': {
    id: 'environment-roles',
    title: 'Understand environment roles (Microsoft Learn training unit)',
    citation: 'Microsoft Learn training unit "Understand environment roles"',
    file: 'baseline text 004_c33da9ce7fb99515',
    revision: 'baseline',
    url: 'https://learn.microsoft.com/training/modules/get-started-security-roles/2-roles',
  },
  // Baseline text 000: the AI Builder security page at its revision of 2020-11-06 (its own ms.date).
  'ai-builder-security': {
    id: 'ai-builder-security',
    title: 'Security in AI Builder',
    citation: 'AI Builder security page (revision of 2020-11-06)',
    file: 'baseline text 000_7d24c01b1b37ce64',
    revision: '2020-11-06',
    url: 'https://learn.microsoft.com/ai-builder/security',
  },
  // The Dataverse facts both texts take for granted; each rule's URL names the Microsoft page that states it.
  'dataverse-security-model': {
    id: 'dataverse-security-model',
    title: 'Dataverse security model assumed by both documents',
    citation: "rolecheck's notes on the Dataverse security model",
    file: "the project's notes on the Dataverse security model",
    revision: "see each rule's page",
    url: 'https://learn.microsoft.com/power-platform/admin/wp-security-cds',
  },
  // Later revision of the admin guide's predefined-roles page (title now "Role-based security roles").
  'dataverse-security-roles': {
    id: 'dataverse-security-roles',
    title: 'Role-based security roles (Power Platform admin guide)',
    citation: 'admin guide page "Role-based security roles" (revision of 2025-02-11)',
    file: 'MicrosoftDocs/power-platform, power-platform/admin/database-security.md',
    revision: '2025-02-11',
    url: 'https://learn.microsoft.com/power-platform/admin/database-security',
  },
  // Later revision of the AI Builder security page, the first with the "Roles" capability matrix.
  'ai-builder-roles': {
    id: 'ai-builder-roles',
    title: 'Roles and security in AI Builder',
    citation: 'AI Builder page "Roles and security in AI Builder" (revision of 2021-07-16)',
    file: 'Markdown source of the AI Builder security page',
    revision: '2021-07-16',
    url: 'https://learn.microsoft.com/ai-builder/security',
  },
  impersonation: {
    id: 'impersonation',
    title: 'Impersonate another user (Dataverse developer guide)',
    citation: 'developer guide page "Impersonate another user" (revision of 2022-03-22)',
    file: 'Markdown source of the impersonation page',
    revision: '2022-03-22',
    url: 'https://learn.microsoft.com/power-apps/developer/data-platform/impersonate-another-user',
  },
};

export interface RuleSource {
  document: DocumentId;
  section: string;
  lines: [number, number];
  url: string;
}

export interface Rule {
  id: string;
  statement: string;
  severity: Severity;
  topic: 'environment-roles' | 'predefined-roles' | 'resources' | 'ai-builder' | 'record-access';
  source: RuleSource;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
/** The training unit; a section other than the unit's title gets the heading's anchor. */
const ENV = (section: string, lines: [number, number]): RuleSource => ({
  document: 'environment-roles',
  section,
  lines,
  url: DOCUMENTS['environment-roles'].url + (section === 'Understand environment roles' ? '' : `#${slug(section)}`),
});
const AIB = (section: string, lines: [number, number]): RuleSource => ({
  document: 'ai-builder-security',
  section,
  lines,
  url: DOCUMENTS['ai-builder-security'].url,
});
const DOM = (section: string, lines: [number, number], url: string): RuleSource => ({
  document: 'dataverse-security-model',
  section,
  lines,
  url,
});
const LATER = (
  document: 'dataverse-security-roles' | 'ai-builder-roles' | 'impersonation',
  section: string,
  lines: [number, number],
): RuleSource => ({
  document,
  section,
  lines,
  url: `${DOCUMENTS[document].url}#${slug(section)}`,
});

/** Source helpers for the other catalogue files (drift.ts): the baseline texts and the later revisions. */
export const cite = { trainingUnit: ENV, aiBuilderBaseline: AIB, laterRevision: LATER } as const;

const rule = (id: string, topic: Rule['topic'], severity: Severity, statement: string, source: RuleSource): Rule => ({
  id,
  topic,
  severity,
  statement,
  source,
});

const ROLE_TABLE = 'Environments with a Dataverse datastore';
const SUMMARY = 'Summary of resources available for predefined security roles';
const WITH_DATAVERSE = 'Environments with a Dataverse database';

export const RULES: readonly Rule[] = [
  // Environment roles (training unit, lines 1-22)
  rule(
    'ENV-001',
    'environment-roles',
    'medium',
    'A security role is a collection of privileges, and a user can hold one or several security roles.',
    ENV('Understand environment roles', [2, 2]),
  ),
  rule(
    'ENV-002',
    'environment-roles',
    'high',
    'Every environment includes the two predefined roles Environment Admin and Environment Maker; an environment with a Dataverse database has more roles.',
    ENV('Understand environment roles', [3, 6]),
  ),
  rule(
    'ENV-003',
    'environment-roles',
    'high',
    'A user added to an environment becomes an Environment Maker there automatically.',
    ENV('Understand environment roles', [7, 8]),
  ),
  rule(
    'ENV-004',
    'environment-roles',
    'critical',
    'Before a Dataverse database is added, Environment Admin can perform every administrative action on the environment.',
    ENV('Environment Admin role', [9, 10]),
  ),
  rule(
    'ENV-005',
    'environment-roles',
    'critical',
    'Environment Admin may add users or groups to, and remove them from, the Environment Admin and Environment Maker roles.',
    ENV('Environment Admin role', [11, 11]),
  ),
  rule(
    'ENV-006',
    'environment-roles',
    'high',
    'Environment Admin may provision a Dataverse database for the environment.',
    ENV('Environment Admin role', [12, 12]),
  ),
  rule(
    'ENV-007',
    'environment-roles',
    'high',
    'Environment Admin may see and manage every resource created in the environment.',
    ENV('Environment Admin role', [13, 13]),
  ),
  rule(
    'ENV-008',
    'environment-roles',
    'high',
    'Environment Admin may set data loss prevention policies.',
    ENV('Environment Admin role', [14, 14]),
  ),
  rule(
    'ENV-009',
    'environment-roles',
    'medium',
    'Environment Maker can create resources in the environment: apps, connections, custom connectors, gateways and Power Automate flows.',
    ENV('Environment Maker role', [15, 16]),
  ),
  rule(
    'ENV-010',
    'environment-roles',
    'medium',
    'A maker may share the apps they built in the environment with single users, with security groups, or with everyone in the organization.',
    ENV('Environment Maker role', [17, 17]),
  ),
  rule(
    'ENV-011',
    'environment-roles',
    'critical',
    "Being assigned an environment role does not give access to the environment's database; a database owner must grant that access separately.",
    ENV('Environment Maker role', [18, 18]),
  ),
  rule(
    'ENV-012',
    'environment-roles',
    'medium',
    'A new user who signs up for Power Apps becomes an Environment Maker of the default environment.',
    ENV('Environment Maker role', [19, 19]),
  ),
  rule(
    'ENV-013',
    'environment-roles',
    'critical',
    'Once an environment has a Dataverse database, full administration needs System Administrator instead of Environment Admin.',
    ENV(ROLE_TABLE, [20, 21]),
  ),
  rule(
    'ENV-014',
    'environment-roles',
    'high',
    "Makers of apps that connect to Dataverse who need to create or update tables and security roles need System Customizer as well as Environment Maker, because Environment Maker has no privileges on the environment's data.",
    ENV(ROLE_TABLE, [22, 22]),
  ),
  // The predefined role table (training unit, lines 23-40)
  rule(
    'ROLE-001',
    'predefined-roles',
    'medium',
    'App Opener carries the least privileges needed for everyday work (Read, plus Create, Write and Delete on rows its holder owns); its main use is as the starting copy for custom model-driven app roles, and it is protected, so nobody can edit it.',
    ENV(ROLE_TABLE, [25, 25]),
  ),
  rule(
    'ROLE-002',
    'predefined-roles',
    'critical',
    'Environment Maker holds customizations but no privilege to access data in the environment.',
    ENV(ROLE_TABLE, [26, 26]),
  ),
  rule(
    'ROLE-003',
    'predefined-roles',
    'critical',
    'System Administrator holds Create, Read, Write, Delete, customization and security-role privileges: it may customize and administer everything in the environment (security roles included: it creates, edits and assigns them) and it sees all data.',
    ENV(ROLE_TABLE, [27, 27]),
  ),
  rule(
    'ROLE-004',
    'predefined-roles',
    'high',
    'System Customizer holds Create, Read, Write, Delete and customizations: full permission to customize the environment and to view all custom table data, but in the Account, Contact and Activity tables only the rows its holder created.',
    ENV(ROLE_TABLE, [28, 28]),
  ),
  rule(
    'ROLE-005',
    'predefined-roles',
    'high',
    'Basic User can run apps in the environment and do common tasks (create, read, write, delete) on the rows its holder owns, in non-custom tables only.',
    ENV(ROLE_TABLE, [29, 29]),
  ),
  rule(
    'ROLE-006',
    'predefined-roles',
    'critical',
    'Service Deleter has full Delete permission on every table, custom ones included; it is primarily used by the service and cannot be assigned to a user or a team.',
    ENV(ROLE_TABLE, [30, 30]),
  ),
  rule(
    'ROLE-007',
    'predefined-roles',
    'high',
    'Service Reader has full Read permission on every table, custom ones included; it is primarily used by a back-end service that needs to read every table.',
    ENV(ROLE_TABLE, [31, 31]),
  ),
  rule(
    'ROLE-008',
    'predefined-roles',
    'high',
    'Service Writer has full Create, Read and Write permission on every table, custom ones included; it is primarily used by a back-end service that creates and updates rows.',
    ENV(ROLE_TABLE, [32, 32]),
  ),
  rule(
    'ROLE-009',
    'predefined-roles',
    'high',
    'Delegate lets code act on behalf of (impersonate) another user, and is typically used together with another security role that gives access to rows.',
    ENV(ROLE_TABLE, [33, 33]),
  ),
  rule(
    'ROLE-010',
    'predefined-roles',
    'high',
    'Dynamics 365 administrator is a Power Platform service admin role whose holders can do admin functions on Power Platform because they have the System Administrator role.',
    ENV(ROLE_TABLE, [34, 34]),
  ),
  rule(
    'ROLE-011',
    'predefined-roles',
    'medium',
    'Support User has full Read permission on customizations and business-management settings, for support staff.',
    ENV(ROLE_TABLE, [35, 35]),
  ),
  rule(
    'ROLE-012',
    'predefined-roles',
    'high',
    'Office Collaborator holds Read (self) on tables in which a row was shared with the organization and no access to other core or custom table rows; it is assigned to the Office Collaborators owner team, not to an individual user.',
    ENV(ROLE_TABLE, [36, 36]),
  ),
  rule(
    'ROLE-013',
    'predefined-roles',
    'low',
    'Global Reader is not yet supported in the Power Platform admin center.',
    ENV(ROLE_TABLE, [37, 37]),
  ),
  rule(
    'ROLE-014',
    'predefined-roles',
    'low',
    "Website App Owner is the role of the user who owns the website's application registration in the Azure portal.",
    ENV(ROLE_TABLE, [38, 38]),
  ),
  rule(
    'ROLE-015',
    'predefined-roles',
    'medium',
    'Website Owner goes to whoever made the Power Pages site; it is a managed role, so it cannot be edited.',
    ENV(ROLE_TABLE, [39, 39]),
  ),
  rule(
    'ROLE-016',
    'predefined-roles',
    'medium',
    'The privileges in the role table have organization (global) scope unless the table says otherwise, such as "self".',
    ENV(ROLE_TABLE, [40, 40]),
  ),
  // The summary table of resources (training unit, lines 41-57). The unit lists the resources each role "has access
  // to"; rolecheck reads each X as "may author" with the admin guide (CONF-009).
  rule(
    'RES-001',
    'resources',
    'high',
    'The summary table marks canvas apps as available to Environment Maker, Environment Admin, System Customizer and System Administrator.',
    ENV(SUMMARY, [45, 45]),
  ),
  rule(
    'RES-002',
    'resources',
    'high',
    'The summary table marks cloud flows as available to Environment Admin and System Administrator, to Environment Maker only outside solutions, and to System Customizer only inside solutions.',
    ENV(SUMMARY, [46, 46]),
  ),
  rule(
    'RES-003',
    'resources',
    'high',
    'The summary table marks connectors as available to Environment Maker, Environment Admin and System Administrator, not to System Customizer.',
    ENV(SUMMARY, [47, 47]),
  ),
  rule(
    'RES-004',
    'resources',
    'high',
    'The summary table marks connections as available to Environment Maker, Environment Admin and System Administrator, not to System Customizer.',
    ENV(SUMMARY, [48, 48]),
  ),
  rule(
    'RES-005',
    'resources',
    'high',
    'The summary table marks data gateways as available to Environment Maker, Environment Admin and System Administrator, not to System Customizer.',
    ENV(SUMMARY, [49, 49]),
  ),
  rule(
    'RES-006',
    'resources',
    'high',
    'The summary table marks dataflows as available to Environment Maker, Environment Admin and System Administrator, not to System Customizer.',
    ENV(SUMMARY, [50, 50]),
  ),
  rule(
    'RES-007',
    'resources',
    'critical',
    'The summary table marks Dataverse tables as available to System Customizer and System Administrator only, not to the environment roles.',
    ENV(SUMMARY, [51, 51]),
  ),
  rule(
    'RES-008',
    'resources',
    'high',
    'The summary table marks model-driven apps as available to Environment Maker, System Customizer and System Administrator, not to Environment Admin.',
    ENV(SUMMARY, [52, 52]),
  ),
  rule(
    'RES-009',
    'resources',
    'high',
    'The summary table marks the solution framework as available to Environment Maker, System Customizer and System Administrator, not to Environment Admin.',
    ENV(SUMMARY, [53, 53]),
  ),
  rule(
    'RES-010',
    'resources',
    'high',
    'The summary table marks desktop flows as available to System Customizer and System Administrator only.',
    ENV(SUMMARY, [54, 54]),
  ),
  rule(
    'RES-011',
    'resources',
    'high',
    'The summary table marks AI Builder as available to System Customizer and System Administrator only.',
    ENV(SUMMARY, [55, 55]),
  ),
  rule(
    'RES-012',
    'resources',
    'medium',
    'Users of Dataverse for Teams environments do not get desktop flows by default: the environment must be upgraded to full Dataverse and desktop flow licence plans acquired.',
    ENV(SUMMARY, [56, 57]),
  ),
  // AI Builder (baseline revision of 2020-11-06)
  rule(
    'AIB-001',
    'ai-builder',
    'high',
    'Who may use AI Builder features in Power Apps is decided by the environment security and by Dataverse security roles and their privileges.',
    AIB('Security in AI Builder', [17, 17]),
  ),
  rule(
    'AIB-002',
    'ai-builder',
    'medium',
    'Dataverse grants some AI Builder privileges out of the box, so the predefined security roles work with AI Builder without an administrator configuring anything.',
    AIB('Security in AI Builder', [19, 19]),
  ),
  rule(
    'AIB-003',
    'ai-builder',
    'high',
    'A holder of Environment Maker may build AI models with AI Builder.',
    AIB('Security in AI Builder', [21, 21]),
  ),
  rule(
    'AIB-004',
    'ai-builder',
    'medium',
    'Dataverse users can reach data by using the AI models embedded in Power Apps.',
    AIB('Security in AI Builder', [22, 22]),
  ),
  rule(
    'AIB-005',
    'ai-builder',
    'high',
    'Administrators and system customizers can access every AI model created in the environment.',
    AIB('Security in AI Builder', [23, 23]),
  ),
  rule(
    'AIB-006',
    'ai-builder',
    'medium',
    'A custom security role can create AI models if it has the same access to the AI Builder tables as the Environment Maker role.',
    AIB('Security in AI Builder', [25, 25]),
  ),
  rule(
    'AIB-007',
    'ai-builder',
    'high',
    'Object detection, category classification and prediction need Read access to the Dataverse tables that hold their objects, tagged text or input data.',
    AIB('Security in AI Builder', [30, 30]),
  ),
  rule(
    'AIB-008',
    'ai-builder',
    'high',
    'Publishing some kinds of AI model, and making them usable, can alter the Dataverse schema, so those features call for System Customizer privileges; administrators are advised to grant them to the people who build such models.',
    AIB('Security in AI Builder', [32, 32]),
  ),
  rule(
    'AIB-009',
    'ai-builder',
    'high',
    'Publishing a prediction model adds a column to its input table, so publishing it for the first time needs at least system customizer rights.',
    AIB('Security in AI Builder', [34, 34]),
  ),
  rule(
    'AIB-010',
    'ai-builder',
    'high',
    'The first run of a category classification model adds a data table to Dataverse, so running such a model is limited to System Customizers and administrators.',
    AIB('Security in AI Builder', [36, 36]),
  ),
  rule(
    'AIB-011',
    'ai-builder',
    'medium',
    'After a category classification model has run, administrators must change the access rights to the new table before users can use its results.',
    AIB('Security in AI Builder', [36, 36]),
  ),
  // Dataverse facts the documents assume (see each rule's page)
  rule(
    'DV-001',
    'record-access',
    'critical',
    'Roles add up: a user gets the widest access any of their roles gives, and no role can take access away from a single row.',
    DOM('1.4 Access evaluation', [40, 40], 'https://learn.microsoft.com/power-platform/admin/how-record-access-determined'),
  ),
  rule(
    'DV-002',
    'record-access',
    'high',
    'Each access level covers the levels below it: user, business unit, parent and child business units, organization.',
    DOM('1.2 Access levels (depth)', [21, 30], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges'),
  ),
  rule(
    'DV-003',
    'record-access',
    'critical',
    'A user may act on rows they own, or that a team of theirs owns, with any grant of the privilege, even at user level.',
    DOM('1.4 Access evaluation', [38, 39], 'https://learn.microsoft.com/power-platform/admin/how-record-access-determined'),
  ),
  rule(
    'DV-004',
    'record-access',
    'critical',
    "Business-unit and deeper grants are measured from the business unit of the role's assignment, which by default is the unit of whoever holds the role: the user, or the team the role is assigned to.",
    DOM('1.4 Access evaluation', [39, 41], 'https://learn.microsoft.com/power-platform/admin/how-record-access-determined'),
  ),
  rule(
    'DV-005',
    'record-access',
    'high',
    'A row shared with a user, one of their teams or the organization is open to them whatever its business unit, but only if a role of theirs grants that privilege on the table.',
    DOM('1.7 Sharing', [54, 55], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges'),
  ),
  rule(
    'DV-006',
    'record-access',
    'high',
    'A team role set to "team privileges only" gives its privileges to members only as members of the team: members without user privileges of their own create rows only with the team as owner, and reach the rows the team owns.',
    DOM('1.5 Teams', [48, 48], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges'),
  ),
  rule(
    'DV-007',
    'record-access',
    'high',
    'Access teams hold no security roles and own no rows; they only receive shares.',
    DOM('1.5 Teams', [46, 46], 'https://learn.microsoft.com/power-platform/admin/manage-teams'),
  ),
  rule(
    'DV-008',
    'record-access',
    'high',
    'Privileges on an organization-owned table are either none or organization-wide.',
    DOM('1.3 Table ownership', [32, 33], 'https://learn.microsoft.com/power-platform/admin/wp-security-cds'),
  ),
  rule(
    'DV-009',
    'record-access',
    'critical',
    'Acting on behalf of another user needs the Act on Behalf of Another User privilege (in Delegate, or enabled in any role), which must be assigned to the user directly because it cannot be inherited through a team; the acting user may then do only what both users have the privilege to do.',
    LATER('impersonation', 'Required privileges', [28, 41]),
  ),
  rule(
    'DV-010',
    'record-access',
    'medium',
    'Security roles are assigned only to enabled users, so a role held by a disabled user is flagged.',
    DOM('4. Environment roles, sharing, DLP, Teams', [124, 124], 'https://learn.microsoft.com/power-platform/admin/database-security'),
  ),
  rule(
    'DV-011',
    'record-access',
    'high',
    'Creating a row that the user will own needs a Create grant from a role assigned to the user, or from a team role that passes its user-level grants on to members.',
    DOM('1.5 Teams', [48, 49], 'https://learn.microsoft.com/power-platform/admin/manage-teams'),
  ),
  rule(
    'DV-012',
    'record-access',
    'medium',
    'Business units form one tree with a single root, and every user and team belongs to exactly one of them.',
    DOM('1.6 Business units', [51, 52], 'https://learn.microsoft.com/power-apps/developer/data-platform/businessunit-entity'),
  ),
  rule(
    'DV-013',
    'record-access',
    'low',
    "Making a new row of a table needs the Create privilege on that table. rolecheck reads from it which resources a custom role authors: a resource kept as a Dataverse row (canvas app, process, connector) needs Create on its table, and tables, model-driven apps and the solution framework need prvCreateEntity; this mapping is rolecheck's interpretation, not a documented list.",
    DOM('1.1 Table privileges', [10, 10], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges'),
  ),
  rule(
    'DV-014',
    'record-access',
    'high',
    'The predefined security roles of an environment with Dataverse cannot be edited, so a predefined role whose privileges differ from its documented definition contradicts the documentation; each difference is reported.',
    LATER('dataverse-security-roles', WITH_DATAVERSE, [52, 52]),
  ),
  // Contract version 2: disabled users, business-unit copies of roles, hierarchy security.
  rule(
    'DV-015',
    'record-access',
    'critical',
    'A user whose status is Disabled (as a user deleted in the Microsoft 365 admin center becomes) has no access: whatever roles they still hold, they can do nothing in the environment.',
    DOM('4. Environment roles, sharing, DLP, Teams', [124, 124], 'https://learn.microsoft.com/power-platform/admin/delete-users'),
  ),
  rule(
    'DV-016',
    'record-access',
    'high',
    "With record ownership across business units, a principal can hold a role from another business unit than its own, and that role's business-unit and deeper grants are then measured from the role's business unit.",
    DOM('1.6 Business units', [52, 52], 'https://learn.microsoft.com/power-platform/admin/wp-security-cds'),
  ),
  rule(
    'DV-017',
    'record-access',
    'high',
    'With hierarchy security on, a manager (manager model) or the holder of the position above (position model) may read, change, append and append to the rows their direct reports own, provided one of their own roles gives that privilege on the table.',
    DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security'),
  ),
  rule(
    'DV-018',
    'record-access',
    'high',
    'Higher levels of the hierarchy, up to the configured depth, may only read the rows of the reports below them; beyond the depth the hierarchy gives nothing.',
    DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security'),
  ),
  rule(
    'DV-019',
    'record-access',
    'medium',
    "In the manager model a manager reaches a report's rows only from the report's business unit or its parent, unless that setting is turned off; the position model reaches across business units.",
    DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security'),
  ),
  rule(
    'DV-020',
    'record-access',
    'medium',
    'Tables excluded from hierarchy security are opened by no hierarchy.',
    DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security'),
  ),
  // Stronger statements of later revisions of the cited pages (each with the revision that makes it)
  rule(
    'REV-001',
    'predefined-roles',
    'critical',
    'Tenant administrators (Dynamics 365 administrator, Power Platform administrator, Global administrator) can do admin functions in an environment only after they self-elevate to the System Administrator role there.',
    LATER('dataverse-security-roles', WITH_DATAVERSE, [59, 64]),
  ),
  rule(
    'REV-002',
    'predefined-roles',
    'high',
    'Service Deleter, Service Reader, Service Writer and Support User cannot be assigned to a user or a team.',
    LATER('dataverse-security-roles', WITH_DATAVERSE, [65, 68]),
  ),
  rule(
    'REV-003',
    'predefined-roles',
    'medium',
    'App Opener has no privileges on the core business tables such as Account, Contact and Activity; it reads system tables such as Process at organization level, and is mainly used as the template for new custom roles for model-driven apps.',
    LATER('dataverse-security-roles', WITH_DATAVERSE, [56, 56]),
  ),
  rule(
    'REV-004',
    'ai-builder',
    'medium',
    'An AI model is accessible only to its owner until it is shared: Environment Makers and Basic Users view and use the models they own or that were shared with them, System Administrators and System Customizers every model.',
    LATER('ai-builder-roles', 'Roles', [35, 50]),
  ),
];

export interface ConflictSide {
  rule: string;
  says: string;
  source: RuleSource;
}
export interface Conflict {
  id: string;
  title: string;
  sides: ConflictSide[];
  /** Which reading the model follows, and why. */
  modelFollows: string;
  /**
   * Matrix cells (role x resource id) whose expected mark the conflict puts in doubt; the report shows them as
   * documentation conflicts. A conflict about a role or a resource whose cells keep an undisputed mark lists none.
   */
  cells: Array<{ role: string; resource: string }>;
}

export const CONFLICTS: readonly Conflict[] = [
  {
    id: 'CONF-001',
    title: 'Can Environment Maker author AI Builder models?',
    sides: [
      {
        rule: 'RES-011',
        says: 'The summary table gives AI Builder only to System Customizer and System Administrator.',
        source: ENV(SUMMARY, [55, 55]),
      },
      {
        rule: 'AIB-003',
        says: 'The AI Builder page says holders of Environment Maker may build AI models with AI Builder.',
        source: AIB('Security in AI Builder', [21, 21]),
      },
    ],
    modelFollows:
      "The summary table: Environment Maker alone is denied. A custom role (or any user) holding the AI Builder table access attributed to makers may create models (AIB-006), which is how the AI Builder page's reading can be granted deliberately.",
    cells: [{ role: 'Environment Maker', resource: 'ai-builder' }],
  },
  {
    id: 'CONF-002',
    title: 'Who becomes Environment Maker automatically?',
    sides: [
      {
        rule: 'ENV-003',
        says: 'Anyone added to an environment becomes its Environment Maker.',
        source: ENV('Understand environment roles', [7, 8]),
      },
      {
        rule: 'ENV-012',
        says: 'Automatic Maker membership comes from signing up for Power Apps, in the default environment; the environments overview limits it to that case.',
        source: DOM('7. Contradictions and drift', [188, 188], 'https://learn.microsoft.com/power-platform/admin/environments-overview'),
      },
    ],
    modelFollows: 'The baseline page: every user of an environment holds Environment Maker; it gives no data access either way (ENV-011).',
    cells: [],
  },
  {
    id: 'CONF-003',
    title: 'Do Dynamics 365 administrators hold System Administrator?',
    sides: [
      {
        rule: 'ROLE-010',
        says: 'The baseline text says they can do admin functions because they have the System Administrator role.',
        source: ENV(ROLE_TABLE, [34, 34]),
      },
      {
        rule: 'REV-001',
        says: 'The 2025 revision of the admin guide says tenant administrators can do admin functions only after they self-elevate to System Administrator.',
        source: LATER('dataverse-security-roles', WITH_DATAVERSE, [59, 64]),
      },
    ],
    modelFollows:
      'The later revision (REV-001), as for the service roles (CONF-004): an assignment of Dynamics 365 Admin grants nothing in the environment; its holder administers only once they hold System Administrator themselves (self-elevated).',
    cells: [],
  },
  {
    id: 'CONF-004',
    title: 'Which service roles can be assigned?',
    sides: [
      {
        rule: 'ROLE-006',
        says: 'The baseline text states "can\'t be assigned to a user or team" only for Service Deleter.',
        source: ENV(ROLE_TABLE, [30, 32]),
      },
      {
        rule: 'REV-002',
        says: 'The 2025 revision says Service Deleter, Service Reader, Service Writer and Support User cannot be assigned to a user or team.',
        source: LATER('dataverse-security-roles', WITH_DATAVERSE, [65, 68]),
      },
    ],
    modelFollows:
      'The later revision (REV-002): none of the three service roles nor Support User can be assigned; such an assignment grants nothing and is a finding.',
    cells: [],
  },
  {
    id: 'CONF-005',
    title: 'Does System Customizer let makers create or update security roles?',
    sides: [
      {
        rule: 'ENV-014',
        says: 'Makers who need to create or update tables and security roles are told to add System Customizer.',
        source: ENV(ROLE_TABLE, [22, 22]),
      },
      {
        rule: 'ROLE-004',
        says: "System Customizer's own row lists Create, Read, Write, Delete and customizations, without security roles; only System Administrator's row lists security roles and their creation, change and assignment.",
        source: ENV(ROLE_TABLE, [27, 28]),
      },
    ],
    modelFollows:
      'The role rows: System Customizer holds the customization privileges but none of the security-role privileges, so it does not "manage security roles"; System Administrator does.',
    cells: [],
  },
  {
    id: 'CONF-006',
    title: 'Does Environment Maker hold privileges in the database?',
    sides: [
      {
        rule: 'ROLE-002',
        says: 'The role table lists "Customizations" as Environment Maker\'s database privileges.',
        source: ENV(ROLE_TABLE, [26, 26]),
      },
      {
        rule: 'ENV-014',
        says: "The same text says Environment Maker has no privileges on the environment's data, and its own row that it has no privilege to access data.",
        source: ENV(ROLE_TABLE, [22, 22]),
      },
    ],
    modelFollows:
      'Both, read narrowly: Environment Maker holds no table privilege at all and a single customization privilege (prvReadEntity, reading table definitions), so it reaches no row (ENV-011).',
    cells: [],
  },
  {
    id: 'CONF-007',
    title: 'Can Environment Admin hold resources that need Dataverse?',
    sides: [
      {
        rule: 'ENV-013',
        says: 'Environment Admin performs administration before a Dataverse database is added; once there is one, System Administrator replaces it for full administration.',
        source: ENV('Environment Admin role', [9, 10]),
      },
      {
        rule: 'RES-007',
        says: 'The summary table still rates Environment Admin for resources that exist only with Dataverse (Dataverse tables, model-driven apps, the solution framework, desktop flows, AI Builder), all "-".',
        source: ENV(SUMMARY, [51, 55]),
      },
    ],
    modelFollows:
      'The cells as written ("-"), which agree with the role existing only without Dataverse: without a database these resources are denied to everyone (ENV-002), and with one Environment Admin is an environment role that opens no data (ENV-011).',
    // The five Environment Admin cells keep their "-", which both readings agree with: no cell is in doubt.
    cells: [],
  },
  {
    id: 'CONF-008',
    title: 'Does Environment Maker create custom connectors or custom APIs?',
    sides: [
      {
        rule: 'ENV-009',
        says: 'The Environment Maker section lists custom connectors among the resources a maker creates.',
        source: ENV('Environment Maker role', [16, 16]),
      },
      {
        rule: 'ROLE-002',
        says: 'The role table lists custom APIs instead, a different Dataverse feature.',
        source: ENV(ROLE_TABLE, [26, 26]),
      },
    ],
    modelFollows:
      'The Environment Maker section and the summary table (RES-003): makers author connectors; rolecheck has no custom API resource.',
    // The Connector cell of the summary table is X either way: no cell is in doubt.
    cells: [],
  },
  {
    id: 'CONF-009',
    title: 'Are the summary table\'s resources "available to" or "authored by" a role?',
    sides: [
      {
        rule: 'RES-001',
        says: 'The training unit introduces the summary table as the resources each role has access to.',
        source: ENV(SUMMARY, [41, 42]),
      },
      {
        rule: 'RES-011',
        says: "The admin guide's copy of the same table describes which resources each security role can author.",
        source: LATER('dataverse-security-roles', 'Summary of resources available to predefined security roles', [102, 104]),
      },
    ],
    modelFollows:
      'The admin guide: every X is read as "may author" (`may author` steps, the compliance matrix), which is the stronger reading for an audit.',
    cells: [],
  },
];

const byId = new Map(RULES.map((r) => [r.id, r]));
export function ruleById(id: string): Rule | undefined {
  return byId.get(id.replace(/^@/, '').toUpperCase());
}
