// Names that are also the names of Object.prototype's members (`__proto__`, `constructor`, `toString`,
// `hasOwnProperty`) are names like any other: as an environment, business unit, user, table, role, team and record
// they go through reading, compiling, deciding, explaining and the environment's effective access (the report's data
// and data files) with the answers any other name would get. A lookup through a plain object would find the
// prototype's member instead (or, for `__proto__`, silently drop the entry).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentData, writeDataFiles } from '../src/exports/environment-data.ts';
import { loadExport, type LoadedExport } from '../src/exports/load.ts';
import { explain } from '../src/explain/explain.ts';
import type { EnvironmentData } from '../src/evidence/environment.ts';
import { exportDir } from './helpers/exports.ts';

const FILES: Record<string, string> = {
  'environment.csv': 'name,type,dataverse\n__proto__,Production,yes\n',
  'business-units.csv': 'name,parent\nconstructor,\n__proto__,constructor\n',
  'users.csv': 'user,business_unit,enabled\n__proto__,__proto__,true\nconstructor,constructor,true\ntoString,constructor,false\n',
  'tables.csv': 'name,ownership,custom\n__proto__,user,true\nconstructor,organization,true\n',
  'roles.csv': 'name,business_unit,inheritance\n__proto__,constructor,direct-and-team\ntoString,constructor,direct-and-team\n',
  'role-privileges.csv':
    'role,privilege,depth\n__proto__,prvRead__proto__,Global\n__proto__,prvWrite__proto__,Local\ntoString,prvReadconstructor,Global\n',
  'teams.csv': 'name,business_unit,type\nhasOwnProperty,constructor,owner\n',
  'team-members.csv': 'team,user\nhasOwnProperty,constructor\n',
  'role-assignments.csv':
    'principal,principal_type,role\n__proto__,user,__proto__\nhasOwnProperty,team,toString\ntoString,user,__proto__\n',
  'records.csv': 'id,table,owner,owner_type,business_unit\n__proto__,__proto__,__proto__,user,\nvalueOf,__proto__,toString,user,\n',
  'shares.csv': 'record,principal,principal_type,rights\n__proto__,constructor,user,Read\n',
};

let folder: string;
let out: string;
let loaded: LoadedExport;
let data: EnvironmentData;
beforeAll(async () => {
  folder = exportDir(FILES, {});
  out = mkdtempSync(join(tmpdir(), 'rolecheck-proto-out-'));
  loaded = await loadExport(folder);
  data = environmentData(loaded);
  await writeDataFiles(out, loaded.model, data);
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const decision = (user: string, privilege: string, table: string, record?: string) => {
  const e = explain(loaded.model, { user, privilege, table, ...(record === undefined ? {} : { record }) } as never);
  return `${e.allowed ? 'allow' : 'deny'}${e.allowed ? ` ${e.depth}` : ''}`;
};

describe('names of Object.prototype members are ordinary names', () => {
  it('are read and counted: every row of every file is kept', () => {
    // loadExport throws on any error; no warning either (nothing was taken for something else).
    expect(loaded.warnings.map((w) => w.message)).toEqual([]);
    expect(data.name).toBe('__proto__');
    expect(data.population).toMatchObject({
      users: 3,
      enabledUsers: 2,
      disabledUsers: 1,
      teams: 1,
      businessUnits: 2,
      customRoles: 2,
      privilegeRows: 3,
      customTables: 2,
      assignments: 3,
      records: 2,
      shares: 1,
    });
    expect(
      data.tables
        .filter((t) => t.custom)
        .map((t) => t.table)
        .sort(),
    ).toEqual(['__proto__', 'constructor']);
    expect(data.roles.filter((r) => r.custom).map((r) => [r.role, r.holders, r.enabledHolders])).toEqual([
      ['__proto__', 2, 1],
      ['toString', 1, 1],
    ]);
  });

  it('get the decisions any other name would', () => {
    expect(decision('__proto__', 'Read', '__proto__', '__proto__')).toBe('allow Global');
    expect(decision('__proto__', 'Write', '__proto__', '__proto__')).toBe('allow Local');
    // The row of toString (business unit constructor) is outside __proto__'s unit: Local does not reach it.
    expect(decision('__proto__', 'Write', '__proto__', 'valueOf')).toBe('deny');
    // A share gives the right only with a role granting the privilege at some depth, and constructor has none on __proto__.
    expect(decision('constructor', 'Read', '__proto__', '__proto__')).toBe('deny');
    expect(decision('constructor', 'Read', 'constructor')).toBe('allow Global');
    // A disabled user holds nothing, whatever the role.
    expect(decision('toString', 'Read', '__proto__', 'valueOf')).toBe('deny');
  });

  it('appear in the effective access and the data files under their own names', () => {
    const users = Object.fromEntries(data.users!.map((u) => [u.user, u]));
    expect(Object.keys(users).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    const readProto = data.whoCan!.find((w) => w.table === '__proto__' && w.privilege === 'Read')!;
    // A disabled holder is listed, flagged: the role still reaches them, they just cannot use it.
    expect(readProto.holders.map((h) => [h.user, h.depth, h.enabled])).toEqual([
      ['__proto__', 'Global', true],
      ['toString', 'Global', false],
    ]);
    const rows = parse(readFileSync(join(out, 'access', 'user-access.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.user, r.enabled, r.table, r.Read, r.Write, r.via])).toEqual([
      ['__proto__', 'true', '__proto__', 'Global', 'Local', '__proto__'],
      ['constructor', 'true', 'constructor', 'Global', 'None', 'toString (team hasOwnProperty)'],
      ['toString', 'false', '__proto__', 'Global', 'Local', '__proto__'],
    ]);
  });
});
