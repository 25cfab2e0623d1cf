// Which roles are privileged, for the review: a new holder of one of them is an escalation in its own right (not
// only through the table access it gives). Each reason cites the catalogue rule that makes the role powerful, so a
// reviewer can follow it to the Microsoft page (ruleById(...).source.url):
//   - System Administrator: every privilege, security roles included (ROLE-003);
//   - System Customizer: every customization, all custom-table rows (ROLE-004);
//   - the privileges to create, change or assign security roles, which only System Administrator's row lists
//     (ROLE-003): whoever holds them can give themselves any other role;
//   - prvActOnBehalfOfAnotherUser, impersonation (DV-009, ROLE-009);
//   - Organization (Global) depth of Write, Delete, Assign or Share on a table of interest: every row of the table,
//     whatever its business unit (DV-002, the widest access level).
import { ACT_ON_BEHALF, SECURITY_MISC } from '../catalog/roles.ts';
import { ruleById } from '../catalog/rules.ts';
import type { Privilege } from '../vocabulary/index.ts';

/** Privileges whose Organization depth on a table of interest makes a role privileged. */
export const PRIVILEGED_GLOBAL: readonly Privilege[] = ['Write', 'Delete', 'Assign', 'Share'];
/** Miscellaneous privileges that make a role privileged, with the rule that says why. */
const PRIVILEGED_MISC: ReadonlyMap<string, string> = new Map([
  ...SECURITY_MISC.filter((m) => m !== 'prvReadRole').map((m) => [m.toLowerCase(), 'ROLE-003'] as const),
  [ACT_ON_BEHALF.toLowerCase(), 'DV-009'],
]);

export interface PrivilegedReason {
  rule: string;
  text: string;
}

export interface RoleShape {
  /** The predefined role's documented name, when the role is a predefined one. */
  predefined?: string;
  misc: readonly string[];
  /** The role's grants on the tables of interest: table -> privilege -> depth name. */
  grants: Readonly<Record<string, Readonly<Partial<Record<Privilege, string>>>>>;
}

/** Why a role is privileged (empty when it is not), most serious first. */
export function privilegedReasons(role: RoleShape): PrivilegedReason[] {
  const out: PrivilegedReason[] = [];
  if (role.predefined === 'System Administrator')
    out.push({ rule: 'ROLE-003', text: 'System Administrator: every privilege, security roles included' });
  if (role.predefined === 'System Customizer')
    out.push({ rule: 'ROLE-004', text: 'System Customizer: every customization and all custom-table rows' });
  for (const m of [...role.misc].sort()) {
    const rule = PRIVILEGED_MISC.get(m.toLowerCase());
    if (rule) out.push({ rule, text: m === ACT_ON_BEHALF ? `${m}: acts on behalf of other users` : `${m}: manages security roles` });
  }
  // One line per set of privileges, with the tables that have it: "Organization-wide Write, Delete on a, b".
  const tablesBySet = new Map<string, string[]>();
  for (const table of Object.keys(role.grants).sort()) {
    const wide = PRIVILEGED_GLOBAL.filter((p) => role.grants[table]![p] === 'Global');
    if (!wide.length) continue;
    const k = wide.join(', ');
    let list = tablesBySet.get(k);
    if (!list) tablesBySet.set(k, (list = []));
    list.push(table);
  }
  for (const [set, tables] of tablesBySet) out.push({ rule: 'DV-002', text: `Organization-wide ${set} on ${tables.join(', ')}` });
  return out;
}

/** A reason as one line: "… (ROLE-003)"; the rule's page is in ruleSources(). */
export const reasonText = (r: PrivilegedReason): string => `${r.text} (${r.rule})`;

/** The source page of each rule a list of reasons cites, by rule id, sorted. */
export function ruleSources(reasons: Iterable<PrivilegedReason>): Record<string, string> {
  const ids = [...new Set([...reasons].map((r) => r.rule))].sort();
  return Object.fromEntries(ids.map((id) => [id, ruleById(id)?.source.url ?? '']));
}
