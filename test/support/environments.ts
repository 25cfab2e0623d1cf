// Random environments of contract version 2 (fast-check) and a slow, obvious reference implementation of the
// decision semantics written straight from the contract (docs/export-format.md, "Decision semantics", "Predefined
// roles in an export", version 2: disabled users, the business unit of an assignment, hierarchy security in both
// models). Shared by the model's property tests and the end-to-end test of `rolecheck check` on CSV exports.
import fc from 'fast-check';
import type { EnvironmentSpec, Model } from '../../src/model/index.ts';

export const PRIVS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
export const SHARE_RIGHTS = PRIVS.filter((p) => p !== 'Create');
export const DEPTHS = ['Basic', 'Local', 'Deep', 'Global'] as const; // 1..4
export const DEPTH_LABELS = ['User', 'Business Unit', 'Parent: Child Business Units', 'Organization'] as const;

/** The tables the generated environments use, and what the reference knows about each. */
export const TABLES = {
  new_a: { org: false, custom: true, core: false },
  new_b: { org: false, custom: true, core: false },
  new_org: { org: true, custom: true, core: false },
  std_org: { org: true, custom: false, core: false },
  account: { org: false, custom: false, core: true },
  email: { org: false, custom: false, core: true },
  workflow: { org: false, custom: false, core: false },
} as const;
export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export const USER_OWNED = TABLE_NAMES.filter((t) => !TABLES[t].org);

export const UNASSIGNABLE = ['Service Reader', 'Service Writer', 'Service Deleter', 'Service Deleted', 'Support User', 'Global Reader'];
export const PREDEFINED_POOL = [
  'System Administrator',
  'System Customizer',
  'Basic User',
  'Environment Maker',
  'Delegate',
  'App Opener',
  'Office Collaborator',
  'Dynamics 365 Admin',
  'Website Owner',
  'Environment Admin',
  ...UNASSIGNABLE,
];
export const OC_TEAM = 'Office Collaborators';
export const PROBE = 'probe@x';

// ---------------------------------------------------------------------------------------------------------------
// Generator: a plan of small integers, turned into a valid EnvironmentSpec (no duplicates, no dangling names).

export const arbPlan = fc.record({
  parents: fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
  users: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  probeBu: fc.nat(),
  /** Per user: disabled (1 in 6), a manager among the earlier users, a position. */
  people: fc.array(
    fc.record({
      disabled: fc.nat(5),
      manager: fc.option(fc.nat(), { nil: undefined, freq: 6 }),
      position: fc.option(fc.nat(), { nil: undefined, freq: 6 }),
    }),
    { maxLength: 5 },
  ),
  positions: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  hierarchy: fc.option(
    fc.record({
      model: fc.constantFrom('manager', 'position'),
      depth: fc.integer({ min: 1, max: 3 }),
      excluded: fc.subarray(['new_b', 'account'] as const),
      sameOrParent: fc.boolean(),
    }),
    { nil: undefined, freq: 2 },
  ),
  teams: fc.array(fc.record({ bu: fc.nat(), type: fc.constantFrom('owner', 'group', 'access') }), { maxLength: 4 }),
  ocTeam: fc.option(fc.constantFrom('owner', 'group'), { nil: undefined }),
  members: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 12 }),
  roles: fc.array(
    fc.record({
      inheritance: fc.constantFrom('direct-and-team', 'team-only', ''),
      // Read and the two custom tables are favoured so that grants, records and queries meet often.
      grants: fc.array(
        fc.record({
          table: fc.oneof(
            { arbitrary: fc.constantFrom<TableName>('new_a', 'account'), weight: 2 },
            { arbitrary: fc.constantFrom(...TABLE_NAMES), weight: 1 },
          ),
          privilege: fc.oneof(
            { arbitrary: fc.constantFrom<(typeof PRIVS)[number]>('Read', 'Create'), weight: 2 },
            { arbitrary: fc.constantFrom(...PRIVS), weight: 1 },
          ),
          depth: fc.constantFrom(1, 2, 3, 3, 4),
          label: fc.boolean(),
          upper: fc.boolean(),
        }),
        { maxLength: 12 },
      ),
    }),
    { maxLength: 4 },
  ),
  exportRows: fc.array(
    fc.record({
      role: fc.constantFrom('Basic User', 'System Customizer', 'Office Collaborator', 'System Administrator'),
      table: fc.constantFrom(...TABLE_NAMES),
      privilege: fc.constantFrom(...PRIVS),
      depth: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 3 },
  ),
  assignments: fc.array(
    fc.record({ toTeam: fc.boolean(), principal: fc.nat(), role: fc.nat(), bu: fc.option(fc.nat(), { nil: undefined, freq: 3 }) }),
    { maxLength: 10 },
  ),
  records: fc.array(
    fc.record({
      table: fc.oneof({ arbitrary: fc.constant<TableName>('new_a'), weight: 2 }, { arbitrary: fc.constantFrom(...USER_OWNED), weight: 2 }),
      ownerTeam: fc.boolean(),
      owner: fc.nat(),
      bu: fc.option(fc.nat(), { nil: undefined, freq: 2 }),
    }),
    { maxLength: 8 },
  ),
  shares: fc.array(
    fc.record({
      record: fc.nat(),
      target: fc.constantFrom('user', 'team', 'organization'),
      principal: fc.nat(),
      rights: fc.subarray(SHARE_RIGHTS, { minLength: 1 }),
    }),
    { maxLength: 8 },
  ),
});
export type Plan = typeof arbPlan extends fc.Arbitrary<infer T> ? T : never;

