// Pure renderers: report data (+ the raw envelopes) -> the bytes of every output file. No clock, no paths.
//   compliance.json  the report data            compliance.html  Handlebars templates/, self-contained
//   compliance.csv   the matrix, one row a cell  junit.xml        cucumber's JUnit XML (JUnitXmlPrinter)
//   messages.ndjson  the raw message log         manifest.json    SHA-256 and size of every other output
import { parseFeature } from '../specification/features.ts';
import { packageKnownPhrases } from '../specification/package-phrases.ts';
import { TEMPLATES_DIR } from '../paths.ts';
import { buildSpecificationView, renderSpecification, resultsFromCompliance } from './specification.ts';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { stringify } from 'csv-stringify/sync';
import { JUnitXmlPrinter } from '@cucumber/junit-xml-formatter';
import type { Envelope } from '@cucumber/messages';
import { DOCUMENTS, type DocumentId } from '../catalog/rules.ts';
import { neutralise } from '../vocabulary/formula.mjs';
import { visible } from '../vocabulary/index.ts';
import { fmtVerdict, reportJson, splitRuns, type CellStatus, type ComplianceReport, type MatrixCell, type PrivilegeCell, type ScenarioStatus } from './build.ts';

export const TEMPLATE_DIR = TEMPLATES_DIR;
/** HTML lists longer than this are cut (the JSON keeps everything), so a large audit stays small. */
export const HTML_LIST_LIMIT = 500;
/** Custom roles shown in the HTML matrix (those with failed cells first); every role stays in the JSON and CSV. */
export const HTML_CUSTOM_ROLE_LIMIT = 200;
const SCENARIOS_PER_CELL = 12;

export const OUTPUT_FILES = ['compliance.json', 'compliance.html', 'compliance.csv', 'specification.html', 'junit.xml', 'messages.ndjson', 'manifest.json'] as const;

const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');

export const STATUS_SYMBOL: Record<CellStatus, string> = { pass: '✔', fail: '✖', conflict: '≠', 'not-tested': '?' };
export const STATUS_LABEL: Record<CellStatus, string> = { pass: 'pass', fail: 'fail', conflict: 'documentation conflict', 'not-tested': 'not tested' };
export const DEPTH_GLYPH: Record<string, string> = { None: '○', Basic: '◔', Local: '◑', Deep: '◕', Global: '●', 'Organization-shared rows': '◎' };
export const DEPTH_LABEL: Record<string, string> = { None: 'none', Basic: 'user', Local: 'business unit', Deep: 'parent: child business units', Global: 'organization', 'Organization-shared rows': 'rows shared with the organization only' };
const SCENARIO_SYMBOL: Record<ScenarioStatus, string> = {
  passed: '✔', failed: '✖', pending: '…', undefined: '✖', ambiguous: '✖', skipped: '–', unknown: '?', 'not-executed': '?',
};
const CONDITION_SHORT: Record<string, string> = { 'solution-aware': 'solution-aware only', 'non-solution-aware': 'non-solution-aware only' };

// ---------------------------------------------------------------------------------------------------------
// HTML

let compiled: Handlebars.TemplateDelegate | undefined;
let assets: { css: string; js: string } | undefined;

function templates(): { template: Handlebars.TemplateDelegate; css: string; js: string } {
  if (!compiled || !assets) {
    const hb = Handlebars.create();
    const partialDir = join(TEMPLATE_DIR, 'partials');
    for (const f of readdirSync(partialDir).filter((x) => x.endsWith('.hbs')).sort()) {
      hb.registerPartial(f.replace(/\.hbs$/, ''), readFileSync(join(partialDir, f), 'utf8'));
    }
    const css = readFileSync(join(TEMPLATE_DIR, 'report.css'), 'utf8');
    const js = readFileSync(join(TEMPLATE_DIR, 'report.js'), 'utf8');
    if (/<\/(style|script)/i.test(css + js)) throw new Error('templates/report.css or report.js contains a closing style/script tag');
    // Our own stylesheet and script, never input data: the only unescaped output, through SafeString.
    hb.registerHelper('inlineCss', () => new hb.SafeString(css));
    hb.registerHelper('inlineJs', () => new hb.SafeString(js));
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    compiled = hb.compile(readFileSync(join(TEMPLATE_DIR, 'report.hbs'), 'utf8'), { strict: false, noEscape: false });
    assets = { css, js };
  }
  return { template: compiled, ...assets };
}

