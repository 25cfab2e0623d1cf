// Pure: cucumber message envelopes (one list per run or shard) + the rule catalogue -> the compliance report data
// (`compliance.json`, documented in docs/report-schema.md). No I/O, no clock: whatever comes from the machine
// (versions, git commit, filters) is passed in `BuildContext`. Everything is sorted, so the same inputs give the
// same bytes; the only time in the report is `run.timestampUtc`, taken from the messages' testRunStarted.
import { ORG_SHARED_ROWS, RULE_TAG, type Privilege } from '../vocabulary/index.ts';
import { createHash } from 'node:crypto';
import type { Envelope } from '@cucumber/messages';
import { CONFLICTS, DOCUMENTS, RULES, type Conflict, type Rule } from '../catalog/rules.ts';
import { MATRIX_ROLES, RESOURCES, type Cell } from '../catalog/resources.ts';
import { documentedDepth, PREDEFINED_ROLES, predefinedRole, type PredefinedRole, type TableClass } from '../catalog/roles.ts';
import { DEPTH_NAMES, PRIVILEGES, parseDepth } from '../vocabulary/index.ts';
import {
  EVIDENCE_MEDIA_TYPE, type DecisionEvidence, type EnvironmentEvidence, type Evidence, type FindingEvidence,
  type MatrixCellEvidence, type PrincipalEvidence, type PrivilegeCellEvidence,
} from '../evidence/evidence.ts';

export const SCHEMA_ID = 'https://rolecheck.dev/schema/compliance/v1';
export const SCHEMA_VERSION = '1.0.0';

export type CellStatus = 'pass' | 'fail' | 'conflict' | 'not-tested';
export type RuleStatus = 'passed' | 'failed' | 'not-tested';
export type ScenarioStatus = 'passed' | 'failed' | 'pending' | 'undefined' | 'ambiguous' | 'skipped' | 'unknown' | 'not-executed';

export interface BuildContext {
  rolecheckVersion?: string;
  gitCommit?: string | null;
  nodeVersion?: string;
  /** Tag expressions, name patterns, paths and shard the run was filtered by (the command's filters). */
  filters?: { tags?: string[]; names?: string[]; paths?: string[]; shard?: string };
  /** Relative names of the message logs a report was rebuilt from. */
  messageLogs?: Array<{ path: string; sha256: string }>;
  /** Working directory: absolute paths under it are made relative; others lose their folder. */
  cwd?: string;
  /** Used when the messages carry no testRunStarted (tests). ISO 8601 UTC. */
  fallbackTimestamp?: string;
}

export interface Verdict { decision: 'allow' | 'deny'; condition?: string }

export interface ScenarioRef { id: string; name: string; status: ScenarioStatus }

export interface CellEvidenceItem {
  scenario: string;
  /** The question was about this kind of cloud flow only. */
  flowKind?: string;
  name: string;
  status: ScenarioStatus;
  expected: Verdict;
  actual: Verdict;
  via: string[];
  explanation: string;
}

export interface MatrixCell {
  id: string;
  role: string;
  resource: string;
  resourceName: string;
  custom: boolean;
  /** The summary table's cell (predefined roles) or what the scenario expected (custom roles); null: nothing asserted. */
  expected: Verdict | null;
  actual: Verdict | null;
  /** The check alone (pass / fail / not-tested), before a documentation conflict is applied. */
  check: 'pass' | 'fail' | 'not-tested';
  status: CellStatus;
  rules: string[];
  conflicts: string[];
  problems: string[];
  evidence: CellEvidenceItem[];
}

export interface PrivilegeCell {
  id: string;
  role: string;
  table: string;
  privilege: string;
  custom: boolean;
  /** A depth name (None, Basic, Local, Deep, Global) or a special reach (`Organization-shared rows`). */
  expected: string | null;
  actual: string | null;
  check: 'pass' | 'fail' | 'not-tested';
  status: CellStatus;
  rules: string[];
  problems: string[];
  scenarios: ScenarioRef[];
}

export interface ScenarioRecord {
  id: string;
  uri: string;
  line: number;
  name: string;
  tags: string[];
  rules: string[];
  status: ScenarioStatus;
  attempts: number;
  message?: string;
  decisions: Array<{ question: string; expected: string; actual: string; rules: string[]; explanation: string }>;
}

export interface RuleRecord {
  id: string;
  statement: string;
  severity: string;
  topic: string;
  source: { document: string; documentTitle: string; section: string; lines: [number, number]; url: string; file: string };
  status: RuleStatus;
  scenarios: ScenarioRef[];
  /** Scenarios tagged with the rule that the filters left out of this run. */
  notExecuted: number;
  conflicts: string[];
}

/** `audit`: raised by a scenario that audited an environment export (it attached `environment` evidence);
 *  `example`: raised in a specification scenario's own example environment. */
export type Finding = FindingEvidence & { scenario: string; origin: 'audit' | 'example' };

