// Seeded generator of a large, VALID environment export (docs/export-format.md, contract version 2), for the audit
// benchmark and the bounded-outputs test.
//   npm run gen:large -- --users 100000 --out .large/env-100k [--seed 7] [--queries 1000000] [--roles 2000]
// Defaults for 20,000 users: 300 business units, 1,000 teams, 400 custom roles, 800 tables, ≈ 500,000
// role-privilege rows, 100,000 records, 20,000 shares. Users, units, teams, roles, records and shares scale with
// --users; tables scale only up to 800 (a real environment's table count does not grow with its users), so
// 100,000 users give 2,000 custom roles and ≈ 2,500,000 role-privilege rows. Also writes `<out>-queries.csv`
// (input of `rolecheck check`) unless --queries 0. `.large/` is git-ignored.
//
// Every file is streamed to disk in chunks: at 100,000 users role-privileges.csv alone is larger than V8's maximum
// string length (512 MB of UTF-16) would allow as one string.
//
// Contract version 2: about 1 % of users are disabled; each user has a manager (an earlier user, most often of the
// same business unit, so the tree has no cycle) and hierarchy.csv turns on the manager model (depth 3, two tables
// excluded); about 5 % of custom-role assignments (of users and of teams) name another business unit's copy of the
// role. These features draw from a second random stream (seed + 1), so the export's version 1 content (units,
// users, roles, privileges, records, shares) is the same as before they were added, for a given seed and size.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { rng } from './decisions/workload.ts';

const PRIVS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
const DEPTHS = ['', 'Basic', 'Local', 'Deep', 'Global'] as const;
// Both spellings of the contract, so that the reader's depth parsing is exercised.
const LABELS = ['', 'User', 'Business Unit', 'Parent: Child Business Units', 'Organization'] as const;

export interface LargeOptions {
  users: number;
  bus: number;
  teams: number;
  roles: number;
  tables: number;
  records: number;
  shares: number;
  /** probability that a role has an entry for a table (8 privileges, each non-None with 60%) */
  density: number;
  seed: number;
  queries: number;
  /** share of custom-role assignments that name another business unit's copy of the role (contract v2) */
  copies: number;
}

/** Tables stop growing with users here. */
export const MAX_TABLES = 800;

export function largeDefaults(users = 20_000): LargeOptions {
  const k = users / 20_000;
  const s = (n: number, min = 1) => Math.max(min, Math.round(n * k));
  return {
    users,
    bus: s(300, 2),
    teams: s(1000, 2),
    roles: s(400, 2),
    tables: Math.min(MAX_TABLES, s(800, 2)),
    records: s(100_000),
    shares: s(20_000),
    density: 0.325,
    seed: 7,
    queries: 1_000_000,
    copies: 0.05,
  };
}

export interface LargeStats {
  files: Record<string, { rows: number; bytes: number }>;
  totalRows: number;
  totalBytes: number;
}

/** One CSV file written as it is generated: rows are gathered into chunks of about 1 MB and written with backpressure. */
class CsvOut {
  rows = 0;
  bytes = 0;
  private chunk = '';
  private readonly ws: WriteStream;
  constructor(path: string, header: string) {
    this.ws = createWriteStream(path);
    this.chunk = header + '\n';
  }
  /** Adds a row; awaits only when the chunk is full and the stream asks to wait. */
  async row(line: string): Promise<void> {
    this.chunk += line + '\n';
    this.rows++;
    if (this.chunk.length >= 1 << 20) await this.flush();
  }
  private async flush(): Promise<void> {
    const c = this.chunk;
    this.chunk = '';
    this.bytes += Buffer.byteLength(c);
    if (!this.ws.write(c)) await once(this.ws, 'drain');
  }
  async close(): Promise<void> {
    await this.flush();
    this.ws.end();
    await once(this.ws, 'finish');
  }
}

