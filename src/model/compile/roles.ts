// Roles: every predefined role of a Dataverse environment (or only the two environment roles without one), then
// the custom roles of the export; then their privileges: the documented definition of a predefined role unless the
// export lists its rows, and the rows of every custom role.
import {
  documentedDepth,
  KNOWN_MISC_PRIVILEGES,
  predefinedRole,
  PREDEFINED_ROLES,
  type PredefinedRole,
  type TableClass,
} from '../../catalog/roles.ts';
import { readPrivilegeName } from '../../catalog/privilege-names.ts';
import { suggest } from '../errors.ts';
import {
  DEPTH_SPELLINGS,
  Depth,
  INHERITANCES,
  key,
  parseDepth,
  privilegeIndex,
  PRIVILEGES,
  readDepthValue,
  type Origin,
} from '../../vocabulary/index.ts';
import type { NotEvaluatedGrant, RoleInfo, TableInfo, UnknownTableUse } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { BusinessUnits } from './business-units.ts';
import type { Problems } from './problems.ts';
import type { Tables } from './tables.ts';

export interface Roles {
  roles: RoleInfo[];
  index: Map<string, number>;
}

/** A predefined role's name and aliases as keys, made once (every model build lower-cased them again: profiled). */
const PREDEFINED_KEYS = new WeakMap<PredefinedRole, readonly string[]>();
function predefinedKeys(p: PredefinedRole): readonly string[] {
  let keys = PREDEFINED_KEYS.get(p);
  if (!keys) PREDEFINED_KEYS.set(p, (keys = [p.name, ...p.aliases].map(key)));
  return keys;
}

export function compileRoles(spec: EnvironmentSpec, P: Problems, bu: BusinessUnits): Roles {
  const index = new Map<string, number>();
  const roles: RoleInfo[] = [];
  for (const p of PREDEFINED_ROLES) {
    if (!spec.dataverse && !p.environmentRole) continue;
    for (const k of predefinedKeys(p)) index.set(k, roles.length);
    roles.push({
      name: p.name,
      predefined: p,
      businessUnit: bu.root,
      inheritance: 'direct-and-team',
      misc: new Set(p.misc),
      fromExport: false,
    });
  }
  for (const r of spec.roles ?? []) {
    const k = key(r.name);
    if (!k) {
      P.empty('role name', 'name', r.name, r.origin, 'a role name');
      continue;
    }
    if (predefinedRole(k)) {
      P.err({
        code: 'predefined-role',
        message: `"${r.name.trim()}" is a predefined role and cannot be declared as a custom role`,
        field: 'name',
        value: r.name,
        origin: r.origin,
        expected: 'a custom role name; predefined roles need no row in roles.csv',
      });
      continue;
    }
    if (index.has(k)) {
      P.duplicate(`duplicate role "${r.name.trim()}"`, 'name', r.name, r.origin, 'each role once');
      continue;
    }
    if (!spec.dataverse) {
      P.err({
        code: 'roles-without-dataverse',
        message: 'custom security roles exist only in environments with Dataverse',
        field: 'name',
        value: r.name,
        origin: r.origin,
        expected: 'dataverse = true',
      });
      continue;
    }
    const inh = (r.inheritance ?? '').trim() ? INHERITANCES.find((x) => x === key(r.inheritance!)) : 'direct-and-team';
    if (!inh)
      P.err({
        code: 'bad-value',
        message: "unknown member's privilege inheritance",
        field: 'inheritance',
        value: r.inheritance,
        origin: r.origin,
        expected: 'direct-and-team or team-only',
        suggestions: suggest(r.inheritance!, INHERITANCES),
      });
    index.set(k, roles.length);
    roles.push({
      name: r.name.trim(),
      businessUnit: bu.ref(r.businessUnit, 'business_unit', r.origin, false),
      inheritance: inh ?? 'direct-and-team',
      misc: new Set(),
      fromExport: true,
      origin: r.origin,
    });
  }
  return { roles, index };
}

export interface RolePrivileges {
  roleDepth: Uint8Array;
  orgSharedReadOnly: Uint8Array;
  unknownTables: UnknownTableUse[];
  unknownMisc: Array<{ name: string; roles: string[]; origin?: Origin }>;
  notEvaluated: NotEvaluatedGrant[];
}

type Row = { privilege: number; tables: number[]; depth: Depth } | { misc: string };

