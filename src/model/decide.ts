// Record-level decisions, in two forms that must always agree: `can` (numbers in, boolean out, no allocation)
// and `explain` (every path that grants, or the rules that deny). See docs and the "Decision semantics" of the
// export contract.
import { R } from '../catalog/model-rules.ts';
import { ACT_ON_BEHALF } from '../catalog/roles.ts';
import type { Compiled, IgnoredAssignment } from './compile.ts';
import { UnknownNameError } from './errors.ts';
import { Wording, Words, type RowRef } from './wording.ts';
import { DEPTH_NAMES, Depth, PRIVILEGES, depthName, key, privilegeIndex, type DepthName, type Privilege } from '../vocabulary/index.ts';

export type PathKind = 'organization-owned' | 'create' | 'owner' | 'team-owner' | 'business-unit' | 'child-business-unit' | 'organization' | 'share';

/** One way in which access is granted: Cedar-style, the decision carries what determined it. */
export interface GrantPath {
  kind: PathKind;
  role?: string;
  /** The team through which the role is held; absent for a role assigned to the user. */
  team?: string;
  depth?: DepthName;
  /** Business unit the depth is measured from (the holder's). */
  businessUnit?: string;
  share?: { with: 'user' | 'team' | 'organization'; principal?: string };
  rule: string;
  sentence: string;
}

export interface Decision {
  allowed: boolean;
  user: string;
  privilege: Privilege;
  table: string;
  record?: string;
  /** The deepest depth among the role paths that allowed it; absent when denied or allowed by a share only. */
  depth?: DepthName;
  /** Roles, teams or shares that allowed it. */
  via: string[];
  paths: GrantPath[];
  /** Rule ids that determined the decision. */
  rules: string[];
  reason: string;
  actingFor?: { user: string; decision: Decision };
}

/** The four answers `check` writes (see DataverseDecisions.brief). */
export interface Brief {
  allowed: boolean;
  /** The depth column: a piece number, -1 when empty. */
  depth: number;
  /** The via column: viaN piece numbers, joined by "; ". */
  via: Int32Array; viaN: number;
  /** The reason, as pieces. */
  reason: Words;
  /** The text of every piece number (the model's table, shared by every answer). */
  pieces: readonly string[];
}

/** A Brief as text: decision, depth, via and reason, as explainIdx gives them. */
export function briefText(b: Brief): { allowed: boolean; depth: string; via: string; reason: string } {
  const via: string[] = [];
  for (let i = 0; i < b.viaN; i++) via.push(b.pieces[b.via[i]!]!);
  return { allowed: b.allowed, depth: b.depth >= 0 ? b.pieces[b.depth]! : '', via: via.join('; '), reason: b.reason.text(b.pieces) };
}

export interface Query { user: string; privilege: string; table: string; record?: string }

/** The index form of a query, for callers that ask millions of questions. */
export interface ResolvedQuery { user: number; privilege: number; table: number; record: number }

interface Held { role: number; team: number; depth: number }
const NO_IGNORED: IgnoredAssignment[] = [];

export class DataverseDecisions {
  readonly c: Compiled;
  private readonly TP: number;
  private readonly nUsers: number;
  private ignoredIndex: { user: Map<string, number[]>; team: Map<number, number[]> } | undefined;
  private readonly wording: Wording;
  constructor(compiled: Compiled) {
    this.c = compiled;
    this.TP = compiled.tables.length * 8;
    this.nUsers = compiled.users.length;
    this.wording = new Wording(compiled, (u) => this.ignoredFor(u));
    this.briefState = { allowed: false, depth: -1, via: new Int32Array(16), viaN: 0, reason: new Words(), pieces: this.wording.pieces.strings };
  }

