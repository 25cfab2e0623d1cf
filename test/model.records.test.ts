// Record-level decisions of the model on small hand-built environments. Each expectation is worked out from the
// contract's "Decision semantics" (shared/tenant-format.md) in the comment next to it.
import { describe, expect, it } from 'vitest';
import { explain } from '../src/explain/explain.ts';
import { buildModel, emptySpec, type EnvironmentSpec, type Model } from '../src/model/index.ts';

/**
 * Business units:   Root ─┬─ Sales ── East
 *                         └─ Support
 * Users: root@ (Root), sales@ (Sales), east@ (East), support@ (Support).
 * Custom user-owned table new_project; custom organization-owned table new_setting.
 */
function base(): EnvironmentSpec {
  const s = emptySpec('records');
  s.businessUnits.push({ name: 'Sales', parent: 'Root' }, { name: 'East', parent: 'Sales' }, { name: 'Support', parent: 'Root' });
  for (const [u, b] of [
    ['root@x', 'Root'],
    ['sales@x', 'Sales'],
    ['east@x', 'East'],
    ['support@x', 'Support'],
  ] as const)
    s.users.push({ name: u, businessUnit: b });
  s.tables!.push({ name: 'new_project', ownership: 'user' }, { name: 'new_setting', ownership: 'organization' });
  // One row owned by each user, in the owner's business unit.
  for (const u of ['root', 'sales', 'east', 'support']) s.records!.push({ id: `p-${u}`, table: 'new_project', owner: `${u}@x` });
  return s;
}

function role(s: EnvironmentSpec, name: string, privileges: Array<[string, string]>, inheritance?: string): void {
  s.roles!.push({ name, ...(inheritance ? { inheritance } : {}) });
  for (const [privilege, depth] of privileges) s.rolePrivileges!.push({ role: name, privilege, depth });
}
const assign = (s: EnvironmentSpec, principal: string, r: string, principalType = 'user') =>
  s.assignments!.push({ principal, principalType, role: r });

/** Which of the four p-<user> rows `user` may read, as a sorted list of ids; checks can() and explain() agree. */
function readable(m: Model, user: string, privilege = 'Read', table = 'new_project'): string[] {
  const out: string[] = [];
  for (const r of m.compiled.records) {
    if (m.compiled.tables[r.table]!.name !== table) continue;
    const q = { user, privilege, table, record: r.id };
    const can = m.data.can(q);
    const ex = explain(m, q);
    expect(ex.allowed, `explain agrees with can for ${JSON.stringify(q)}`).toBe(can);
    expect(ex.paths.length > 0).toBe(can);
    if (can) out.push(r.id);
  }
  return out.sort();
}

