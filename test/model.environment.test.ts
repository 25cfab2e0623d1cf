// The environment layer: the summary table of resources, administration with and without Dataverse, app sharing.
import { describe, expect, it } from 'vitest';
import { RESOURCES, resource, type FlowKind, type MatrixRole } from '../src/catalog/resources.ts';
import { ADMIN_ACTIONS, buildModel, emptySpec, type EnvironmentSpec } from '../src/model/index.ts';
import { explainEnv } from '../src/explain/environment.ts';

// The summary table of seed 004 (lines 43-55), transcribed by hand: 'X' allowed, '-' not, or the flow kind.
const EM = 'Environment Maker',
  EA = 'Environment Admin',
  SC = 'System Customizer',
  SA = 'System Administrator';
type Mark = 'X' | '-' | FlowKind;
const TABLE: Array<[string, Mark, Mark, Mark, Mark]> = [
  // resource            EM                     EA   SC                SA
  ['Canvas app', 'X', 'X', 'X', 'X'],
  ['Cloud flow', 'non-solution-aware', 'X', 'solution-aware', 'X'],
  ['Connector', 'X', 'X', '-', 'X'],
  ['Connection', 'X', 'X', '-', 'X'],
  ['Data gateway', 'X', 'X', '-', 'X'],
  ['Dataflow', 'X', 'X', '-', 'X'],
  ['Dataverse tables', '-', '-', 'X', 'X'],
  ['Model-driven app', 'X', '-', 'X', 'X'],
  ['Solution framework', 'X', '-', 'X', 'X'],
  ['Desktop flow', '-', '-', 'X', 'X'],
  ['AI Builder', '-', '-', 'X', 'X'],
];
const ROLES: MatrixRole[] = [EM, EA, SC, SA];
const NEEDS_DATAVERSE = new Set(['Dataverse tables', 'Model-driven app', 'Solution framework', 'Desktop flow', 'AI Builder']);
const KINDS: FlowKind[] = ['solution-aware', 'non-solution-aware'];

/** The answer for a set of roles, from the transcribed table: allowed for `kind` (or any kind when undefined). */
function expected(roles: MatrixRole[], res: string, kind?: FlowKind): { allowed: boolean; conditional: boolean } {
  const row = TABLE.find((r) => r[0] === res)!;
  const marks = roles.map((r) => row[1 + ROLES.indexOf(r)] as Mark);
  if (marks.includes('X')) return { allowed: true, conditional: false };
  const kinds = KINDS.filter((k) => marks.includes(k));
  if (kind) return { allowed: kinds.includes(kind), conditional: kinds.includes(kind) };
  if (kinds.length === KINDS.length) return { allowed: true, conditional: false };
  return { allowed: kinds.length > 0, conditional: kinds.length > 0 };
}

function env(dataverse: boolean, type = 'Production'): EnvironmentSpec {
  const s = emptySpec('env', dataverse);
  s.type = type;
  const bu = dataverse ? 'Root' : undefined;
  for (const u of ['maker@x', 'admin@x', 'cust@x', 'sys@x', 'cust-admin@x', 'teamsys@x'])
    s.users.push({ name: u, ...(bu ? { businessUnit: bu } : {}) });
  s.assignments!.push({ principal: 'admin@x', principalType: 'user', role: EA });
  if (dataverse) {
    s.assignments!.push({ principal: 'cust@x', principalType: 'user', role: SC }, { principal: 'sys@x', principalType: 'user', role: SA });
    s.assignments!.push(
      { principal: 'cust-admin@x', principalType: 'user', role: SC },
      { principal: 'cust-admin@x', principalType: 'user', role: EA },
    );
    s.teams!.push({ name: 'Admins', businessUnit: 'Root', type: 'group' });
    s.teamMembers!.push({ team: 'Admins', user: 'teamsys@x' });
    s.assignments!.push({ principal: 'Admins', principalType: 'team', role: SA });
  }
  return s;
}

