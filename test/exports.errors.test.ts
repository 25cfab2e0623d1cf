// Every input error kind of the export contract (shared/tenant-format.md) has a fixture in
// test/fixtures/exports/<case>/ and a test of its message: file, line, column, bad value, expected, suggestion.
import { describe, expect, it } from 'vitest';
import { ExportError, formatExportProblem, loadExport, MAX_REPORTED_ERRORS } from '../src/exports/load.ts';

const dir = (c: string) => `test/fixtures/exports/${c}`;

async function errorsOf(c: string): Promise<string[]> {
  try {
    await loadExport(dir(c));
  } catch (e) {
    if (e instanceof ExportError) return e.problems.map(formatExportProblem);
    throw e;
  }
  throw new Error(`fixture ${c} loaded without errors`);
}

interface Case {
  fixture: string;
  where: string;
  value?: string;
  expected: string;
  suggestion?: string;
  count?: number;
}

const CASES: Case[] = [
  { fixture: 'missing-file', where: 'users.csv: required file users.csv is missing', expected: 'users.csv with the columns user' },
  {
    fixture: 'missing-business-units',
    where: 'business-units.csv: required file business-units.csv is missing',
    expected: 'columns name, parent',
  },
  {
    fixture: 'missing-column',
    where: 'teams.csv:1: missing required column "type"',
    expected: 'the columns name, business_unit, type',
    suggestion: '"typ"',
  },
  {
    fixture: 'missing-business-unit-column',
    where: 'users.csv:1: missing required column "business_unit"',
    expected: 'user, business_unit',
  },
  { fixture: 'empty-file', where: 'users.csv:1: the file is empty', expected: 'a header with the columns user' },
  { fixture: 'unclosed-quote', where: 'users.csv:3: a quoted value opened on line 3 is never closed', expected: 'a closing "' },
  {
    fixture: 'wrong-column-count',
    where: 'users.csv:3:4: row has 4 fields but the header has 3',
    value: 'ben@fabrikam.com,Service,true,extra',
    expected: '3 comma-separated fields',
    count: 1,
  },
  {
    fixture: 'bad-boolean',
    where: 'users.csv:3:3: not a boolean [column enabled]',
    value: 'maybe',
    expected: 'true, false, yes, no, 1 or 0',
  },
  { fixture: 'bom-crlf', where: 'users.csv:7:3: not a boolean [column enabled]', value: 'nope', expected: 'true, false, yes, no, 1 or 0' },
  {
    fixture: 'bad-environment-type',
    where: 'environment.csv:2:2: unknown environment type [column type]',
    value: 'Prod',
    expected: 'Default, Production, Sandbox',
    suggestion: '"Production"',
  },
  {
    fixture: 'several-environment-rows',
    where: 'environment.csv:3:1: environment.csv has more than one data row',
    value: 'Contoso',
    expected: 'exactly one data row',
  },
  {
    fixture: 'bad-depth',
    where: 'role-privileges.csv:2:3: unknown depth [column depth]',
    value: 'Regional',
    expected:
      'Basic, Local, Deep, Global (or User, Business Unit, Parent: Child Business Units, Organization; a PrivilegeDepth number 0-3; a depth mask 1, 2, 4, 8), None or RecordFilter',
  },
  {
    fixture: 'org-owned-depth',
    where: 'role-privileges.csv:3:3: table "new_rate" is organization-owned',
    value: 'Local',
    expected: 'Global (Organization)',
  },
  {
    fixture: 'unknown-user',
    where: 'team-members.csv:2:2: unknown user [column user]',
    value: 'bem@fabrikam.com',
    expected: 'a user defined in the export',
    suggestion: '"ben@fabrikam.com"',
  },
  {
    fixture: 'unknown-role',
    where: 'role-assignments.csv:2:3: unknown role [column role]',
    value: 'Invoice Clerc',
    expected: 'a role defined in the export',
    suggestion: '"Invoice Clerk"',
  },
  {
    fixture: 'unknown-team',
    where: 'role-assignments.csv:2:1: unknown team [column principal]',
    value: 'Sales Tema',
    expected: 'a team defined in the export',
    suggestion: '"Sales Team"',
  },
  {
    fixture: 'unknown-business-unit',
    where: 'users.csv:2:2: unknown business unit [column business_unit]',
    value: 'Sals',
    expected: 'a business unit defined in the export',
    suggestion: '"Sales"',
  },
  {
    fixture: 'unknown-record',
    where: 'shares.csv:2:1: unknown record [column record]',
    value: 'INV-2',
    expected: 'a record defined in the export',
    suggestion: '"INV-1"',
  },
  { fixture: 'duplicate-key', where: 'users.csv:4:1: duplicate user', value: 'ANA@fabrikam.com', expected: 'each user once' },
  {
    fixture: 'conflicting-privilege-row',
    where: 'role-privileges.csv:4:3: role "Invoice Clerk" lists prvReadnew_invoice twice with different depths',
    value: 'Deep',
    expected: 'line 2 already gives one',
  },
  {
    fixture: 'cycle',
    where: 'business-units.csv:3:2: business unit "Sales" is its own ancestor (a cycle)',
    value: 'Service',
    expected: 'a tree',
  },
  {
    fixture: 'several-roots',
    where: 'business-units.csv:3:2: second root business unit "Sales"',
    expected: 'exactly one business unit with an empty parent',
  },
  {
    fixture: 'predefined-role-declared',
    where: 'roles.csv:3:1: "Basic User" is a predefined role',
    value: 'Basic User',
    expected: 'a custom role name',
  },
  {
    fixture: 'org-owned-record',
    where: 'records.csv:3:2: table "new_rate" is organization-owned',
    value: 'new_rate',
    expected: 'a user-owned table',
  },
  {
    fixture: 'bad-team-type',
    where: 'teams.csv:2:3: unknown team type [column type]',
    value: 'ownr',
    expected: 'owner, group or access',
    suggestion: '"owner"',
  },
  {
    fixture: 'bad-principal-type',
    where: 'role-assignments.csv:2:2: unknown principal type [column principal_type]',
    value: 'usr',
    expected: 'user or team',
    suggestion: '"user"',
  },
  {
    fixture: 'bad-share-right',
    where: 'shares.csv:2:4: unknown share right [column rights]',
    value: 'Wrte',
    expected: 'Read, Write, Delete',
    suggestion: '"Write"',
  },
  {
    fixture: 'bad-inheritance',
    where: "roles.csv:2:3: unknown member's privilege inheritance [column inheritance]",
    value: 'team only',
    expected: 'direct-and-team or team-only',
    suggestion: '"team-only"',
  },
  {
    fixture: 'bad-ownership',
    where: 'tables.csv:2:2: unknown table ownership [column ownership]',
    value: 'users',
    expected: 'user or organization',
    suggestion: '"user"',
    count: 1,
  },
  {
    fixture: 'bad-owner-type',
    where: 'records.csv:2:4: unknown owner type [column owner_type]',
    value: 'usr',
    expected: 'user or team',
    suggestion: '"user"',
    count: 1,
  },
];

