// The environment's data for the report (src/evidence/environment.ts), computed once per audit in the process that
// loaded the export, and the data files that hold what grows with the tenant. Everything comes from the model's
// name-level questions and its effective access (src/model/access.ts), in one pass per kind of fact: nothing here
// walks users x tables, and the files are streamed (a 100,000-user tenant never holds a file whole in memory).
//
//   access/roles.csv          one row per role and table it grants something on: the depth of each privilege
//   access/users.csv          one row per role that reaches a user (direct or through a team, with the business unit
//                             of the assignment), and one row for a user no role reaches
//   access/profiles.csv       one row per profile (a distinct set of roles): its users and its roles; users.csv names
//                             each user's profile. A profile's widest depth of a privilege on a table is the widest of
//                             its roles' rows in roles.csv, so these three files hold every user's effective access
//                             in space that grows with users + roles x tables, never users x tables
//   access/role-resources.csv one row per custom role and resource of the summary table (src/exports/role-resources.ts)
//   access/profile-access.csv one row per profile and table of interest it reaches: the widest depth of each
//                             privilege (written when within ROW_LIMIT rows)
//   access/user-access.csv    one row per user and table of interest they reach: widest depth per privilege and the
//                             roles giving it (same limit)
//   access/who-can.csv        one row per table of interest, privilege and holder: depth and path (same limit)
import { join } from 'node:path';
import type {
  DataFile,
  EnvironmentData,
  HeldRoleData,
  RoleData,
  RoleGrantRow,
  TableData,
  UserData,
  WhoCanData,
} from '../evidence/environment.ts';
import { ENVIRONMENT_DATA_VERSION } from '../evidence/environment.ts';
import type { EffectiveAccess, Model } from '../model/index.ts';
import { DEPTH_NAMES, PRIVILEGES, type DepthName, type Privilege } from '../vocabulary/index.ts';
import type { LoadedExport } from './load.ts';
import { CsvOut } from './csv-out.ts';
import {
  ROLE_RESOURCES_DESCRIPTION,
  ROLE_RESOURCES_FILE,
  ROLE_RESOURCES_HEADER,
  roleResourceData,
  roleResourceRows,
} from './role-resources.ts';

/** What the report receives in full; above these, EnvironmentData says null and the data files hold everything. */
export const LIMITS = { roleGrantRows: 20_000, users: 5_000, whoCanHolders: 50_000, roleResourceCells: 5_500 } as const;
/**
 * profile-access.csv, user-access.csv and who-can.csv are written up to this many rows each (users.csv, profiles.csv
 * and roles.csv always hold the same facts): a spreadsheet opens at most 1,048,576 rows, and past that the listings
 * cost the audit more than everything else (who-can.csv of a 5,000-user export was 344 MB, 50 of the audit's 65 s).
 */
export const ROW_LIMIT = 1_000_000;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function depths(row: Uint8Array, t: number): Record<Privilege, DepthName> {
  const out = {} as Record<Privilege, DepthName>;
  for (let p = 0; p < 8; p++) out[PRIVILEGES[p]!] = DEPTH_NAMES[row[t * 8 + p]!]!;
  return out;
}

/** Whether a row of depths (tables x 8) grants anything on table t. */
function grantsOn(row: Uint8Array, t: number): boolean {
  for (let p = 0; p < 8; p++) if (row[t * 8 + p]! > 0) return true;
  return false;
}

/** The names of the depths of table t's eight privileges in a row of depths. */
function depthCells(row: Uint8Array, t: number): DepthName[] {
  return PRIVILEGES.map((_, p) => DEPTH_NAMES[row[t * 8 + p]!]!);
}