export interface ComplianceReport {
  $schema: string;
  schemaVersion: string;
  run: {
    /** THE timestamp of the report: when the (first) cucumber run started, ISO 8601 UTC. Nothing else is a time. */
    timestampUtc: string;
    subject: { kind: 'baseline' | 'environment'; name: string };
    rolecheckVersion: string | null;
    gitCommit: string | null;
    node: string | null;
    cucumber: string | null;
    runs: number;
    success: boolean;
    filters: { tags: string[]; names: string[]; paths: string[]; shard: string | null };
    inputs: Array<{ kind: 'feature' | 'environment-export' | 'message-log'; path: string; sha256: string; rows?: number }>;
    inputsSha256: string;
    warnings: string[];
  };
  totals: {
    matrix: Record<CellStatus, number> & { cells: number; roles: number; resources: number };
    privileges: Record<CellStatus, number> & { cells: number };
    rules: Record<RuleStatus, number> & { total: number };
    scenarios: Record<ScenarioStatus, number> & { defined: number; executed: number };
    conflicts: number;
    /** Findings of the audited environment(s) (`origin: "audit"`). */
    findings: number;
    findingsBySeverity: Record<string, number>;
    /** Findings raised in the example environments of specification scenarios (`origin: "example"`). */
    exampleFindings: number;
    principals: number;
    /** fail: a failed cell, rule or run, or a finding of an audited environment; incomplete: nothing failed but a rule or matrix cell is not tested. */
    verdict: 'pass' | 'fail' | 'incomplete';
  };
  matrix: { roles: Array<{ name: string; custom: boolean }>; resources: Array<{ id: string; name: string; rule: string; line: number }>; cells: MatrixCell[] };
  privileges: { privileges: string[]; rows: Array<{ role: string; table: string; custom: boolean }>; cells: PrivilegeCell[] };
  rules: RuleRecord[];
  conflicts: Array<Conflict & { cellIds: string[] }>;
  scenarios: ScenarioRecord[];
  findings: Finding[];
  principals: PrincipalEvidence[];
  environments: Array<{ name: string; folder: string; inputs: Array<{ path: string; sha256: string; rows?: number }> }>;
}

// ---------------------------------------------------------------------------------------------------------
// helpers

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sha256 = (s: string | Uint8Array): string => createHash('sha256').update(s).digest('hex');
const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(cmp);
export const slug = (s: string): string => {
  const base = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'x';
  return `${base}-${sha256(s).slice(0, 6)}`;
};
export const cellId = (role: string, resource: string): string => `cell-${slug(role)}--${resource.replace(/[^a-z0-9-]/gi, '')}`;
const privId = (role: string, table: string, privilege: string): string => `priv-${slug(role)}--${slug(table)}--${privilege.toLowerCase()}`;

const STATUS: Record<string, ScenarioStatus> = {
  PASSED: 'passed', FAILED: 'failed', PENDING: 'pending', UNDEFINED: 'undefined', AMBIGUOUS: 'ambiguous', SKIPPED: 'skipped', UNKNOWN: 'unknown',
};
// Worst first, as cucumber ranks them.
const SEVERITY_ORDER: ScenarioStatus[] = ['failed', 'ambiguous', 'undefined', 'pending', 'skipped', 'unknown', 'passed'];
const worse = (a: ScenarioStatus, b: ScenarioStatus): ScenarioStatus => (SEVERITY_ORDER.indexOf(a) <= SEVERITY_ORDER.indexOf(b) ? a : b);
const isFailure = (s: ScenarioStatus): boolean => s === 'failed' || s === 'ambiguous' || s === 'undefined' || s === 'pending';


/** Office Collaborator's Read: only rows shared with the whole organization (ROLE-012). */
export { ORG_SHARED_ROWS };

/** A depth name (`Basic` … `Global`, or the admin-center labels), or a special reach such as ORG_SHARED_ROWS. */
function normDepth(s: string | undefined | null): string | null {
  if (s == null) return null;
  const t = String(s).trim().replace(/\s+/g, ' ');
  if (!t) return null;
  if (/^none$/i.test(t)) return 'None';
  const exact = DEPTH_NAMES.find((d) => d.toLowerCase() === t.toLowerCase());
  if (exact) return exact;
  const d = parseDepth(t);
  if (d !== undefined) return DEPTH_NAMES[d]!;
  if (t.toLowerCase() === ORG_SHARED_ROWS.toLowerCase()) return ORG_SHARED_ROWS;
  return t;
}

const FLOW_KINDS = ['non-solution-aware', 'solution-aware'] as const;
/** `non-solution-aware only`, `solution-aware flows`, `Solution-aware` -> the flow kind; anything else as written. */
export function normCondition(c: string | undefined | null): string | undefined {
  if (c == null) return undefined;
  const t = String(c).trim().toLowerCase().replace(/\s+/g, ' ').replace(/ (only|flows?)$/g, '').replace(/ (only|flows?)$/g, '').replace(/^nonsolution/, 'non-solution').replace(/^non solution/, 'non-solution').replace(/ aware$/, '-aware');
  return t || undefined;
}
function kindFromCondition(c: string | undefined | null): string | undefined {
  const n = normCondition(c);
  return n && (FLOW_KINDS as readonly string[]).includes(n) ? n : undefined;
}
/** Evidence about one kind of flow: marked with `flowKind`, or (older steps) a condition phrased `<kind> flows`. */
function isKindQuestion(ev: MatrixCellEvidence, resource: string): boolean {
  if (resource !== 'cloud-flow') return false;
  if (ev.flowKind) return true;
  return [ev.expected?.condition, ev.actual?.condition].some((c) => typeof c === 'string' && / flows?$/i.test(c.trim()));
}