export function compileRolePrivileges(spec: EnvironmentSpec, P: Problems, roles: Roles, tables: Tables): RolePrivileges {
  const T = tables.tables;
  const TP = T.length * 8;
  const roleDepth = new Uint8Array(roles.roles.length * TP);
  const orgSharedReadOnly = new Uint8Array(roles.roles.length);
  const rows = new Map<number, Row[]>();
  // Misc privileges by role and name; table privileges by role x table privilege in a typed array (the depth of the
  // first row, 0 for none yet): a Map of 2,500,000 numeric keys, each with an object, was 55 % of compile's time at
  // 100,000 users and most of its garbage (profiled). The first row's line, for the error of a second row with another
  // depth, is found from each row's key, indexed only when such an error occurs.
  const seen = new Map<string | number, { depth: string; origin?: Origin }>();
  const rolePrivileges = spec.rolePrivileges ?? [];
  const seenDepth = new Uint8Array(roles.roles.length * TP);
  const rowKey = new Float64Array(rolePrivileges.length).fill(-1);
  let firstRow: Map<number, number> | undefined;
  let indexed = 0;
  const firstOrigin = (k: number, i: number): Origin | undefined => {
    firstRow ??= new Map();
    for (; indexed < i; indexed++) {
      const x = rowKey[indexed]!;
      if (x >= 0 && !firstRow.has(x)) firstRow.set(x, indexed);
    }
    const at = firstRow.get(k);
    return at === undefined ? undefined : rolePrivileges[at]!.origin;
  };
  const unknownTables = new Map<string, UnknownTableUse>();
  const unknownMisc = new Map<string, { name: string; roles: string[]; origin?: Origin }>();
  const notEvaluated: NotEvaluatedGrant[] = [];
  const firstVerb = new Map<string, number>();
  const roleNames = () => roles.roles.map((r) => r.name);
  // A custom role's rows are applied as they are read (a maximum per cell, in any order); a predefined role's rows
  // are kept until the end, where they replace its documented definition. An object per row (2,500,000 at 100,000
  // users) was most of compile's garbage (profiled).
  const push = (ri: number, row: Row) => {
    const r = roles.roles[ri]!;
    if (!r.predefined) {
      if ('misc' in row) r.misc.add(row.misc);
      else
        for (const ti of row.tables) {
          const at = ri * TP + ti * 8 + row.privilege;
          if (roleDepth[at]! < row.depth) roleDepth[at] = row.depth;
        }
      return;
    }
    let l = rows.get(ri);
    if (!l) rows.set(ri, (l = []));
    l.push(row);
  };
  // Each distinct role name, privilege name and depth is read once (the same few thousand names on millions of rows).
  const roleOf = new Map<string, number | undefined>();
  const readingOf = new Map<string, { reading: ReturnType<typeof readPrivilegeName>; targets: number[] }>();
  const depthOf = new Map<string, ReturnType<typeof readDepthValue>>();
  const depthOfMask = new Map<string, ReturnType<typeof readDepthValue>>();
  for (let i = 0; i < rolePrivileges.length; i++) {
    const rp = rolePrivileges[i]!;
    // Without a database there is no privilege to hold (the two environment roles hold none): fail closed.
    if (!spec.dataverse) {
      P.err({
        code: 'role-privileges-without-dataverse',
        message: 'role privileges exist only in environments with Dataverse',
        field: 'privilege',
        value: rp.privilege,
        origin: rp.origin,
        expected: 'dataverse = true, or no role-privileges.csv rows',
      });
      continue;
    }
    let ri = roleOf.get(rp.role);
    if (ri === undefined && !roleOf.has(rp.role)) roleOf.set(rp.role, (ri = roles.index.get(key(rp.role))));
    if (ri === undefined) {
      P.unknown('role', 'role', rp.role, roleNames(), rp.origin);
      continue;
    }
    const role = roles.roles[ri]!;
    let read = readingOf.get(rp.privilege);
    if (!read) {
      const explicit = tables.explicit.get(key(rp.privilege));
      const reading = explicit
        ? { kind: 'table' as const, privilege: explicit.privilege, tables: [T[explicit.table]!.name] }
        : readPrivilegeName(rp.privilege, tables.nameParts);
      const targets: number[] = [];
      if (reading?.kind === 'table')
        for (const name of reading.tables) {
          const ti = tables.index.get(name);
          if (ti !== undefined) targets.push(ti);
        }
      readingOf.set(rp.privilege, (read = { reading, targets }));
    }
    const reading = read.reading;
    if (!reading) {
      P.err({
        code: 'bad-privilege',
        message: 'not a Dataverse privilege name',
        field: 'privilege',
        value: rp.privilege,
        origin: rp.origin,
        expected: `prv + one of ${PRIVILEGES.join(' ')} + a table's schema name (prvReadAccount), or a miscellaneous privilege (prvExportToExcel)`,
        suggestions: suggest(rp.privilege, KNOWN_MISC_PRIVILEGES),
      });
      continue;
    }
    const depths = rp.depthScheme === 'mask' ? depthOfMask : depthOf;
    let depthValue = depths.get(rp.depth);
    if (depthValue === undefined && !depths.has(rp.depth)) depths.set(rp.depth, (depthValue = readDepthValue(rp.depth, rp.depthScheme)));
    if (!depthValue) {
      P.err({
        code: 'bad-depth',
        message: 'unknown depth',
        field: 'depth',
        value: rp.depth,
        origin: rp.origin,
        expected:
          'Basic, Local, Deep, Global (or User, Business Unit, Parent: Child Business Units, Organization; a PrivilegeDepth number 0-3; a depth mask 1, 2, 4, 8), None or RecordFilter',
        suggestions: suggest(rp.depth, DEPTH_SPELLINGS),
      });
      continue;
    }
    if (reading.kind === 'unknown-table') {
      const use = unknownTables.get(reading.table);
      if (!use) {
        unknownTables.set(reading.table, { name: reading.table, roles: [role.name], rows: 1, origin: rp.origin });
        firstVerb.set(reading.table, reading.privilege);
      } else {
        use.rows++;
        if (!use.roles.includes(role.name)) use.roles.push(role.name);
      }
      continue;
    }
    if (depthValue.kind === 'none') {
      P.warn({
        code: 'depth-none',
        message: 'depth None grants nothing; the row is ignored',
        field: 'depth',
        value: rp.depth,
        origin: rp.origin,
      });
      continue;
    }
    if (depthValue.kind === 'record-filter') {
      notEvaluated.push({ role: role.name, privilege: rp.privilege.trim(), origin: rp.origin });
      P.warn({
        code: 'record-filter',
        message: 'a RecordFilter grant is kept but not evaluated: rolecheck does not decide record filters, so it grants nothing here',
        field: 'depth',
        value: rp.depth,
        origin: rp.origin,
      });
      continue;
    }
    const depth = depthValue.depth;
    if (reading.kind === 'misc') {
      if (!reading.known) {
        const u = unknownMisc.get(key(reading.name));
        if (!u) unknownMisc.set(key(reading.name), { name: reading.name, roles: [role.name], origin: rp.origin });
        else if (!u.roles.includes(role.name)) u.roles.push(role.name);
      }
      const dk = `${ri}|${key(reading.name)}`;
      if (duplicate(P, seen, dk, String(depth), rp.depth, rp.origin, rp.privilege, role.name)) continue;
      push(ri, { misc: reading.name });
      continue;
    }
    const targets = read.targets;
    if (targets.length === 0) continue;
    const k = ri * TP + targets[0]! * 8 + reading.privilege;
    const first = seenDepth[k]!;
    if (first === 0) {
      seenDepth[k] = depth;
      rowKey[i] = k;
    } else {
      duplicateRow(P, first === depth, firstOrigin(k, i), rp.depth, rp.origin, rp.privilege, role.name);
      continue;
    }
    const orgOwned = targets.find((ti) => T[ti]!.organizationOwned);
    if (orgOwned !== undefined && depth !== Depth.Global) {
      P.err({
        code: 'org-owned-depth',
        message: `table "${T[orgOwned]!.name}" is organization-owned: its privileges are None or Global only`,
        field: 'depth',
        value: rp.depth,
        origin: rp.origin,
        expected: 'Global (Organization)',
      });
      continue;
    }
    if (role.predefined) {
      push(ri, { privilege: reading.privilege, tables: targets, depth });
      continue;
    }
    for (const ti of targets) {
      const at = ri * TP + ti * 8 + reading.privilege;
      if (roleDepth[at]! < depth) roleDepth[at] = depth;
    }
  }
  const tableParts = [...tables.nameParts.keys()];
  for (const use of unknownTables.values()) {
    const verb = PRIVILEGES[firstVerb.get(use.name)!]!;
    P.warn({
      code: 'unknown-table',
      suggestions: suggest(use.name, tableParts).map((x) => `prv${verb}${x}`),
      message: `privileges name a table that no file describes ("${use.name}", ${use.rows} row${use.rows === 1 ? '' : 's'}, roles ${use.roles.slice(0, 3).join(', ')}${use.roles.length > 3 ? ' …' : ''}); they are kept out of every decision, and a question about the table is an input error until tables.csv, a solution's Entity.xml or entitydefinitions.json describes it`,
      field: 'privilege',
      value: `prv${verb}${use.name}`,
      origin: use.origin,
    });
  }
  for (const m of unknownMisc.values())
    P.warn({
      code: 'unknown-misc-privilege',
      suggestions: suggest(m.name, KNOWN_MISC_PRIVILEGES),
      message: `miscellaneous privilege "${m.name}" is not in Microsoft's published lists; it is kept by name and grants no row access`,
      field: 'privilege',
      value: m.name,
      origin: m.origin,
    });

  const sysAdmin = PREDEFINED_ROLES.find((r) => r.name === 'System Administrator')!;
  let layout: string | undefined;
  for (let ri = 0; ri < roles.roles.length; ri++) {
    const r = roles.roles[ri]!;
    const list = rows.get(ri);
    if (r.predefined && !list) {
      const def = r.predefined.impliesRole ? sysAdmin : r.predefined;
      if (r.predefined.impliesRole) r.misc = new Set(sysAdmin.misc);
      if (r.predefined.orgSharedReadOnly) orgSharedReadOnly[ri] = 1;
      else {
        // The row depends only on the role and on each table's class and ownership: computed once per role and
        // table layout, and copied (a model is built per scenario in the specification suite; profiled).
        layout ??= T.map((t) => `${tableClass(t)}${t.organizationOwned ? 'o' : ''}`).join(',');
        roleDepth.set(predefinedRow(def, T, layout), ri * TP);
        // Grants the documentation names by table (App Opener reads Process), applied where the table exists.
        for (const g of def.namedTableGrants ?? []) {
          const depth = parseDepth(g.depth) ?? Depth.None;
          for (const name of g.tables) {
            const ti = tables.index.get(name);
            if (ti === undefined || (T[ti]!.organizationOwned && depth !== Depth.Global)) continue;
            for (const pr of g.privileges) {
              const at = ri * TP + ti * 8 + privilegeIndex(pr);
              if (roleDepth[at]! < depth) roleDepth[at] = depth;
            }
          }
        }
      }
    } else if (list) {
      if (r.predefined) {
        r.fromExport = true;
        r.misc = new Set();
      }
      for (const row of list) {
        if ('misc' in row) r.misc.add(row.misc);
        else
          for (const ti of row.tables) {
            const at = ri * TP + ti * 8 + row.privilege;
            if (roleDepth[at]! < row.depth) roleDepth[at] = row.depth;
          }
      }
    }
  }
  return { roleDepth, orgSharedReadOnly, unknownTables: [...unknownTables.values()], unknownMisc: [...unknownMisc.values()], notEvaluated };
}

