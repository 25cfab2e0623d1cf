// The effective access of a whole environment, computed once per audit: for every role, what it grants; for every
// user, the widest depth they reach for each privilege on each table and through which roles (directly, through a
// team, from a business unit's copy); and the reverse look-up, every user who holds a privilege on a table.
// The widest depth depends only on the set of roles that reach a user, so users are grouped into profiles (one per
// distinct set of roles) and each profile's depths are computed once; a user's paths are read from their holdings.
// Rows are made on demand and not kept: at 100,000 users and 2,000 roles nothing here grows with users x tables.
import { Hold, type Compiled } from './compiled.ts';

/** One role that reaches a user, as the access views show it. */
export interface AccessPath { role: string; team?: string; businessUnit: string; copy: boolean; teamOnly: boolean }

export class EffectiveAccess {
  readonly c: Compiled;
  /** user -> profile index. */
  readonly profileOf: Int32Array;
  /** Each profile's roles (sorted role indices, each once) and how many users (enabled ones) have it. */
  readonly profiles: Array<{ roles: Int32Array; users: number; enabled: number }>;
  private readonly TP: number;

  constructor(c: Compiled) {
    this.c = c; this.TP = c.tables.length * 8;
    const byKey = new Map<string, number>();
    this.profileOf = new Int32Array(c.users.length);
    this.profiles = [];
    const seen: number[] = [];
    for (let u = 0; u < c.users.length; u++) {
      seen.length = 0;
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) { const r = c.holdRole[h]!; if (!seen.includes(r)) seen.push(r); }
      seen.sort((a, b) => a - b);
      const k = seen.join(',');
      let p = byKey.get(k);
      if (p === undefined) { p = this.profiles.length; byKey.set(k, p); this.profiles.push({ roles: Int32Array.from(seen), users: 0, enabled: 0 }); }
      this.profileOf[u] = p;
      this.profiles[p]!.users++;
      if (c.users[u]!.enabled) this.profiles[p]!.enabled++;
    }
  }

  /** The widest depth of every table privilege (tables x 8) for a profile, into `out` (reused by the caller). */
  profileRow(p: number, out: Uint8Array = new Uint8Array(this.TP)): Uint8Array {
    const c = this.c; const TP = this.TP; const depth = c.roleDepth;
    out.fill(0);
    for (const r of this.profiles[p]!.roles) {
      const base = r * TP;
      for (let i = 0; i < TP; i++) { const d = depth[base + i]!; if (d > out[i]!) out[i] = d; }
    }
    return out;
  }

  /** For each table privilege and depth, how many enabled users reach it at exactly that depth: counts[tp * 5 + depth]. */
  userCounts(): Uint32Array {
    const counts = new Uint32Array(this.TP * 5);
    const row = new Uint8Array(this.TP);
    for (let p = 0; p < this.profiles.length; p++) {
      const n = this.profiles[p]!.enabled;
      if (n === 0) continue;
      this.profileRow(p, row);
      for (let i = 0; i < this.TP; i++) counts[i * 5 + row[i]!] += n;
    }
    return counts;
  }

  /**
   * Tables of interest, by name: custom tables, Account, Contact and the activity tables (core), tables with records,
   * and tables the export's tables.csv names. The hundreds of other catalogue tables are counted, not listed.
   */
  tablesOfInterest(): number[] {
    const c = this.c; const named = new Set<number>();
    for (const r of c.records) named.add(r.table);
    const out: number[] = [];
    for (let t = 0; t < c.tables.length; t++) { const x = c.tables[t]!; if (x.custom || x.core || named.has(t) || x.origin?.file === 'tables.csv') out.push(t); }
    return out.sort((a, b) => (c.tables[a]!.name < c.tables[b]!.name ? -1 : c.tables[a]!.name > c.tables[b]!.name ? 1 : 0));
  }

  /** Per role, how many users it reaches (directly or through a team) and how many of them are enabled. */
  roleHolders(): { holders: Int32Array; enabled: Int32Array } {
    const c = this.c;
    const holders = new Int32Array(c.roles.length); const enabled = new Int32Array(c.roles.length);
    const seen = new Int32Array(c.roles.length).fill(-1);
    for (let u = 0; u < c.users.length; u++) {
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
        const r = c.holdRole[h]!;
        if (seen[r] === u) continue;
        seen[r] = u; holders[r]++;
        if (c.users[u]!.enabled) enabled[r]++;
      }
    }
    return { holders, enabled };
  }

  /** A role's depths on every table privilege (tables x 8; a view, not a copy). */
  roleRow(r: number): Uint8Array { return this.c.roleDepth.subarray(r * this.TP, (r + 1) * this.TP); }

  /** How many table privileges a role grants (not None), and on how many tables. */
  roleGrantCounts(r: number): { grants: number; tables: number } {
    const row = this.roleRow(r); let grants = 0; let tables = 0;
    for (let t = 0; t < this.c.tables.length; t++) {
      let any = false;
      for (let p = 0; p < 8; p++) if (row[t * 8 + p]! > 0) { grants++; any = true; }
      if (any) tables++;
    }
    return { grants, tables };
  }

  /** The roles that reach user u, with their paths, in holding order. */
  paths(u: number): AccessPath[] {
    const c = this.c; const out: AccessPath[] = [];
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) out.push(this.path(u, h));
    return out;
  }

  private path(u: number, h: number): AccessPath {
    const c = this.c; const m = c.holdTeam[h]!; const bu = c.holdBu[h]!;
    const own = m >= 0 ? c.teams[m]!.businessUnit : c.users[u]!.businessUnit;
    const out: AccessPath = { role: c.roles[c.holdRole[h]!]!.name, businessUnit: c.buNames[bu] ?? '', copy: bu !== own, teamOnly: c.holdKind[h] === Hold.TeamOnly };
    if (m >= 0) out.team = c.teams[m]!.name;
    return out;
  }

  /** The holdings of user u that give the widest depth `d` of table privilege tp (indices into paths(u)). */
  widest(u: number, tp: number, d: number): number[] {
    const c = this.c; const out: number[] = [];
    const hs = c.holdStart[u]!;
    for (let h = hs, e = c.holdStart[u + 1]!; h < e; h++) if (c.roleDepth[c.holdRole[h]! * this.TP + tp] === d) out.push(h - hs);
    return out;
  }

  /**
   * Every user who holds privilege p on table t (at any depth), in user order, with the depth and the roles giving
   * it; disabled users are included and flagged (they can do nothing; the views show them apart).
   */
  *whoCan(t: number, p: number): Generator<{ user: number; depth: number; via: number[] }> {
    const c = this.c; const tp = t * 8 + p; const TP = this.TP;
    const depthOfProfile = new Int8Array(this.profiles.length).fill(-1);
    for (let u = 0; u < c.users.length; u++) {
      const pr = this.profileOf[u]!;
      let d = depthOfProfile[pr]!;
      if (d < 0) {
        d = 0;
        for (const r of this.profiles[pr]!.roles) { const x = c.roleDepth[r * TP + tp]!; if (x > d) d = x; }
        depthOfProfile[pr] = d;
      }
      if (d > 0) yield { user: u, depth: d, via: this.widest(u, tp, d) };
    }
  }

  /** The superiors of user v within the hierarchy's depth, nearest first (hierarchy security), or none. */
  superiors(v: number): Array<{ user: number; level: number }> {
    const c = this.c; const hier = c.hierarchy; const out: Array<{ user: number; level: number }> = [];
    if (!hier) return out;
    if (hier.model === 'manager') {
      let x = c.users[v]!.manager;
      for (let k = 1; k <= hier.depth && x >= 0; k++) { out.push({ user: x, level: k }); x = c.users[x]!.manager; }
      return out;
    }
    let pos = c.users[v]!.position;
    for (let k = 1; k <= hier.depth && pos >= 0; k++) {
      pos = c.positionParent[pos]!;
      if (pos < 0) break;
      for (let u = 0; u < c.users.length; u++) if (c.users[u]!.position === pos) out.push({ user: u, level: k });
    }
    return out;
  }
}
