// The evidence a step attaches to its scenario (`this.attach(JSON.stringify(e), EVIDENCE_MEDIA_TYPE)`).
// The report is built from these attachments and the message stream only: no shared state between steps and
// formatter, so it works with --parallel, --shard and merged runs.
import type { Explanation } from '../explain/explain.ts';

export const EVIDENCE_MEDIA_TYPE = 'application/vnd.rolecheck.evidence+json';

export type Verdict = 'allow' | 'deny';

/** One cell of the summary table: may `role` author `resource` (a resource id of the catalogue)? */
export interface MatrixCellEvidence {
  type: 'matrix-cell';
  role: string;
  resource: string;
  expected: { decision: Verdict; condition?: string };
  actual: { decision: Verdict; condition?: string };
  rules: string[];
  via: string[];
  explanation: string;
  /** A custom role of an audited environment rather than a predefined role. */
  custom?: boolean;
  /**
   * Set when the question was asked for one kind of cloud flow only (a refinement of the cell): the report then
   * compares with the summary table for that kind. Without it, `expected`/`actual` describe the whole cell.
   */
  flowKind?: 'solution-aware' | 'non-solution-aware';
}

/** One cell of the roles x table privileges matrix: the depth `role` holds for `privilege` on `table`. */
export interface PrivilegeCellEvidence {
  type: 'privilege-cell';
  role: string;
  /** A table name, or a table class of the catalogue: `custom table`, `core table`, `standard table`. */
  table: string;
  privilege: string;
  expected: string;
  actual: string;
  rules: string[];
  custom?: boolean;
}

/** A single record-level or environment-level decision asserted by a scenario. */
export interface DecisionEvidence {
  type: 'decision';
  question: string;
  expected: Verdict;
  actual: Verdict;
  rules: string[];
  explanation: string;
  decision?: Explanation;
}

export interface FindingEvidence {
  type: 'finding';
  id: string;
  rule: string;
  severity: string;
  principal?: string;
  role?: string;
  message: string;
  location?: string;
}

/** What an audit ran against: the export, its files and their SHA-256. */
export interface EnvironmentEvidence {
  type: 'environment';
  name: string;
  folder: string;
  inputs: Array<{ path: string; sha256: string; rows?: number }>;
}

/**
 * The audit's effective access, reconciled: the environment data the report renders (environment.json, the data
 * files) recounted from each user's roles (src/exports/access-digest.ts). One record per audit, not one per user:
 * the message log stays small whatever the tenant's size.
 */
export interface AccessDigestEvidence {
  type: 'access-digest';
  environment: string;
  users: number;
  enabledUsers: number;
  roles: number;
  tablesOfInterest: number;
  /** How many equalities were checked, and over which users the counts were recomputed. */
  checks: number;
  recount: string;
  /** SHA-256 of the environment data as the audit handed it to the report. */
  sha256: string;
  files: string[];
}

/**
 * The custom roles' cells of the resource matrix, checked: the cells themselves are the audit's environment data
 * (environment.json within its limit, access/role-resources.csv always); the scenario attaches this one record and
 * fails when a cell's expected (the export's rows) and actual (the model) differ.
 */
export interface RoleResourcesEvidence {
  type: 'role-resources';
  environment: string;
  cells: number;
  roles: number;
  /** Per resource id, the custom roles allowed to author it. */
  allowed: Record<string, number>;
  disagreements: number;
  /** The first disagreements (at most DISAGREEMENTS_LISTED of src/evidence/environment.ts). */
  firstDisagreements: Array<{
    role: string;
    resource: string;
    expected: { decision: Verdict; condition?: string };
    actual: { decision: Verdict; condition?: string };
  }>;
  /** The SHA-256 of the cells (RoleResourceCounts.sha256): the report ties the data it renders to this check. */
  sha256: string;
}

export type Evidence =
  | RoleResourcesEvidence
  | MatrixCellEvidence
  | PrivilegeCellEvidence
  | DecisionEvidence
  | FindingEvidence
  | EnvironmentEvidence
  | AccessDigestEvidence;
