// Property-based tests of the permission model (fast-check): random environments, the invariants of the
// decision semantics, and agreement with a slow, obvious reference implementation written here straight from
// the contract (docs/export-format.md, "Decision semantics" and "Predefined roles in an export", with version 2:
// disabled users, the business unit of an assignment, hierarchy security in both models).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { briefer } from '../src/check/check.ts';
import { briefText } from '../src/check/brief.ts';
import { explain, explainActFor, explainIdx } from '../src/explain/explain.ts';
import { buildModel, SpecError, UnknownNameError, type EnvironmentSpec, type Model } from '../src/model/index.ts';

const RUNS = 200;
const PRIVS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
const SHARE_RIGHTS = PRIVS.filter((p) => p !== 'Create');
const DEPTHS = ['Basic', 'Local', 'Deep', 'Global'] as const; // 1..4
const DEPTH_LABELS = ['User', 'Business Unit', 'Parent: Child Business Units', 'Organization'] as const;

/** The tables the generated environments use, and what the reference knows about each. */
const TABLES = {
  new_a: { org: false, custom: true, core: false },
  new_b: { org: false, custom: true, core: false },
  new_org: { org: true, custom: true, core: false },
  std_org: { org: true, custom: false, core: false },
  account: { org: false, custom: false, core: true },
  email: { org: false, custom: false, core: true },
  workflow: { org: false, custom: false, core: false },
} as const;
type TableName = keyof typeof TABLES;
const TABLE_NAMES = Object.keys(TABLES) as TableName[];
const USER_OWNED = TABLE_NAMES.filter((t) => !TABLES[t].org);

const UNASSIGNABLE = ['Service Reader', 'Service Writer', 'Service Deleter', 'Service Deleted', 'Support User', 'Global Reader'];
const PREDEFINED_POOL = [
  'System Administrator', 'System Customizer', 'Basic User', 'Environment Maker', 'Delegate', 'App Opener', 'Office Collaborator',
  'Dynamics 365 Admin', 'Website Owner', 'Environment Admin', ...UNASSIGNABLE,
];
const OC_TEAM = 'Office Collaborators';
const PROBE = 'probe@x';

// ---------------------------------------------------------------------------------------------------------------
// Generator: a plan of small integers, turned into a valid EnvironmentSpec (no duplicates, no dangling names).

const arbPlan = fc.record({
  parents: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  users: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  probeBu: fc.nat(),
  /** Per user: disabled (1 in 6), a manager among the earlier users, a position. */
  people: fc.array(fc.record({ disabled: fc.nat(5), manager: fc.option(fc.nat(), { nil: undefined, freq: 6 }), position: fc.option(fc.nat(), { nil: undefined, freq: 6 }) }), { maxLength: 5 }),
  positions: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  hierarchy: fc.option(fc.record({ model: fc.constantFrom('manager', 'position'), depth: fc.integer({ min: 1, max: 3 }), excluded: fc.subarray(['new_b', 'account'] as const), sameOrParent: fc.boolean() }), { nil: undefined, freq: 2 }),
  teams: fc.array(fc.record({ bu: fc.nat(), type: fc.constantFrom('owner', 'group', 'access') }), { maxLength: 4 }),
  ocTeam: fc.option(fc.constantFrom('owner', 'group'), { nil: undefined }),
  members: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
  roles: fc.array(fc.record({
    inheritance: fc.constantFrom('direct-and-team', 'team-only', ''),
    // Read and the two custom tables are favoured so that grants, records and queries meet often.
    grants: fc.array(fc.record({
      table: fc.oneof({ arbitrary: fc.constantFrom<TableName>('new_a', 'account'), weight: 2 }, { arbitrary: fc.constantFrom(...TABLE_NAMES), weight: 1 }),
      privilege: fc.oneof({ arbitrary: fc.constantFrom<(typeof PRIVS)[number]>('Read', 'Create'), weight: 2 }, { arbitrary: fc.constantFrom(...PRIVS), weight: 1 }),
      depth: fc.constantFrom(1, 2, 3, 3, 4), label: fc.boolean(), upper: fc.boolean(),
    }), { maxLength: 12 }),
  }), { maxLength: 4 }),
  exportRows: fc.array(fc.record({ role: fc.constantFrom('Basic User', 'System Customizer', 'Office Collaborator', 'System Administrator'), table: fc.constantFrom(...TABLE_NAMES), privilege: fc.constantFrom(...PRIVS), depth: fc.integer({ min: 1, max: 4 }) }), { maxLength: 3 }),
  assignments: fc.array(fc.record({ toTeam: fc.boolean(), principal: fc.nat(), role: fc.nat(), bu: fc.option(fc.nat(), { nil: undefined, freq: 3 }) }), { maxLength: 10 }),
  records: fc.array(fc.record({ table: fc.oneof({ arbitrary: fc.constant<TableName>('new_a'), weight: 2 }, { arbitrary: fc.constantFrom(...USER_OWNED), weight: 2 }), ownerTeam: fc.boolean(), owner: fc.nat(), bu: fc.option(fc.nat(), { nil: undefined, freq: 2 }) }), { maxLength: 8 }),
  shares: fc.array(fc.record({ record: fc.nat(), target: fc.constantFrom('user', 'team', 'organization'), principal: fc.nat(), rights: fc.subarray(SHARE_RIGHTS, { minLength: 1 }) }), { maxLength: 8 }),
});
type Plan = typeof arbPlan extends fc.Arbitrary<infer T> ? T : never;

