// compliance.html: the report data -> one self-contained page (Handlebars templates in templates/, inline CSS and
// script allowed by hash in the CSP, no network access, readable without JavaScript). The page has two halves in
// this order, which is also the printed order: the environment (findings, policies, principals, effective access)
// and the documented baseline (the matrix, the role table, rules, conflicts, drift, limitations); the evidence is an
// appendix. Lists that grow with the tenant are cut at HTML_LIMITS and every cut says where the whole list is.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { DOCUMENTS, type DocumentId } from '../catalog/rules.ts';
import { ROLE_RESOURCES_FILE } from '../evidence/environment.ts';
import { PRIVILEGES } from '../vocabulary/index.ts';
import { TEMPLATES_DIR } from '../paths.ts';
import { template } from './templates.ts';
import { lookupData, OPEN_LIST_ROWS, reachCount, userAccessRows } from './access.ts';
import { decisionKind } from './matrix.ts';
import { principalRows } from './principals.ts';
import { markWaived, reviewView } from './review.ts';
import {
  severityRank,
  type CellStatus,
  type ComplianceReport,
  type MatrixCell,
  type PrivilegeCell,
  type ScenarioStatus,
  type Verdict,
} from './schema.ts';

export const TEMPLATE_DIR = TEMPLATES_DIR;
/** The most rows of each long list the page holds; the JSON, the CSV files and the workbook hold every row. */
export const HTML_LIMITS = {
  findings: 500,
  users: 5_000,
  roleGrants: 2_000,
  userAccess: 2_000,
  customRoles: 60,
  scenarios: 2_000,
  tables: 1_000,
  roles: 2_500,
} as const;
/** Kept for callers of the earlier name: lists longer than this are cut (the JSON keeps everything). */
export const HTML_LIST_LIMIT = HTML_LIMITS.findings;
const SCENARIOS_PER_CELL = 12;

/** The check's mark: quieter than the decision, never in front of it. */
export const CHECK_MARK: Record<CellStatus, string> = { pass: '✓', fail: '✖', conflict: '≠', 'not-tested': '?' };
export const CHECK_LABEL: Record<CellStatus, string> = {
  pass: 'verified',
  fail: 'check failed',
  conflict: 'verified; the documents disagree',
  'not-tested': 'not tested',
};
export const STATUS_LABEL: Record<CellStatus, string> = {
  pass: 'verified',
  fail: 'failed',
  conflict: 'documentation conflict',
  'not-tested': 'not tested',
};
export const DEPTH_GLYPH: Record<string, string> = {
  None: '○',
  Basic: '◔',
  Local: '◑',
  Deep: '◕',
  Global: '●',
  'Organization-shared rows': '◎',
};
export const DEPTH_LABEL: Record<string, string> = {
  None: 'none',
  Basic: 'user',
  Local: 'business unit',
  Deep: 'parent: child business units',
  Global: 'organization',
  'Organization-shared rows': 'rows shared with the organization only',
};
const SCENARIO_SYMBOL: Record<ScenarioStatus, string> = {
  passed: '✓',
  failed: '✖',
  pending: '…',
  undefined: '✖',
  ambiguous: '✖',
  skipped: '–',
  unknown: '?',
  'not-executed': '?',
};
const CONDITION_SHORT: Record<string, string> = {
  'solution-aware': 'solution-aware only',
  'non-solution-aware': 'non-solution-aware only',
};

// ---------------------------------------------------------------------------------------------------------
// templates

let compiled: { template: Handlebars.TemplateDelegate; css: string; reviewCss: string; js: string } | undefined;

