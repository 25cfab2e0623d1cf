// The access review in the report, on the report fixture's real run with a hand-made review whose strings are
// hostile: compliance.json holds it as review.json gives it (paths made relative); the page's section (counts,
// escalations first with their paths and waiver badges, waivers, sign-off, trend, cuts) and the waiver marks on
// findings, policy violations and cells; the workbook's review sheets; review.csv; the review's counts in
// summary.csv; the report's own counts unchanged; review.json read back by `report --from --environment`.
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Envelope } from '@cucumber/messages';
import { buildReport, reportJson, type ComplianceReport } from '../src/report/build.ts';
import { renderHtml, renderOutputs, OUTPUT_FILES, REVIEW_OUTPUT_FILES } from '../src/report/render.ts';
import { renderReviewCsv, renderSummaryCsv } from '../src/report/csv.ts';
import { specificationBookHtml } from '../src/report/specification.ts';
import { workbookSheets, renderWorkbook } from '../src/report/workbook.ts';
import { REVIEW_HTML_LIMITS, reportReview } from '../src/report/review.ts';
import { parseReviewJson } from '../src/report/review-file.ts';
import { mergeLogs, MergeError } from '../src/report/rebuild.ts';
import { reviewSheets } from '../src/review/audit-review.ts';
import { REVIEW_DATA_VERSION, type ReviewData, type ReviewDeltaItem } from '../src/evidence/review.ts';
import { neutralise } from '../src/vocabulary/formula.mjs';
import { readEnvelopes, sharedRun } from './fixtures/report/record.ts';
import { fixtureEnvironment, FORMULA, HOSTILE } from './fixtures/report/environment.ts';
import { REPORT_SHEETS, REVIEW_SHEETS } from './helpers/output-files.ts';

const SCRIPT = '<script>alert(1)</script>';
let log = '';
let envelopes: Envelope[];
let plain: ComplianceReport;
let cellId = '';

const findings = [
  {
    id: 'F001',
    rule: 'DV-010',
    severity: 'medium',
    principal: 'debra@contoso.com',
    role: 'Salesperson',
    message: `Debra ${HOSTILE} is disabled.`,
    location: 'role-assignments.csv:2',
  },
  {
    id: 'F002',
    rule: 'DV-010',
    severity: 'medium',
    principal: 'ben@contoso.com',
    role: 'AP Clerk',
    message: 'Ben is disabled.',
    location: 'role-assignments.csv:3',
  },
  {
    id: 'F003',
    rule: 'ROLE-006',
    severity: 'critical',
    principal: 'irvin@contoso.com',
    role: 'Service Deleter',
    message: 'A service role is assigned.',
    location: 'role-assignments.csv:4',
  },
];

const escalation = (
  id: string,
  user: string,
  status: 'open' | 'waived' | 'expired',
  waiver?: string,
  path = [`System Administrator: new direct assignment`],
): ReviewDeltaItem => ({
  id,
  kind: 'holding-added',
  escalation: true,
  user,
  role: 'System Administrator',
  after: 'System Administrator',
  path,
  text: `${user} now holds System Administrator (new direct assignment).`,
  status,
  ...(waiver ? { waiver } : {}),
});