function toSpec(plan: Plan): EnvironmentSpec {
  const bus = ['BU0', ...plan.parents.map((_, i) => `BU${i + 1}`)];
  const spec: EnvironmentSpec = {
    name: 'generated', type: 'Production', dataverse: true,
    businessUnits: bus.map((name, i) => ({ name, parent: i === 0 ? null : bus[plan.parents[i - 1]! % i]! })),
    users: [...plan.users.map((b, i) => ({ name: `u${i}@x`, businessUnit: bus[b % bus.length]! })), { name: PROBE, businessUnit: bus[plan.probeBu % bus.length]! }],
    teams: plan.teams.map((t, i) => ({ name: `T${i}`, businessUnit: bus[t.bu % bus.length]!, type: t.type })),
    teamMembers: [], roles: [], rolePrivileges: [], assignments: [], records: [], shares: [],
    tables: [{ name: 'new_a', ownership: 'user' }, { name: 'new_b', ownership: 'user' }, { name: 'new_org', ownership: 'organization' }, { name: 'std_org', ownership: 'organization', custom: false }],
  };
  if (plan.ocTeam) spec.teams!.push({ name: OC_TEAM, businessUnit: 'BU0', type: plan.ocTeam });
  const positions = plan.positions.map((_, i) => `P${i}`);
  // Half of the positions sit right below the previous one, so that chains of several levels are common.
  spec.positions = positions.map((name, i) => ({ name, parent: i === 0 ? null : positions[plan.positions[i]! % 2 === 0 ? i - 1 : plan.positions[i]! % i]! }));
  // Managers are earlier users, so that the manager links form a tree; the probe (last) may be anyone's report.
  spec.users.forEach((u, i) => {
    const p = plan.people[i];
    if (!p) return;
    if (p.disabled === 0) u.enabled = false;
    if (p.manager !== undefined && i > 0) u.manager = spec.users[p.manager % i]!.name;
    if (p.position !== undefined && positions.length) u.position = positions[p.position % positions.length]!;
  });
  if (plan.hierarchy) spec.hierarchy = { model: plan.hierarchy.model, depth: plan.hierarchy.depth, excludedTables: [...plan.hierarchy.excluded], managersInSameOrParentUnit: plan.hierarchy.sameOrParent };
  const users = spec.users.filter((u) => u.name !== PROBE).map((u) => u.name);
  const teams = spec.teams!.map((t) => t.name);
  const seen = new Set<string>();
  const once = (k: string) => (seen.has(k) ? false : (seen.add(k), true));
  if (teams.length) for (const [t, u] of plan.members) if (once(`m|${t % teams.length}|${u % users.length}`)) spec.teamMembers!.push({ team: teams[t % teams.length]!, user: users[u % users.length]! });
  const custom = plan.roles.map((_, i) => `Custom ${i}`);
  plan.roles.forEach((r, i) => {
    spec.roles!.push({ name: custom[i]!, ...(r.inheritance ? { inheritance: r.inheritance } : {}) });
    for (const g of r.grants) {
      if (!once(`rp|${i}|${g.table}|${g.privilege}`)) continue;
      const d = TABLES[g.table].org ? 4 : g.depth;
      const privilege = `prv${g.privilege}${g.table}`;
      spec.rolePrivileges!.push({ role: custom[i]!, privilege: g.upper ? privilege.toUpperCase() : privilege, depth: g.label ? DEPTH_LABELS[d - 1]! : DEPTHS[d - 1]! });
    }
  });
  for (const g of plan.exportRows) {
    if (!once(`rp|${g.role}|${g.table}|${g.privilege}`)) continue;
    spec.rolePrivileges!.push({ role: g.role, privilege: `prv${g.privilege}${g.table}`, depth: DEPTHS[(TABLES[g.table].org ? 4 : g.depth) - 1]! });
  }
  const pool = [...custom, ...PREDEFINED_POOL];
  for (const a of plan.assignments) {
    const principal = a.toTeam && teams.length ? teams[a.principal % teams.length]! : users[a.principal % users.length]!;
    const role = pool[a.role % pool.length]!;
    const type = a.toTeam && teams.length ? 'team' : 'user';
    // "Service Deleted" is an alias of "Service Deleter": one assignment per principal and role.
    const canonical = role === 'Service Deleted' ? 'Service Deleter' : role;
    const bu = a.bu === undefined ? undefined : bus[a.bu % bus.length]!;
    if (once(`a|${type}|${principal}|${canonical}`)) spec.assignments!.push({ principal, principalType: type, role, ...(bu ? { businessUnit: bu } : {}) });
  }
  // The Office Collaborators team, when generated, always holds its role (and has a member) so that it matters.
  if (plan.ocTeam) {
    if (once(`a|team|${OC_TEAM}|Office Collaborator`)) spec.assignments!.push({ principal: OC_TEAM, principalType: 'team', role: 'Office Collaborator' });
    if (once(`m|${teams.indexOf(OC_TEAM)}|0`)) spec.teamMembers!.push({ team: OC_TEAM, user: users[0]! });
  }
  const owningTeams = spec.teams!.filter((t) => t.type !== 'access').map((t) => t.name);
  const everyone = [...users, PROBE];
  plan.records.forEach((r, i) => {
    const byTeam = r.ownerTeam && owningTeams.length > 0;
    spec.records!.push({
      id: `R${i}`, table: r.table, owner: byTeam ? owningTeams[r.owner % owningTeams.length]! : everyone[r.owner % everyone.length]!,
      ...(byTeam ? { ownerType: 'team' } : {}), ...(r.bu !== undefined ? { businessUnit: bus[r.bu % bus.length]! } : {}),
    });
  });
  if (spec.records!.length) {
    for (const s of plan.shares) {
      const record = `R${s.record % spec.records!.length}`;
      const target = s.target === 'team' && !teams.length ? 'organization' : s.target;
      const principal = target === 'user' ? everyone[s.principal % everyone.length]! : target === 'team' ? teams[s.principal % teams.length]! : undefined;
      if (once(`s|${record}|${target}|${principal ?? ''}`)) spec.shares!.push({ record, principalType: target, ...(principal ? { principal } : {}), rights: [...s.rights] });
    }
  }
  return spec;
}