describe('the summary table, cell by cell (authorWith)', () => {
  const m = buildModel(env(true));
  it('the catalogue has exactly the rows of the document', () => {
    expect(RESOURCES.map((r) => r.name)).toEqual(TABLE.map((r) => r[0]));
  });
  for (const [res] of TABLE) {
    for (const role of ROLES) {
      for (const kind of [undefined, ...(res === 'Cloud flow' ? KINDS : [])]) {
        it(`${role} × ${res}${kind ? ` (${kind})` : ''}`, () => {
          const d = explainEnv(m.env.authorWith([role], resource(res)!, kind));
          const e = expected([role], res, kind);
          expect(d.allowed).toBe(e.allowed);
          expect(!!d.condition).toBe(e.conditional);
          expect(d.rules[0]).toBe(resource(res)!.ruleId);
          expect(d.reason).toMatch(e.allowed ? /^Allowed/ : /^Denied/);
        });
      }
    }
  }
});

describe('canAuthor for users (Environment Maker is automatic)', () => {
  const holders: Array<[string, MatrixRole[]]> = [
    ['maker@x', [EM]],
    ['admin@x', [EM, EA]],
    ['cust@x', [EM, SC]],
    ['sys@x', [EM, SA]],
    ['cust-admin@x', [EM, EA, SC]],
    ['teamsys@x', [EM, SA]],
  ];
  const m = buildModel(env(true));
  for (const [user, roles] of holders) {
    it(`${user} holds ${roles.join(' + ')}`, () => {
      expect([...m.env.matrixRoles(user).keys()].sort()).toEqual([...roles].sort());
      for (const [res] of TABLE) {
        for (const kind of [undefined, ...(res === 'Cloud flow' ? KINDS : [])]) {
          const d = m.env.canAuthor(user, res, kind);
          const e = expected(roles, res, kind);
          expect(d.allowed, `${user} ${res} ${kind ?? ''}`).toBe(e.allowed);
          expect(!!d.condition, `${user} ${res} ${kind ?? ''} condition`).toBe(e.conditional);
        }
      }
    });
  }
  it('a System Administrator held through a group team counts', () => {
    expect(m.env.matrixRoles('teamsys@x').get(SA)).toBe('System Administrator through team Admins');
  });
  it('unknown resources and users fail closed', () => {
    expect(() => m.env.canAuthor('maker@x', 'Canvas ap')).toThrow(
      expect.objectContaining({ name: 'UnknownNameError', kind: 'resource', suggestions: expect.arrayContaining(['Canvas app']) }),
    );
    expect(() => m.env.canAuthor('makr@x', 'Canvas app')).toThrow(
      expect.objectContaining({ kind: 'user', suggestions: expect.arrayContaining(['maker@x']) }),
    );
  });
});

describe('environments without Dataverse', () => {
  const m = buildModel(env(false));
  it('resources that live in Dataverse are denied to everyone; the rest follow the table for EM and EA', () => {
    for (const [user, roles] of [
      ['maker@x', [EM]],
      ['admin@x', [EM, EA]],
    ] as Array<[string, MatrixRole[]]>) {
      for (const [res] of TABLE) {
        const d = m.env.canAuthor(user, res);
        expect(d.allowed, `${user} ${res}`).toBe(NEEDS_DATAVERSE.has(res) ? false : expected(roles, res).allowed);
        if (NEEDS_DATAVERSE.has(res)) expect(d.rules).toContain('ENV-002');
      }
    }
  });
  it('only Environment Admin and Environment Maker exist: other predefined roles are errors', () => {
    const s = env(false);
    s.assignments!.push({ principal: 'maker@x', principalType: 'user', role: SA });
    expect(() => buildModel(s)).toThrow(
      expect.objectContaining({ problems: [expect.objectContaining({ code: 'role-needs-dataverse', value: SA })] }),
    );
  });
  it('no data access', () => {
    expect(m.env.hasDataAccess('admin@x')).toBe(false);
  });
});

