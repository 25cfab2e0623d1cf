// The one evaluator: a single walk over the ways a user reaches a row — each role that reaches the user (directly
// or through a team, from the business unit of its assignment), ownership, shares and hierarchy security — in the
// manner of Cedar's authorizer and casbin's single enforce loop. What the caller wants back is a parameter: with
// no visitor the walk stops at the first path (a boolean); with a visitor it reports each path (the first one, or
// every one: the visitor says when to stop). `decide` (Decision objects), `check`'s writer and the matrix sweeps
// are visitors of this one walk; nothing else decides. The contract's "Decision semantics" (docs/model.md):
//   no row (owner < 0): organization-owned table → a Global grant; Create → a direct or direct-and-team grant;
//   a row: Global; Local/Deep from the assignment's business unit; ownership (Basic); shares; hierarchy.
import { Depth } from '../vocabulary/index.ts';
import { Hold, type Compiled, type HierarchyInfo } from './compiled.ts';

/** The ways to a row, in the order the walk finds them. */
export const enum Path {
  OrgOwned = 0,
  Create = 1,
  Owner = 2,
  TeamOwner = 3,
  BusinessUnit = 4,
  ChildBusinessUnit = 5,
  Organization = 6,
  Share = 7,
  Hierarchy = 8,
}

export interface PathVisitor {
  /** Holding `h` (an index of compiled.hold*) grants P at depth d > 0 and opens `kind`. True stops the walk. */
  role(kind: Path, h: number, d: number): boolean;
  /** Share `s` (an index of compiled.shares) gives P; `privileged`: a role backs it (else Office Collaborator's read). */
  share(s: number, privileged: boolean): boolean;
  /** The user is a superior of the row's owner at `level`; holding `h` grants P at depth d (the deepest). */
  hierarchy(level: number, h: number, d: number): boolean;
}

const READ = 1;
const WRITE = 2;
const APPEND = 4;
const APPEND_TO = 5;

/** Hierarchy depths up to this are answered from a table of each user's superiors (deeper ones walk the chain). */
const SUPERIOR_TABLE_DEPTH = 8;

export class Evaluator {
  private readonly c: Compiled;
  private readonly TP: number;
  private readonly nUsers: number;
  // The facts a walk reads, as typed arrays: read from the compiled objects, each was a cache miss per query on a
  // million queries (check's profile: the manager chain and the share objects were among the hottest lines).
  private readonly orgOwned: Uint8Array;
  /** 1 for an enabled user: the fast path asks it first on every query (the user objects were a cache miss each). */
  readonly enabled: Uint8Array;
  /** Per share: its rights (bit i for PRIVILEGES[i]), target (0 user, 1 team, 2 organization) and principal. */
  private readonly shareRights: Uint8Array;
  private readonly shareTarget: Uint8Array;
  private readonly sharePrincipal: Int32Array;
  /** Manager model: each user's superiors, nearest first, `superiorDepth` per user (-1 past the top). */
  private superiorsTable: Int32Array | undefined;
  private superiorDepth = 0;
  /** After a walk that did not stop early: the deepest grant of P on T among every role that reaches the user. */
  held = 0;
  /** After such a walk: the first holding with that deepest grant (-1 when none). */
  heldBy = -1;

  constructor(c: Compiled) {
    this.c = c;
    this.TP = c.tables.length * 8;
    this.nUsers = c.users.length;
    this.orgOwned = Uint8Array.from(c.tables, (t) => (t.organizationOwned ? 1 : 0));
    this.enabled = Uint8Array.from(c.users, (x) => (x.enabled ? 1 : 0));
    this.shareRights = Uint8Array.from(c.shares, (x) => x.rights);
    this.shareTarget = Uint8Array.from(c.shares, (x) => (x.target === 'user' ? 0 : x.target === 'team' ? 1 : 2));
    this.sharePrincipal = Int32Array.from(c.shares, (x) => x.principal);
  }