export async function generateLarge(out: string, o: LargeOptions): Promise<LargeStats> {
  mkdirSync(out, { recursive: true });
  const r = rng(o.seed);
  const int = (n: number) => Math.floor(r() * n);
  // Contract version 2 features (managers, other units' copies) draw from their own stream: see the header.
  const r2 = rng(o.seed + 1);
  const int2 = (n: number) => Math.floor(r2() * n);
  const stats: LargeStats = { files: {}, totalRows: 0, totalBytes: 0 };
  const open = (name: string, header: string) => new CsvOut(`${out}/${name}`, header);
  const done = async (name: string, f: CsvOut) => {
    await f.close();
    stats.files[name] = { rows: f.rows, bytes: f.bytes };
    stats.totalRows += f.rows;
    stats.totalBytes += f.bytes;
  };
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

  const env = open('environment.csv', 'name,type,dataverse');
  await env.row('Contoso Large,Production,true');
  await done('environment.csv', env);

  const bu = (i: number) => (i === 0 ? 'Contoso' : `BU ${String(i).padStart(4, '0')}`);
  const buParent = new Int32Array(o.bus).fill(-1);
  for (let i = 1; i < o.bus; i++) buParent[i] = int(Math.min(i, 1 + Math.floor(i / 3) * 2)); // bushy, depth ≈ log
  const bus = open('business-units.csv', 'name,parent');
  for (let i = 0; i < o.bus; i++) await bus.row(`${bu(i)},${buParent[i]! < 0 ? '' : bu(buParent[i]!)}`);
  await done('business-units.csv', bus);

  const table = (i: number) => `new_tbl${String(i).padStart(4, '0')}`;
  const user = (i: number) => `user${String(i).padStart(6, '0')}@contoso.com`;
  const userBu = new Int32Array(o.users);
  const enabled = new Uint8Array(o.users);
  // Earlier users of each business unit, for managers of the same unit.
  const ofBu: number[][] = Array.from({ length: o.bus }, () => []);
  const users = open('users.csv', 'user,business_unit,enabled,manager');
  for (let i = 0; i < o.users; i++) {
    userBu[i] = int(o.bus);
    enabled[i] = r() < 0.99 ? 1 : 0;
    let manager = -1;
    if (i > 0 && r2() < 0.97) {
      const same = ofBu[userBu[i]!]!;
      manager = same.length > 0 && r2() < 0.7 ? same[int2(same.length)]! : int2(i);
    }
    ofBu[userBu[i]!]!.push(i);
    await users.row(`${user(i)},${bu(userBu[i]!)},${enabled[i] ? 'true' : 'false'},${manager >= 0 ? user(manager) : ''}`);
  }
  await done('users.csv', users);

  const hier = open('hierarchy.csv', 'model,depth,excluded_tables,managers_in_same_or_parent_unit');
  await hier.row(`manager,3,${o.tables > 1 ? `${table(0)};${table(1)}` : ''},true`);
  await done('hierarchy.csv', hier);

  const team = (i: number) => `Team ${String(i).padStart(5, '0')}`;
  const teamType: string[] = [];
  const teamBu = new Int32Array(o.teams);
  const teams = open('teams.csv', 'name,business_unit,type');
  for (let i = 0; i < o.teams; i++) {
    const x = r();
    const type = x < 0.6 ? 'owner' : x < 0.8 ? 'group' : 'access';
    teamType.push(type);
    teamBu[i] = int(o.bus);
    await teams.row(`${team(i)},${bu(teamBu[i]!)},${type}`);
  }
  await done('teams.csv', teams);

  const members = open('team-members.csv', 'team,user');
  for (let u = 0; u < o.users; u++) {
    const n = int(4);
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const t = int(o.teams);
      if (seen.has(t)) continue;
      seen.add(t);
      await members.row(`${team(t)},${user(u)}`);
    }
  }
  await done('team-members.csv', members);

  const orgOwned = new Uint8Array(o.tables);
  const tables = open('tables.csv', 'name,ownership,custom');
  for (let i = 0; i < o.tables; i++) {
    orgOwned[i] = r() < 0.1 ? 1 : 0;
    await tables.row(`${table(i)},${orgOwned[i] ? 'organization' : 'user'},true`);
  }
  await done('tables.csv', tables);

  const role = (i: number) => `Custom Role ${String(i).padStart(4, '0')}`;
  const roles = open('roles.csv', 'name,business_unit,inheritance');
  for (let i = 0; i < o.roles; i++) await roles.row(`${role(i)},${bu(0)},${r() < 0.1 ? 'team-only' : 'direct-and-team'}`);
  await done('roles.csv', roles);

  const rp = open('role-privileges.csv', 'role,privilege,depth');
  for (let ro = 0; ro < o.roles; ro++) {
    const name = role(ro);
    for (let t = 0; t < o.tables; t++) {
      if (r() >= o.density) continue;
      for (let p = 0; p < 8; p++) {
        const x = r();
        let d = x < 0.4 ? 0 : x < 0.6 ? 1 : x < 0.75 ? 2 : x < 0.85 ? 3 : 4;
        if (d === 0) continue;
        if (orgOwned[t]) d = 4;
        await rp.row(`${name},prv${PRIVS[p]}${table(t)},${q((r() < 0.5 ? DEPTHS : LABELS)[d]!)}`);
      }
    }
  }
  await done('role-privileges.csv', rp);

  // Another unit's copy of a custom role (contract v2): the assignment's business_unit column; empty means the
  // principal's own unit.
  const copy = (own: number) => {
    if (o.bus < 2 || r2() >= o.copies) return '';
    const b = (own + 1 + int2(o.bus - 1)) % o.bus;
    return bu(b);
  };
  const as = open('role-assignments.csv', 'principal,principal_type,role,business_unit');
  for (let u = 0; u < o.users; u++) {
    await as.row(`${user(u)},user,Basic User,`);
    const n = 1 + int(3);
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const ro = int(o.roles);
      if (seen.has(ro)) continue;
      seen.add(ro);
      await as.row(`${user(u)},user,${role(ro)},${copy(userBu[u]!)}`);
    }
  }
  for (let i = 0; i < Math.max(1, Math.round(o.users / 2000)); i++) await as.row(`${user(i * 7)},user,System Administrator,`);
  for (let t = 0; t < o.teams; t++) {
    if (teamType[t] === 'access') continue;
    const n = 1 + int(2);
    const seen = new Set<number>();
    for (let k = 0; k < n; k++) {
      const ro = int(o.roles);
      if (seen.has(ro)) continue;
      seen.add(ro);
      await as.row(`${team(t)},team,${role(ro)},${copy(teamBu[t]!)}`);
    }
  }
  await done('role-assignments.csv', as);

  const userOwnedTables: number[] = [];
  for (let t = 0; t < o.tables; t++) if (!orgOwned[t]) userOwnedTables.push(t);
  const ownerTeams: number[] = [];
  for (let t = 0; t < o.teams; t++) if (teamType[t] !== 'access') ownerTeams.push(t);
  const recTable = new Int32Array(o.records);
  const recs = open('records.csv', 'id,table,owner,owner_type,business_unit');
  for (let i = 0; i < o.records; i++) {
    const t = userOwnedTables[int(userOwnedTables.length)]!;
    recTable[i] = t;
    const byTeam = ownerTeams.length > 0 && r() < 0.15;
    const owner = byTeam ? team(ownerTeams[int(ownerTeams.length)]!) : user(int(o.users));
    await recs.row(`rec-${String(i).padStart(7, '0')},${table(t)},${owner},${byTeam ? 'team' : 'user'},`);
  }
  await done('records.csv', recs);

  const shares = open('shares.csv', 'record,principal,principal_type,rights');
  const shSeen = new Set<string>();
  const rights = ['Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
  const nShares = Math.min(o.shares, o.records * 3);
  while (shares.rows < nShares) {
    const rec = int(o.records);
    const x = r();
    const type = x < 0.05 ? 'organization' : x < 0.75 ? 'user' : 'team';
    const principal = type === 'organization' ? '' : type === 'user' ? user(int(o.users)) : team(int(o.teams));
    const k = `${rec}|${type}|${principal}`;
    if (shSeen.has(k)) continue;
    shSeen.add(k);
    const rs = rights.filter(() => r() < 0.35);
    if (rs.length === 0) rs.push('Read');
    await shares.row(`rec-${String(rec).padStart(7, '0')},${principal},${type},${rs.join(';')}`);
  }
  await done('shares.csv', shares);

  if (o.queries > 0) {
    const path = `${out.replace(/\/$/, '')}-queries.csv`;
    mkdirSync(dirname(path), { recursive: true });
    const qs = new CsvOut(path, 'user,privilege,table,record');
    const orgTables: number[] = [];
    for (let t = 0; t < o.tables; t++) if (orgOwned[t]) orgTables.push(t);
    for (let i = 0; i < o.queries; i++) {
      const u = user(int(o.users));
      const x = r();
      if (x < 0.1) await qs.row(`${u},Create,${table(userOwnedTables[int(userOwnedTables.length)]!)},`);
      else if (x < 0.2 && orgTables.length) await qs.row(`${u},${PRIVS[1 + int(7)]},${table(orgTables[int(orgTables.length)]!)},`);
      else {
        const rec = int(o.records);
        await qs.row(`${u},${PRIVS[1 + int(7)]},${table(recTable[rec]!)},rec-${String(rec).padStart(7, '0')}`);
      }
    }
    await qs.close();
  }
  return stats;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const o = largeDefaults(Number(opt('users') ?? 20_000));
  for (const k of ['bus', 'teams', 'roles', 'tables', 'records', 'shares', 'seed', 'queries', 'density', 'copies'] as const) {
    const v = opt(k);
    if (v !== undefined) o[k] = Number(v);
  }
  const out = opt('out') ?? `.large/env-${o.users}`;
  const t0 = performance.now();
  const stats = await generateLarge(out, o);
  process.stdout.write(
    `wrote ${out}: ${stats.totalRows.toLocaleString('en-US')} rows, ${(stats.totalBytes / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  for (const [f, s] of Object.entries(stats.files))
    process.stdout.write(`  ${f.padEnd(22)} ${String(s.rows).padStart(9)} rows ${(s.bytes / 2 ** 20).toFixed(2).padStart(7)} MB\n`);
}
