// Predefined roles as the contract (§5 of "Decision semantics", "Predefined roles in an export") states them,
// assignability, Dynamics 365 Admin, and Delegate impersonation.
import { describe, expect, it } from 'vitest';
import { explain, explainActFor } from '../src/explain/explain.ts';
import { buildModel, emptySpec, PRIVILEGES, type EnvironmentSpec } from '../src/model/index.ts';

const CORE = ['account', 'contact', 'activitypointer', 'email', 'phonecall', 'task', 'appointment', 'letter', 'fax'];
const CRWD = ['Create', 'Read', 'Write', 'Delete'];

/** Root ── Sales. ana@ (Root) and ben@ (Sales). Custom user-owned new_project and org-owned new_setting. */
function base(): EnvironmentSpec {
  const s = emptySpec('predefined');
  s.businessUnits.push({ name: 'Sales', parent: 'Root' });
  s.users.push({ name: 'ana@x', businessUnit: 'Root' }, { name: 'ben@x', businessUnit: 'Sales' });
  s.tables!.push({ name: 'new_project', ownership: 'user' }, { name: 'new_setting', ownership: 'organization' });
  for (const [t, owner] of [
    ['new_project', 'ana@x'],
    ['new_project', 'ben@x'],
    ['account', 'ana@x'],
    ['account', 'ben@x'],
    ['contact', 'ben@x'],
    ['email', 'ben@x'],
    ['workflow', 'ben@x'],
    ['annotation', 'ben@x'],
  ] as const) {
    s.records!.push({ id: `${t}-${owner.slice(0, 3)}`, table: t, owner });
  }
  return s;
}
const assign = (s: EnvironmentSpec, principal: string, role: string, principalType = 'user') =>
  s.assignments!.push({ principal, principalType, role });

describe('documented definitions (contract §5)', () => {
  const m = buildModel(base());
  const tables = m.compiled.tables.map((t) => t.name);
  const custom = m.compiled.tables.filter((t) => t.custom).map((t) => t.name);

  it('System Administrator holds every privilege at Global on every table', () => {
    for (const t of tables) for (const p of PRIVILEGES) expect(m.q.roleDepth('System Administrator', p, t), `${p} ${t}`).toBe('Global');
  });

  it('System Customizer: CRWD Global on custom tables, Basic on account, contact and the activity tables', () => {
    for (const t of custom) for (const p of CRWD) expect(m.q.roleDepth('System Customizer', p, t)).toBe('Global');
    for (const t of CORE) for (const p of CRWD) expect(m.q.roleDepth('System Customizer', p, t), `${p} ${t}`).toBe('Basic');
  });

  it('Basic User: CRWD Basic on standard tables, nothing on custom tables', () => {
    for (const t of m.compiled.tables) {
      for (const p of PRIVILEGES) {
        // On an organization-owned table a Basic grant gives nothing (contract version 2).
        const expected = t.custom || t.organizationOwned ? 'None' : CRWD.includes(p) ? 'Basic' : 'None';
        expect(m.q.roleDepth('Basic User', p, t.name), `${p} ${t.name}`).toBe(expected);
      }
    }
  });

  it('Environment Maker, Delegate and the roles without data privileges hold no table privilege', () => {
    for (const r of ['Environment Maker', 'Delegate', 'Support User', 'Global Reader', 'Website Owner', 'Website App Owner']) {
      for (const t of tables) for (const p of PRIVILEGES) expect(m.q.roleDepth(r, p, t), `${r} ${p} ${t}`).toBe('None');
    }
  });

  it('aliases name the same roles', () => {
    expect(m.q.roleDepth('Common Data Service User', 'Read', 'account')).toBe('Basic');
    expect(m.q.roleDepth('system admin', 'Share', 'new_project')).toBe('Global');
    expect(m.q.roleDepth('Service Deleted', 'Delete', 'new_project')).toBe('Global');
  });
});