const clone = (s: EnvironmentSpec): EnvironmentSpec => structuredClone(s);

// ---------------------------------------------------------------------------------------------------------------
// The reference implementation: names in, boolean out, no indexes, no shortcuts.

const k = (s: string) => s.trim().toLowerCase();

function parsePriv(name: string): { privilege: string; table: string } | undefined {
  const n = k(name);
  for (const p of [...PRIVS].sort((a, b) => b.length - a.length)) {
    const prefix = `prv${p.toLowerCase()}`;
    if (n.startsWith(prefix) && (n.slice(prefix.length) in TABLES)) return { privilege: p, table: n.slice(prefix.length) };
  }
  return undefined;
}
function parseDepthRef(d: string): number {
  const i = DEPTHS.findIndex((x) => k(x) === k(d)); if (i >= 0) return i + 1;
  const j = DEPTH_LABELS.findIndex((x) => k(x) === k(d)); if (j >= 0) return j + 1;
  throw new Error(`bad depth ${d}`);
}
const CANON: Record<string, string> = { 'service deleted': 'service deleter', 'dynamics 365 administrator': 'dynamics 365 admin' };
const canonRole = (r: string) => CANON[k(r)] ?? k(r);

/**
 * Contract §5 (plus the model's documented interpretations for other standard tables). App Opener and Dynamics 365
 * Admin follow the later revision of the admin guide (REV-003, REV-001): no grant by table class.
 */
