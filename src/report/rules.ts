// Section: rule traceability. Every catalogued rule with its source, its conflicts and drift, the scenarios of the
// specification that test it and the status they give it. Only the specification's scenarios decide a rule's status:
// the audit's checks and the organisation's policies test the environment, and what they find are findings that cite
// the rule (counted here in `findings`), never a failure of the documented rule.
import { CONFLICTS, DOCUMENTS, RULES, type Rule } from '../catalog/rules.ts';
import { driftOf } from '../catalog/drift.ts';
import type { RunScenario } from './runs.ts';
import { cmp, isFailure, type ReportFinding, type RuleRecord, type RuleStatus, type ScenarioRef } from './schema.ts';

const refOf = (s: RunScenario): ScenarioRef => ({ id: s.key, name: s.name, status: s.status });

export function buildRules(scenarios: readonly RunScenario[], findings: readonly ReportFinding[], warnings: string[]): RuleRecord[] {
  const byRule = new Map<string, RunScenario[]>();
  for (const s of scenarios) {
    if (s.group !== 'specification') continue;
    for (const id of s.rules) {
      const l = byRule.get(id) ?? [];
      l.push(s);
      byRule.set(id, l);
    }
  }
  const catalogued = new Set(RULES.map((r) => r.id));
  for (const id of byRule.keys()) if (!catalogued.has(id)) warnings.push(`Scenarios are tagged @${id}, which is not a catalogued rule.`);
  const findingsOf = new Map<string, number>();
  for (const f of findings) findingsOf.set(f.rule, (findingsOf.get(f.rule) ?? 0) + 1);
  return RULES.map((r: Rule): RuleRecord => {
    const all = byRule.get(r.id) ?? [];
    const ran = all.filter((s) => s.executed && s.status !== 'skipped');
    const status: RuleStatus = ran.some((s) => isFailure(s.status) || s.status === 'unknown')
      ? 'failed'
      : ran.length > 0
        ? 'passed'
        : 'not-tested';
    const doc = DOCUMENTS[r.source.document];
    return {
      id: r.id,
      statement: r.statement,
      severity: r.severity,
      topic: r.topic,
      source: {
        document: r.source.document,
        documentTitle: doc.title,
        section: r.source.section,
        lines: [r.source.lines[0], r.source.lines[1]],
        url: r.source.url,
        file: doc.file,
      },
      status,
      scenarios: all.filter((s) => s.executed).map(refOf),
      notExecuted: all.filter((s) => !s.executed).length,
      conflicts: CONFLICTS.filter((c) => c.sides.some((s) => s.rule === r.id))
        .map((c) => c.id)
        .sort(cmp),
      drift: driftOf(r.id)
        .map((d) => d.id)
        .sort(cmp),
      findings: findingsOf.get(r.id) ?? 0,
    };
  }).sort((a, b) => cmp(a.id, b.id));
}