describe('interpretations where the documents are silent (docs/model.md)', () => {
  const s = base();
  s.tables!.push({ name: 'new_std_setting', ownership: 'organization', custom: false });
  const m = buildModel(s);
  it('System Customizer: CRWD Global on standard tables other than account/contact/activities', () => {
    for (const t of ['workflow', 'annotation', 'msdyn_aimodel'])
      for (const p of CRWD) expect(m.q.roleDepth('System Customizer', p, t)).toBe('Global');
    expect(m.q.roleDepth('System Customizer', 'Append', 'new_project')).toBe('None');
  });
  it('App Opener (REV-003): no grant on any table class (no core, custom or other standard table); Read of Process by name', () => {
    for (const t of ['account', 'email', 'new_project', 'msdyn_aimodel', 'canvasapp'])
      for (const p of PRIVILEGES) expect(m.q.roleDepth('App Opener', p, t)).toBe('None');
    for (const p of PRIVILEGES) expect(m.q.roleDepth('App Opener', p, 'workflow')).toBe(p === 'Read' ? 'Global' : 'None');
  });
  it('App Opener never has the AI Builder table access of makers, so it creates no AI model', () => {
    const s2 = base();
    assign(s2, 'ben@x', 'App Opener');
    const m2 = buildModel(s2);
    expect(m2.env.holdsMakerAiProfile(m2.compiled.index.user.get('ben@x')!)).toBe(false);
    expect(m2.ai.canCreate('ben@x', 'document processing').allowed).toBe(false);
  });
  it('on an organization-owned table only a documented Global grant counts: a narrower one gives nothing (contract version 2; was read as Global)', () => {
    expect(m.q.roleDepth('Basic User', 'Read', 'new_std_setting')).toBe('None');
    expect(m.q.roleDepth('System Customizer', 'Read', 'new_std_setting')).toBe('Global');
    expect(m.q.roleDepth('System Customizer', 'Write', 'new_setting')).toBe('Global');
    expect(m.q.roleDepth('Basic User', 'Read', 'new_setting')).toBe('None');
  });
  it('Office Collaborator holds no table grant of its own', () => {
    for (const t of m.compiled.tables) expect(m.q.roleDepth('Office Collaborator', 'Read', t.name)).toBe('None');
  });
});

describe('predefined roles on rows', () => {
  it('System Administrator reads and writes every row, creates, and reaches organization-owned tables', () => {
    const s = base();
    assign(s, 'ben@x', 'System Administrator');
    const m = buildModel(s);
    for (const r of m.compiled.records)
      for (const p of PRIVILEGES.slice(1)) {
        expect(m.data.can({ user: 'ben@x', privilege: p, table: m.compiled.tables[r.table]!.name, record: r.id })).toBe(true);
      }
    expect(m.data.can({ user: 'ben@x', privilege: 'Create', table: 'account' })).toBe(true);
    expect(m.data.can({ user: 'ben@x', privilege: 'Assign', table: 'new_setting' })).toBe(true);
  });

  it('System Customizer: every custom row, but only own account/contact/activity rows', () => {
    const s = base();
    assign(s, 'ana@x', 'System Customizer');
    const m = buildModel(s);
    const can = (privilege: string, table: string, record?: string) =>
      m.data.can({ user: 'ana@x', privilege, table, ...(record ? { record } : {}) });
    expect(can('Read', 'new_project', 'new_project-ben')).toBe(true);
    expect(can('Delete', 'new_project', 'new_project-ben')).toBe(true);
    expect(can('Read', 'account', 'account-ana')).toBe(true);
    expect(can('Read', 'account', 'account-ben')).toBe(false);
    expect(can('Read', 'contact', 'contact-ben')).toBe(false);
    expect(can('Write', 'email', 'email-ben')).toBe(false);
    expect(can('Read', 'new_setting')).toBe(true);
    const d = explain(m, { user: 'ana@x', privilege: 'Read', table: 'account', record: 'account-ben' });
    expect(d.rules).toContain('ROLE-004');
  });

  it('Basic User: own rows of standard tables only; nothing on custom tables, even own rows', () => {
    const s = base();
    assign(s, 'ben@x', 'Basic User');
    const m = buildModel(s);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'account', record: 'account-ben' })).toBe(true);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'account', record: 'account-ana' })).toBe(false);
    expect(m.data.can({ user: 'ben@x', privilege: 'Write', table: 'workflow', record: 'workflow-ben' })).toBe(true);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'new_project', record: 'new_project-ben' })).toBe(false);
    expect(m.data.can({ user: 'ben@x', privilege: 'Create', table: 'new_project' })).toBe(false);
    expect(m.data.can({ user: 'ben@x', privilege: 'Create', table: 'contact' })).toBe(true);
    expect(explain(m, { user: 'ben@x', privilege: 'Read', table: 'new_project', record: 'new_project-ben' }).rules).toContain('ROLE-005');
  });

  it('Environment Maker and Delegate alone open no row at all', () => {
    const s = base();
    assign(s, 'ben@x', 'Environment Maker');
    assign(s, 'ben@x', 'Delegate');
    const m = buildModel(s);
    for (const r of m.compiled.records)
      for (const p of PRIVILEGES.slice(1)) {
        expect(m.data.can({ user: 'ben@x', privilege: p, table: m.compiled.tables[r.table]!.name, record: r.id })).toBe(false);
      }
    expect(explain(m, { user: 'ben@x', privilege: 'Read', table: 'account', record: 'account-ben' }).rules).toContain('ENV-011');
  });
});

