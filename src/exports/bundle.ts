// Reads a Web API bundle: a folder of JSON files, each as the Dataverse Web API (v9.2) returns it ({"value":[…]},
// possibly in pages NAME.json, NAME.2.json, …), into an EnvironmentSpec. Ids are GUIDs compared case-insensitively;
// a lookup that names no row is an input error with the file and the JSON path. A role's business-unit copies are
// folded into one role, and the copy that was assigned gives the assignment's business unit.
// Format: docs/export-format.md, "Web API bundle". Shapes: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-data-web-api
// (collections, lookups as _name_value), .../webapi/reference/retrieveroleprivilegesrole (RolePrivileges),
// .../webapi/reference/entitymetadata (EntityDefinitions), .../reference/entities/principalobjectaccess.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { predefinedRole } from '../catalog/roles.ts';
import { blankSpec, type RoleSpec } from '../model/spec.ts';
import { key, PRIVILEGES, privilegesOfMask, type Origin, type Problem } from '../vocabulary/index.ts';
import { BOOLEANS } from './csv-folder.ts';
import type { InputFile, SourceRead } from './source.ts';

/** The file that makes a folder a bundle. */
export const BUNDLE_MARKER = 'systemusers.json';
/** Left by `rolecheck pull` until the bundle is complete. */
export const PULL_STATE = '.pull-state.json';
/** A bound on one JSON file (hostile input is bounded). */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/** The collections of a bundle, in reading order; `required` ones must be present. */
export const BUNDLE_FILES = [
  { name: 'environment', required: true },
  { name: 'businessunits', required: true },
  { name: 'systemusers', required: true },
  { name: 'positions', required: false },
  { name: 'teams', required: true },
  { name: 'teammembership', required: true },
  { name: 'roles', required: true },
  { name: 'systemuserroles', required: true },
  { name: 'teamroles', required: true },
  { name: 'entitydefinitions', required: true },
  { name: 'hierarchy', required: false },
  { name: 'records', required: false },
  { name: 'principalobjectaccess', required: false },
] as const;
export type BundleFileName = (typeof BUNDLE_FILES)[number]['name'];

interface Row {
  file: string;
  index: number;
  data: Record<string, unknown>;
}

/** A GUID as compared: lower case, without braces. */
export const normId = (v: string): string =>
  v
    .trim()
    .replace(/^\{|\}$/g, '')
    .toLowerCase();