describe('Dataverse for Teams environments get no desktop flows', () => {
  const m = buildModel(env(true, 'Teams'));
  it('not even System Administrator; other resources unaffected', () => {
    for (const u of ['sys@x', 'cust@x', 'maker@x']) {
      const d = m.env.canAuthor(u, 'Desktop flow');
      expect(d.allowed).toBe(false);
      expect(d.rules).toEqual(['RES-012']);
    }
    expect(m.env.canAuthor('sys@x', 'Dataverse tables').allowed).toBe(true);
    expect(buildModel(env(true, 'Sandbox')).env.canAuthor('sys@x', 'Desktop flow').allowed).toBe(true);
  });
});

describe('custom roles author what their Dataverse privileges allow (DV-013)', () => {
  function custom(privileges: string[], inheritance?: string, viaTeam = false): EnvironmentSpec {
    const s = env(true);
    s.users.push({ name: 'dev@x', businessUnit: 'Root' });
    s.roles!.push({ name: 'Dev', ...(inheritance ? { inheritance } : {}) });
    for (const p of privileges)
      s.rolePrivileges!.push({ role: 'Dev', privilege: p, depth: p.startsWith('prvCreate') && !p.endsWith('Entity') ? 'Basic' : 'Global' });
    if (viaTeam) {
      s.teams!.push({ name: 'Devs', businessUnit: 'Root', type: 'owner' });
      s.teamMembers!.push({ team: 'Devs', user: 'dev@x' });
      s.assignments!.push({ principal: 'Devs', principalType: 'team', role: 'Dev' });
    } else s.assignments!.push({ principal: 'dev@x', principalType: 'user', role: 'Dev' });
    return s;
  }
  it('Create on workflow: solution-aware cloud flows and desktop flows', () => {
    const m = buildModel(custom(['prvCreateworkflow']));
    const sa = m.env.canAuthor('dev@x', 'Cloud flow', 'solution-aware');
    expect(sa).toMatchObject({ allowed: true, rules: ['DV-013'] });
    expect(m.env.canAuthor('dev@x', 'Desktop flow').allowed).toBe(true);
    expect(m.env.canAuthor('dev@x', 'Dataverse tables').allowed).toBe(false);
    // Without the role, a plain maker may not author solution-aware flows.
    expect(m.env.canAuthor('maker@x', 'Cloud flow', 'solution-aware').allowed).toBe(false);
  });
  it('prvCreateEntity: Dataverse tables', () => {
    const m = buildModel(custom(['prvCreateEntity']));
    expect(m.env.canAuthor('dev@x', 'Dataverse tables')).toMatchObject({ allowed: true, rules: ['DV-013'] });
    expect(m.env.canAuthor('dev@x', 'Desktop flow').allowed).toBe(false);
  });
  it('through a team with direct-and-team inheritance', () => {
    expect(buildModel(custom(['prvCreateworkflow'], 'direct-and-team', true)).env.canAuthor('dev@x', 'Desktop flow').allowed).toBe(true);
  });
  it('Create on connector: connectors; a predefined role redefined by export rows counts like a custom role', () => {
    const m = buildModel(custom(['prvCreateconnector']));
    expect(m.env.canAuthor('dev@x', 'Connector').allowed).toBe(true); // Environment Maker authors connectors anyway
    const s = env(true);
    s.users.push({ name: 'bu@x', businessUnit: 'Root' });
    s.assignments!.push({ principal: 'bu@x', principalType: 'user', role: 'Basic User' });
    s.rolePrivileges!.push({ role: 'Basic User', privilege: 'prvCreateEntity', depth: 'Global' });
    const mm = buildModel(s);
    expect(mm.env.canAuthor('bu@x', 'Dataverse tables')).toMatchObject({ allowed: true, rules: ['DV-013'] });
    // Documented Basic User (no rows) does not: the summary table decides for predefined roles.
    const plain = env(true);
    plain.users.push({ name: 'bu@x', businessUnit: 'Root' });
    plain.assignments!.push({ principal: 'bu@x', principalType: 'user', role: 'Basic User' });
    expect(buildModel(plain).env.canAuthor('bu@x', 'Desktop flow').allowed).toBe(false);
  });
  it('a team-only team role lets no member create a row of her own, so it authors nothing (as Create on data)', () => {
    const m = buildModel(custom(['prvCreateworkflow'], 'team-only', true));
    expect(m.data.can({ user: 'dev@x', privilege: 'Create', table: 'workflow' })).toBe(false);
    expect(m.env.canAuthor('dev@x', 'Desktop flow').allowed).toBe(false);
    expect(m.env.canAuthor('dev@x', 'Cloud flow', 'solution-aware').allowed).toBe(false);
  });
});