describe('Office Collaborator', () => {
  function oc(teamName: string, teamType: string, toUser = false): EnvironmentSpec {
    const s = base();
    s.teams!.push({ name: teamName, businessUnit: 'Root', type: teamType });
    s.teamMembers!.push({ team: teamName, user: 'ben@x' });
    if (toUser) assign(s, 'ben@x', 'Office Collaborator');
    else assign(s, teamName, 'Office Collaborator', 'team');
    s.records!.push(
      { id: 'org-shared', table: 'new_project', owner: 'ana@x' },
      { id: 'user-shared', table: 'new_project', owner: 'ana@x' },
      { id: 'org-shared-acct', table: 'account', owner: 'ana@x' },
    );
    s.shares!.push(
      { record: 'org-shared', principalType: 'organization', rights: ['Read', 'Write'] },
      { record: 'org-shared-acct', principalType: 'organization', rights: ['Read'] },
      { record: 'user-shared', principal: 'ben@x', principalType: 'user', rights: ['Read'] },
    );
    return s;
  }
  const read = (s: EnvironmentSpec, record: string, table = 'new_project', privilege = 'Read') =>
    buildModel(s).data.can({ user: 'ben@x', privilege, table, record });

  it('held by the "Office Collaborators" owner team: members read rows shared with the organization, and nothing else', () => {
    const s = oc('Office Collaborators', 'owner');
    expect(read(s, 'org-shared')).toBe(true);
    expect(read(s, 'org-shared-acct', 'account')).toBe(true);
    expect(read(s, 'org-shared', 'new_project', 'Write')).toBe(false);
    expect(read(s, 'user-shared')).toBe(false);
    expect(read(s, 'new_project-ben')).toBe(false);
    expect(read(s, 'account-ben', 'account')).toBe(false);
    const d = explain(buildModel(s), { user: 'ben@x', privilege: 'Read', table: 'new_project', record: 'org-shared' });
    expect(d.paths).toEqual([expect.objectContaining({ kind: 'share', rule: 'ROLE-012' })]);
    expect(buildModel(s).data.can({ user: 'ben@x', privilege: 'Read', table: 'new_setting' })).toBe(false);
  });

  it('the team name is matched case-insensitively', () => {
    expect(read(oc('office collaborators', 'owner'), 'org-shared')).toBe(true);
  });

  for (const [label, name, type, toUser] of [
    ['assigned to a user', 'Office Collaborators', 'owner', true],
    ['on a group team of that name', 'Office Collaborators', 'group', false],
    ['on another owner team', 'Collaborators', 'owner', false],
  ] as const) {
    it(`grants nothing when ${label}, and the assignment is recorded as ignored`, () => {
      const s = oc(name, type, toUser);
      expect(read(s, 'org-shared')).toBe(false);
      expect(buildModel(s).compiled.ignored.map((g) => g.reason)).toEqual(['office-collaborator-placement']);
    });
  }
});

