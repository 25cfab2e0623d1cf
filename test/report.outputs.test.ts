// Outputs beside the report: CSV safe against formula injection, atomic writes of the whole set, the manifest,
// the merge of shards, the templates' escaping rules and the size of a large audit.
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Envelope } from '@cucumber/messages';
import { buildReport, type ComplianceReport } from '../src/report/build.ts';
import { neutralise, renderCsv, renderHtml, renderOutputs, OUTPUT_FILES, TEMPLATE_DIR } from '../src/report/render.ts';
import { realFs, writeSetAtomically, type WriteFs } from '../src/report/write.ts';
import { rebuild } from '../src/report/rebuild.ts';
import { evidenceEnvelope, readEnvelopes, recordRun, sharedRun } from './fixtures/report/record.ts';
import { largeEnvironment } from './fixtures/report/environment.ts';
import { MATRIX_RESOURCES } from './helpers/exports.ts';

let envelopes: Envelope[];
let report: ComplianceReport;
beforeAll(() => {
  envelopes = readEnvelopes(sharedRun());
  report = buildReport(envelopes, {});
});

describe('compliance.csv', () => {
  it('has one row per matrix cell and neutralises formulas', () => {
    const rows = parse(renderCsv(report), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(report.matrix.cells.length);
    const hyper = rows.filter((r) => r['role']!.includes('HYPERLINK'));
    expect(hyper.length).toBe(11);
    for (const r of hyper) expect(r['role']).toBe(`'=HYPERLINK("http://x")`);
    expect(rows.find((r) => r['explanation']!.includes('prvCreateConnector'))!['explanation']).toBe(
      `'=HYPERLINK("http://x") holds prvCreateConnector.`,
    );
    for (const r of rows) for (const v of Object.values(r)) expect(v, v).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows.find((r) => r['role'] === '<img src=x onerror=alert(1)>')).toBeDefined();
  });
  it('neutralises every dangerous first character', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '＝1']) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ['allow', 'a=b', ' 1', '']) expect(neutralise(s)).toBe(s);
  });
});

describe('atomic writing of the output set', () => {
  it('writes every output, and the manifest holds the SHA-256 of each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-out-'));
    const files = await renderOutputs(report, envelopes);
    writeSetAtomically(dir, files);
    expect(readdirSync(dir).sort()).toEqual([...OUTPUT_FILES].sort());
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      files: Array<{ path: string; sha256: string; bytes: number }>;
    };
    expect(manifest.files.map((f) => f.path).sort()).toEqual(OUTPUT_FILES.filter((f) => f !== 'manifest.json').sort());
    for (const f of manifest.files) {
      const body = readFileSync(join(dir, f.path));
      expect(createHash('sha256').update(body).digest('hex'), f.path).toBe(f.sha256);
      expect(body.length).toBe(f.bytes);
    }
  });

  it('a failure while writing or renaming leaves the previous set intact, with no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-atomic-'));
    writeSetAtomically(
      dir,
      new Map([
        ['a.txt', 'old a'],
        ['b.txt', 'old b'],
        ['c.txt', 'old c'],
      ]),
    );
    const snapshot = () =>
      Object.fromEntries(
        readdirSync(dir)
          .sort()
          .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
      );
    const before = snapshot();
    const next = new Map([
      ['a.txt', 'new a'],
      ['b.txt', 'new b'],
      ['c.txt', 'new c'],
      ['d.txt', 'new d'],
    ]);
    for (const failAt of ['write:2', 'write:4', 'rename:1', 'rename:3', 'rename:4']) {
      let writes = 0;
      let renames = 0;
      const fs: WriteFs = {
        ...realFs,
        writeFileSync: (p, d) => {
          if (failAt === `write:${++writes}`) {
            writeFileSync(p, String(d).slice(0, 2));
            throw new Error('disk full');
          }
          realFs.writeFileSync(p, d);
        },
        renameSync: (a, b) => {
          if (a.endsWith('.tmp') && failAt === `rename:${++renames}`) throw new Error('EIO');
          realFs.renameSync(a, b);
        },
      };
      expect(() => writeSetAtomically(dir, next, fs), failAt).toThrow();
      expect(snapshot(), failAt).toEqual(before);
    }
    writeSetAtomically(dir, next);
    expect(snapshot()).toEqual(Object.fromEntries([...next].sort()));
  });

  it('the formatter output folder is replaced as a set by rolecheck report --from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-rebuild-'));
    const log = join(dir, 'in.ndjson');
    writeFileSync(log, envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const g = await rebuild([log], join(dir, 'out'), process.cwd());
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([...OUTPUT_FILES].sort());
    expect(readFileSync(join(dir, 'out', 'messages.ndjson'), 'utf8')).toBe(readFileSync(log, 'utf8'));
    expect(g.report.run.inputs.filter((i) => i.kind === 'message-log')).toHaveLength(1);
  });
});

describe('merging shards', () => {
  it('two shards merged give the same report as one run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-shards-'));
    const a = recordRun(['--shard', '1/2'], undefined, dir);
    const b = recordRun(['--shard', '2/2'], undefined, dir);
    const single = buildReport(envelopes, {});
    const merged = (await rebuild([a, b], join(dir, 'out'), process.cwd())).report;
    const shardA = buildReport(readEnvelopes(a), {});
    expect(shardA.totals.scenarios.executed).toBeLessThan(single.totals.scenarios.executed);
    expect(merged.run.runs).toBe(2);
    for (const k of ['matrix', 'privileges', 'rules', 'conflicts', 'scenarios', 'findings', 'policies', 'environment', 'totals'] as const) {
      expect(merged[k], k).toEqual(single[k]);
    }
    expect(merged.run.inputs.filter((i) => i.kind !== 'message-log')).toEqual(single.run.inputs);
    expect(merged.run.inputsSha256).toBe(single.run.inputsSha256);
    const junit = readFileSync(join(dir, 'out', 'junit.xml'), 'utf8');
    // One suite, as one unsharded run writes it (shard-merge.test.ts compares the two byte for byte, times aside).
    expect(junit.match(/<testsuite /g)).toHaveLength(1);
    expect(junit).not.toContain('<testsuites');
    expect((junit.match(/<testcase /g) ?? []).length).toBe(single.totals.scenarios.executed);
  });
});

