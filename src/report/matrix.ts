// Section: the roles x resources matrix. The documented matrix holds the predefined roles of the summary table
// (the baseline: the same in every environment); an audit adds its custom roles' rows, which belong to the
// environment half. A documented cell's decision comes from the scenarios' matrix-cell evidence, checked against the
// summary table. A custom role's cells come from the audit's environment data (`roleResources`,
// src/exports/role-resources.ts), checked by the audit scenario that attached the `role-resources` digest: each
// cell's expected (the export's rows) against its actual (the model). Above the audit's limit the environment data
// holds their counts only, and `customElsewhere` says so and where every cell is.
import { CONFLICTS } from '../catalog/rules.ts';
import { MATRIX_ROLES, RESOURCES, type Cell } from '../catalog/resources.ts';
import { ROLE_RESOURCES_FILE, type EnvironmentData } from '../evidence/environment.ts';
import type { MatrixCellEvidence, RoleResourcesEvidence } from '../evidence/evidence.ts';
import type { RunScenario } from './runs.ts';
import {
  cellId,
  cmp,
  fmtVerdict,
  isFailure,
  uniqSorted,
  type CellEvidenceItem,
  type CellStatus,
  type ComplianceReport,
  type MatrixCell,
  type Verdict,
} from './schema.ts';

const FLOW_KINDS = ['non-solution-aware', 'solution-aware'] as const;

/** `non-solution-aware only`, `solution-aware flows`, `Solution-aware` -> the flow kind; anything else as written. */
export function normCondition(c: string | undefined | null): string | undefined {
  if (c == null) return undefined;
  const t = String(c)
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ (only|flows?)$/g, '')
    .replace(/ (only|flows?)$/g, '')
    .replace(/^nonsolution/, 'non-solution')
    .replace(/^non solution/, 'non-solution')
    .replace(/ aware$/, '-aware');
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
const catalogueVerdict = (c: Cell): Verdict =>
  c.only ? { decision: 'allow', condition: c.only } : { decision: c.allow ? 'allow' : 'deny' };

/** `fromData`: a custom role's cell of the environment data, under the scenario that checked it. */
export type MatrixItem = { ev: MatrixCellEvidence; sc: RunScenario; fromData?: true };
export type RoleResourcesItem = { ev: RoleResourcesEvidence; sc: RunScenario };

/**
 * The matrix: every predefined role of the summary table, then the custom roles of the environment data and those
 * the evidence names. `checks`: the audit scenarios that checked the environment data's custom cells.
 */
export function buildMatrix(
  evidence: readonly MatrixItem[],
  warnings: string[],
  env?: EnvironmentData | null,
  checks: readonly RoleResourcesItem[] = [],
): ComplianceReport['matrix'] {
  const resources = RESOURCES.map((r) => ({ id: r.id, name: r.name, rule: r.ruleId, line: r.line }));
  const resourceById = new Map(RESOURCES.map((r) => [r.id, r]));
  const resolveResource = (x: string): string | undefined =>
    resourceById.get(x)?.id ?? RESOURCES.find((r) => r.name.toLowerCase() === x.trim().toLowerCase())?.id;
  const counts = env?.roleResourceCounts;
  for (const { ev, sc } of checks) {
    if (counts && ev.sha256 !== counts.sha256)
      warnings.push(
        `${sc.key} checked other custom role cells (SHA-256 ${String(ev.sha256).slice(0, 12)}) than the environment data holds (${counts.sha256.slice(0, 12)}): a message log and an environment.json of different audits?`,
      );
    if (!counts)
      warnings.push(
        `${sc.key} checked ${ev.cells} custom role cells that are in the audit's environment data, which this report was built without (rolecheck report --environment).`,
      );
  }
  // A custom role's cells of the environment data, each under every scenario that checked them (none: not tested).
  const dataItems: MatrixItem[] = [];
  const dataRoles = new Set<string>();
  for (const c of env?.roleResources ?? []) {
    dataRoles.add(c.role);
    for (const { sc } of checks) {
      dataItems.push({
        sc,
        fromData: true,
        ev: {
          type: 'matrix-cell',
          role: c.role,
          resource: c.resource,
          custom: true,
          expected: c.expected,
          actual: c.actual,
          rules: c.rules,
          via: c.via,
          explanation: c.explanation,
        },
      });
    }
  }
  const items = [...evidence, ...dataItems];
  const customRoles = uniqSorted([...items.filter(({ ev }) => ev.custom).map(({ ev }) => ev.role), ...dataRoles]);
  const roles = [
    ...MATRIX_ROLES.map((name) => ({ name: name as string, custom: false })),
    ...customRoles.filter((r) => !(MATRIX_ROLES as readonly string[]).includes(r)).map((name) => ({ name, custom: true })),
  ];
  const cellEv = new Map<string, MatrixItem[]>();
  for (const item of items) {
    const res = resolveResource(item.ev.resource);
    if (!res) {
      warnings.push(`Matrix evidence names an unknown resource "${item.ev.resource}" (${item.sc.key}).`);
      continue;
    }
    const k = `${item.ev.role}\u0000${res}`;
    const list = cellEv.get(k) ?? [];
    list.push(item);
    cellEv.set(k, list);
  }
  const untested = new Map(checks.length ? [] : (env?.roleResources ?? []).map((c) => [`${c.role}\u0000${c.resource}`, c]));
  const cells: MatrixCell[] = [];
  for (const role of roles) {
    for (const r of RESOURCES) {
      const k = `${role.name}\u0000${r.id}`;
      const x = cell(role, r, cellEv.get(k) ?? []);
      // In the environment data but checked by no scenario of this run: the decisions are shown, not tested.
      const u = untested.get(k);
      cells.push(
        u && x.check === 'not-tested'
          ? { ...x, expected: normVerdict(u.expected), actual: normVerdict(u.actual), rules: uniqSorted([...x.rules, ...u.rules]) }
          : x,
      );
    }
  }
  return { roles, resources, cells, customElsewhere: elsewhere(env, checks) };
}

