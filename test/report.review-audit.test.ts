// One audit of the bundled example with an access review (issue 14): a baseline approved from a copy of the example
// without two of its grants (megan.bowen's System Administrator, lee.gu's AP Team membership), and a waiver file
// (an escalation, a finding, a policy violation, an expired one). The report's counts of findings, policies and rules
// are those of the audit without a review; the review's own counts (changes, escalations, waived, failing again) are
// the same in stderr, --json, review.json, compliance.json, the HTML, summary.csv, review.csv and the workbook.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ComplianceReport } from '../src/report/build.ts';
import type { ReviewData } from '../src/evidence/review.ts';
import { reportReview } from '../src/report/review.ts';
import { mergeLogs } from '../src/report/rebuild.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';
import { REPORT_SHEETS, REVIEW_SHEETS } from './helpers/output-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'rolecheck-review-report-'));
const out = join(dir, 'report');
let stderr = '';
let json: {
  findings: { total: number };
  policies: { total: number; failed: number };
  rules: { total: number; passed: number; failed: number };
  review: { open: { escalations: number }; changes: number; escalations: number; waived: number; expired: number };
};
let report: ComplianceReport;
let data: ReviewData;

const rolecheck = (...args: string[]) => spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8', timeout: 120_000 });

beforeAll(() => {
  const approved = join(dir, 'approved');
  cpSync('examples/contoso', approved, { recursive: true });
  const drop = (file: string, row: string) => {
    const p = join(approved, file);
    const t = readFileSync(p, 'utf8');
    expect(t).toContain(`${row}\n`);
    writeFileSync(p, t.replace(`${row}\n`, ''));
  };
  drop('role-assignments.csv', 'megan.bowen@contoso.com,user,System Administrator');
  drop('team-members.csv', 'AP Team,lee.gu@contoso.com');
  const b = rolecheck('baseline', 'approve', approved, '--out', join(dir, 'baseline.json'), '--approver', 'Adele Vance', '--note', 'Q3');
  expect(b.status, b.stderr).toBe(0);
  writeFileSync(
    join(dir, 'waivers.yaml'),
    `version: 1
waivers:
  - id: W-001
    waives: { user: lee.gu@contoso.com }
    justification: Lee covers accounts payable during the year-end close.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: CHG-2002
    expires: 2099-01-31
  - id: W-002
    waives: { item: F004 }
    justification: Debra's account is kept for the audit trail until March.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: RISK-17
    expires: 2099-03-31
  - id: W-003
    waives: { item: "POL-001:megan.bowen@contoso.com" }
    critical: true
    justification: Megan moves to IT next month; the move is approved.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: HR-3
    expires: 2099-02-28
  - id: W-004
    waives: { item: F009 }
    justification: Ben's account was kept for the handover.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: RISK-9
    expires: 2020-01-31
`,
  );
  const r = rolecheck(
    'audit',
    'examples/contoso',
    '--out',
    out,
    '--json',
    '--baseline',
    join(dir, 'baseline.json'),
    '--waivers',
    join(dir, 'waivers.yaml'),
    '--history',
    join(dir, 'history'),
  );
  expect(r.status, r.stderr).toBe(1);
  stderr = r.stderr;
  json = JSON.parse(r.stdout);
  report = JSON.parse(readFileSync(join(out, 'compliance.json'), 'utf8')) as ComplianceReport;
  data = JSON.parse(readFileSync(join(out, 'review.json'), 'utf8')) as ReviewData;
}, 180_000);

const csv = (f: string) => parse(readFileSync(join(out, f), 'utf8'), { columns: true }) as Array<Record<string, string>>;
const html = () => readFileSync(join(out, 'compliance.html'), 'utf8');

