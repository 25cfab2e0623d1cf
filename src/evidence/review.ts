// What an audit knows about the review of the environment over time, handed to the report: the changes since the
// approved baseline (each with its path and its waiver), every waivable item with its state (open, waived, failing
// again because its waiver expired), the waivers themselves, the sign-off state of the report folder, and the trend
// of the last runs. The audit computes it (src/review/audit-review.ts) and saves it as `review.json` in the report
// folder; the report renders it (section "Changes since the approved baseline", waived items marked with their
// waiver, a sign-off block, a trend table) and the workbook takes `sheets` as they are.
import type { Severity } from '../vocabulary/index.ts';

export const REVIEW_DATA_VERSION = 1;

/** One change since the baseline (src/review/delta.ts's DeltaItem, with its waiver state). */
export interface ReviewDeltaItem {
  id: string;
  kind: string;
  escalation: boolean;
  user?: string;
  team?: string;
  role?: string;
  table?: string;
  privilege?: string;
  misc?: string;
  before?: string;
  after?: string;
  privileged?: string[];
  path: string[];
  text: string;
  /** Escalations only: `open` fails `--fail-on escalation`; `waived` names its waiver; `expired` fails again. */
  status?: 'open' | 'waived' | 'expired';
  waiver?: string;
}

export interface ReviewItem {
  source: 'finding' | 'policy' | 'cell' | 'delta';
  id: string;
  severity: Severity;
  text: string;
  status: 'open' | 'waived' | 'expired';
  waiver?: string;
  /** The last day of the waiver (waived or expired items). */
  expires?: string;
  notes: string[];
}

/**
 * The fields every waiver, sign-off record and trend row of review.json has, in the order the review's sheets show
 * them: the schema the report reads review.json with (src/report/review-file.ts) requires each, and the sheets
 * (src/review/audit-review.ts) list them as columns.
 */
export const WAIVER_FIELDS = [
  'id',
  'status',
  'waives',
  'justification',
  'author',
  'approver',
  'ticket',
  'expires',
  'daysLeft',
  'critical',
  'matches',
  'refused',
] as const satisfies ReadonlyArray<keyof ReviewWaiver>;
export const SIGNOFF_FIELDS = ['reviewer', 'timeUtc', 'decision', 'note', 'matches', 'problems'] as const satisfies ReadonlyArray<
  keyof ReviewSignoff['records'][number]
>;
export const TREND_FIELDS = [
  'timeUtc',
  'exitCode',
  'findings',
  'open',
  'escalations',
  'newFindings',
  'resolvedFindings',
  'manifestSha256',
] as const satisfies ReadonlyArray<keyof ReviewTrendRow>;

export interface ReviewWaiver {
  id: string;
  status: 'active' | 'expired' | 'unused';
  waives: Record<string, string>;
  justification: string;
  author: string;
  approver: string;
  ticket: string;
  expires: string;
  /** Days left from the run's day (0 on the expiry day, negative once expired). */
  daysLeft: number;
  critical: boolean;
  location?: string;
  /** Ids of the items it matches. */
  matches: string[];
  refused: Array<{ item: string; reason: string }>;
}

export interface ReviewSignoff {
  /** `unsigned` at the end of an audit; after `rolecheck signoff`, `rolecheck verify --json` gives the current state. */
  state: 'unsigned' | 'signed' | 'broken';
  manifestSha256: string;
  records: Array<{ reviewer: string; timeUtc: string; decision: 'approve' | 'reject'; note: string; matches: boolean; problems: string[] }>;
  fileProblems: string[];
}

export interface ReviewTrendRow {
  timeUtc: string;
  exitCode: number;
  findings: number;
  open: number;
  escalations: number | null;
  newFindings: string[];
  resolvedFindings: string[];
  manifestSha256: string;
}

/** A workbook sheet: plain rows, every value a string, number or boolean; `columns` gives the order. */
export interface ReviewSheet {
  name: string;
  columns: string[];
  rows: Array<Record<string, string | number | boolean>>;
}

export interface ReviewData {
  version: typeof REVIEW_DATA_VERSION;
  /** The day waivers were judged on (UTC). */
  today: string;
  baseline: { file: string; environment: string; approvedUtc?: string; approver?: string; note?: string } | null;
  delta: {
    from: { label: string; environment: string; kind: 'export' | 'baseline'; approvedUtc?: string };
    to: { label: string; environment: string; kind: 'export' | 'baseline'; approvedUtc?: string };
    counts: { total: number; escalations: number; openEscalations: number; byKind: Record<string, number> };
    items: ReviewDeltaItem[];
  } | null;
  waivers: { file: string; counts: { active: number; expired: number; unused: number; refused: number }; list: ReviewWaiver[] } | null;
  /** Every item a waiver could waive (findings, failed policies and cells, escalations), with its state. */
  items: ReviewItem[];
  counts: { items: number; open: number; waived: number; expired: number };
  signoff: ReviewSignoff;
  history: { dir: string; runs: number; trend: ReviewTrendRow[] } | null;
  sheets: ReviewSheet[];
}
