// The effective access of a whole environment, computed once per audit: for every role, what it grants; for every
// user, the widest depth they reach for each privilege on each table and through which roles (directly, through a
// team, from a business unit's copy); and the reverse look-up, every user who holds a privilege on a table.
// The widest depth depends only on the set of roles that reach a user, so users are grouped into profiles (one per
// distinct set of roles) and each profile's depths are computed once; a user's paths are read from their holdings.
// Rows are made on demand and not kept: at 100,000 users and 2,000 roles nothing here grows with users x tables.
import { Hold, type Compiled } from './compiled.ts';

/** One role that reaches a user, as the access views show it. */
export interface AccessPath {
  role: string;
  team?: string;
  businessUnit: string;
  copy: boolean;
  teamOnly: boolean;
}

/** Thermometer code of a depth (its d low bits set), and the depth of each 4-bit code (only codes of that form occur). */
const THERMO = [0, 1, 3, 7, 15];
const DEPTH_OF_CODE = new Uint8Array(16).map((_, x) => (x === 15 ? 4 : x === 7 ? 3 : x === 3 ? 2 : x === 1 ? 1 : 0));

export class EffectiveAccess {
  readonly c: Compiled;
  /** user -> profile index. */
  readonly profileOf: Int32Array;
  /** Each profile's roles (sorted role indices, each once) and how many users (enabled ones) have it. */
  readonly profiles: Array<{ roles: Int32Array; users: number; enabled: number }>;
  private readonly TP: number;