  /** The manager model's table of superiors (made on first use, when the depth is small enough to tabulate). */
  private superiors(depth: number): Int32Array {
    if (this.superiorsTable && this.superiorDepth === depth) return this.superiorsTable;
    const users = this.c.users;
    const out = new Int32Array(users.length * depth).fill(-1);
    for (let v = 0; v < users.length; v++) {
      let x = users[v]!.manager;
      for (let k = 0; k < depth && x >= 0; k++) {
        out[v * depth + k] = x;
        x = users[x]!.manager;
      }
    }
    this.superiorDepth = depth;
    return (this.superiorsTable = out);
  }

  /**
   * Walks the ways user u reaches privilege p on table t. `owner` < 0: no row (Create, or an organization-owned
   * table). Otherwise a row owned by `owner` (a user index, or users.length + a team index) in business unit `bu`;
   * `record` >= 0 when it is a row of records.csv (shares and hierarchy apply), -1 for a row given by owner and unit
   * only (role paths only: the matrix sweeps). The user's enabled flag is the caller's: the walk says what the roles
   * would do. Returns whether some path grants it.
   */
  walk(u: number, p: number, t: number, record: number, owner: number, bu: number, v: PathVisitor | null): boolean {
    const c = this.c;
    const depth = c.roleDepth;
    const TP = this.TP;
    const tp = t * 8 + p;
    const hRole = c.holdRole;
    const hKind = c.holdKind;
    const hs = c.holdStart[u]!;
    const he = c.holdStart[u + 1]!;
    let held = 0;
    let heldBy = -1;
    let found = false;
    if (owner < 0) {
      const orgOwned = this.orgOwned[t] === 1;
      for (let h = hs; h < he; h++) {
        const d = depth[hRole[h]! * TP + tp]!;
        if (d === 0) continue;
        if (d > held) {
          held = d;
          heldBy = h;
        }
        let kind: Path;
        if (orgOwned) {
          if (d !== Depth.Global) continue;
          kind = Path.OrgOwned;
        } else if (p === 0) {
          if (hKind[h] === Hold.TeamOnly) continue;
          kind = Path.Create;
        } else continue;
        found = true;
        if (v === null || v.role(kind, h, d)) return true;
      }
      this.held = held;
      this.heldBy = heldBy;
      return found;
    }
    const buIn = c.buIn;
    const buOut = c.buOut;
    const hBu = c.holdBu;
    const bIn = buIn[bu]!;
    for (let h = hs; h < he; h++) {
      const d = depth[hRole[h]! * TP + tp]!;
      if (d === 0) continue;
      if (d > held) {
        held = d;
        heldBy = h;
      }
      let kind: Path;
      if (d === Depth.Global) kind = Path.Organization;
      else {
        const hb = hBu[h]!;
        if (d >= Depth.Local && bu === hb) kind = Path.BusinessUnit;
        else if (d === Depth.Deep && bIn >= buIn[hb]! && bIn < buOut[hb]!) kind = Path.ChildBusinessUnit;
        else if (hKind[h] !== Hold.TeamOnly) {
          if (owner === u) kind = Path.Owner;
          else if (owner >= this.nUsers && this.isMember(u, owner - this.nUsers)) kind = Path.TeamOwner;
          else continue;
        } else if (owner === this.nUsers + c.holdTeam[h]!) kind = Path.TeamOwner;
        else continue;
      }
      found = true;
      if (v === null || v.role(kind, h, d)) return true;
    }
    this.held = held;
    this.heldBy = heldBy;
    if (record < 0) return found;
    // Shares: the record shared with the user, a team of the user (any type) or the organization, with right p,
    // and a role that grants p on t at any depth (or Office Collaborator's read of organization shares).
    const ss = c.recordShareStart[record]!;
    const se = c.recordShareStart[record + 1]!;
    if (ss < se) {
      const bit = 1 << p;
      let orgSharedReadOnly = -1;
      const rights = this.shareRights;
      const target = this.shareTarget;
      const principal = this.sharePrincipal;
      for (let i = ss; i < se; i++) {
        const si = c.recordShares[i]!;
        if ((rights[si]! & bit) === 0) continue;
        const to = target[si]!;
        if (!(to === 2 || (to === 0 ? principal[si] === u : this.isMember(u, principal[si]!)))) continue;
        const privileged = held > 0;
        if (!privileged) {
          if (to !== 2 || p !== READ) continue;
          if (orgSharedReadOnly < 0) orgSharedReadOnly = this.orgSharedReadOnly(u) ? 1 : 0;
          if (orgSharedReadOnly === 0) continue;
        }
        found = true;
        if (v === null || v.share(si, privileged)) return true;
      }
    }
    // Hierarchy security: a superior of the user who owns the row, holding p on t at any depth.
    const hier = c.hierarchy;
    if (
      hier !== undefined &&
      held > 0 &&
      owner < this.nUsers &&
      (p === READ || p === WRITE || p === APPEND || p === APPEND_TO) &&
      hier.excluded[t] === 0
    ) {
      const level = this.superiorLevel(u, owner, hier);
      if (level > 0 && (level === 1 || p === READ) && this.unitAllows(u, owner, hier)) {
        found = true;
        if (v === null || v.hierarchy(level, heldBy, held)) return true;
      }
    }
    return found;
  }