/** The environment's data for the report; `files` is filled by writeDataFiles. */
export function environmentData(loaded: LoadedExport, solutions: readonly string[] = []): EnvironmentData {
  const model = loaded.model;
  const c = model.compiled;
  const q = model.q;
  const access = q.access();
  const interest = access.tablesOfInterest();

  // Roles: holders in one pass over the users' holdings, grants from each role's row.
  const { holders, enabled } = access.roleHolders();
  const roles: RoleData[] = q
    .roles()
    .map((r, ri) => ({
      role: r.name,
      custom: !r.predefined,
      fromExport: r.fromExport,
      holders: holders[ri]!,
      enabledHolders: enabled[ri]!,
      ...access.roleGrantCounts(ri),
      misc: r.misc.sort(cmp),
    }))
    .sort((a, b) => Number(a.custom) - Number(b.custom) || cmp(a.role, b.role));

  // Tables of interest: enabled users at each depth, from the profiles.
  const counts = access.userCounts();
  const tables: TableData[] = interest.map((t) => {
    const users = {} as Record<Privilege, Record<DepthName, number>>;
    for (let p = 0; p < 8; p++) {
      const byDepth = {} as Record<DepthName, number>;
      for (let d = 0; d < 5; d++) byDepth[DEPTH_NAMES[d]!] = counts[(t * 8 + p) * 5 + d]!;
      users[PRIVILEGES[p]!] = byDepth;
    }
    const x = c.tables[t]!;
    return { table: x.name, custom: x.custom, organizationOwned: x.organizationOwned, users };
  });

  // Role grants on the tables of interest, within the limit.
  let roleGrants: RoleGrantRow[] | null = [];
  outer: for (let ri = 0; ri < c.roles.length; ri++) {
    const row = access.roleRow(ri);
    for (const t of interest) {
      if (!grantsOn(row, t)) continue;
      if (roleGrants.length >= LIMITS.roleGrantRows) {
        roleGrants = null;
        break outer;
      }
      roleGrants.push({ role: c.roles[ri]!.name, table: c.tables[t]!.name, depths: depths(row, t) });
    }
  }
  roleGrants?.sort((a, b) => cmp(a.role, b.role) || cmp(a.table, b.table));

  const users = c.users.length <= LIMITS.users ? c.users.map((_, u) => userData(model, u)) : null;
  const whoCan = whoCanData(model, access, interest);

  let privilegeRows = 0;
  for (const f of loaded.files)
    if (/role-?privileges/i.test(f.path) || f.path.includes('Roles/') || f.path.endsWith('customizations.xml')) privilegeRows += f.rows;
  const hier = c.hierarchy;
  return {
    version: ENVIRONMENT_DATA_VERSION,
    name: c.name,
    type: c.type,
    dataverse: c.dataverse,
    source: { kind: loaded.kind, folder: loaded.folder, solutions: [...solutions] },
    inputs: loaded.files.map((f) => ({ path: f.path, sha256: f.sha256, rows: f.rows })),
    population: {
      users: c.users.length,
      enabledUsers: c.users.filter((u) => u.enabled).length,
      disabledUsers: c.users.filter((u) => !u.enabled).length,
      teams: c.teams.length,
      businessUnits: c.buNames.length,
      roles: c.roles.length,
      customRoles: c.roles.filter((r) => !r.predefined).length,
      privilegeRows: privilegeRows || (loaded.spec.rolePrivileges?.length ?? 0),
      tables: c.tables.length,
      customTables: c.tables.filter((t) => t.custom).length,
      assignments: c.assignments.length,
      ignoredAssignments: c.ignored.length,
      records: c.records.length,
      shares: c.shares.length,
    },
    notDecided: {
      unknownTables: c.unknownTables.map((x) => ({ name: x.name, rows: x.rows, roles: [...x.roles] })).sort((a, b) => cmp(a.name, b.name)),
      unknownMiscPrivileges: c.unknownMisc.map((x) => ({ name: x.name, roles: [...x.roles] })).sort((a, b) => cmp(a.name, b.name)),
      recordFilterGrants: c.notEvaluated.length,
    },
    ...(hier
      ? {
          hierarchy: {
            model: hier.model,
            depth: hier.depth,
            excludedTables: c.tables.filter((_, t) => hier.excluded[t] === 1).map((t) => t.name),
            sameOrParentUnit: hier.sameOrParentUnit,
          },
        }
      : {}),
    roles,
    tables,
    otherTables: c.tables.length - interest.length,
    roleGrants,
    users,
    whoCan,
    ...roleResourceData(loaded, LIMITS.roleResourceCells),
    limits: { ...LIMITS },
    files: [],
    omittedFiles: [],
  };
}