describe('an audit with --baseline and --waivers', () => {
  it("keeps the report's counts of findings, policies and rules: waivers do not change them", async () => {
    const t = report.totals;
    expect([t.findings, t.policies.total, t.policies.failed, t.rules.total, t.rules.passed, t.rules.failed, t.verdict]).toEqual([
      14,
      10,
      1,
      77,
      77,
      0,
      'fail',
    ]);
    expect([json.findings.total, json.policies.total, json.policies.failed, json.rules.total, json.rules.failed]).toEqual([
      14, 10, 1, 77, 0,
    ]);
    expect(stderr).toMatch(/findings {10}14 \(3 critical, 6 high, 4 medium, 1 low\)/);
    const page = html();
    const span = (id: string) => new RegExp(`id="${id}">(\\d+)<`).exec(page)?.[1];
    expect(
      ['count-findings', 'findings-count', 'fact-policies', 'fact-policies-failed', 'fact-rules', 'fact-rules-failed'].map(span),
    ).toEqual(['14', '14', '10', '1', '77', '0']);
    const summary = Object.fromEntries(csv('summary.csv').map((r) => [r['what'], r['count']]));
    expect([summary['findings'], summary['policies'], summary['policies_failed'], summary['rules'], summary['rules_failed']]).toEqual([
      '14',
      '10',
      '1',
      '77',
      '0',
    ]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      counts: Record<string, number>;
      files: Array<{ path: string; sha256: string }>;
    };
    expect(manifest.counts).toEqual({ findings: 14, policies: 10, policiesFailed: 1, rules: 77, rulesFailed: 0 });
    // review.json and review.csv are files of the folder, each with its SHA-256.
    for (const f of ['review.json', 'review.csv'])
      expect(manifest.files.find((x) => x.path === f)?.sha256, f).toBe(
        createHash('sha256')
          .update(readFileSync(join(out, f)))
          .digest('hex'),
      );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'compliance.xlsx'));
    const sum = Object.fromEntries((wb.getWorksheet('Summary')!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2]]));
    expect([sum['findings'], sum['policies'], sum['policies_failed'], sum['rules'], sum['rules_failed']]).toEqual([14, 10, 1, 77, 0]);
    expect(wb.getWorksheet('Findings')!.rowCount).toBe(1 + 14);
  });

  it("gives the review's own counts the same in stderr, --json, review.json, compliance.json, the HTML, the CSV files and the workbook", async () => {
    const c = {
      changes: data.delta!.counts.total,
      escalations: data.delta!.counts.escalations,
      notWaived: data.delta!.counts.openEscalations,
      items: data.counts.items,
      open: data.counts.open,
      waived: data.counts.waived,
      expired: data.counts.expired,
    };
    // megan.bowen's System Administrator (and what it reaches) and lee.gu's AP Team membership; lee's are waived.
    expect([c.changes, c.escalations, c.waived, c.expired]).toEqual([116, 115, 4, 1]);
    expect(c.notWaived).toBe(data.delta!.items.filter((i) => i.escalation && i.status !== 'waived').length);
    expect(c.notWaived).toBeLessThan(c.escalations);
    expect(c.open + c.waived + c.expired).toBe(c.items);

    expect(stderr).toContain(`: ${c.changes} changes, ${c.escalations} escalations (${c.notWaived} not waived)`);
    expect(stderr).toContain(`${c.waived} items waived, ${c.expired} failing again`);
    expect([json.review.changes, json.review.escalations, json.review.open.escalations, json.review.waived, json.review.expired]).toEqual([
      c.changes,
      c.escalations,
      c.notWaived,
      c.waived,
      c.expired,
    ]);

    expect(report.review).toEqual(reportReview(data, process.cwd()));

    const page = html();
    const count = (id: string) => Number(new RegExp(`id="review-count-${id}">(\\d+)<`).exec(page)?.[1]);
    expect(['changes', 'escalations', 'open-escalations', 'items', 'open', 'waived', 'expired'].map(count)).toEqual([
      c.changes,
      c.escalations,
      c.notWaived,
      c.items,
      c.open,
      c.waived,
      c.expired,
    ]);

    const summary = Object.fromEntries(csv('summary.csv').map((r) => [r['what'], Number(r['count'])]));
    expect(
      [
        'review_changes',
        'review_escalations',
        'review_escalations_not_waived',
        'review_items',
        'review_items_open',
        'review_items_waived',
        'review_items_expired',
      ].map((k) => summary[k]),
    ).toEqual([c.changes, c.escalations, c.notWaived, c.items, c.open, c.waived, c.expired]);
    const states = (rows: Array<Record<string, unknown>>) =>
      ['open', 'waived', 'expired'].map((s) => rows.filter((r) => r['status'] === s).length);
    expect(states(csv('review.csv'))).toEqual([c.open, c.waived, c.expired]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'compliance.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([...REPORT_SHEETS, ...REVIEW_SHEETS]);
    const sheetRows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const head = (ws.getRow(1).values as unknown[]).slice(1);
      return (ws.getSheetValues().slice(2) as unknown[][]).map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i + 1]])));
    };
    expect(states(sheetRows('Review items'))).toEqual([c.open, c.waived, c.expired]);
    expect(sheetRows('Changes')).toHaveLength(c.changes);
    const sum = Object.fromEntries((wb.getWorksheet('Summary')!.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[2]]));
    expect([
      sum['review_changes'],
      sum['review_escalations'],
      sum['review_escalations_not_waived'],
      sum['review_items_waived'],
      sum['review_items_expired'],
    ]).toEqual([c.changes, c.escalations, c.notWaived, c.waived, c.expired]);
  });

  it('shows each waived or expired item with its waiver where the page shows it, and the escalation with its path first', () => {
    const page = html();
    expect(page).toMatch(
      /<tr data-role="Salesperson" data-rule="DV-010" class="waived"><td><span class="sev sev-medium">medium<\/span><\/td><td class="nowrap">F004 <span class="wv wv-waived" title="[^"]*">waived W-002 until 2099-03-31<\/span><\/td>/,
    );
    expect(page).toMatch(
      /<td class="nowrap">F009 <span class="wv wv-expired" title="[^"]*">waiver W-004 expired on 2020-01-31<\/span><\/td>/,
    );
    expect(page).toContain(
      '<li class="waived">megan.bowen@contoso.com (business unit Sales) holds System Administrator, which only users of IT may hold. <span class="wv wv-waived"',
    );
    const first =
      /<ol class="changes" id="review-escalations"[^>]*><li class="change" data-change="([^"]+)" data-status="open"><span class="change-text">([^<]+)<\/span> <span class="wv wv-open"[^>]*>open<\/span><ul class="path" aria-label="Path"><li>([^<]+)<\/li>/.exec(
        page,
      )!;
    expect([first[1], first[2], first[3]]).toEqual([
      'holding-added:megan.bowen@contoso.com:System Administrator',
      'megan.bowen@contoso.com now holds System Administrator, a privileged role (new direct assignment).',
      'System Administrator: new direct assignment',
    ]);
    expect(page).toMatch(
      /<li class="change waived" data-change="holding-added:lee\.gu@contoso\.com:AP Team:AP Team Role" data-status="waived">/,
    );
  });

  it('rebuilt from its message log and its folder (report --from --environment), the report has the same review', async () => {
    const g = await mergeLogs([join(out, 'messages.ndjson')], process.cwd(), { environment: out });
    expect(g.report.review).toEqual(report.review);
    expect(Buffer.from(g.files.get('review.csv') as string).equals(readFileSync(join(out, 'review.csv')))).toBe(true);
    const section = (page: string) => /<section id="review"[\s\S]*?<\/section>/.exec(page)![0];
    expect(section(g.files.get('compliance.html') as string)).toBe(section(html()));
  });
});
