// The environment's data for the report (src/exports/environment-data.ts) on the example: the population reconciled
// with the input files, the reverse look-up and the user counts as the model answers them, and data files whose
// recorded rows, sizes and SHA-256 are those of the files on disk.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentData, writeDataFiles } from '../src/exports/environment-data.ts';
import { loadExport, type LoadedExport } from '../src/exports/load.ts';
import type { EnvironmentData } from '../src/evidence/environment.ts';
import { PRIVILEGES } from '../src/model/index.ts';
import { ACCESS_FILES } from './helpers/output-files.ts';

let loaded: LoadedExport;
let data: EnvironmentData;
let dir: string;
beforeAll(async () => {
  loaded = await loadExport('examples/contoso');
  data = environmentData(loaded);
  dir = mkdtempSync(join(tmpdir(), 'rolecheck-envdata-'));
  await writeDataFiles(dir, loaded.model, data);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (file: string) => loaded.files.find((f) => f.path === file)!.rows;

describe('environment data of examples/contoso', () => {
  it('reconciles the population with the rows of the input files', () => {
    expect(data.population.users).toBe(rowsOf('users.csv'));
    expect(data.population.teams).toBe(rowsOf('teams.csv'));
    expect(data.population.businessUnits).toBe(rowsOf('business-units.csv'));
    expect(data.population.customRoles).toBe(rowsOf('roles.csv'));
    expect(data.population.assignments).toBe(rowsOf('role-assignments.csv'));
    expect(data.population.records).toBe(rowsOf('records.csv'));
    expect(data.population.shares).toBe(rowsOf('shares.csv'));
    expect(data.population.privilegeRows).toBe(rowsOf('role-privileges.csv'));
    expect(data.population.enabledUsers + data.population.disabledUsers).toBe(data.population.users);
    expect(data.inputs.map((i) => i.path).sort()).toEqual(loaded.files.map((f) => f.path).sort());
  });

  it('lists every user with the roles that reach them, automatic Environment Maker labelled, disabled users flagged', () => {
    expect(data.users!.map((u) => u.user)).toEqual(loaded.model.compiled.users.map((u) => u.name));
    const disabled = data
      .users!.filter((u) => !u.enabled)
      .map((u) => u.user)
      .sort();
    expect(disabled).toEqual(
      loaded.model.compiled.users
        .filter((u) => !u.enabled)
        .map((u) => u.name)
        .sort(),
    );
    for (const u of data.users!) {
      expect(u.roles.map((r) => [r.role, r.team])).toEqual(loaded.model.q.rolesOf(u.user).map((r) => [r.role, r.team]));
      expect(u.environmentRoles.find((e) => e.role === 'Environment Maker')).toBeDefined();
    }
    const oc = data.users!.find((u) => u.roles.some((r) => r.role === 'Office Collaborator'))!;
    expect(oc.roles.find((r) => r.role === 'Office Collaborator')!.team).toBe('Office Collaborators');
  });

  it('answers who can Delete rows of new_invoice as the model does, with the paths', () => {
    const entry = data.whoCan!.find((w) => w.table === 'new_invoice' && w.privilege === 'Delete')!;
    const want = loaded.model.compiled.users
      .map((u) => ({ u: u.name, r: loaded.model.q.reach(u.name, 'Delete', 'new_invoice') }))
      .filter((x) => x.r.depth !== 'None');
    expect(entry.holders.map((h) => [h.user, h.depth, h.via.map((v) => v.role)])).toEqual(
      want.map((x) => [x.u, x.r.depth, x.r.via.map((v) => v.role)]),
    );
    expect(entry.holders.length).toBeGreaterThan(0);
  });

  it('counts the enabled users at each depth of every table of interest', () => {
    const c = loaded.model.compiled;
    expect(data.tables.map((t) => t.table)).toEqual(
      loaded.model.q
        .access()
        .tablesOfInterest()
        .map((t) => c.tables[t]!.name),
    );
    expect(data.tables.map((t) => t.table)).toEqual(expect.arrayContaining(['account', 'contact', 'new_invoice']));
    for (const t of data.tables)
      for (const p of PRIVILEGES) {
        const enabled = c.users.filter((u) => u.enabled);
        const byDepth: Record<string, number> = { None: 0, Basic: 0, Local: 0, Deep: 0, Global: 0 };
        for (const u of enabled) byDepth[loaded.model.q.reach(u.name, p, t.table).depth]!++;
        expect(t.users[p], `${t.table} ${p}`).toEqual(byDepth);
      }
  });

  it('records the rows, size and SHA-256 of every data file as they are on disk', () => {
    expect(data.files.map((f) => f.name)).toEqual(ACCESS_FILES);
    for (const f of data.files) {
      const bytes = readFileSync(join(dir, f.name));
      expect(createHash('sha256').update(bytes).digest('hex'), f.name).toBe(f.sha256);
      expect(bytes.length).toBe(f.bytes);
      expect((parse(bytes, { bom: true }) as string[][]).length - 1, f.name).toBe(f.rows);
    }
    const who = parse(readFileSync(join(dir, 'access/who-can.csv')), { columns: true }) as Array<Record<string, string>>;
    const total = data.whoCan!.reduce((n, w) => n + w.holders.length, 0);
    expect(who.length).toBe(total);
    expect(data.omittedFiles).toEqual([]);
    // The counts that decide whether a listing is written are its rows.
    const access = loaded.model.q.access();
    const rowsOf = (name: string) => data.files.find((f) => f.name === name)!.rows;
    expect(access.reachRows(access.tablesOfInterest(), Infinity)).toEqual({
      profileRows: rowsOf('access/profile-access.csv'),
      userRows: rowsOf('access/user-access.csv'),
      privilegeRows: rowsOf('access/who-can.csv'),
    });
  });

  it("holds every user's effective access in users.csv, profiles.csv and roles.csv: their join is user-access.csv", () => {
    const csv = (f: string) => parse(readFileSync(join(dir, f)), { columns: true, bom: true }) as Array<Record<string, string>>;
    const order = ['None', 'Basic', 'Local', 'Deep', 'Global'];
    const roleRows = new Map<string, Record<string, string>>();
    for (const r of csv('access/roles.csv')) roleRows.set(`${r.role}\u0000${r.table}`, r);
    const profileRoles = new Map(csv('access/profiles.csv').map((p) => [p.profile!, p.roles ? p.roles.split('; ') : []]));
    const profileOf = new Map(csv('access/users.csv').map((u) => [u.user!, u.profile!]));
    const interest = new Set(data.tables.map((t) => t.table));
    // The join, computed here from the three files alone.
    const joined = new Map<string, string[]>();
    for (const [user, profile] of profileOf) {
      for (const table of interest) {
        const widest = PRIVILEGES.map((p) => {
          let d = 0;
          for (const role of profileRoles.get(profile)!)
            d = Math.max(d, order.indexOf(roleRows.get(`${role}\u0000${table}`)?.[p] ?? 'None'));
          return order[d]!;
        });
        if (widest.some((d) => d !== 'None')) joined.set(`${user}\u0000${table}`, widest);
      }
    }
    const listed = csv('access/user-access.csv');
    expect(listed.length).toBe(joined.size);
    expect(listed.length).toBeGreaterThan(20);
    for (const r of listed)
      expect(
        PRIVILEGES.map((p) => r[p]),
        `${r.user} ${r.table}`,
      ).toEqual(joined.get(`${r.user}\u0000${r.table}`));
    // profile-access.csv is the same join by profile.
    const byProfile = csv('access/profile-access.csv');
    for (const r of byProfile) {
      const user = [...profileOf].find(([, p]) => p === r.profile)![0];
      expect(
        PRIVILEGES.map((p) => r[p]),
        `${r.profile} ${r.table}`,
      ).toEqual(joined.get(`${user}\u0000${r.table}`));
    }
    expect(new Set(byProfile.map((r) => r.profile)).size).toBeLessThanOrEqual(profileRoles.size);
  });

  it('leaves out the listings by profile and by user above the row limit, and says where the same facts are', async () => {
    const small = environmentData(loaded);
    const dir2 = mkdtempSync(join(tmpdir(), 'rolecheck-envdata-'));
    try {
      const userRows = (parse(readFileSync(join(dir, 'access/user-access.csv')), { bom: true }) as string[][]).length - 1;
      const profileRows = (parse(readFileSync(join(dir, 'access/profile-access.csv')), { bom: true }) as string[][]).length - 1;
      expect(profileRows).toBeLessThan(userRows);
      // Between the two counts: the listing by profile is written, the ones by user are not.
      await writeDataFiles(dir2, loaded.model, small, profileRows);
      expect(small.files.map((f) => f.name)).toEqual([
        'access/profile-access.csv',
        'access/profiles.csv',
        'access/role-resources.csv',
        'access/roles.csv',
        'access/users.csv',
      ]);
      expect(small.omittedFiles.map((f) => [f.name, f.limit])).toEqual([
        ['access/user-access.csv', profileRows],
        ['access/who-can.csv', profileRows],
      ]);
      for (const f of small.omittedFiles) {
        expect(f.rows).toBeGreaterThan(f.limit);
        expect(f.instead).toMatch(/access\/users\.csv.*access\/profiles\.csv.*access\/roles\.csv/);
      }
      const tiny = environmentData(loaded);
      await writeDataFiles(dir2, loaded.model, tiny, 1);
      expect(tiny.omittedFiles.map((f) => f.name)).toEqual(['access/profile-access.csv', 'access/user-access.csv', 'access/who-can.csv']);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('is the same on every run (the same bytes from the same export)', async () => {
    const again = environmentData(loaded);
    const dir2 = mkdtempSync(join(tmpdir(), 'rolecheck-envdata-'));
    try {
      await writeDataFiles(dir2, loaded.model, again);
      expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
