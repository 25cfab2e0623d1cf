// compliance.xlsx: the report as a workbook for auditors and admins (exceljs). Sheets: Summary, Findings, Role
// privileges, User access, Who can, Matrix, Rules, and with an access review the review's own sheets as review.json
// gives them (Changes, Review items, Waivers, Sign-off, History: `review.sheets`); each with a frozen header row and an auto-filter, and every text
// cell through the project's one formula rule (a value a spreadsheet would run gets a leading apostrophe). The rows
// are those of compliance.json (and of the CSV files): a test opens the workbook and compares them. A list the audit
// left to its data files (above its limits) is one row saying which file holds it (in Matrix, after the documented
// roles' cells).
//
// Loaded only when the report is written (dynamic import by render.ts): exceljs is large, and start-up of the
// commands that write no report must not pay for it. exceljs is loaded from its own one-file build (the package's
// dist/exceljs.bare.min.js, the same version): loading its main entry, some 400 CommonJS files with their
// dependencies, took ~215 ms of every audit's CPU against ~60 ms for the one file, and both write the same workbook
// (test/report.outputs.test.ts compares the parts). The zip is rewritten with fixed entry times (the report's
// timestamp), so the same report gives the same bytes.
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { neutralise } from '../vocabulary/formula.mjs';
import { PRIVILEGES } from '../vocabulary/index.ts';
import { userAccessRows, whoCanRows } from './access.ts';
import { summaryRows } from './csv.ts';
import { fmtVerdict, type ComplianceReport } from './schema.ts';

export interface Sheet {
  name: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

const moved = (what: string, where: string) => [
  [`${what} are not in this workbook: the environment is larger than the report holds; every row is in ${where}.`],
];

/** The sheets as plain rows: what the workbook holds, and what its test compares with compliance.json. */
export function workbookSheets(report: ComplianceReport): Sheet[] {
  const env = report.environment;
  const ua = env ? userAccessRows(env) : null;
  const wc = env ? whoCanRows(env) : null;
  const cut = (what: string) => env?.cuts.find((c) => c.what.startsWith(what))?.where ?? 'the data files';
  return [
    { name: 'Summary', header: ['what', 'count'], rows: summaryRows(report) },
    {
      name: 'Findings',
      header: ['id', 'severity', 'rule', 'principal', 'role', 'message', 'location'],
      rows: report.findings.map((f) => [f.id, f.severity, f.rule, f.principal ?? '', f.role ?? '', f.message, f.location ?? '']),
    },
    {
      name: 'Role privileges',
      header: ['role', 'table', ...PRIVILEGES],
      rows: env?.roleGrants
        ? env.roleGrants.map((g) => [g.role, g.table, ...PRIVILEGES.map((p) => g.depths[p])])
        : env
          ? moved('Role privileges', cut('role privileges'))
          : [],
    },
    {
      name: 'User access',
      header: ['user', 'enabled', 'table', ...PRIVILEGES, 'through'],
      rows: ua
        ? ua.map((r) => [r.user, r.enabled ? 'yes' : 'no', r.table, ...PRIVILEGES.map((p) => r.depths[p]), r.via.join('; ')])
        : env
          ? moved('User access rows', cut('who can'))
          : [],
    },
    {
      name: 'Who can',
      header: ['table', 'privilege', 'user', 'enabled', 'depth', 'through'],
      rows: wc
        ? wc.map((r) => [r.table, r.privilege, r.user, r.enabled ? 'yes' : 'no', r.depth, r.via])
        : env
          ? moved('Holders', cut('who can'))
          : [],
    },
    {
      name: 'Matrix',
      header: ['role', 'custom_role', 'resource', 'decision', 'expected', 'status', 'rules'],
      rows: [
        ...report.matrix.cells.map((c) => [
          c.role,
          c.custom ? 'yes' : 'no',
          c.resourceName,
          c.actual ? fmtVerdict(c.actual) : '',
          c.expected ? fmtVerdict(c.expected) : '',
          c.status,
          c.rules.join(' '),
        ]),
        ...(report.matrix.customElsewhere
          ? moved(
              `The ${report.matrix.customElsewhere.cells} cells of the ${report.matrix.customElsewhere.roles} custom roles`,
              report.matrix.customElsewhere.file,
            )
          : []),
      ],
    },
    {
      name: 'Rules',
      header: ['id', 'severity', 'status', 'scenarios', 'findings', 'statement', 'source'],
      rows: report.rules.map((r) => [r.id, r.severity, r.status, r.scenarios.length, r.findings, r.statement, r.source.url]),
    },
    // Yes/no for a flag, as in the other sheets.
    ...(report.review?.sheets ?? []).map((s) => ({
      name: sheetName(s.name),
      header: [...s.columns],
      rows: s.rows.map((r) =>
        s.columns.map((c) => {
          const v = r[c];
          return typeof v === 'boolean' ? (v ? 'yes' : 'no') : (v ?? '');
        }),
      ),
    })),
  ];
}

/**
 * A review sheet's name as a workbook can hold it: Excel reserves "History" (exceljs refuses it) and forbids
 * `[ ] : * ? / \` and names longer than 31 characters.
 */
export function sheetName(name: string): string {
  const clean =
    name
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/^'+|'+$/g, '')
      .trim()
      .slice(0, 31) || 'Sheet';
  return clean.toLowerCase() === 'history' ? 'Run history' : clean;
}

/** exceljs as one file: see the header. */
export const EXCELJS_BUILD = 'exceljs/dist/exceljs.bare.min.js';

const safe = (v: string | number): string | number => (typeof v === 'number' ? v : neutralise(v));

/** The workbook's bytes; `exceljs` is for the test that compares the one-file build with the main entry. */
export async function renderWorkbook(report: ComplianceReport, exceljs?: typeof import('exceljs')): Promise<Uint8Array> {
  const ExcelJS = exceljs ?? ((await import(EXCELJS_BUILD)) as { default: typeof import('exceljs') }).default;
  const wb = new ExcelJS.Workbook();
  const when = new Date(report.run.timestampUtc);
  wb.creator = 'rolecheck';
  wb.created = when;
  wb.modified = when;
  for (const s of workbookSheets(report)) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.header.map(safe)).font = { bold: true };
    for (const r of s.rows) ws.addRow(r.map(safe));
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: s.header.length } };
    s.header.forEach((h, i) => {
      ws.getColumn(i + 1).width = Math.min(60, Math.max(10, h.length + 2));
    });
  }
  // Stored, not compressed: the archive is made again below (fixed entry times), compressed once there.
  const raw = new Uint8Array(
    (await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as Parameters<typeof wb.xlsx.writeBuffer>[0])) as ArrayBuffer,
  );
  // Fixed entry times: exceljs (JSZip) stamps each entry with the clock.
  const files = unzipSync(raw);
  const fixed: Zippable = {};
  for (const name of Object.keys(files)) fixed[name] = [files[name]!, { mtime: when }];
  return zipSync(fixed, { level: 6 });
}
