// Documentation drift as data: where a page the rules cite says something else in a later revision than in the
// baseline text the rules restate. Each entry holds both texts (the baseline lines, and the later revision with its
// URL, section, Markdown lines and date), whether the later text was checked by reading that revision, and which
// of the two the model follows. Conflicts between two documents (or two places of one) are in rules.ts CONFLICTS;
// this file is about one page changing over time.
import type { MatrixRole } from './resources.ts';
import { cite, type RuleSource } from './rules.ts';

/** A summary-table cell as the page writes it: `allowed`, `denied`, or `<kind> only` for a partial grant. */
export type CellText = 'allowed' | 'denied' | 'solution-aware only' | 'non-solution-aware only';

export interface LaterText {
  says: string;
  source: RuleSource;
  /** `ms.date` of the revision read (ISO date). */
  revision: string;
  /** true: the revision's text was read and says this; false: reported, and the text read does not show it. */
  verified: boolean;
  /** How it was checked, or why it could not be. */
  note: string;
}

export interface Drift {
  id: string;
  /** The catalogued rules whose cited passage changed. */
  rules: string[];
  title: string;
  baseline: { says: string; source: RuleSource };
  later: LaterText;
  /** `in part`: the model follows the later text for some of it and the baseline for the rest (`why` says which). */
  modelFollows: 'baseline' | 'later' | 'in part';
  why: string;
  /** The conflict entry that records the same disagreement, when there is one. */
  conflict?: string;
  /** Summary-table cells whose mark changed. */
  cells?: Array<{ role: MatrixRole; resource: string; baseline: CellText; later: CellText }>;
}

const ROLE_TABLE = 'Environments with a Dataverse datastore';
const SUMMARY = 'Summary of resources available for predefined security roles';
const ADMIN_ROLES = 'Environments with a Dataverse database';
const ADMIN_SUMMARY = 'Summary of resources available to predefined security roles';
const ADMIN_NO_DATAVERSE = 'Environments without a Dataverse database';
const READ =
  'Read in the Markdown source of the page at this revision (MicrosoftDocs/power-platform, power-platform/admin/database-security.md).';

/** The admin guide's summary table at the 2025-02-11 revision (its Markdown lines 108-118, one row per resource). */
const summaryRow = (line: number): RuleSource => cite.laterRevision('dataverse-security-roles', ADMIN_SUMMARY, [line, line]);
const SUMMARY_FOLLOWS =
  'The specification restates the baseline table, and its compliance matrix checks that table cell by cell; a later cell is shown beside it so that an auditor can see where the current page opens more, or less.';