export async function readBundle(dir: string): Promise<SourceRead> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const broken = new Set<string>();
  const files: InputFile[] = [];
  const fileOrder: string[] = [];
  const spec = blankSpec();
  const listing = readdirSync(dir);
  const at = (r: Row, field?: string): Origin => ({ file: r.file, line: 0, path: `value[${r.index}]${field ? `.${field}` : ''}` });
  const err = (r: Row, field: string, message: string, value: unknown, expected: string) =>
    problems.push({
      code: 'bad-value',
      message,
      origin: at(r, field),
      ...(value !== undefined ? { value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)) } : {}),
      expected,
    });

  if (existsSync(join(dir, PULL_STATE))) {
    problems.push({
      code: 'incomplete-bundle',
      message: `the bundle is incomplete: \`rolecheck pull\` did not finish (${PULL_STATE} is still there)`,
      origin: { file: PULL_STATE, line: 0 },
      expected: 'run the same `rolecheck pull` command again: it continues where it stopped',
    });
  }

  /** Reads NAME.json and its pages into rows; reports a missing required file, bad JSON and gaps. */
  const load = (name: string, required: boolean): Row[] | undefined => {
    const re = new RegExp(`^${name}(?:\\.(\\d+))?\\.json$`, 'i');
    const pages = new Map<number, string>();
    for (const f of listing) {
      const m = re.exec(f);
      if (m) pages.set(m[1] ? Number(m[1]) : 1, f);
    }
    const first = `${name}.json`;
    fileOrder.push(first);
    if (pages.size === 0) {
      if (required) {
        problems.push({
          code: 'missing-file',
          message: `required file ${first} is missing from the bundle`,
          origin: { file: first, line: 0 },
          expected: `${first} as the Web API returns it ({"value":[…]}); \`rolecheck pull\` writes every file`,
        });
        broken.add(first);
      }
      return undefined;
    }
    const rows: Row[] = [];
    const numbers = [...pages.keys()].sort((a, b) => a - b);
    for (let i = 0; i < numbers.length; i++) {
      const n = numbers[i]!;
      const file = pages.get(n)!;
      if (n !== i + 1) {
        problems.push({
          code: 'missing-page',
          message: `${file} exists but ${i + 1 === 1 ? first : `${name}.${i + 1}.json`} is missing: pages are numbered without gaps`,
          origin: { file, line: 0 },
          expected: `${first}, ${name}.2.json, … in @odata.nextLink order`,
        });
        broken.add(first);
        return undefined;
      }
      const doc = parseJson(join(dir, file), file, problems, files);
      if (doc === undefined) {
        broken.add(first);
        return undefined;
      }
      const value = (doc as { value?: unknown }).value;
      if (!Array.isArray(value)) {
        problems.push({
          code: 'bad-json',
          message: `${file} has no "value" array`,
          origin: { file, line: 0, path: 'value' },
          expected: '{"value":[…]} as the Web API returns a collection',
        });
        broken.add(first);
        return undefined;
      }
      value.forEach((data, index) => {
        if (data && typeof data === 'object' && !Array.isArray(data)) rows.push({ file, index, data: data as Record<string, unknown> });
        else
          problems.push({
            code: 'bad-json',
            message: 'a row is not a JSON object',
            origin: { file, line: 0, path: `value[${index}]` },
            expected: 'an object with the fields of docs/export-format.md',
          });
      });
      files[files.length - 1]!.rows = value.length;
      const next = (doc as Record<string, unknown>)['@odata.nextLink'];
      if (typeof next === 'string' && i === numbers.length - 1) {
        problems.push({
          code: 'missing-page',
          message: `${file} ends with @odata.nextLink but ${name}.${n + 1}.json is missing: the collection is incomplete`,
          origin: { file, line: 0, path: '@odata.nextLink' },
          expected: 'every page of the collection (rerun `rolecheck pull`)',
        });
        broken.add(first);
      }
    }
    return rows;
  };

  const str = (r: Row, field: string, required: boolean): string | undefined => {
    const v = r.data[field];
    if (v === undefined || v === null || v === '') {
      if (required) err(r, field, `missing ${field}`, undefined, `a non-empty string in ${field}`);
      return undefined;
    }
    if (typeof v !== 'string') {
      err(r, field, `${field} is not a string`, v, 'a string');
      return undefined;
    }
    return v;
  };
  const bool = (r: Row, field: string, fallback: boolean): boolean => {
    const v = r.data[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number' && (v === 0 || v === 1)) return v === 1;
    const b = typeof v === 'string' ? BOOLEANS.get(v.trim().toLowerCase()) : undefined;
    if (b === undefined) {
      err(r, field, `${field} is not a boolean`, v, 'true or false');
      return fallback;
    }
    return b;
  };
  /** Rows of a file by id, for lookups. */
  const index = (rows: Row[] | undefined, idField: string): Map<string, Row> => {
    const m = new Map<string, Row>();
    for (const r of rows ?? []) {
      const id = str(r, idField, true);
      if (id === undefined) continue;
      const k = normId(id);
      if (m.has(k)) {
        err(r, idField, `duplicate ${idField}: value[${m.get(k)!.index}] of ${m.get(k)!.file} has the same id`, id, 'each id once');
        continue;
      }
      m.set(k, r);
    }
    return m;
  };
  /** A lookup: undefined when empty (and allowed to be), else the row it names, or an error with the JSON path. */
  const lookup = (
    r: Row,
    field: string,
    target: Map<string, Row> | undefined,
    targetFile: string,
    required: boolean,
  ): Row | null | undefined => {
    const v = str(r, field, required);
    if (v === undefined) return null;
    if (!target) {
      if (!broken.has(targetFile))
        problems.push({
          code: 'missing-file',
          message: `${field} names a row of ${targetFile}, which the bundle does not have`,
          origin: at(r, field),
          value: v,
          expected: `${targetFile} in the bundle`,
        });
      return undefined;
    }
    const hit = target.get(normId(v));
    if (!hit) {
      if (!broken.has(targetFile))
        problems.push({
          code: 'unknown-id',
          message: `${field} names no row of ${targetFile}`,
          origin: at(r, field),
          value: v,
          expected: `the id of a row of ${targetFile}`,
        });
      return undefined;
    }
    return hit;
  };

  const rowsOf: Partial<Record<BundleFileName, Row[] | undefined>> = {};
  for (const f of BUNDLE_FILES) rowsOf[f.name] = load(f.name, f.required);

  // environment.json: one row.
  const env = rowsOf.environment;
  if (env) {
    if (env.length !== 1)
      problems.push({
        code: 'several-rows',
        message: `environment.json has ${env.length} rows`,
        origin: { file: 'environment.json', line: 0, path: 'value' },
        expected: 'exactly one row: name, type, dataverse',
      });
    const r = env[0];
    if (r) {
      spec.name = str(r, 'name', true) ?? '';
      spec.type = str(r, 'type', true) ?? '';
      spec.dataverse = bool(r, 'dataverse', true);
      spec.origin = at(r);
    }
  }
  // Business units.
  const bus = index(rowsOf.businessunits, 'businessunitid');
  const buName = (r: Row | null | undefined) => (r ? String(r.data.name ?? '') : undefined);
  for (const r of rowsOf.businessunits ?? []) {
    const name = str(r, 'name', true);
    const parent = lookup(r, '_parentbusinessunitid_value', bus, 'businessunits.json', false);
    if (name !== undefined) spec.businessUnits.push({ name, parent: parent ? buName(parent)! : null, origin: at(r) });
  }
  // Positions (optional file).
  const positions = rowsOf.positions ? index(rowsOf.positions, 'positionid') : undefined;
  for (const r of rowsOf.positions ?? []) {
    const name = str(r, 'name', true);
    const parent = lookup(r, '_parentpositionid_value', positions, 'positions.json', false);
    if (name !== undefined) spec.positions!.push({ name, parent: parent ? String(parent.data.name ?? '') : null, origin: at(r) });
  }
  // Users: named by their UPN (domainname).
  const users = index(rowsOf.systemusers, 'systemuserid');
  const userName = (r: Row): string => {
    const d = r.data.domainname;
    return typeof d === 'string' && d.trim() ? d : String(r.data.systemuserid ?? '');
  };
  for (const r of rowsOf.systemusers ?? []) {
    if (str(r, 'systemuserid', true) === undefined) continue;
    const d = r.data.domainname;
    if (d !== undefined && d !== null && typeof d !== 'string') {
      err(r, 'domainname', 'domainname is not a string', d, 'the user principal name');
      continue;
    }
    if (typeof d !== 'string' || !d.trim())
      warnings.push({
        code: 'no-upn',
        message: `user ${JSON.stringify(String(r.data.systemuserid))} has no domainname (a system or application user): named by its id`,
        origin: at(r, 'domainname'),
      });
    const bu = lookup(r, '_businessunitid_value', bus, 'businessunits.json', spec.dataverse);
    const manager = lookup(r, '_parentsystemuserid_value', users, 'systemusers.json', false);
    const position = lookup(r, '_positionid_value', positions, 'positions.json', false);
    spec.users.push({
      name: userName(r),
      ...(bu ? { businessUnit: buName(bu)! } : {}),
      enabled: !bool(r, 'isdisabled', false),
      ...(manager ? { manager: userName(manager) } : {}),
      ...(position ? { position: String(position.data.name ?? '') } : {}),
      origin: at(r),
    });
  }
  // Teams: teamtype 0 owner, 1 access, 2 and 3 Microsoft Entra groups (security, Office).
  const teams = index(rowsOf.teams, 'teamid');
  const TEAM_TYPES = new Map<number, string>([
    [0, 'owner'],
    [1, 'access'],
    [2, 'group'],
    [3, 'group'],
  ]);
  for (const r of rowsOf.teams ?? []) {
    const name = str(r, 'name', true);
    const tt = r.data.teamtype;
    const type =
      typeof tt === 'number'
        ? TEAM_TYPES.get(tt)
        : typeof tt === 'string' && /^\d$/.test(tt.trim())
          ? TEAM_TYPES.get(Number(tt))
          : undefined;
    if (!type)
      err(
        r,
        'teamtype',
        'unknown teamtype',
        tt,
        '0 (owner), 1 (access), 2 (Microsoft Entra security group) or 3 (Microsoft Entra Office group)',
      );
    const bu = lookup(r, '_businessunitid_value', bus, 'businessunits.json', spec.dataverse);
    if (name !== undefined && type) spec.teams!.push({ name, businessUnit: buName(bu) ?? '', type, origin: at(r) });
  }
  for (const r of rowsOf.teammembership ?? []) {
    const u = lookup(r, 'systemuserid', users, 'systemusers.json', true);
    const t = lookup(r, 'teamid', teams, 'teams.json', true);
    if (u && t) spec.teamMembers!.push({ team: String(t.data.name ?? ''), user: userName(u), origin: at(r) });
  }
  // Roles: one row per business-unit copy; the root copy names the role.
  const roles = index(rowsOf.roles, 'roleid');
  const rootOf = new Map<Row, Row>();
  for (const r of rowsOf.roles ?? []) {
    if (str(r, 'name', true) === undefined) continue;
    const root = lookup(r, '_parentrootroleid_value', roles, 'roles.json', false);
    if (root === undefined) continue;
    rootOf.set(r, root ?? r);
  }
  const customRoots: Row[] = [];
  const seenRoots = new Set<Row>();
  for (const root of rootOf.values()) {
    if (seenRoots.has(root)) continue;
    seenRoots.add(root);
    if (!rootOf.has(root)) continue; // the root row itself has a problem, already reported
    const name = String(root.data.name);
    if (predefinedRole(name)) continue;
    const inh = root.data.isinherited;
    let inheritance: string | undefined;
    if (inh !== undefined && inh !== null) {
      const n =
        typeof inh === 'number'
          ? inh
          : typeof inh === 'string' && /^[01]$/.test(inh.trim())
            ? Number(inh)
            : typeof inh === 'boolean'
              ? inh
                ? 1
                : 0
              : -1;
      if (n === 1) inheritance = 'direct-and-team';
      else if (n === 0) inheritance = 'team-only';
      else
        err(
          root,
          'isinherited',
          'isinherited is neither 1 nor 0',
          inh,
          '1 (Direct User (Basic) access level and Team privileges) or 0 (Team privileges only)',
        );
    }
    const bu = lookup(root, '_businessunitid_value', bus, 'businessunits.json', false);
    const role: RoleSpec = {
      name,
      ...(bu ? { businessUnit: buName(bu)! } : {}),
      ...(inheritance ? { inheritance } : {}),
      origin: at(root),
    };
    spec.roles!.push(role);
    customRoots.push(root);
  }
  // Role privileges: roleprivileges/ROOTROLEID.json for every custom role (and for a predefined one when present).
  const rpDir = join(dir, 'roleprivileges');
  const rpFiles = new Map<string, string>();
  if (existsSync(rpDir) && statSync(rpDir).isDirectory()) {
    for (const f of readdirSync(rpDir).sort()) {
      const m = /^(.+)\.json$/i.exec(f);
      if (m) rpFiles.set(normId(m[1]!), f);
    }
  }
  const rootsWithFiles: Row[] = [...seenRoots].filter(
    (r) => rootOf.has(r) && (customRoots.includes(r) || rpFiles.has(normId(String(r.data.roleid)))),
  );
  for (const root of rootsWithFiles) {
    const id = normId(String(root.data.roleid));
    const f = rpFiles.get(id);
    const name = String(root.data.name);
    const rel = `roleprivileges/${f ?? `${String(root.data.roleid)}.json`}`;
    fileOrder.push(rel);
    if (!f) {
      problems.push({
        code: 'missing-file',
        message: `the privileges of role "${name}" are missing: ${rel} is not in the bundle`,
        origin: { file: rel, line: 0 },
        expected: 'the response of roles(ROOTROLEID)/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole() for every custom role',
      });
      continue;
    }
    const doc = parseJson(join(rpDir, f), rel, problems, files);
    if (doc === undefined) continue;
    const list = (doc as { RolePrivileges?: unknown }).RolePrivileges;
    if (!Array.isArray(list)) {
      problems.push({
        code: 'bad-json',
        message: `${rel} has no "RolePrivileges" array`,
        origin: { file: rel, line: 0, path: 'RolePrivileges' },
        expected: '{"RolePrivileges":[{"PrivilegeName":…,"Depth":…}]} as RetrieveRolePrivilegesRole returns it',
      });
      continue;
    }
    files[files.length - 1]!.rows = list.length;
    list.forEach((p, i) => {
      const o: Origin = { file: rel, line: 0, path: `RolePrivileges[${i}]` };
      const pn = p && typeof p === 'object' ? (p as Record<string, unknown>).PrivilegeName : undefined;
      const d = p && typeof p === 'object' ? (p as Record<string, unknown>).Depth : undefined;
      if (typeof pn !== 'string' || !pn.trim()) {
        problems.push({
          code: 'bad-value',
          message: 'missing PrivilegeName',
          origin: { ...o, path: `${o.path}.PrivilegeName` },
          expected: 'a privilege name such as prvReadAccount',
        });
        return;
      }
      if (typeof d !== 'string' && typeof d !== 'number') {
        problems.push({
          code: 'bad-value',
          message: 'missing Depth',
          origin: { ...o, path: `${o.path}.Depth` },
          expected: 'Basic, Local, Deep, Global or RecordFilter',
        });
        return;
      }
      spec.rolePrivileges!.push({
        role: name,
        privilege: pn,
        depth: String(d),
        ...(typeof d === 'number' ? { depthScheme: 'enum' as const } : {}),
        origin: o,
      });
    });
  }
  for (const [id, f] of rpFiles) {
    if (!roles.has(id)) {
      if (!broken.has('roles.json'))
        problems.push({
          code: 'unknown-id',
          message: `roleprivileges/${f} holds the privileges of a role that roles.json does not have`,
          origin: { file: `roleprivileges/${f}`, line: 0 },
          value: f.replace(/\.json$/i, ''),
          expected: 'the roleid of a root role of roles.json as the file name',
        });
    } else if (!rootsWithFiles.includes(roles.get(id)!))
      warnings.push({
        code: 'unused-file',
        message: `roleprivileges/${f} is the id of a business-unit copy, not of a root role; ignored (privileges are read from the root copy)`,
        origin: { file: `roleprivileges/${f}`, line: 0 },
      });
  }
  // Assignments: the copy assigned gives the business unit.
  const assign = (r: Row, principal: string, principalType: 'user' | 'team') => {
    const copy = lookup(r, 'roleid', roles, 'roles.json', true);
    if (!copy) return;
    const root = rootOf.get(copy);
    if (!root) return;
    const bu = lookup(copy, '_businessunitid_value', bus, 'businessunits.json', false);
    spec.assignments!.push({
      principal,
      principalType,
      role: String(root.data.name),
      ...(bu ? { businessUnit: buName(bu)! } : {}),
      origin: at(r),
    });
  };
  for (const r of rowsOf.systemuserroles ?? []) {
    const u = lookup(r, 'systemuserid', users, 'systemusers.json', true);
    if (u) assign(r, userName(u), 'user');
  }
  for (const r of rowsOf.teamroles ?? []) {
    const t = lookup(r, 'teamid', teams, 'teams.json', true);
    if (t) assign(r, String(t.data.name ?? ''), 'team');
  }
  // Tables and the privilege names that act on them.
  const OWNERSHIP = new Map<string, 'user' | 'organization'>([
    ['userowned', 'user'],
    ['teamowned', 'user'],
    ['businessowned', 'user'],
    ['organizationowned', 'organization'],
    ['none', 'organization'],
    ['1', 'user'],
    ['2', 'user'],
    ['4', 'user'],
    ['8', 'organization'],
    ['0', 'organization'],
  ]);
  const VERB_OF_TYPE = new Map(PRIVILEGES.map((p) => [p.toLowerCase(), p] as const));
  for (const r of rowsOf.entitydefinitions ?? []) {
    const logical = str(r, 'LogicalName', true);
    if (logical === undefined) continue;
    const schema = str(r, 'SchemaName', false) ?? logical;
    const ot = r.data.OwnershipType;
    const ownership = ot === undefined || ot === null ? undefined : OWNERSHIP.get(String(ot).trim().toLowerCase());
    if (!ownership) {
      err(
        r,
        'OwnershipType',
        `unknown OwnershipType of table "${logical}"`,
        ot,
        'UserOwned, TeamOwned, BusinessOwned, OrganizationOwned or None',
      );
      continue;
    }
    spec.tables!.push({
      name: logical,
      ownership,
      custom: bool(r, 'IsCustomEntity', false),
      ...(schema.toLowerCase() !== logical.toLowerCase() ? { schemaName: schema } : {}),
      origin: at(r),
    });
    const privs = r.data.Privileges;
    if (privs === undefined || privs === null) continue;
    if (!Array.isArray(privs)) {
      err(r, 'Privileges', 'Privileges is not an array', privs, 'an array of {Name, PrivilegeType}');
      continue;
    }
    privs.forEach((p, i) => {
      if (!p || typeof p !== 'object') return;
      const pname = (p as Record<string, unknown>).Name;
      const ptype = (p as Record<string, unknown>).PrivilegeType;
      if (typeof pname !== 'string' || typeof ptype !== 'string') return;
      const verb = VERB_OF_TYPE.get(ptype.trim().toLowerCase());
      if (!verb) return; // PrivilegeType None: not a table privilege
      const plain = `prv${verb}${schema}`.toLowerCase();
      if (pname.trim().toLowerCase() === plain || pname.trim().toLowerCase() === `prv${verb}${logical}`.toLowerCase()) return;
      spec.privilegeNames!.push({
        name: pname.trim(),
        table: logical,
        privilege: verb,
        origin: { file: r.file, line: 0, path: `value[${r.index}].Privileges[${i}]` },
      });
    });
  }
  // Hierarchy settings (optional).
  const h = rowsOf.hierarchy;
  if (h && h[0]) {
    const r = h[0];
    const model = str(r, 'model', true);
    const depth = r.data.depth;
    const ex = r.data.excluded_tables;
    if (depth !== undefined && depth !== null && (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1 || depth > 100))
      err(r, 'depth', 'not a hierarchy depth', depth, 'a whole number from 1 to 100 (default 3)');
    if (ex !== undefined && ex !== null && (!Array.isArray(ex) || ex.some((x) => typeof x !== 'string')))
      err(r, 'excluded_tables', 'excluded_tables is not an array of table names', ex, 'an array of logical names');
    if (model !== undefined) {
      const m = key(model);
      if (m !== 'manager' && m !== 'position') err(r, 'model', 'unknown hierarchy model', model, 'manager or position');
      spec.hierarchy = {
        model: m === 'position' ? 'position' : 'manager',
        ...(typeof depth === 'number' && Number.isInteger(depth) && depth >= 1 && depth <= 100 ? { depth } : {}),
        ...(Array.isArray(ex) && ex.every((x) => typeof x === 'string') && ex.length ? { excludedTables: ex as string[] } : {}),
        ...(r.data.managers_in_same_or_parent_unit !== undefined && r.data.managers_in_same_or_parent_unit !== null
          ? { managersInSameOrParentUnit: bool(r, 'managers_in_same_or_parent_unit', true) }
          : {}),
        origin: at(r),
      };
      if (spec.hierarchy.model === 'position' && !rowsOf.positions)
        problems.push({
          code: 'missing-file',
          message: 'hierarchy.json sets the position model but positions.json is missing',
          origin: at(r, 'model'),
          expected: 'positions.json (positions)',
        });
    }
  }
  // Records and shares (optional).
  const records = rowsOf.records ? index(rowsOf.records, 'id') : undefined;
  for (const r of rowsOf.records ?? []) {
    const id = str(r, 'id', true);
    const table = str(r, 'table', true);
    const ownerType = str(r, 'owneridtype', true);
    if (ownerType !== undefined && ownerType !== 'systemuser' && ownerType !== 'team') {
      err(r, 'owneridtype', 'unknown owneridtype', ownerType, 'systemuser or team');
      continue;
    }
    const owner = ownerType
      ? lookup(r, '_ownerid_value', ownerType === 'team' ? teams : users, ownerType === 'team' ? 'teams.json' : 'systemusers.json', true)
      : undefined;
    const bu = lookup(r, '_owningbusinessunit_value', bus, 'businessunits.json', false);
    if (id === undefined || table === undefined || !owner) continue;
    spec.records!.push({
      id,
      table,
      owner: ownerType === 'team' ? String(owner.data.name ?? '') : userName(owner),
      ownerType: ownerType === 'team' ? 'team' : 'user',
      ...(bu ? { businessUnit: buName(bu)! } : {}),
      origin: at(r),
    });
  }
  let zeroMasks = 0;
  for (const r of rowsOf.principalobjectaccess ?? []) {
    const rec = lookup(r, 'objectid', records, 'records.json', true);
    const pt = str(r, 'principaltypecode', true);
    const mask = r.data.accessrightsmask;
    if (typeof mask !== 'number' || !Number.isInteger(mask) || mask < 0) {
      err(
        r,
        'accessrightsmask',
        'accessrightsmask is not a whole number',
        mask,
        'the AccessRights bits of the share (1 Read, 2 Write, 4 Append, 16 AppendTo, 65536 Delete, 262144 Share, 524288 Assign)',
      );
      continue;
    }
    if (pt !== undefined && pt !== 'systemuser' && pt !== 'team' && pt !== 'organization') {
      err(r, 'principaltypecode', 'unknown principaltypecode', pt, 'systemuser, team or organization');
      continue;
    }
    const principal =
      pt === 'organization'
        ? null
        : pt
          ? lookup(r, 'principalid', pt === 'team' ? teams : users, pt === 'team' ? 'teams.json' : 'systemusers.json', true)
          : undefined;
    if (!rec || !pt || principal === undefined) continue;
    const { privileges, rest } = privilegesOfMask(mask);
    const rights = privileges.filter((p) => p !== 'Create');
    if (rest !== 0 || rights.length !== privileges.length)
      warnings.push({
        code: 'mask-bits',
        message: `accessrightsmask ${mask} has bits that no share carries (${[...(rights.length !== privileges.length ? ['32 Create'] : []), ...(rest ? [String(rest)] : [])].join(', ')}); ignored`,
        origin: at(r, 'accessrightsmask'),
      });
    if (rights.length === 0) {
      zeroMasks++;
      continue;
    }
    spec.shares!.push({
      record: String(rec.data.id),
      principal: principal ? (pt === 'team' ? String(principal.data.name ?? '') : userName(principal)) : '',
      principalType: pt === 'systemuser' ? 'user' : pt,
      rights,
      origin: at(r),
    });
  }
  if (zeroMasks)
    warnings.push({
      code: 'empty-share',
      message: `${zeroMasks} row${zeroMasks === 1 ? '' : 's'} grant${zeroMasks === 1 ? 's' : ''} no right of a share (accessrightsmask without Read, Write, Append, AppendTo, Delete, Assign or Share bits); ignored`,
      origin: { file: 'principalobjectaccess.json', line: 0 },
    });
  return { spec, files, problems, warnings, broken, fileOrder };
}

