// Section: the documented roles x table privileges matrix: the depth each predefined Dataverse role grants by
// table class, from the role table (the baseline), checked by the scenarios' privilege-cell evidence. An audited
// environment's own role grants (every role, every table of interest) are in the environment half (access.ts).
import { documentedDepth, PREDEFINED_ROLES, predefinedRole, type PredefinedRole, type TableClass } from '../catalog/roles.ts';
import type { PrivilegeCellEvidence } from '../evidence/evidence.ts';
import { DEPTH_NAMES, ORG_SHARED_ROWS, PRIVILEGES, parseDepth, type Privilege } from '../vocabulary/index.ts';
import type { RunScenario } from './runs.ts';
import { cmp, dedupeBy, isFailure, privId, uniqSorted, type ComplianceReport, type PrivilegeCell, type ScenarioRef } from './schema.ts';

/** Office Collaborator's Read: only rows shared with the whole organization (ROLE-012); the one name is the vocabulary's. */
export { ORG_SHARED_ROWS };

/** A depth name (`Basic` … `Global`, or the admin-center labels), or a special reach such as ORG_SHARED_ROWS. */
export function normDepth(s: string | undefined | null): string | null {
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

/** The documented depth `role` holds for `privilege` on a table class: the catalogue's one reading (documentedDepth). */
export function expectedDepth(role: PredefinedRole, privilege: string, cls: TableClass): string {
  const effective = role.impliesRole ? (predefinedRole(role.impliesRole) ?? role) : role;
  if (effective.orgSharedReadOnly && privilege === 'Read') return ORG_SHARED_ROWS;
  return documentedDepth(role, privilege as Privilege, cls);
}

const TABLE_CLASS_LABEL: Record<TableClass, string> = { custom: 'custom table', core: 'core table', standard: 'standard table' };
const TABLE_CLASSES: TableClass[] = ['custom', 'core', 'standard'];
function tableClassOf(table: string): TableClass | undefined {
  const t = table.trim().toLowerCase().replace(/s$/, '');
  return TABLE_CLASSES.find((c) => t === c || t === TABLE_CLASS_LABEL[c]);
}

export type PrivilegeItem = { ev: PrivilegeCellEvidence; sc: RunScenario };

const refOf = (s: RunScenario): ScenarioRef => ({ id: s.key, name: s.name, status: s.status });

export function buildPrivileges(items: readonly PrivilegeItem[], warnings: string[]): ComplianceReport['privileges'] {
  const privRows = new Map<string, { role: string; table: string; custom: boolean }>();
  const order = (role: string): number => {
    const i = PREDEFINED_ROLES.findIndex((r) => r.name === role);
    return i < 0 ? 1000 : i;
  };
  for (const r of PREDEFINED_ROLES) {
    if (!r.dataverseRole) continue;
    for (const c of TABLE_CLASSES)
      privRows.set(`${r.name}\u0000${TABLE_CLASS_LABEL[c]}`, { role: r.name, table: TABLE_CLASS_LABEL[c], custom: false });
  }
  const byCell = new Map<string, PrivilegeItem[]>();
  for (const item of items) {
    const cls = tableClassOf(item.ev.table);
    const table = cls ? TABLE_CLASS_LABEL[cls] : item.ev.table;
    const priv = PRIVILEGES.find((p) => p.toLowerCase() === String(item.ev.privilege).trim().toLowerCase());
    if (!priv) {
      warnings.push(`Privilege evidence names an unknown privilege "${item.ev.privilege}" (${item.sc.key}).`);
      continue;
    }
    const rk = `${item.ev.role}\u0000${table}`;
    if (!privRows.has(rk)) privRows.set(rk, { role: item.ev.role, table, custom: !!item.ev.custom || !predefinedRole(item.ev.role) });
    const k = `${rk}\u0000${priv}`;
    const list = byCell.get(k) ?? [];
    list.push(item);
    byCell.set(k, list);
  }
  const rows = [...privRows.values()].sort(
    (a, b) =>
      (a.custom === b.custom ? 0 : a.custom ? 1 : -1) || order(a.role) - order(b.role) || cmp(a.role, b.role) || cmp(a.table, b.table),
  );
  const cells: PrivilegeCell[] = [];
  for (const row of rows) {
    const pre = row.custom ? undefined : predefinedRole(row.role);
    const cls = tableClassOf(row.table);
    for (const p of PRIVILEGES) {
      const its = byCell.get(`${row.role}\u0000${row.table}\u0000${p}`) ?? [];
      const problems: string[] = [];
      const catalogue = pre && cls ? expectedDepth(pre, p, cls) : null;
      const expected = catalogue ?? normDepth(its.find((i) => normDepth(i.ev.expected))?.ev.expected);
      let actual: string | null = null;
      for (const it of its) {
        const a = normDepth(it.ev.actual);
        const e = normDepth(it.ev.expected);
        if (!a) {
          problems.push(`${it.sc.key}: the evidence carries no valid depth.`);
          continue;
        }
        if (actual && actual !== a) problems.push(`${it.sc.key}: depth ${a} here but ${actual} in another scenario.`);
        actual ??= a;
        if (expected && a !== expected) problems.push(`${it.sc.key}: expected ${expected}, the model grants ${a}.`);
        if (catalogue && e && e !== catalogue)
          problems.push(`${it.sc.key}: the scenario expects ${e} but the role table says ${catalogue}.`);
        if (isFailure(it.sc.status)) problems.push(`${it.sc.key}: the scenario ${it.sc.status}.`);
      }
      const check: PrivilegeCell['check'] = its.length === 0 ? 'not-tested' : problems.length ? 'fail' : 'pass';
      cells.push({
        id: privId(row.role, row.table, p),
        role: row.role,
        table: row.table,
        privilege: p,
        custom: row.custom,
        expected,
        actual,
        check,
        status: check,
        rules: uniqSorted([...(pre ? [pre.ruleId] : []), ...its.flatMap((i) => i.ev.rules ?? [])]),
        problems: uniqSorted(problems),
        scenarios: dedupeBy(
          its.map((i) => refOf(i.sc)),
          (x) => x.id,
        ).sort((a, b) => cmp(a.id, b.id)),
      });
    }
  }
  return { privileges: [...PRIVILEGES], rows, cells };
}
