// Section: the totals and the verdict. One count of findings, rules and policies: every output (stderr, --json, the
// HTML, compliance.json, the CSV files, junit.xml and the workbook) prints these numbers and no other.
import { CONFLICTS } from '../catalog/rules.ts';
import type { Run, RunScenario } from './runs.ts';
import {
  countBy,
  severityRank,
  type CellStatus,
  type ComplianceReport,
  type ReportFinding,
  type RuleStatus,
  type ScenarioGroup,
  type ScenarioStatus,
  type Totals,
} from './schema.ts';

const CELL: CellStatus[] = ['pass', 'fail', 'conflict', 'not-tested'];
const SC: ScenarioStatus[] = ['passed', 'failed', 'pending', 'undefined', 'ambiguous', 'skipped', 'unknown', 'not-executed'];
const FAILED: ReadonlySet<ScenarioStatus> = new Set(['failed', 'ambiguous', 'undefined']);

function groupCounts(scenarios: readonly RunScenario[], g: ScenarioGroup): Totals['policies'] {
  const out = { total: 0, passed: 0, failed: 0, other: 0 };
  for (const s of scenarios) {
    if (s.group !== g || !s.executed) continue;
    out.total++;
    if (s.status === 'passed') out.passed++;
    else if (FAILED.has(s.status)) out.failed++;
    else out.other++;
  }
  return out;
}

export function buildTotals(
  r: Pick<ComplianceReport, 'matrix' | 'privileges' | 'rules' | 'scenarios' | 'drift' | 'limitations'>,
  scenarios: readonly RunScenario[],
  findings: readonly ReportFinding[],
  runs: readonly Run[],
): Totals {
  const documented = r.matrix.cells.filter((c) => !c.custom);
  const custom = r.matrix.cells.filter((c) => c.custom);
  const matrix = countBy(documented, CELL);
  const elsewhere = r.matrix.customElsewhere;
  const customMatrix = elsewhere
    ? { pass: elsewhere.pass, fail: elsewhere.fail, conflict: 0, 'not-tested': elsewhere['not-tested'] }
    : countBy(custom, CELL);
  const privileges = countBy(r.privileges.cells, CELL);
  const rules = countBy(r.rules, ['passed', 'failed', 'not-tested'] as RuleStatus[]);
  // In severity order (critical first), the order every output prints them in.
  const bySeverity: Record<string, number> = {};
  for (const f of [...findings].sort(
    (a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.severity < b.severity ? -1 : a.severity > b.severity ? 1 : 0),
  ))
    bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const groups = {
    specification: groupCounts(scenarios, 'specification'),
    audit: groupCounts(scenarios, 'audit'),
    policy: groupCounts(scenarios, 'policy'),
  };
  const anyRunFailed = runs.length === 0 || runs.some((x) => x.success !== true);
  const failed = findings.length + groups.policy.failed + rules.failed + matrix.fail + customMatrix.fail + privileges.fail;
  const verdict: Totals['verdict'] =
    failed > 0 || anyRunFailed ? 'fail' : matrix['not-tested'] + rules['not-tested'] > 0 ? 'incomplete' : 'pass';
  return {
    matrix: {
      cells: documented.length,
      roles: r.matrix.roles.filter((x) => !x.custom).length,
      resources: r.matrix.resources.length,
      ...matrix,
    },
    customMatrix: {
      cells: elsewhere?.cells ?? custom.length,
      roles: elsewhere?.roles ?? r.matrix.roles.filter((x) => x.custom).length,
      ...customMatrix,
    },
    privileges: { cells: r.privileges.cells.length, ...privileges },
    rules: { total: r.rules.length, ...rules },
    scenarios: {
      defined: r.scenarios.length,
      executed: r.scenarios.filter((s) => s.status !== 'not-executed').length,
      ...countBy(r.scenarios, SC),
    },
    groups,
    conflicts: CONFLICTS.length,
    drift: r.drift.length,
    limitations: r.limitations.length,
    findings: findings.length,
    findingsBySeverity: bySeverity,
    policies: groups.policy,
    verdict,
  };
}
