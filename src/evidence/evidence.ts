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
 * A principal's effective access, for the principals view of an audit: the roles that reach the user, the
 * resources they may author, and per table privilege how many tables they reach at each depth. The per-table
 * detail is the union of the roles' grants (the report's roles x table privileges section); `rolecheck explain`
 * and `check` answer for single rows. Repeating it per user would be users x tables x 8 values.
 */
export interface PrincipalEvidence {
  type: 'principal';
  user: string;
  businessUnit?: string;
  roles: string[];
  resources: Record<string, Verdict>;
  /** privilege -> depth name -> number of tables reached at exactly that depth. */
  privileges: Record<string, Record<string, number>>;
  /**
   * custom table -> privilege -> depth, for environments small enough (users x custom tables <= 250,000);
   * absent for larger ones, whose per-row answers come from `rolecheck check`.
   */
  tables?: Record<string, Record<string, string>>;
}

export type Evidence = MatrixCellEvidence | PrivilegeCellEvidence | DecisionEvidence | FindingEvidence | EnvironmentEvidence | PrincipalEvidence;