/** A second row for the same role and privilege: an exact duplicate (same depth) is a warning, another depth an error. */
function duplicate(
  P: Problems,
  seen: Map<string | number, { depth: string; origin?: Origin }>,
  k: string | number,
  norm: string,
  depth: string,
  origin: Origin | undefined,
  privilege: string,
  role: string,
): boolean {
  const prev = seen.get(k);
  if (!prev) {
    seen.set(k, { depth: norm, origin });
    return false;
  }
  duplicateRow(P, prev.depth === norm, prev.origin, depth, origin, privilege, role);
  return true;
}

function duplicateRow(
  P: Problems,
  same: boolean,
  first: Origin | undefined,
  depth: string,
  origin: Origin | undefined,
  privilege: string,
  role: string,
): void {
  if (same)
    P.warn({
      code: 'duplicate-row',
      message: 'exact duplicate of an earlier role privilege row; ignored',
      field: 'privilege',
      value: privilege,
      origin,
    });
  else
    P.duplicate(
      `role "${role}" lists ${privilege.trim()} twice with different depths`,
      'depth',
      depth,
      origin,
      `one depth per role and privilege (line ${first?.line ?? '?'} already gives one)`,
    );
}

export function tableClass(t: TableInfo): TableClass {
  return t.custom ? 'custom' : t.core ? 'core' : 'standard';
}

