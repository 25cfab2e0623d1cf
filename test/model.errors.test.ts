// Every kind of problem buildModel reports: code, field, value, suggestions, and all of them in one SpecError.
import { describe, expect, it } from 'vitest';
import { buildModel, emptySpec, SpecError, type EnvironmentSpec, type Problem } from '../src/model/index.ts';

function ok(): EnvironmentSpec {
  const s = emptySpec('errors');
  s.businessUnits.push({ name: 'Sales', parent: 'Root' });
  s.users.push({ name: 'ana@contoso.com', businessUnit: 'Root' }, { name: 'ben@contoso.com', businessUnit: 'Sales' });
  s.teams!.push({ name: 'Blue', businessUnit: 'Sales', type: 'owner' }, { name: 'Deal', businessUnit: 'Root', type: 'access' });
  s.teamMembers!.push({ team: 'Blue', user: 'ben@contoso.com' });
  s.tables!.push({ name: 'new_project', ownership: 'user' }, { name: 'new_setting', ownership: 'organization' });
  s.roles!.push({ name: 'Project Manager', inheritance: 'team-only' });
  s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvReadnew_project', depth: 'Local' });
  s.assignments!.push({ principal: 'ana@contoso.com', principalType: 'user', role: 'Project Manager' });
  s.records!.push({ id: 'P1', table: 'new_project', owner: 'ana@contoso.com' });
  s.shares!.push({ record: 'P1', principal: 'ben@contoso.com', principalType: 'user', rights: ['Read'] });
  return s;
}

function problems(edit: (s: EnvironmentSpec) => void, base = ok): Problem[] {
  const s = base();
  edit(s);
  try {
    buildModel(s);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).problems;
  }
  throw new Error('expected a SpecError');
}
/** Builds, with exactly one warning matching `expected` (contract version 2: what a real export holds is not an error). */
function oneWarning(edit: (s: EnvironmentSpec) => void, expected: Partial<Problem>): Problem {
  const s = ok();
  edit(s);
  const ws = buildModel(s).compiled.warnings;
  expect(ws, JSON.stringify(ws)).toHaveLength(1);
  expect(ws[0]).toMatchObject(expected);
  return ws[0]!;
}
/** Exactly one problem, matching `expected`. */
function one(edit: (s: EnvironmentSpec) => void, expected: Partial<Problem>, base = ok): Problem {
  const ps = problems(edit, base);
  expect(ps, JSON.stringify(ps)).toHaveLength(1);
  expect(ps[0]).toMatchObject(expected);
  return ps[0]!;
}

describe('the valid baseline builds', () => {
  it('no problems, no warnings', () => {
    expect(buildModel(ok()).compiled.warnings).toEqual([]);
  });
});