  resolve(q: Query): ResolvedQuery {
    const c = this.c;
    const u = c.index.user.get(key(q.user));
    if (u === undefined) throw new UnknownNameError('user', q.user, c.users.map((x) => x.name));
    const p = privilegeIndex(q.privilege);
    if (p < 0) throw new UnknownNameError('privilege', q.privilege, PRIVILEGES);
    const t = c.index.table.get(key(q.table));
    if (t === undefined) throw new UnknownNameError('table', q.table, c.tables.map((x) => x.name));
    const recText = (q.record ?? '').trim();
    let r = -1;
    if (recText) {
      const found = c.index.record.get(key(recText));
      if (found === undefined) throw new UnknownNameError('record', recText, c.records.map((x) => x.id));
      r = found;
      if (c.records[r]!.table !== t) throw new Error(`record "${recText}" is a row of table "${c.tables[c.records[r]!.table]!.name}", not of "${c.tables[t]!.name}"`);
      if (p === 0) throw new Error('Create makes a new row: give no record for Create');
    } else if (p !== 0 && !c.tables[t]!.organizationOwned) {
      throw new Error(`${PRIVILEGES[p]} on the user-owned table "${c.tables[t]!.name}" needs a record (an id from records.csv)`);
    }
    return { user: u, privilege: p, table: t, record: r };
  }

  can(q: Query): boolean {
    const r = this.resolve(q);
    return this.canIdx(r.user, r.privilege, r.table, r.record);
  }

  /** The fast path. `record` is -1 for Create and for organization-owned tables. */
  canIdx(u: number, p: number, t: number, record: number): boolean {
    const c = this.c;
    const tp = t * 8 + p;
    if (c.tables[t]!.organizationOwned) return this.reach(u, tp) > Depth.None;
    if (p === 0) return this.inheritDepth(u, tp) > Depth.None;
    const rec = c.records[record]!;
    if (this.canRow(u, tp, rec.owner, rec.businessUnit)) return true;
    return this.sharedAllows(u, p, tp, record);
  }