describe('roles that cannot be assigned grant nothing', () => {
  for (const r of ['Service Reader', 'Service Writer', 'Service Deleter', 'Service Deleted', 'Support User', 'Global Reader']) {
    for (const [pt, principal] of [
      ['user', 'ben@x'],
      ['team', 'Crew'],
    ] as const) {
      it(`${r} assigned to a ${pt}`, () => {
        const s = base();
        s.teams!.push({ name: 'Crew', businessUnit: 'Root', type: 'owner' });
        s.teamMembers!.push({ team: 'Crew', user: 'ben@x' });
        assign(s, principal, r, pt);
        const m = buildModel(s);
        for (const rec of m.compiled.records)
          for (const p of PRIVILEGES.slice(1)) {
            expect(m.data.can({ user: 'ben@x', privilege: p, table: m.compiled.tables[rec.table]!.name, record: rec.id })).toBe(false);
          }
        for (const p of PRIVILEGES) expect(m.data.can({ user: 'ben@x', privilege: p, table: 'new_setting' })).toBe(false);
        expect(m.q.rolesOf('ben@x')).toEqual([]);
        expect(m.compiled.ignored).toHaveLength(1);
        expect(m.compiled.ignored[0]!.reason).toBe(r === 'Global Reader' ? 'unsupported' : 'not-assignable');
        const d = explain(m, { user: 'ben@x', privilege: 'Read', table: 'new_project', record: 'new_project-ben' });
        expect(d.reason).toMatch(/ignored/);
        expect(d.rules).toContain(
          r === 'Global Reader' ? 'ROLE-013' : r === 'Service Deleter' || r === 'Service Deleted' ? 'ROLE-006' : 'REV-002',
        );
      });
    }
  }
  it('the service roles still have their documented definition (for findings), they just never reach a user', () => {
    const m = buildModel(base());
    expect(m.q.roleDepth('Service Reader', 'Read', 'new_project')).toBe('Global');
    expect(m.q.roleDepth('Service Writer', 'Write', 'account')).toBe('Global');
    expect(m.q.roleDepth('Service Writer', 'Delete', 'account')).toBe('None');
  });
});

describe('Dynamics 365 Admin follows the later revision: nothing until self-elevation (REV-001, CONF-003)', () => {
  it('grants no data, no administration and no impersonation by itself', () => {
    const s = base();
    assign(s, 'ben@x', 'Dynamics 365 Administrator');
    assign(s, 'ana@x', 'Basic User');
    const m = buildModel(s);
    for (const t of m.compiled.tables) for (const p of PRIVILEGES) expect(m.q.roleDepth('Dynamics 365 Admin', p, t.name)).toBe('None');
    expect(m.data.can({ user: 'ben@x', privilege: 'Delete', table: 'account', record: 'account-ana' })).toBe(false);
    expect(m.env.canAdminister('ben@x', 'manage security roles').allowed).toBe(false);
    expect(m.env.matrixRoles('ben@x').has('System Administrator')).toBe(false);
    expect(explainActFor(m, 'ben@x', 'ana@x', { privilege: 'Read', table: 'account', record: 'account-ana' }).allowed).toBe(false);
  });
  it('a self-elevated administrator (System Administrator assigned) administers', () => {
    const s = base();
    assign(s, 'ben@x', 'Dynamics 365 Administrator');
    assign(s, 'ben@x', 'System Administrator');
    assign(s, 'ana@x', 'Basic User');
    const m = buildModel(s);
    expect(m.data.can({ user: 'ben@x', privilege: 'Delete', table: 'account', record: 'account-ana' })).toBe(true);
    expect(m.env.canAdminister('ben@x', 'manage security roles').allowed).toBe(true);
  });
});

describe('export rows for a predefined role replace its definition', () => {
  it('Basic User redefined by the export: the rows apply, the documented grants do not', () => {
    const s = base();
    assign(s, 'ben@x', 'Basic User');
    s.rolePrivileges!.push({ role: 'Basic User', privilege: 'prvReadnew_project', depth: 'Global' });
    const m = buildModel(s);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'new_project', record: 'new_project-ana' })).toBe(true);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'account', record: 'account-ben' })).toBe(false);
    expect(m.data.can({ user: 'ben@x', privilege: 'Create', table: 'account' })).toBe(false);
    const r = m.compiled.roles[m.compiled.index.role.get('basic user')!]!;
    expect(r.fromExport).toBe(true);
  });

  it('System Administrator redefined by the export loses what the rows leave out, misc privileges included', () => {
    const s = base();
    assign(s, 'ben@x', 'System Administrator');
    assign(s, 'ana@x', 'Basic User');
    s.rolePrivileges!.push({ role: 'System Administrator', privilege: 'prvReadaccount', depth: 'Local' });
    const m = buildModel(s);
    expect(m.q.roleDepth('System Administrator', 'Read', 'account')).toBe('Local');
    expect(m.q.roleDepth('System Administrator', 'Write', 'account')).toBe('None');
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'account', record: 'account-ben' })).toBe(true);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'account', record: 'account-ana' })).toBe(false);
    expect(explainActFor(m, 'ben@x', 'ana@x', { privilege: 'Read', table: 'account', record: 'account-ana' }).allowed).toBe(false);
  });

  it('Office Collaborator redefined by the export reads by its rows like any role', () => {
    const s = base();
    s.teams!.push({ name: 'Office Collaborators', businessUnit: 'Root', type: 'owner' });
    s.teamMembers!.push({ team: 'Office Collaborators', user: 'ben@x' });
    assign(s, 'Office Collaborators', 'Office Collaborator', 'team');
    s.rolePrivileges!.push({ role: 'Office Collaborator', privilege: 'prvReadnew_project', depth: 'Global' });
    const m = buildModel(s);
    expect(m.data.can({ user: 'ben@x', privilege: 'Read', table: 'new_project', record: 'new_project-ana' })).toBe(true);
  });
});