function documentedDepth(role: string, privilege: string, table: TableName): number {
  const t = TABLES[table]; const crwd = ['Create', 'Read', 'Write', 'Delete'].includes(privilege);
  let d = 0;
  switch (role) {
    case 'system administrator': d = 4; break;
    case 'system customizer': d = crwd ? (t.core ? 1 : 4) : 0; break; // other standard tables: Global (interpretation)
    case 'basic user': d = crwd && !t.custom ? 1 : 0; break;
    case 'service reader': d = privilege === 'Read' ? 4 : 0; break;
    case 'service writer': d = ['Create', 'Read', 'Write'].includes(privilege) ? 4 : 0; break;
    case 'service deleter': d = privilege === 'Delete' ? 4 : 0; break;
    case 'app opener': d = table === 'workflow' && privilege === 'Read' ? 4 : 0; break; // Read of Process by name (REV-003)
    default: d = 0;
  }
  // An organization-owned table knows only None and Global: a narrower documented grant gives nothing there (v2).
  return t.org && d < 4 ? 0 : d;
}

function reference(spec: EnvironmentSpec) {
  const parent = new Map(spec.businessUnits.map((b) => [k(b.name), b.parent ? k(b.parent) : null]));
  const userBu = new Map(spec.users.map((u) => [k(u.name), k(u.businessUnit!)]));
  const enabled = new Map(spec.users.map((u) => [k(u.name), u.enabled !== false]));
  const manager = new Map(spec.users.map((u) => [k(u.name), u.manager ? k(u.manager) : null]));
  const position = new Map(spec.users.map((u) => [k(u.name), u.position ? k(u.position) : null]));
  const positionParent = new Map((spec.positions ?? []).map((p) => [k(p.name), p.parent ? k(p.parent) : null]));
  const hier = spec.hierarchy;
  const team = new Map(spec.teams!.map((t) => [k(t.name), { bu: k(t.businessUnit), type: k(t.type), name: k(t.name) }]));
  const memberOf = (u: string, t: string) => spec.teamMembers!.some((m) => k(m.user) === u && k(m.team) === t);
  const customInh = new Map(spec.roles!.map((r) => [k(r.name), k(r.inheritance || 'direct-and-team')]));
  const rows = new Map<string, Map<string, number>>();
  for (const rp of spec.rolePrivileges!) {
    const role = canonRole(rp.role); const pp = parsePriv(rp.privilege)!;
    if (!rows.has(role)) rows.set(role, new Map());
    rows.get(role)!.set(`${pp.privilege}|${pp.table}`, parseDepthRef(rp.depth));
  }
  const depthOf = (role: string, privilege: string, table: TableName): number =>
    rows.has(role) ? (rows.get(role)!.get(`${privilege}|${table}`) ?? 0) : documentedDepth(role, privilege, table);
  /** Office Collaborator by its documented definition (no export rows replace it). */
  const isOcDefinition = (role: string) => role === 'office collaborator' && !rows.has(role);
  const NOT_ASSIGNABLE = new Set(['service reader', 'service writer', 'service deleter', 'support user', 'global reader']);
  const NOT_DATA = new Set(['environment admin']);

  interface Held { role: string; holderBu: string; team?: string; teamOnly: boolean }
  function held(u: string): Held[] {
    const out: Held[] = [];
    for (const a of spec.assignments!) {
      const role = canonRole(a.role);
      if (NOT_ASSIGNABLE.has(role) || NOT_DATA.has(role)) continue;
      if (k(a.principalType) === 'user') {
        if (k(a.principal) !== u || role === 'office collaborator') continue;
        out.push({ role, holderBu: a.businessUnit ? k(a.businessUnit) : userBu.get(u)!, teamOnly: false });
      } else {
        const t = team.get(k(a.principal))!;
        if (t.type === 'access' || !memberOf(u, t.name)) continue;
        if (role === 'office collaborator' && !(t.type === 'owner' && t.name === k(OC_TEAM))) continue;
        out.push({ role, holderBu: a.businessUnit ? k(a.businessUnit) : t.bu, team: t.name, teamOnly: customInh.get(role) === 'team-only' });
      }
    }
    return out;
  }
  const atOrBelow = (b: string, top: string) => { for (let x: string | null = b; x; x = parent.get(x) ?? null) if (x === top) return true; return false; };

  /** The level at which u is a superior of v (1: direct), within the hierarchy's depth; 0 when not. */
  const superior = (u: string, v: string): number => {
    if (!hier) return 0;
    if (hier.model === 'manager') {
      let x = manager.get(v) ?? null;
      for (let level = 1; level <= (hier.depth ?? 3) && x; level++, x = manager.get(x) ?? null) if (x === u) return level;
      return 0;
    }
    const pu = position.get(u); let x = position.get(v) ? positionParent.get(position.get(v)!) ?? null : null;
    if (!pu) return 0;
    for (let level = 1; level <= (hier.depth ?? 3) && x; level++, x = positionParent.get(x) ?? null) if (x === pu) return level;
    return 0;
  };

  return function decide(user: string, privilege: string, table: TableName, recordId?: string): boolean {
    const u = k(user);
    if (!enabled.get(u)) return false;
    const H = held(u);
    const grants = H.map((h) => ({ ...h, d: depthOf(h.role, privilege, table) })).filter((h) => h.d > 0);
    if (TABLES[table].org) return grants.some((h) => h.d === 4);
    if (privilege === 'Create') return grants.some((h) => !h.teamOnly);
    const rec = spec.records!.find((r) => k(r.id) === k(recordId!))!;
    const ownerIsTeam = k(rec.ownerType ?? 'user') === 'team';
    const owner = k(rec.owner);
    const B = rec.businessUnit ? k(rec.businessUnit) : ownerIsTeam ? team.get(owner)!.bu : userBu.get(owner)!;
    for (const h of grants) {
      if (!h.teamOnly && (ownerIsTeam ? memberOf(u, owner) : owner === u)) return true;
      if (h.teamOnly && ownerIsTeam && owner === h.team) return true;
      if (h.d >= 2 && B === h.holderBu) return true;
      if (h.d >= 3 && atOrBelow(B, h.holderBu)) return true;
      if (h.d === 4) return true;
    }
    for (const s of spec.shares!) {
      if (k(s.record) !== k(rec.id) || !s.rights.some((r) => k(r) === k(privilege))) continue;
      const t = k(s.principalType);
      const reaches = t === 'organization' || (t === 'user' ? k(s.principal!) === u : memberOf(u, k(s.principal!)));
      if (!reaches) continue;
      if (grants.length > 0) return true;
      if (t === 'organization' && privilege === 'Read' && H.some((h) => isOcDefinition(h.role))) return true;
    }
    // Hierarchy security: a superior of the owning user, holding the privilege at any depth; below level 1, Read only.
    if (hier && !ownerIsTeam && grants.length > 0 && ['Read', 'Write', 'Append', 'AppendTo'].includes(privilege) && !(hier.excludedTables ?? []).includes(table)) {
      const level = superior(u, owner);
      const unitOk = hier.model !== 'manager' || hier.managersInSameOrParentUnit === false || userBu.get(u) === userBu.get(owner) || userBu.get(u) === parent.get(userBu.get(owner)!);
      if (level > 0 && (level === 1 || privilege === 'Read') && unitOk) return true;
    }
    return false;
  };
}