function normVerdict(v: { decision: string; condition?: string } | undefined | null): Verdict | null {
  if (!v || (v.decision !== 'allow' && v.decision !== 'deny')) return null;
  const c = normCondition(v.condition);
  return c && v.decision === 'allow' ? { decision: v.decision, condition: c } : { decision: v.decision };
}
const sameVerdict = (a: Verdict | null, b: Verdict | null): boolean =>
  !!a && !!b && a.decision === b.decision && (a.condition ?? '') === (b.condition ?? '');
const catalogueVerdict = (c: Cell): Verdict => (c.only ? { decision: 'allow', condition: c.only } : { decision: c.allow ? 'allow' : 'deny' });

/** The documented depth `role` holds for `privilege` on a table class: the catalogue's one reading (documentedDepth). */
export function expectedDepth(role: PredefinedRole, privilege: string, cls: TableClass): string {
  const effective = role.impliesRole ? predefinedRole(role.impliesRole) ?? role : role;
  if (effective.orgSharedReadOnly && privilege === 'Read') return ORG_SHARED_ROWS;
  return documentedDepth(role, privilege as Privilege, cls);
}

const TABLE_CLASS_LABEL: Record<TableClass, string> = { custom: 'custom table', core: 'core table', standard: 'standard table' };
const TABLE_CLASSES: TableClass[] = ['custom', 'core', 'standard'];
function tableClassOf(table: string): TableClass | undefined {
  const t = table.trim().toLowerCase().replace(/s$/, '');
  return TABLE_CLASSES.find((c) => t === c || t === TABLE_CLASS_LABEL[c]);
}

function relPath(p: string, cwd: string | undefined): string {
  let s = p.split('\\').join('/');
  if (cwd) {
    const c = cwd.split('\\').join('/').replace(/\/$/, '') + '/';
    if (s.startsWith(c)) s = s.slice(c.length);
  }
  if (s.startsWith('/') || /^[A-Za-z]:\//.test(s)) s = s.slice(s.lastIndexOf('/') + 1);
  return s.replace(/^\.\//, '');
}

function decodeBody(a: { body: string; contentEncoding: string }): string {
  return a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
}

function timestampIso(t: { seconds: number; nanos: number } | undefined): string | undefined {
  if (!t) return undefined;
  return new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6)).toISOString();
}

// ---------------------------------------------------------------------------------------------------------
// one run -> id-free records

interface RunScenario {
  key: string;
  uri: string;
  line: number;
  name: string;
  tags: string[];
  executed: boolean;
  status: ScenarioStatus;
  attempts: number;
  message?: string;
  evidence: Evidence[];
}

interface NormalizedRun {
  scenarios: RunScenario[];
  sources: Array<{ uri: string; sha256: string }>;
  started?: string;
  success: boolean | null;
  cucumber?: string;
  node?: string;
  warnings: string[];
}

/** Splits a concatenated envelope list into runs at each `meta` envelope (one per cucumber run / shard). */
export function splitRuns(envelopes: readonly Envelope[]): Envelope[][] {
  const runs: Envelope[][] = [];
  let cur: Envelope[] | undefined;
  for (const e of envelopes) {
    if (e.meta || !cur) runs.push((cur = []));
    cur.push(e);
  }
  return runs.filter((r) => r.length > 0);
}

