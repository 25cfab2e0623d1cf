// Section: the environment's findings and the organisation's policies. The findings are the audit's own (computed once
// by `rolecheck audit` from the export and handed to the report with the environment data), so that stderr, --json,
// the HTML, the JSON, the CSV, JUnit and the workbook all count the same list, whatever --tags ran. A run without
// them (cucumber-js run by hand with ROLECHECK_EXPORT) takes the findings its audit checks attached. Findings met in
// a specification scenario's own example environment are part of that scenario, never of the report's findings.
// A policy's violations stay with the policy: a failed policy is counted as a failed policy, not as findings.
import type { FindingEvidence } from '../evidence/evidence.ts';
import { severityOfTags } from '../vocabulary/index.ts';
import type { RunScenario } from './runs.ts';
import { cmp, dedupeBy, type PolicyRecord, type ReportFinding } from './schema.ts';

/** A finding as the audit computed it (src/exports/findings.ts), or as evidence carries it. */
export type FindingInput = ReportFinding;

const clean = (f: FindingInput): ReportFinding => ({
  id: String(f.id),
  rule: String(f.rule),
  severity: String(f.severity).toLowerCase(),
  ...(f.kind ? { kind: String(f.kind) } : {}),
  ...(f.principal ? { principal: String(f.principal) } : {}),
  ...(f.role ? { role: String(f.role) } : {}),
  message: String(f.message),
  ...(f.location ? { location: String(f.location) } : {}),
});

/** The findings of the audited environment, in the audit's order (by id: F001, F002, … follow the export's rows). */
export function buildFindings(audited: readonly FindingInput[] | undefined, scenarios: readonly RunScenario[]): ReportFinding[] {
  const list = audited
    ? audited.map(clean)
    : scenarios
        .filter((s) => s.group === 'audit')
        .flatMap((s) => s.evidence.filter((e): e is FindingEvidence => e.type === 'finding').map(clean));
  return dedupeBy(list, (f) => f.id).sort((a, b) => cmp(a.id, b.id) || cmp(a.rule, b.rule));
}

export function buildPolicies(scenarios: readonly RunScenario[]): PolicyRecord[] {
  return scenarios
    .filter((s) => s.group === 'policy')
    .map((s) => ({
      id: s.key,
      uri: s.uri,
      line: s.line,
      name: s.name,
      rules: s.rules,
      severity: severityOfTags(s.tags) ?? null,
      status: s.status,
      ...(s.message ? { message: s.message } : {}),
      violations: dedupeBy(
        s.evidence
          .filter((e): e is FindingEvidence => e.type === 'finding')
          .map((e) => ({
            id: String(e.id),
            rule: String(e.rule),
            severity: String(e.severity),
            ...(e.principal ? { principal: String(e.principal) } : {}),
            ...(e.role ? { role: String(e.role) } : {}),
            message: String(e.message),
          })),
        (v) => JSON.stringify(v),
      ).sort((a, b) => cmp(a.principal ?? '', b.principal ?? '') || cmp(a.message, b.message)),
    }));
}