/** JSON for a data block of the page: `<` `>` `&` and line separators escaped, so no text of it can end the block. */
export function jsonForHtml(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function templates(): { template: Handlebars.TemplateDelegate; css: string; reviewCss: string; js: string } {
  if (!compiled) {
    const hb = Handlebars.create();
    const partialDir = join(TEMPLATE_DIR, 'partials');
    for (const f of readdirSync(partialDir)
      .filter((x) => x.endsWith('.hbs'))
      .sort()) {
      hb.registerPartial(f.replace(/\.hbs$/, ''), template(hb, `partials/${f}`));
    }
    const css = readFileSync(join(TEMPLATE_DIR, 'report.css'), 'utf8');
    const js = readFileSync(join(TEMPLATE_DIR, 'report.js'), 'utf8');
    // The review's styles join the page only when the report has a review: a page without one keeps its bytes.
    const reviewCss = readFileSync(join(TEMPLATE_DIR, 'review.css'), 'utf8');
    if (/<\/(style|script)/i.test(css + reviewCss + js))
      throw new Error('templates/report.css, review.css or report.js contains a closing style/script tag');
    // Our own stylesheet and script, and data made safe by jsonForHtml: the only unescaped output, through SafeString.
    hb.registerHelper(
      'inlineCss',
      (o: Handlebars.HelperOptions) => new hb.SafeString((o.data as { root: { styles?: string } }).root.styles ?? css),
    );
    hb.registerHelper('inlineJs', () => new hb.SafeString(js));
    hb.registerHelper('jsonData', (v: unknown) => new hb.SafeString(jsonForHtml(v)));
    // Depth cells made by depthCell from a closed set of glyphs and labels (never input data).
    hb.registerHelper(
      'depthCells',
      (v: unknown) =>
        new hb.SafeString(typeof v === 'string' && /^(<td class="pc( z)?" title="[a-z: ]+">.<i>[a-z: ]+<\/i><\/td>)*$/.test(v) ? v : ''),
    );
    hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    hb.registerHelper('plural', (n: number, one: string, many: string) => (n === 1 ? one : many));
    compiled = {
      template: template(hb, 'report.hbs'),
      css,
      reviewCss,
      js,
    };
  }
  return compiled;
}

function cspFor(css: string, js: string): string {
  const h = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
  // Hash-based: an injected inline script or event handler cannot run even if escaping ever failed.
  return `default-src 'none'; style-src ${h(css)}; script-src ${h(js)}; img-src data:; base-uri 'none'; form-action 'none'`;
}

// ---------------------------------------------------------------------------------------------------------
// pieces

/** A decision in words for people: `allow (solution-aware only)`. */
function verdictText(v: Verdict | null, none: string): string {
  if (!v) return none;
  return v.condition ? `${v.decision} (${CONDITION_SHORT[v.condition] ?? v.condition})` : v.decision;
}

/** Only https links are rendered as links; anything else is shown as text. */
function safeUrl(u: string | null | undefined): string | null {
  return u && /^https:\/\/[^\s"'<>]+$/i.test(u) ? u : null;
}
export const scenarioAnchor = (id: string): string => `sc-${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
const lines = (l: readonly [number, number] | number[]) => (l[0] === l[1] ? `line ${l[0]}` : `lines ${l[0]}–${l[1]}`);

function ruleView(r: ComplianceReport['rules'][number] | undefined, id: string) {
  if (!r) return { id, statement: '(not in the catalogue)', known: false };
  return {
    id,
    known: true,
    statement: r.statement,
    severity: r.severity,
    status: r.status,
    document: r.source.documentTitle,
    section: r.source.section,
    file: r.source.file,
    lines: lines(r.source.lines),
    url: safeUrl(r.source.url),
  };
}

function cellView(c: MatrixCell, report: ComplianceReport, ruleText: Map<string, ComplianceReport['rules'][number]>) {
  const shown = c.actual ?? c.expected;
  const kind = decisionKind(shown);
  const conflicts = report.conflicts.filter((x) => c.conflicts.includes(x.id));
  return {
    id: c.id,
    role: c.role,
    resource: c.resource,
    resourceName: c.resourceName,
    status: c.status,
    custom: c.custom,
    mark: CHECK_MARK[c.status],
    checkLabel: CHECK_LABEL[c.status],
    statusLabel: STATUS_LABEL[c.status],
    decision: kind === 'none' ? '—' : kind,
    decisionKind: kind,
    condition: shown?.condition ? (CONDITION_SHORT[shown.condition] ?? shown.condition) : '',
    tested: c.check !== 'not-tested',
    expected: verdictText(c.expected, 'no expectation'),
    expectedFrom: c.custom ? 'expected' : 'summary table',
    actual: verdictText(c.actual, 'not asserted by any scenario'),
    title: `${c.role} × ${c.resourceName}: ${verdictText(shown, 'no decision')}; ${CHECK_LABEL[c.status]}`,
    problems: c.problems,
    rules: c.rules.map((id) => ruleView(ruleText.get(id), id)),
    conflicts: conflicts.map((x) => ({ id: x.id, title: x.title, modelFollows: x.modelFollows })),
    explanation: c.evidence.find((e) => e.explanation)?.explanation ?? '',
    via: [...new Set(c.evidence.flatMap((e) => e.via))],
    evidence: c.evidence
      .slice(0, SCENARIOS_PER_CELL)
      .map((e) => ({ ...e, symbol: SCENARIO_SYMBOL[e.status], anchor: scenarioAnchor(e.scenario) })),
    moreEvidence: Math.max(0, c.evidence.length - SCENARIOS_PER_CELL),
  };
}

/** One depth cell as compact markup: the glyph, and its words for screen readers (`.pc i` is visually hidden). */
function depthCell(depth: string): string {
  const label = DEPTH_LABEL[depth] ?? depth;
  return `<td class="pc${depth === 'None' ? ' z' : ''}" title="${label}">${DEPTH_GLYPH[depth] ?? '?'}<i>${label}</i></td>`;
}

const plural = (k: number, one: string, many: string) => (k === 1 ? one : many);
const n = (k: number, one: string, many: string) => `${k} ${plural(k, one, many)}`;
/** A count of the banner at the top of the page: marked bad or warn when it is not 0, linked to its section. */
const tile = (k: number, label: string, mark: 'bad' | 'warn', href: string, id: string) => ({ n: k, label, [mark]: k > 0, href, id });

// ---------------------------------------------------------------------------------------------------------
// the environment half

function environmentView(report: ComplianceReport) {
  const env = report.environment;
  if (!env) return null;
  const t = report.totals;
  const cuts: Array<{ what: string; shown: number; total: number | null; where: string }> = [...env.cuts];
  const cut = <T>(what: string, list: readonly T[] | null, limit: number, where: string): T[] => {
    if (!list) return [];
    if (list.length > limit) cuts.push({ what, shown: limit, total: list.length, where });
    return list.slice(0, limit);
  };
  const findings = [...report.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || (a.id < b.id ? -1 : 1));
  const users = env.users ? principalRows(env.users) : null;
  const ua = userAccessRows(env);
  const custom = report.matrix.roles.filter((r) => r.custom);
  const cellsByRole = new Map<string, MatrixCell[]>();
  for (const c of report.matrix.cells)
    if (c.custom) {
      const l = cellsByRole.get(c.role) ?? [];
      l.push(c);
      cellsByRole.set(c.role, l);
    }
  const failing = (role: string) => (cellsByRole.get(role) ?? []).filter((c) => c.status === 'fail').length;
  const shownCustom = [...custom].sort((a, b) => failing(b.name) - failing(a.name) || (a.name < b.name ? -1 : 1));
  const ruleText = new Map(report.rules.map((r) => [r.id, r]));
  const customWhere = env.files.some((f) => f.name === ROLE_RESOURCES_FILE)
    ? `${ROLE_RESOURCES_FILE}, compliance.json and compliance.csv`
    : 'compliance.json and compliance.csv';
  const customRows = cut('custom roles × resources', shownCustom, HTML_LIMITS.customRoles, customWhere).map((r) => ({
    role: r.name,
    cells: (cellsByRole.get(r.name) ?? []).map((c) => cellView(c, report, ruleText)),
  }));
  const resourceName = new Map(report.matrix.resources.map((r) => [r.id, r.name]));
  const ce = report.matrix.customElsewhere;
  // Beyond the audit's limit: the counts, the cells that disagree by name, and the file that holds every cell.
  const customElsewhere = ce
    ? {
        roles: ce.roles,
        cells: ce.cells,
        file: ce.file,
        checked: ce.scenarios.length > 0,
        pass: ce.pass,
        fail: ce.fail,
        scenarios: ce.scenarios.map((id) => ({ id, anchor: scenarioAnchor(id) })),
        allowed: report.matrix.resources.map((r) => ({ name: r.name, n: ce.allowed[r.id] ?? 0 })),
        disagreements: ce.firstDisagreements.map((d) => ({
          role: d.role,
          resource: resourceName.get(d.resource) ?? d.resource,
          expected: verdictText(d.expected, 'no decision'),
          actual: verdictText(d.actual, 'no decision'),
        })),
        more: Math.max(0, ce.disagreements - ce.firstDisagreements.length),
      }
    : null;
  const reconciled = env.reconciliation.filter((l) => l.reconciled === false).length;
  const view = {
    name: env.name,
    type: env.type,
    dataverse: env.dataverse,
    source: env.source
      ? {
          kind: env.source.kind === 'bundle' ? 'Web API bundle' : 'folder of CSV files',
          folder: env.source.folder,
          solutions: env.source.solutions,
          pulledAt: env.source.pulledAt ?? null,
          url: env.source.url ?? null,
        }
      : null,
    population: env.population,
    reconciliation: env.reconciliation,
    reconcileProblems: reconciled,
    notDecided: env.notDecided,
    hierarchy: env.hierarchy,
    findings: cut('findings', findings, HTML_LIMITS.findings, 'compliance.json, findings.csv and the workbook (Findings)').map((f) => ({
      ...f,
      sevClass: severityRank(f.severity) < 9 ? f.severity : 'other',
    })),
    findingsBySeverity: Object.entries(t.findingsBySeverity)
      .sort((a, b) => severityRank(a[0]) - severityRank(b[0]))
      .map(([severity, k]) => ({ severity, n: k })),
    policies: report.policies.map((p) => ({ ...p, symbol: SCENARIO_SYMBOL[p.status], failed: p.status !== 'passed' })),
    users: users ? cut('users', users, HTML_LIMITS.users, 'access/users.csv and the workbook (User access)') : null,
    usersTotal: env.population?.users ?? 0,
    roles: cut('roles', env.roles, HTML_LIMITS.roles, 'compliance.json and access/roles.csv'),
    roleGrants: env.roleGrants
      ? cut('role privileges', env.roleGrants, HTML_LIMITS.roleGrants, 'access/roles.csv and the workbook (Role privileges)').map(
          (g, i, all) => ({
            role: g.role,
            table: g.table,
            custom: env.roles.find((r) => r.role === g.role)?.custom ?? false,
            firstOfRole: i === 0 || all[i - 1]!.role !== g.role,
            cells: PRIVILEGES.map((p) => depthCell(g.depths[p])).join(''),
          }),
        )
      : null,
    tables: cut('tables of interest', env.tables, HTML_LIMITS.tables, 'compliance.json').map((x) => ({
      table: x.table,
      custom: x.custom,
      cells: PRIVILEGES.map((p) => {
        const counts = x.users[p];
        const reach = reachCount(counts);
        return {
          n: reach,
          title: `${p} on ${x.table}: ${reach} enabled users (${Object.entries(counts)
            .filter(([d]) => d !== 'None')
            .map(([d, k]) => `${DEPTH_LABEL[d]} ${k}`)
            .join(', ')})`,
          none: reach === 0,
        };
      }),
    })),
    otherTables: env.otherTables,
    userAccess: ua
      ? cut('user access (users × tables)', ua, HTML_LIMITS.userAccess, 'access/user-access.csv and the workbook (User access)').map(
          (r, i, all) => ({
            user: r.user,
            enabled: r.enabled,
            table: r.table,
            firstOfUser: i === 0 || all[i - 1]!.user !== r.user,
            via: r.via.join('; '),
            cells: PRIVILEGES.map((p) => depthCell(r.depths[p])).join(''),
          }),
        )
      : null,
    lookup: lookupData(env),
    lookupTables: env.tables.map((x) => x.table),
    customRows,
    customCells: customRows.flatMap((r) => r.cells),
    customElsewhere,
    customShown: customRows.length > 0 || customElsewhere !== null,
    files: env.files,
    omittedFiles: env.omittedFiles,
    cuts,
    limits: env.limits,
  };
  // Long lists are in the page whole, but closed (templates/partials/environment.hbs).
  return {
    ...view,
    collapse: { users: (view.users?.length ?? 0) > OPEN_LIST_ROWS, roleGrants: (view.roleGrants?.length ?? 0) > OPEN_LIST_ROWS },
  };
}

// ---------------------------------------------------------------------------------------------------------
// the page

export function htmlView(report: ComplianceReport) {
  const t = report.totals;
  const ruleText = new Map(report.rules.map((r) => [r.id, r]));
  const cellsByRole = new Map<string, MatrixCell[]>();
  for (const c of report.matrix.cells)
    if (!c.custom) {
      const l = cellsByRole.get(c.role) ?? [];
      l.push(c);
      cellsByRole.set(c.role, l);
    }
  const matrixRows = report.matrix.roles
    .filter((r) => !r.custom)
    .map((r) => ({
      role: r.name,
      cells: (cellsByRole.get(r.name) ?? []).map((c) => cellView(c, report, ruleText)),
    }));
  const privByRow = new Map<string, PrivilegeCell[]>();
  for (const c of report.privileges.cells) {
    const k = `${c.role}\u0000${c.table}`;
    const l = privByRow.get(k) ?? [];
    l.push(c);
    privByRow.set(k, l);
  }
  const privRows = report.privileges.rows
    .filter((r) => !r.custom)
    .map((row, i, all) => ({
      role: row.role,
      table: row.table,
      firstOfRole: i === 0 || all[i - 1]!.role !== row.role,
      cells: (privByRow.get(`${row.role}\u0000${row.table}`) ?? []).map((c) => {
        const depth = c.actual ?? c.expected ?? 'None';
        return {
          status: c.status,
          mark: CHECK_MARK[c.status],
          glyph: DEPTH_GLYPH[depth] ?? '?',
          depth: DEPTH_LABEL[depth] ?? depth,
          title: `${c.role}, ${c.privilege} on ${c.table}: ${DEPTH_LABEL[depth] ?? depth}; ${CHECK_LABEL[c.status]}${c.expected && c.actual && c.expected !== c.actual ? ` (expected ${DEPTH_LABEL[c.expected]})` : ''}`,
        };
      }),
    }));
  const env = environmentView(report);
  const isEnv = report.run.subject.kind === 'environment';
  const conflictsOf = (c: (typeof report.conflicts)[number]) =>
    c.cells.map((x) => ({
      label: `${x.role} × ${report.matrix.resources.find((r) => r.id === x.resource)?.name ?? x.resource}`,
      id: report.matrix.cells.find((m) => m.role === x.role && m.resource === x.resource)?.id ?? '',
    }));
  const ci = report.run.ranBy.ci;
  return {
    csp: '',
    title: isEnv ? `Compliance of ${report.run.subject.name}` : 'Compliance of the documented baseline',
    subject: report.run.subject,
    timestamp: report.run.timestampUtc
      .replace('T', ' ')
      .replace(/\.\d+Z$/, ' UTC')
      .replace(/Z$/, ' UTC'),
    timestampIso: report.run.timestampUtc,
    verdict: t.verdict,
    verdictLabel: t.verdict.toUpperCase(),
    banner: [
      ...(isEnv
        ? [
            tile(t.findings, plural(t.findings, 'finding', 'findings'), 'bad', '#findings', 'count-findings'),
            tile(t.policies.failed, `of ${n(t.policies.total, 'policy', 'policies')} failed`, 'bad', '#policies', 'count-policies-failed'),
          ]
        : []),
      tile(t.rules.failed, `of ${t.rules.total} documented rules failed`, 'bad', '#rules', 'count-rules-failed'),
      tile(
        t.rules['not-tested'],
        plural(t.rules['not-tested'], 'rule not tested', 'rules not tested'),
        'warn',
        '#rules',
        'count-rules-not-tested',
      ),
      tile(t.conflicts, plural(t.conflicts, 'documentation conflict', 'documentation conflicts'), 'warn', '#conflicts', 'count-conflicts'),
      tile(t.matrix.fail, plural(t.matrix.fail, 'failed matrix cell', 'failed matrix cells'), 'bad', '#matrix', 'count-matrix-failed'),
    ],
    counts: {
      findings: t.findings,
      policies: t.policies.total,
      policiesFailed: t.policies.failed,
      rules: t.rules.total,
      rulesPassed: t.rules.passed,
      rulesFailed: t.rules.failed,
      rulesNotTested: t.rules['not-tested'],
    },
    facts: {
      scenarios: t.scenarios.executed,
      defined: t.scenarios.defined,
      verifiedCells: t.matrix.pass + t.matrix.conflict,
      cells: t.matrix.cells,
      privVerified: t.privileges.pass,
      privCells: t.privileges.cells,
      inputsSha: report.run.inputsSha256.slice(0, 12),
      inputsShaFull: report.run.inputsSha256,
    },
    provenance: {
      rolecheck: report.run.rolecheckVersion ?? 'unknown',
      commit: report.run.gitCommit,
      inputCount: report.run.inputs.filter((i) => i.kind !== 'message-log').length,
      user: report.run.ranBy.user,
      host: report.run.ranBy.host,
      ci: ci ? { name: ci.name, url: safeUrl(ci.url), urlText: ci.url, buildNumber: ci.buildNumber } : null,
      filters: [
        ...report.run.filters.tags.map((v) => ({ k: 'tags', v })),
        ...report.run.filters.names.map((v) => ({ k: 'name', v })),
        ...report.run.filters.paths.map((v) => ({ k: 'path', v })),
        ...(report.run.filters.shard ? [{ k: 'shard', v: report.run.filters.shard }] : []),
      ],
    },
    isEnvironment: isEnv,
    env,
    review: reviewView(report),
    roles: report.matrix.roles.filter((r) => !r.custom),
    resources: report.matrix.resources,
    matrixRows,
    cellEvidence: [...matrixRows.flatMap((r) => r.cells), ...(env?.customCells ?? [])],
    privileges: report.privileges.privileges,
    privRows,
    privTotals: t.privileges,
    rules: report.rules.map((r) => ({
      ...ruleView(r, r.id),
      topic: r.topic,
      status: r.status,
      mark: r.status === 'passed' ? '✓' : r.status === 'failed' ? '✖' : '?',
      statusLabel: r.status === 'not-tested' ? 'not tested' : r.status,
      scenarioCount: r.scenarios.length,
      notExecuted: r.notExecuted,
      scenarios: r.scenarios.slice(0, 50).map((s) => ({ ...s, symbol: SCENARIO_SYMBOL[s.status], anchor: scenarioAnchor(s.id) })),
      moreScenarios: Math.max(0, r.scenarios.length - 50),
      conflicts: r.conflicts,
      drift: r.drift,
      findings: r.findings,
    })),
    ruleTotals: t.rules,
    conflicts: report.conflicts.map((c) => ({
      id: c.id,
      title: c.title,
      modelFollows: c.modelFollows,
      sides: c.sides.map((s) => ({
        rule: s.rule,
        says: s.says,
        section: s.source.section,
        lines: lines(s.source.lines),
        url: safeUrl(s.source.url),
        document: DOCUMENTS[s.source.document as DocumentId]?.title ?? s.source.document,
      })),
      cells: conflictsOf(c),
    })),
    drift: report.drift.map((d) => ({
      id: d.id,
      title: d.title,
      rules: d.rules,
      modelFollows: d.modelFollows,
      why: d.why,
      baseline: {
        says: d.baseline.says,
        section: d.baseline.source.section,
        lines: lines(d.baseline.source.lines),
        url: safeUrl(d.baseline.source.url),
      },
      later: {
        says: d.later.says,
        section: d.later.source.section,
        lines: lines(d.later.source.lines),
        url: safeUrl(d.later.source.url),
        revision: d.later.revision,
        verified: d.later.verified,
        note: d.later.note,
      },
    })),
    limitations: report.limitations.map((l) => ({ ...l, sources: l.sources.map((s) => ({ ...s, url: safeUrl(s.url) })) })),
    scenarioList: report.scenarios.slice(0, HTML_LIMITS.scenarios).map((s) => ({
      ...s,
      anchor: scenarioAnchor(s.id),
      symbol: SCENARIO_SYMBOL[s.status],
      decisions: s.decisions.slice(0, 20),
    })),
    scenarioCut: Math.max(0, report.scenarios.length - HTML_LIMITS.scenarios),
    scenarioTotals: t.scenarios,
    groups: t.groups,
    run: report.run,
    schemaVersion: report.schemaVersion,
    checkLegend: (['pass', 'fail', 'conflict', 'not-tested'] as CellStatus[]).map((s) => ({
      s,
      mark: CHECK_MARK[s],
      label: CHECK_LABEL[s],
    })),
    depthLegend: Object.entries(DEPTH_GLYPH).map(([d, glyph]) => ({ glyph, label: DEPTH_LABEL[d] })),
  };
}

export function renderHtml(report: ComplianceReport): string {
  const { template, css, reviewCss, js } = templates();
  // The access review: its section's view is in htmlView; its waiver marks go on the findings, violations and cells.
  const view = markWaived(htmlView(report), report.review);
  const styles = report.review ? css + reviewCss : css;
  view.csp = cspFor(styles, js);
  return template({ ...view, styles });
}
