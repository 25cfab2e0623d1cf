// The report builder on real cucumber message streams of the report fixture (test/fixtures/report/).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { buildReport, reportJson, type ComplianceReport } from '../src/report/build.ts';
import { renderOutputs } from '../src/report/render.ts';
import { CONFLICTS, RULES } from '../src/catalog/rules.ts';
import { MATRIX_ROLES, RESOURCES } from '../src/catalog/resources.ts';
import { readEnvelopes, recordRun, sharedRun } from './fixtures/report/record.ts';

let envelopes: Envelope[];
let report: ComplianceReport;
const ctx = { rolecheckVersion: '0.0.0-test', gitCommit: 'f'.repeat(40), nodeVersion: 'v20.0.0' };

beforeAll(() => {
  envelopes = readEnvelopes(sharedRun());
  report = buildReport(envelopes, ctx);
});

const cell = (r: ComplianceReport, role: string, resource: string) =>
  r.matrix.cells.find((c) => c.role === role && c.resource === resource)!;

/** Drops one scenario's test case (as if the scenario were deleted from the feature file). */
function withoutScenario(list: Envelope[], name: string): Envelope[] {
  const pickleIds = new Set(list.filter((e) => e.pickle?.name === name).map((e) => e.pickle!.id));
  expect(pickleIds.size).toBe(1);
  const tcIds = new Set(list.filter((e) => e.testCase && pickleIds.has(e.testCase.pickleId)).map((e) => e.testCase!.id));
  const startIds = new Set(
    list.filter((e) => e.testCaseStarted && tcIds.has(e.testCaseStarted.testCaseId)).map((e) => e.testCaseStarted!.id),
  );
  return list.filter(
    (e) =>
      !(e.pickle && pickleIds.has(e.pickle.id)) &&
      !(e.testCase && tcIds.has(e.testCase.id)) &&
      !(e.testCaseStarted && startIds.has(e.testCaseStarted.id)) &&
      !(e.testCaseFinished && startIds.has(e.testCaseFinished.testCaseStartedId)) &&
      !(e.testStepStarted && startIds.has(e.testStepStarted.testCaseStartedId)) &&
      !(e.testStepFinished && startIds.has(e.testStepFinished.testCaseStartedId)) &&
      !(e.attachment && startIds.has(e.attachment.testCaseStartedId ?? '')),
  );
}