describe('ownership and depth', () => {
  it('Basic reaches only the rows the user owns', () => {
    const s = base();
    role(s, 'Own', [['prvReadnew_project', 'Basic']]);
    assign(s, 'sales@x', 'Own');
    const m = buildModel(s);
    expect(readable(m, 'sales@x')).toEqual(['p-sales']);
    // east@x holds no role at all.
    expect(readable(m, 'east@x')).toEqual([]);
    const d = explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-sales' });
    expect(d.paths.map((p) => p.kind)).toEqual(['owner']);
    expect(d.depth).toBe('Basic');
    expect(d.rules).toContain('DV-003');
  });

  it("Local reaches rows of the user's own business unit only (not children, not parent)", () => {
    const s = base();
    role(s, 'BU', [['prvReadnew_project', 'Local']]);
    assign(s, 'sales@x', 'BU');
    s.records!.push({ id: 'p-root-in-sales', table: 'new_project', owner: 'root@x', businessUnit: 'Sales' });
    const m = buildModel(s);
    // p-sales: owned and in Sales; p-root-in-sales: business unit Sales. East is a child, Root the parent.
    expect(readable(m, 'sales@x')).toEqual(['p-root-in-sales', 'p-sales']);
  });

  it("Deep reaches the user's business unit and every one below it", () => {
    const s = base();
    role(s, 'Deep', [['prvReadnew_project', 'Deep']]);
    assign(s, 'sales@x', 'Deep');
    assign(s, 'root@x', 'Deep');
    assign(s, 'east@x', 'Deep');
    const m = buildModel(s);
    expect(readable(m, 'sales@x')).toEqual(['p-east', 'p-sales']);
    expect(readable(m, 'root@x')).toEqual(['p-east', 'p-root', 'p-sales', 'p-support']);
    expect(readable(m, 'east@x')).toEqual(['p-east']);
    const d = explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-east' });
    expect(d.paths[0]!.kind).toBe('child-business-unit');
    expect(d.paths[0]!.businessUnit).toBe('Sales');
  });

  it('Global reaches every row', () => {
    const s = base();
    role(s, 'All', [['prvReadnew_project', 'Global']]);
    assign(s, 'east@x', 'All');
    const m = buildModel(s);
    expect(readable(m, 'east@x')).toEqual(['p-east', 'p-root', 'p-sales', 'p-support']);
    expect(explain(m, { user: 'east@x', privilege: 'Read', table: 'new_project', record: 'p-root' }).depth).toBe('Global');
  });

  it('depth is per privilege: Read at Global does not give Write', () => {
    const s = base();
    role(s, 'ReadAll', [
      ['prvReadnew_project', 'Global'],
      ['prvWritenew_project', 'Basic'],
    ]);
    assign(s, 'sales@x', 'ReadAll');
    const m = buildModel(s);
    expect(readable(m, 'sales@x', 'Write')).toEqual(['p-sales']);
    expect(readable(m, 'sales@x', 'Delete')).toEqual([]);
  });

  it('roles combine as a union: the widest depth of any role wins', () => {
    const s = base();
    role(s, 'A', [['prvReadnew_project', 'Basic']]);
    role(s, 'B', [['prvReadnew_project', 'Local']]);
    assign(s, 'root@x', 'A');
    assign(s, 'root@x', 'B');
    s.records!.push({ id: 'p-sales-in-root', table: 'new_project', owner: 'sales@x', businessUnit: 'Root' });
    const m = buildModel(s);
    // Local in Root: p-root and p-sales-in-root; Basic adds nothing more.
    expect(readable(m, 'root@x')).toEqual(['p-root', 'p-sales-in-root']);
  });

  it('admin-center depth labels are accepted', () => {
    const s = base();
    role(s, 'Labels', [
      ['prvReadnew_project', 'Parent: Child Business Units'],
      ['prvWritenew_project', 'Organization'],
      ['prvDeletenew_project', 'Business Unit'],
      ['prvAppendnew_project', 'User'],
    ]);
    assign(s, 'sales@x', 'Labels');
    const m = buildModel(s);
    expect(m.q.roleDepth('Labels', 'Read', 'new_project')).toBe('Deep');
    expect(m.q.roleDepth('Labels', 'Write', 'new_project')).toBe('Global');
    expect(m.q.roleDepth('Labels', 'Delete', 'new_project')).toBe('Local');
    expect(m.q.roleDepth('Labels', 'Append', 'new_project')).toBe('Basic');
    expect(m.q.roleDepth('Labels', 'AppendTo', 'new_project')).toBe('None');
  });
});

