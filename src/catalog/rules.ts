// The rule catalogue: every statement of the two seed documents that says what someone can or cannot do,
// restated in plain language, plus the Dataverse facts those documents assume (from shared/domain.md).
// Line ranges refer to the baseline revisions shipped in shared/seeds/.

import type { Severity } from '../vocabulary/index.ts';

export { SEVERITIES, type Severity } from '../vocabulary/index.ts';

export type DocumentId = 'environment-roles' | 'ai-builder-security' | 'dataverse-security-model';

export interface SourceDocument { id: DocumentId; title: string; file: string; url: string }

export const DOCUMENTS: Record<DocumentId, SourceDocument> = {
  'environment-roles': {
    id: 'environment-roles', title: 'Environment roles and Dataverse security roles', file: 'shared/seeds/004_c33da9ce7fb99515.txt',
    url: 'https://learn.microsoft.com/power-platform/admin/database-security',
  },
  'ai-builder-security': {
    id: 'ai-builder-security', title: 'Security in AI Builder', file: 'shared/seeds/000_7d24c01b1b37ce64.txt',
    url: 'https://learn.microsoft.com/ai-builder/security',
  },
  'dataverse-security-model': {
    id: 'dataverse-security-model', title: 'Dataverse security model assumed by both documents', file: 'shared/domain.md',
    url: 'https://learn.microsoft.com/power-platform/admin/wp-security-cds',
  },
};

export interface RuleSource { document: DocumentId; section: string; lines: [number, number]; url: string }

export interface Rule {
  id: string;
  statement: string;
  severity: Severity;
  topic: 'environment-roles' | 'predefined-roles' | 'resources' | 'ai-builder' | 'record-access';
  source: RuleSource;
}

const ENV = (section: string, lines: [number, number], anchor = ''): RuleSource => ({
  document: 'environment-roles', section, lines, url: DOCUMENTS['environment-roles'].url + anchor,
});
const AIB = (section: string, lines: [number, number]): RuleSource => ({
  document: 'ai-builder-security', section, lines, url: DOCUMENTS['ai-builder-security'].url,
});
const DOM = (section: string, lines: [number, number], url: string): RuleSource => ({
  document: 'dataverse-security-model', section, lines, url,
});

const rule = (id: string, topic: Rule['topic'], severity: Severity, statement: string, source: RuleSource): Rule =>
  ({ id, topic, severity, statement, source });