describe('compliance.html', () => {
  it('templates never use triple-stash, and every input string is escaped', () => {
    const files = [
      join(TEMPLATE_DIR, 'report.hbs'),
      ...readdirSync(join(TEMPLATE_DIR, 'partials')).map((f) => join(TEMPLATE_DIR, 'partials', f)),
    ];
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\{\{\{|\{\{&/);
    const html = renderHtml(report);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>Prod');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('has a CSP that forbids every network request and allows only its own inline script by hash', () => {
    const html = renderHtml(report);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/
      .exec(html)![1]!
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=');
    expect(csp).toMatch(/default-src 'none'/);
    const js = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(js).digest('base64')}'`);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\/(?!learn\.microsoft\.com)/);
    expect(html).not.toMatch(/<(img|link|iframe|object|embed)\b/i);
  });

  it('a large audit stays under 10 MB: every list cut says where the whole list is', () => {
    // 1,500 custom roles x 11 resources, 20,000 findings, and the environment data at the audit's limits
    // (5,000 users, 20,000 role grant rows, 50,000 holders)
    const big: Envelope[] = envelopes.filter((e) => !e.testRunFinished);
    const started = envelopes.find((e) => e.testCaseStarted)!.testCaseStarted!.id; // the @audit scenario
    // an attachment belongs to a step of the test case (as cucumber writes it)
    const step = envelopes.find((e) => e.testStepFinished?.testCaseStartedId === started)!.testStepFinished!.testStepId;
    const attach = (ev: unknown): Envelope => evidenceEnvelope(ev, started, step);
    const resources = MATRIX_RESOURCES;
    const extra: Envelope[] = [];
    for (let i = 0; i < 1500; i++)
      for (const r of resources)
        extra.push(
          attach({
            type: 'matrix-cell',
            role: `Custom role ${i}`,
            resource: r,
            custom: true,
            expected: { decision: 'deny' },
            actual: { decision: i % 7 ? 'deny' : 'allow' },
            rules: ['DV-013'],
            via: [],
            explanation: `Role ${i} holds no privilege for ${r}.`,
          }),
        );
    const findings = Array.from({ length: 20000 }, (_, i) => ({
      id: `F${String(i).padStart(5, '0')}`,
      rule: 'ROLE-006',
      severity: 'high',
      principal: `user${i}@contoso.com`,
      message: 'A service role is assigned to a user.',
      location: `role-assignments.csv:${i + 2}`,
    }));
    // attachments must precede the test case's end: insert them right after its testCaseStarted
    const at = big.findIndex((e) => e.testCaseStarted?.id === started) + 1;
    const all = [...big.slice(0, at), ...extra, ...big.slice(at), ...envelopes.filter((e) => e.testRunFinished)];
    const r = buildReport(all, { audit: { environment: largeEnvironment({ users: 5000, roles: 400, tables: 150 }), findings } });
    expect(r.matrix.cells.length).toBeGreaterThan(16000);
    expect(r.findings).toHaveLength(20000);
    const html = renderHtml(r);
    expect(Buffer.byteLength(html)).toBeLessThan(10 * 1024 * 1024);
    const cuts = [...html.matchAll(/<li>([^<]+): (\d+) of (\d+) shown; every row is in <code>([^<]+)<\/code><\/li>/g)].map(
      (m) => `${m[1]}: ${m[2]}/${m[3]} in ${m[4]}`,
    );
    expect(cuts.sort()).toEqual(
      [
        'findings: 500/20000 in compliance.json, findings.csv and the workbook (Findings)',
        'custom roles × resources: 60/1502 in compliance.json and compliance.csv',
        'role privileges: 2000/20000 in access/roles.csv and the workbook (Role privileges)',
        'user access (users × tables): 2000/25000 in access/user-access.csv and the workbook (User access)',
      ].sort(),
    );
  });

  it("beyond the audit's limits the page shows aggregates and names the data files", () => {
    const r = buildReport(envelopes, {
      audit: { environment: largeEnvironment({ users: 100_000, roles: 2000, tables: 800, beyond: true }), findings: [] },
    });
    const html = renderHtml(r);
    expect(Buffer.byteLength(html)).toBeLessThan(10 * 1024 * 1024);
    expect(html).toContain('users and their roles (100000 users): not shown; every row is in <code>access/users.csv</code>');
    expect(html).toContain('who can (every holder of each table privilege): not shown; every row is in <code>access/who-can.csv</code>');
    expect(html).toContain('role privileges (roles x tables of interest): not shown; every row is in <code>access/roles.csv</code>');
    expect(html.match(/<tr data-table="/g)).toHaveLength(800);
  });
});

it('no temporary file is left in an output folder after a successful write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rc-clean-'));
  writeSetAtomically(dir, await renderOutputs(report, envelopes));
  writeSetAtomically(dir, await renderOutputs(report, envelopes));
  expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  expect(existsSync(join(dir, 'compliance.html'))).toBe(true);
});