describe('Delegate impersonation', () => {
  function deleg(): EnvironmentSpec {
    const s = base();
    s.users.push({ name: 'svc@x', businessUnit: 'Root' }, { name: 'teamdel@x', businessUnit: 'Root' });
    s.teams!.push({ name: 'Delegates', businessUnit: 'Root', type: 'owner' });
    s.teamMembers!.push({ team: 'Delegates', user: 'teamdel@x' });
    s.roles!.push({ name: 'ReadProjects' });
    s.rolePrivileges!.push({ role: 'ReadProjects', privilege: 'prvReadnew_project', depth: 'Global' });
    assign(s, 'svc@x', 'Delegate');
    assign(s, 'svc@x', 'ReadProjects');
    assign(s, 'Delegates', 'Delegate', 'team');
    assign(s, 'teamdel@x', 'ReadProjects');
    assign(s, 'ben@x', 'Basic User');
    return s;
  }
  const q = (record: string, table = 'new_project', privilege = 'Read') => ({ privilege, table, record });

  it('allowed only when both caller and target may (intersection)', () => {
    const s = deleg();
    s.roles!.push({ name: 'Own' });
    s.rolePrivileges!.push({ role: 'Own', privilege: 'prvReadnew_project', depth: 'Basic' });
    assign(s, 'ben@x', 'Own');
    const m = buildModel(s);
    // ben reads his own project row (Own, Basic); svc reads every project row (Global).
    const ok = explainActFor(m, 'svc@x', 'ben@x', q('new_project-ben'));
    expect(ok.allowed).toBe(true);
    expect(ok.actingFor!.user).toBe('ben@x');
    expect(ok.paths.length).toBeGreaterThan(0);
    expect(ok.rules).toEqual(expect.arrayContaining(['DV-009', 'ROLE-009']));
    // ana's row: svc could, ben cannot.
    const no = explainActFor(m, 'svc@x', 'ben@x', q('new_project-ana'));
    expect(no.allowed).toBe(false);
    expect(no.paths).toEqual([]);
    // ben's account row: ben could (Basic User), svc cannot (no account privilege).
    expect(m.data.canActFor('svc@x', 'ben@x', q('account-ben', 'account'))).toBe(false);
  });

  it('the Delegate privilege must be assigned directly, never through a team', () => {
    const s = deleg();
    s.roles!.push({ name: 'Own' });
    s.rolePrivileges!.push({ role: 'Own', privilege: 'prvReadnew_project', depth: 'Basic' });
    assign(s, 'ben@x', 'Own');
    const m = buildModel(s);
    const d = explainActFor(m, 'teamdel@x', 'ben@x', q('new_project-ben'));
    expect(d.allowed).toBe(false);
    expect(d.reason).toMatch(/directly/);
    // and without Delegate at all
    expect(m.data.canActFor('ana@x', 'ben@x', q('new_project-ben'))).toBe(false);
  });

  it('a custom role listing prvActOnBehalfOfAnotherUser also allows it', () => {
    const s = deleg();
    s.roles!.push({ name: 'Impersonator' });
    s.rolePrivileges!.push(
      { role: 'Impersonator', privilege: 'prvActOnBehalfOfAnotherUser', depth: 'Global' },
      { role: 'Impersonator', privilege: 'prvReadaccount', depth: 'Global' },
    );
    assign(s, 'ana@x', 'Impersonator');
    const m = buildModel(s);
    expect(m.data.canActFor('ana@x', 'ben@x', q('account-ben', 'account'))).toBe(true);
  });

  it('unknown caller or target fails closed', () => {
    const m = buildModel(deleg());
    expect(() => explainActFor(m, 'nobody@x', 'ben@x', q('account-ben', 'account'))).toThrow(
      expect.objectContaining({ name: 'UnknownNameError' }),
    );
    expect(() => explainActFor(m, 'svc@x', 'nobody@x', q('account-ben', 'account'))).toThrow(
      expect.objectContaining({ name: 'UnknownNameError' }),
    );
  });
});