describe('unknown names, with the closest known names', () => {
  it('business unit (user, team, parent, record)', () => {
    one(
      (s) => {
        s.users[1]!.businessUnit = 'Sale';
      },
      { code: 'unknown-business-unit', field: 'business_unit', value: 'Sale', suggestions: ['Sales'] },
    );
    one(
      (s) => {
        s.teams![0]!.businessUnit = 'sales ';
        s.teams![1]!.businessUnit = 'Rot';
      },
      { code: 'unknown-business-unit', value: 'Rot', suggestions: ['Root'] },
    );
    one(
      (s) => {
        s.businessUnits.push({ name: 'East', parent: 'Saless' });
      },
      { code: 'unknown-business-unit', field: 'parent', value: 'Saless', suggestions: ['Sales'] },
    );
    one(
      (s) => {
        s.records!.push({ id: 'P2', table: 'new_project', owner: 'ana@contoso.com', businessUnit: 'Sails' });
      },
      { code: 'unknown-business-unit', field: 'business_unit', suggestions: ['Sales'] },
    );
  });
  it('user (member, assignment, record owner, share principal)', () => {
    one(
      (s) => {
        s.teamMembers!.push({ team: 'Blue', user: 'ana@contoso.co' });
      },
      { code: 'unknown-user', field: 'user', value: 'ana@contoso.co', suggestions: expect.arrayContaining(['ana@contoso.com']) },
    );
    one(
      (s) => {
        s.assignments!.push({ principal: 'bne@contoso.com', principalType: 'user', role: 'Basic User' });
      },
      { code: 'unknown-user', field: 'principal', suggestions: expect.arrayContaining(['ben@contoso.com']) },
    );
    one(
      (s) => {
        s.records!.push({ id: 'P2', table: 'new_project', owner: 'anna@contoso.com' });
      },
      { code: 'unknown-user', field: 'owner', suggestions: expect.arrayContaining(['ana@contoso.com']) },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'ana@contoso', principalType: 'user', rights: ['Read'] });
      },
      { code: 'unknown-user', field: 'principal', suggestions: expect.arrayContaining(['ana@contoso.com']) },
    );
  });
  it('suggestions come closest first', () => {
    const p = one(
      (s) => {
        s.assignments!.push({ principal: 'ben@contoso.co', principalType: 'user', role: 'Basic User' });
      },
      { code: 'unknown-user' },
    );
    expect(p.suggestions![0]).toBe('ben@contoso.com');
  });
  it('team (member, assignment, record owner, share principal)', () => {
    one(
      (s) => {
        s.teamMembers!.push({ team: 'Bleu', user: 'ana@contoso.com' });
      },
      { code: 'unknown-team', field: 'team', value: 'Bleu', suggestions: ['Blue'] },
    );
    one(
      (s) => {
        s.assignments!.push({ principal: 'Blu', principalType: 'team', role: 'Basic User' });
      },
      { code: 'unknown-team', field: 'principal', suggestions: ['Blue'] },
    );
    one(
      (s) => {
        s.records!.push({ id: 'P2', table: 'new_project', owner: 'Bloo', ownerType: 'team' });
      },
      { code: 'unknown-team', field: 'owner' },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'Dael', principalType: 'team', rights: ['Read'] });
      },
      { code: 'unknown-team', suggestions: ['Deal'] },
    );
  });
  it('role (assignment, role privilege) — predefined names are suggested too', () => {
    one(
      (s) => {
        s.assignments!.push({ principal: 'ben@contoso.com', principalType: 'user', role: 'Basic Usr' });
      },
      { code: 'unknown-role', field: 'role', value: 'Basic Usr', suggestions: expect.arrayContaining(['Basic User']) },
    );
    one(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manger', privilege: 'prvReadaccount', depth: 'Basic' });
      },
      { code: 'unknown-role', suggestions: ['Project Manager'] },
    );
  });
  it('table (record, privilege name) and record (share)', () => {
    one(
      (s) => {
        s.records!.push({ id: 'P2', table: 'new_projects', owner: 'ana@contoso.com' });
      },
      { code: 'unknown-table', field: 'table', suggestions: expect.arrayContaining(['new_project']) },
    );
    // Version 2: a privilege on a table no file describes is a warning (with the closest tables), not an error.
    oneWarning(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvWritenew_projct', depth: 'Basic' });
      },
      { code: 'unknown-table', field: 'privilege', value: 'prvWritenew_projct', suggestions: ['prvWritenew_project'] },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P9', principal: 'ana@contoso.com', principalType: 'user', rights: ['Read'] });
      },
      { code: 'unknown-record', field: 'record', value: 'P9', suggestions: ['P1'] },
    );
  });
});