function userData(model: Model, u: number): UserData {
  const c = model.compiled;
  const q = model.q;
  const x = c.users[u]!;
  const roles: HeldRoleData[] = q.access().paths(u);
  const out: UserData = {
    user: x.name,
    businessUnit: c.buNames[x.businessUnit] ?? '',
    enabled: x.enabled,
    teams: q.teamsOf(x.name),
    roles,
    environmentRoles: q.environmentRolesOf(x.name),
    ignored: model.data
      .ignoredFor(u)
      .map((g) => ({ role: g.role, ...(g.principalType === 'team' ? { team: g.principal } : {}), reason: g.reason })),
  };
  if (x.manager >= 0) out.manager = c.users[x.manager]!.name;
  if (x.position >= 0) out.position = c.positionNames[x.position]!;
  return out;
}

function whoCanData(model: Model, access: EffectiveAccess, interest: number[]): WhoCanData[] | null {
  const c = model.compiled;
  const out: WhoCanData[] = [];
  let total = 0;
  // Each profile's depth per table of interest first: the total decides whether the list fits before it is made.
  for (const t of interest)
    for (let p = 0; p < 8; p++) {
      const list: WhoCanData['holders'] = [];
      for (const w of access.whoCan(t, p)) {
        if (++total > LIMITS.whoCanHolders) return null;
        const paths = access.paths(w.user);
        list.push({
          user: c.users[w.user]!.name,
          enabled: c.users[w.user]!.enabled,
          depth: DEPTH_NAMES[w.depth]!,
          via: w.via.map((i) => paths[i]!),
        });
      }
      if (list.length) out.push({ table: c.tables[t]!.name, privilege: PRIVILEGES[p]!, holders: list });
    }
  return out;
}

const via = (hs: HeldRoleData[]): string =>
  hs.map((h) => `${h.role}${h.team ? ` (team ${h.team})` : ''}${h.copy ? ` [copy of ${h.businessUnit}]` : ''}`).join('; ');