/** Parses one JSON file; a syntax error is reported with its line:column, a file too large with its size. */
export function parseJson(path: string, file: string, problems: Problem[], files: InputFile[]): unknown {
  const size = statSync(path).size;
  if (size > MAX_JSON_BYTES) {
    problems.push({
      code: 'too-large',
      message: `${file} is ${size} bytes, more than rolecheck reads (${MAX_JSON_BYTES})`,
      origin: { file, line: 0 },
      expected: `a file of at most ${MAX_JSON_BYTES} bytes`,
    });
    return undefined;
  }
  const bytes = readFileSync(path);
  files.push({ path: file, sha256: createHash('sha256').update(bytes).digest('hex'), rows: 0 });
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /at position (\d+)/.exec(msg);
    let line = 1;
    let column = 1;
    const end = pos ? Math.min(Number(pos[1]), text.length) : text.length;
    for (let i = 0; i < end; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        column = 1;
      } else column++;
    }
    problems.push({
      code: 'bad-json',
      message: `malformed JSON: ${msg
        .replace(/\s*\(line \d+ column \d+\)/, '')
        .replace(/ in JSON at position \d+/, '')
        .replace(/, "[\s\S]*" is not valid JSON$/, ' (not valid JSON)')}`,
      origin: { file, line, columns: { row: column } },
      field: 'row',
      expected: 'JSON as the Web API returns it',
    });
    return undefined;
  }
}
