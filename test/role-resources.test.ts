// The custom roles' cells of the resource matrix as environment data (src/exports/role-resources.ts): computed once,
// written whole to access/role-resources.csv, held in environment.json within the limit; the audit's check fails when
// the export's rows and the model disagree; the report takes the custom rows from the environment data, and above
// the limit carries their counts only.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Envelope } from '@cucumber/messages';
import { loadExport, type LoadedExport } from '../src/exports/load.ts';
import { environmentData, LIMITS, writeDataFiles } from '../src/exports/environment-data.ts';
import { roleResourceCells, roleResourceData, roleResourcesCheck } from '../src/exports/role-resources.ts';
import type { EnvironmentData, RoleResourceCell } from '../src/evidence/environment.ts';
import type { MatrixCellEvidence } from '../src/evidence/evidence.ts';
import type { Model } from '../src/model/index.ts';
import { buildReport, reportJson, type ComplianceReport } from '../src/report/build.ts';
import { renderHtml } from '../src/report/html.ts';
import { renderCsv } from '../src/report/csv.ts';
import { workbookSheets } from '../src/report/workbook.ts';
import { EXAMPLE_CUSTOM_ROLES, exportDir, MATRIX_RESOURCES } from './helpers/exports.ts';
import { evidenceEnvelope, readEnvelopes, recordRun } from './fixtures/report/record.ts';

/** The same export read with another model answer for some cells (the model's `roleAuthors` replaced). */
function withAnswer(loaded: LoadedExport, allow: (role: string, resource: string) => boolean | undefined): LoadedExport {
  const env = Object.create(loaded.model.env) as Model['env'];
  env.roleAuthors = (role, resource, kind) => {
    const d = loaded.model.env.roleAuthors(role, resource, kind);
    const a = allow(role, resource);
    return a === undefined ? d : { ...d, allowed: a, ...(a ? {} : { condition: undefined }) };
  };
  return { ...loaded, model: { ...loaded.model, env } };
}

let loaded: LoadedExport;
let data: EnvironmentData;
beforeAll(async () => {
  loaded = await loadExport('examples/contoso');
  data = environmentData(loaded);
});

