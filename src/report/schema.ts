// The shape of the report data (`compliance.json`, documented in docs/report-schema.md) and the few pure helpers
// every section shares: ordering, ids, stable key order and the JSON bytes.
//
// The report has two halves that never mix: `environment` (what an audit found in one environment: findings,
// policies, effective access, provenance) and the documented baseline (`matrix`, `privileges`, `rules`,
// `conflicts`, `drift`: what the specification's own scenarios verified). A documented rule's status comes from the
// specification's scenarios only; when an environment breaks it, the environment gets a finding citing the rule.
import { createHash } from 'node:crypto';
import type { Conflict } from '../catalog/rules.ts';
import type { Drift } from '../catalog/drift.ts';
import type { Limitation } from '../catalog/limitations.ts';
import type { EnvironmentData } from '../evidence/environment.ts';
import type { ReviewData } from '../evidence/review.ts';

export const SCHEMA_ID = 'https://rolecheck.dev/schema/compliance/v2';
export const SCHEMA_VERSION = '2.1.0';

export type CellStatus = 'pass' | 'fail' | 'conflict' | 'not-tested';
export type RuleStatus = 'passed' | 'failed' | 'not-tested';
export type ScenarioStatus = 'passed' | 'failed' | 'pending' | 'undefined' | 'ambiguous' | 'skipped' | 'unknown' | 'not-executed';
/** Which part of the run a scenario belongs to: the documented specification, the audit's checks, or a policy. */
export type ScenarioGroup = 'specification' | 'audit' | 'policy';

export interface Verdict {
  decision: 'allow' | 'deny';
  condition?: string;
}

/** A finding of the audited environment: what contradicts a documented rule, with the row that causes it. */
export interface ReportFinding {
  id: string;
  rule: string;
  severity: string;
  kind?: string;
  principal?: string;
  role?: string;
  message: string;
  location?: string;
}

/**
 * The access review of an audit (`rolecheck audit --baseline --waivers --history`): the audit's `review.json`
 * (src/evidence/review.ts), with its file paths written the report's way (src/report/review.ts, reportReview).
 */
export type { ReviewData } from '../evidence/review.ts';

export interface ScenarioRef {
  id: string;
  name: string;
  status: ScenarioStatus;
}

export interface CellEvidenceItem {
  scenario: string;
  /** The question was about this kind of cloud flow only. */
  flowKind?: string;
  name: string;
  status: ScenarioStatus;
  expected: Verdict;
  actual: Verdict;
  via: string[];
  explanation: string;
}

export interface MatrixCell {
  id: string;
  role: string;
  resource: string;
  resourceName: string;
  custom: boolean;
  /** The summary table's cell (predefined roles) or what the scenario expected (custom roles); null: nothing asserted. */
  expected: Verdict | null;
  actual: Verdict | null;
  /** The check alone (pass / fail / not-tested), before a documentation conflict is applied. */
  check: 'pass' | 'fail' | 'not-tested';
  status: CellStatus;
  rules: string[];
  conflicts: string[];
  problems: string[];
  evidence: CellEvidenceItem[];
}

/**
 * The custom roles' cells of an environment beyond the audit's limit (`environment.limits.roleResourceCells`):
 * counted by status as `cells` would count them, with the first disagreements by name; `file` holds every cell.
 */
export interface CustomCellsElsewhere {
  roles: number;
  cells: number;
  pass: number;
  fail: number;
  'not-tested': number;
  /** Per resource id, the custom roles the model allows to author it. */
  allowed: Record<string, number>;
  /** Cells where the export's rows and the model disagree (each a failed cell when checked), the first by name. */
  disagreements: number;
  firstDisagreements: Array<{ role: string; resource: string; expected: Verdict; actual: Verdict }>;
  /** The audit scenarios that checked the cells. */
  scenarios: string[];
  file: string;
}

export interface PrivilegeCell {
  id: string;
  role: string;
  table: string;
  privilege: string;
  custom: boolean;
  /** A depth name (None, Basic, Local, Deep, Global) or a special reach (`Organization-shared rows`). */
  expected: string | null;
  actual: string | null;
  check: 'pass' | 'fail' | 'not-tested';
  status: CellStatus;
  rules: string[];
  problems: string[];
  scenarios: ScenarioRef[];
}