export function toSpec(plan: Plan): EnvironmentSpec {
  const bus = ['BU0', ...plan.parents.map((_, i) => `BU${i + 1}`)];
  const spec: EnvironmentSpec = {
    name: 'generated',
    type: 'Production',
    dataverse: true,
    businessUnits: bus.map((name, i) => ({ name, parent: i === 0 ? null : bus[plan.parents[i - 1]! % i]! })),
    users: [
      ...plan.users.map((b, i) => ({ name: `u${i}@x`, businessUnit: bus[b % bus.length]! })),
      { name: PROBE, businessUnit: bus[plan.probeBu % bus.length]! },
    ],
    teams: plan.teams.map((t, i) => ({ name: `T${i}`, businessUnit: bus[t.bu % bus.length]!, type: t.type })),
    teamMembers: [],
    roles: [],
    rolePrivileges: [],
    assignments: [],
    records: [],
    shares: [],
    tables: [
      { name: 'new_a', ownership: 'user' },
      { name: 'new_b', ownership: 'user' },
      { name: 'new_org', ownership: 'organization' },
      { name: 'std_org', ownership: 'organization', custom: false },
    ],
  };
  if (plan.ocTeam) spec.teams!.push({ name: OC_TEAM, businessUnit: 'BU0', type: plan.ocTeam });
  const positions = plan.positions.map((_, i) => `P${i}`);
  // Half of the positions sit right below the previous one, so that chains of several levels are common.
  spec.positions = positions.map((name, i) => ({
    name,
    parent: i === 0 ? null : positions[plan.positions[i]! % 2 === 0 ? i - 1 : plan.positions[i]! % i]!,
  }));
  // Managers are earlier users, so that the manager links form a tree; the probe (last) may be anyone's report.
  spec.users.forEach((u, i) => {
    const p = plan.people[i];
    if (!p) return;
    if (p.disabled === 0) u.enabled = false;
    if (p.manager !== undefined && i > 0) u.manager = spec.users[p.manager % i]!.name;
    if (p.position !== undefined && positions.length) u.position = positions[p.position % positions.length]!;
  });
  if (plan.hierarchy) {
    spec.hierarchy = {
      model: plan.hierarchy.model,
      depth: plan.hierarchy.depth,
      excludedTables: [...plan.hierarchy.excluded],
      managersInSameOrParentUnit: plan.hierarchy.sameOrParent,
    };
    // Superiors that hold Read and Write at user level, so that questions reach the hierarchy at every level (a
    // deeper level's Write must be denied) rather than only when random roles happen to line up.
    spec.roles!.push({ name: 'Superior' });
    spec.rolePrivileges!.push(
      { role: 'Superior', privilege: 'prvReadnew_a', depth: 'Basic' },
      { role: 'Superior', privilege: 'prvWritenew_a', depth: 'Basic' },
    );
    const superiors = new Set(spec.users.flatMap((u) => (u.manager ? [u.manager] : [])));
    for (const u of spec.users)
      if (superiors.has(u.name) || u.position === 'P0')
        spec.assignments!.push({ principal: u.name, principalType: 'user', role: 'Superior' });
  }
  const users = spec.users.filter((u) => u.name !== PROBE).map((u) => u.name);
  const teams = spec.teams!.map((t) => t.name);
  const seen = new Set<string>();
  const once = (k: string) => (seen.has(k) ? false : (seen.add(k), true));
  if (teams.length)
    for (const [t, u] of plan.members)
      if (once(`m|${t % teams.length}|${u % users.length}`))
        spec.teamMembers!.push({ team: teams[t % teams.length]!, user: users[u % users.length]! });
  const custom = plan.roles.map((_, i) => `Custom ${i}`);
  plan.roles.forEach((r, i) => {
    spec.roles!.push({ name: custom[i]!, ...(r.inheritance ? { inheritance: r.inheritance } : {}) });
    for (const g of r.grants) {
      if (!once(`rp|${i}|${g.table}|${g.privilege}`)) continue;
      const d = TABLES[g.table].org ? 4 : g.depth;
      const privilege = `prv${g.privilege}${g.table}`;
      spec.rolePrivileges!.push({
        role: custom[i]!,
        privilege: g.upper ? privilege.toUpperCase() : privilege,
        depth: g.label ? DEPTH_LABELS[d - 1]! : DEPTHS[d - 1]!,
      });
    }
  });
  for (const g of plan.exportRows) {
    if (!once(`rp|${g.role}|${g.table}|${g.privilege}`)) continue;
    spec.rolePrivileges!.push({
      role: g.role,
      privilege: `prv${g.privilege}${g.table}`,
      depth: DEPTHS[(TABLES[g.table].org ? 4 : g.depth) - 1]!,
    });
  }
  const pool = [...custom, ...PREDEFINED_POOL];
  for (const a of plan.assignments) {
    const principal = a.toTeam && teams.length ? teams[a.principal % teams.length]! : users[a.principal % users.length]!;
    const role = pool[a.role % pool.length]!;
    const type = a.toTeam && teams.length ? 'team' : 'user';
    // "Service Deleted" is an alias of "Service Deleter": one assignment per principal and role.
    const canonical = role === 'Service Deleted' ? 'Service Deleter' : role;
    const bu = a.bu === undefined ? undefined : bus[a.bu % bus.length]!;
    if (once(`a|${type}|${principal}|${canonical}`))
      spec.assignments!.push({ principal, principalType: type, role, ...(bu ? { businessUnit: bu } : {}) });
  }
  // The Office Collaborators team, when generated, always holds its role (and has a member) so that it matters.
  if (plan.ocTeam) {
    if (once(`a|team|${OC_TEAM}|Office Collaborator`))
      spec.assignments!.push({ principal: OC_TEAM, principalType: 'team', role: 'Office Collaborator' });
    if (once(`m|${teams.indexOf(OC_TEAM)}|0`)) spec.teamMembers!.push({ team: OC_TEAM, user: users[0]! });
  }
  const owningTeams = spec.teams!.filter((t) => t.type !== 'access').map((t) => t.name);
  const everyone = [...users, PROBE];
  plan.records.forEach((r, i) => {
    const byTeam = r.ownerTeam && owningTeams.length > 0;
    spec.records!.push({
      id: `R${i}`,
      table: r.table,
      owner: byTeam ? owningTeams[r.owner % owningTeams.length]! : everyone[r.owner % everyone.length]!,
      ...(byTeam ? { ownerType: 'team' } : {}),
      ...(r.bu !== undefined ? { businessUnit: bus[r.bu % bus.length]! } : {}),
    });
  });
  if (spec.records!.length) {
    for (const s of plan.shares) {
      const record = `R${s.record % spec.records!.length}`;
      const target = s.target === 'team' && !teams.length ? 'organization' : s.target;
      const principal =
        target === 'user' ? everyone[s.principal % everyone.length]! : target === 'team' ? teams[s.principal % teams.length]! : undefined;
      if (once(`s|${record}|${target}|${principal ?? ''}`))
        spec.shares!.push({ record, principalType: target, ...(principal ? { principal } : {}), rights: [...s.rights] });
    }
  }
  return spec;
}