describe("the custom roles' cells of examples/contoso", () => {
  it('are every custom role x every resource, by role name then catalogue order, and the two readings agree', () => {
    const cells = roleResourceCells(loaded);
    expect(cells.map((c) => `${c.role}|${c.resource}`)).toEqual(
      EXAMPLE_CUSTOM_ROLES.flatMap((r) => MATRIX_RESOURCES.map((x) => `${r}|${x}`)),
    );
    const allowed = cells.filter((c) => c.actual.decision === 'allow').map((c) => `${c.role}|${c.resource}|${c.actual.condition ?? ''}`);
    expect(allowed).toEqual(
      ['canvas-app', 'cloud-flow', 'dataverse-tables', 'model-driven-app', 'solution-framework', 'desktop-flow', 'ai-builder'].map(
        (r) => `Maker Plus|${r}|${r === 'cloud-flow' ? 'solution-aware only' : ''}`,
      ),
    );
    expect(cells.filter((c) => JSON.stringify(c.expected) !== JSON.stringify(c.actual))).toEqual([]);
    expect(roleResourceCells(loaded)).toBe(cells); // computed once per model
  });

  it('are environment data: within the limit in full, the counts always', () => {
    expect(data.roleResources).toHaveLength(99);
    expect(data.limits.roleResourceCells).toBe(LIMITS.roleResourceCells);
    const { sha256, ...counts } = data.roleResourceCounts;
    expect(counts).toEqual({
      cells: 99,
      roles: 9,
      disagreements: 0,
      firstDisagreements: [],
      allowed: Object.fromEntries(
        MATRIX_RESOURCES.map((r) => [r, ['connector', 'connection', 'data-gateway', 'dataflow'].includes(r) ? 0 : 1]),
      ),
    });
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const above = roleResourceData(loaded, 98);
    expect(above.roleResources).toBeNull();
    expect(above.roleResourceCounts).toEqual(data.roleResourceCounts);
  });

  it('the check passes and attaches one digest', () => {
    const { evidence, problems } = roleResourcesCheck('Contoso Production', roleResourceCells(loaded), data);
    expect(problems).toEqual([]);
    expect(evidence).toEqual({ type: 'role-resources', environment: 'Contoso Production', ...data.roleResourceCounts });
  });

  it("fails when the model answers otherwise than the export's rows, naming the cells", () => {
    const wrong = withAnswer(loaded, (role, res) =>
      role === 'AP Clerk' && res === 'canvas-app' ? true : role === 'Maker Plus' && res === 'ai-builder' ? false : undefined,
    );
    const { evidence, problems } = roleResourcesCheck('Contoso Production', roleResourceCells(wrong));
    expect(problems).toEqual([
      "AP Clerk × Canvas app: the export's rows give deny, the model decided allow",
      "Maker Plus × AI Builder: the export's rows give allow, the model decided deny",
    ]);
    expect(evidence.disagreements).toBe(2);
    expect(evidence.firstDisagreements.map((d) => `${d.role}|${d.resource}`)).toEqual(['AP Clerk|canvas-app', 'Maker Plus|ai-builder']);
    expect(evidence.allowed['canvas-app']).toBe(2);
    expect(evidence.allowed['ai-builder']).toBe(0);
  });

  it("fails when the reading of the export's rows changes under the same model", () => {
    // A row the model never saw: the reading expects AP Clerk to author canvas apps, the model says no.
    const spec = {
      ...loaded.spec,
      rolePrivileges: [...(loaded.spec.rolePrivileges ?? []), { role: 'AP Clerk', privilege: 'prvCreatecanvasapp', depth: 'Global' }],
    };
    const model = { ...loaded.model }; // another model object: the cells are computed again
    const { problems } = roleResourcesCheck('Contoso Production', roleResourceCells({ spec, model }));
    expect(problems).toEqual(["AP Clerk × Canvas app: the export's rows give allow, the model decided deny"]);
  });

  it('lists the first 50 disagreements and counts the rest', () => {
    const wrong = withAnswer(loaded, () => true);
    const cells = roleResourceCells(wrong);
    const disagree = cells.filter((c) => JSON.stringify(c.expected) !== JSON.stringify(c.actual)).length;
    const { evidence, problems } = roleResourcesCheck('Contoso Production', cells);
    expect(disagree).toBeGreaterThan(50);
    expect(evidence.disagreements).toBe(disagree);
    expect(evidence.firstDisagreements).toHaveLength(50);
    expect(problems).toHaveLength(51);
    expect(problems[50]).toBe(`and ${disagree - 50} more cells that disagree (access/role-resources.csv lists every cell)`);
  });

  it('fails when the environment data the report renders miscounts the cells', () => {
    const bad: EnvironmentData = {
      ...data,
      roleResources: data.roleResources!.slice(1),
      roleResourceCounts: {
        ...data.roleResourceCounts,
        roles: 8,
        allowed: { ...data.roleResourceCounts.allowed, 'canvas-app': 0 },
        sha256: '0'.repeat(64),
      },
    };
    expect(roleResourcesCheck('Contoso Production', roleResourceCells(loaded), bad).problems).toEqual([
      `the environment data's cells (SHA-256 000000000000) are not the ones checked (${data.roleResourceCounts.sha256.slice(0, 12)})`,
      'the environment data counts 99 cells of 8 custom roles, the check 99 of 9',
      'Canvas app: the environment data counts 0 custom roles allowed, the check 1',
      'the environment data lists 98 cells, the check 99',
    ]);
  });
});

describe('access/role-resources.csv', () => {
  it('holds every cell, formula-safe, whatever the environment data holds', async () => {
    const dir = exportDir({
      'tables.csv': 'name,ownership,custom\nnew_x,user,true\n',
      'roles.csv': 'name,business_unit\n=1+2,Fabrikam\n@Maker,Fabrikam\n',
      'role-privileges.csv': 'role,privilege,depth\n=1+2,prvCreatecanvasapp,Basic\n@Maker,prvReadnew_x,Basic\n',
    });
    const hostile = await loadExport(dir);
    const d = environmentData(hostile);
    d.roleResources = null; // as above the limit: the file still holds every cell
    const out = mkdtempSync(join(tmpdir(), 'rolecheck-rr-'));
    await writeDataFiles(out, hostile.model, d);
    const text = readFileSync(join(out, 'access/role-resources.csv'), 'utf8');
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => `${r['role']}|${r['resource']}|${r['decision']}|${r['expected']}`)).toEqual([
      ...MATRIX_RESOURCES.map((r) => `'=1+2|${r}|${r === 'canvas-app' ? 'allow' : 'deny'}|${r === 'canvas-app' ? 'allow' : 'deny'}`),
      ...MATRIX_RESOURCES.map((r) => `'@Maker|${r}|deny|deny`),
    ]);
    expect(Object.keys(rows[0]!)).toEqual(['role', 'resource', 'decision', 'condition', 'rules', 'expected', 'explanation']);
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
    const file = d.files.find((f) => f.name === 'access/role-resources.csv')!;
    expect(file.rows).toBe(22);
    expect(file.bytes).toBe(Buffer.byteLength(text));
  });
});

