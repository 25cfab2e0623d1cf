// One audit of the bundled example (issue 13): the same counts of findings, rules and policies in every output
// (stderr, --json, the HTML, compliance.json, the CSV files, junit.xml and the workbook); the workbook's sheets hold
// the rows of compliance.json; manifest.json lists every file of the folder. The audit writes into a temporary folder.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ComplianceReport } from '../src/report/build.ts';
import { workbookSheets } from '../src/report/workbook.ts';
import { neutralise } from '../src/vocabulary/formula.mjs';
import { ROLECHECK } from './helpers/rolecheck.ts';
import { REPORT_SHEETS } from './helpers/output-files.ts';

let out = '';
let stderr = '';
let json: {
  findings: { total: number; bySeverity: Record<string, number> };
  rules: { total: number; passed: number; failed: number; notTested: number };
  policies: { total: number; failed: number };
};
let report: ComplianceReport;

beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'rolecheck-counts-')), 'report');
  const r = spawnSync(process.execPath, [ROLECHECK, 'audit', 'examples/contoso', '--out', out, '--json'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(1);
  stderr = r.stderr;
  json = JSON.parse(r.stdout);
  report = JSON.parse(readFileSync(join(out, 'compliance.json'), 'utf8')) as ComplianceReport;
}, 120_000);

const csv = (f: string) => parse(readFileSync(join(out, f), 'utf8'), { columns: true }) as Array<Record<string, string>>;

describe('one count of findings, rules and policies in every output', () => {
  it('is the same in stderr, --json, compliance.json, the HTML, the CSV files, junit.xml and the workbook', async () => {
    // The example: 14 findings, 10 policies (1 failed), 77 documented rules, none failed by the environment.
    const want = {
      findings: 14,
      critical: 3,
      high: 6,
      medium: 4,
      low: 1,
      policies: 10,
      policiesFailed: 1,
      rules: 77,
      rulesFailed: 0,
      rulesPassed: 77,
    };
    const t = report.totals;
    expect({
      findings: t.findings,
      ...t.findingsBySeverity,
      policies: t.policies.total,
      policiesFailed: t.policies.failed,
      rules: t.rules.total,
      rulesFailed: t.rules.failed,
      rulesPassed: t.rules.passed,
    }).toEqual(want);
    expect(report.findings).toHaveLength(14);

    expect(stderr).toMatch(/findings {10}14 \(3 critical, 6 high, 4 medium, 1 low\)/);
    expect(stderr).toContain('documented rules  77 rules: 77 passed, 0 failed, 0 not tested');
    expect(stderr).toMatch(/policies {10}10 scenarios: 9 passed, 1 failed/);

    expect(json.findings.total).toBe(14);
    expect(json.findings.bySeverity).toEqual({ critical: 3, high: 6, medium: 4, low: 1 });
    expect(json.rules).toEqual({ total: 77, passed: 77, failed: 0, notTested: 0 });
    expect([json.policies.total, json.policies.failed]).toEqual([10, 1]);

    const html = readFileSync(join(out, 'compliance.html'), 'utf8');
    const span = (id: string) => new RegExp(`id="${id}">(\\d+)<`).exec(html)?.[1];
    expect([
      span('count-findings'),
      span('fact-findings'),
      span('findings-count'),
      span('fact-policies'),
      span('fact-policies-failed'),
      span('fact-rules'),
      span('fact-rules-failed'),
      span('fact-rules-passed'),
    ]).toEqual(['14', '14', '14', '10', '1', '77', '0', '77']);
    expect(html.match(/<tr data-role="[^"]*" data-rule="/g)).toHaveLength(14);

    const summary = Object.fromEntries(csv('summary.csv').map((r) => [r['what'], r['count']]));
    expect([
      summary['findings'],
      summary['findings_critical'],
      summary['findings_high'],
      summary['findings_medium'],
      summary['findings_low'],
      summary['policies'],
      summary['policies_failed'],
      summary['rules'],
      summary['rules_failed'],
      summary['rules_passed'],
    ]).toEqual(['14', '3', '6', '4', '1', '10', '1', '77', '0', '77']);
    expect(csv('findings.csv')).toHaveLength(14);
    const rules = csv('rules.csv');
    expect(rules).toHaveLength(77);
    expect(rules.filter((r) => r['status'] === 'failed')).toHaveLength(0);

    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    const prop = (k: string) => new RegExp(`<property name="${k.replace(/\./g, '\\.')}" value="([^"]*)"/>`).exec(junit)?.[1];
    expect([
      prop('rolecheck.findings'),
      prop('rolecheck.findings.critical'),
      prop('rolecheck.policies'),
      prop('rolecheck.policies.failed'),
      prop('rolecheck.rules'),
      prop('rolecheck.rules.failed'),
    ]).toEqual(['14', '3', '10', '1', '77', '0']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'compliance.xlsx'));
    const sum = Object.fromEntries((wb.getWorksheet('Summary')!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2]]));
    expect([sum['findings'], sum['policies'], sum['policies_failed'], sum['rules'], sum['rules_failed']]).toEqual([14, 10, 1, 77, 0]);
    expect(wb.getWorksheet('Findings')!.rowCount).toBe(1 + 14);
  });

  it('a documented rule keeps the status of the specification: the environment breaking it is a finding citing it', () => {
    const rule = report.rules.find((r) => r.id === 'ROLE-006')!;
    expect(rule.status).toBe('passed');
    expect(rule.findings).toBe(1);
    expect(report.findings.find((f) => f.rule === 'ROLE-006')!.principal).toBe('irvin.sayers@contoso.com');
    // The audit's own checks failed (each failure is findings), never a documented rule.
    expect(report.totals.groups.audit.failed).toBeGreaterThan(0);
    expect(report.scenarios.filter((s) => s.group === 'specification' && s.status !== 'passed')).toEqual([]);
  });
});

