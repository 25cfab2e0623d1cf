// Record-level decisions (`model.data`): questions by name or by index, answered by the one evaluator
// (evaluate.ts). `can*` asks for a boolean (the walk stops at the first path), `decide*` for every path as a
// structured Decision. A disabled user is denied everything (contract version 2); the decision then says what the
// roles would allow if the user were enabled again.
import { R } from '../catalog/model-rules.ts';
import { ACT_ON_BEHALF } from '../catalog/roles.ts';
import { depthName, key, PRIVILEGES } from '../vocabulary/index.ts';
import type { Compiled, IgnoredAssignment } from './compiled.ts';
import { bestDepth, PathCollector, type Decision, type Denial, type GrantPath } from './decision.ts';

export { PathCollector };
import { UnknownNameError } from './errors.ts';
import { Evaluator } from './evaluate.ts';
import { QueryError, validateQuery, type QueryProblem, type ResolvedQuery } from './query.ts';

export interface Query {
  user: string;
  privilege: string;
  table: string;
  record?: string;
}

const NO_IGNORED: IgnoredAssignment[] = [];

function addOnce(list: string[], x: string): void {
  if (!list.includes(x)) list.push(x);
}

export class DataverseDecisions {
  readonly c: Compiled;
  readonly evaluator: Evaluator;
  private readonly collector: PathCollector;
  private ignoredIndex: { user: Map<number, number[]>; team: Map<number, number[]> } | undefined;

  constructor(compiled: Compiled) {
    this.c = compiled;
    this.evaluator = new Evaluator(compiled);
    this.collector = new PathCollector(compiled);
  }

  /** The indices of a question; unknown names raise UnknownNameError (with suggestions), other problems QueryError. */
  resolve(q: Query): ResolvedQuery {
    const problems: QueryProblem[] = [];
    const r = validateQuery(this.c, q, problems);
    if (r) return r;
    const first = problems[0]!;
    if (first.code.startsWith('unknown-') || (first.code.startsWith('missing-') && first.field !== 'record')) {
      const known =
        first.field === 'user'
          ? this.c.users.map((x) => x.name)
          : first.field === 'privilege'
            ? PRIVILEGES
            : first.field === 'table'
              ? this.c.tables.map((x) => x.name)
              : this.c.records.map((x) => x.id);
      throw new UnknownNameError(first.field, first.value, known);
    }
    throw new QueryError(problems);
  }

  can(q: Query): boolean {
    const r = this.resolve(q);
    return this.canIdx(r.user, r.privilege, r.table, r.record);
  }

  /** The fast path. `record` is -1 for Create and for organization-owned tables. */
  canIdx(u: number, p: number, t: number, record: number): boolean {
    const c = this.c;
    if (this.evaluator.enabled[u] === 0) return false;
    if (record < 0) return this.evaluator.walk(u, p, t, -1, -1, -1, null);
    const rec = c.records[record]!;
    return this.evaluator.walk(u, p, t, record, rec.owner, rec.businessUnit, null);
  }

  /**
   * Role paths only, for a row owned by `owner` (a user index, or users.length + a team index) in business unit
   * `bu`; every privilege (Create included) scoped by depth; tp = table * 8 + privilege. For matrix sweeps and
   * benchmarks that need no record rows.
   */
  canRow(u: number, tp: number, owner: number, bu: number): boolean {
    return this.evaluator.enabled[u] === 1 && this.evaluator.walk(u, tp & 7, tp >>> 3, -1, owner, bu, null);
  }

  decide(q: Query): Decision {
    const r = this.resolve(q);
    return this.decideIdx(r.user, r.privilege, r.table, r.record);
  }

  decideIdx(u: number, p: number, t: number, record: number): Decision {
    const rec = record >= 0 ? this.c.records[record] : undefined;
    return this.decideAt(u, p, t, record, rec ? rec.owner : -1, rec ? rec.businessUnit : -1);
  }