/** Writes the data files into `dir` (the report folder) and records them (and any left out) in `data`. */
export async function writeDataFiles(dir: string, model: Model, data: EnvironmentData, rowLimit: number = ROW_LIMIT): Promise<void> {
  const c = model.compiled;
  const access = model.q.access();
  const TP = c.tables.length * 8;
  const interest = access.tablesOfInterest();
  const files: DataFile[] = [];
  const done = async (f: CsvOut, name: string, description: string) => {
    files.push({ name, ...(await f.close()), description });
  };

  const roles = new CsvOut(join(dir, 'access/roles.csv'), ['role', 'custom', 'table', ...PRIVILEGES]);
  const order = c.roles.map((_, i) => i).sort((a, b) => cmp(c.roles[a]!.name, c.roles[b]!.name));
  const tableOrder = c.tables.map((_, i) => i).sort((a, b) => cmp(c.tables[a]!.name, c.tables[b]!.name));
  for (const ri of order) {
    const rrow = access.roleRow(ri);
    for (const t of tableOrder) {
      if (!grantsOn(rrow, t)) continue;
      await roles.row([c.roles[ri]!.name, !c.roles[ri]!.predefined, c.tables[t]!.name, ...depthCells(rrow, t)]);
    }
  }
  await done(roles, 'access/roles.csv', 'one row per role and table it grants something on: the depth of each privilege');

  const users = new CsvOut(join(dir, 'access/users.csv'), [
    'user',
    'business_unit',
    'enabled',
    'profile',
    'role',
    'team',
    'assignment_business_unit',
    'copy',
    'team_only',
  ]);
  for (let u = 0; u < c.users.length; u++) {
    const x = c.users[u]!;
    const bu = c.buNames[x.businessUnit] ?? '';
    const pr = `P${access.profileOf[u]! + 1}`;
    const paths = access.paths(u);
    if (paths.length === 0) await users.row([x.name, bu, x.enabled, pr, '', '', '', '', '']);
    for (const d of paths) await users.row([x.name, bu, x.enabled, pr, d.role, d.team ?? '', d.businessUnit, d.copy, d.teamOnly]);
  }
  await done(
    users,
    'access/users.csv',
    'one row per role that reaches a user (direct or through a team, with the business unit of the assignment) and its profile',
  );

  const profiles = new CsvOut(join(dir, 'access/profiles.csv'), ['profile', 'users', 'enabled_users', 'roles']);
  for (let pr = 0; pr < access.profiles.length; pr++) {
    const p = access.profiles[pr]!;
    await profiles.row([
      `P${pr + 1}`,
      p.users,
      p.enabled,
      [...p.roles]
        .map((r) => c.roles[r]!.name)
        .sort(cmp)
        .join('; '),
    ]);
  }
  await done(
    profiles,
    'access/profiles.csv',
    "one row per profile (a distinct set of roles): its users and roles; its widest depths are the widest of its roles' rows in access/roles.csv",
  );

  const rr = new CsvOut(join(dir, ROLE_RESOURCES_FILE), ROLE_RESOURCES_HEADER);
  for (const r of roleResourceRows(model, data)) await rr.row(r);
  await done(rr, ROLE_RESOURCES_FILE, ROLE_RESOURCES_DESCRIPTION);

  // The listings by profile and by user grow with profiles (users) x tables: counted first, written within the limit.
  const row = new Uint8Array(TP);
  const { profileRows, userRows: reachRows, privilegeRows: whoCanRows } = access.reachRows(interest, rowLimit);
  const instead =
    "access/users.csv (each user's profile), access/profiles.csv (each profile's roles) and access/roles.csv (each role's depths)";
  if (profileRows <= rowLimit) {
    const pa = new CsvOut(join(dir, 'access/profile-access.csv'), ['profile', 'table', ...PRIVILEGES]);
    for (let pr = 0; pr < access.profiles.length; pr++) {
      access.profileRow(pr, row);
      for (const t of interest) {
        if (!grantsOn(row, t)) continue;
        await pa.row([`P${pr + 1}`, c.tables[t]!.name, ...depthCells(row, t)]);
      }
    }
    await done(pa, 'access/profile-access.csv', 'one row per profile and table of interest it reaches: the widest depth of each privilege');
  } else {
    data.omittedFiles.push({ name: 'access/profile-access.csv', rows: profileRows, limit: rowLimit, instead });
  }

  if (reachRows <= rowLimit) {
    const ua = new CsvOut(join(dir, 'access/user-access.csv'), ['user', 'enabled', 'table', ...PRIVILEGES, 'via']);
    for (let u = 0; u < c.users.length; u++) {
      access.profileRow(access.profileOf[u]!, row);
      const paths = access.paths(u);
      for (const t of interest) {
        if (!grantsOn(row, t)) continue;
        const cells: string[] = [];
        const giving = new Set<number>();
        for (let k = 0; k < 8; k++) {
          const d = row[t * 8 + k]!;
          cells.push(DEPTH_NAMES[d]!);
          if (d > 0) for (const i of access.widest(u, t * 8 + k, d)) giving.add(i);
        }
        await ua.row([
          c.users[u]!.name,
          c.users[u]!.enabled,
          c.tables[t]!.name,
          ...cells,
          via([...giving].sort((a, b) => a - b).map((i) => paths[i]!)),
        ]);
      }
    }
    await done(
      ua,
      'access/user-access.csv',
      'one row per user and table of interest they reach: the widest depth of each privilege and the roles that give it',
    );
  } else {
    data.omittedFiles.push({ name: 'access/user-access.csv', rows: reachRows, limit: rowLimit, instead });
  }
  if (whoCanRows <= rowLimit) {
    const wc = new CsvOut(join(dir, 'access/who-can.csv'), ['table', 'privilege', 'user', 'enabled', 'depth', 'via']);
    for (const t of interest)
      for (let p = 0; p < 8; p++) {
        for (const w of access.whoCan(t, p)) {
          const paths = access.paths(w.user);
          await wc.row([
            c.tables[t]!.name,
            PRIVILEGES[p]!,
            c.users[w.user]!.name,
            c.users[w.user]!.enabled,
            DEPTH_NAMES[w.depth]!,
            via(w.via.map((i) => paths[i]!)),
          ]);
        }
      }
    await done(
      wc,
      'access/who-can.csv',
      'one row per table of interest, privilege and user who holds it: the depth and the roles that give it',
    );
  } else {
    data.omittedFiles.push({ name: 'access/who-can.csv', rows: whoCanRows, limit: rowLimit, instead });
  }
  data.files = files.sort((a, b) => cmp(a.name, b.name));
}