/** A review with one item of each source and state, and hostile text wherever a person writes it. */
function review(): ReviewData {
  const delta: ReviewDeltaItem[] = [
    escalation('holding-added:grady:AP', 'grady@contoso.com', 'waived', 'W-001'),
    escalation('holding-added:lee:SA', 'lee@contoso.com', 'open', undefined, [
      'System Administrator: new direct assignment',
      `privileged: ${HOSTILE}`,
    ]),
    escalation('holding-added:ana:SA', 'ana@contoso.com', 'expired', 'W-002'),
    {
      id: 'membership-added:grady:AP Team',
      kind: 'membership-added',
      escalation: false,
      team: 'AP Team',
      user: 'grady@contoso.com',
      path: ['team AP Team holds AP Team Role'],
      text: 'grady@contoso.com joined team AP Team.',
    },
  ];
  const data: ReviewData = {
    version: REVIEW_DATA_VERSION,
    today: '2026-12-01',
    baseline: {
      file: resolve('reviews/baseline.json'),
      environment: 'Contoso',
      approvedUtc: '2026-09-30T10:00:00.000Z',
      approver: 'Adele Vance',
      note: `Q3 ${SCRIPT}`,
    },
    delta: {
      from: { label: 'baseline.json', environment: 'Contoso', kind: 'baseline', approvedUtc: '2026-09-30T10:00:00.000Z' },
      to: { label: 'contoso', environment: 'Contoso', kind: 'export' },
      counts: { total: 4, escalations: 3, openEscalations: 2, byKind: { 'holding-added': 3, 'membership-added': 1 } },
      items: delta,
    },
    waivers: {
      file: '/elsewhere/waivers.yaml',
      counts: { active: 2, expired: 1, unused: 0, refused: 1 },
      list: [
        {
          id: 'W-001',
          status: 'active',
          waives: { user: 'grady@contoso.com' },
          justification: `Year-end close ${HOSTILE}`,
          author: FORMULA,
          approver: 'adele@contoso.com',
          ticket: SCRIPT,
          expires: '2027-01-31',
          daysLeft: 61,
          critical: false,
          location: '/elsewhere/waivers.yaml:3',
          matches: ['holding-added:grady:AP', 'F001', 'POL-001:ana@contoso.com', cellId],
          refused: [{ item: 'F003', reason: 'F003 is critical; waiver W-001 does not say "critical: true"' }],
        },
        {
          id: 'W-002',
          status: 'expired',
          waives: { item: 'F002' },
          justification: 'Handover of the accounts.',
          author: 'joni@contoso.com',
          approver: 'adele@contoso.com',
          ticket: 'RISK-9',
          expires: '2020-01-31',
          daysLeft: -2496,
          critical: false,
          location: '/elsewhere/waivers.yaml:10',
          matches: ['F002', 'holding-added:ana:SA'],
          refused: [],
        },
        {
          id: 'W-003',
          status: 'active',
          waives: { rule: 'POL-001' },
          justification: 'Megan moves to IT.',
          author: 'joni@contoso.com',
          approver: 'adele@contoso.com',
          ticket: 'HR-3',
          expires: '2026-12-01',
          daysLeft: 0,
          critical: true,
          location: '/elsewhere/waivers.yaml:17',
          matches: [],
          refused: [],
        },
      ],
    },
    items: [
      {
        source: 'finding',
        id: 'F003',
        severity: 'critical',
        text: 'A service role is assigned.',
        status: 'open',
        notes: ['F003 is critical; waiver W-001 does not say "critical: true"'],
      },
      {
        source: 'delta',
        id: 'holding-added:lee:SA',
        severity: 'critical',
        text: 'lee@contoso.com now holds System Administrator (new direct assignment).',
        status: 'open',
        notes: [],
      },
      {
        source: 'policy',
        id: 'POL-001:ana@contoso.com',
        severity: 'high',
        text: `ana ${SCRIPT} holds System Administrator.`,
        status: 'waived',
        waiver: 'W-001',
        expires: '2027-01-31',
        notes: [],
      },
      {
        source: 'cell',
        id: cellId,
        severity: 'high',
        text: 'Matrix cell failed.',
        status: 'waived',
        waiver: 'W-001',
        expires: '2027-01-31',
        notes: [],
      },
      {
        source: 'delta',
        id: 'holding-added:ana:SA',
        severity: 'medium',
        text: 'ana@contoso.com now holds System Administrator (new direct assignment).',
        status: 'expired',
        waiver: 'W-002',
        expires: '2020-01-31',
        notes: ['waiver W-002 expired on 2020-01-31'],
      },
      {
        source: 'delta',
        id: 'holding-added:grady:AP',
        severity: 'medium',
        text: 'grady@contoso.com now holds System Administrator (new direct assignment).',
        status: 'waived',
        waiver: 'W-001',
        expires: '2027-01-31',
        notes: [],
      },
      {
        source: 'finding',
        id: 'F001',
        severity: 'medium',
        text: `Debra ${HOSTILE} is disabled.`,
        status: 'waived',
        waiver: 'W-001',
        expires: '2027-01-31',
        notes: [],
      },
      {
        source: 'finding',
        id: 'F002',
        severity: 'medium',
        text: 'Ben is disabled.',
        status: 'expired',
        waiver: 'W-002',
        expires: '2020-01-31',
        notes: ['waiver W-002 expired on 2020-01-31'],
      },
    ],
    counts: { items: 8, open: 2, waived: 4, expired: 2 },
    signoff: { state: 'unsigned', manifestSha256: '', records: [], fileProblems: [] },
    history: {
      dir: resolve('history'),
      runs: 2,
      trend: [
        {
          timeUtc: '2026-09-30T10:05:00.000Z',
          exitCode: 1,
          findings: 3,
          open: 3,
          escalations: null,
          newFindings: [],
          resolvedFindings: [],
          manifestSha256: 'a'.repeat(64),
        },
        {
          timeUtc: '2026-12-01T09:00:00.000Z',
          exitCode: 0,
          findings: 3,
          open: 2,
          escalations: 3,
          newFindings: [`DV-010|disabled-user|${HOSTILE}|AP Clerk`],
          resolvedFindings: ['ROLE-012|placement|x|y'],
          manifestSha256: '',
        },
      ],
    },
    sheets: [],
  };
  data.sheets = reviewSheets(data);
  return data;
}