export const DRIFT: readonly Drift[] = [
  {
    id: 'DRIFT-001',
    rules: ['ROLE-013'],
    title: 'Is Global Reader supported in the Power Platform admin center now?',
    baseline: {
      says: 'Global Reader is not yet supported in the Power Platform admin center.',
      source: cite.trainingUnit(ROLE_TABLE, [37, 37]),
    },
    later: {
      says: 'Said to be supported in the admin center now; the latest revision read still says it is not supported yet.',
      source: cite.laterRevision('dataverse-security-roles', ADMIN_ROLES, [62, 62]),
      revision: '2025-02-11',
      verified: false,
      note: 'Not verified: the claim reached this project as a review finding; the 2025-02-11 revision of the admin guide keeps "isn\'t supported yet", and no later Microsoft text stating support was found.',
    },
    modelFollows: 'baseline',
    why: 'Nothing documented says what Global Reader would grant, so an assignment of it still grants nothing and is reported (ROLE-013).',
  },
  {
    id: 'DRIFT-002',
    rules: ['RES-002'],
    title: 'Cloud flows: System Customizer no longer limited to solution-aware flows',
    baseline: { says: 'System Customizer: X (solution aware).', source: cite.trainingUnit(SUMMARY, [46, 46]) },
    later: {
      says: 'System Customizer: X, without the solution-aware limit.',
      source: summaryRow(109),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'baseline',
    why: SUMMARY_FOLLOWS,
    cells: [{ role: 'System Customizer', resource: 'cloud-flow', baseline: 'solution-aware only', later: 'allowed' }],
  },
  {
    id: 'DRIFT-003',
    rules: ['RES-003'],
    title: 'Connectors: makers limited to non-solution-aware connectors, System Customizer added',
    baseline: { says: 'Environment Maker: X; System Customizer: -.', source: cite.trainingUnit(SUMMARY, [47, 47]) },
    later: {
      says: 'Environment Maker: X (non-solution-aware); System Customizer: X.',
      source: summaryRow(110),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'baseline',
    why: SUMMARY_FOLLOWS,
    cells: [
      { role: 'Environment Maker', resource: 'connector', baseline: 'allowed', later: 'non-solution-aware only' },
      { role: 'System Customizer', resource: 'connector', baseline: 'denied', later: 'allowed' },
    ],
  },
  {
    id: 'DRIFT-004',
    rules: ['RES-004'],
    title: 'Connections: System Customizer added',
    baseline: { says: 'System Customizer: -.', source: cite.trainingUnit(SUMMARY, [48, 48]) },
    later: {
      says: 'System Customizer: X (connections as used by canvas apps and Power Automate).',
      source: summaryRow(111),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'baseline',
    why: SUMMARY_FOLLOWS,
    cells: [{ role: 'System Customizer', resource: 'connection', baseline: 'denied', later: 'allowed' }],
  },
  {
    id: 'DRIFT-005',
    rules: ['RES-005', 'ENV-009'],
    title: 'Data gateways: Environment Maker removed',
    baseline: { says: 'Environment Maker: X.', source: cite.trainingUnit(SUMMARY, [49, 49]) },
    later: { says: 'Environment Maker: -.', source: summaryRow(112), revision: '2025-02-11', verified: true, note: READ },
    modelFollows: 'baseline',
    why: SUMMARY_FOLLOWS,
    cells: [{ role: 'Environment Maker', resource: 'data-gateway', baseline: 'allowed', later: 'denied' }],
  },
  {
    id: 'DRIFT-006',
    rules: ['RES-006'],
    title: 'Dataflows: System Customizer added',
    baseline: { says: 'System Customizer: -.', source: cite.trainingUnit(SUMMARY, [50, 50]) },
    later: { says: 'System Customizer: X.', source: summaryRow(113), revision: '2025-02-11', verified: true, note: READ },
    modelFollows: 'baseline',
    why: SUMMARY_FOLLOWS,
    cells: [{ role: 'System Customizer', resource: 'dataflow', baseline: 'denied', later: 'allowed' }],
  },
  {
    id: 'DRIFT-007',
    rules: ['ROLE-010'],
    title: 'Tenant administrators must self-elevate to System Administrator',
    baseline: {
      says: 'Dynamics 365 administrators can do admin functions because they have the System Administrator role.',
      source: cite.trainingUnit(ROLE_TABLE, [34, 34]),
    },
    later: {
      says: 'Dynamics 365 administrators, Power Platform administrators and Global administrators can do admin functions only after they self-elevate to System Administrator.',
      source: cite.laterRevision('dataverse-security-roles', ADMIN_ROLES, [59, 64]),
      revision: '2025-02-11',
      verified: true,
      note: `${READ} The page on managing admin roles with Privileged Identity Management (https://learn.microsoft.com/power-platform/admin/manage-high-privileged-admin-roles, revision 2025-06-13) adds that System Administrator is no longer assigned to them automatically.`,
    },
    modelFollows: 'later',
    why: 'REV-001: the role grants nothing in the environment; only a System Administrator assignment (the self-elevation) administers. The model follows the later revision for every tenant and service role alike (CONF-003, CONF-004).',
    conflict: 'CONF-003',
  },
  {
    id: 'DRIFT-008',
    rules: ['ROLE-007', 'ROLE-008', 'ROLE-011'],
    title: 'Service Reader, Service Writer and Support User cannot be assigned',
    baseline: {
      says: 'Only the Service Deleter row says it cannot be assigned to a user or team.',
      source: cite.trainingUnit(ROLE_TABLE, [30, 35]),
    },
    later: {
      says: 'Service Deleted, Service Reader, Service Writer and Support User each cannot be assigned to a user or team.',
      source: cite.laterRevision('dataverse-security-roles', ADMIN_ROLES, [65, 68]),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'later',
    why: 'REV-002: an assignment of any of the four grants nothing and is a finding.',
    conflict: 'CONF-004',
  },
  {
    id: 'DRIFT-009',
    rules: ['ROLE-001'],
    title: 'App Opener: no business tables, Organization-level Read of system tables',
    baseline: {
      says: 'Create(self), Read, Write(self), Delete(self), without naming tables; protected and cannot be updated.',
      source: cite.trainingUnit(ROLE_TABLE, [25, 25]),
    },
    later: {
      says: 'No privileges on the core business tables such as Account, Contact and Activity; Organization-level Read of system tables such as Process; the template for new custom roles.',
      source: cite.laterRevision('dataverse-security-roles', ADMIN_ROLES, [56, 56]),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'later',
    why: 'REV-003: App Opener holds no grant by table class (it reads no business data and never has the AI Builder table access of makers); its Read of Process is recorded by table name, which the model does not apply yet (LIM-010).',
  },
  {
    id: 'DRIFT-010',
    rules: ['AIB-003', 'AIB-004', 'AIB-005'],
    title: 'AI Builder page: a roles matrix, "Basic Users" instead of "Dataverse users"',
    baseline: {
      says: 'Three sentences: makers create models, Dataverse users use models embedded in apps, administrators and customizers reach every model.',
      source: cite.aiBuilderBaseline('Security in AI Builder', [19, 23]),
    },
    later: {
      says: 'A "Roles" matrix: System Administrators and Customizers do everything; Environment Makers create models and the flows and apps that call them, and use models they own or that were shared; Basic Users use owned or shared models and create none. The sentence on users now names Basic Users.',
      source: cite.laterRevision('ai-builder-roles', 'Roles', [35, 46]),
      revision: '2021-07-16',
      verified: true,
      note: 'Read in the Markdown source of the page at this revision. The page published now (same URL, titled "Roles and security in AI Builder") also speaks of prompts; its revision date was not verified.',
    },
    modelFollows: 'in part',
    why: 'Using a model follows the matrix (REV-004: owner, shares, or administrators and customizers); creating one follows the summary table, so Environment Maker alone creates none (CONF-001).',
    conflict: 'CONF-001',
  },
  {
    id: 'DRIFT-011',
    rules: ['ENV-009', 'ROLE-002'],
    title: 'Environment Maker: custom APIs and flows, no gateways',
    baseline: {
      says: 'Makers create apps, connections, custom connectors, gateways and flows (the role row says custom APIs instead of custom connectors).',
      source: cite.trainingUnit('Environment Maker role', [16, 16]),
    },
    later: {
      says: 'Makers create apps, connections, custom APIs and flows; gateways are no longer listed.',
      source: cite.laterRevision('dataverse-security-roles', ADMIN_NO_DATAVERSE, [44, 44]),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'baseline',
    why: 'The summary table of the baseline gives makers data gateways (RES-005); the later table removes them too (DRIFT-005).',
    conflict: 'CONF-008',
  },
  {
    id: 'DRIFT-012',
    rules: ['ROLE-001', 'ROLE-015', 'DV-014'],
    title: 'Every predefined role is read-only, not just App Opener and Website Owner',
    baseline: {
      says: 'Only App Opener ("protected and can\'t be updated") and Website Owner ("managed and can\'t be changed") are said to be unchangeable.',
      source: cite.trainingUnit(ROLE_TABLE, [25, 39]),
    },
    later: {
      says: 'The predefined roles of an environment with Dataverse cannot be edited.',
      source: cite.laterRevision('dataverse-security-roles', ADMIN_ROLES, [52, 52]),
      revision: '2025-02-11',
      verified: true,
      note: READ,
    },
    modelFollows: 'later',
    why: 'DV-014: every predefined role whose privileges in an export differ from its documented definition is reported.',
  },
];

const byRule = new Map<string, Drift[]>();
for (const d of DRIFT) for (const r of d.rules) byRule.set(r, [...(byRule.get(r) ?? []), d]);

/** The drift entries that concern a rule, in catalogue order. */
export function driftOf(ruleId: string): readonly Drift[] {
  return byRule.get(ruleId) ?? [];
}