describe('team-owned rows and team roles', () => {
  function teams(inheritance?: string, depth = 'Basic'): EnvironmentSpec {
    const s = base();
    s.teams!.push({ name: 'Blue', businessUnit: 'Support', type: 'owner' }, { name: 'Green', businessUnit: 'Support', type: 'group' });
    s.teamMembers!.push({ team: 'Blue', user: 'sales@x' }, { team: 'Green', user: 'sales@x' });
    s.records!.push({ id: 'p-blue', table: 'new_project', owner: 'Blue', ownerType: 'team' });
    s.records!.push({ id: 'p-green', table: 'new_project', owner: 'Green', ownerType: 'team' });
    role(
      s,
      'TeamRole',
      [
        ['prvReadnew_project', depth],
        ['prvCreatenew_project', 'Basic'],
      ],
      inheritance,
    );
    assign(s, 'Blue', 'TeamRole', 'team');
    return s;
  }

  it("a direct Basic grant reaches rows owned by the user's teams", () => {
    const s = base();
    s.teams!.push({ name: 'Blue', businessUnit: 'Support', type: 'owner' });
    s.teamMembers!.push({ team: 'Blue', user: 'sales@x' });
    s.records!.push({ id: 'p-blue', table: 'new_project', owner: 'Blue', ownerType: 'team' });
    role(s, 'Own', [['prvReadnew_project', 'Basic']]);
    assign(s, 'sales@x', 'Own');
    assign(s, 'east@x', 'Own');
    const m = buildModel(s);
    expect(readable(m, 'sales@x')).toEqual(['p-blue', 'p-sales']);
    expect(readable(m, 'east@x')).toEqual(['p-east']);
    expect(explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-blue' }).paths[0]!.kind).toBe('team-owner');
  });

  it("a record owned by a team defaults to the team's business unit", () => {
    const m = buildModel(teams());
    const rec = m.compiled.records.find((r) => r.id === 'p-blue')!;
    expect(m.compiled.buNames[rec.businessUnit]).toBe('Support');
  });

  it("direct-and-team: a team role's Basic grant acts as if assigned to each member", () => {
    const m = buildModel(teams('direct-and-team'));
    // Basic through Blue: the member's own row, Blue's row and the row of Green (another team of hers).
    expect(readable(m, 'sales@x')).toEqual(['p-blue', 'p-green', 'p-sales']);
    expect(m.data.can({ user: 'sales@x', privilege: 'Create', table: 'new_project' })).toBe(true);
    // east@x is in no team.
    expect(readable(m, 'east@x')).toEqual([]);
  });

  it('team-only: members act only on rows the holding team owns, and cannot create rows of their own', () => {
    const m = buildModel(teams('team-only'));
    expect(readable(m, 'sales@x')).toEqual(['p-blue']);
    const d = explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-blue' });
    expect(d.paths.map((p) => [p.kind, p.team, p.rule])).toEqual([['team-owner', 'Blue', 'DV-006']]);
    const create = explain(m, { user: 'sales@x', privilege: 'Create', table: 'new_project' });
    expect(create.allowed).toBe(false);
    expect(create.paths).toEqual([]);
    expect(create.rules).toContain('DV-006');
  });

  it("team-only still honours Local/Deep/Global, measured from the team's business unit", () => {
    // Blue is in Support. Local: rows in Support (p-support, p-blue, p-green), not the member's own row in Sales.
    const m = buildModel(teams('team-only', 'Local'));
    expect(readable(m, 'sales@x')).toEqual(['p-blue', 'p-green', 'p-support']);
    const g = buildModel(teams('team-only', 'Global'));
    expect(readable(g, 'sales@x').length).toBe(6);
  });

  it("a team role at Local is measured from the team's business unit, not the member's", () => {
    const m = buildModel(teams('direct-and-team', 'Local'));
    // Support rows by Local + own row and team rows by the inherited Basic part.
    expect(readable(m, 'sales@x')).toEqual(['p-blue', 'p-green', 'p-sales', 'p-support']);
    const d = explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-support' });
    expect(d.paths[0]).toMatchObject({ kind: 'business-unit', team: 'Blue', businessUnit: 'Support' });
  });

  it('Create: direct role, team role with direct-and-team, but not team-only', () => {
    const s = base();
    s.teams!.push({ name: 'T1', businessUnit: 'Root', type: 'owner' }, { name: 'T2', businessUnit: 'Root', type: 'group' });
    s.teamMembers!.push({ team: 'T1', user: 'east@x' }, { team: 'T2', user: 'support@x' });
    role(s, 'C', [['prvCreatenew_project', 'Basic']]);
    role(s, 'C-team-only', [['prvCreatenew_project', 'Global']], 'team-only');
    assign(s, 'sales@x', 'C');
    assign(s, 'T1', 'C', 'team');
    assign(s, 'T2', 'C-team-only', 'team');
    const m = buildModel(s);
    const create = (u: string) => m.data.can({ user: u, privilege: 'Create', table: 'new_project' });
    expect([create('sales@x'), create('east@x'), create('support@x'), create('root@x')]).toEqual([true, true, false, false]);
    expect(explain(m, { user: 'east@x', privilege: 'Create', table: 'new_project' }).paths[0]).toMatchObject({
      kind: 'create',
      team: 'T1',
    });
  });

  it('access teams hold no roles: an assignment to one is ignored', () => {
    const s = base();
    s.teams!.push({ name: 'Deal room', businessUnit: 'Root', type: 'access' });
    s.teamMembers!.push({ team: 'Deal room', user: 'sales@x' });
    role(s, 'All', [['prvReadnew_project', 'Global']]);
    assign(s, 'Deal room', 'All', 'team');
    const m = buildModel(s);
    expect(readable(m, 'sales@x')).toEqual([]);
    expect(m.compiled.ignored).toEqual([expect.objectContaining({ principal: 'Deal room', role: 'All', reason: 'access-team' })]);
    const d = explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-root' });
    expect(d.rules).toContain('DV-007');
  });
});

describe('sharing', () => {
  function shared(): EnvironmentSpec {
    const s = base();
    s.teams!.push(
      { name: 'Owners', businessUnit: 'Root', type: 'owner' },
      { name: 'Entra', businessUnit: 'Root', type: 'group' },
      { name: 'Access', businessUnit: 'Root', type: 'access' },
    );
    s.teamMembers!.push({ team: 'Owners', user: 'east@x' }, { team: 'Entra', user: 'east@x' }, { team: 'Access', user: 'east@x' });
    s.records!.push(
      { id: 's-user', table: 'new_project', owner: 'root@x' },
      { id: 's-owner-team', table: 'new_project', owner: 'root@x' },
      { id: 's-group-team', table: 'new_project', owner: 'root@x' },
      { id: 's-access-team', table: 'new_project', owner: 'root@x' },
      { id: 's-org', table: 'new_project', owner: 'root@x' },
      { id: 's-write', table: 'new_project', owner: 'root@x' },
    );
    s.shares!.push(
      { record: 's-user', principal: 'east@x', principalType: 'user', rights: ['Read'] },
      { record: 's-owner-team', principal: 'Owners', principalType: 'team', rights: ['Read', 'Write'] },
      { record: 's-group-team', principal: 'Entra', principalType: 'team', rights: ['Read'] },
      { record: 's-access-team', principal: 'Access', principalType: 'team', rights: ['Read'] },
      { record: 's-org', principalType: 'organization', rights: ['Read'] },
      { record: 's-write', principal: 'east@x', principalType: 'user', rights: ['Write'] },
    );
    return s;
  }

  it('shares with the user, any of her teams (owner, group, access) or the organization open the row, when a role grants the privilege', () => {
    const s = shared();
    role(s, 'Own', [
      ['prvReadnew_project', 'Basic'],
      ['prvWritenew_project', 'Basic'],
    ]);
    assign(s, 'east@x', 'Own');
    assign(s, 'support@x', 'Own');
    const m = buildModel(s);
    expect(readable(m, 'east@x')).toEqual(['p-east', 's-access-team', 's-group-team', 's-org', 's-owner-team', 's-user']);
    // support@x is in no team: only its own row and the organization share.
    expect(readable(m, 'support@x')).toEqual(['p-support', 's-org']);
    // Write was shared only on s-owner-team and s-write.
    expect(readable(m, 'east@x', 'Write')).toEqual(['p-east', 's-owner-team', 's-write']);
    const d = explain(m, { user: 'east@x', privilege: 'Read', table: 'new_project', record: 's-access-team' });
    expect(d.paths).toEqual([expect.objectContaining({ kind: 'share', share: { with: 'team', principal: 'Access' }, rule: 'DV-005' })]);
    expect(d.depth).toBeUndefined();
  });

  it('a share does not help without a role granting the privilege on the table at some depth', () => {
    const s = shared();
    role(s, 'OtherTable', [['prvReadaccount', 'Global']]);
    assign(s, 'east@x', 'OtherTable');
    const m = buildModel(s);
    expect(readable(m, 'east@x')).toEqual([]);
    const d = explain(m, { user: 'east@x', privilege: 'Read', table: 'new_project', record: 's-user' });
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/^Denied/);
  });

  it('the privilege may come from any reachable role: a team-only team role counts', () => {
    const s = shared();
    s.teams!.push({ name: 'Holder', businessUnit: 'Root', type: 'owner' });
    s.teamMembers!.push({ team: 'Holder', user: 'east@x' });
    role(s, 'TeamOnly', [['prvReadnew_project', 'Basic']], 'team-only');
    assign(s, 'Holder', 'TeamOnly', 'team');
    const m = buildModel(s);
    // Team-only alone reaches no row of hers (Holder owns none), but every share now opens.
    expect(readable(m, 'east@x')).toEqual(['s-access-team', 's-group-team', 's-org', 's-owner-team', 's-user']);
  });

  it('the right shared must be the privilege asked for', () => {
    const s = shared();
    role(s, 'All8', [
      ['prvReadnew_project', 'Basic'],
      ['prvDeletenew_project', 'Basic'],
    ]);
    assign(s, 'east@x', 'All8');
    const m = buildModel(s);
    expect(readable(m, 'east@x', 'Delete')).toEqual(['p-east']);
  });

  it('organization-owned tables: allowed iff a reachable role grants the privilege (only Global exists)', () => {
    const s = base();
    s.teams!.push({ name: 'T', businessUnit: 'East', type: 'owner' });
    s.teamMembers!.push({ team: 'T', user: 'east@x' });
    role(s, 'Settings', [['prvReadnew_setting', 'Global']]);
    role(
      s,
      'SettingsTeamOnly',
      [
        ['prvReadnew_setting', 'Organization'],
        ['prvCreatenew_setting', 'Global'],
      ],
      'team-only',
    );
    assign(s, 'sales@x', 'Settings');
    assign(s, 'T', 'SettingsTeamOnly', 'team');
    const m = buildModel(s);
    const q = (user: string, privilege = 'Read') => m.data.can({ user, privilege, table: 'new_setting' });
    expect([q('sales@x'), q('east@x'), q('root@x'), q('sales@x', 'Write')]).toEqual([true, true, false, false]);
    // Rule 2 comes before rule 3: on an organization-owned table a team-only role's Create counts.
    expect(q('east@x', 'Create')).toBe(true);
    expect(explain(m, { user: 'sales@x', privilege: 'Read', table: 'new_setting' }).paths[0]!.kind).toBe('organization-owned');
  });
});

