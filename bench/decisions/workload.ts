// The standard authorization workload of shared/toolchain.md §4.3, seeded: every engine gets the same one.
// 1,000 users with 1–4 roles, 50 roles, 300 tables, 20 business units in a random tree, 8 privileges, depth
// None 40% / Basic 20% / Local 15% / Deep 10% / Global 15% for each privilege of an entry (probability 0.3).
// A check is (U, P, T, owner O, B = bu(O)); U owns the record in a third of the checks.
import type { EnvironmentSpec } from '../../src/model/index.ts';

export const PRIVS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
export const DEPTHS = ['None', 'Basic', 'Local', 'Deep', 'Global'] as const;

export interface WorkloadOptions {
  users: number;
  roles: number;
  tables: number;
  bus: number;
  checks: number;
  seed: number;
}
export const STANDARD: WorkloadOptions = { users: 1000, roles: 50, tables: 300, bus: 20, checks: 1_000_000, seed: 20261125 };

export interface Workload {
  opts: WorkloadOptions;
  buParent: Int32Array; // -1 for the root
  buIn: Int32Array;
  buOut: Int32Array;
  userBu: Int32Array;
  userRoles: number[][]; // distinct role indices, 1–4 per user
  /** role * (tables * 8) + table * 8 + privilege → depth 0..4 */
  depth: Uint8Array;
  grants: number; // non-None grants
  /** checks, struct of arrays */
  cu: Int32Array;
  cp: Int32Array;
  ct: Int32Array;
  co: Int32Array;
  cb: Int32Array;
}

/** mulberry32: small, fast, good enough for workloads. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeWorkload(opts: WorkloadOptions = STANDARD): Workload {
  const r = rng(opts.seed);
  const int = (n: number) => Math.floor(r() * n);
  const buParent = new Int32Array(opts.bus).fill(-1);
  for (let i = 1; i < opts.bus; i++) buParent[i] = int(i);
  const kids: number[][] = Array.from({ length: opts.bus }, () => []);
  for (let i = 1; i < opts.bus; i++) kids[buParent[i]!]!.push(i);
  const buIn = new Int32Array(opts.bus);
  const buOut = new Int32Array(opts.bus);
  let clock = 0;
  const visit = (b: number) => {
    buIn[b] = clock++;
    for (const k of kids[b]!) visit(k);
    buOut[b] = clock;
  };
  visit(0);
  const userBu = new Int32Array(opts.users);
  for (let u = 0; u < opts.users; u++) userBu[u] = int(opts.bus);
  const TP = opts.tables * 8;
  const depth = new Uint8Array(opts.roles * TP);
  let grants = 0;
  for (let ro = 0; ro < opts.roles; ro++) {
    for (let t = 0; t < opts.tables; t++) {
      if (r() >= 0.3) continue;
      for (let p = 0; p < 8; p++) {
        const x = r();
        const d = x < 0.4 ? 0 : x < 0.6 ? 1 : x < 0.75 ? 2 : x < 0.85 ? 3 : 4;
        depth[ro * TP + t * 8 + p] = d;
        if (d > 0) grants++;
      }
    }
  }
  const userRoles: number[][] = [];
  for (let u = 0; u < opts.users; u++) {
    const n = 1 + int(4);
    const set = new Set<number>();
    while (set.size < n) set.add(int(opts.roles));
    userRoles.push([...set].sort((a, b) => a - b));
  }
  const n = opts.checks;
  const cu = new Int32Array(n),
    cp = new Int32Array(n),
    ct = new Int32Array(n),
    co = new Int32Array(n),
    cb = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = int(opts.users);
    cu[i] = u;
    cp[i] = int(8);
    ct[i] = int(opts.tables);
    const o = r() < 1 / 3 ? u : int(opts.users);
    co[i] = o;
    cb[i] = userBu[o]!;
  }
  return { opts, buParent, buIn, buOut, userBu, userRoles, depth, grants, cu, cp, ct, co, cb };
}

/** The reference decision, written as plainly as possible (toolchain.md §4.3). */
export function reference(w: Workload, i: number): boolean {
  const u = w.cu[i]!,
    p = w.cp[i]!,
    t = w.ct[i]!,
    o = w.co[i]!,
    b = w.cb[i]!;
  let d = 0;
  for (const ro of w.userRoles[u]!) d = Math.max(d, w.depth[ro * w.opts.tables * 8 + t * 8 + p]!);
  const ub = w.userBu[u]!;
  // B is in bu(U)'s subtree: walk up from B.
  let inSubtree = false;
  for (let x = b; x !== -1; x = w.buParent[x]!)
    if (x === ub) {
      inSubtree = true;
      break;
    }
  return (d >= 1 && o === u) || (d >= 2 && b === ub) || (d >= 3 && inSubtree) || d === 4;
}

export const userName = (u: number) => `user${String(u).padStart(4, '0')}@contoso.com`;
export const roleName = (ro: number) => `Bench Role ${String(ro).padStart(2, '0')}`;
export const tableName = (t: number) => `bench_t${String(t).padStart(3, '0')}`;
export const buName = (b: number) => (b === 0 ? 'Root' : `BU ${String(b).padStart(2, '0')}`);

/** The same workload as an environment for rolecheck: custom user-owned tables, custom roles, direct assignments. */
export function toSpec(w: Workload): EnvironmentSpec {
  const TP = w.opts.tables * 8;
  const rolePrivileges: NonNullable<EnvironmentSpec['rolePrivileges']> = [];
  for (let ro = 0; ro < w.opts.roles; ro++) {
    for (let t = 0; t < w.opts.tables; t++)
      for (let p = 0; p < 8; p++) {
        const d = w.depth[ro * TP + t * 8 + p]!;
        if (d > 0) rolePrivileges.push({ role: roleName(ro), privilege: `prv${PRIVS[p]}${tableName(t)}`, depth: DEPTHS[d]! });
      }
  }
  return {
    name: 'bench',
    type: 'Production',
    dataverse: true,
    businessUnits: Array.from(w.buParent, (p, b) => ({ name: buName(b), parent: p < 0 ? null : buName(p) })),
    users: Array.from(w.userBu, (b, u) => ({ name: userName(u), businessUnit: buName(b) })),
    teams: [],
    teamMembers: [],
    roles: Array.from({ length: w.opts.roles }, (_, ro) => ({ name: roleName(ro) })),
    rolePrivileges,
    tables: Array.from({ length: w.opts.tables }, (_, t) => ({ name: tableName(t), ownership: 'user', custom: true })),
    assignments: w.userRoles.flatMap((rs, u) => rs.map((ro) => ({ principal: userName(u), principalType: 'user', role: roleName(ro) }))),
    records: [],
    shares: [],
  };
}