export const RULES: readonly Rule[] = [
  // Environment roles (seed 004, lines 1-22)
  rule('ENV-001', 'environment-roles', 'medium', 'A security role is a set of privileges, and a user may hold several roles at once; the user gets everything any of them gives.', ENV('Understand environment roles', [2, 2])),
  rule('ENV-002', 'environment-roles', 'high', 'Every environment has exactly two predefined roles, Environment Admin and Environment Maker; the other security roles exist only once the environment has a Dataverse database.', ENV('Understand environment roles', [3, 6])),
  rule('ENV-003', 'environment-roles', 'high', 'A user added to an environment becomes an Environment Maker there automatically.', ENV('Understand environment roles', [7, 8])),
  rule('ENV-004', 'environment-roles', 'critical', 'Without a Dataverse database, Environment Admin may perform every administrative action on the environment.', ENV('Environment Admin role', [9, 10], '#environment-admin-role')),
  rule('ENV-005', 'environment-roles', 'critical', 'Environment Admin may add users or groups to, and remove them from, the Environment Admin and Environment Maker roles.', ENV('Environment Admin role', [11, 11], '#environment-admin-role')),
  rule('ENV-006', 'environment-roles', 'high', 'Environment Admin may provision a Dataverse database for an environment that has none.', ENV('Environment Admin role', [12, 12], '#environment-admin-role')),
  rule('ENV-007', 'environment-roles', 'high', 'Environment Admin may see and manage every resource created in the environment.', ENV('Environment Admin role', [13, 13], '#environment-admin-role')),
  rule('ENV-008', 'environment-roles', 'high', 'Environment Admin may set data loss prevention policies.', ENV('Environment Admin role', [14, 14], '#environment-admin-role')),
  rule('ENV-009', 'environment-roles', 'medium', 'Environment Maker may create apps, connections, custom connectors, gateways and Power Automate flows in the environment, and does not administer it.', ENV('Environment Maker role', [15, 16], '#environment-maker-role')),
  rule('ENV-010', 'environment-roles', 'medium', 'A maker may share the apps they built with single users, with security groups, or with everyone in the organization.', ENV('Environment Maker role', [17, 17], '#environment-maker-role')),
  rule('ENV-011', 'environment-roles', 'critical', 'Holding an environment role gives no access to the environment\'s database; a database owner must grant that separately.', ENV('Environment Maker role', [18, 18], '#environment-maker-role')),
  rule('ENV-012', 'environment-roles', 'medium', 'A new user who signs up for Power Apps becomes an Environment Maker of the default environment.', ENV('Environment Maker role', [19, 19], '#environment-maker-role')),
  rule('ENV-013', 'environment-roles', 'critical', 'Once an environment has a Dataverse database, full administration needs System Administrator; Environment Admin is not enough.', ENV('Environments with a Dataverse datastore', [20, 21])),
  rule('ENV-014', 'environment-roles', 'high', 'A maker whose apps create or change tables and security roles in Dataverse also needs System Customizer, because Environment Maker has no privileges on data.', ENV('Environments with a Dataverse datastore', [22, 22])),
  // The predefined role table (seed 004, lines 23-40)
  rule('ROLE-001', 'predefined-roles', 'medium', 'App Opener holds the minimum privileges for common tasks (create, update and delete own rows, read rows) and is protected: nobody can change it.', ENV('Predefined security roles', [25, 25])),
  rule('ROLE-002', 'predefined-roles', 'critical', 'Environment Maker holds customization rights but no privilege on any data in the environment.', ENV('Predefined security roles', [26, 26])),
  rule('ROLE-003', 'predefined-roles', 'critical', 'System Administrator holds every privilege on every table at organization depth, may customize the environment and manage and assign security roles, and sees all data.', ENV('Predefined security roles', [27, 27])),
  rule('ROLE-004', 'predefined-roles', 'high', 'System Customizer may customize the environment and create, read, update and delete every custom table\'s rows, but sees only the Account, Contact and Activity rows they own.', ENV('Predefined security roles', [28, 28])),
  rule('ROLE-005', 'predefined-roles', 'high', 'Basic User works only on rows they own, and only in standard (non-custom) tables.', ENV('Predefined security roles', [29, 29])),
  rule('ROLE-006', 'predefined-roles', 'critical', 'Service Deleter deletes rows of every table for the service, and cannot be assigned to a user or a team.', ENV('Predefined security roles', [30, 30])),
  rule('ROLE-007', 'predefined-roles', 'high', 'Service Reader reads every table, custom tables included, for back-end services only.', ENV('Predefined security roles', [31, 31])),
  rule('ROLE-008', 'predefined-roles', 'high', 'Service Writer creates, reads and updates rows of every table, custom tables included, for back-end services only.', ENV('Predefined security roles', [32, 32])),
  rule('ROLE-009', 'predefined-roles', 'high', 'Delegate lets its holder act on behalf of another user, and is meant to be combined with a role that gives access to rows.', ENV('Predefined security roles', [33, 33])),
  rule('ROLE-010', 'predefined-roles', 'high', 'A Dynamics 365 administrator can administer the platform because they hold the System Administrator role.', ENV('Predefined security roles', [34, 34])),
  rule('ROLE-011', 'predefined-roles', 'medium', 'Support User reads customizations and business-management settings for support staff, and no rows.', ENV('Predefined security roles', [35, 35])),
  rule('ROLE-012', 'predefined-roles', 'high', 'Office Collaborator reads only rows that were shared with the whole organization, and belongs to the Office Collaborators owner team, never to a single user.', ENV('Predefined security roles', [36, 36])),
  rule('ROLE-013', 'predefined-roles', 'low', 'Global Reader is not supported in the Power Platform admin center yet, so it grants nothing there.', ENV('Predefined security roles', [37, 37])),
  rule('ROLE-014', 'predefined-roles', 'low', 'Website App Owner belongs to the user who owns the website\'s application registration, and gives no access to table rows.', ENV('Predefined security roles', [38, 38])),
  rule('ROLE-015', 'predefined-roles', 'medium', 'Website Owner belongs to the user who created the Power Pages website, is managed, and cannot be changed.', ENV('Predefined security roles', [39, 39])),
  rule('ROLE-016', 'predefined-roles', 'medium', 'A privilege listed for a predefined role reaches every row of the organization unless the table says otherwise (such as "own rows only").', ENV('Predefined security roles', [40, 40])),
  // The summary table of resources (seed 004, lines 41-57)
  rule('RES-001', 'resources', 'high', 'Environment Maker, Environment Admin, System Customizer and System Administrator may all create canvas apps.', ENV('Summary of resources available for predefined security roles', [45, 45])),
  rule('RES-002', 'resources', 'high', 'Environment Admin and System Administrator may create any cloud flow; Environment Maker only flows outside solutions, and System Customizer only flows inside solutions.', ENV('Summary of resources available for predefined security roles', [46, 46])),
  rule('RES-003', 'resources', 'high', 'Connectors may be created by Environment Maker, Environment Admin and System Administrator, not by System Customizer.', ENV('Summary of resources available for predefined security roles', [47, 47])),
  rule('RES-004', 'resources', 'high', 'Connections may be created by Environment Maker, Environment Admin and System Administrator, not by System Customizer.', ENV('Summary of resources available for predefined security roles', [48, 48])),
  rule('RES-005', 'resources', 'high', 'Data gateways may be created by Environment Maker, Environment Admin and System Administrator, not by System Customizer.', ENV('Summary of resources available for predefined security roles', [49, 49])),
  rule('RES-006', 'resources', 'high', 'Dataflows may be created by Environment Maker, Environment Admin and System Administrator, not by System Customizer.', ENV('Summary of resources available for predefined security roles', [50, 50])),
  rule('RES-007', 'resources', 'critical', 'Only System Customizer and System Administrator may create Dataverse tables; the environment roles may not.', ENV('Summary of resources available for predefined security roles', [51, 51])),
  rule('RES-008', 'resources', 'high', 'Model-driven apps may be created by Environment Maker, System Customizer and System Administrator, not by Environment Admin.', ENV('Summary of resources available for predefined security roles', [52, 52])),
  rule('RES-009', 'resources', 'high', 'The solution framework may be used by Environment Maker, System Customizer and System Administrator, not by Environment Admin.', ENV('Summary of resources available for predefined security roles', [53, 53])),
  rule('RES-010', 'resources', 'high', 'Only System Customizer and System Administrator may create desktop flows.', ENV('Summary of resources available for predefined security roles', [54, 54])),
  rule('RES-011', 'resources', 'high', 'Only System Customizer and System Administrator may author AI Builder models, according to the summary table.', ENV('Summary of resources available for predefined security roles', [55, 55])),
  rule('RES-012', 'resources', 'medium', 'Users of Dataverse for Teams environments get no desktop flows until the environment is upgraded to full Dataverse and desktop flow licences are acquired.', ENV('Summary of resources available for predefined security roles', [56, 57])),
  // AI Builder (seed 000)
  rule('AIB-001', 'ai-builder', 'high', 'AI Builder has no security of its own: access to AI features comes from environment security and Dataverse roles, so an environment without Dataverse has no AI Builder and a user without a Dataverse role reaches no model.', AIB('Security in AI Builder', [17, 17])),
  rule('AIB-002', 'ai-builder', 'medium', 'The built-in roles can use AI Builder as soon as the environment exists, without any action by an administrator.', AIB('Security in AI Builder', [19, 19])),
  rule('AIB-003', 'ai-builder', 'high', 'Environment makers can create AI models (the AI Builder page; the summary table disagrees).', AIB('Security in AI Builder', [21, 21])),
  rule('AIB-004', 'ai-builder', 'medium', 'Dataverse users can use models embedded in Power Apps when the model is theirs or was shared with them.', AIB('Security in AI Builder', [22, 22])),
  rule('AIB-005', 'ai-builder', 'high', 'System Administrators and System Customizers reach every AI model created in the environment.', AIB('Security in AI Builder', [23, 23])),
  rule('AIB-006', 'ai-builder', 'medium', 'A custom security role can create AI models when it has at least the access to the AI Builder tables that Environment Maker has.', AIB('Security in AI Builder', [25, 25])),
  rule('AIB-007', 'ai-builder', 'high', 'Object detection, category classification and prediction models need Read access on the Dataverse tables they learn from.', AIB('Security in AI Builder', [30, 30])),
  rule('AIB-008', 'ai-builder', 'high', 'Publishing and sharing some models changes the Dataverse schema and needs System Customizer privileges, so creators of such models need that role.', AIB('Security in AI Builder', [32, 32])),
  rule('AIB-009', 'ai-builder', 'high', 'The first publish of a prediction model adds a column to its input table, so it needs at least System Customizer.', AIB('Security in AI Builder', [34, 34])),
  rule('AIB-010', 'ai-builder', 'high', 'The first run of a category classification model creates a table, so only System Customizers or administrators may run it.', AIB('Security in AI Builder', [36, 36])),
  rule('AIB-011', 'ai-builder', 'medium', 'After a category classification model first runs, users can use its results only once an administrator opens the new table to them.', AIB('Security in AI Builder', [36, 36])),
  // Dataverse facts the documents assume (shared/domain.md)
  rule('DV-001', 'record-access', 'critical', 'Roles add up: a user gets the widest access any of their roles gives, and no role can take access away from a single row.', DOM('1.4 Access evaluation', [40, 40], 'https://learn.microsoft.com/power-platform/admin/how-record-access-determined')),
  rule('DV-002', 'record-access', 'high', 'Each access level covers the levels below it: user, business unit, parent and child business units, organization.', DOM('1.2 Access levels (depth)', [21, 30], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges')),
  rule('DV-003', 'record-access', 'critical', 'A user may act on rows they own, or that a team of theirs owns, with any grant of the privilege, even at user level.', DOM('1.4 Access evaluation', [38, 39], 'https://learn.microsoft.com/power-platform/admin/how-record-access-determined')),
  rule('DV-004', 'record-access', 'critical', 'Business-unit and deeper grants are measured from the business unit of the role\'s assignment, which by default is the unit of whoever holds the role: the user, or the team the role is assigned to.', DOM('1.4 Access evaluation', [39, 41], 'https://learn.microsoft.com/power-platform/admin/how-record-access-determined')),
  rule('DV-005', 'record-access', 'high', 'A row shared with a user, one of their teams or the organization is open to them whatever its business unit, but only if a role of theirs grants that privilege on the table.', DOM('1.7 Sharing', [54, 55], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges')),
  rule('DV-006', 'record-access', 'high', 'A team role set to "team privileges only" lets members act only on rows the team owns, and not create rows of their own.', DOM('1.5 Teams', [48, 49], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges')),
  rule('DV-007', 'record-access', 'high', 'Access teams hold no security roles and own no rows; they only receive shares.', DOM('1.5 Teams', [46, 46], 'https://learn.microsoft.com/power-platform/admin/manage-teams')),
  rule('DV-008', 'record-access', 'high', 'Privileges on an organization-owned table are either none or organization-wide.', DOM('1.3 Table ownership', [32, 33], 'https://learn.microsoft.com/power-platform/admin/wp-security-cds')),
  rule('DV-009', 'record-access', 'critical', 'Acting on behalf of another user needs the Delegate privilege from a role assigned to the user directly, and then allows only what both users may do.', DOM('1.10 Impersonation', [64, 64], 'https://learn.microsoft.com/power-apps/developer/data-platform/impersonate-another-user')),
  rule('DV-010', 'record-access', 'medium', 'Security roles are assigned only to enabled users, so a role held by a disabled user is flagged.', DOM('4. Environment roles, sharing, DLP, Teams', [124, 124], 'https://learn.microsoft.com/power-platform/admin/database-security')),
  rule('DV-011', 'record-access', 'high', 'Creating a row that the user will own needs a Create grant from a role assigned to the user, or from a team role that passes its user-level grants on to members.', DOM('1.5 Teams', [48, 49], 'https://learn.microsoft.com/power-platform/admin/manage-teams')),
  rule('DV-012', 'record-access', 'medium', 'Business units form one tree with a single root, and every user and team belongs to exactly one of them.', DOM('1.6 Business units', [51, 52], 'https://learn.microsoft.com/power-apps/developer/data-platform/businessunit-entity')),
  rule('DV-013', 'record-access', 'low', 'A custom role authors a resource stored in Dataverse (canvas apps, flows, connectors, tables) when it holds the privilege that creating it needs.', DOM('2.1 Privilege names', [70, 73], 'https://learn.microsoft.com/power-platform/admin/security-roles-privileges')),
  rule('DV-014', 'record-access', 'high', 'A predefined role cannot be edited: an environment whose predefined role differs from its documented definition has been tampered with.', DOM('3.1 Dataverse environments', [92, 92], 'https://learn.microsoft.com/power-platform/admin/database-security')),
  // Contract version 2: disabled users, business-unit copies of roles, hierarchy security.
  rule('DV-015', 'record-access', 'critical', 'A user whose status is Disabled (as a user deleted in the Microsoft 365 admin center becomes) has no access: whatever roles they still hold, they can do nothing in the environment.', DOM('4. Environment roles, sharing, DLP, Teams', [124, 124], 'https://learn.microsoft.com/power-platform/admin/delete-users')),
  rule('DV-016', 'record-access', 'high', 'With record ownership across business units, a principal can hold a role from another business unit than its own, and that role\'s business-unit and deeper grants are then measured from the role\'s business unit.', DOM('1.6 Business units', [52, 52], 'https://learn.microsoft.com/power-platform/admin/wp-security-cds')),
  rule('DV-017', 'record-access', 'high', 'With hierarchy security on, a manager (manager model) or the holder of the position above (position model) may read, change, append and append to the rows their direct reports own, provided one of their own roles gives that privilege on the table.', DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security')),
  rule('DV-018', 'record-access', 'high', 'Higher levels of the hierarchy, up to the configured depth, may only read the rows of the reports below them; beyond the depth the hierarchy gives nothing.', DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security')),
  rule('DV-019', 'record-access', 'medium', 'In the manager model a manager reaches a report\'s rows only from the report\'s business unit or its parent, unless that setting is turned off; the position model reaches across business units.', DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security')),
  rule('DV-020', 'record-access', 'medium', 'Tables excluded from hierarchy security are opened by no hierarchy.', DOM('1.8 Hierarchy security', [57, 58], 'https://learn.microsoft.com/power-platform/admin/hierarchy-security')),
];

export interface ConflictSide { rule: string; says: string; source: RuleSource }
export interface Conflict {
  id: string;
  title: string;
  sides: ConflictSide[];
  /** Which reading the model follows, and why. */
  modelFollows: string;
  /** Matrix cells (role x resource id) the conflict touches. */
  cells: Array<{ role: string; resource: string }>;
}

export const CONFLICTS: readonly Conflict[] = [
  {
    id: 'CONF-001', title: 'Can Environment Maker author AI Builder models?',
    sides: [
      { rule: 'RES-011', says: 'The summary table gives AI Builder only to System Customizer and System Administrator.', source: ENV('Summary of resources available for predefined security roles', [55, 55]) },
      { rule: 'AIB-003', says: 'The AI Builder page says environment makers can use AI Builder to create AI models.', source: AIB('Security in AI Builder', [21, 21]) },
    ],
    modelFollows: 'The summary table: Environment Maker alone is denied. A custom role (or any user) holding the AI Builder table access attributed to makers may create models (AIB-006), which is how the AI Builder page\'s reading can be granted deliberately.',
    cells: [{ role: 'Environment Maker', resource: 'ai-builder' }],
  },
  {
    id: 'CONF-002', title: 'Who becomes Environment Maker automatically?',
    sides: [
      { rule: 'ENV-003', says: 'Anyone added to an environment becomes its Environment Maker.', source: ENV('Understand environment roles', [7, 8]) },
      { rule: 'ENV-012', says: 'Automatic Maker membership comes from signing up for Power Apps, in the default environment; the environments overview limits it to that case.', source: DOM('7. Contradictions and drift', [188, 188], 'https://learn.microsoft.com/power-platform/admin/environments-overview') },
    ],
    modelFollows: 'The baseline page: every user of an environment holds Environment Maker; it gives no data access either way (ENV-011).',
    cells: [],
  },
  {
    id: 'CONF-003', title: 'Do Dynamics 365 administrators hold System Administrator?',
    sides: [
      { rule: 'ROLE-010', says: 'The baseline page says they can administer because they have the System Administrator role.', source: ENV('Predefined security roles', [34, 34]) },
      { rule: 'ROLE-010', says: 'The 2025 revision says tenant administrators must elevate themselves to System Administrator first.', source: DOM('3.3 Page drift', [118, 118], 'https://learn.microsoft.com/power-platform/admin/database-security') },
    ],
    modelFollows: 'The baseline page: an assignment of Dynamics 365 Admin acts as System Administrator.',
    cells: [],
  },
  {
    id: 'CONF-004', title: 'Which service roles can be assigned?',
    sides: [
      { rule: 'ROLE-006', says: 'The baseline page states "can\'t be assigned to a user or team" only for Service Deleter.', source: ENV('Predefined security roles', [30, 32]) },
      { rule: 'ROLE-007', says: 'The 2024 revision says Service Reader, Service Writer, Service Deleter and Support User cannot be assigned to a user or team.', source: DOM('3.1 Dataverse environments', [102, 103], 'https://learn.microsoft.com/power-platform/admin/database-security') },
    ],
    modelFollows: 'The later revision: none of the three service roles nor Support User can be assigned; such an assignment grants nothing and is a finding.',
    cells: [],
  },
];

const byId = new Map(RULES.map((r) => [r.id, r]));
export function ruleById(id: string): Rule | undefined { return byId.get(id.replace(/^@/, '').toUpperCase()); }