/** The report of the fixture run as an audit of an environment: its findings, one policy with two violations. */
function audited(r: ReviewData | null): ComplianceReport {
  const report = buildReport(envelopes, {
    audit: { environment: fixtureEnvironment(), findings },
    cwd: process.cwd(),
    ...(r ? { review: reportReview(r, process.cwd()) } : {}),
  });
  report.policies = [
    {
      id: 'policies/admin.feature:3',
      uri: 'policies/admin.feature',
      line: 3,
      name: 'Nobody outside IT is a System Administrator',
      rules: ['POL-001'],
      severity: 'high',
      status: 'failed',
      violations: [
        {
          id: 'POL-001:ana@contoso.com',
          rule: 'POL-001',
          severity: 'high',
          principal: 'ana@contoso.com',
          message: `ana ${SCRIPT} holds System Administrator.`,
        },
        {
          id: 'POL-001:bob@contoso.com',
          rule: 'POL-001',
          severity: 'high',
          principal: 'bob@contoso.com',
          message: 'bob holds System Administrator.',
        },
      ],
    },
  ];
  return report;
}

beforeAll(() => {
  log = sharedRun();
  envelopes = readEnvelopes(log);
  plain = audited(null);
  cellId = plain.matrix.cells.find((c) => !c.custom)!.id;
});

describe('compliance.json', () => {
  it("holds review.json as it is, its paths written the report way; the report's own counts do not change", () => {
    const data = review();
    const report = audited(data);
    const json = JSON.parse(reportJson(report)) as ComplianceReport;
    const want = structuredClone(data);
    want.baseline!.file = 'reviews/baseline.json';
    want.waivers!.file = 'waivers.yaml';
    want.waivers!.list.forEach((w) => {
      w.location = w.location!.replace('/elsewhere/', '');
    });
    want.sheets
      .find((s) => s.name === 'Waivers')!
      .rows.forEach((r) => {
        r['location'] = String(r['location']).replace('/elsewhere/', '');
      });
    want.history!.dir = 'history';
    expect(json.review).toEqual(want);
    expect(json.totals).toEqual(JSON.parse(reportJson(plain)).totals);
    expect(JSON.parse(reportJson(plain)).review).toBeNull();
  });
});