describe('administration', () => {
  const DATA_ONLY = new Set(['manage security roles', 'view all data']);
  it('without Dataverse: Environment Admin performs every administrative action; makers none', () => {
    const m = buildModel(env(false));
    for (const a of ADMIN_ACTIONS) {
      expect(m.env.canAdminister('admin@x', a).allowed, a).toBe(!DATA_ONLY.has(a));
      expect(m.env.canAdminister('maker@x', a).allowed, a).toBe(false);
    }
  });
  it('with Dataverse: System Administrator (direct or through a team) administers; Environment Admin and System Customizer do not', () => {
    const m = buildModel(env(true));
    for (const a of ADMIN_ACTIONS) {
      const provision = a === 'provision a database';
      expect(m.env.canAdminister('sys@x', a).allowed, a).toBe(!provision);
      expect(m.env.canAdminister('teamsys@x', a).allowed, a).toBe(!provision);
      expect(m.env.canAdminister('admin@x', a).allowed, a).toBe(false);
      expect(m.env.canAdminister('cust@x', a).allowed, a).toBe(false);
      expect(m.env.canAdminister('maker@x', a).allowed, a).toBe(false);
    }
    expect(m.env.canAdminister('admin@x', 'view and manage all resources').rules).toContain('ENV-013');
  });
  it('Environment Admin held through a group team counts (without Dataverse: teams do not exist, so with Dataverse it is not enough)', () => {
    const s = env(true);
    s.users.push({ name: 'grp@x', businessUnit: 'Root' });
    s.teams!.push({ name: 'Env admins', businessUnit: 'Root', type: 'group' });
    s.teamMembers!.push({ team: 'Env admins', user: 'grp@x' });
    s.assignments!.push({ principal: 'Env admins', principalType: 'team', role: EA });
    const m = buildModel(s);
    expect([...m.env.matrixRoles('grp@x').keys()].sort()).toEqual([EA, EM].sort());
    // Only Environment Admin (not the automatic Maker) authors solution-aware cloud flows among these roles.
    expect(m.env.canAuthor('grp@x', 'Cloud flow', 'solution-aware').allowed).toBe(true);
    expect(m.env.canAuthor('maker@x', 'Cloud flow', 'solution-aware').allowed).toBe(false);
    expect(m.env.canAdminister('grp@x', 'set data loss prevention policies').allowed).toBe(false);
  });
  it('unknown actions fail closed', () => {
    const m = buildModel(env(true));
    expect(() => m.env.canAdminister('sys@x', 'delete everything' as never)).toThrow(expect.objectContaining({ name: 'UnknownNameError' }));
  });
});

