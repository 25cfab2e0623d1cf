// The CSV files of the report, one per sheet of the workbook that does not come from the audit's data files:
//   compliance.csv  the roles x resources matrix, one row a cell (documented and custom roles)
//   findings.csv    the environment's findings, one row each
//   rules.csv       every catalogued rule with its status, scenarios and the findings citing it
//   summary.csv     the counts, as `what,count`: the same numbers as every other output
//   review.csv      with an access review only: every waivable item with its state (open, waived, expired)
// Every value passes the project's one formula rule (src/vocabulary/formula.mjs); CRLF line ends.
import { stringify } from 'csv-stringify/sync';
import { neutralise } from '../vocabulary/formula.mjs';
import { fmtVerdict, type ComplianceReport } from './schema.ts';

export { neutralise };

const csv = (header: string[], rows: Array<Array<string | number>>): string =>
  stringify([header, ...rows.map((r) => r.map((v) => neutralise(String(v))))], { escape_formulas: true, record_delimiter: '\r\n' });

export function renderCsv(report: ComplianceReport): string {
  return csv(
    [
      'role',
      'custom_role',
      'resource',
      'resource_name',
      'expected',
      'actual',
      'status',
      'rules',
      'conflicts',
      'scenarios',
      'explanation',
      'problems',
    ],
    report.matrix.cells.map((c) => [
      c.role,
      c.custom ? 'yes' : 'no',
      c.resource,
      c.resourceName,
      c.expected ? fmtVerdict(c.expected) : '',
      c.actual ? fmtVerdict(c.actual) : '',
      c.status,
      c.rules.join(' '),
      c.conflicts.join(' '),
      [...new Set(c.evidence.map((e) => `${e.scenario} ${e.name}`))].join(' | '),
      c.evidence.find((e) => e.explanation)?.explanation ?? '',
      c.problems.join(' | '),
    ]),
  );
}

export function renderFindingsCsv(report: ComplianceReport): string {
  return csv(
    ['id', 'severity', 'rule', 'kind', 'principal', 'role', 'message', 'location'],
    report.findings.map((f) => [f.id, f.severity, f.rule, f.kind ?? '', f.principal ?? '', f.role ?? '', f.message, f.location ?? '']),
  );
}

export function renderRulesCsv(report: ComplianceReport): string {
  return csv(
    ['id', 'severity', 'topic', 'status', 'scenarios', 'not_executed', 'findings', 'conflicts', 'drift', 'statement', 'source'],
    report.rules.map((r) => [
      r.id,
      r.severity,
      r.topic,
      r.status,
      r.scenarios.length,
      r.notExecuted,
      r.findings,
      r.conflicts.join(' '),
      r.drift.join(' '),
      r.statement,
      r.source.url,
    ]),
  );
}

/** The counts every output shares, as rows `what, count` (the workbook's Summary sheet holds the same). */
export function summaryRows(report: ComplianceReport): Array<[string, string | number]> {
  const t = report.totals;
  return [
    ['verdict', t.verdict],
    ['subject', report.run.subject.name],
    ['timestamp_utc', report.run.timestampUtc],
    ['findings', t.findings],
    ...Object.entries(t.findingsBySeverity).map(([k, v]): [string, number] => [`findings_${k}`, v]),
    ['policies', t.policies.total],
    ['policies_passed', t.policies.passed],
    ['policies_failed', t.policies.failed],
    ['rules', t.rules.total],
    ['rules_passed', t.rules.passed],
    ['rules_failed', t.rules.failed],
    ['rules_not_tested', t.rules['not-tested']],
    ['matrix_cells', t.matrix.cells],
    ['matrix_verified', t.matrix.pass + t.matrix.conflict],
    ['matrix_failed', t.matrix.fail],
    ['documentation_conflicts', t.conflicts],
    ['documentation_drift', t.drift],
    ['model_limitations', t.limitations],
    ['inputs_sha256', report.run.inputsSha256],
    ...reviewSummaryRows(report),
  ];
}

/** The review's own counts (after the report's, which waivers never change); none without a review. */
function reviewSummaryRows(report: ComplianceReport): Array<[string, number]> {
  const r = report.review;
  if (!r) return [];
  return [
    ...(r.delta
      ? ([
          ['review_changes', r.delta.counts.total],
          ['review_escalations', r.delta.counts.escalations],
          ['review_escalations_not_waived', r.delta.counts.openEscalations],
        ] as Array<[string, number]>)
      : []),
    ['review_items', r.counts.items],
    ['review_items_open', r.counts.open],
    ['review_items_waived', r.counts.waived],
    ['review_items_expired', r.counts.expired],
  ];
}

export const REVIEW_CSV_COLUMNS = ['source', 'id', 'severity', 'status', 'waiver', 'expires', 'text', 'notes'];

/** review.csv: every item a waiver could waive (findings, failed policies and cells, escalations) with its state. */
export function renderReviewCsv(report: ComplianceReport): string | null {
  const r = report.review;
  if (!r) return null;
  return csv(
    REVIEW_CSV_COLUMNS,
    r.items.map((i) => [i.source, i.id, i.severity, i.status, i.waiver ?? '', i.expires ?? '', i.text, i.notes.join(' | ')]),
  );
}

export function renderSummaryCsv(report: ComplianceReport): string {
  return csv(['what', 'count'], summaryRows(report));
}
