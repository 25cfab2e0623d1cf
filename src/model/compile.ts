// Turns an EnvironmentSpec into the compact arrays the decision functions read. Every problem is collected
// (never only the first) and raised together; nothing unknown is ever silently accepted.
import { predefinedRole, PREDEFINED_ROLES, KNOWN_MISC_PRIVILEGES, OFFICE_COLLABORATORS_TEAM, type PredefinedRole, type TableClass } from '../catalog/roles.ts';
import { STANDARD_TABLES } from '../catalog/tables.ts';
import { SpecError, suggest, type Problem } from './errors.ts';
import type { EnvironmentSpec } from './spec.ts';
import {
  Depth, ENVIRONMENT_TYPES, PRIVILEGES, key, parseDepth, privilegeIndex,
  type EnvironmentType, type Inheritance, type Origin, type TeamType,
} from '../vocabulary/index.ts';

export interface RoleInfo {
  name: string;
  predefined?: PredefinedRole;
  businessUnit: number;
  inheritance: Inheritance;
  misc: Set<string>;
  /** Table privileges are defined by the export's rows instead of the documented definition. */
  fromExport: boolean;
  origin?: Origin;
}

export interface TableInfo { name: string; organizationOwned: boolean; custom: boolean; core: boolean; aiBuilder: boolean; origin?: Origin }
export interface TeamInfo { name: string; businessUnit: number; type: TeamType; origin?: Origin }
export interface UserInfo { name: string; businessUnit: number; enabled: boolean; origin?: Origin }
export interface RecordInfo { id: string; table: number; owner: number; businessUnit: number; origin?: Origin }
export interface ShareInfo { record: number; target: 'user' | 'team' | 'organization'; principal: number; rights: number; origin?: Origin }

/** An assignment the model keeps out of every decision, and why (findings report these). */
export interface IgnoredAssignment {
  principal: string;
  principalType: 'user' | 'team';
  role: string;
  reason: 'not-assignable' | 'unsupported' | 'office-collaborator-placement' | 'access-team';
  origin?: Origin;
}

export interface AssignmentInfo { principal: number; principalType: 'user' | 'team'; role: number; origin?: Origin }

export interface Compiled {
  name: string;
  type: EnvironmentType;
  dataverse: boolean;
  origin?: Origin;
  buNames: string[];
  buParent: Int32Array;
  buIn: Int32Array;
  buOut: Int32Array;
  root: number;
  users: UserInfo[];
  teams: TeamInfo[];
  tables: TableInfo[];
  roles: RoleInfo[];
  records: RecordInfo[];
  shares: ShareInfo[];
  assignments: AssignmentInfo[];
  ignored: IgnoredAssignment[];
  /** roles x (tables x 8 privileges): depth of each role's grant. */
  roleDepth: Uint8Array;
  /** Office Collaborator-like roles: Read only through an organization share. */
  roleOrgSharedRead: Uint8Array;
  /** user -> directly held roles (CSR). */
  userRoleStart: Int32Array; userRoles: Int32Array;
  /** user -> teams the user belongs to, every type (CSR). */
  userTeamStart: Int32Array; userTeams: Int32Array;
  /** user -> owner/group teams that hold at least one role (CSR). */
  userRoleTeamStart: Int32Array; userRoleTeams: Int32Array;
  /** team -> roles (CSR) */
  teamRoleStart: Int32Array; teamRoles: Int32Array;
  /** record -> shares (CSR over `shares`). */
  recordShareStart: Int32Array; recordShares: Int32Array;
  /** user -> environment roles held ("Environment Admin", "Environment Maker"), automatic Maker included. */
  environmentRoles: Array<Set<string>>;
  index: {
    user: Map<string, number>; team: Map<string, number>; table: Map<string, number>; role: Map<string, number>;
    record: Map<string, number>; bu: Map<string, number>;
  };
  warnings: Problem[];
}

export const TEAM_TYPES: readonly TeamType[] = ['owner', 'group', 'access'];
const INHERITANCES: readonly Inheritance[] = ['direct-and-team', 'team-only'];

// Computed once, not per row (profiled: ~0.5 s of 500,000 role-privilege rows went here).
const MISC_BY_LOWER = new Map(KNOWN_MISC_PRIVILEGES.map((m) => [m.toLowerCase(), m] as const));
const VERBS_LONGEST_FIRST = PRIVILEGES.map((p, i) => [p.toLowerCase(), i] as const).sort((a, b) => b[0].length - a[0].length);