describe('duplicates', () => {
  const cases: Array<[string, (s: EnvironmentSpec) => void, string]> = [
    ['business unit', (s) => s.businessUnits.push({ name: 'sales', parent: 'Root' }), 'name'],
    ['user', (s) => s.users.push({ name: 'ANA@contoso.com ', businessUnit: 'Root' }), 'user'],
    ['team', (s) => s.teams!.push({ name: 'blue', businessUnit: 'Root', type: 'group' }), 'name'],
    ['membership', (s) => s.teamMembers!.push({ team: 'BLUE', user: 'ben@contoso.com' }), 'user'],
    ['table', (s) => s.tables!.push({ name: 'New_Project', ownership: 'user' }), 'name'],
    ['role', (s) => s.roles!.push({ name: 'project manager' }), 'name'],
    [
      'role privilege with another depth',
      (s) => s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'PRVREADNEW_PROJECT', depth: 'Global' }),
      'depth',
    ],
    ['assignment', (s) => s.assignments!.push({ principal: 'ana@contoso.com', principalType: 'user', role: 'project manager' }), 'role'],
    ['record', (s) => s.records!.push({ id: 'p1', table: 'new_project', owner: 'ben@contoso.com' }), 'id'],
    ['share', (s) => s.shares!.push({ record: 'P1', principal: 'Ben@Contoso.com', principalType: 'user', rights: ['Write'] }), 'principal'],
  ];
  for (const [what, edit, field] of cases) {
    it(what, () => {
      one(edit, { code: 'duplicate', field });
    });
  }
  it('a duplicate business unit is reported once, not also as a second root', () => {
    one((s) => s.businessUnits.push({ name: 'Root', parent: null }), { code: 'duplicate', field: 'name', value: 'Root' });
  });
  it('an exact duplicate role privilege row is a warning only', () => {
    const s = ok();
    s.rolePrivileges!.push({ role: 'project manager', privilege: 'prvReadnew_project', depth: 'Business Unit' });
    const m = buildModel(s);
    expect(m.compiled.warnings).toEqual([expect.objectContaining({ code: 'duplicate-row', field: 'privilege' })]);
  });
  it('a team named like a user is a warning', () => {
    const s = ok();
    s.teams!.push({ name: 'ana@contoso.com', businessUnit: 'Root', type: 'owner' });
    expect(buildModel(s).compiled.warnings).toEqual([expect.objectContaining({ code: 'ambiguous-name' })]);
  });
});

describe('business-unit tree', () => {
  it('a cycle is reported for each unit on it', () => {
    const ps = problems((s) => {
      s.businessUnits.push({ name: 'A', parent: 'B' }, { name: 'B', parent: 'A' });
    });
    expect(ps.map((p) => [p.code, p.field, p.value])).toEqual([
      ['cycle', 'parent', 'B'],
      ['cycle', 'parent', 'A'],
    ]);
  });
  it('a unit that is its own parent', () => {
    one(
      (s) => {
        s.businessUnits.push({ name: 'Loop', parent: 'loop' });
      },
      { code: 'cycle', value: 'Loop' },
    );
  });
  it('several roots', () => {
    one(
      (s) => {
        s.businessUnits.push({ name: 'Other', parent: '' });
      },
      { code: 'several-roots', field: 'parent', value: '' },
    );
  });
  it('no root', () => {
    const ps = problems((s) => {
      s.businessUnits = [
        { name: 'A', parent: 'B' },
        { name: 'B', parent: 'A' },
      ];
      s.users = [];
      s.teams = [];
      s.teamMembers = [];
      s.records = [];
      s.shares = [];
      s.assignments = [];
    });
    expect(ps.map((p) => p.code)).toEqual(['no-root', 'cycle', 'cycle']);
  });
  it('no business unit at all with Dataverse', () => {
    const s = emptySpec('x');
    s.businessUnits = [];
    expect(() => buildModel(s)).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ code: 'no-business-units' })] }));
  });
  it('business unit required for users and teams with Dataverse', () => {
    one(
      (s) => {
        s.users.push({ name: 'cy@contoso.com' });
      },
      { code: 'missing-value', field: 'business_unit', value: '' },
    );
  });
});