describe('query validation (fail closed)', () => {
  const m = buildModel(base());
  it('unknown names raise UnknownNameError with suggestions', () => {
    expect(() => m.data.can({ user: 'sale@x', privilege: 'Read', table: 'new_project', record: 'p-sales' })).toThrow(
      expect.objectContaining({
        name: 'UnknownNameError',
        kind: 'user',
        value: 'sale@x',
        suggestions: expect.arrayContaining(['sales@x']),
      }),
    );
    expect(() => m.data.can({ user: 'sales@x', privilege: 'Reed', table: 'new_project', record: 'p-sales' })).toThrow(
      expect.objectContaining({ kind: 'privilege', suggestions: ['Read'] }),
    );
    expect(() => m.data.can({ user: 'sales@x', privilege: 'Read', table: 'new_projet', record: 'p-sales' })).toThrow(
      expect.objectContaining({ kind: 'table', suggestions: expect.arrayContaining(['new_project']) }),
    );
    expect(() => m.data.can({ user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'p-salez' })).toThrow(
      expect.objectContaining({ kind: 'record', suggestions: expect.arrayContaining(['p-sales']) }),
    );
    expect(() => m.q.roleDepth('Basic Usr', 'Read', 'account')).toThrow(
      expect.objectContaining({ kind: 'role', suggestions: expect.arrayContaining(['Basic User']) }),
    );
    expect(() => m.q.rolesOf('nobody@x')).toThrow(expect.objectContaining({ kind: 'user' }));
  });
  it('names are matched case-insensitively and trimmed', () => {
    expect(() => m.data.can({ user: ' SALES@X ', privilege: 'read', table: 'NEW_PROJECT', record: 'P-SALES' })).not.toThrow();
  });
  it('a record must belong to the table, Create takes no record, and other privileges on user-owned tables need one', () => {
    const s = base();
    s.records!.push({ id: 'a1', table: 'account', owner: 'sales@x' });
    const mm = buildModel(s);
    expect(() => mm.data.can({ user: 'sales@x', privilege: 'Read', table: 'new_project', record: 'a1' })).toThrow(/row of table "account"/);
    expect(() => mm.data.can({ user: 'sales@x', privilege: 'Create', table: 'new_project', record: 'p-sales' })).toThrow(/Create/);
    expect(() => mm.data.can({ user: 'sales@x', privilege: 'Read', table: 'new_project' })).toThrow(/needs a record/);
    expect(() => mm.data.can({ user: 'sales@x', privilege: 'Read', table: 'new_setting' })).not.toThrow();
  });
});
