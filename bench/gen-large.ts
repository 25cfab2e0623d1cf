// Seeded generator of a large, VALID environment export (shared/tenant-format.md), for the audit benchmark.
//   npm run gen:large -- --users 20000 --out .large/env-20k [--seed 7] [--queries 1000000]
// Defaults for 20,000 users: 300 business units, 1,000 teams, 400 custom roles, 800 tables, ≈ 500,000
// role-privilege rows, 100,000 records, 20,000 shares; other sizes scale with --users. Also writes
// `<out>-queries.csv` (input of `rolecheck check`) unless --queries 0. `.large/` is git-ignored.
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { rng } from './decisions/workload.ts';

const PRIVS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
const DEPTHS = ['', 'Basic', 'Local', 'Deep', 'Global'] as const;
// Both spellings of the contract, so that the reader's depth parsing is exercised.
const LABELS = ['', 'User', 'Business Unit', 'Parent: Child Business Units', 'Organization'] as const;

export interface LargeOptions {
  users: number; bus: number; teams: number; roles: number; tables: number; records: number; shares: number;
  /** probability that a role has an entry for a table (8 privileges, each non-None with 60%) */
  density: number; seed: number; queries: number;
}

export function largeDefaults(users = 20_000): LargeOptions {
  const k = users / 20_000;
  const s = (n: number, min = 1) => Math.max(min, Math.round(n * k));
  return { users, bus: s(300, 2), teams: s(1000, 2), roles: s(400, 2), tables: s(800, 2), records: s(100_000), shares: s(20_000), density: 0.325, seed: 7, queries: 1_000_000 };
}

export interface LargeStats { files: Record<string, { rows: number; bytes: number }>; totalRows: number; totalBytes: number }