/** Parses a privilege name such as `prvAppendTonew_project` against the known tables. */
export function parsePrivilegeName(name: string, tables: Map<string, number>):
  { kind: 'table'; privilege: number; table: number } | { kind: 'misc'; name: string } | { kind: 'unknown-table'; privilege: number; table: string } | undefined {
  const n = name.trim();
  const lower = n.toLowerCase();
  const misc = MISC_BY_LOWER.get(lower);
  if (misc) return { kind: 'misc', name: misc };
  if (!lower.startsWith('prv')) return undefined;
  const rest = lower.slice(3);
  // Longest verb first, so that AppendTo wins over Append when both readings name a table.
  const verbs = VERBS_LONGEST_FIRST;
  let fallback: { kind: 'unknown-table'; privilege: number; table: string } | undefined;
  for (const [verb, i] of verbs) {
    if (!rest.startsWith(verb)) continue;
    const table = rest.slice(verb.length);
    if (!table) continue;
    const t = tables.get(table);
    if (t !== undefined) return { kind: 'table', privilege: i, table: t };
    fallback ??= { kind: 'unknown-table', privilege: i, table };
  }
  return fallback;
}

/**
 * A predefined role's grants with their depth and privileges parsed, once per role definition: every model build
 * (one per scenario in the specification suite) parsed them again for every table (profiled).
 */
const PARSED_GRANTS = new WeakMap<PredefinedRole, Array<{ tables: readonly TableClass[]; depth: number; privileges: number[] }>>();
function parsedGrants(def: PredefinedRole): Array<{ tables: readonly TableClass[]; depth: number; privileges: number[] }> {
  let parsed = PARSED_GRANTS.get(def);
  if (!parsed) {
    parsed = def.grants.map((g) => ({ tables: g.tables, depth: parseDepth(g.depth) ?? Depth.None, privileges: g.privileges.map((p) => privilegeIndex(p)) }));
    PARSED_GRANTS.set(def, parsed);
  }
  return parsed;
}

/** A predefined role's name and aliases as keys, made once: every model build lower-cased them again (profiled). */
const PREDEFINED_KEYS = new WeakMap<PredefinedRole, readonly string[]>();
function predefinedKeys(p: PredefinedRole): readonly string[] {
  let keys = PREDEFINED_KEYS.get(p);
  if (!keys) PREDEFINED_KEYS.set(p, keys = [p.name, ...p.aliases].map(key));
  return keys;
}

/** A predefined role's depths on every table (8 per table), by table layout (see compile); never modified. */
const PREDEFINED_ROWS = new WeakMap<PredefinedRole, Map<string, Uint8Array>>();
function predefinedRow(def: PredefinedRole, tables: readonly TableInfo[], layout: string): Uint8Array {
  let byLayout = PREDEFINED_ROWS.get(def);
  if (!byLayout) PREDEFINED_ROWS.set(def, byLayout = new Map());
  let row = byLayout.get(layout);
  if (!row) {
    row = new Uint8Array(tables.length * 8);
    const grants = parsedGrants(def);
    for (let ti = 0; ti < tables.length; ti++) {
      const t = tables[ti]!; const cls = tableClass(t);
      for (const g of grants) {
        if (!g.tables.includes(cls)) continue;
        // Organization-owned tables know only None and Global: any documented grant reaches every row.
        const d = t.organizationOwned ? Depth.Global : g.depth;
        for (const pi of g.privileges) {
          const at = ti * 8 + pi;
          if (row[at]! < d) row[at] = d;
        }
      }
    }
    // A large export has one layout; a run of many small environments has a few. Bounded all the same.
    if (byLayout.size >= 64) byLayout.clear();
    byLayout.set(layout, row);
  }
  return row;
}

function tableClass(t: TableInfo): TableClass {
  return t.custom ? 'custom' : t.core ? 'core' : 'standard';
}