describe('compliance.html', () => {
  let html = '';
  let section = '';
  beforeAll(() => {
    html = renderHtml(audited(review()));
    section = /<section id="review"[\s\S]*?<\/section>/.exec(html)![0];
  });

  it('counts the changes, escalations and items as the review does', () => {
    const count = (id: string) => new RegExp(`id="${id}">(\\d+)<`).exec(section)?.[1];
    expect(
      [
        'review-count-changes',
        'review-count-escalations',
        'review-count-open-escalations',
        'review-count-items',
        'review-count-open',
        'review-count-waived',
        'review-count-expired',
      ].map(count),
    ).toEqual(['4', '3', '2', '8', '2', '4', '2']);
    expect(section).toContain('<h2 id="review-title">Changes since the approved baseline</h2>');
  });

  it('lists the escalations first, failing before waived, each with its path and its waiver badge', () => {
    const esc = [
      ...section.matchAll(
        /<li class="change( waived)?" data-change="([^"]+)"(?: data-status="([a-z]*)")?><span class="change-text">([^<]+)<\/span>(?: <span class="wv wv-[a-z]+" title="[^"]*">([^<]+)<\/span>)?<ul class="path" aria-label="Path">(.*?)<\/ul><\/li>/g,
      ),
    ].map((m) => [m[2], m[3] ?? '', m[1] ? 'muted' : '', m[5] ?? '', [...m[6]!.matchAll(/<li>([^<]*)<\/li>/g)].map((x) => x[1])]);
    expect(esc).toEqual([
      [
        'holding-added:lee:SA',
        'open',
        '',
        'open',
        ['System Administrator: new direct assignment', 'privileged: &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;'],
      ],
      ['holding-added:ana:SA', 'expired', '', 'waiver W-002 expired on 2020-01-31', ['System Administrator: new direct assignment']],
      ['holding-added:grady:AP', 'waived', 'muted', 'waived W-001 until 2027-01-31', ['System Administrator: new direct assignment']],
      ['membership-added:grady:AP Team', '', '', '', ['team AP Team holds AP Team Role']],
    ]);
    expect(section.indexOf('id="review-escalations"')).toBeLessThan(section.indexOf('id="review-other"'));
  });

  it('marks the findings, the policy violations and the cells a waiver names, where they are shown', () => {
    const findingRow = (id: string) =>
      new RegExp(
        `<tr data-role="[^"]*" data-rule="[^"]*"( class="waived")?><td><span class="sev[^"]*">[a-z]+</span></td><td class="nowrap">${id}(?: <span class="wv (wv-[a-z]+)"[^>]*>([^<]+)</span>)?</td>`,
      ).exec(html)!;
    expect(
      ['F001', 'F002', 'F003'].map((id) => {
        const m = findingRow(id);
        return [id, m[1] ? 'muted' : '', m[2] ?? '', m[3] ?? ''];
      }),
    ).toEqual([
      ['F001', 'muted', 'wv-waived', 'waived W-001 until 2027-01-31'],
      ['F002', '', 'wv-expired', 'waiver W-002 expired on 2020-01-31'],
      ['F003', '', '', ''],
    ]);
    const violations = [
      ...html.matchAll(
        /<li( class="waived")?>([^<]*holds System Administrator\.)(?: <span class="wv wv-[a-z]+"[^>]*>([^<]+)<\/span>)?<\/li>/g,
      ),
    ].map((m) => [m[2], m[1] ? 'muted' : '', m[3] ?? '']);
    expect(violations).toEqual([
      ['ana &lt;script&gt;alert(1)&lt;/script&gt; holds System Administrator.', 'muted', 'waived W-001 until 2027-01-31'],
      ['bob holds System Administrator.', '', ''],
    ]);
    const cell = new RegExp(
      `<td class="cell [^>]*><a href="#${cellId}"[\\s\\S]*?</a>( <span class="wv wv-waived"[^>]*>[^<]+</span>)?</td>`,
    ).exec(html)!;
    expect(cell[1]).toContain('waived W-001 until 2027-01-31');
    expect(html.match(/<span class="wv /g)).toHaveLength(
      /* findings */ 2 + /* violation */ 1 + /* cell */ 1 + /* escalations */ 3 + /* items a waiver names */ 6,
    );
  });

  it('marks a failed policy that reported no violation by the id the review gives it (its first rule and its name)', () => {
    const data = review();
    data.items.push({
      source: 'policy',
      id: 'POL-002:Few System Administrators',
      severity: 'high',
      text: 'Policy "Few System Administrators" failed.',
      status: 'waived',
      waiver: 'W-003',
      expires: '2026-12-01',
      notes: [],
    });
    const report = audited(data);
    report.policies.push({
      id: 'policies/admin.feature:9',
      uri: 'policies/admin.feature',
      line: 9,
      name: 'Few System Administrators',
      rules: ['POL-002'],
      severity: 'high',
      status: 'failed',
      message: 'at most 2',
      violations: [],
    });
    expect(renderHtml(report)).toContain(
      '<strong>Few System Administrators</strong> <span class="wv wv-waived" title="Waived by W-003 until 2026-12-01 (the waivers of the review)">waived W-003 until 2026-12-01</span>',
    );
    expect(renderHtml(audited(data))).not.toContain('<strong>Nobody outside IT is a System Administrator</strong> <span class="wv');
  });

  it('has the waivers table, the sign-off block with its commands and the trend', () => {
    const waivers = [...section.matchAll(/<tr data-waiver="([^"]+)" data-status="([a-z]+)" class="wst-[a-z]+">(.*?)<\/tr>/g)].map((m) => [
      m[1],
      m[2],
      ...[...m[3]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')),
    ]);
    expect(waivers).toEqual([
      [
        'W-001',
        'active',
        'W-001',
        'active',
        '61 days (until 2027-01-31)',
        '&#x3D;HYPERLINK(&quot;http://x&quot;)',
        'adele@contoso.com',
        '&lt;script&gt;alert(1)&lt;/script&gt;',
        'user: grady@contoso.com Year-end close &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;',
        `4: holding-added:grady:AP, F001, POL-001:ana@contoso.com, ${cellId}`,
        'F003 is critical; waiver W-001 does not say &quot;critical: true&quot;',
      ],
      [
        'W-002',
        'expired',
        'W-002',
        'expired',
        'expired 2496 days ago (until 2020-01-31)',
        'joni@contoso.com',
        'adele@contoso.com',
        'RISK-9',
        'item: F002 Handover of the accounts.',
        '2: F002, holding-added:ana:SA',
        '',
      ],
      [
        'W-003',
        'active',
        'W-003 critical',
        'active',
        'last day (until 2026-12-01)',
        'joni@contoso.com',
        'adele@contoso.com',
        'HR-3',
        'rule: POL-001 Megan moves to IT.',
        '0',
        '',
      ],
    ]);
    expect(section).toMatch(
      /<div class="signoff" id="review-signoff" data-state="unsigned">\s*<p><strong>Not signed\.<\/strong>[^]*rolecheck signoff &lt;folder&gt;[^]*rolecheck verify &lt;folder&gt;/,
    );
    const trend = [
      ...section.matchAll(
        /<tr( class="current")?><td class="nowrap"><time datetime="([^"]+)">[^<]+<\/time>.*?<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">([^<]+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g,
      ),
    ].map((m) => [m[2], m[1] ? 'current' : '', m[3], m[4], m[5], m[6], m[7], m[8]]);
    expect(trend).toEqual([
      ['2026-09-30T10:05:00.000Z', '', '1', '3', '3', '—', '', ''],
      [
        '2026-12-01T09:00:00.000Z',
        'current',
        '0',
        '3',
        '2',
        '3',
        'DV-010|disabled-user|&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;|AP Clerk',
        'ROLE-012|placement|x|y',
      ],
    ]);
  });

  it("escapes every string of the review; the styles of the review come in with it, allowed by the CSP's hash", () => {
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain(HOSTILE);
    expect(section).toContain('Q3 &lt;script&gt;alert(1)&lt;/script&gt;');
    const styleHash = (page: string) =>
      createHash('sha256')
        .update(/<style>([\s\S]*?)<\/style>/.exec(page)![1]!)
        .digest('base64');
    const plainHtml = renderHtml(plain);
    for (const page of [html, plainHtml]) expect(page).toContain(`style-src &#x27;sha256-${styleHash(page).replace(/=/g, '&#x3D;')}&#x27;`);
    expect(html).toContain('.review-counts {');
    expect(plainHtml).not.toContain('.review-counts');
    expect(plainHtml).not.toContain('class="wv');
    expect(/<section id="review"[\s\S]*?<\/section>/.exec(plainHtml)![0]).toContain(
      'no approved baseline was compared (rolecheck audit --baseline)',
    );
  });

  it('without a baseline, waivers or history, the section says which option gives each part', () => {
    const data: ReviewData = {
      ...review(),
      baseline: null,
      delta: null,
      waivers: null,
      history: null,
      items: [{ source: 'finding', id: 'F001', severity: 'medium', text: 'Debra is disabled.', status: 'open', notes: [] }],
      counts: { items: 1, open: 1, waived: 0, expired: 0 },
    };
    data.sheets = reviewSheets(data);
    const page = renderHtml(audited(data));
    const part = /<section id="review"[\s\S]*?<\/section>/.exec(page)![0];
    expect(part).toContain('<h2 id="review-title">Access review</h2>');
    for (const text of [
      'No approved baseline was compared (<code>rolecheck audit --baseline FILE</code>)',
      'No waiver file was given (<code>rolecheck audit --waivers FILE</code>)',
      'No history folder was given (<code>rolecheck audit --history DIR</code>)',
    ])
      expect(part).toContain(text);
    expect(part).not.toContain('id="review-escalations"');
    expect(part).not.toContain('id="review-count-changes"');
    expect(page).not.toContain('class="wv');
    expect(
      workbookSheets(audited(data))
        .map((s) => s.name)
        .slice(7),
    ).toEqual(['Review items', 'Sign-off']);
  });

  it('cuts long lists and names where the whole list is', () => {
    const data = review();
    const many = Array.from({ length: REVIEW_HTML_LIMITS.changes + 40 }, (_, i) =>
      escalation(
        `holding-added:u${i}:SA`,
        `u${String(i).padStart(4, '0')}@contoso.com`,
        'open',
        undefined,
        Array.from({ length: REVIEW_HTML_LIMITS.pathLines + 3 }, (_, k) => `step ${k}`),
      ),
    );
    data.delta!.items = many;
    data.delta!.counts = {
      total: many.length,
      escalations: many.length,
      openEscalations: many.length,
      byKind: { 'holding-added': many.length },
    };
    const page = renderHtml(audited(data));
    expect(page.match(/<li class="change" data-change="holding-added:u\d+:SA"/g)).toHaveLength(REVIEW_HTML_LIMITS.changes);
    expect(page).toContain(
      `<li>changes (lines): ${REVIEW_HTML_LIMITS.changes} of ${many.length} shown; every row is in <code>review.json, compliance.json (review.delta.items) and the workbook (Changes)</code></li>`,
    );
    expect(page.match(/<li class="muted">… 3 more in review\.json<\/li>/g)).toHaveLength(REVIEW_HTML_LIMITS.changes);
  });
});