  /** The deciding form of canRow, and it agrees with it. */
  decideRow(u: number, tp: number, owner: number, bu: number): Decision {
    return this.decideAt(u, tp & 7, tp >>> 3, -1, owner, bu);
  }

  private decideAt(u: number, p: number, t: number, record: number, owner: number, bu: number): Decision {
    return this.decideWith(this.collector, u, p, t, record, owner, bu);
  }

  /**
   * One walk with `col` (a PathCollector, or a subclass that also words each path: src/explain/), assembled into a
   * Decision. The decide* methods use the model's own collector.
   */
  decideWith(col: PathCollector, u: number, p: number, t: number, record: number, owner: number, bu: number): Decision {
    const c = this.c;
    const user = c.users[u]!;
    col.reset(u, owner >= 0 && owner < c.users.length ? c.users[owner]!.name : '');
    this.evaluator.walk(u, p, t, record, owner, bu, col);
    const paths = col.paths;
    // One literal with every key (absent ones undefined): objects of one shape stay fast (profiled).
    const n = c.users.length;
    const base: Decision = {
      allowed: false,
      user: user.name,
      privilege: PRIVILEGES[p]!,
      table: c.tables[t]!.name,
      record: record >= 0 ? c.records[record]!.id : undefined,
      row:
        owner >= 0
          ? {
              owner: owner < n ? c.users[owner]!.name : c.teams[owner - n]!.name,
              ownerType: owner < n ? 'user' : 'team',
              businessUnit: c.buNames[bu]!,
            }
          : undefined,
      depth: undefined,
      paths: [],
      rules: [],
      denial: undefined,
      actingFor: undefined,
    };
    if (paths.length > 0 && user.enabled) {
      base.allowed = true;
      base.paths = paths;
      const best = bestDepth(paths);
      if (best > 0) base.depth = depthName(best);
      for (const pa of paths) {
        addOnce(base.rules, pa.rule);
        if (pa.copy) addOnce(base.rules, R.roleCopies);
      }
      return base;
    }
    const ignored = this.ignoredFor(u);
    const denial: Denial = {
      disabled: !user.enabled,
      wouldAllow: user.enabled ? [] : paths,
      best: depthName(this.evaluator.held),
      ignored,
    };
    base.denial = denial;
    base.rules = this.denialRules(u, p, t, owner, denial);
    return base;
  }

  /** The rules behind a denial: what the user holds, and what would have been needed. No closures: a hot path under tsx (keepNames). */
  private denialRules(u: number, p: number, t: number, owner: number, denial: Denial): string[] {
    const c = this.c;
    const table = c.tables[t]!;
    const rules: string[] = [];
    if (denial.disabled) rules.push(R.disabledUsers);
    rules.push(R.union);
    for (const g of denial.ignored)
      addOnce(
        rules,
        g.reason === 'not-assignable'
          ? g.role === 'Service Deleter'
            ? R.serviceRoles
            : R.unassignableRoles
          : g.reason === 'office-collaborator-placement'
            ? R.officeCollaborator
            : g.reason === 'access-team'
              ? R.accessTeams
              : R.globalReader,
      );
    if (denial.disabled && denial.wouldAllow.length) {
      for (const pa of denial.wouldAllow) addOnce(rules, pa.rule);
      return rules;
    }
    if (denial.best === 'None') {
      const held = this.heldRoleNames(u);
      if (table.custom && held.includes('Basic User')) addOnce(rules, R.basicUserNoCustom);
      let envOnly = true;
      for (const n of held)
        if (n !== 'Environment Maker' && n !== 'Environment Admin' && n !== 'Delegate') {
          envOnly = false;
          break;
        }
      if (envOnly) addOnce(rules, R.envRolesNoData);
    } else if (p === 0 && owner < 0) {
      addOnce(rules, R.teamOnly);
    } else {
      addOnce(rules, R.businessUnitScope);
      addOnce(rules, R.ownership);
      if (table.core && this.onlyCustomizerGrants(u, p, t)) addOnce(rules, R.customizerCore);
    }
    return rules;
  }