export function compile(spec: EnvironmentSpec): Compiled {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const err = (p: Problem) => { problems.push(p); };
  const unknown = (what: string, field: string, value: string, known: Iterable<string>, origin?: Origin) =>
    err({ code: `unknown-${what.replace(/ /g, '-')}`, message: `unknown ${what}`, field, value, origin, expected: `a ${what} defined in the export`, suggestions: suggest(value, known) });

  const envType = ENVIRONMENT_TYPES.find((t) => t.toLowerCase() === key(spec.type));
  if (!envType) err({ code: 'bad-value', message: 'unknown environment type', field: 'type', value: spec.type, origin: spec.origin, expected: ENVIRONMENT_TYPES.join(', '), suggestions: suggest(spec.type, ENVIRONMENT_TYPES) });

  // Business units: one root, parents exist, no cycles.
  const bu = new Map<string, number>();
  const buNames: string[] = [];
  const buOrigins: Array<Origin | undefined> = [];
  // The rows kept (not duplicates): a duplicate's parent must not replace the first row's, nor add a second root.
  const buAccepted = new Set<object>();
  for (const b of spec.businessUnits) {
    const k = key(b.name);
    if (!k) { err({ code: 'empty-value', message: 'business unit name is empty', field: 'name', value: b.name, origin: b.origin, expected: 'a name' }); continue; }
    if (bu.has(k)) { err({ code: 'duplicate', message: `duplicate business unit "${b.name.trim()}"`, field: 'name', value: b.name, origin: b.origin, expected: 'each business unit once' }); continue; }
    bu.set(k, buNames.length); buNames.push(b.name.trim()); buOrigins.push(b.origin); buAccepted.add(b);
  }
  const buParent = new Int32Array(buNames.length).fill(-1);
  const roots: number[] = [];
  for (const b of spec.businessUnits) {
    const i = bu.get(key(b.name)); if (i === undefined || !buAccepted.has(b)) continue;
    const p = (b.parent ?? '').trim();
    if (!p) { roots.push(i); continue; }
    const pi = bu.get(key(p));
    if (pi === undefined) unknown('business unit', 'parent', p, buNames, b.origin);
    else buParent[i] = pi;
  }
  if (spec.dataverse) {
    if (roots.length === 0 && buNames.length > 0) err({ code: 'no-root', message: 'no root business unit (a row with an empty parent)', field: 'parent', origin: buOrigins[0] ? { file: buOrigins[0].file, line: 1 } : undefined, expected: 'exactly one business unit with an empty parent' });
    if (buNames.length === 0) err({ code: 'no-business-units', message: 'an environment with Dataverse needs at least its root business unit', origin: spec.origin, expected: 'business-units.csv with one root row' });
    for (const r of roots.slice(1)) err({ code: 'several-roots', message: `second root business unit "${buNames[r]}"; "${buNames[roots[0]!]}" is already the root`, field: 'parent', value: '', origin: buOrigins[r], expected: 'exactly one business unit with an empty parent' });
  } else if (buNames.length > 0) {
    err({ code: 'business-units-without-dataverse', message: 'business units are listed but the environment has no Dataverse database', origin: buOrigins[0], expected: 'dataverse = true, or no business units' });
  }
  for (let i = 0; i < buNames.length; i++) {
    let steps = 0; let j = buParent[i]!;
    while (j !== -1 && steps <= buNames.length) { if (j === i) break; j = buParent[j]!; steps++; }
    if (j === i) err({ code: 'cycle', message: `business unit "${buNames[i]}" is its own ancestor (a cycle)`, field: 'parent', value: buNames[buParent[i]!], origin: buOrigins[i], expected: 'a tree' });
  }
  const root = roots[0] ?? 0;
  // DFS intervals make "is B in the subtree of A" two comparisons.
  const buIn = new Int32Array(buNames.length); const buOut = new Int32Array(buNames.length);
  {
    const children: number[][] = buNames.map(() => []);
    for (let i = 0; i < buNames.length; i++) if (buParent[i]! >= 0) children[buParent[i]!]!.push(i);
    let clock = 0; const seen = new Uint8Array(buNames.length);
    const visit = (start: number) => {
      const stack: Array<[number, number]> = [[start, 0]];
      seen[start] = 1; buIn[start] = clock++;
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const kids = children[top[0]]!;
        if (top[1] < kids.length) { const c = kids[top[1]++]!; if (!seen[c]) { seen[c] = 1; buIn[c] = clock++; stack.push([c, 0]); } }
        else { buOut[top[0]] = clock; stack.pop(); }
      }
    };
    for (const r of roots) visit(r);
    for (let i = 0; i < buNames.length; i++) if (!seen[i]) visit(i);
  }
  const buRef = (value: string | undefined, field: string, origin?: Origin, required = spec.dataverse): number => {
    const v = (value ?? '').trim();
    if (!v) {
      if (required) err({ code: 'missing-value', message: 'business unit is required in an environment with Dataverse', field, value: '', origin, expected: 'a business unit name' });
      return root;
    }
    if (!spec.dataverse) return root;
    const i = bu.get(key(v));
    if (i === undefined) { unknown('business unit', field, v, buNames, origin); return root; }
    return i;
  };

  // Tables: the catalogue's standard tables, then the export's own.
  const tables: TableInfo[] = STANDARD_TABLES.map((s) => ({ name: s.name, organizationOwned: s.ownership === 'organization', custom: false, core: s.core, aiBuilder: s.aiBuilder }));
  const table = new Map<string, number>(tables.map((t, i) => [t.name, i]));
  const declared = new Set<string>();
  for (const t of spec.tables ?? []) {
    const k = key(t.name);
    if (!k) { err({ code: 'empty-value', message: 'table name is empty', field: 'name', value: t.name, origin: t.origin, expected: 'a logical name such as new_project' }); continue; }
    if (declared.has(k)) { err({ code: 'duplicate', message: `duplicate table "${t.name.trim()}"`, field: 'name', value: t.name, origin: t.origin, expected: 'each table once' }); continue; }
    declared.add(k);
    const own = key(t.ownership);
    if (own !== 'user' && own !== 'organization') { err({ code: 'bad-value', message: 'unknown table ownership', field: 'ownership', value: t.ownership, origin: t.origin, expected: 'user or organization', suggestions: suggest(t.ownership, ['user', 'organization']) }); continue; }
    const existing = table.get(k);
    if (existing !== undefined) {
      const s = tables[existing]!;
      s.organizationOwned = own === 'organization'; s.custom = t.custom ?? false; s.origin = t.origin;
    } else {
      table.set(k, tables.length);
      tables.push({ name: t.name.trim(), organizationOwned: own === 'organization', custom: t.custom ?? true, core: false, aiBuilder: false, origin: t.origin });
    }
  }

  // Users.
  const user = new Map<string, number>();
  const users: UserInfo[] = [];
  for (const u of spec.users) {
    const k = key(u.name);
    if (!k) { err({ code: 'empty-value', message: 'user is empty', field: 'user', value: u.name, origin: u.origin, expected: 'a user principal name such as ana@contoso.com' }); continue; }
    if (user.has(k)) { err({ code: 'duplicate', message: `duplicate user "${u.name.trim()}"`, field: 'user', value: u.name, origin: u.origin, expected: 'each user once' }); continue; }
    user.set(k, users.length);
    users.push({ name: u.name.trim(), businessUnit: buRef(u.businessUnit, 'business_unit', u.origin), enabled: u.enabled ?? true, origin: u.origin });
  }

  // Teams and their members.
  const team = new Map<string, number>();
  const teams: TeamInfo[] = [];
  for (const t of spec.teams ?? []) {
    const k = key(t.name);
    if (!k) { err({ code: 'empty-value', message: 'team name is empty', field: 'name', value: t.name, origin: t.origin, expected: 'a team name' }); continue; }
    if (team.has(k)) { err({ code: 'duplicate', message: `duplicate team "${t.name.trim()}"`, field: 'name', value: t.name, origin: t.origin, expected: 'each team once' }); continue; }
    const type = TEAM_TYPES.find((x) => x === key(t.type));
    if (!type) err({ code: 'bad-value', message: 'unknown team type', field: 'type', value: t.type, origin: t.origin, expected: 'owner, group or access', suggestions: suggest(t.type, TEAM_TYPES) });
    if (!spec.dataverse) err({ code: 'teams-without-dataverse', message: 'teams exist only in environments with Dataverse', field: 'name', value: t.name, origin: t.origin, expected: 'dataverse = true' });
    if (user.has(k)) warnings.push({ code: 'ambiguous-name', message: `team "${t.name.trim()}" has the same name as a user`, origin: t.origin, field: 'name', value: t.name });
    team.set(k, teams.length);
    // A bad type is already reported; 'owner' (owns rows, holds roles) keeps it from causing further, false problems.
    teams.push({ name: t.name.trim(), businessUnit: buRef(t.businessUnit, 'business_unit', t.origin), type: type ?? 'owner', origin: t.origin });
  }
  const members: number[][] = users.map(() => []);
  const memberSeen = new Set<string>();
  for (const m of spec.teamMembers ?? []) {
    const ti = team.get(key(m.team)); const ui = user.get(key(m.user));
    if (ti === undefined) unknown('team', 'team', m.team, teams.map((t) => t.name), m.origin);
    if (ui === undefined) unknown('user', 'user', m.user, users.map((u) => u.name), m.origin);
    if (ti === undefined || ui === undefined) continue;
    const dk = `${ti}|${ui}`;
    if (memberSeen.has(dk)) { err({ code: 'duplicate', message: `user "${users[ui]!.name}" is listed twice in team "${teams[ti]!.name}"`, field: 'user', value: m.user, origin: m.origin, expected: 'each membership once' }); continue; }
    memberSeen.add(dk);
    members[ui]!.push(ti);
  }

  // Roles: every predefined role of a Dataverse environment (or the two environment roles), then custom ones.
  const role = new Map<string, number>();
  const roles: RoleInfo[] = [];
  for (const p of PREDEFINED_ROLES) {
    if (!spec.dataverse && !p.environmentRole) continue;
    for (const k of predefinedKeys(p)) role.set(k, roles.length);
    roles.push({ name: p.name, predefined: p, businessUnit: root, inheritance: 'direct-and-team', misc: new Set(p.misc), fromExport: false });
  }
  for (const r of spec.roles ?? []) {
    const k = key(r.name);
    if (!k) { err({ code: 'empty-value', message: 'role name is empty', field: 'name', value: r.name, origin: r.origin, expected: 'a role name' }); continue; }
    if (predefinedRole(k)) { err({ code: 'predefined-role', message: `"${r.name.trim()}" is a predefined role and cannot be declared as a custom role`, field: 'name', value: r.name, origin: r.origin, expected: 'a custom role name; predefined roles need no row in roles.csv' }); continue; }
    if (role.has(k)) { err({ code: 'duplicate', message: `duplicate role "${r.name.trim()}"`, field: 'name', value: r.name, origin: r.origin, expected: 'each role once' }); continue; }
    if (!spec.dataverse) { err({ code: 'roles-without-dataverse', message: 'custom security roles exist only in environments with Dataverse', field: 'name', value: r.name, origin: r.origin, expected: 'dataverse = true' }); continue; }
    const inh = (r.inheritance ?? '').trim() ? INHERITANCES.find((x) => x === key(r.inheritance!)) : 'direct-and-team';
    if (!inh) err({ code: 'bad-value', message: 'unknown member\'s privilege inheritance', field: 'inheritance', value: r.inheritance, origin: r.origin, expected: 'direct-and-team or team-only', suggestions: suggest(r.inheritance!, INHERITANCES) });
    role.set(k, roles.length);
    roles.push({ name: r.name.trim(), businessUnit: buRef(r.businessUnit, 'business_unit', r.origin, false), inheritance: inh ?? 'direct-and-team', misc: new Set(), fromExport: true, origin: r.origin });
  }
  const roleNames = () => roles.map((r) => r.name);

  // Role privileges: documented definitions first, export rows replace them for predefined roles.
  const TP = tables.length * 8;
  const roleDepth = new Uint8Array(roles.length * TP);
  const roleOrgSharedRead = new Uint8Array(roles.length);
  const exportRows = new Map<number, Array<{ privilege: number; table: number; depth: Depth } | { misc: string }>>();
  const rpSeen = new Map<string | number, { depth: Depth; origin?: Origin }>();
  for (const rp of spec.rolePrivileges ?? []) {
    // Without a database there is no privilege to hold (the two environment roles hold none): fail closed.
    if (!spec.dataverse) { err({ code: 'role-privileges-without-dataverse', message: 'role privileges exist only in environments with Dataverse', field: 'privilege', value: rp.privilege, origin: rp.origin, expected: 'dataverse = true, or no role-privileges.csv rows' }); continue; }
    const ri = role.get(key(rp.role));
    if (ri === undefined) { unknown('role', 'role', rp.role, roleNames(), rp.origin); continue; }
    const parsed = parsePrivilegeName(rp.privilege, table);
    if (!parsed) { err({ code: 'bad-privilege', message: 'not a Dataverse privilege name', field: 'privilege', value: rp.privilege, origin: rp.origin, expected: `prv + one of ${PRIVILEGES.join(' ')} + a table name (prvReadAccount), or a known miscellaneous privilege`, suggestions: suggest(rp.privilege, KNOWN_MISC_PRIVILEGES) }); continue; }
    if (parsed.kind === 'unknown-table') { err({ code: 'unknown-table', message: `unknown table "${parsed.table}" in privilege name`, field: 'privilege', value: rp.privilege, origin: rp.origin, expected: 'a table from tables.csv or a standard table', suggestions: suggest(parsed.table, tables.map((t) => t.name)).map((s) => `prv${PRIVILEGES[parsed.privilege]}${s}`) }); continue; }
    const depth = parseDepth(rp.depth);
    if (depth === undefined) { err({ code: 'bad-depth', message: 'unknown depth', field: 'depth', value: rp.depth, origin: rp.origin, expected: 'Basic, Local, Deep, Global (or User, Business Unit, Parent: Child Business Units, Organization)', suggestions: suggest(rp.depth, ['Basic', 'Local', 'Deep', 'Global', 'User', 'Business Unit', 'Parent: Child Business Units', 'Organization']) }); continue; }
    // A number for table privileges (a Map of 500,000 fresh string keys was the build's hot spot), a string for misc.
    const entryKey: string | number = parsed.kind === 'misc' ? `${ri}|${parsed.name.toLowerCase()}` : ri * TP + parsed.table * 8 + parsed.privilege;
    const prev = rpSeen.get(entryKey);
    if (prev) {
      if (prev.depth === depth) warnings.push({ code: 'duplicate-row', message: 'exact duplicate of an earlier role privilege row; ignored', field: 'privilege', value: rp.privilege, origin: rp.origin });
      else err({ code: 'duplicate', message: `role "${roles[ri]!.name}" lists ${rp.privilege.trim()} twice with different depths`, field: 'depth', value: rp.depth, origin: rp.origin, expected: `one depth per role and privilege (line ${prev.origin?.line ?? '?'} already gives one)` });
      continue;
    }
    rpSeen.set(entryKey, { depth, origin: rp.origin });
    if (parsed.kind === 'table') {
      const t = tables[parsed.table]!;
      if (t.organizationOwned && depth !== Depth.Global) { err({ code: 'org-owned-depth', message: `table "${t.name}" is organization-owned: its privileges are None or Global only`, field: 'depth', value: rp.depth, origin: rp.origin, expected: 'Global (Organization)' }); continue; }
      let list = exportRows.get(ri); if (!list) exportRows.set(ri, list = []);
      list.push({ privilege: parsed.privilege, table: parsed.table, depth });
    } else {
      let list = exportRows.get(ri); if (!list) exportRows.set(ri, list = []);
      list.push({ misc: parsed.name });
    }
  }
  const sysAdmin = PREDEFINED_ROLES.find((r) => r.name === 'System Administrator')!;
  let tableLayout: string | undefined;
  for (let ri = 0; ri < roles.length; ri++) {
    const r = roles[ri]!;
    const rows = exportRows.get(ri);
    if (r.predefined && !rows) {
      const def = r.predefined.impliesRole ? sysAdmin : r.predefined;
      if (r.predefined.impliesRole) r.misc = new Set(sysAdmin.misc);
      if (r.predefined.orgSharedReadOnly) roleOrgSharedRead[ri] = 1;
      else {
        // The row depends only on the role and on each table's class and ownership: it is computed once per
        // role and table layout, and copied (a model is built per scenario in the specification suite; profiled).
        tableLayout ??= tables.map((t) => `${tableClass(t)}${t.organizationOwned ? 'o' : ''}`).join(',');
        roleDepth.set(predefinedRow(def, tables, tableLayout), ri * TP);
      }
    } else if (rows) {
      if (r.predefined) { r.fromExport = true; r.misc = new Set(); }
      for (const row of rows) {
        if ('misc' in row) r.misc.add(row.misc);
        else roleDepth[ri * TP + row.table * 8 + row.privilege] = row.depth;
      }
    }
  }

  // Assignments.
  const assignments: AssignmentInfo[] = [];
  const ignored: IgnoredAssignment[] = [];
  const userRolesL: number[][] = users.map(() => []);
  const teamRolesL: number[][] = teams.map(() => []);
  const environmentRoles: Array<Set<string>> = users.map(() => new Set(['Environment Maker']));
  const asSeen = new Set<string>();
  for (const a of spec.assignments ?? []) {
    const pt = key(a.principalType);
    if (pt !== 'user' && pt !== 'team') { err({ code: 'bad-value', message: 'unknown principal type', field: 'principal_type', value: a.principalType, origin: a.origin, expected: 'user or team', suggestions: suggest(a.principalType, ['user', 'team']) }); continue; }
    const pi = pt === 'user' ? user.get(key(a.principal)) : team.get(key(a.principal));
    if (pi === undefined) { unknown(pt, 'principal', a.principal, pt === 'user' ? users.map((u) => u.name) : teams.map((t) => t.name), a.origin); }
    const ri = role.get(key(a.role));
    if (ri === undefined) {
      const pre = predefinedRole(a.role);
      if (pre && !spec.dataverse) err({ code: 'role-needs-dataverse', message: `"${pre.name}" exists only in environments with Dataverse`, field: 'role', value: a.role, origin: a.origin, expected: 'Environment Admin or Environment Maker in an environment without Dataverse' });
      else unknown('role', 'role', a.role, roleNames(), a.origin);
    }
    if (pi === undefined || ri === undefined) continue;
    const dk = `${pt}|${pi}|${ri}`;
    if (asSeen.has(dk)) { err({ code: 'duplicate', message: `role "${roles[ri]!.name}" is assigned twice to ${pt} "${a.principal.trim()}"`, field: 'role', value: a.role, origin: a.origin, expected: 'each assignment once' }); continue; }
    asSeen.add(dk);
    assignments.push({ principal: pi, principalType: pt, role: ri, origin: a.origin });
    const r = roles[ri]!; const pre = r.predefined;
    const ignore = (reason: IgnoredAssignment['reason']) => ignored.push({ principal: a.principal.trim(), principalType: pt, role: r.name, reason, origin: a.origin });
    if (pt === 'team' && teams[pi]!.type === 'access') { ignore('access-team'); continue; }
    if (pre?.assignable === 'none') { ignore('not-assignable'); continue; }
    if (pre?.assignable === 'unsupported') { ignore('unsupported'); continue; }
    if (pre?.assignable === 'office-collaborators-team' && !(pt === 'team' && teams[pi]!.type === 'owner' && key(teams[pi]!.name) === key(OFFICE_COLLABORATORS_TEAM))) { ignore('office-collaborator-placement'); continue; }
    if (pre?.environmentRole) {
      if (pt === 'user') environmentRoles[pi]!.add(pre.name);
      else for (let u = 0; u < users.length; u++) if (members[u]!.includes(pi)) environmentRoles[u]!.add(pre.name);
      if (!pre.dataverseRole) continue;
    }
    (pt === 'user' ? userRolesL[pi]! : teamRolesL[pi]!).push(ri);
  }

  // Records and shares.
  const record = new Map<string, number>();
  const records: RecordInfo[] = [];
  for (const rec of spec.records ?? []) {
    if (!spec.dataverse) { err({ code: 'records-without-dataverse', message: 'rows exist only in environments with Dataverse', field: 'id', value: rec.id, origin: rec.origin, expected: 'dataverse = true, or no records.csv rows' }); continue; }
    const k = key(rec.id);
    if (!k) { err({ code: 'empty-value', message: 'record id is empty', field: 'id', value: rec.id, origin: rec.origin, expected: 'an id' }); continue; }
    if (record.has(k)) { err({ code: 'duplicate', message: `duplicate record id "${rec.id.trim()}"`, field: 'id', value: rec.id, origin: rec.origin, expected: 'each id once' }); continue; }
    const ti = table.get(key(rec.table));
    if (ti === undefined) { unknown('table', 'table', rec.table, tables.map((t) => t.name), rec.origin); continue; }
    if (tables[ti]!.organizationOwned) { err({ code: 'org-owned-record', message: `table "${tables[ti]!.name}" is organization-owned: its rows have no owner and need no records.csv row`, field: 'table', value: rec.table, origin: rec.origin, expected: 'a user-owned table' }); continue; }
    const ot = (rec.ownerType ?? '').trim() ? key(rec.ownerType!) : 'user';
    if (ot !== 'user' && ot !== 'team') { err({ code: 'bad-value', message: 'unknown owner type', field: 'owner_type', value: rec.ownerType, origin: rec.origin, expected: 'user or team', suggestions: suggest(rec.ownerType!, ['user', 'team']) }); continue; }
    const oi = ot === 'user' ? user.get(key(rec.owner)) : team.get(key(rec.owner));
    if (oi === undefined) { unknown(ot, 'owner', rec.owner, ot === 'user' ? users.map((u) => u.name) : teams.map((t) => t.name), rec.origin); continue; }
    if (ot === 'team' && teams[oi]!.type === 'access') { err({ code: 'access-team-owner', message: `access team "${teams[oi]!.name}" cannot own rows`, field: 'owner', value: rec.owner, origin: rec.origin, expected: 'a user, an owner team or a group team' }); continue; }
    const ownerBu = ot === 'user' ? users[oi]!.businessUnit : teams[oi]!.businessUnit;
    const b = (rec.businessUnit ?? '').trim() ? buRef(rec.businessUnit, 'business_unit', rec.origin) : ownerBu;
    record.set(k, records.length);
    records.push({ id: rec.id.trim(), table: ti, owner: ot === 'user' ? oi : users.length + oi, businessUnit: b, origin: rec.origin });
  }
  const shares: ShareInfo[] = [];
  const shSeen = new Set<string>();
  for (const s of spec.shares ?? []) {
    const ri = record.get(key(s.record));
    if (ri === undefined) unknown('record', 'record', s.record, records.map((r) => r.id), s.origin);
    const pt = key(s.principalType);
    let pi = -1;
    if (pt === 'organization') {
      if ((s.principal ?? '').trim()) err({ code: 'bad-value', message: 'a share with the organization names no principal', field: 'principal', value: s.principal, origin: s.origin, expected: 'an empty principal for principal_type organization' });
    } else if (pt === 'user' || pt === 'team') {
      const found = pt === 'user' ? user.get(key(s.principal ?? '')) : team.get(key(s.principal ?? ''));
      if (found === undefined) { unknown(pt, 'principal', s.principal ?? '', pt === 'user' ? users.map((u) => u.name) : teams.map((t) => t.name), s.origin); continue; }
      pi = found;
    } else { err({ code: 'bad-value', message: 'unknown principal type', field: 'principal_type', value: s.principalType, origin: s.origin, expected: 'user, team or organization', suggestions: suggest(s.principalType, ['user', 'team', 'organization']) }); continue; }
    let rights = 0; let bad = false;
    if (s.rights.length === 0) { err({ code: 'missing-value', message: 'a share needs at least one right', field: 'rights', value: '', origin: s.origin, expected: 'a ;-separated list of Read Write Delete Append AppendTo Assign Share' }); bad = true; }
    for (const r of s.rights) {
      const i = privilegeIndex(r);
      if (i < 0 || PRIVILEGES[i] === 'Create') { err({ code: 'bad-value', message: 'unknown share right', field: 'rights', value: r, origin: s.origin, expected: 'Read, Write, Delete, Append, AppendTo, Assign or Share', suggestions: suggest(r, PRIVILEGES.filter((p) => p !== 'Create')) }); bad = true; }
      else rights |= 1 << i;
    }
    if (ri === undefined || bad) continue;
    const dk = `${ri}|${pt}|${pi}`;
    if (shSeen.has(dk)) { err({ code: 'duplicate', message: 'the same record is shared twice with the same principal', field: 'principal', value: s.principal ?? '', origin: s.origin, expected: 'one row per record and principal, listing all rights' }); continue; }
    shSeen.add(dk);
    shares.push({ record: ri, target: pt, principal: pi, rights, origin: s.origin });
  }

  if (problems.length) throw new SpecError(problems);

  const csr = (lists: number[][]): [Int32Array, Int32Array] => {
    const start = new Int32Array(lists.length + 1); let n = 0;
    for (let i = 0; i < lists.length; i++) { start[i] = n; n += lists[i]!.length; }
    start[lists.length] = n;
    const flat = new Int32Array(n); let j = 0;
    for (const l of lists) for (const v of l) flat[j++] = v;
    return [start, flat];
  };
  for (const l of userRolesL) l.sort((a, b) => a - b);
  for (const l of members) l.sort((a, b) => a - b);
  const [userRoleStart, userRoles] = csr(userRolesL);
  const [userTeamStart, userTeams] = csr(members);
  const [userRoleTeamStart, userRoleTeams] = csr(members.map((l) => l.filter((t) => teams[t]!.type !== 'access' && teamRolesL[t]!.length > 0)));
  const [teamRoleStart, teamRoles] = csr(teamRolesL);
  const perRecord: number[][] = records.map(() => []);
  shares.forEach((s, i) => perRecord[s.record]!.push(i));
  const [recordShareStart, recordShares] = csr(perRecord);

  return {
    name: spec.name, type: envType ?? 'Production', dataverse: spec.dataverse, origin: spec.origin,
    buNames, buParent, buIn, buOut, root, users, teams, tables, roles, records, shares, assignments, ignored,
    roleDepth, roleOrgSharedRead, userRoleStart, userRoles, userTeamStart, userTeams, userRoleTeamStart, userRoleTeams,
    teamRoleStart, teamRoles, recordShareStart, recordShares, environmentRoles,
    index: { user, team, table, role, record, bu }, warnings,
  };
}