export async function generateLarge(out: string, o: LargeOptions): Promise<LargeStats> {
  mkdirSync(out, { recursive: true });
  const r = rng(o.seed);
  const int = (n: number) => Math.floor(r() * n);
  const stats: LargeStats = { files: {}, totalRows: 0, totalBytes: 0 };
  const write = (name: string, header: string, rows: string[]) => {
    const text = header + '\n' + rows.join('\n') + (rows.length ? '\n' : '');
    writeFileSync(`${out}/${name}`, text);
    const bytes = Buffer.byteLength(text);
    stats.files[name] = { rows: rows.length, bytes }; stats.totalRows += rows.length; stats.totalBytes += bytes;
  };
  const q = (s: string) => /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;

  write('environment.csv', 'name,type,dataverse', ['Contoso Large,Production,true']);

  const bu = (i: number) => i === 0 ? 'Contoso' : `BU ${String(i).padStart(4, '0')}`;
  const buParent = new Int32Array(o.bus).fill(-1);
  for (let i = 1; i < o.bus; i++) buParent[i] = int(Math.min(i, 1 + Math.floor(i / 3) * 2)); // bushy, depth ≈ log
  write('business-units.csv', 'name,parent', Array.from(buParent, (p, i) => `${bu(i)},${p < 0 ? '' : bu(p)}`));

  const user = (i: number) => `user${String(i).padStart(6, '0')}@contoso.com`;
  const userBu = new Int32Array(o.users); const enabled = new Uint8Array(o.users);
  const userRows: string[] = [];
  for (let i = 0; i < o.users; i++) {
    userBu[i] = int(o.bus); enabled[i] = r() < 0.99 ? 1 : 0;
    userRows.push(`${user(i)},${bu(userBu[i]!)},${enabled[i] ? 'true' : 'false'}`);
  }
  write('users.csv', 'user,business_unit,enabled', userRows);

  const team = (i: number) => `Team ${String(i).padStart(5, '0')}`;
  const teamType: string[] = [];
  const teamRows: string[] = [];
  for (let i = 0; i < o.teams; i++) {
    const x = r(); const type = x < 0.6 ? 'owner' : x < 0.8 ? 'group' : 'access';
    teamType.push(type);
    teamRows.push(`${team(i)},${bu(int(o.bus))},${type}`);
  }
  write('teams.csv', 'name,business_unit,type', teamRows);

  const memberRows: string[] = [];
  for (let u = 0; u < o.users; u++) {
    const n = int(4); const seen = new Set<number>();
    for (let k = 0; k < n; k++) { const t = int(o.teams); if (seen.has(t)) continue; seen.add(t); memberRows.push(`${team(t)},${user(u)}`); }
  }
  write('team-members.csv', 'team,user', memberRows);

  const table = (i: number) => `new_tbl${String(i).padStart(4, '0')}`;
  const orgOwned = new Uint8Array(o.tables);
  const tableRows: string[] = [];
  for (let i = 0; i < o.tables; i++) { orgOwned[i] = r() < 0.1 ? 1 : 0; tableRows.push(`${table(i)},${orgOwned[i] ? 'organization' : 'user'},true`); }
  write('tables.csv', 'name,ownership,custom', tableRows);

  const role = (i: number) => `Custom Role ${String(i).padStart(4, '0')}`;
  const roleRows: string[] = [];
  for (let i = 0; i < o.roles; i++) roleRows.push(`${role(i)},${bu(0)},${r() < 0.1 ? 'team-only' : 'direct-and-team'}`);
  write('roles.csv', 'name,business_unit,inheritance', roleRows);

  const rpRows: string[] = [];
  for (let ro = 0; ro < o.roles; ro++) {
    for (let t = 0; t < o.tables; t++) {
      if (r() >= o.density) continue;
      for (let p = 0; p < 8; p++) {
        const x = r();
        let d = x < 0.4 ? 0 : x < 0.6 ? 1 : x < 0.75 ? 2 : x < 0.85 ? 3 : 4;
        if (d === 0) continue;
        if (orgOwned[t]) d = 4;
        rpRows.push(`${role(ro)},prv${PRIVS[p]}${table(t)},${q((r() < 0.5 ? DEPTHS : LABELS)[d]!)}`);
      }
    }
  }
  write('role-privileges.csv', 'role,privilege,depth', rpRows);

  const asRows: string[] = [];
  for (let u = 0; u < o.users; u++) {
    asRows.push(`${user(u)},user,Basic User`);
    const n = 1 + int(3); const seen = new Set<number>();
    for (let k = 0; k < n; k++) { const ro = int(o.roles); if (seen.has(ro)) continue; seen.add(ro); asRows.push(`${user(u)},user,${role(ro)}`); }
  }
  for (let i = 0; i < Math.max(1, Math.round(o.users / 2000)); i++) asRows.push(`${user(i * 7)},user,System Administrator`);
  for (let t = 0; t < o.teams; t++) {
    if (teamType[t] === 'access') continue;
    const n = 1 + int(2); const seen = new Set<number>();
    for (let k = 0; k < n; k++) { const ro = int(o.roles); if (seen.has(ro)) continue; seen.add(ro); asRows.push(`${team(t)},team,${role(ro)}`); }
  }
  write('role-assignments.csv', 'principal,principal_type,role', asRows);

  const userOwnedTables: number[] = [];
  for (let t = 0; t < o.tables; t++) if (!orgOwned[t]) userOwnedTables.push(t);
  const ownerTeams: number[] = [];
  for (let t = 0; t < o.teams; t++) if (teamType[t] !== 'access') ownerTeams.push(t);
  const recTable = new Int32Array(o.records);
  const recRows: string[] = [];
  for (let i = 0; i < o.records; i++) {
    const t = userOwnedTables[int(userOwnedTables.length)]!; recTable[i] = t;
    const byTeam = ownerTeams.length > 0 && r() < 0.15;
    const owner = byTeam ? team(ownerTeams[int(ownerTeams.length)]!) : user(int(o.users));
    recRows.push(`rec-${String(i).padStart(7, '0')},${table(t)},${owner},${byTeam ? 'team' : 'user'},`);
  }
  write('records.csv', 'id,table,owner,owner_type,business_unit', recRows);

  const shRows: string[] = []; const shSeen = new Set<string>();
  const rights = ['Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
  while (shRows.length < Math.min(o.shares, o.records * 3)) {
    const rec = int(o.records); const x = r();
    const type = x < 0.05 ? 'organization' : x < 0.75 ? 'user' : 'team';
    const principal = type === 'organization' ? '' : type === 'user' ? user(int(o.users)) : team(int(o.teams));
    const k = `${rec}|${type}|${principal}`;
    if (shSeen.has(k)) continue; shSeen.add(k);
    const rs = rights.filter(() => r() < 0.35); if (rs.length === 0) rs.push('Read');
    shRows.push(`rec-${String(rec).padStart(7, '0')},${principal},${type},${rs.join(';')}`);
  }
  write('shares.csv', 'record,principal,principal_type,rights', shRows);

  if (o.queries > 0) {
    const path = `${out.replace(/\/$/, '')}-queries.csv`;
    mkdirSync(dirname(path), { recursive: true });
    const ws = createWriteStream(path);
    ws.write('user,privilege,table,record\n');
    const orgTables: number[] = []; for (let t = 0; t < o.tables; t++) if (orgOwned[t]) orgTables.push(t);
    let chunk = '';
    for (let i = 0; i < o.queries; i++) {
      const u = user(int(o.users)); const x = r();
      if (x < 0.1) chunk += `${u},Create,${table(userOwnedTables[int(userOwnedTables.length)]!)},\n`;
      else if (x < 0.2 && orgTables.length) chunk += `${u},${PRIVS[1 + int(7)]},${table(orgTables[int(orgTables.length)]!)},\n`;
      else { const rec = int(o.records); chunk += `${u},${PRIVS[1 + int(7)]},${table(recTable[rec]!)},rec-${String(rec).padStart(7, '0')}\n`; }
      if (chunk.length > 1 << 16) { if (!ws.write(chunk)) await once(ws, 'drain'); chunk = ''; }
    }
    ws.end(chunk); await once(ws, 'finish');
  }
  return stats;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
  const o = largeDefaults(Number(opt('users') ?? 20_000));
  for (const k of ['bus', 'teams', 'roles', 'tables', 'records', 'shares', 'seed', 'queries', 'density'] as const) { const v = opt(k); if (v !== undefined) o[k] = Number(v); }
  const out = opt('out') ?? `.large/env-${o.users}`;
  const t0 = performance.now();
  const stats = await generateLarge(out, o);
  process.stdout.write(`wrote ${out}: ${stats.totalRows.toLocaleString('en-US')} rows, ${(stats.totalBytes / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  for (const [f, s] of Object.entries(stats.files)) process.stdout.write(`  ${f.padEnd(22)} ${String(s.rows).padStart(8)} rows ${(s.bytes / 2 ** 20).toFixed(2).padStart(7)} MB\n`);
}