  /**
   * Role paths only, for a row owned by `owner` (user index, or users.length + team index) in business unit `bu`.
   * Exposed for benchmarks and matrix sweeps that do not need record rows.
   */
  canRow(u: number, tp: number, owner: number, bu: number): boolean {
    const c = this.c; const TP = this.TP; const depth = c.roleDepth;
    let d = 0;
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) {
      const v = depth[c.userRoles[i]! * TP + tp]!;
      if (v > d) d = v;
    }
    if (d === Depth.Global) return true;
    if (d >= Depth.Basic && this.ownsOrTeamOwns(u, owner)) return true;
    if (d >= Depth.Local) {
      const ub = c.users[u]!.businessUnit;
      if (bu === ub) return true;
      if (d === Depth.Deep && c.buIn[bu]! >= c.buIn[ub]! && c.buIn[bu]! < c.buOut[ub]!) return true;
    }
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      let di = 0; let dt = 0;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) {
        const ri = c.teamRoles[j]!;
        const v = depth[ri * TP + tp]!;
        if (c.roles[ri]!.inheritance === 'team-only') { if (v > dt) dt = v; } else if (v > di) di = v;
      }
      const dd = di > dt ? di : dt;
      if (dd === Depth.Global) return true;
      if (di >= Depth.Basic && this.ownsOrTeamOwns(u, owner)) return true;
      if (dt >= Depth.Basic && owner === this.nUsers + m) return true;
      if (dd >= Depth.Local) {
        const tb = c.teams[m]!.businessUnit;
        if (bu === tb) return true;
        if (dd === Depth.Deep && c.buIn[bu]! >= c.buIn[tb]! && c.buIn[bu]! < c.buOut[tb]!) return true;
      }
    }
    return false;
  }

  private ownsOrTeamOwns(u: number, owner: number): boolean {
    if (owner === u) return true;
    const c = this.c;
    if (owner < this.nUsers) return false;
    const team = owner - this.nUsers;
    for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++) if (c.userTeams[i] === team) return true;
    return false;
  }

  private isMember(u: number, team: number): boolean {
    const c = this.c;
    for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++) if (c.userTeams[i] === team) return true;
    return false;
  }

  /** Deepest grant over every role that reaches the user, whatever its inheritance setting. */
  reach(u: number, tp: number): number {
    const c = this.c; const TP = this.TP; let d = 0;
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) { const v = c.roleDepth[c.userRoles[i]! * TP + tp]!; if (v > d) d = v; }
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) { const v = c.roleDepth[c.teamRoles[j]! * TP + tp]!; if (v > d) d = v; }
    }
    return d;
  }

  /** Deepest grant that acts for the user personally: direct roles and team roles with direct-and-team inheritance. */
  inheritDepth(u: number, tp: number): number {
    const c = this.c; const TP = this.TP; let d = 0;
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) { const v = c.roleDepth[c.userRoles[i]! * TP + tp]!; if (v > d) d = v; }
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) {
        const ri = c.teamRoles[j]!;
        if (c.roles[ri]!.inheritance === 'team-only') continue;
        const v = c.roleDepth[ri * TP + tp]!; if (v > d) d = v;
      }
    }
    return d;
  }

  private orgSharedRead(u: number): boolean {
    const c = this.c;
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) if (c.roleOrgSharedRead[c.userRoles[i]!]) return true;
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) if (c.roleOrgSharedRead[c.teamRoles[j]!]) return true;
    }
    return false;
  }

  private sharedAllows(u: number, p: number, tp: number, record: number): boolean {
    const c = this.c;
    const start = c.recordShareStart[record]!; const end = c.recordShareStart[record + 1]!;
    if (start === end) return false;
    const bit = 1 << p;
    let privileged = -1; // lazily: does some reachable role grant P on T at any depth?
    for (let i = start; i < end; i++) {
      const s = c.shares[c.recordShares[i]!]!;
      if ((s.rights & bit) === 0) continue;
      const reaches = s.target === 'organization' || (s.target === 'user' ? s.principal === u : this.isMember(u, s.principal));
      if (!reaches) continue;
      if (privileged < 0) privileged = this.reach(u, tp) > Depth.None ? 1 : 0;
      if (privileged === 1) return true;
      if (s.target === 'organization' && p === 1 && this.orgSharedRead(u)) return true;
    }
    return false;
  }

  /** The explaining path: the same decision, with every path that grants it, or why nothing does. */
  explain(q: Query): Decision {
    const r = this.resolve(q);
    return this.explainIdx(r.user, r.privilege, r.table, r.record);
  }

  explainIdx(u: number, p: number, t: number, record: number): Decision {
    return this.explainAt(u, p, t, record, -1, -1);
  }

  /**
   * The explaining form of `canRow`, and it agrees with it: role paths only, for a row owned by `owner` (user
   * index, or users.length + team index) in business unit `bu`; no record, no shares, and every privilege
   * (Create included) is scoped by depth. For benchmarks and matrix sweeps.
   */
  explainRow(u: number, tp: number, owner: number, bu: number): Decision {
    return this.explainAt(u, tp & 7, tp >>> 3, -1, owner, bu);
  }

  private explainAt(u: number, p: number, t: number, record: number, rowOwner: number, rowBu: number): Decision {
    const c = this.c; const TP = this.TP; const tp = t * 8 + p;
    const isRow = rowOwner >= 0;
    const user = c.users[u]!; const table = c.tables[t]!; const privilege = PRIVILEGES[p]!;
    const paths: GrantPath[] = [];
    const held: Held[] = [];
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) held.push({ role: c.userRoles[i]!, team: -1, depth: c.roleDepth[c.userRoles[i]! * TP + tp]! });
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) held.push({ role: c.teamRoles[j]!, team: m, depth: c.roleDepth[c.teamRoles[j]! * TP + tp]! });
    }
    // No named closures on this path: under tsx (esbuild keepNames) each one costs a __name/defineProperty per call.
    const rec = record >= 0 ? c.records[record] : undefined;
    const owner = rec ? rec.owner : rowOwner; const bu = rec ? rec.businessUnit : rowBu;
    const orgOwned = table.organizationOwned && !isRow; const create = p === 0 && !isRow; const hasRow = rec !== undefined || isRow;
    for (const h of held) {
      if (h.depth === 0) continue;
      const kind = this.pathOf(u, orgOwned, create, hasRow, owner, bu, h.role, h.team, h.depth);
      if (!kind) continue;
      const teamOnly = this.pathTeamOnly; const hb = this.pathHb;
      const rule = kind === 'organization-owned' ? R.organizationOwned : kind === 'create' ? R.create : kind === 'owner' ? R.ownership
        : kind === 'team-owner' ? (teamOnly ? R.teamOnly : R.ownership) : R.businessUnitScope;
      this.addPath(c, paths, h, kind, rule, this.sentence(kind, h.role, h.team, h.depth, p, t, bu, hb, owner, u, teamOnly), kind === 'business-unit' || kind === 'child-business-unit' ? hb : undefined);
    }
    if (rec && !orgOwned && !create) {
      const privileged = held.some((h) => h.depth > 0);
      const ocRead = p === 1 && held.some((h) => c.roleOrgSharedRead[h.role] === 1);
      for (let i = c.recordShareStart[record]!, e = c.recordShareStart[record + 1]!; i < e; i++) {
        const s = c.shares[c.recordShares[i]!]!;
        if (!this.shareApplies(s, u, p, privileged, ocRead)) continue;
        const principal = s.target === 'user' ? c.users[s.principal]!.name : s.target === 'team' ? c.teams[s.principal]!.name : undefined;
        paths.push({ kind: 'share', share: { with: s.target, ...(principal ? { principal } : {}) }, rule: ocRead && !privileged ? R.officeCollaborator : R.sharing,
          sentence: this.shareSentence(s.target, s.principal, record, p, t, privileged) });
      }
    }
    const allowed = paths.length > 0;
    let best = 0;
    for (const pa of paths) if (pa.depth && pa.kind !== 'share') { const d = DEPTH_NAMES.indexOf(pa.depth); if (d > best) best = d; }
    const viaList: string[] = [];
    for (const pa of paths) {
      const v = pa.kind === 'share' ? `share with ${pa.share!.with === 'organization' ? 'organization' : pa.share!.principal}` : pa.team ? `${pa.role} (team ${pa.team})` : pa.role!;
      if (!viaList.includes(v)) viaList.push(v);
    }
    const rules: string[] = [];
    for (const pa of paths) if (!rules.includes(pa.rule)) rules.push(pa.rule);
    let reason: string;
    if (allowed) {
      reason = paths.length > 1 ? `Allowed: ${paths[0]!.sentence}${this.wording.pieces.strings[this.wording.more(paths.length - 1)]}` : `Allowed: ${paths[0]!.sentence}`;
    } else {
      const denial = this.denial(u, p, t, held, rec ?? (isRow ? { owner: rowOwner, businessUnit: rowBu, id: '' } : undefined), isRow, rec ? record : -1);
      reason = denial.reason;
      for (const r of denial.rules) if (!rules.includes(r)) rules.push(r);
    }
    // Four literals instead of conditional spreads (same keys, same order): spreads cost a runtime call each.
    const userName = user.name; const tableName = table.name;
    if (allowed && best > 0) {
      const depth = depthName(best);
      return rec ? { allowed, user: userName, privilege, table: tableName, record: rec.id, depth, via: viaList, paths, rules, reason }
        : { allowed, user: userName, privilege, table: tableName, depth, via: viaList, paths, rules, reason };
    }
    return rec ? { allowed, user: userName, privilege, table: tableName, record: rec.id, via: viaList, paths, rules, reason }
      : { allowed, user: userName, privilege, table: tableName, via: viaList, paths, rules, reason };
  }

  /**
   * What `check` writes for a query: explainIdx's decision, depth, via and reason, computed without its paths and
   * rules objects, and as numbered pieces of text (wording.ts) rather than strings (profiled: building those objects
   * and strings was most of `check`'s time on a million queries). The returned object is reused by the next call.
   * A property test and the benchmark keep it equal to explainIdx (see briefText).
   */
  brief(u: number, p: number, t: number, record: number): Brief {
    const c = this.c; const TP = this.TP; const tp = t * 8 + p;
    const b = this.briefState;
    b.allowed = false; b.depth = -1; b.viaN = 0; b.reason.clear();
    this.bCount = 0; this.bBest = 0;
    const table = c.tables[t]!;
    const rec = record >= 0 ? c.records[record] : undefined;
    let held = 0; let ocRead = false;
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) {
      const role = c.userRoles[i]!; const d = c.roleDepth[role * TP + tp]!;
      if (d > held) held = d;
      if (c.roleOrgSharedRead[role] === 1) ocRead = true;
      if (d > 0) this.briefRole(u, p, t, table.organizationOwned, rec, role, -1, d);
    }
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) {
        const role = c.teamRoles[j]!; const d = c.roleDepth[role * TP + tp]!;
        if (d > held) held = d;
        if (c.roleOrgSharedRead[role] === 1) ocRead = true;
        if (d > 0) this.briefRole(u, p, t, table.organizationOwned, rec, role, m, d);
      }
    }
    if (rec && !table.organizationOwned && p !== 0) {
      const privileged = held > 0; ocRead = ocRead && p === 1;
      for (let i = c.recordShareStart[record]!, e = c.recordShareStart[record + 1]!; i < e; i++) {
        const s = c.shares[c.recordShares[i]!]!;
        if (!this.shareApplies(s, u, p, privileged, ocRead)) continue;
        if (this.bCount++ === 0) { b.reason.push(this.wording.allowedId); this.wording.share(b.reason, s.target, s.principal, record, p, t, privileged); }
        this.briefVia(this.wording.shareVia(s.target, s.principal));
      }
    }
    const n = this.bCount;
    if (n > 0) {
      b.allowed = true;
      if (this.bBest > 0) b.depth = this.wording.depthId(this.bBest);
      if (n > 1) b.reason.push(this.wording.more(n - 1));
    } else this.wording.denial(b.reason, u, p, t, held, rec, false, record);
    return b;
  }

  private readonly briefState: Brief;
  /** The text of the piece numbers in Briefs (it grows as new pieces are used). */
  get pieces(): readonly string[] { return this.wording.pieces.strings; }
  private bCount = 0; private bBest = 0;

  /** One role held by the user (through team m, or -1) at depth d > 0, as explainAt's role paths: counted, and the first one's sentence written. */
  private briefRole(u: number, p: number, t: number, orgOwned: boolean, rec: { owner: number; businessUnit: number } | undefined, role: number, m: number, d: number): void {
    const owner = rec ? rec.owner : -1; const bu = rec ? rec.businessUnit : -1;
    const kind = this.pathOf(u, orgOwned, p === 0, rec !== undefined, owner, bu, role, m, d);
    if (!kind) return;
    if (this.bCount++ === 0) { const w = this.briefState.reason; w.push(this.wording.allowedId); this.wording.sentence(w, kind, role, m, d, p, t, bu, this.pathHb, owner, u, this.pathTeamOnly); }
    if (d > this.bBest) this.bBest = d;
    this.briefVia(this.wording.roleVia(role, m));
  }

  /**
   * The path that a role held at depth d > 0 (through team m, or directly: -1) opens, or undefined; explainAt and
   * brief both ask here. Also leaves pathTeamOnly (a team role with "team privileges only") and pathHb (the
   * business unit depth is measured from; -1 without a row) in fields, so that nothing is allocated per role.
   */
  private pathOf(u: number, orgOwned: boolean, create: boolean, hasRow: boolean, owner: number, bu: number, role: number, m: number, d: number): PathKind | undefined {
    const c = this.c;
    this.pathTeamOnly = m >= 0 && c.roles[role]!.inheritance === 'team-only';
    this.pathHb = -1;
    if (orgOwned) return 'organization-owned';
    if (create) return this.pathTeamOnly ? undefined : 'create';
    if (!hasRow) return undefined;
    this.pathHb = m >= 0 ? c.teams[m]!.businessUnit : c.users[u]!.businessUnit;
    return this.rowPathKind(u, d, this.pathTeamOnly, m, owner, bu, this.pathHb);
  }
  private pathTeamOnly = false; private pathHb = -1;

  /** Whether share s gives privilege p to user u: it carries the right, reaches the user, and a role (or Office Collaborator's organization read) backs it. */
  private shareApplies(s: { target: 'user' | 'team' | 'organization'; principal: number; rights: number }, u: number, p: number, privileged: boolean, ocRead: boolean): boolean {
    if ((s.rights & (1 << p)) === 0) return false;
    if (!(s.target === 'organization' || (s.target === 'user' ? s.principal === u : this.isMember(u, s.principal)))) return false;
    return privileged || (s.target === 'organization' && ocRead);
  }

  private briefVia(v: number): void {
    const b = this.briefState;
    for (let i = 0; i < b.viaN; i++) if (b.via[i] === v) return;
    if (b.viaN === b.via.length) { const more = new Int32Array(b.viaN * 2); more.set(b.via); b.via = more; }
    b.via[b.viaN++] = v;
  }

  /**
   * The ignored assignments that concern user u (assigned to u, or to a team u is a member of), in their original
   * order. Indexed once on first use: scanning every ignored assignment on every denial was the hot spot of
   * `check` on a large export (profiled: ~15 µs per denial with 616 ignored assignments).
   */
  private ignoredFor(u: number): IgnoredAssignment[] {
    const c = this.c;
    let ix = this.ignoredIndex;
    if (!ix) {
      ix = { user: new Map(), team: new Map() };
      for (let i = 0; i < c.ignored.length; i++) {
        const g = c.ignored[i]!;
        if (g.principalType === 'user') {
          const k = key(g.principal); const l = ix.user.get(k); if (l) l.push(i); else ix.user.set(k, [i]);
        } else if (g.principalType === 'team') {
          const ti = c.index.team.get(key(g.principal));
          if (ti !== undefined) { const l = ix.team.get(ti); if (l) l.push(i); else ix.team.set(ti, [i]); }
        }
      }
      this.ignoredIndex = ix;
    }
    const own = ix.user.get(key(c.users[u]!.name));
    let idx: number[] | undefined = own;
    if (ix.team.size) {
      for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++) {
        const l = ix.team.get(c.userTeams[i]!);
        if (l) idx = idx === own ? [...(own ?? []), ...l] : (idx!.push(...l), idx);
      }
      if (idx !== own) idx!.sort((a, b) => a - b);
    }
    if (!idx) return NO_IGNORED;
    const out: IgnoredAssignment[] = [];
    for (const i of idx) out.push(c.ignored[i]!);
    return out;
  }

  private addPath(c: Compiled, paths: GrantPath[], h: Held, kind: PathKind, rule: string, sentence: string, bu?: number): void {
    const role = c.roles[h.role]!.name; const depth = depthName(h.depth);
    if (h.team >= 0) {
      const team = c.teams[h.team]!.name;
      paths.push(bu !== undefined ? { kind, role, team, depth, businessUnit: c.buNames[bu], rule, sentence } : { kind, role, team, depth, rule, sentence });
    } else {
      paths.push(bu !== undefined ? { kind, role, depth, businessUnit: c.buNames[bu], rule, sentence } : { kind, role, depth, rule, sentence });
    }
  }

  private denial(u: number, p: number, t: number, held: Array<{ role: number; team: number; depth: number }>, rec: RowRef | undefined, isRow: boolean, record: number): { reason: string; rules: string[] } {
    const c = this.c; const table = c.tables[t]!;
    const rules: string[] = [R.union];
    const ignored = c.ignored.length === 0 ? c.ignored : this.ignoredFor(u);
    for (const g of ignored) rules.push(g.reason === 'not-assignable' ? R.serviceRoles : g.reason === 'office-collaborator-placement' ? R.officeCollaborator : g.reason === 'access-team' ? R.accessTeams : R.globalReader);
    let best = 0;
    for (const h of held) if (h.depth > best) best = h.depth;
    const words = this.scratch; words.clear();
    this.wording.denial(words, u, p, t, best, rec, isRow, record);
    const reason = words.text(this.wording.pieces.strings);
    if (best === 0) {
      const names = this.wording.heldNamesOf(u);
      if (table.custom && names.list.includes('Basic User')) rules.push(R.basicUserNoCustom);
      if (names.envOnly) rules.push(R.envRolesNoData);
    } else if (p === 0 && !isRow) {
      rules.push(R.teamOnly);
    } else {
      rules.push(R.businessUnitScope, R.ownership);
      if (table.core && held.every((h) => h.depth === 0 || c.roles[h.role]!.name === 'System Customizer')) rules.push(R.customizerCore);
    }
    return { reason, rules };
  }

  /** Which role path, if any, a grant at `depth` held from business unit `hb` opens to a row owned by `owner` in `bu`. */
  private rowPathKind(u: number, depth: number, teamOnly: boolean, team: number, owner: number, bu: number, hb: number): PathKind | undefined {
    const c = this.c;
    if (depth === Depth.Global) return 'organization';
    if (depth >= Depth.Local && bu === hb) return 'business-unit';
    if (depth === Depth.Deep && c.buIn[bu]! >= c.buIn[hb]! && c.buIn[bu]! < c.buOut[hb]!) return 'child-business-unit';
    if (!teamOnly && this.ownsOrTeamOwns(u, owner)) return owner === u ? 'owner' : 'team-owner';
    if (teamOnly && owner === this.nUsers + team) return 'team-owner';
    return undefined;
  }

  /** A path's sentence (the wording is in wording.ts, shared with brief). */
  private sentence(kind: PathKind, role: number, team: number, depth: number, p: number, t: number, bu: number, hb: number, owner: number, u: number, teamOnly: boolean): string {
    const words = this.scratch; words.clear();
    this.wording.sentence(words, kind, role, team, depth, p, t, bu, hb, owner, u, teamOnly);
    return words.text(this.wording.pieces.strings);
  }
  private shareSentence(target: 'user' | 'team' | 'organization', principal: number, record: number, p: number, t: number, privileged: boolean): string {
    const words = this.scratch; words.clear();
    this.wording.share(words, target, principal, record, p, t, privileged);
    return words.text(this.wording.pieces.strings);
  }
  private readonly scratch = new Words();

  /** Impersonation (Delegate): allowed only when the caller holds prvActOnBehalfOfAnotherUser directly, and then the intersection. */
  canActFor(caller: string, target: string, q: Omit<Query, 'user'>): boolean {
    return this.explainActFor(caller, target, q).allowed;
  }

  explainActFor(caller: string, target: string, q: Omit<Query, 'user'>): Decision {
    const asTarget = this.explain({ ...q, user: target });
    const asCaller = this.explain({ ...q, user: caller });
    const u = this.c.index.user.get(key(caller))!;
    const direct = this.holdsMiscDirectly(u, ACT_ON_BEHALF);
    const allowed = direct && asTarget.allowed && asCaller.allowed;
    const reason = !direct
      ? `Denied: ${asCaller.user} does not hold ${ACT_ON_BEHALF} through a role assigned directly (Delegate), so cannot act for ${asTarget.user}.`
      : allowed ? `Allowed: both ${asCaller.user} and ${asTarget.user} may ${q.privilege} this row (impersonation gives the intersection of their rights).`
        : `Denied: impersonation gives the intersection of both users' rights, and ${!asCaller.allowed ? asCaller.user : asTarget.user} may not ${q.privilege} this row.`;
    return { ...asTarget, allowed, user: asCaller.user, actingFor: { user: asTarget.user, decision: asTarget }, reason,
      paths: allowed ? asTarget.paths : [], via: allowed ? asTarget.via : [], rules: [R.impersonation, R.delegate, ...(allowed ? asTarget.rules : [])],
      ...(allowed && asTarget.depth ? { depth: asTarget.depth } : { depth: undefined }) };
  }

  holdsMiscDirectly(u: number, misc: string): boolean {
    const c = this.c; const m = misc.toLowerCase();
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) for (const x of c.roles[c.userRoles[i]!]!.misc) if (x.toLowerCase() === m) return true;
    return false;
  }

  /** Roles that reach a user, with the team they come through. */
  rolesOf(userName: string): Array<{ role: string; team?: string }> {
    const c = this.c; const u = c.index.user.get(key(userName));
    if (u === undefined) throw new UnknownNameError('user', userName, c.users.map((x) => x.name));
    const out: Array<{ role: string; team?: string }> = [];
    for (let i = c.userRoleStart[u]!, e = c.userRoleStart[u + 1]!; i < e; i++) out.push({ role: c.roles[c.userRoles[i]!]!.name });
    for (let i = c.userRoleTeamStart[u]!, e = c.userRoleTeamStart[u + 1]!; i < e; i++) {
      const m = c.userRoleTeams[i]!;
      for (let j = c.teamRoleStart[m]!, f = c.teamRoleStart[m + 1]!; j < f; j++) out.push({ role: c.roles[c.teamRoles[j]!]!.name, team: c.teams[m]!.name });
    }
    return out;
  }

  /** Depth a role grants for a privilege on a table (None when it grants nothing). */
  roleDepth(roleName: string, privilege: string, tableName: string): DepthName {
    const c = this.c;
    const ri = c.index.role.get(key(roleName));
    if (ri === undefined) throw new UnknownNameError('role', roleName, c.roles.map((r) => r.name));
    const t = c.index.table.get(key(tableName));
    if (t === undefined) throw new UnknownNameError('table', tableName, c.tables.map((x) => x.name));
    const p = privilegeIndex(privilege);
    if (p < 0) throw new UnknownNameError('privilege', privilege, PRIVILEGES);
    return depthName(c.roleDepth[ri * this.TP + t * 8 + p]!);
  }
}

export { ignoredText } from './wording.ts';