// ---------------------------------------------------------------------------------------------------------------

interface Q { user: string; privilege: string; table: TableName; record?: string }
function queries(spec: EnvironmentSpec): Q[] {
  const out: Q[] = [];
  for (const u of spec.users) for (const t of TABLE_NAMES) {
    if (TABLES[t].org) { for (const p of PRIVS) out.push({ user: u.name, privilege: p, table: t }); continue; }
    out.push({ user: u.name, privilege: 'Create', table: t });
    for (const r of spec.records!) if (r.table === t) for (const p of SHARE_RIGHTS) out.push({ user: u.name, privilege: p, table: t, record: r.id });
  }
  return out;
}
const qs = (q: Q) => `${q.user} ${q.privilege} ${q.table} ${q.record ?? ''}`;
const answers = (m: Model, qq: Q[]) => qq.map((q) => m.data.can(q));

describe('model properties (fast-check)', () => {
  it('the generator produces valid environments', () => {
    fc.assert(fc.property(arbPlan, (plan) => { buildModel(toSpec(plan)); }), { numRuns: RUNS });
  });

  it('can() agrees with the reference implementation and with explain(); allowed ⇔ at least one path', () => {
    fc.assert(fc.property(arbPlan, (plan) => {
      const spec = toSpec(plan); const m = buildModel(spec); const ref = reference(spec);
      for (const q of queries(spec)) {
        const can = m.data.can(q);
        const expected = ref(q.user, q.privilege, q.table, q.record);
        if (can !== expected) throw new Error(`model says ${can}, reference says ${expected}: ${qs(q)}`);
        const ex = explain(m, q);
        if (ex.allowed !== can) throw new Error(`explain disagrees with can: ${qs(q)}`);
        if (can ? ex.paths.length === 0 || ex.via.length === 0 : ex.paths.length !== 0) throw new Error(`paths do not match the decision: ${qs(q)}`);
        if (!ex.reason.startsWith(can ? 'Allowed' : 'Denied') || ex.rules.length === 0) throw new Error(`reason/rules missing: ${qs(q)}`);
      }
    }), { numRuns: RUNS });
  });

  it('brief() (what check writes) says exactly what explainIdx() says: decision, depth, via and reason', () => {
    fc.assert(fc.property(arbPlan, (plan) => {
      const spec = toSpec(plan); const m = buildModel(spec);
      for (const q of queries(spec)) {
        const r = m.data.resolve(q);
        const ex = explainIdx(m, r.user, r.privilege, r.table, r.record);
        const b = briefText(briefer(m).brief(r.user, r.privilege, r.table, r.record));
        const want = { allowed: ex.allowed, depth: ex.depth ?? '', via: ex.via.join('; '), reason: ex.reason };
        if (JSON.stringify(b) !== JSON.stringify(want)) throw new Error(`brief ${JSON.stringify(b)} but explain ${JSON.stringify(want)}: ${qs(q)}`);
      }
    }), { numRuns: RUNS });
  });

  it('the generated environments exercise allows and denies of every kind of path', () => {
    // Guards the agreement test against a generator that only ever produces denials.
    const kinds = new Set<string>(); let allowed = 0; let denied = 0; let disabledDenials = 0; let copies = 0; const levels = new Set<string>();
    fc.assert(fc.property(arbPlan, (plan) => {
      const spec = toSpec(plan); const m = buildModel(spec);
      for (const q of queries(spec)) {
        const d = explain(m, q);
        if (d.allowed) allowed++; else denied++;
        if (d.denial?.disabled && d.denial.wouldAllow.length) disabledDenials++;
        for (const p of d.paths) { kinds.add(p.kind); if (p.copy) copies++; if (p.hierarchy) levels.add(`${p.hierarchy.model} ${p.hierarchy.level > 1 ? 'deeper' : 'direct'}`); }
      }
    }), { numRuns: RUNS, seed: 42 });
    expect(allowed).toBeGreaterThan(0); expect(denied).toBeGreaterThan(0);
    expect([...kinds].sort()).toEqual(['business-unit', 'child-business-unit', 'create', 'hierarchy', 'organization', 'organization-owned', 'owner', 'share', 'team-owner']);
    // Version 2: disabled users whose roles would allow, business-unit copies, both hierarchy models at both kinds of level.
    expect(disabledDenials).toBeGreaterThan(0); expect(copies).toBeGreaterThan(0);
    expect([...levels].sort()).toEqual(['manager deeper', 'manager direct', 'position deeper', 'position direct']);
  });

  it('adding a role assignment never removes access', () => {
    fc.assert(fc.property(arbPlan, fc.boolean(), fc.nat(), fc.nat(), (plan, toTeam, pi, ri) => {
      const spec = toSpec(plan); const before = buildModel(spec);
      const more = clone(spec);
      const teams = more.teams!.map((t) => t.name); const users = more.users.map((u) => u.name);
      const pool = [...more.roles!.map((r) => r.name), ...PREDEFINED_POOL.filter((r) => r !== 'Service Deleted')];
      const type = toTeam && teams.length ? 'team' : 'user';
      const principal = type === 'team' ? teams[pi % teams.length]! : users[pi % users.length]!;
      const role = pool[ri % pool.length]!;
      fc.pre(!more.assignments!.some((a) => k(a.principal) === k(principal) && a.principalType === type && canonRole(a.role) === canonRole(role)));
      more.assignments!.push({ principal, principalType: type, role });
      const after = buildModel(more);
      const qq = queries(spec); const a0 = answers(before, qq); const a1 = answers(after, qq);
      qq.forEach((q, i) => { if (a0[i] && !a1[i]) throw new Error(`assigning ${role} to ${principal} removed ${qs(q)}`); });
    }), { numRuns: RUNS });
  });

  it('adding a team membership never removes access', () => {
    fc.assert(fc.property(arbPlan, fc.nat(), fc.nat(), (plan, ti, ui) => {
      const spec = toSpec(plan);
      fc.pre(spec.teams!.length > 0);
      const team = spec.teams![ti % spec.teams!.length]!.name; const user = spec.users[ui % spec.users.length]!.name;
      fc.pre(!spec.teamMembers!.some((m) => m.team === team && m.user === user));
      const more = clone(spec); more.teamMembers!.push({ team, user });
      const qq = queries(spec); const a0 = answers(buildModel(spec), qq); const a1 = answers(buildModel(more), qq);
      qq.forEach((q, i) => { if (a0[i] && !a1[i]) throw new Error(`adding ${user} to ${team} removed ${qs(q)}`); });
    }), { numRuns: RUNS });
  });

  it('adding a share (or a right to a share) never removes access', () => {
    fc.assert(fc.property(arbPlan, fc.nat(), fc.constantFrom('user', 'team', 'organization'), fc.nat(), fc.subarray(SHARE_RIGHTS, { minLength: 1 }), (plan, ri, target, pi, rights) => {
      const spec = toSpec(plan);
      fc.pre(spec.records!.length > 0 && (target !== 'team' || spec.teams!.length > 0));
      const record = spec.records![ri % spec.records!.length]!.id;
      const principal = target === 'user' ? spec.users[pi % spec.users.length]!.name : target === 'team' ? spec.teams![pi % spec.teams!.length]!.name : undefined;
      const more = clone(spec);
      const existing = more.shares!.find((s) => s.record === record && s.principalType === target && (s.principal ?? undefined) === principal);
      if (existing) existing.rights = [...new Set([...existing.rights, ...rights])];
      else more.shares!.push({ record, principalType: target, ...(principal ? { principal } : {}), rights });
      const qq = queries(spec); const a0 = answers(buildModel(spec), qq); const a1 = answers(buildModel(more), qq);
      qq.forEach((q, i) => { if (a0[i] && !a1[i]) throw new Error(`sharing ${record} removed ${qs(q)}`); });
    }), { numRuns: RUNS });
  });

  it('roles combine as a union: with roles A and B directly, exactly what A alone or B alone allows', () => {
    fc.assert(fc.property(arbPlan, fc.nat(), fc.nat(), (plan, ai, bi) => {
      const spec = toSpec(plan);
      const pool = [...spec.roles!.map((r) => r.name), ...PREDEFINED_POOL.filter((r) => r !== 'Service Deleted')];
      const A = pool[ai % pool.length]!; const B = pool[bi % pool.length]!;
      fc.pre(A !== B);
      const withRoles = (roles: string[]) => { const s = clone(spec); for (const role of roles) s.assignments!.push({ principal: PROBE, principalType: 'user', role }); return buildModel(s); };
      const mA = withRoles([A]); const mB = withRoles([B]); const mAB = withRoles([A, B]);
      const qq = queries(spec).filter((q) => q.user === PROBE);
      const a = answers(mA, qq); const b = answers(mB, qq); const ab = answers(mAB, qq);
      qq.forEach((q, i) => { if (ab[i] !== (a[i] || b[i])) throw new Error(`${A}+${B}: ${ab[i]}, ${A}: ${a[i]}, ${B}: ${b[i]} for ${qs(q)}`); });
    }), { numRuns: RUNS });
  });

  it('a deeper depth covers everything a shallower one does', () => {
    fc.assert(fc.property(arbPlan, fc.nat(), fc.integer({ min: 1, max: 3 }), (plan, ri, bump) => {
      const spec = toSpec(plan);
      const candidates = spec.rolePrivileges!.map((rp, i) => ({ rp, i })).filter(({ rp }) => { const pp = parsePriv(rp.privilege)!; return !TABLES[pp.table as TableName].org && parseDepthRef(rp.depth) < 4; });
      fc.pre(candidates.length > 0);
      const { i } = candidates[ri % candidates.length]!;
      const deeper = clone(spec); const row = deeper.rolePrivileges![i]!;
      row.depth = DEPTHS[Math.min(4, parseDepthRef(row.depth) + bump) - 1]!;
      const qq = queries(spec); const a0 = answers(buildModel(spec), qq); const a1 = answers(buildModel(deeper), qq);
      qq.forEach((q, j) => { if (a0[j] && !a1[j]) throw new Error(`deepening ${row.role} ${row.privilege} to ${row.depth} removed ${qs(q)}`); });
    }), { numRuns: RUNS });
  });

  it('a role that cannot be assigned (or Office Collaborator placed elsewhere) grants nothing: every answer unchanged', () => {
    fc.assert(fc.property(arbPlan, fc.constantFrom(...UNASSIGNABLE, 'Office Collaborator'), fc.boolean(), fc.nat(), (plan, role, toTeam, pi) => {
      const spec = toSpec(plan);
      const teams = spec.teams!.map((t) => t.name).filter((t) => t !== OC_TEAM);
      const type = toTeam && teams.length ? 'team' : 'user';
      const principal = type === 'team' ? teams[pi % teams.length]! : spec.users[pi % spec.users.length]!.name;
      fc.pre(!spec.assignments!.some((a) => a.principal === principal && a.principalType === type && canonRole(a.role) === canonRole(role)));
      const more = clone(spec); more.assignments!.push({ principal, principalType: type, role });
      const after = buildModel(more);
      expect(after.compiled.ignored.length).toBe(buildModel(spec).compiled.ignored.length + 1);
      const qq = queries(spec); const a0 = answers(buildModel(spec), qq); const a1 = answers(after, qq);
      qq.forEach((q, i) => { if (a0[i] !== a1[i]) throw new Error(`${role} on ${principal} changed ${qs(q)}`); });
    }), { numRuns: RUNS });
  });

  it('impersonation: allowed iff the caller holds the Delegate privilege through a direct role, and both may', () => {
    const ACTS = new Set(['delegate', 'system administrator']);
    fc.assert(fc.property(arbPlan, fc.nat(), fc.nat(), (plan, ci, ti) => {
      const spec = toSpec(plan); const m = buildModel(spec);
      const caller = spec.users[ci % spec.users.length]!.name; const target = spec.users[ti % spec.users.length]!.name;
      // Export rows replace a predefined role's misc privileges too; the generator never lists misc rows.
      const redefined = new Set(spec.rolePrivileges!.map((rp) => canonRole(rp.role)));
      const direct = spec.assignments!.some((a) => a.principalType === 'user' && a.principal === caller && ACTS.has(canonRole(a.role)) && !redefined.has(canonRole(a.role)));
      for (const q of queries(spec).filter((x) => x.user === caller)) {
        const { user: _u, ...rest } = q;
        const d = explainActFor(m, caller, target, rest);
        const expected = direct && m.data.can(q) && m.data.can({ ...q, user: target });
        if (d.allowed !== expected) throw new Error(`${caller} acting for ${target}: ${d.allowed}, expected ${expected} for ${qs(q)}`);
        if (d.allowed !== (d.paths.length > 0)) throw new Error(`paths do not match the decision: ${qs(q)}`);
      }
    }), { numRuns: RUNS });
  });

  it('unknown names raise errors, never an answer', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(fc.property(arbPlan, name, (plan, junk) => {
      const spec = toSpec(plan); const m = buildModel(spec);
      const rec = spec.records![0];
      const known = (list: string[]) => list.some((x) => k(x) === k(junk)) || !k(junk);
      const expectUnknown = (f: () => unknown, kind: string) => {
        try { f(); } catch (e) { if (e instanceof UnknownNameError && e.kind === kind) return; throw e; }
        throw new Error(`no UnknownNameError (${kind}) for "${junk}"`);
      };
      if (!known(spec.users.map((u) => u.name))) expectUnknown(() => m.data.can({ user: junk, privilege: 'Read', table: 'new_org' }), 'user');
      if (!known([...PRIVS])) expectUnknown(() => m.data.can({ user: PROBE, privilege: junk, table: 'new_org' }), 'privilege');
      if (!known(m.compiled.tables.map((t) => t.name))) expectUnknown(() => m.data.can({ user: PROBE, privilege: 'Read', table: junk }), 'table');
      if (rec && !known(spec.records!.map((r) => r.id))) expectUnknown(() => m.data.can({ user: PROBE, privilege: 'Read', table: rec.table, record: junk }), 'record');
      // In the spec: an assignment of an unknown role is an input error naming the role.
      if (!known([...m.compiled.index.role.keys()])) {
        const bad = clone(spec); bad.assignments!.push({ principal: PROBE, principalType: 'user', role: junk });
        try { buildModel(bad); throw new Error('no SpecError'); } catch (e) {
          if (!(e instanceof SpecError)) throw e;
          expect(e.problems).toEqual([expect.objectContaining({ code: 'unknown-role', value: junk })]);
        }
      }
    }), { numRuns: RUNS });
  });
});