describe('bad values', () => {
  it('environment type', () => {
    one(
      (s) => {
        s.type = 'Sandbx';
      },
      { code: 'bad-value', field: 'type', value: 'Sandbx', suggestions: ['Sandbox'] },
    );
  });
  it('table ownership, team type, inheritance, principal and owner types', () => {
    one(
      (s) => {
        s.tables!.push({ name: 'new_x', ownership: 'usr' });
      },
      { code: 'bad-value', field: 'ownership', suggestions: ['user'] },
    );
    one(
      (s) => {
        s.teams!.push({ name: 'G', businessUnit: 'Root', type: 'groupe' });
      },
      { code: 'bad-value', field: 'type', suggestions: ['group'] },
    );
    one(
      (s) => {
        s.roles!.push({ name: 'X', inheritance: 'team only' });
      },
      { code: 'bad-value', field: 'inheritance', suggestions: expect.arrayContaining(['team-only']) },
    );
    one(
      (s) => {
        s.assignments!.push({ principal: 'Blue', principalType: 'teams', role: 'Basic User' });
      },
      { code: 'bad-value', field: 'principal_type', suggestions: expect.arrayContaining(['team']) },
    );
    one(
      (s) => {
        s.records!.push({ id: 'P2', table: 'new_project', owner: 'Blue', ownerType: 'group' });
      },
      { code: 'bad-value', field: 'owner_type' },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'x', principalType: 'everyone', rights: ['Read'] });
      },
      { code: 'bad-value', field: 'principal_type' },
    );
  });
  it('a bad team type is reported once, without knock-on problems for the rows the team owns', () => {
    one(
      (s) => {
        s.teams!.push({ name: 'Red', businessUnit: 'Root', type: 'ownr' });
        s.records!.push({ id: 'P2', table: 'new_project', owner: 'Red', ownerType: 'team' });
      },
      { code: 'bad-value', field: 'type', value: 'ownr', suggestions: ['owner'] },
    );
  });
  it('privilege names and depths', () => {
    one(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'ReadAccount', depth: 'Basic' });
      },
      { code: 'bad-privilege', field: 'privilege', value: 'ReadAccount' },
    );
    // Version 2: an unknown miscellaneous privilege is kept with a warning (suggesting known ones), not an error.
    oneWarning(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvActOnBehalfOfAnotherUsr', depth: 'Global' });
      },
      { code: 'unknown-misc-privilege', suggestions: ['prvActOnBehalfOfAnotherUser'] },
    );
    one(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvWritenew_project', depth: 'Golbal' });
      },
      { code: 'bad-depth', field: 'depth', value: 'Golbal', suggestions: expect.arrayContaining(['Global']) },
    );
    // Version 2: None is no grant: the row is ignored with a warning; RecordFilter is kept, not evaluated, with a warning.
    oneWarning(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvWritenew_project', depth: 'None' });
      },
      { code: 'depth-none', field: 'depth' },
    );
    oneWarning(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvWritenew_project', depth: 'RecordFilter' });
      },
      { code: 'record-filter', field: 'depth' },
    );
    one(
      (s) => {
        s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvWritenew_project', depth: '7' });
      },
      { code: 'bad-depth', value: '7' },
    );
  });
  it('organization-owned tables: only Global, no records', () => {
    for (const depth of ['Basic', 'Local', 'Deep', 'User', 'Business Unit']) {
      one(
        (s) => {
          s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvReadnew_setting', depth });
        },
        { code: 'org-owned-depth', field: 'depth', value: depth },
      );
    }
    one(
      (s) => {
        s.rolePrivileges!.push({ role: 'System Customizer', privilege: 'prvReadnew_setting', depth: 'Local' });
      },
      { code: 'org-owned-depth' },
    );
    expect(() =>
      buildModel(
        (() => {
          const s = ok();
          s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvReadnew_setting', depth: 'Organization' });
          return s;
        })(),
      ),
    ).not.toThrow();
    one(
      (s) => {
        s.records!.push({ id: 'S1', table: 'new_setting', owner: 'ana@contoso.com' });
      },
      { code: 'org-owned-record', field: 'table' },
    );
  });
  it('shares: rights, organization principal', () => {
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'Blue', principalType: 'team', rights: ['Read', 'Creat'] });
      },
      { code: 'bad-value', field: 'rights', value: 'Creat' },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'Blue', principalType: 'team', rights: ['Create'] });
      },
      { code: 'bad-value', field: 'rights', value: 'Create' },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'Blue', principalType: 'team', rights: [] });
      },
      { code: 'missing-value', field: 'rights' },
    );
    one(
      (s) => {
        s.shares!.push({ record: 'P1', principal: 'ana@contoso.com', principalType: 'organization', rights: ['Read'] });
      },
      { code: 'bad-value', field: 'principal' },
    );
  });
  it('empty names', () => {
    one(
      (s) => {
        s.users.push({ name: ' ', businessUnit: 'Root' });
      },
      { code: 'empty-value', field: 'user' },
    );
    one(
      (s) => {
        s.roles!.push({ name: '' });
      },
      { code: 'empty-value', field: 'name' },
    );
    one(
      (s) => {
        s.records!.push({ id: '', table: 'new_project', owner: 'ana@contoso.com' });
      },
      { code: 'empty-value', field: 'id' },
    );
  });
});