  /** k when u is a superior of v at level k within the hierarchy's depth (1: direct), else 0. */
  superiorLevel(u: number, v: number, hier: HierarchyInfo): number {
    const users = this.c.users;
    if (hier.model === 'manager') {
      const D = hier.depth;
      if (D <= SUPERIOR_TABLE_DEPTH) {
        const sup = this.superiors(D);
        const base = v * D;
        for (let k = 0; k < D; k++) {
          const x = sup[base + k]!;
          if (x === u) return k + 1;
          if (x < 0) return 0;
        }
        return 0;
      }
      let x = users[v]!.manager;
      for (let k = 1; k <= hier.depth && x >= 0; k++) {
        if (x === u) return k;
        x = users[x]!.manager;
      }
      return 0;
    }
    const pu = users[u]!.position;
    let x = users[v]!.position;
    if (pu < 0 || x < 0) return 0;
    const parent = this.c.positionParent;
    x = parent[x]!;
    for (let k = 1; k <= hier.depth && x >= 0; k++) {
      if (x === pu) return k;
      x = parent[x]!;
    }
    return 0;
  }

  /** Manager model with "managers in the same or parent business unit": u's unit is v's or the parent of v's. */
  unitAllows(u: number, v: number, hier: HierarchyInfo): boolean {
    if (hier.model !== 'manager' || !hier.sameOrParentUnit) return true;
    const c = this.c;
    const ub = c.users[u]!.businessUnit;
    const vb = c.users[v]!.businessUnit;
    return ub === vb || ub === c.buParent[vb];
  }

  isMember(u: number, team: number): boolean {
    const c = this.c;
    for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++) if (c.userTeams[i] === team) return true;
    return false;
  }

  /** Whether a role that reaches u is Office Collaborator by its documented definition. */
  orgSharedReadOnly(u: number): boolean {
    const c = this.c;
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) if (c.orgSharedReadOnly[c.holdRole[h]!] === 1) return true;
    return false;
  }

  /** The deepest grant of table privilege tp (table * 8 + privilege) over every role that reaches u. */
  reach(u: number, tp: number): number {
    const c = this.c;
    const TP = this.TP;
    let d = 0;
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
      const x = c.roleDepth[c.holdRole[h]! * TP + tp]!;
      if (x > d) d = x;
    }
    return d;
  }

  /** The deepest grant that acts for u personally: direct roles and team roles with direct-and-team inheritance. */
  inheritDepth(u: number, tp: number): number {
    const c = this.c;
    const TP = this.TP;
    let d = 0;
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
      if (c.holdKind[h] === Hold.TeamOnly) continue;
      const x = c.roleDepth[c.holdRole[h]! * TP + tp]!;
      if (x > d) d = x;
    }
    return d;
  }
}