describe('compliance.xlsx', () => {
  it('opens with exceljs; every sheet has a frozen header, a filter, and the rows of compliance.json', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'compliance.xlsx'));
    const sheets = workbookSheets(report);
    expect(wb.worksheets.map((w) => w.name)).toEqual(REPORT_SHEETS);
    for (const s of sheets) {
      const ws = wb.getWorksheet(s.name)!;
      expect(ws.views[0], s.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter, s.name).toBeTruthy();
      const rows = (ws.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1).map((v) => (v === undefined ? '' : v)));
      expect(rows[0], s.name).toEqual(s.header);
      expect(rows.slice(1), s.name).toEqual(s.rows.map((r) => r.map((v) => (typeof v === 'number' ? v : neutralise(v)))));
    }
    // The rows come from the report data: a sheet per list, whole for the example.
    expect(sheets.find((s) => s.name === 'Who can')!.rows).toHaveLength(
      report.environment!.whoCan!.reduce((n, w) => n + w.holders.length, 0),
    );
    expect(sheets.find((s) => s.name === 'Role privileges')!.rows).toHaveLength(report.environment!.roleGrants!.length);
    expect(sheets.find((s) => s.name === 'Rules')!.rows).toHaveLength(77);
    expect(sheets.find((s) => s.name === 'Matrix')!.rows).toHaveLength(report.matrix.cells.length);
  });
});

describe('manifest.json', () => {
  it('lists every file of the output folder, each with its SHA-256 and size, and nothing else', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      files: Array<{ path: string; sha256: string; bytes: number }>;
      counts: Record<string, number>;
    };
    const onDisk = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(out, join(e.parentPath, e.name)).split('\\').join('/'))
      .filter((f) => f !== 'manifest.json')
      .sort();
    expect(manifest.files.map((f) => f.path)).toEqual(onDisk);
    expect(onDisk).toEqual(
      expect.arrayContaining([
        'access/who-can.csv',
        'compliance.xlsx',
        'cucumber.html',
        'environment.json',
        'findings.json',
        'messages.ndjson',
      ]),
    );
    for (const f of manifest.files) {
      const body = readFileSync(join(out, f.path));
      expect(createHash('sha256').update(body).digest('hex'), f.path).toBe(f.sha256);
      expect(body.length, f.path).toBe(f.bytes);
    }
    expect(manifest.counts).toEqual({ findings: 14, policies: 10, policiesFailed: 1, rules: 77, rulesFailed: 0 });
  });
});