describe('structural rules', () => {
  it('a predefined role (or alias) declared as a custom role', () => {
    one(
      (s) => {
        s.roles!.push({ name: 'System Administrator' });
      },
      { code: 'predefined-role', field: 'name' },
    );
    one(
      (s) => {
        s.roles!.push({ name: 'service deleted' });
      },
      { code: 'predefined-role' },
    );
    one(
      (s) => {
        s.roles!.push({ name: 'Environment Maker' });
      },
      { code: 'predefined-role' },
    );
  });
  it('an access team owning a record', () => {
    one(
      (s) => {
        s.records!.push({ id: 'P2', table: 'new_project', owner: 'Deal', ownerType: 'team' });
      },
      { code: 'access-team-owner', field: 'owner', value: 'Deal' },
    );
  });
  it('without Dataverse: no business units, teams, custom roles or Dataverse roles', () => {
    const none = () => {
      const s = emptySpec('nodv', false);
      s.users.push({ name: 'a@x' });
      return s;
    };
    one(
      (s) => {
        s.businessUnits.push({ name: 'Root', parent: null });
      },
      { code: 'business-units-without-dataverse' },
      none,
    );
    one(
      (s) => {
        s.teams!.push({ name: 'T', businessUnit: '', type: 'owner' });
      },
      { code: 'teams-without-dataverse' },
      none,
    );
    one(
      (s) => {
        s.roles!.push({ name: 'Custom' });
      },
      { code: 'roles-without-dataverse' },
      none,
    );
    one(
      (s) => {
        s.assignments!.push({ principal: 'a@x', principalType: 'user', role: 'Basic User' });
      },
      { code: 'role-needs-dataverse', value: 'Basic User' },
      none,
    );
    // Otherwise the data layer would answer questions about rows of a database that does not exist.
    one(
      (s) => {
        s.rolePrivileges!.push({ role: 'Environment Maker', privilege: 'prvReadaccount', depth: 'Global' });
      },
      { code: 'role-privileges-without-dataverse', field: 'privilege', value: 'prvReadaccount' },
      none,
    );
    one(
      (s) => {
        s.records!.push({ id: 'A1', table: 'account', owner: 'a@x' });
      },
      { code: 'records-without-dataverse', field: 'id', value: 'A1' },
      none,
    );
    expect(() =>
      buildModel(
        (() => {
          const s = none();
          s.assignments!.push({ principal: 'a@x', principalType: 'user', role: 'Environment Admin' });
          return s;
        })(),
      ),
    ).not.toThrow();
  });
});

describe('every problem is reported together', () => {
  it('one SpecError lists all of them, in input order, and its message has one line per problem', () => {
    const s = ok();
    s.type = 'Prod';
    s.businessUnits.push({ name: 'East', parent: 'Nowhere' });
    s.users.push({ name: 'cy@contoso.com', businessUnit: 'Eest' });
    s.teams!.push({ name: 'Red', businessUnit: 'Root', type: 'team' });
    s.roles!.push({ name: 'Basic User' });
    s.rolePrivileges!.push({ role: 'Project Manager', privilege: 'prvReadnew_setting', depth: 'Basic' });
    s.assignments!.push({ principal: 'nobody@contoso.com', principalType: 'user', role: 'Nope' });
    s.records!.push({ id: 'P2', table: 'new_project', owner: 'Deal', ownerType: 'team' });
    s.shares!.push({ record: 'P3', principalType: 'organization', rights: ['Read'] });
    const ps = problems(
      () => {},
      () => s,
    );
    expect(ps.map((p) => p.code)).toEqual([
      'bad-value',
      'unknown-business-unit',
      'unknown-business-unit',
      'bad-value',
      'predefined-role',
      'org-owned-depth',
      'unknown-user',
      'unknown-role',
      'access-team-owner',
      'unknown-record',
    ]);
    let err: SpecError | undefined;
    try {
      buildModel(s);
    } catch (e) {
      err = e as SpecError;
    }
    expect(err!.message.split('\n')).toHaveLength(ps.length);
  });
  it('origins locate a problem to file, line and column', () => {
    const s = ok();
    s.users.push({
      name: 'cy@contoso.com',
      businessUnit: 'Eest',
      origin: { file: 'users.csv', line: 4, columns: { user: 1, business_unit: 2 } },
    });
    expect(() => buildModel(s)).toThrow(/^users\.csv:4:2: unknown business unit \[column business_unit\] \(got "Eest"\)/);
  });
});