describe('workbook, CSV and the set of files', () => {
  it("the workbook has the review's sheets as review.json gives them, through the formula rule", async () => {
    const data = review();
    const report = audited(data);
    const sheets = workbookSheets(report);
    expect(sheets.map((s) => s.name)).toEqual([...REPORT_SHEETS, ...REVIEW_SHEETS]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await renderWorkbook(report)) as never);
    for (const s of report.review!.sheets) {
      const ws = wb.getWorksheet(s.name === 'History' ? 'Run history' : s.name)!;
      const rows = (ws.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1).map((v) => (v === undefined ? '' : v)));
      expect(rows[0], s.name).toEqual(s.columns);
      expect(rows.slice(1), s.name).toEqual(
        s.rows.map((r) =>
          s.columns.map((c) => {
            const v = r[c];
            return typeof v === 'boolean' ? (v ? 'yes' : 'no') : typeof v === 'number' ? v : neutralise(v ?? '');
          }),
        ),
      );
    }
    expect(wb.getWorksheet('Waivers')!.getRow(2).getCell(5).value).toBe(`'${FORMULA}`);
    // The same report, the same bytes.
    expect(Buffer.from(await renderWorkbook(report)).equals(Buffer.from(await renderWorkbook(report)))).toBe(true);
  });

  it("review.csv: one row per item with its state; summary.csv adds the review's counts after the report's", () => {
    const report = audited(review());
    const rows = parse(renderReviewCsv(report)!, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r['source'], r['id'], r['status'], r['waiver']])).toEqual(
      report.review!.items.map((i) => [i.source, i.id, i.status, i.waiver ?? '']),
    );
    expect(renderReviewCsv(plain)).toBeNull();
    const summary = (r: ComplianceReport) =>
      (parse(renderSummaryCsv(r), { columns: true }) as Array<Record<string, string>>).map((x) => [x['what'], x['count']]);
    const withReview = summary(report);
    expect(withReview.slice(0, summary(plain).length).filter(([k]) => k !== 'timestamp_utc')).toEqual(
      summary(plain).filter(([k]) => k !== 'timestamp_utc'),
    );
    expect(withReview.slice(summary(plain).length)).toEqual([
      ['review_changes', '4'],
      ['review_escalations', '3'],
      ['review_escalations_not_waived', '2'],
      ['review_items', '8'],
      ['review_items_open', '2'],
      ['review_items_waived', '4'],
      ['review_items_expired', '2'],
    ]);
  });

  it('writes review.csv only with a review', async () => {
    expect([...(await renderOutputs(plain, envelopes)).keys()].sort()).toEqual([...OUTPUT_FILES].sort());
    expect([...(await renderOutputs(audited(review()), envelopes)).keys()].sort()).toEqual(
      [...OUTPUT_FILES, ...REVIEW_OUTPUT_FILES].sort(),
    );
  });
});