describe('input errors of an export: one fixture per kind', () => {
  it.each(CASES)('$fixture', async (c) => {
    const errors = await errorsOf(c.fixture);
    const line = errors.find((e) => e.startsWith(c.where));
    expect(line, `no error starting with "${c.where}" in:\n${errors.join('\n')}`).toBeDefined();
    if (c.value !== undefined) expect(line).toContain(`(got "${c.value}")`);
    expect(line).toContain(`expected ${c.expected}`.slice(0, 9));
    expect(line).toContain(c.expected);
    if (c.suggestion) expect(line).toContain(`did you mean ${c.suggestion}`);
    if (c.count !== undefined) expect(errors).toHaveLength(c.count);
  });

  it('reports the errors of every file of the export together, in file order', async () => {
    const errors = await errorsOf('several-files');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^users\.csv:3:3: not a boolean .*"perhaps"/);
    expect(errors[1]).toMatch(/^role-privileges\.csv:2:3: unknown depth .*"Everywhere"/);
    expect(errors[2]).toMatch(/^shares\.csv:2:2: unknown user .*"al@fabrikam\.com".*did you mean "ana@fabrikam\.com"/);
  });

  it('collects every error but prints at most the cap, saying how many more', async () => {
    try {
      await loadExport(dir('many-errors'));
      throw new Error('no error');
    } catch (e) {
      if (!(e instanceof ExportError)) throw e;
      expect(e.problems).toHaveLength(150);
      const lines = e.message.split('\n');
      expect(lines).toHaveLength(MAX_REPORTED_ERRORS + 1);
      expect(lines.at(-1)).toBe('… and 50 more errors (150 in all)');
      expect(lines[0]).toBe(
        'error: users.csv:4:2: unknown business unit [column business_unit] (got "Nowhere"); expected a business unit defined in the export',
      );
    }
  });
});

describe('warnings and tolerated input', () => {
  it('an unknown column is a warning printed once per file, not an error', async () => {
    const loaded = await loadExport(dir('unknown-column'));
    const unknown = loaded.warnings.filter((w) => w.code === 'unknown-column');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.origin).toMatchObject({ file: 'users.csv', line: 1 });
    expect(unknown[0]!.message).toContain('"departmnt"');
  });

  it('a privilege on a table no file describes is a warning (version 2), with the closest tables of the export', async () => {
    const loaded = await loadExport(dir('bad-privilege-name'));
    const w = loaded.warnings.filter((x) => x.code === 'unknown-table');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({
      origin: { file: 'role-privileges.csv', line: 2 },
      value: 'prvReadnew_invoce',
      suggestions: ['prvReadnew_invoice'],
    });
    expect(loaded.model.compiled.unknownTables.map((u) => u.name)).toEqual(['new_invoce']);
  });

  it('an exact duplicate role privilege row is a warning', async () => {
    const loaded = await loadExport(dir('duplicate-privilege-row'));
    expect(loaded.warnings.map((w) => `${w.origin?.file}:${w.origin?.line} ${w.code}`)).toContain('role-privileges.csv:4 duplicate-row');
  });

  it('reads BOM, CRLF, quoted values with commas and line breaks, empty lines, and trimmed case-insensitive headers', async () => {
    const loaded = await loadExport(dir('bom-crlf-valid'));
    const users = loaded.spec.users;
    expect(users.map((u) => [u.name, u.businessUnit, u.enabled, u.origin?.line])).toEqual([
      ['ana@fabrikam.com', 'Sales', true, 2],
      ['ben@fabrikam.com', 'Service', true, 4],
      ['cid@fabrikam.com', 'Sales', false, 7],
    ]);
    expect(users[0]!.origin?.columns).toMatchObject({ user: 1, business_unit: 2, enabled: 3 });
  });

  it('keeps the SHA-256 and row count of every input file', async () => {
    const loaded = await loadExport(dir('valid'));
    expect(loaded.files.map((f) => f.path)).toContain('users.csv');
    const users = loaded.files.find((f) => f.path === 'users.csv')!;
    expect(users.rows).toBe(2);
    expect(users.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a folder that does not exist is an error naming it', async () => {
    await expect(loadExport('test/fixtures/exports/nope')).rejects.toThrow(/export folder "test\/fixtures\/exports\/nope" does not exist/);
  });
});
