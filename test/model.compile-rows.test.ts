// Role privilege rows as compile reads them at scale (src/model/compile/roles.ts: first depths in a typed array, each
// conflicting row naming the line of the first one; custom roles applied as read, a predefined role's rows replacing
// its documented definition): the problems, warnings and depths are complete and exact.
import { describe, expect, it } from 'vitest';
import { buildModel, emptySpec, SpecError, type EnvironmentSpec, type Problem } from '../src/model/index.ts';

function spec(rows: Array<[role: string, privilege: string, depth: string, line: number]>): EnvironmentSpec {
  const s = emptySpec('Rows', true);
  s.users.push({ name: 'ana@contoso.com', businessUnit: 'Root' });
  s.tables = [{ name: 'new_project', ownership: 'user', custom: true }];
  s.roles = [{ name: 'Project Manager' }];
  s.rolePrivileges = rows.map(([role, privilege, depth, line]) => ({
    role,
    privilege,
    depth,
    origin: { file: 'role-privileges.csv', line },
  }));
  s.assignments = [
    { principal: 'ana@contoso.com', principalType: 'user', role: 'Project Manager' },
    { principal: 'ana@contoso.com', principalType: 'user', role: 'Basic User' },
  ];
  return s;
}
const brief = (p: Problem) => `${p.origin?.line} ${p.code} ${p.value}${p.expected ? ` (${p.expected})` : ''}`;

describe('role privilege rows', () => {
  it('a repeated row warns; each later row with another depth is an error naming the first row, whatever comes between', () => {
    const s = spec([
      ['Project Manager', 'prvReadnew_project', 'Local', 2],
      ['Project Manager', 'prvWritenew_project', 'Basic', 3],
      ['project manager', 'PRVREADNEW_PROJECT', 'Business Unit', 4], // the same depth, another spelling: a repeat
      ['Project Manager', 'prvReadnew_project', 'Deep', 5],
      ['Project Manager', 'prvWritenew_project', 'Global', 6],
      ['Project Manager', 'prvReadnew_project', 'Global', 7],
    ]);
    let err: SpecError | undefined;
    try {
      buildModel(s);
    } catch (e) {
      err = e as SpecError;
    }
    expect(err?.problems.map(brief)).toEqual([
      '5 duplicate Deep (one depth per role and privilege (line 2 already gives one))',
      '6 duplicate Global (one depth per role and privilege (line 3 already gives one))',
      '7 duplicate Global (one depth per role and privilege (line 2 already gives one))',
    ]);
    // Without the conflicts: the repeat is a warning, and the depths are those of the first rows.
    const fine = spec([
      ['Project Manager', 'prvReadnew_project', 'Local', 2],
      ['project manager', 'PRVREADNEW_PROJECT', 'Business Unit', 4],
    ]);
    const m = buildModel(fine);
    expect(m.compiled.warnings.map(brief)).toEqual(['4 duplicate-row PRVREADNEW_PROJECT']);
    expect(m.q.roleDepth('Project Manager', 'Read', 'new_project')).toBe('Local');
    expect(m.q.roleDepth('Project Manager', 'Write', 'new_project')).toBe('None');
  });

  it('a predefined role listed in the export takes exactly its rows; a custom role keeps the widest of several tables', () => {
    const m = buildModel(
      spec([
        ['Basic User', 'prvReadnew_project', 'Basic', 2],
        ['Project Manager', 'prvReadnew_project', 'Deep', 3],
        ['Project Manager', 'prvCreatenew_project', 'User', 4],
      ]),
    );
    expect(m.q.roleDepth('Basic User', 'Read', 'new_project')).toBe('Basic');
    expect(m.q.roleDepth('Basic User', 'Read', 'account')).toBe('None'); // its documented grants are replaced
    expect(m.q.roleDepth('Project Manager', 'Read', 'new_project')).toBe('Deep');
    expect(m.q.roleDepth('Project Manager', 'Create', 'new_project')).toBe('Basic');
    expect(m.q.reach('ana@contoso.com', 'Read', 'new_project').depth).toBe('Deep');
  });
});