describe('review.json read back (rolecheck report --from … --environment <audit folder>)', () => {
  /** An audit folder as the audit leaves it: its data, findings, review.json and a manifest listing them. */
  const folder = (data: ReviewData | null, edit: (dir: string) => void = () => {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'rolecheck-review-folder-'));
    const files: Record<string, string> = {
      'environment.json': JSON.stringify(fixtureEnvironment()),
      'findings.json': JSON.stringify({ findings }),
      ...(data ? { 'review.json': JSON.stringify(data, null, 2) + '\n' } : {}),
    };
    for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({
        files: Object.entries(files).map(([path, body]) => ({
          path,
          sha256: createHash('sha256').update(body).digest('hex'),
          bytes: body.length,
        })),
      }),
    );
    edit(dir);
    return dir;
  };

  it("the rebuilt report holds the folder's review, and review.json itself is copied", async () => {
    const data = review();
    const dir = folder(data);
    const g = await mergeLogs([log], process.cwd(), { environment: dir });
    expect(g.report.review).toEqual(reportReview(data, process.cwd()));
    expect(Buffer.from(g.files.get('review.json')!).equals(readFileSync(join(dir, 'review.json')))).toBe(true);
    expect(g.files.has('review.csv')).toBe(true);
    const none = await mergeLogs([log], process.cwd(), { environment: folder(null) });
    expect([none.report.review, none.files.has('review.json'), none.files.has('review.csv')]).toEqual([null, false, false]);
  });

  it('refuses a review.json changed after the audit, not listed, or missing', async () => {
    const fails = async (dir: string) => {
      try {
        await mergeLogs([log], process.cwd(), { environment: dir });
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(MergeError);
        return (e as Error).message;
      }
    };
    expect(
      await fails(
        folder(review(), (d) =>
          writeFileSync(join(d, 'review.json'), readFileSync(join(d, 'review.json'), 'utf8').replace('"W-001"', '"W-009"')),
        ),
      ),
    ).toMatch(/review\.json: its SHA-256 differs from the one manifest\.json records; the folder was changed after the audit$/);
    expect(await fails(folder(null, (d) => writeFileSync(join(d, 'review.json'), JSON.stringify(review()))))).toMatch(
      /review\.json: manifest\.json does not list it; it was added after the audit$/,
    );
    expect(await fails(folder(review(), (d) => rmSync(join(d, 'review.json'))))).toMatch(
      /review\.json: manifest\.json lists it, but it is missing; copy the audit's whole output folder$/,
    );
  });

  it("names every problem of a review.json that is not the audit's, with line, column and JSON path", () => {
    const data = review() as unknown as Record<string, unknown>;
    data['version'] = 2;
    delete data['counts'];
    (data['sheets'] as Array<{ name: string }>)[1]!.name = 'Summary';
    const text = JSON.stringify(data, null, 2);
    const r = parseReviewJson(text, 'review.json');
    expect(
      'problems' in r && r.problems.map((p) => `${p.origin?.line}:${p.origin?.columns?.['at']} ${p.origin?.path} ${p.message}`),
    ).toEqual([
      '1:1 $ "counts" is missing',
      '2:14 $.version value not allowed',
      `${text.split('\n').findIndex((l) => l.includes('"name": "Summary"')) + 1}:15 $.sheets[1].name value not allowed`,
    ]);
    const twice = review();
    twice.sheets[1]!.name = 'Changes';
    const d = parseReviewJson(JSON.stringify(twice, null, 2), 'review.json');
    expect('problems' in d && d.problems.map((p) => `${p.origin?.path} ${p.message}`)).toEqual(['$.sheets[1].name a sheet given twice']);
    expect('data' in parseReviewJson(JSON.stringify(review()), 'review.json')).toBe(true);
  });
});

