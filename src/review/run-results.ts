// What the review reads of the run's report, in one place: the report's shape is being redesigned, and only this
// mapping follows it.
import type { ComplianceReport } from '../report/build.ts';
import type { RunResults } from './audit-review.ts';

export function runResultsOf(report: ComplianceReport): RunResults {
  return {
    scenarios: report.scenarios.map((s) => ({ id: s.id, uri: s.uri, name: s.name, status: s.status, tags: s.tags })),
    findings: report.findings.map((f) => ({ id: f.id, rule: f.rule, severity: f.severity, ...(f.principal ? { principal: f.principal } : {}), ...(f.role ? { role: f.role } : {}), message: f.message, scenario: f.scenario })),
    cells: report.matrix.cells.map((c) => ({ id: c.id, role: c.role, resource: c.resource, status: c.status, rules: c.rules })),
  };
}