/** Above the audit's limit: the custom roles' cells counted (from the environment data), not listed. */
function elsewhere(
  env: EnvironmentData | null | undefined,
  checks: readonly RoleResourcesItem[],
): ComplianceReport['matrix']['customElsewhere'] {
  if (!env || env.roleResources || env.roleResourceCounts.cells === 0) return null;
  const n = env.roleResourceCounts;
  const checked = checks.length > 0;
  return {
    roles: n.roles,
    cells: n.cells,
    pass: checked ? n.cells - n.disagreements : 0,
    fail: checked ? n.disagreements : 0,
    'not-tested': checked ? 0 : n.cells,
    allowed: n.allowed,
    disagreements: n.disagreements,
    firstDisagreements: n.firstDisagreements.map((d) => ({
      role: d.role,
      resource: d.resource,
      expected: normVerdict(d.expected) ?? { decision: 'deny' },
      actual: normVerdict(d.actual) ?? { decision: 'deny' },
    })),
    scenarios: checks.map(({ sc }) => sc.key).sort(cmp),
    file: ROLE_RESOURCES_FILE,
  };
}

function cell(role: { name: string; custom: boolean }, r: (typeof RESOURCES)[number], items: MatrixItem[]): MatrixCell {
  const catalogueCell = role.custom ? null : r.cells[role.name as (typeof MATRIX_ROLES)[number]];
  const catalogue = catalogueCell ? catalogueVerdict(catalogueCell) : null;
  const problems: string[] = [];
  // Evidence about one kind of cloud flow refines the cell; evidence without a kind is about the whole cell.
  const kindOf = (ev: MatrixCellEvidence): string | undefined =>
    ev.flowKind ?? kindFromCondition(ev.expected?.condition) ?? kindFromCondition(ev.actual?.condition);
  const whole = items.filter((i) => !isKindQuestion(i.ev, r.id));
  const perKind = items.filter((i) => isKindQuestion(i.ev, r.id));
  let expected: Verdict | null = catalogue;
  if (!expected) expected = normVerdict(whole.find((i) => normVerdict(i.ev.expected))?.ev.expected) ?? null;
  const evidence: CellEvidenceItem[] = items
    .map(({ ev, sc }) => {
      const k = isKindQuestion(ev, r.id) ? kindOf(ev) : undefined;
      return {
        scenario: sc.key,
        name: sc.name,
        status: sc.status,
        ...(k ? { flowKind: k } : {}),
        expected: normVerdict(ev.expected) ?? { decision: 'deny' },
        actual: normVerdict(ev.actual) ?? { decision: 'deny' },
        via: [...(ev.via ?? [])].map(String).sort(cmp),
        explanation: String(ev.explanation ?? ''),
      };
    })
    .sort((a, b) => cmp(a.scenario, b.scenario) || cmp(JSON.stringify(a), JSON.stringify(b)));
  let actual: Verdict | null = null;
  for (const it of whole) {
    const a = normVerdict(it.ev.actual);
    const e = normVerdict(it.ev.expected);
    if (!a) {
      problems.push(`${it.sc.key}: the evidence carries no valid actual decision.`);
      continue;
    }
    if (actual && !sameVerdict(actual, a))
      problems.push(`${it.sc.key}: the model decided ${fmtVerdict(a)} here but ${fmtVerdict(actual)} in another scenario.`);
    actual ??= a;
    if (expected && !sameVerdict(a, expected))
      problems.push(`${it.sc.key}: expected ${fmtVerdict(expected)}, the model decided ${fmtVerdict(a)}.`);
    if (catalogue && e && !sameVerdict(e, catalogue))
      problems.push(`${it.sc.key}: the scenario expects ${fmtVerdict(e)} but the summary table says ${fmtVerdict(catalogue)}.`);
    // The check of the environment data's cells fails its scenario for any cell: each cell fails on its own readings.
    if (isFailure(it.sc.status) && !it.fromData) problems.push(`${it.sc.key}: the scenario ${it.sc.status}.`);
  }
  const kindActual = new Map<string, 'allow' | 'deny'>();
  for (const it of perKind) {
    const a = normVerdict(it.ev.actual);
    const e = normVerdict(it.ev.expected);
    const k = kindOf(it.ev);
    if (!a) {
      problems.push(`${it.sc.key}: the evidence carries no valid actual decision.`);
      continue;
    }
    if (e && e.decision !== a.decision)
      problems.push(`${it.sc.key}: for ${k ?? 'one kind of'} flows expected ${e.decision}, the model decided ${a.decision}.`);
    if (k) {
      kindActual.set(k, a.decision);
      const want = catalogueCell
        ? catalogueCell.allow && (!catalogueCell.only || catalogueCell.only === k)
          ? 'allow'
          : 'deny'
        : undefined;
      if (want && e && e.decision !== want)
        problems.push(`${it.sc.key}: the scenario expects ${e.decision} for ${k} flows but the summary table says ${want}.`);
      if (want && a.decision !== want)
        problems.push(`${it.sc.key}: for ${k} flows the summary table says ${want}, the model decided ${a.decision}.`);
    }
    if (isFailure(it.sc.status)) problems.push(`${it.sc.key}: the scenario ${it.sc.status}.`);
  }
  if (!actual && kindActual.size === FLOW_KINDS.length) {
    const allowed = FLOW_KINDS.filter((k) => kindActual.get(k) === 'allow');
    actual =
      allowed.length === 0
        ? { decision: 'deny' }
        : allowed.length === FLOW_KINDS.length
          ? { decision: 'allow' }
          : { decision: 'allow', condition: allowed[0]! };
  }
  const check: MatrixCell['check'] = items.length === 0 ? 'not-tested' : problems.length > 0 ? 'fail' : 'pass';
  const conflicts = CONFLICTS.filter((c) => c.cells.some((x) => x.role === role.name && x.resource === r.id))
    .map((c) => c.id)
    .sort(cmp);
  const status: CellStatus = check === 'pass' && conflicts.length > 0 ? 'conflict' : check;
  const rules = uniqSorted([
    ...(role.custom ? [] : [r.ruleId]),
    ...items.flatMap((i) => i.ev.rules ?? []),
    ...conflicts.flatMap((id) => CONFLICTS.find((c) => c.id === id)!.sides.map((s) => s.rule)),
  ]);
  return {
    id: cellId(role.name, r.id),
    role: role.name,
    resource: r.id,
    resourceName: r.name,
    custom: role.custom,
    expected,
    actual,
    check,
    status,
    rules,
    conflicts,
    problems: uniqSorted(problems),
    evidence,
  };
}

/** The kind of decision a cell shows first: allow, deny, or conditional (allowed for one kind of flow only). */
export function decisionKind(v: Verdict | null): 'allow' | 'deny' | 'conditional' | 'none' {
  if (!v) return 'none';
  if (v.decision === 'allow' && v.condition) return 'conditional';
  return v.decision;
}