export interface ScenarioRecord {
  id: string;
  uri: string;
  line: number;
  name: string;
  tags: string[];
  rules: string[];
  group: ScenarioGroup;
  status: ScenarioStatus;
  attempts: number;
  message?: string;
  decisions: Array<{ question: string; expected: string; actual: string; rules: string[]; explanation: string }>;
}

export interface RuleRecord {
  id: string;
  statement: string;
  severity: string;
  topic: string;
  source: { document: string; documentTitle: string; section: string; lines: [number, number]; url: string; file: string };
  /** From the specification's scenarios only: an environment that breaks the rule does not change it. */
  status: RuleStatus;
  scenarios: ScenarioRef[];
  /** Scenarios tagged with the rule that the filters left out of this run. */
  notExecuted: number;
  conflicts: string[];
  drift: string[];
  /** Findings of the audited environment that cite the rule. */
  findings: number;
}

/** A policy of the organisation (one scenario of a policy feature file) and what it found. */
export interface PolicyRecord {
  id: string;
  uri: string;
  line: number;
  name: string;
  rules: string[];
  severity: string | null;
  status: ScenarioStatus;
  message?: string;
  /** What the policy's steps reported, each with the id a waiver names (`POL-001:ana@contoso.com`). */
  violations: Array<{ id: string; rule: string; severity: string; principal?: string; role?: string; message: string }>;
}

export type StatusCounts<T extends string> = Record<T, number>;

export interface Totals {
  /** The documented matrix (predefined roles x resources). */
  matrix: StatusCounts<CellStatus> & { cells: number; roles: number; resources: number };
  /** The audited environment's custom roles x resources. */
  customMatrix: StatusCounts<CellStatus> & { cells: number; roles: number };
  privileges: StatusCounts<CellStatus> & { cells: number };
  rules: StatusCounts<RuleStatus> & { total: number };
  scenarios: StatusCounts<ScenarioStatus> & { defined: number; executed: number };
  /** Scenarios by group: the specification, the audit's checks, the organisation's policies. */
  groups: Record<ScenarioGroup, { total: number; passed: number; failed: number; other: number }>;
  conflicts: number;
  drift: number;
  limitations: number;
  /** THE count of findings of the audited environment (the same in every output). */
  findings: number;
  findingsBySeverity: Record<string, number>;
  policies: { total: number; passed: number; failed: number; other: number };
  /** fail: a finding, a failed policy, rule, cell or run; incomplete: nothing failed but something is not tested. */
  verdict: 'pass' | 'fail' | 'incomplete';
}

/** Who ran the audit, and where (from the machine and the CI variables cucumber records in its meta message). */
export interface Provenance {
  user: string | null;
  host: string | null;
  ci: { name: string; url: string | null; buildNumber: string | null; revision: string | null; branch: string | null } | null;
}

export interface PopulationLine {
  what: string;
  count: number;
  file: string | null;
  rows: number | null;
  reconciled: boolean | null;
  note?: string;
}

export interface EnvironmentSection {
  name: string;
  type: string;
  dataverse: boolean;
  /** Null when the report was built without the audit's environment data (only its name and inputs are known). */
  source: EnvironmentData['source'] | null;
  population: EnvironmentData['population'] | null;
  /** Each population count beside the rows of the input file it comes from. */
  reconciliation: PopulationLine[];
  inputs: EnvironmentData['inputs'];
  notDecided: EnvironmentData['notDecided'] | null;
  hierarchy: EnvironmentData['hierarchy'] | null;
  roles: EnvironmentData['roles'];
  tables: EnvironmentData['tables'];
  otherTables: number;
  roleGrants: EnvironmentData['roleGrants'];
  users: EnvironmentData['users'];
  whoCan: EnvironmentData['whoCan'];
  limits: EnvironmentData['limits'];
  files: EnvironmentData['files'];
  omittedFiles: Array<{ name: string; rows: number; limit: number; instead: string }>;
  /** What the page leaves out and where it is: every list cut is said, never silent. */
  cuts: Array<{ what: string; shown: number; total: number | null; where: string }>;
}