export const clone = (s: EnvironmentSpec): EnvironmentSpec => structuredClone(s);

// ---------------------------------------------------------------------------------------------------------------
// The reference implementation: names in, boolean out, no indexes, no shortcuts.

export const k = (s: string) => s.trim().toLowerCase();

export function parsePriv(name: string): { privilege: string; table: string } | undefined {
  const n = k(name);
  for (const p of [...PRIVS].sort((a, b) => b.length - a.length)) {
    const prefix = `prv${p.toLowerCase()}`;
    if (n.startsWith(prefix) && n.slice(prefix.length) in TABLES) return { privilege: p, table: n.slice(prefix.length) };
  }
  return undefined;
}
export function parseDepthRef(d: string): number {
  const i = DEPTHS.findIndex((x) => k(x) === k(d));
  if (i >= 0) return i + 1;
  const j = DEPTH_LABELS.findIndex((x) => k(x) === k(d));
  if (j >= 0) return j + 1;
  throw new Error(`bad depth ${d}`);
}
export const CANON: Record<string, string> = { 'service deleted': 'service deleter', 'dynamics 365 administrator': 'dynamics 365 admin' };
export const canonRole = (r: string) => CANON[k(r)] ?? k(r);

/**
 * Contract §5 (plus the model's documented interpretations for other standard tables). App Opener and Dynamics 365
 * Admin follow the later revision of the admin guide (REV-003, REV-001): no grant by table class.
 */