  /** Whether every role of u that grants p on t is System Customizer. */
  private onlyCustomizerGrants(u: number, p: number, t: number): boolean {
    const c = this.c;
    const at = t * 8 + p;
    const TP = c.tables.length * 8;
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
      if (c.roleDepth[c.holdRole[h]! * TP + at] !== 0 && c.roles[c.holdRole[h]!]!.name !== 'System Customizer') return false;
    }
    return true;
  }

  /** Names of the roles that reach u, each once, in holding order (they do not depend on the question: made once per user). */
  heldRoleNames(u: number): readonly string[] {
    let out = this.heldNames[u];
    if (!out) {
      const c = this.c;
      out = [];
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
        const n = c.roles[c.holdRole[h]!]!.name;
        if (!out.includes(n)) out.push(n);
      }
      this.heldNames[u] = out;
    }
    return out;
  }
  private readonly heldNames: string[][] = [];

  /**
   * The ignored assignments that concern user u (assigned to u, or to a team u is a member of), in their original
   * order. Indexed once on first use (scanning them on every denial was a hot spot of `check`; profiled).
   */
  ignoredFor(u: number): IgnoredAssignment[] {
    const c = this.c;
    if (c.ignored.length === 0) return NO_IGNORED;
    let ix = this.ignoredIndex;
    if (!ix) {
      ix = { user: new Map(), team: new Map() };
      for (let i = 0; i < c.ignored.length; i++) {
        const g = c.ignored[i]!;
        const target = g.principalType === 'user' ? ix.user : ix.team;
        const pi = (g.principalType === 'user' ? c.index.user : c.index.team).get(key(g.principal));
        if (pi === undefined) continue;
        const l = target.get(pi);
        if (l) l.push(i);
        else target.set(pi, [i]);
      }
      this.ignoredIndex = ix;
    }
    let out = this.ignoredOf[u];
    if (!out) {
      const idx = [...(ix.user.get(u) ?? [])];
      for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++) idx.push(...(ix.team.get(c.userTeams[i]!) ?? []));
      idx.sort((a, b) => a - b);
      out = this.ignoredOf[u] = idx.length ? idx.map((i) => c.ignored[i]!) : NO_IGNORED;
    }
    return out;
  }
  private readonly ignoredOf: IgnoredAssignment[][] = [];

  /** Impersonation (Delegate): allowed only when the caller holds prvActOnBehalfOfAnotherUser directly, and then the intersection. */
  canActFor(caller: string, target: string, q: Omit<Query, 'user'>): boolean {
    return this.decideActFor(caller, target, q).allowed;
  }

  decideActFor(caller: string, target: string, q: Omit<Query, 'user'>): Decision {
    const asTarget = this.decide({ ...q, user: target });
    const asCaller = this.decide({ ...q, user: caller });
    const u = this.c.index.user.get(key(caller))!;
    const direct = this.c.users[u]!.enabled && this.holdsMiscDirectly(u, ACT_ON_BEHALF);
    const allowed = direct && asTarget.allowed && asCaller.allowed;
    const out: Decision = {
      ...asTarget,
      allowed,
      user: asCaller.user,
      actingFor: { user: asTarget.user, decision: asTarget, directPrivilege: direct, callerAllowed: asCaller.allowed },
      paths: allowed ? asTarget.paths : [],
      rules: [R.impersonation, R.delegate, ...(allowed ? asTarget.rules : [])],
    };
    delete out.depth;
    if (allowed && asTarget.depth) out.depth = asTarget.depth;
    if (!allowed) out.denial = asCaller.denial ?? asTarget.denial ?? { disabled: false, wouldAllow: [], best: 'None', ignored: [] };
    else delete out.denial;
    return out;
  }

  holdsMiscDirectly(u: number, misc: string): boolean {
    const c = this.c;
    const m = misc.toLowerCase();
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
      if (c.holdTeam[h] !== -1) continue;
      for (const x of c.roles[c.holdRole[h]!]!.misc) if (x.toLowerCase() === m) return true;
    }
    return false;
  }
}

export type { GrantPath };