function cspFor(css: string, js: string): string {
  const h = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
  // Hash-based: an injected inline script or event handler cannot run even if escaping ever failed.
  return `default-src 'none'; style-src ${h(css)}; script-src ${h(js)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

const short = (h: string): string => h.slice(0, 12);

function cellView(c: MatrixCell, report: ComplianceReport, ruleText: Map<string, (typeof report.rules)[number]>) {
  const shown: { decision: string; condition?: string } = c.actual ?? c.expected ?? { decision: '—' };
  const conflicts = report.conflicts.filter((x) => c.conflicts.includes(x.id));
  return {
    id: c.id, role: c.role, resource: c.resource, resourceName: c.resourceName, status: c.status,
    symbol: STATUS_SYMBOL[c.status], statusLabel: STATUS_LABEL[c.status],
    decision: shown.decision, condition: shown.condition ? (CONDITION_SHORT[shown.condition] ?? shown.condition) : '',
    tested: c.check !== 'not-tested',
    expected: verdictText(c.expected, 'no expectation'), expectedFrom: c.custom ? 'expected' : 'summary table',
    actual: verdictText(c.actual, 'not asserted by any scenario'),
    title: `${c.role} × ${c.resourceName}: ${STATUS_LABEL[c.status]}; expected ${verdictText(c.expected, 'nothing')}${c.actual ? `, model ${verdictText(c.actual, '')}` : ''}`,
    problems: c.problems,
    rules: c.rules.map((id) => ruleView(ruleText.get(id), id)),
    conflicts: conflicts.map((x) => ({ id: x.id, title: x.title, modelFollows: x.modelFollows })),
    explanation: c.evidence.find((e) => e.explanation)?.explanation ?? '',
    via: [...new Set(c.evidence.flatMap((e) => e.via))],
    evidence: c.evidence.slice(0, SCENARIOS_PER_CELL).map((e) => ({ ...e, symbol: SCENARIO_SYMBOL[e.status], anchor: scenarioAnchor(e.scenario) })),
    moreEvidence: Math.max(0, c.evidence.length - SCENARIOS_PER_CELL),
  };
}

/** A decision in words for people: `allow (solution-aware only)`. */
function verdictText(v: { decision: string; condition?: string } | null, none: string): string {
  if (!v) return none;
  return v.condition ? `${v.decision} (${CONDITION_SHORT[v.condition] ?? v.condition})` : v.decision;
}

function ruleView(r: ComplianceReport['rules'][number] | undefined, id: string) {
  if (!r) return { id, statement: '(not in the catalogue)', known: false };
  return {
    id, known: true, statement: r.statement, severity: r.severity, status: r.status,
    document: r.source.documentTitle, section: r.source.section, file: r.source.file,
    lines: r.source.lines[0] === r.source.lines[1] ? `line ${r.source.lines[0]}` : `lines ${r.source.lines[0]}–${r.source.lines[1]}`,
    url: safeUrl(r.source.url),
  };
}

/** Only http(s) links are rendered as links; anything else is shown as text. */
function safeUrl(u: string): string | null {
  return /^https:\/\/[^\s"'<>]+$/i.test(u) ? u : null;
}
export const scenarioAnchor = (id: string): string => `sc-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;

export function htmlView(report: ComplianceReport) {
  const t = report.totals;
  const ruleText = new Map(report.rules.map((r) => [r.id, r]));
  const cellsByRole = new Map<string, MatrixCell[]>();
  for (const c of report.matrix.cells) { const l = cellsByRole.get(c.role) ?? []; l.push(c); cellsByRole.set(c.role, l); }
  // A large audit: custom roles with a failed cell first, and at most HTML_CUSTOM_ROLE_LIMIT of them in the page.
  const failing = (role: string) => (cellsByRole.get(role) ?? []).filter((c) => c.status === 'fail').length;
  const custom = report.matrix.roles.filter((r) => r.custom);
  const shownCustom = custom.length > HTML_CUSTOM_ROLE_LIMIT
    ? [...custom].sort((a, b) => failing(b.name) - failing(a.name) || (a.name < b.name ? -1 : 1)).slice(0, HTML_CUSTOM_ROLE_LIMIT)
    : custom;
  const hiddenRoles = custom.length - shownCustom.length;
  const hiddenFails = custom.filter((r) => !shownCustom.includes(r)).reduce((n, r) => n + failing(r.name), 0);
  const matrixRows = [...report.matrix.roles.filter((r) => !r.custom), ...shownCustom].map((r) => ({
    role: r.name, custom: r.custom,
    cells: (cellsByRole.get(r.name) ?? []).map((c) => cellView(c, report, ruleText)),
  }));
  const privByRow = new Map<string, PrivilegeCell[]>();
  for (const c of report.privileges.cells) { const k = `${c.role}\u0000${c.table}`; const l = privByRow.get(k) ?? []; l.push(c); privByRow.set(k, l); }
  const privRows = report.privileges.rows.slice(0, HTML_LIST_LIMIT).map((row, i, all) => ({
    role: row.role, table: row.table, custom: row.custom, firstOfRole: i === 0 || all[i - 1]!.role !== row.role,
    cells: (privByRow.get(`${row.role}\u0000${row.table}`) ?? []).map((c) => {
      const depth = c.actual ?? c.expected ?? 'None';
      return {
        status: c.status, symbol: STATUS_SYMBOL[c.status], glyph: DEPTH_GLYPH[depth] ?? '?', depth: DEPTH_LABEL[depth] ?? depth,
        title: `${c.role}, ${c.privilege} on ${c.table}: ${DEPTH_LABEL[depth] ?? depth}, ${STATUS_LABEL[c.status]}${c.expected && c.actual && c.expected !== c.actual ? ` (expected ${DEPTH_LABEL[c.expected]})` : ''}`,
        problems: c.problems,
      };
    }),
  }));
  const failedRules = report.rules.filter((r) => r.status === 'failed').length;
  const scenarios = report.scenarios.filter((s) => s.status !== 'not-executed');
  const verifiedCells = t.matrix.pass + t.matrix.conflict;
  const sevRank = (s: string) => ['critical', 'high', 'medium', 'low'].indexOf(s);
  const auditFindings = report.findings.filter((f) => f.origin === 'audit');
  const exampleFindings = report.findings.filter((f) => f.origin !== 'audit');
  return {
    csp: '',
    title: report.run.subject.kind === 'environment' ? `Compliance of ${report.run.subject.name}` : 'Compliance of the documented baseline',
    subject: report.run.subject,
    timestamp: report.run.timestampUtc.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC'),
    timestampIso: report.run.timestampUtc,
    verdict: t.verdict, verdictLabel: t.verdict.toUpperCase(),
    banner: [
      ...(report.run.subject.kind === 'environment' ? [{ n: t.findings, label: t.findings === 1 ? 'finding' : 'findings', bad: t.findings > 0, href: '#findings' }] : []),
      { n: failedRules, label: failedRules === 1 ? 'failed rule' : 'failed rules', bad: failedRules > 0, href: '#rules' },
      { n: t.matrix.fail, label: t.matrix.fail === 1 ? 'failed matrix cell' : 'failed matrix cells', bad: t.matrix.fail > 0, href: '#matrix' },
      { n: t.conflicts, label: t.conflicts === 1 ? 'documentation conflict' : 'documentation conflicts', warn: t.conflicts > 0, href: '#conflicts' },
      { n: t.rules['not-tested'], label: t.rules['not-tested'] === 1 ? 'rule not tested' : 'rules not tested', warn: t.rules['not-tested'] > 0, href: '#rules' },
      { n: t.matrix['not-tested'], label: t.matrix['not-tested'] === 1 ? 'matrix cell not tested' : 'matrix cells not tested', warn: t.matrix['not-tested'] > 0, href: '#matrix' },
    ],
    facts: {
      rules: t.rules.total, scenarios: scenarios.length, defined: t.scenarios.defined, verifiedCells, cells: t.matrix.cells,
      privVerified: t.privileges.pass, privCells: t.privileges.cells, inputsSha: short(report.run.inputsSha256), inputsShaFull: report.run.inputsSha256,
    },
    roles: report.matrix.roles,
    resources: report.matrix.resources,
    matrixRows,
    matrixCut: hiddenRoles ? { roles: hiddenRoles, fails: hiddenFails } : null,
    cellEvidence: matrixRows.flatMap((r) => r.cells),
    privileges: report.privileges.privileges,
    privRows, privCut: Math.max(0, report.privileges.rows.length - HTML_LIST_LIMIT),
    privTotals: t.privileges,
    findings: auditFindings.slice(0, HTML_LIST_LIMIT).map((f) => ({ ...f, sevClass: sevRank(f.severity) >= 0 ? f.severity : 'other' })),
    findingsCut: Math.max(0, auditFindings.length - HTML_LIST_LIMIT),
    exampleFindings: exampleFindings.slice(0, HTML_LIST_LIMIT).map((f) => ({ ...f, sevClass: sevRank(f.severity) >= 0 ? f.severity : 'other' })),
    exampleFindingsCut: Math.max(0, exampleFindings.length - HTML_LIST_LIMIT),
    findingsBySeverity: Object.entries(t.findingsBySeverity).sort((a, b) => sevRank(a[0]) - sevRank(b[0])).map(([severity, n]) => ({ severity, n })),
    isAudit: report.run.subject.kind === 'environment' || report.findings.length > 0 || report.principals.length > 0,
    isEnvironment: report.run.subject.kind === 'environment',
    principals: report.principals.slice(0, HTML_LIST_LIMIT).map((p) => ({
      user: p.user, businessUnit: p.businessUnit ?? '', roles: p.roles.join(', '),
      allowed: Object.entries(p.resources ?? {}).filter(([, v]) => v === 'allow').map(([k]) => report.matrix.resources.find((r) => r.id === k)?.name ?? k).join(', '),
    })),
    principalsCut: Math.max(0, report.principals.length - HTML_LIST_LIMIT),
    rules: report.rules.map((r) => ({
      ...ruleView(r, r.id), topic: r.topic, status: r.status,
      symbol: r.status === 'passed' ? '✔' : r.status === 'failed' ? '✖' : '?',
      statusLabel: r.status === 'not-tested' ? 'not tested' : r.status,
      scenarioCount: r.scenarios.length, notExecuted: r.notExecuted,
      scenarios: r.scenarios.slice(0, 50).map((s) => ({ ...s, symbol: SCENARIO_SYMBOL[s.status], anchor: scenarioAnchor(s.id) })),
      moreScenarios: Math.max(0, r.scenarios.length - 50),
      conflicts: r.conflicts,
    })),
    ruleTotals: t.rules,
    conflicts: report.conflicts.map((c) => ({
      id: c.id, title: c.title, modelFollows: c.modelFollows,
      sides: c.sides.map((s) => ({ rule: s.rule, says: s.says, section: s.source.section, lines: s.source.lines[0] === s.source.lines[1] ? `line ${s.source.lines[0]}` : `lines ${s.source.lines[0]}–${s.source.lines[1]}`, url: safeUrl(s.source.url), document: DOCUMENTS[s.source.document as DocumentId]?.title ?? s.source.document })),
      cells: c.cells.map((x) => ({ label: `${x.role} × ${report.matrix.resources.find((r) => r.id === x.resource)?.name ?? x.resource}`, id: report.matrix.cells.find((m) => m.role === x.role && m.resource === x.resource)?.id ?? '' })),
    })),
    scenarioList: report.scenarios.slice(0, HTML_LIST_LIMIT * 4).map((s) => ({
      ...s, anchor: scenarioAnchor(s.id), symbol: SCENARIO_SYMBOL[s.status], executed: s.status !== 'not-executed',
      decisions: s.decisions.slice(0, 20),
    })),
    scenarioCut: Math.max(0, report.scenarios.length - HTML_LIST_LIMIT * 4),
    scenarioTotals: t.scenarios,
    run: {
      ...report.run,
      filters: [
        ...report.run.filters.tags.map((v) => ({ k: 'tags', v })), ...report.run.filters.names.map((v) => ({ k: 'name', v })),
        ...report.run.filters.paths.map((v) => ({ k: 'path', v })), ...(report.run.filters.shard ? [{ k: 'shard', v: report.run.filters.shard }] : []),
      ],
    },
    environments: report.environments,
    schemaVersion: report.schemaVersion,
    statusLegend: (['pass', 'fail', 'conflict', 'not-tested'] as CellStatus[]).map((s) => ({ s, symbol: STATUS_SYMBOL[s], label: STATUS_LABEL[s] })),
    depthLegend: Object.entries(DEPTH_GLYPH).map(([d, glyph]) => ({ glyph, label: DEPTH_LABEL[d] })),
  };
}

export function renderHtml(report: ComplianceReport): string {
  const { template, css, js } = templates();
  const view = htmlView(report);
  view.csp = cspFor(css, js);
  return template(view);
}

// ---------------------------------------------------------------------------------------------------------
// CSV

/** A cell a spreadsheet would take for a formula gets a leading apostrophe: the rule check's answers follow too. */
export { neutralise };

export function renderCsv(report: ComplianceReport): string {
  const header = ['role', 'custom_role', 'resource', 'resource_name', 'expected', 'actual', 'status', 'rules', 'conflicts', 'scenarios', 'explanation', 'problems'];
  const rows = report.matrix.cells.map((c) => [
    c.role, c.custom ? 'yes' : 'no', c.resource, c.resourceName, c.expected ? fmtVerdict(c.expected) : '', c.actual ? fmtVerdict(c.actual) : '',
    c.status, c.rules.join(' '), c.conflicts.join(' '), [...new Set(c.evidence.map((e) => `${e.scenario} ${e.name}`))].join(' | '),
    c.evidence.find((e) => e.explanation)?.explanation ?? '', c.problems.join(' | '),
  ].map((v) => neutralise(String(v))));
  return stringify([header, ...rows], { escape_formulas: true, record_delimiter: '\r\n' });
}

// ---------------------------------------------------------------------------------------------------------
// JUnit (cucumber's own printer; one <testsuite> per run, wrapped in <testsuites> when runs were merged)

/** Characters XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets), lone surrogates included. */
const XML_INVALID = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const xmlVisible = (ch: string): string => {
  const v = visible(ch);
  return v !== ch ? v : `\\u{${ch.charCodeAt(0).toString(16).toUpperCase()}}`;
};

interface XmlStringifier { cdata(v: unknown): string; assertLegalChar(s: string): string }

/**
 * The printer's XML made safe for any name of the input. Its XML builder (xmlbuilder) splits a CDATA section at the
 * first "]]>" of a value only, so a name holding it twice ended the section and wrote its own elements; and it
 * drops the characters XML 1.0 cannot hold. Here every "]]>" splits the section, and those characters are written
 * visibly (`\x1b`). The printer keeps its builder in a field of its own: the test of junit.xml parses the file, so a
 * version of the printer built otherwise fails there rather than writing an unsafe file.
 */
function hardenedPrinter(write: (s: string) => void): JUnitXmlPrinter {
  const printer = new JUnitXmlPrinter({ suiteName: 'rolecheck' }, write);
  const stringify = (printer as unknown as { builder?: { stringify?: XmlStringifier } }).builder?.stringify;
  if (!stringify || typeof stringify.cdata !== 'function' || typeof stringify.assertLegalChar !== 'function') {
    throw new Error('the JUnit printer has changed: its XML stringifier was not found (see hardenedPrinter)');
  }
  const legal = (s: string): string => s.replace(XML_INVALID, xmlVisible);
  stringify.assertLegalChar = legal;
  stringify.cdata = (v: unknown) => legal(String(v ?? '')).replaceAll(']]>', ']]]]><![CDATA[>');
  return printer;
}

export function renderJunit(envelopes: readonly Envelope[]): string {
  // The runs of merged shards are fed to one printer as one run (their ids never collide: cucumber makes UUIDs),
  // starting with the first run's start and ending with the last run's end, so the merged junit.xml lists the
  // test cases in the same order, with the same totals, as one unsharded run.
  const runs = splitRuns(envelopes);
  let xml = '';
  const printer = hardenedPrinter((s) => { xml += s; });
  runs.forEach((run, i) => {
    for (const e of run) {
      if ((e.testRunStarted && i > 0) || (e.testRunFinished && i < runs.length - 1)) continue;
      printer.update(e as never);
    }
  });
  return xml === '' || xml.endsWith('\n') ? xml : xml + '\n';
}

export function renderMessages(envelopes: readonly Envelope[]): string {
  return envelopes.map((e) => JSON.stringify(e)).join('\n') + (envelopes.length ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------------------
// the set

/**
 * The specification book of this run: the feature files come from the message log's `source` envelopes (so a
 * rebuild from saved logs shows the specification that actually ran), the results from this report.
 */
export function renderBook(report: ComplianceReport, envelopes: readonly Envelope[]): string {
  // Merged shards each carry every source: one chapter per file (a file that differs between the runs is a
  // warning of the report; the first version is shown).
  const sources = new Map<string, string>();
  for (const e of envelopes) if (e.source && !sources.has(e.source.uri)) sources.set(e.source.uri, e.source.data);
  const features = [...sources].map(([uri, data]) => parseFeature(uri, data))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = packageKnownPhrases();
  return renderSpecification(buildSpecificationView({
    features, results: resultsFromCompliance(JSON.parse(reportJson(report))), glossary: known.phrases,
    glossarySource: known.source === 'glossary' ? 'glossary (docs/steps.md)' : 'step definitions',
  }));
}

export function renderOutputs(report: ComplianceReport, envelopes: readonly Envelope[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('compliance.json', reportJson(report));
  files.set('compliance.html', renderHtml(report));
  files.set('compliance.csv', renderCsv(report));
  files.set('specification.html', renderBook(report, envelopes));
  files.set('junit.xml', renderJunit(envelopes));
  files.set('messages.ndjson', renderMessages(envelopes));
  const manifest = {
    schemaVersion: report.schemaVersion,
    timestampUtc: report.run.timestampUtc,
    inputsSha256: report.run.inputsSha256,
    verdict: report.totals.verdict,
    files: [...files].map(([path, body]) => ({ path, sha256: sha256(body), bytes: Buffer.byteLength(body) })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return files;
}