describe('sharing apps', () => {
  it('makers share their own apps with users, security groups or the organization; others need administration', () => {
    for (const dataverse of [false, true]) {
      const m = buildModel(env(dataverse));
      for (const target of ['user', 'security group', 'organization'] as const) {
        expect(m.env.canShareApp('maker@x', 'maker@x', target).allowed).toBe(true);
        expect(m.env.canShareApp('maker@x', 'admin@x', target).allowed).toBe(false);
        // Environment Admin manages every resource only without Dataverse; with it, System Administrator does.
        expect(m.env.canShareApp('admin@x', 'maker@x', target).allowed).toBe(!dataverse);
        if (dataverse) expect(m.env.canShareApp('sys@x', 'maker@x', target).allowed).toBe(true);
      }
      expect(() => m.env.canShareApp('maker@x', 'maker@x', 'distribution list' as never)).toThrow(
        expect.objectContaining({ kind: 'share target' }),
      );
      expect(() => m.env.canShareApp('maker@x', 'ghost@x', 'user')).toThrow(expect.objectContaining({ kind: 'user' }));
    }
  });
});

describe('environment roles never open the database', () => {
  it('hasDataAccess', () => {
    const s = env(true);
    s.users.push({ name: 'basic@x', businessUnit: 'Root' });
    s.assignments!.push(
      { principal: 'basic@x', principalType: 'user', role: 'Basic User' },
      { principal: 'maker@x', principalType: 'user', role: EM },
    );
    const m = buildModel(s);
    expect(m.env.hasDataAccess('maker@x')).toBe(false);
    expect(m.env.hasDataAccess('admin@x')).toBe(false);
    expect(m.env.hasDataAccess('basic@x')).toBe(true);
    expect(m.env.hasDataAccess('cust@x')).toBe(true);
  });
  it('Office Collaborator on its owner team reads rows shared with the organization: that is data access; misplaced, it is not', () => {
    const s = env(true);
    s.users.push({ name: 'oc@x', businessUnit: 'Root' }, { name: 'oc2@x', businessUnit: 'Root' });
    s.teams!.push({ name: 'Office Collaborators', businessUnit: 'Root', type: 'owner' });
    s.teamMembers!.push({ team: 'Office Collaborators', user: 'oc@x' });
    s.assignments!.push(
      { principal: 'Office Collaborators', principalType: 'team', role: 'Office Collaborator' },
      { principal: 'oc2@x', principalType: 'user', role: 'Office Collaborator' },
    );
    const m = buildModel(s);
    expect(m.env.hasDataAccess('oc@x')).toBe(true);
    expect(m.env.hasDataAccess('oc2@x')).toBe(false);
  });
});

describe("roleAuthors: what one role alone lets its holder author (the report's custom-role rows)", () => {
  const spec = emptySpec();
  spec.roles!.push({ name: 'Flow Builder' }, { name: 'Nothing' });
  spec.rolePrivileges!.push({ role: 'Flow Builder', privilege: 'prvCreateworkflow', depth: 'Basic' });
  const m = buildModel(spec);

  it('a custom role with Create on workflow authors solution-aware cloud flows and desktop flows only', () => {
    expect(m.env.roleAuthors('Flow Builder', 'cloud-flow')).toMatchObject({
      allowed: true,
      condition: 'solution-aware only',
      rules: ['DV-013'],
    });
    expect(m.env.roleAuthors('Flow Builder', 'cloud-flow', 'non-solution-aware').allowed).toBe(false);
    expect(m.env.roleAuthors('Flow Builder', 'desktop-flow').allowed).toBe(true);
    expect(m.env.roleAuthors('Flow Builder', 'canvas-app').allowed).toBe(false);
    expect(m.env.roleAuthors('Flow Builder', 'connection').allowed).toBe(false);
  });

  it('a custom role without privileges authors nothing', () => {
    expect(RESOURCES.filter((r) => m.env.roleAuthors('Nothing', r.id).allowed)).toEqual([]);
  });

  it('a predefined role answers with its summary-table row', () => {
    for (const r of RESOURCES) expect(m.env.roleAuthors('System Customizer', r.id).allowed, r.id).toBe(r.cells['System Customizer'].allow);
  });

  it('unknown names are errors', () => {
    expect(() => m.env.roleAuthors('Nobody', 'canvas-app')).toThrow(/unknown role "Nobody"/);
    expect(() => m.env.roleAuthors('Nothing', 'spaceship')).toThrow(/unknown resource/);
  });
});