export function normalizeRun(envelopes: readonly Envelope[], cwd?: string): NormalizedRun {
  const warnings: string[] = [];
  const pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  const testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  const started = new Map<string, { testCaseId: string; attempt: number }>();
  const stepStatus = new Map<string, { status: ScenarioStatus; message?: string }>();
  const evidenceByStart = new Map<string, Evidence[]>();
  const finished: Array<{ startedId: string; willBeRetried: boolean }> = [];
  const sources: Array<{ uri: string; sha256: string }> = [];
  let runStarted: string | undefined;
  let success: boolean | null = null;
  let cucumber: string | undefined; let node: string | undefined;

  for (const e of envelopes) {
    if (e.meta) { cucumber = e.meta.implementation?.version; node = e.meta.runtime?.version; }
    else if (e.source) sources.push({ uri: relPath(e.source.uri, cwd), sha256: sha256(e.source.data) });
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) testCases.set(e.testCase.id, e.testCase);
    else if (e.testCaseStarted) started.set(e.testCaseStarted.id, { testCaseId: e.testCaseStarted.testCaseId, attempt: e.testCaseStarted.attempt });
    else if (e.testStepFinished) {
      const id = e.testStepFinished.testCaseStartedId;
      const r = e.testStepFinished.testStepResult;
      const st = STATUS[String(r.status)] ?? 'unknown';
      const prev = stepStatus.get(id);
      const message = r.exception?.message ?? r.message;
      if (!prev || worse(st, prev.status) !== prev.status) {
        stepStatus.set(id, { status: st, ...(isFailure(st) && message ? { message } : {}) });
      }
    } else if (e.attachment) {
      const a = e.attachment;
      if (a.mediaType !== EVIDENCE_MEDIA_TYPE || !a.testCaseStartedId) continue;
      try {
        const parsed = JSON.parse(decodeBody(a)) as Evidence | Evidence[];
        const list = evidenceByStart.get(a.testCaseStartedId) ?? [];
        for (const ev of Array.isArray(parsed) ? parsed : [parsed]) if (ev && typeof ev === 'object' && typeof ev.type === 'string') list.push(ev);
        evidenceByStart.set(a.testCaseStartedId, list);
      } catch {
        warnings.push('An evidence attachment is not valid JSON and was ignored.');
      }
    } else if (e.testCaseFinished) finished.push({ startedId: e.testCaseFinished.testCaseStartedId, willBeRetried: e.testCaseFinished.willBeRetried });
    else if (e.testRunStarted) runStarted ??= timestampIso(e.testRunStarted.timestamp);
    else if (e.testRunFinished) success = e.testRunFinished.success;
  }

  const byPickle = new Map<string, RunScenario>();
  const clean = (m: string | undefined): string | undefined => {
    if (!m) return undefined;
    let first = m.split('\n').find((l) => l.trim()) ?? '';
    if (cwd) first = first.split(cwd.replace(/\/$/, '') + '/').join('');
    return first.length > 500 ? first.slice(0, 499) + '…' : first;
  };
  for (const p of pickles.values()) {
    const line = p.location?.line ?? 0;
    const uri = relPath(p.uri, cwd);
    byPickle.set(p.id, {
      key: `${uri}:${line}`, uri, line, name: p.name, tags: uniqSorted(p.tags.map((t) => t.name)),
      executed: false, status: 'not-executed', attempts: 0, evidence: [],
    });
  }
  // The last attempt of each test case decides (retries are reported, earlier attempts are not evidence).
  for (const f of finished) {
    if (f.willBeRetried) continue;
    const s = started.get(f.startedId); if (!s) continue;
    const tc = testCases.get(s.testCaseId); if (!tc) continue;
    const sc = byPickle.get(tc.pickleId); if (!sc) continue;
    const st = stepStatus.get(f.startedId) ?? { status: 'passed' as ScenarioStatus };
    sc.executed = true;
    sc.status = st.status;
    sc.attempts = s.attempt + 1;
    const m = clean(st.message); if (m) sc.message = m; else delete sc.message;
    sc.evidence = evidenceByStart.get(f.startedId) ?? [];
  }
  return { scenarios: [...byPickle.values()], sources, ...(runStarted ? { started: runStarted } : {}), success, ...(cucumber ? { cucumber } : {}), ...(node ? { node } : {}), warnings };
}

// ---------------------------------------------------------------------------------------------------------
// the report