export function documentedDepth(role: string, privilege: string, table: TableName): number {
  const t = TABLES[table];
  const crwd = ['Create', 'Read', 'Write', 'Delete'].includes(privilege);
  let d = 0;
  switch (role) {
    case 'system administrator':
      d = 4;
      break;
    case 'system customizer':
      d = crwd ? (t.core ? 1 : 4) : 0;
      break; // other standard tables: Global (interpretation)
    case 'basic user':
      d = crwd && !t.custom ? 1 : 0;
      break;
    case 'service reader':
      d = privilege === 'Read' ? 4 : 0;
      break;
    case 'service writer':
      d = ['Create', 'Read', 'Write'].includes(privilege) ? 4 : 0;
      break;
    case 'service deleter':
      d = privilege === 'Delete' ? 4 : 0;
      break;
    case 'app opener':
      d = table === 'workflow' && privilege === 'Read' ? 4 : 0;
      break; // Read of Process by name (REV-003)
    default:
      d = 0;
  }
  // An organization-owned table knows only None and Global: a narrower documented grant gives nothing there (v2).
  return t.org && d < 4 ? 0 : d;
}

export function reference(spec: EnvironmentSpec) {
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
    const role = canonRole(rp.role);
    const pp = parsePriv(rp.privilege)!;
    if (!rows.has(role)) rows.set(role, new Map());
    rows.get(role)!.set(`${pp.privilege}|${pp.table}`, parseDepthRef(rp.depth));
  }
  const depthOf = (role: string, privilege: string, table: TableName): number =>
    rows.has(role) ? (rows.get(role)!.get(`${privilege}|${table}`) ?? 0) : documentedDepth(role, privilege, table);
  /** Office Collaborator by its documented definition (no export rows replace it). */
  const isOcDefinition = (role: string) => role === 'office collaborator' && !rows.has(role);
  const NOT_ASSIGNABLE = new Set(['service reader', 'service writer', 'service deleter', 'support user', 'global reader']);
  const NOT_DATA = new Set(['environment admin']);

  interface Held {
    role: string;
    holderBu: string;
    team?: string;
    teamOnly: boolean;
  }
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
        out.push({
          role,
          holderBu: a.businessUnit ? k(a.businessUnit) : t.bu,
          team: t.name,
          teamOnly: customInh.get(role) === 'team-only',
        });
      }
    }
    return out;
  }
  const atOrBelow = (b: string, top: string) => {
    for (let x: string | null = b; x; x = parent.get(x) ?? null) if (x === top) return true;
    return false;
  };

  /** The level at which u is a superior of v (1: direct), within the hierarchy's depth; 0 when not. */
  const superior = (u: string, v: string): number => {
    if (!hier) return 0;
    if (hier.model === 'manager') {
      let x = manager.get(v) ?? null;
      for (let level = 1; level <= (hier.depth ?? 3) && x; level++, x = manager.get(x) ?? null) if (x === u) return level;
      return 0;
    }
    const pu = position.get(u);
    let x = position.get(v) ? (positionParent.get(position.get(v)!) ?? null) : null;
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
    if (
      hier &&
      !ownerIsTeam &&
      grants.length > 0 &&
      ['Read', 'Write', 'Append', 'AppendTo'].includes(privilege) &&
      !(hier.excludedTables ?? []).includes(table)
    ) {
      const level = superior(u, owner);
      const unitOk =
        hier.model !== 'manager' ||
        hier.managersInSameOrParentUnit === false ||
        userBu.get(u) === userBu.get(owner) ||
        userBu.get(u) === parent.get(userBu.get(owner)!);
      if (level > 0 && (level === 1 || privilege === 'Read') && unitOk) return true;
    }
    return false;
  };
}

// ---------------------------------------------------------------------------------------------------------------

export interface Q {
  user: string;
  privilege: string;
  table: TableName;
  record?: string;
}
export function queries(spec: EnvironmentSpec): Q[] {
  const out: Q[] = [];
  for (const u of spec.users)
    for (const t of TABLE_NAMES) {
      if (TABLES[t].org) {
        for (const p of PRIVS) out.push({ user: u.name, privilege: p, table: t });
        continue;
      }
      out.push({ user: u.name, privilege: 'Create', table: t });
      for (const r of spec.records!)
        if (r.table === t) for (const p of SHARE_RIGHTS) out.push({ user: u.name, privilege: p, table: t, record: r.id });
    }
  return out;
}
export const qs = (q: Q) => `${q.user} ${q.privilege} ${q.table} ${q.record ?? ''}`;
export const answers = (m: Model, qq: Q[]) => qq.map((q) => m.data.can(q));