/** A predefined role's depths on every table (8 per table), by table layout; never modified. */
const PREDEFINED_ROWS = new WeakMap<PredefinedRole, Map<string, Uint8Array>>();
export function predefinedRow(def: PredefinedRole, tables: readonly TableInfo[], layout: string): Uint8Array {
  let byLayout = PREDEFINED_ROWS.get(def);
  if (!byLayout) PREDEFINED_ROWS.set(def, (byLayout = new Map()));
  let row = byLayout.get(layout);
  if (!row) {
    row = new Uint8Array(tables.length * 8);
    // The depth of each (class, ownership, privilege) once, then copied to every table of that class and ownership.
    const byClass = new Map<string, Uint8Array>();
    for (let ti = 0; ti < tables.length; ti++) {
      const t = tables[ti]!;
      const cls = tableClass(t);
      const k = `${cls}${t.organizationOwned ? 'o' : ''}`;
      let d = byClass.get(k);
      if (!d)
        byClass.set(
          k,
          (d = Uint8Array.from(PRIVILEGES, (p) => parseDepth(documentedDepth(def, p, cls, t.organizationOwned)) ?? Depth.None)),
        );
      row.set(d, ti * 8);
    }
    // A large export has one layout; a run of many small environments has a few. Bounded all the same.
    if (byLayout.size >= 64) byLayout.clear();
    byLayout.set(layout, row);
  }
  return row;
}