  constructor(c: Compiled) {
    this.c = c;
    this.TP = c.tables.length * 8;
    const byKey = new Map<string, number>();
    this.profileOf = new Int32Array(c.users.length);
    this.profiles = [];
    const seen: number[] = [];
    for (let u = 0; u < c.users.length; u++) {
      seen.length = 0;
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
        const r = c.holdRole[h]!;
        if (!seen.includes(r)) seen.push(r);
      }
      seen.sort((a, b) => a - b);
      const k = seen.join(',');
      let p = byKey.get(k);
      if (p === undefined) {
        p = this.profiles.length;
        byKey.set(k, p);
        this.profiles.push({ roles: Int32Array.from(seen), users: 0, enabled: 0 });
      }
      this.profileOf[u] = p;
      this.profiles[p]!.users++;
      if (c.users[u]!.enabled) this.profiles[p]!.enabled++;
    }
  }

  /**
   * Each role's depths on a table as one 32-bit word, 4 bits per privilege in a thermometer code (depth d: its d low
   * bits set), roles x tables. The OR of two codes is the code of the wider depth, so a profile's widest depths are
   * the OR of its roles' words: one operation per table instead of a max per table privilege (userCounts and
   * profileRow were users x tables x 8 compare-and-stores, 3.2 s and 2.7 s of the 20,000-user audit, profiled).
   */
  private packedRoles: Uint32Array | undefined;
  private packed(): Uint32Array {
    if (this.packedRoles) return this.packedRoles;
    const c = this.c;
    const T = c.tables.length;
    const TP = this.TP;
    const depth = c.roleDepth;
    const out = new Uint32Array(c.roles.length * T);
    for (let r = 0; r < c.roles.length; r++) {
      for (let t = 0; t < T; t++) {
        const base = r * TP + t * 8;
        let w = 0;
        for (let p = 0; p < 8; p++) {
          const d = depth[base + p]!;
          if (d > 4) throw new Error(`depth ${d} of role ${c.roles[r]!.name} is not a depth (0-4)`);
          w |= THERMO[d]! << (p * 4);
        }
        out[r * T + t] = w;
      }
    }
    return (this.packedRoles = out);
  }

  /**
   * The words of each role that are not 0 (a role grants on about a third of the tables), as a list per role: a
   * profile's OR reads only those (the OR over every table of every role was the top line of userCounts at 100,000
   * users: the packed rows of 2,000 roles do not stay in the cache).
   */
  private sparseRoles: { start: Int32Array; table: Int32Array; word: Uint32Array } | undefined;
  private sparse(): { start: Int32Array; table: Int32Array; word: Uint32Array } {
    if (this.sparseRoles) return this.sparseRoles;
    const packed = this.packed();
    const R = this.c.roles.length;
    const T = this.c.tables.length;
    const start = new Int32Array(R + 1);
    for (let r = 0; r < R; r++) {
      let n = 0;
      for (let t = 0; t < T; t++) if (packed[r * T + t] !== 0) n++;
      start[r + 1] = start[r]! + n;
    }
    const table = new Int32Array(start[R]!);
    const word = new Uint32Array(start[R]!);
    for (let r = 0, i = 0; r < R; r++)
      for (let t = 0; t < T; t++) {
        const w = packed[r * T + t]!;
        if (w !== 0) {
          table[i] = t;
          word[i++] = w;
        }
      }
    return (this.sparseRoles = { start, table, word });
  }

  /** A profile's widest depths, as thermometer words per table (the OR of its roles' words), into `out`. */
  private profileWords(p: number, out: Uint32Array): Uint32Array {
    const { start, table, word } = this.sparse();
    out.fill(0);
    for (const r of this.profiles[p]!.roles) {
      for (let i = start[r]!, e = start[r + 1]!; i < e; i++) out[table[i]!] |= word[i]!;
    }
    return out;
  }
  private words: Uint32Array | undefined;

  /** The widest depth of every table privilege (tables x 8) for a profile, into `out` (reused by the caller). */
  profileRow(p: number, out: Uint8Array = new Uint8Array(this.TP)): Uint8Array {
    const T = this.c.tables.length;
    const w = this.profileWords(p, (this.words ??= new Uint32Array(T)));
    for (let t = 0; t < T; t++) {
      const x = w[t]!;
      const o = t * 8;
      if (x === 0) {
        for (let k = 0; k < 8; k++) out[o + k] = 0;
        continue;
      }
      for (let k = 0; k < 8; k++) out[o + k] = DEPTH_OF_CODE[(x >>> (k * 4)) & 15]!;
    }
    return out;
  }

  /**
   * How many rows the listings would have (no row is made), counted from the profiles' words on the tables given:
   * per profile and table, per user and table, and per user, table and privilege (who can). Counting stops once
   * every count passes `limit`, so a tenant too large for them costs no more than the limit to find out.
   */
  reachRows(tables: readonly number[], limit: number): { profileRows: number; userRows: number; privilegeRows: number } {
    const T = this.c.tables.length;
    const words = new Uint32Array(T);
    let profileRows = 0;
    let userRows = 0;
    let privilegeRows = 0;
    for (let pr = 0; pr < this.profiles.length && (profileRows <= limit || userRows <= limit || privilegeRows <= limit); pr++) {
      this.profileWords(pr, words);
      let n = 0;
      let k = 0;
      for (const t of tables) {
        const w = words[t]!;
        if (w === 0) continue;
        n++;
        // One bit per privilege held (a non-zero 4-bit code has its low bit set), counted.
        let x = w & 0x11111111;
        x = (x + (x >>> 4)) & 0x0f0f0f0f;
        k += Math.imul(x, 0x01010101) >>> 24;
      }
      const users = this.profiles[pr]!.users;
      profileRows += n;
      userRows += n * users;
      privilegeRows += k * users;
    }
    return { profileRows, userRows, privilegeRows };
  }

  /**
   * For each table privilege and depth, how many enabled users reach it at exactly that depth: counts[tp * 5 + depth].
   * Bit-sliced counters: for each table, plane j holds bit j of the count of every one of its 32 code bits (bit k of
   * privilege p's code is set when the depth is above k), so adding a profile's words is a few ANDs and XORs per
   * table; the counts of "depth above k" are read back once at the end, and "exactly d" is their difference.
   */
  userCounts(): Uint32Array {
    const c = this.c;
    const T = c.tables.length;
    let enabled = 0;
    for (const p of this.profiles) enabled += p.enabled;
    const P = 32 - Math.clz32(enabled) + 1; // planes enough for every count
    const planes = new Uint32Array(T * P);
    const words = new Uint32Array(T);
    for (let pr = 0; pr < this.profiles.length; pr++) {
      const n = this.profiles[pr]!.enabled;
      if (n === 0) continue;
      this.profileWords(pr, words);
      // Add words x n: words added at plane j for each bit j of n.
      for (let j0 = 0; n >>> j0 !== 0; j0++) {
        if (((n >>> j0) & 1) === 0) continue;
        for (let t = 0; t < T; t++) {
          let carry = words[t]!;
          let idx = t * P + j0;
          while (carry !== 0) {
            const cur = planes[idx]!;
            planes[idx] = cur ^ carry;
            carry = cur & carry;
            idx++;
          }
        }
      }
    }
    const counts = new Uint32Array(this.TP * 5);
    const above = new Float64Array(32);
    for (let t = 0; t < T; t++) {
      above.fill(0);
      for (let j = 0; j < P; j++) {
        const x = planes[t * P + j]!;
        if (x === 0) continue;
        for (let b = 0; b < 32; b++) if ((x >>> b) & 1) above[b] += 2 ** j;
      }
      for (let p = 0; p < 8; p++) {
        const base = (t * 8 + p) * 5;
        // above[4p + k]: users whose depth is above k (k = 0..3), so at least k + 1.
        let prev = enabled;
        for (let d = 1; d <= 4; d++) {
          const atLeast = above[p * 4 + d - 1]!;
          counts[base + d - 1] = prev - atLeast;
          prev = atLeast;
        }
        counts[base + 4] = prev;
      }
    }
    return counts;
  }

  /**
   * Tables of interest, by name: custom tables, Account, Contact and the activity tables (core), tables with records,
   * and tables the export's tables.csv names. The hundreds of other catalogue tables are counted, not listed.
   */
  tablesOfInterest(): number[] {
    const c = this.c;
    const named = new Set<number>();
    for (const r of c.records) named.add(r.table);
    const out: number[] = [];
    for (let t = 0; t < c.tables.length; t++) {
      const x = c.tables[t]!;
      if (x.custom || x.core || named.has(t) || x.origin?.file === 'tables.csv') out.push(t);
    }
    return out.sort((a, b) => (c.tables[a]!.name < c.tables[b]!.name ? -1 : c.tables[a]!.name > c.tables[b]!.name ? 1 : 0));
  }

  /** Per role, how many users it reaches (directly or through a team) and how many of them are enabled. */
  roleHolders(): { holders: Int32Array; enabled: Int32Array } {
    const c = this.c;
    const holders = new Int32Array(c.roles.length);
    const enabled = new Int32Array(c.roles.length);
    const seen = new Int32Array(c.roles.length).fill(-1);
    for (let u = 0; u < c.users.length; u++) {
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
        const r = c.holdRole[h]!;
        if (seen[r] === u) continue;
        seen[r] = u;
        holders[r]++;
        if (c.users[u]!.enabled) enabled[r]++;
      }
    }
    return { holders, enabled };
  }

  /** A role's depths on every table privilege (tables x 8; a view, not a copy). */
  roleRow(r: number): Uint8Array {
    return this.c.roleDepth.subarray(r * this.TP, (r + 1) * this.TP);
  }

  /** How many table privileges a role grants (not None), and on how many tables. */
  roleGrantCounts(r: number): { grants: number; tables: number } {
    const row = this.roleRow(r);
    let grants = 0;
    let tables = 0;
    for (let t = 0; t < this.c.tables.length; t++) {
      let any = false;
      for (let p = 0; p < 8; p++)
        if (row[t * 8 + p]! > 0) {
          grants++;
          any = true;
        }
      if (any) tables++;
    }
    return { grants, tables };
  }

  /** The roles that reach user u, with their paths, in holding order. */
  paths(u: number): AccessPath[] {
    const c = this.c;
    const out: AccessPath[] = [];
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) out.push(this.path(u, h));
    return out;
  }

  private path(u: number, h: number): AccessPath {
    const c = this.c;
    const m = c.holdTeam[h]!;
    const bu = c.holdBu[h]!;
    const own = m >= 0 ? c.teams[m]!.businessUnit : c.users[u]!.businessUnit;
    const out: AccessPath = {
      role: c.roles[c.holdRole[h]!]!.name,
      businessUnit: c.buNames[bu] ?? '',
      copy: bu !== own,
      teamOnly: c.holdKind[h] === Hold.TeamOnly,
    };
    if (m >= 0) out.team = c.teams[m]!.name;
    return out;
  }

  /** The holdings of user u that give the widest depth `d` of table privilege tp (indices into paths(u)). */
  widest(u: number, tp: number, d: number): number[] {
    const c = this.c;
    const out: number[] = [];
    const hs = c.holdStart[u]!;
    for (let h = hs, e = c.holdStart[u + 1]!; h < e; h++) if (c.roleDepth[c.holdRole[h]! * this.TP + tp] === d) out.push(h - hs);
    return out;
  }

  /**
   * Every user who holds privilege p on table t (at any depth), in user order, with the depth and the roles giving
   * it; disabled users are included and flagged (they can do nothing; the views show them apart).
   */
  *whoCan(t: number, p: number): Generator<{ user: number; depth: number; via: number[] }> {
    const c = this.c;
    const tp = t * 8 + p;
    const TP = this.TP;
    const depthOfProfile = new Int8Array(this.profiles.length).fill(-1);
    for (let u = 0; u < c.users.length; u++) {
      const pr = this.profileOf[u]!;
      let d = depthOfProfile[pr]!;
      if (d < 0) {
        d = 0;
        for (const r of this.profiles[pr]!.roles) {
          const x = c.roleDepth[r * TP + tp]!;
          if (x > d) d = x;
        }
        depthOfProfile[pr] = d;
      }
      if (d > 0) yield { user: u, depth: d, via: this.widest(u, tp, d) };
    }
  }

  /** The superiors of user v within the hierarchy's depth, nearest first (hierarchy security), or none. */
  superiors(v: number): Array<{ user: number; level: number }> {
    const c = this.c;
    const hier = c.hierarchy;
    const out: Array<{ user: number; level: number }> = [];
    if (!hier) return out;
    if (hier.model === 'manager') {
      let x = c.users[v]!.manager;
      for (let k = 1; k <= hier.depth && x >= 0; k++) {
        out.push({ user: x, level: k });
        x = c.users[x]!.manager;
      }
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