// The compiled package renders with templates precompiled by the build (src/report/templates.ts) and writes the
// workbook with exceljs' one-file build (src/report/workbook.ts); the checkout's sources compile the templates and
// the test below loads exceljs' main entry. Both must give the same bytes: a page with every section filled (the
// audited environment, findings, policies, the review) and the specification book.
describe('the compiled package writes the same bytes as the sources', () => {
  const dist = (p: string) => import(pathToFileURL(resolve('dist', 'src', p)).href);

  it('compliance.html and specification.html from precompiled templates', async () => {
    const { PRECOMPILED_FILE, templatesPrecompiled } = await import('../src/report/templates.ts');
    expect(existsSync(resolve('dist/src/report', PRECOMPILED_FILE)), 'the global set-up builds dist/').toBe(true);
    expect(templatesPrecompiled()).toBe(false);
    expect(((await dist('report/templates.js')) as typeof import('../src/report/templates.ts')).templatesPrecompiled()).toBe(true);
    const report = audited(review());
    const html = renderHtml(report);
    expect(html).toContain('<section id="review"');
    expect(((await dist('report/html.js')) as typeof import('../src/report/html.ts')).renderHtml(report)).toBe(html);
    const book = specificationBookHtml({ results: report });
    expect(book).toContain('ENV-001');
    expect(
      ((await dist('report/specification.js')) as typeof import('../src/report/specification.ts')).specificationBookHtml({
        results: report,
      }),
    ).toBe(book);
  });

  it("compliance.xlsx from exceljs' one-file build", async () => {
    const report = audited(review());
    const ExcelJS = (await import('exceljs')).default;
    expect(Buffer.from(await renderWorkbook(report, ExcelJS)).equals(Buffer.from(await renderWorkbook(report)))).toBe(true);
  });
});