describe('compliance report data', () => {
  it('has one cell per role x resource of the summary table, all pass except the documented conflict', () => {
    const predefined = report.matrix.cells.filter((c) => !c.custom);
    expect(predefined).toHaveLength(MATRIX_ROLES.length * RESOURCES.length);
    for (const c of predefined) {
      const conflict = CONFLICTS.some((x) => x.cells.some((k) => k.role === c.role && k.resource === c.resource));
      expect(c.status, `${c.role} x ${c.resource}: ${c.problems.join('; ')}`).toBe(conflict ? 'conflict' : 'pass');
    }
    const em = cell(report, 'Environment Maker', 'ai-builder');
    expect(em.status).toBe('conflict');
    expect(em.conflicts).toEqual(['CONF-001']);
    expect(em.rules).toEqual(expect.arrayContaining(['RES-011', 'AIB-003']));
    expect(cell(report, 'Environment Maker', 'cloud-flow').actual).toEqual({ decision: 'allow', condition: 'non-solution-aware' });
    expect(cell(report, 'System Customizer', 'connector').expected).toEqual({ decision: 'deny' });
  });

  it('totals reconcile', () => {
    const t = report.totals;
    expect(t.matrix.pass + t.matrix.fail + t.matrix.conflict + t.matrix['not-tested']).toBe(t.matrix.cells);
    // The documented matrix counts the predefined roles only; the audited environment's custom roles are counted apart.
    expect(t.matrix.cells).toBe(report.matrix.cells.filter((c) => !c.custom).length);
    expect(t.customMatrix.cells).toBe(report.matrix.cells.filter((c) => c.custom).length);
    expect(t.matrix.cells).toBe(t.matrix.roles * t.matrix.resources);
    expect(t.privileges.pass + t.privileges.fail + t.privileges.conflict + t.privileges['not-tested']).toBe(t.privileges.cells);
    expect(t.privileges.cells).toBe(report.privileges.rows.length * report.privileges.privileges.length);
    expect(t.rules.passed + t.rules.failed + t.rules['not-tested']).toBe(t.rules.total);
    expect(t.rules.total).toBe(RULES.length);
    const executed =
      t.scenarios.passed +
      t.scenarios.failed +
      t.scenarios.pending +
      t.scenarios.undefined +
      t.scenarios.ambiguous +
      t.scenarios.skipped +
      t.scenarios.unknown;
    expect(executed).toBe(t.scenarios.executed);
    expect(executed + t.scenarios['not-executed']).toBe(t.scenarios.defined);
    expect(t.findings).toBe(report.findings.length);
    expect(t.groups.specification.total + t.groups.audit.total + t.groups.policy.total).toBe(t.scenarios.executed);
    expect(Object.values(t.findingsBySeverity).reduce((a, b) => a + b, 0)).toBe(t.findings);
    expect(t.conflicts).toBe(report.conflicts.length);
    // every scenario referenced from a rule exists
    const ids = new Set(report.scenarios.map((s) => s.id));
    for (const r of report.rules) for (const s of r.scenarios) expect(ids.has(s.id)).toBe(true);
  });

  it('a rule without an executed scenario is not-tested, never passed', () => {
    const aib = report.rules.find((r) => r.id === 'AIB-004')!;
    expect(aib.scenarios).toHaveLength(0);
    expect(aib.status).toBe('not-tested');
    expect(report.totals.verdict).not.toBe('pass');
  });

  it('removing one scenario turns its cells not-tested', () => {
    const r = buildReport(withoutScenario(envelopes, 'System Customizer and Connector'), ctx);
    const c = cell(r, 'System Customizer', 'connector');
    expect(c.status).toBe('not-tested');
    expect(c.actual).toBeNull();
    expect(c.evidence).toHaveLength(0);
    expect(r.totals.matrix['not-tested']).toBe(report.totals.matrix['not-tested'] + 1);
  });

  it('deleting one scenario from the feature file (a real run) turns its cells not-tested', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-removed-'));
    const source = readFileSync('test/fixtures/report/features/matrix.feature', 'utf8');
    const scenario =
      '    Scenario: System Customizer and Connector\n      Then the role "System Customizer" alone may "deny" author "Connector"\n';
    expect(source).toContain(scenario);
    writeFileSync(join(dir, 'matrix.feature'), source.replace(scenario, ''));
    const r = buildReport(readEnvelopes(recordRun([], [join(dir, 'matrix.feature')], dir)), ctx);
    expect(cell(r, 'System Customizer', 'connector').status).toBe('not-tested');
    expect(r.matrix.cells.filter((c) => !c.custom && c.status === 'not-tested').map((c) => `${c.role} x ${c.resource}`)).toEqual([
      'System Customizer x connector',
    ]);
    expect(r.totals.verdict).toBe('incomplete');
  });

  it('a scenario filtered out of the run leaves its rule not-tested and is listed as not executed', () => {
    const filtered = buildReport(readEnvelopes(recordRun(['--name', 'Canvas app'])), ctx);
    expect(filtered.rules.find((r) => r.id === 'RES-001')!.status).toBe('passed');
    const res3 = filtered.rules.find((r) => r.id === 'RES-003')!;
    expect(res3.status).toBe('not-tested');
    expect(res3.notExecuted).toBeGreaterThan(0);
    expect(cell(filtered, 'Environment Admin', 'connector').status).toBe('not-tested');
    expect(filtered.totals.scenarios['not-executed']).toBeGreaterThan(0);
  });

  it('a failing scenario turns its cells fail and its rule failed', () => {
    const failing = buildReport(readEnvelopes(recordRun([], ['test/fixtures/report/features', 'test/fixtures/report/failing'])), ctx);
    const c = cell(failing, 'System Customizer', 'connector');
    expect(c.status).toBe('fail');
    expect(c.actual).toEqual({ decision: 'deny' });
    expect(c.problems.join(' ')).toMatch(/failed/);
    expect(failing.rules.find((r) => r.id === 'RES-003')!.status).toBe('failed');
    expect(failing.totals.verdict).toBe('fail');
    expect(failing.run.success).toBe(false);
    const sc = failing.scenarios.find((s) => s.status === 'failed')!;
    expect(sc.message).toMatch(/expected allow, the model says deny/);
  });

  it('a conflict cell whose check fails is fail, not conflict', () => {
    const tampered = envelopes.map((e) => {
      if (!e.attachment || !e.attachment.body.includes('"ai-builder"') || !e.attachment.body.includes('"Environment Maker"')) return e;
      const ev = JSON.parse(e.attachment.body);
      ev.actual = { decision: 'allow' };
      return { attachment: { ...e.attachment, body: JSON.stringify(ev) } };
    });
    const c = cell(buildReport(tampered, ctx), 'Environment Maker', 'ai-builder');
    expect(c.check).toBe('fail');
    expect(c.status).toBe('fail');
    expect(c.conflicts).toEqual(['CONF-001']);
  });

  it('custom roles, findings and environment inputs come from evidence when the audit handed no environment data', () => {
    const roles = report.matrix.roles.filter((r) => r.custom).map((r) => r.name);
    expect(roles).toEqual(['<img src=x onerror=alert(1)>', '=HYPERLINK("http://x")']);
    expect(cell(report, '=HYPERLINK("http://x")', 'connector').status).toBe('fail');
    expect(cell(report, '<img src=x onerror=alert(1)>', 'connector').status).toBe('not-tested');
    expect(cell(report, '<img src=x onerror=alert(1)>', 'connector').expected).toBeNull();
    expect(report.findings.map((f) => f.severity)).toEqual(['critical', 'medium']);
    // The principals come from the audit's environment data now (never from per-user evidence in the message stream).
    expect(report.environment!.users).toBeNull();
    expect(report.environment!.cuts.map((c) => c.what)).toEqual(['effective access, population and principals']);
    expect(report.run.subject).toEqual({ kind: 'environment', name: 'Contoso <b>Prod</b>' });
    expect(report.run.inputs.filter((i) => i.kind === 'environment-export').map((i) => i.path)).toEqual([
      'test/fixtures/report/export/roles.csv',
      'test/fixtures/report/export/users.csv',
    ]);
    expect(report.run.inputs.filter((i) => i.kind === 'feature').map((i) => i.path)).toEqual([
      'test/fixtures/report/features/hostile.feature',
      'test/fixtures/report/features/matrix.feature',
    ]);
    for (const i of report.run.inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  // Issue 13: a finding met in a specification scenario's own example environment is never one of the report's findings.
  it('a finding raised in a specification scenario is not a finding of the report and does not change the verdict', () => {
    const started = envelopes.filter((e) => e.testCaseStarted).at(-1)!.testCaseStarted!.id; // a matrix.feature scenario
    const testStepId = envelopes.find((e) => e.testStepFinished?.testCaseStartedId === started)!.testStepFinished!.testStepId;
    const example: Envelope = {
      attachment: {
        body: JSON.stringify({
          type: 'finding',
          id: 'F900',
          rule: 'DV-010',
          severity: 'medium',
          principal: 'old',
          message: 'disabled user',
        }),
        mediaType: 'application/vnd.rolecheck.evidence+json',
        contentEncoding: 'IDENTITY' as never,
        testCaseStartedId: started,
        testStepId,
      },
    };
    const at = envelopes.findIndex((e) => e.testCaseStarted?.id === started) + 1;
    const r = buildReport([...envelopes.slice(0, at), example, ...envelopes.slice(at)], ctx);
    expect(r.findings.find((f) => f.id === 'F900')).toBeUndefined();
    expect(r.findings.map((f) => f.id)).toEqual(report.findings.map((f) => f.id));
    expect(r.totals.findings).toBe(report.totals.findings);
    expect(r.totals.verdict).toBe(report.totals.verdict);
  });

  it('a run that did not finish (no testRunFinished) fails the verdict, with a warning', () => {
    const r = buildReport(
      envelopes.filter((e) => !e.testRunFinished),
      ctx,
    );
    expect(r.run.success).toBe(false);
    expect(r.totals.verdict).toBe('fail');
    expect(r.run.warnings.join(' ')).toMatch(/did not finish/);
  });

  it('is deterministic: the same run gives the same bytes; two runs differ only in the timestamp', async () => {
    const again = await renderOutputs(buildReport(envelopes, ctx), envelopes);
    const first = await renderOutputs(report, envelopes);
    expect([...again.keys()]).toEqual([...first.keys()]);
    for (const [k, v] of first) expect(again.get(k), k).toEqual(v);

    const other = readEnvelopes(recordRun());
    const a = reportJson(report).replace(report.run.timestampUtc, 'T');
    const r2 = buildReport(other, ctx);
    const b = reportJson(r2).replace(r2.run.timestampUtc, 'T');
    expect(b).toBe(a);
    const h1 = (await renderOutputs(report, envelopes)).get('compliance.html') as string;
    const h2 = (await renderOutputs(r2, other)).get('compliance.html') as string;
    const strip = (h: string, t: string) =>
      h
        .split(t)
        .join('T')
        .split(t.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))
        .join('T');
    expect(strip(h2, r2.run.timestampUtc)).toBe(strip(h1, report.run.timestampUtc));
    expect((await renderOutputs(r2, other)).get('compliance.csv')).toBe(first.get('compliance.csv'));
    // no absolute path anywhere in the report data
    expect(a).not.toContain(process.cwd());
  });

  it('keeps only the timestamp as a time', () => {
    expect(report.run.timestampUtc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const json = reportJson(report).replace(report.run.timestampUtc, '');
    expect(json).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});