describe("the report's custom rows", () => {
  let envelopes: Envelope[];
  let started = '';
  let step = '';
  beforeAll(() => {
    envelopes = readEnvelopes(recordRun(['--tags', '@audit']));
    started = envelopes.find((e) => e.testCaseStarted)!.testCaseStarted!.id;
    step = envelopes.find((e) => e.testStepFinished?.testCaseStartedId === started)!.testStepFinished!.testStepId;
  }, 60_000);
  /** The recorded run with `evs` attached to its (only) @audit scenario. */
  const withEvidence = (evs: unknown[]): Envelope[] => {
    const at = envelopes.findIndex((e) => e.testCaseStarted?.id === started) + 1;
    const extra = evs.map((ev) => evidenceEnvelope(ev, started, step));
    return [...envelopes.slice(0, at), ...extra, ...envelopes.slice(at)];
  };
  const digest = (d: EnvironmentData) => roleResourcesCheck(d.name, roleResourceCells(loaded), d).evidence;
  const customOf = (r: ComplianceReport, roles = EXAMPLE_CUSTOM_ROLES) => r.matrix.cells.filter((c) => c.custom && roles.includes(c.role));
  const asEvidence = (c: RoleResourceCell): MatrixCellEvidence => ({
    type: 'matrix-cell',
    custom: true,
    role: c.role,
    resource: c.resource,
    expected: c.expected,
    actual: c.actual,
    rules: c.rules,
    via: c.via,
    explanation: c.explanation,
  });

  it('are the cells of the environment data, as they were when each cell was evidence', () => {
    const fromData = buildReport(withEvidence([digest(data)]), { audit: { environment: data } });
    const fromEvidence = buildReport(withEvidence(data.roleResources!.map(asEvidence)), {
      audit: { environment: { ...data, roleResources: [] } },
    });
    expect(customOf(fromData)).toHaveLength(99);
    expect(customOf(fromData)).toEqual(customOf(fromEvidence));
    expect(customOf(fromData).every((c) => c.status === 'pass' && c.evidence.length === 1)).toBe(true);
    expect(fromData.matrix.customElsewhere).toBeNull();
    // With the fixture's own evidence of two hostile roles (3 of their 22 cells asserted, one of them failing).
    expect(fromData.totals.customMatrix).toEqual({ cells: 121, roles: 11, pass: 101, fail: 1, conflict: 0, 'not-tested': 19 });
    expect(fromData.totals.customMatrix).toEqual(fromEvidence.totals.customMatrix);
    expect(fromData.run.warnings).toEqual(fromEvidence.run.warnings);
  });

  it('a cell whose readings disagree fails alone', () => {
    const cells = data.roleResources!.map((c) =>
      c.role === 'AP Clerk' && c.resource === 'connector' ? { ...c, actual: { decision: 'allow' as const } } : c,
    );
    const d: EnvironmentData = {
      ...data,
      roleResources: cells,
      roleResourceCounts: roleResourceData({ spec: loaded.spec, model: loaded.model }, 1e9).roleResourceCounts,
    };
    const r = buildReport(withEvidence([digest(d)]), { audit: { environment: d } });
    expect(
      customOf(r)
        .filter((c) => c.status === 'fail')
        .map((c) => [c.role, c.resource, c.problems]),
    ).toEqual([['AP Clerk', 'connector', ['test/fixtures/report/features/hostile.feature:8: expected deny, the model decided allow.']]]);
  });

  it('without the scenario that checks them the cells show their decisions, not tested', () => {
    const r = buildReport(envelopes, { audit: { environment: data } });
    const cells = customOf(r);
    expect(cells).toHaveLength(99);
    expect(cells.every((c) => c.check === 'not-tested' && c.actual !== null && c.expected !== null && c.evidence.length === 0)).toBe(true);
    expect(cells.find((c) => c.role === 'Maker Plus' && c.resource === 'cloud-flow')!.actual).toEqual({
      decision: 'allow',
      condition: 'solution-aware',
    });
  });

  it('warn when the check and the environment data are of different audits, or the data is missing', () => {
    const other = { ...digest(data), sha256: 'f'.repeat(64) };
    expect(buildReport(withEvidence([other]), { audit: { environment: data } }).run.warnings).toContain(
      `test/fixtures/report/features/hostile.feature:8 checked other custom role cells (SHA-256 ffffffffffff) than the environment data holds (${data.roleResourceCounts.sha256.slice(0, 12)}): a message log and an environment.json of different audits?`,
    );
    expect(buildReport(withEvidence([digest(data)]), {}).run.warnings).toContain(
      "test/fixtures/report/features/hostile.feature:8 checked 99 custom role cells that are in the audit's environment data, which this report was built without (rolecheck report --environment).",
    );
  });

  it('above the limit: counts and the data file, no cell in compliance.json, the page or the workbook', () => {
    const cells = data.roleResources!.map((c) =>
      c.role === 'Salesperson' && c.resource === 'dataflow' ? { ...c, actual: { decision: 'allow' as const } } : c,
    );
    const counts = {
      ...roleResourceData({ spec: loaded.spec, model: loaded.model }, 0).roleResourceCounts,
      disagreements: 1,
      firstDisagreements: [
        { role: 'Salesperson', resource: 'dataflow', expected: { decision: 'deny' as const }, actual: { decision: 'allow' as const } },
      ],
    };
    const d: EnvironmentData = { ...data, roleResources: null, roleResourceCounts: counts };
    const r = buildReport(withEvidence([{ ...digest({ ...data, roleResources: cells }), sha256: counts.sha256 }]), {
      audit: { environment: d },
    });
    expect(customOf(r)).toEqual([]);
    expect(r.matrix.customElsewhere).toEqual({
      roles: 9,
      cells: 99,
      pass: 98,
      fail: 1,
      'not-tested': 0,
      allowed: counts.allowed,
      disagreements: 1,
      firstDisagreements: [{ role: 'Salesperson', resource: 'dataflow', expected: { decision: 'deny' }, actual: { decision: 'allow' } }],
      scenarios: ['test/fixtures/report/features/hostile.feature:8'],
      file: 'access/role-resources.csv',
    });
    const hostileCells = r.matrix.cells.filter((c) => c.custom).length; // the fixture evidence: 2 hostile roles
    expect(r.totals.customMatrix).toEqual({ cells: 99, roles: 9, pass: 98, fail: 1, conflict: 0, 'not-tested': 0 });
    expect(r.totals.verdict).toBe('fail');
    expect(r.environment!.cuts).toContainEqual({
      what: 'custom roles × resources (99 cells of 9 custom roles)',
      shown: 0,
      total: null,
      where: 'access/role-resources.csv',
    });
    const json = reportJson(r);
    for (const role of EXAMPLE_CUSTOM_ROLES) expect(json).not.toContain(`"role":"${role}","resource"`);
    const html = renderHtml(r);
    expect(html).toContain(
      'custom roles × resources (99 cells of 9 custom roles): not shown; every row is in <code>access/role-resources.csv</code>',
    );
    expect(html).toContain("The environment data's 99 cells of 9 custom roles are more than this page holds");
    expect(html).toContain("98 cells agree with the export's own rows, 1 does not.");
    expect(html).toContain("<li>Salesperson × Dataflow: the export's rows give deny, the model decided allow</li>");
    expect(html.match(/id="custom-matrix"/g)).toHaveLength(1);
    const matrixSheet = workbookSheets(r).find((s) => s.name === 'Matrix')!;
    expect(matrixSheet.rows).toHaveLength(r.matrix.cells.length + 1);
    expect(matrixSheet.rows.at(-1)).toEqual([
      'The 99 cells of the 9 custom roles are not in this workbook: the environment is larger than the report holds; every row is in access/role-resources.csv.',
    ]);
    expect(renderCsv(r).split('\r\n').filter(Boolean)).toHaveLength(1 + r.matrix.cells.length);
    expect(hostileCells).toBe(22);
  });
});