export interface ComplianceReport {
  $schema: string;
  schemaVersion: string;
  run: {
    /** THE timestamp of the report: when the (first) cucumber run started, ISO 8601 UTC. Nothing else is a time. */
    timestampUtc: string;
    subject: { kind: 'baseline' | 'environment'; name: string };
    rolecheckVersion: string | null;
    gitCommit: string | null;
    node: string | null;
    cucumber: string | null;
    ranBy: Provenance;
    runs: number;
    success: boolean;
    filters: { tags: string[]; names: string[]; paths: string[]; shard: string | null };
    inputs: Array<{ kind: 'feature' | 'environment-export' | 'message-log'; path: string; sha256: string; rows?: number }>;
    inputsSha256: string;
    warnings: string[];
  };
  totals: Totals;
  /** The audited environment; null for a run of the documented baseline alone. */
  environment: EnvironmentSection | null;
  findings: ReportFinding[];
  policies: PolicyRecord[];
  matrix: {
    roles: Array<{ name: string; custom: boolean }>;
    resources: Array<{ id: string; name: string; rule: string; line: number }>;
    cells: MatrixCell[];
    /** The audited environment's custom roles when their cells are beyond the audit's limit: not in `cells`; null otherwise. */
    customElsewhere: CustomCellsElsewhere | null;
  };
  privileges: { privileges: string[]; rows: Array<{ role: string; table: string; custom: boolean }>; cells: PrivilegeCell[] };
  rules: RuleRecord[];
  conflicts: Array<Conflict & { cellIds: string[] }>;
  drift: Drift[];
  limitations: Limitation[];
  scenarios: ScenarioRecord[];
  /** The access review (changes since the approved baseline, waivers, sign-off, trend); null without review options. */
  review: ReviewData | null;
}

// ---------------------------------------------------------------------------------------------------------
// shared helpers

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');
export const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(cmp);
export const slug = (s: string): string => {
  const base =
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x';
  return `${base}-${sha256(s).slice(0, 6)}`;
};
export const cellId = (role: string, resource: string): string => `cell-${slug(role)}--${resource.replace(/[^a-z0-9-]/gi, '')}`;
export const privId = (role: string, table: string, privilege: string): string =>
  `priv-${slug(role)}--${slug(table)}--${privilege.toLowerCase()}`;

const FAILURES: ReadonlySet<ScenarioStatus> = new Set(['failed', 'ambiguous', 'undefined', 'pending']);
export const isFailure = (s: ScenarioStatus): boolean => FAILURES.has(s);

/** Severity rank for sorting findings (critical first); unknown severities last. */
export const severityRank = (s: string): number => {
  const i = ['critical', 'high', 'medium', 'low'].indexOf(s.toLowerCase());
  return i < 0 ? 9 : i;
};

export function countBy<T extends string>(xs: ReadonlyArray<{ status: T }>, keys: readonly T[]): Record<T, number> {
  const o = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
  for (const x of xs) o[x.status]++;
  return o;
}

export function dedupeBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const x of xs) {
    const k = key(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

/** Recursively sorts object keys, so JSON.stringify is stable whatever order the producer used. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as object)
        .sort(cmp)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** `allow`, `deny`, or `allow (condition)`. */
export function fmtVerdict(v: Verdict | null, none = 'not decided'): string {
  if (!v) return none;
  return v.condition ? `${v.decision} (${v.condition})` : v.decision;
}

/**
 * The report as the bytes of compliance.json: indented, except that each record of the long lists (users, who can,
 * role grants, scenarios, cells) is written on one line, so that a large environment stays small and diffs stay
 * readable. JSON.parse gives back the same data.
 */
export function reportJson(report: ComplianceReport): string {
  return stringifyCompact(report, 0) + '\n';
}

const ONE_LINE_LISTS = new Set([
  'cells',
  'scenarios',
  'users',
  'whoCan',
  'roleGrants',
  'roles',
  'tables',
  'inputs',
  'findings',
  'files',
  'evidence',
  'holders',
]);

function stringifyCompact(v: unknown, depth: number, key?: string): string {
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (key && ONE_LINE_LISTS.has(key) && depth >= 1) return `[\n${v.map((x) => pad + JSON.stringify(x)).join(',\n')}\n${end}]`;
    return `[\n${v.map((x) => pad + stringifyCompact(x, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${stringifyCompact(x, depth + 1, k)}`).join(',\n')}\n${end}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