/** Builds the report from one or more runs (shards). `runs` may also be one flat list holding several runs. */
export function buildReport(input: readonly Envelope[] | ReadonlyArray<readonly Envelope[]>, ctx: BuildContext = {}): ComplianceReport {
  const lists: Envelope[][] = (input.length > 0 && Array.isArray(input[0]))
    ? (input as ReadonlyArray<readonly Envelope[]>).flatMap((l) => splitRuns(l))
    : splitRuns(input as readonly Envelope[]);
  const runs = lists.map((l) => normalizeRun(l, ctx.cwd));
  const warnings: string[] = [];

  // Merge scenarios across runs by uri:line (ids differ between runs). An executed record beats a skipped one;
  // two executions (overlapping shards) keep the worse status.
  const scenarios = new Map<string, RunScenario>();
  for (const r of runs) {
    warnings.push(...r.warnings);
    for (const s of r.scenarios) {
      const prev = scenarios.get(s.key);
      if (!prev || (!prev.executed && s.executed)) { scenarios.set(s.key, { ...s, evidence: [...s.evidence] }); continue; }
      if (prev.executed && s.executed) {
        warnings.push(`Scenario ${s.key} ran in more than one run; the worse result is kept.`);
        if (worse(s.status, prev.status) === s.status && s.status !== prev.status) scenarios.set(s.key, { ...s, evidence: [...s.evidence] });
      }
    }
  }
  const sourceMap = new Map<string, Set<string>>();
  for (const r of runs) for (const s of r.sources) {
    const set = sourceMap.get(s.uri) ?? new Set<string>();
    set.add(s.sha256); sourceMap.set(s.uri, set);
  }
  for (const [uri, set] of sourceMap) if (set.size > 1) warnings.push(`Feature file ${uri} differs between the merged runs (${set.size} versions).`);

  const scenarioList = [...scenarios.values()].sort((a, b) => cmp(a.uri, b.uri) || a.line - b.line || cmp(a.name, b.name));
  const refOf = (s: RunScenario): ScenarioRef => ({ id: s.key, name: s.name, status: s.status });
  const rulesOf = (s: RunScenario): string[] => uniqSorted(s.tags.map((t) => RULE_TAG.exec(t)?.[1]).filter((x): x is string => !!x));

  // Evidence, by kind, with the scenario it came from.
  const matrixEv: Array<{ ev: MatrixCellEvidence; sc: RunScenario }> = [];
  const privEv: Array<{ ev: PrivilegeCellEvidence; sc: RunScenario }> = [];
  const findings: Finding[] = [];
  const principals = new Map<string, PrincipalEvidence>();
  const environments = new Map<string, EnvironmentEvidence>();
  for (const sc of scenarioList) {
    // Once per scenario, not once per finding: an audit scenario can attach tens of thousands of findings.
    const origin = sc.evidence.some((x) => x.type === 'environment') ? 'audit' : 'example';
    for (const ev of sc.evidence) {
      switch (ev.type) {
        case 'matrix-cell': matrixEv.push({ ev, sc }); break;
        case 'privilege-cell': privEv.push({ ev, sc }); break;
        case 'finding': findings.push({ ...ev, scenario: sc.key, origin }); break;
        case 'principal': principals.set(ev.user, ev); break;
        case 'environment': environments.set(`${ev.name}\u0000${ev.folder}`, ev); break;
        default: break;
      }
    }
  }

  // --- matrix: predefined roles x resources from the catalogue, plus custom roles seen in evidence
  const resources = RESOURCES.map((r) => ({ id: r.id, name: r.name, rule: r.ruleId, line: r.line }));
  const resourceById = new Map(RESOURCES.map((r) => [r.id, r]));
  const resolveResource = (x: string): string | undefined => resourceById.get(x)?.id ?? RESOURCES.find((r) => r.name.toLowerCase() === x.trim().toLowerCase())?.id;
  const customRoles = uniqSorted(matrixEv.filter(({ ev }) => ev.custom).map(({ ev }) => ev.role));
  const roles = [...MATRIX_ROLES.map((name) => ({ name: name as string, custom: false })), ...customRoles.filter((r) => !(MATRIX_ROLES as readonly string[]).includes(r)).map((name) => ({ name, custom: true }))];
  const cellEv = new Map<string, Array<{ ev: MatrixCellEvidence; sc: RunScenario }>>();
  for (const item of matrixEv) {
    const res = resolveResource(item.ev.resource);
    if (!res) { warnings.push(`Matrix evidence names an unknown resource "${item.ev.resource}" (${item.sc.key}).`); continue; }
    const k = `${item.ev.role}\u0000${res}`;
    const list = cellEv.get(k) ?? []; list.push(item); cellEv.set(k, list);
  }
  const cells: MatrixCell[] = [];
  for (const role of roles) {
    for (const r of RESOURCES) {
      const items = cellEv.get(`${role.name}\u0000${r.id}`) ?? [];
      const catalogueCell = role.custom ? null : r.cells[role.name as (typeof MATRIX_ROLES)[number]];
      const catalogue = catalogueCell ? catalogueVerdict(catalogueCell) : null;
      const problems: string[] = [];
      // Evidence about one kind of cloud flow refines the cell; evidence without a kind is about the whole cell.
      const kindOf = (ev: MatrixCellEvidence): string | undefined => ev.flowKind ?? kindFromCondition(ev.expected?.condition) ?? kindFromCondition(ev.actual?.condition);
      const whole = items.filter((i) => !isKindQuestion(i.ev, r.id));
      const perKind = items.filter((i) => isKindQuestion(i.ev, r.id));
      let expected: Verdict | null = catalogue;
      if (!expected) expected = normVerdict(whole.find((i) => normVerdict(i.ev.expected))?.ev.expected) ?? null;
      const evidence: CellEvidenceItem[] = items.map(({ ev, sc }) => {
        const k = isKindQuestion(ev, r.id) ? kindOf(ev) : undefined;
        return {
          scenario: sc.key, name: sc.name, status: sc.status, ...(k ? { flowKind: k } : {}),
          expected: normVerdict(ev.expected) ?? { decision: 'deny' }, actual: normVerdict(ev.actual) ?? { decision: 'deny' },
          via: [...(ev.via ?? [])].map(String).sort(cmp), explanation: String(ev.explanation ?? ''),
        };
      }).sort((a, b) => cmp(a.scenario, b.scenario) || cmp(JSON.stringify(a), JSON.stringify(b)));
      let actual: Verdict | null = null;
      for (const it of whole) {
        const a = normVerdict(it.ev.actual); const e = normVerdict(it.ev.expected);
        if (!a) { problems.push(`${it.sc.key}: the evidence carries no valid actual decision.`); continue; }
        if (actual && !sameVerdict(actual, a)) problems.push(`${it.sc.key}: the model decided ${fmtVerdict(a)} here but ${fmtVerdict(actual)} in another scenario.`);
        actual ??= a;
        if (expected && !sameVerdict(a, expected)) problems.push(`${it.sc.key}: expected ${fmtVerdict(expected)}, the model decided ${fmtVerdict(a)}.`);
        if (catalogue && e && !sameVerdict(e, catalogue)) problems.push(`${it.sc.key}: the scenario expects ${fmtVerdict(e)} but the summary table says ${fmtVerdict(catalogue)}.`);
        if (isFailure(it.sc.status)) problems.push(`${it.sc.key}: the scenario ${it.sc.status}.`);
      }
      const kindActual = new Map<string, 'allow' | 'deny'>();
      for (const it of perKind) {
        const a = normVerdict(it.ev.actual); const e = normVerdict(it.ev.expected); const k = kindOf(it.ev);
        if (!a) { problems.push(`${it.sc.key}: the evidence carries no valid actual decision.`); continue; }
        if (e && e.decision !== a.decision) problems.push(`${it.sc.key}: for ${k ?? 'one kind of'} flows expected ${e.decision}, the model decided ${a.decision}.`);
        if (k) {
          kindActual.set(k, a.decision);
          const want = catalogueCell ? (catalogueCell.allow && (!catalogueCell.only || catalogueCell.only === k) ? 'allow' : 'deny') : undefined;
          if (want && e && e.decision !== want) problems.push(`${it.sc.key}: the scenario expects ${e.decision} for ${k} flows but the summary table says ${want}.`);
          if (want && a.decision !== want) problems.push(`${it.sc.key}: for ${k} flows the summary table says ${want}, the model decided ${a.decision}.`);
        }
        if (isFailure(it.sc.status)) problems.push(`${it.sc.key}: the scenario ${it.sc.status}.`);
      }
      if (!actual && kindActual.size === FLOW_KINDS.length) {
        const allowed = FLOW_KINDS.filter((k) => kindActual.get(k) === 'allow');
        actual = allowed.length === 0 ? { decision: 'deny' } : allowed.length === FLOW_KINDS.length ? { decision: 'allow' } : { decision: 'allow', condition: allowed[0]! };
      }
      const check: MatrixCell['check'] = items.length === 0 ? 'not-tested' : problems.length > 0 ? 'fail' : 'pass';
      const conflicts = CONFLICTS.filter((c) => c.cells.some((x) => x.role === role.name && x.resource === r.id)).map((c) => c.id).sort(cmp);
      const status: CellStatus = check === 'pass' && conflicts.length > 0 ? 'conflict' : check;
      const rules = uniqSorted([...(role.custom ? [] : [r.ruleId]), ...items.flatMap((i) => i.ev.rules ?? []),
        ...conflicts.flatMap((id) => CONFLICTS.find((c) => c.id === id)!.sides.map((s) => s.rule))]);
      cells.push({
        id: cellId(role.name, r.id), role: role.name, resource: r.id, resourceName: r.name, custom: role.custom,
        expected, actual, check, status, rules, conflicts, problems: uniqSorted(problems), evidence,
      });
    }
  }

  // --- privileges: predefined roles x table classes x privileges from the catalogue, plus evidence rows
  const privRows = new Map<string, { role: string; table: string; custom: boolean }>();
  const privRoleOrder = (role: string): number => { const i = PREDEFINED_ROLES.findIndex((r) => r.name === role); return i < 0 ? 1000 : i; };
  for (const r of PREDEFINED_ROLES) {
    if (!r.dataverseRole) continue;
    for (const c of TABLE_CLASSES) privRows.set(`${r.name}\u0000${TABLE_CLASS_LABEL[c]}`, { role: r.name, table: TABLE_CLASS_LABEL[c], custom: false });
  }
  const pEv = new Map<string, Array<{ ev: PrivilegeCellEvidence; sc: RunScenario }>>();
  for (const item of privEv) {
    const cls = tableClassOf(item.ev.table);
    const table = cls ? TABLE_CLASS_LABEL[cls] : item.ev.table;
    const priv = PRIVILEGES.find((p) => p.toLowerCase() === String(item.ev.privilege).trim().toLowerCase());
    if (!priv) { warnings.push(`Privilege evidence names an unknown privilege "${item.ev.privilege}" (${item.sc.key}).`); continue; }
    const rk = `${item.ev.role}\u0000${table}`;
    if (!privRows.has(rk)) privRows.set(rk, { role: item.ev.role, table, custom: !!item.ev.custom || !predefinedRole(item.ev.role) });
    const k = `${rk}\u0000${priv}`;
    const list = pEv.get(k) ?? []; list.push(item); pEv.set(k, list);
  }
  const rows = [...privRows.values()].sort((a, b) => (a.custom === b.custom ? 0 : a.custom ? 1 : -1)
    || privRoleOrder(a.role) - privRoleOrder(b.role) || cmp(a.role, b.role) || cmp(a.table, b.table));
  const privCells: PrivilegeCell[] = [];
  for (const row of rows) {
    const pre = row.custom ? undefined : predefinedRole(row.role);
    const cls = tableClassOf(row.table);
    for (const p of PRIVILEGES) {
      const items = pEv.get(`${row.role}\u0000${row.table}\u0000${p}`) ?? [];
      const problems: string[] = [];
      const catalogue = pre && cls ? expectedDepth(pre, p, cls) : null;
      const expected = catalogue ?? normDepth(items.find((i) => normDepth(i.ev.expected))?.ev.expected);
      let actual: string | null = null;
      for (const it of items) {
        const a = normDepth(it.ev.actual); const e = normDepth(it.ev.expected);
        if (!a) { problems.push(`${it.sc.key}: the evidence carries no valid depth.`); continue; }
        if (actual && actual !== a) problems.push(`${it.sc.key}: depth ${a} here but ${actual} in another scenario.`);
        actual ??= a;
        if (expected && a !== expected) problems.push(`${it.sc.key}: expected ${expected}, the model grants ${a}.`);
        if (catalogue && e && e !== catalogue) problems.push(`${it.sc.key}: the scenario expects ${e} but the role table says ${catalogue}.`);
        if (isFailure(it.sc.status)) problems.push(`${it.sc.key}: the scenario ${it.sc.status}.`);
      }
      const check: PrivilegeCell['check'] = items.length === 0 ? 'not-tested' : problems.length ? 'fail' : 'pass';
      privCells.push({
        id: privId(row.role, row.table, p), role: row.role, table: row.table, privilege: p, custom: row.custom,
        expected, actual, check, status: check,
        rules: uniqSorted([...(pre ? [pre.ruleId] : []), ...items.flatMap((i) => i.ev.rules ?? [])]),
        problems: uniqSorted(problems),
        scenarios: dedupeRefs(items.map((i) => refOf(i.sc))),
      });
    }
  }

  // --- rules
  const scenariosByRule = new Map<string, RunScenario[]>();
  for (const s of scenarioList) for (const id of rulesOf(s)) { const l = scenariosByRule.get(id) ?? []; l.push(s); scenariosByRule.set(id, l); }
  const catalogueIds = new Set(RULES.map((r) => r.id));
  for (const id of scenariosByRule.keys()) if (!catalogueIds.has(id)) warnings.push(`Scenarios are tagged @${id}, which is not a catalogued rule.`);
  const rules: RuleRecord[] = RULES.map((r: Rule): RuleRecord => {
    const all = scenariosByRule.get(r.id) ?? [];
    const ran = all.filter((s) => s.executed && s.status !== 'skipped');
    const status: RuleStatus = ran.some((s) => isFailure(s.status) || s.status === 'unknown') ? 'failed' : ran.length > 0 ? 'passed' : 'not-tested';
    const doc = DOCUMENTS[r.source.document];
    return {
      id: r.id, statement: r.statement, severity: r.severity, topic: r.topic,
      source: { document: r.source.document, documentTitle: doc.title, section: r.source.section, lines: [r.source.lines[0], r.source.lines[1]], url: r.source.url, file: doc.file },
      status, scenarios: all.filter((s) => s.executed).map(refOf), notExecuted: all.filter((s) => !s.executed).length,
      conflicts: CONFLICTS.filter((c) => c.sides.some((s) => s.rule === r.id)).map((c) => c.id).sort(cmp),
    };
  }).sort((a, b) => cmp(a.id, b.id));

  // --- scenarios
  const scenarioRecords: ScenarioRecord[] = scenarioList.map((s) => ({
    id: s.key, uri: s.uri, line: s.line, name: s.name, tags: s.tags, rules: rulesOf(s), status: s.status, attempts: s.attempts,
    ...(s.message ? { message: s.message } : {}),
    decisions: s.evidence.filter((e): e is DecisionEvidence => e.type === 'decision').map((d) => ({
      question: String(d.question), expected: String(d.expected), actual: String(d.actual), rules: uniqSorted(d.rules ?? []), explanation: String(d.explanation ?? ''),
    })),
  }));

  // --- environments and inputs
  const envs = [...environments.values()].map((e) => ({
    name: e.name, folder: relPath(e.folder, ctx.cwd),
    inputs: (e.inputs ?? []).map((i) => ({ path: relPath(i.path, ctx.cwd), sha256: i.sha256, ...(i.rows !== undefined ? { rows: i.rows } : {}) })).sort((a, b) => cmp(a.path, b.path)),
  })).sort((a, b) => cmp(a.name, b.name) || cmp(a.folder, b.folder));
  const inputs: ComplianceReport['run']['inputs'] = [
    ...[...sourceMap].flatMap(([path, set]) => [...set].map((sha) => ({ kind: 'feature' as const, path, sha256: sha }))),
    ...envs.flatMap((e) => e.inputs.map((i) => ({ kind: 'environment-export' as const, ...i }))),
    ...(ctx.messageLogs ?? []).map((m) => ({ kind: 'message-log' as const, path: relPath(m.path, ctx.cwd), sha256: m.sha256 })),
  ].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.path, b.path) || cmp(a.sha256, b.sha256));
  const inputsSha256 = sha256(inputs.filter((i) => i.kind !== 'message-log').map((i) => `${i.sha256}  ${i.path}\n`).join(''));

  // --- findings, principals
  const sevRank = (s: string): number => { const i = ['critical', 'high', 'medium', 'low'].indexOf(s.toLowerCase()); return i < 0 ? 9 : i; };
  const findingList = dedupeBy(findings, (f) => JSON.stringify([f.origin, f.id, f.rule, f.principal ?? '', f.role ?? '', f.location ?? '', f.message]))
    .sort((a, b) => cmp(a.origin, b.origin) || sevRank(a.severity) - sevRank(b.severity) || cmp(a.rule, b.rule) || cmp(a.id, b.id) || cmp(a.principal ?? '', b.principal ?? '') || cmp(a.location ?? '', b.location ?? ''));
  const principalList = [...principals.values()].map((p) => sortKeys(p) as PrincipalEvidence).sort((a, b) => cmp(a.user, b.user));

  // --- totals (they reconcile: see test/report.build.test.ts)
  const count = <T extends string>(xs: Array<{ status: T }>, keys: readonly T[]): Record<T, number> => {
    const o = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
    for (const x of xs) o[x.status]++;
    return o;
  };
  const CELL: CellStatus[] = ['pass', 'fail', 'conflict', 'not-tested'];
  const SC: ScenarioStatus[] = ['passed', 'failed', 'pending', 'undefined', 'ambiguous', 'skipped', 'unknown', 'not-executed'];
  const scenarioCounts = count(scenarioRecords, SC);
  const ruleCounts = count(rules, ['passed', 'failed', 'not-tested'] as const);
  const findingsBySeverity: Record<string, number> = {};
  const auditFindings = findingList.filter((f) => f.origin === 'audit');
  for (const f of auditFindings) findingsBySeverity[f.severity] = (findingsBySeverity[f.severity] ?? 0) + 1;
  const matrixCounts = count(cells, CELL);
  const privCounts = count(privCells, CELL);
  // A run without testRunFinished crashed or was interrupted: it cannot vouch for anything.
  for (const [i, r] of runs.entries()) if (r.success === null) warnings.push(`Run ${i + 1} of ${runs.length} has no testRunFinished message: it did not finish.`);
  const anyRunFailed = runs.some((r) => r.success !== true);
  // Only findings of an audited environment count against the verdict; the others come from the example
  // environments of specification scenarios that expect them.
  const countedFindings = auditFindings.length;
  const verdict: 'pass' | 'fail' | 'incomplete' = matrixCounts.fail + privCounts.fail + ruleCounts.failed + countedFindings > 0 || anyRunFailed ? 'fail'
    : matrixCounts['not-tested'] + ruleCounts['not-tested'] > 0 || runs.length === 0 ? 'incomplete' : 'pass';
  const environmentName = envs.map((e) => e.name).join(', ');

  const startedAll = runs.map((r) => r.started).filter((x): x is string => !!x).sort(cmp);
  const f = ctx.filters ?? {};
  return {
    $schema: SCHEMA_ID,
    schemaVersion: SCHEMA_VERSION,
    run: {
      timestampUtc: startedAll[0] ?? ctx.fallbackTimestamp ?? '1970-01-01T00:00:00.000Z',
      subject: envs.length ? { kind: 'environment', name: environmentName } : { kind: 'baseline', name: 'documented baseline' },
      rolecheckVersion: ctx.rolecheckVersion ?? null,
      gitCommit: ctx.gitCommit ?? null,
      node: ctx.nodeVersion ?? runs.find((r) => r.node)?.node ?? null,
      cucumber: runs.find((r) => r.cucumber)?.cucumber ?? null,
      runs: runs.length,
      success: runs.length > 0 && runs.every((r) => r.success === true),
      filters: { tags: [...(f.tags ?? [])], names: [...(f.names ?? [])], paths: (f.paths ?? []).map((p) => relPath(p, ctx.cwd)), shard: f.shard ?? null },
      inputs, inputsSha256,
      warnings: uniqSorted(warnings),
    },
    totals: {
      matrix: { cells: cells.length, roles: roles.length, resources: resources.length, ...matrixCounts },
      privileges: { cells: privCells.length, ...privCounts },
      rules: { total: rules.length, ...ruleCounts },
      scenarios: { defined: scenarioRecords.length, executed: scenarioRecords.filter((s) => s.status !== 'not-executed').length, ...scenarioCounts },
      conflicts: CONFLICTS.length,
      findings: auditFindings.length,
      findingsBySeverity: sortKeys(findingsBySeverity) as Record<string, number>,
      exampleFindings: findingList.length - auditFindings.length,
      principals: principalList.length,
      verdict,
    },
    matrix: { roles, resources, cells },
    privileges: { privileges: [...PRIVILEGES], rows, cells: privCells },
    rules,
    conflicts: [...CONFLICTS].sort((a, b) => cmp(a.id, b.id)).map((c) => ({ ...c, cellIds: c.cells.map((x) => cellId(x.role, x.resource)) })),
    scenarios: scenarioRecords,
    findings: findingList,
    principals: principalList,
    environments: envs,
  };
}

export function fmtVerdict(v: Verdict | null, none = 'not decided'): string {
  if (!v) return none;
  return v.condition ? `${v.decision} (${v.condition})` : v.decision;
}

function dedupeRefs(xs: ScenarioRef[]): ScenarioRef[] {
  return dedupeBy(xs, (x) => x.id).sort((a, b) => cmp(a.id, b.id));
}
function dedupeBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>(); const out: T[] = [];
  for (const x of xs) { const k = key(x); if (!seen.has(k)) { seen.add(k); out.push(x); } }
  return out;
}
/** Recursively sorts object keys, so JSON.stringify is stable whatever order the producer used. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as object).sort(cmp).map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** The report as the bytes of compliance.json. */
export function reportJson(report: ComplianceReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
