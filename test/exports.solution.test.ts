// Solutions as a source of roles and tables: an unpacked folder and a .zip give the same spec; with the rest of
// the export in CSV files they give the same decisions as the CSV export alone; bad input is an error with
// file:line:column.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ExportError, formatExportProblem, loadExport, readExport } from '../src/exports/load.ts';
import { readSolution } from '../src/exports/solution.ts';
import { decisions, strip } from './helpers/exports.ts';

const SOLUTION = 'examples/contoso-solution';
const tmp = () => mkdtempSync(join(tmpdir(), 'rolecheck-sol-'));

/** examples/contoso without its custom roles and tables (they come from the solution). */
function contosoWithoutRoles(): string {
  const dir = tmp();
  cpSync('examples/contoso', dir, { recursive: true });
  const custom = new Set(
    readFileSync('examples/contoso/roles.csv', 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]),
  );
  const rp = readFileSync('examples/contoso/role-privileges.csv', 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'role-privileges.csv'), [rp[0], ...rp.slice(1).filter((l) => !custom.has(l.split(',')[0]!))].join('\n') + '\n');
  rmSync(join(dir, 'roles.csv'));
  rmSync(join(dir, 'tables.csv'));
  return dir;
}

/** A .zip with customizations.xml holding the roles and entities of an unpacked solution folder. */
function zipOf(folder: string, extra: Record<string, string> = {}, name = 'customizations.xml'): string {
  const body = (f: string) =>
    readFileSync(f, 'utf8')
      .replace(/^\ufeff/, '')
      .replace(/^<\?xml[^>]*\?>\s*/, '');
  const roles = readdirSync(join(folder, 'Roles'))
    .sort()
    .map((f) => body(join(folder, 'Roles', f)));
  const entities = readdirSync(join(folder, 'Entities'))
    .sort()
    .map((d) => body(join(folder, 'Entities', d, 'Entity.xml')));
  const xml = `<?xml version="1.0" encoding="utf-8"?>\n<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<Entities>\n${entities.join('\n')}\n</Entities>\n<Roles>\n${roles.join('\n')}\n</Roles>\n</ImportExportXml>\n`;
  const path = join(tmp(), 'ContosoSecurity_1_0_0_0.zip');
  writeFileSync(
    path,
    zipSync({
      [name]: strToU8(xml),
      '[Content_Types].xml': strToU8('<Types/>'),
      'solution.xml': strToU8('<ImportExportXml/>'),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
    }),
  );
  return path;
}

async function errorsOf(dir: string, solutions: string[]): Promise<string[]> {
  try {
    await readExport(dir, { solutions });
  } catch (e) {
    if (e instanceof ExportError) return e.problems.map(formatExportProblem);
    throw e;
  }
  throw new Error('no error');
}

describe('an unpacked solution', () => {
  it('gives the roles, their privileges and the tables with their ownership', () => {
    const s = readSolution(SOLUTION);
    expect(s.problems).toEqual([]);
    expect(strip(s.roles)).toEqual([
      { name: 'AP Clerk', inheritance: 'direct-and-team' },
      { name: 'AP Team Role', inheritance: 'team-only' },
      { name: 'Finance Controller', inheritance: 'direct-and-team' },
      { name: 'Invoice Reader', inheritance: 'direct-and-team' },
      { name: 'Maker Plus', inheritance: 'direct-and-team' },
      { name: 'Project Contributor', inheritance: 'team-only' },
      { name: 'Sales Manager', inheritance: 'direct-and-team' },
      { name: 'Salesperson', inheritance: 'direct-and-team' },
      { name: 'Support Agent', inheritance: 'direct-and-team' },
    ]);
    expect(strip(s.tables)).toEqual([
      { name: 'new_expense', ownership: 'user', custom: true, schemaName: 'new_Expense' },
      { name: 'new_invoice', ownership: 'user', custom: true, schemaName: 'new_Invoice' },
      { name: 'new_project', ownership: 'user', custom: true, schemaName: 'new_Project' },
      { name: 'new_region', ownership: 'organization', custom: true, schemaName: 'new_Region' },
      { name: 'new_taxrate', ownership: 'organization', custom: true, schemaName: 'new_TaxRate' },
    ]);
    expect(strip(s.rolePrivileges.filter((r) => r.role === 'AP Team Role'))).toEqual([
      { role: 'AP Team Role', privilege: 'prvCreatenew_Invoice', depth: 'Basic' },
      { role: 'AP Team Role', privilege: 'prvDeletenew_Invoice', depth: 'Basic' },
      { role: 'AP Team Role', privilege: 'prvReadnew_Invoice', depth: 'Basic' },
      { role: 'AP Team Role', privilege: 'prvWritenew_Invoice', depth: 'Basic' },
    ]);
    expect(s.rolePrivileges).toHaveLength(70);
    expect(s.rolePrivileges[0]!.origin).toEqual({
      file: 'examples/contoso-solution/Roles/AP Clerk.xml',
      line: 5,
      columns: { privilege: 5, depth: 5 },
    });
  });

  it('with the rest of the export in CSV, decides every question as the CSV export alone', async () => {
    const csv = await loadExport('examples/contoso');
    const withSolution = await loadExport(contosoWithoutRoles(), { solutions: [SOLUTION] });
    expect(decisions(withSolution.model)).toEqual(decisions(csv.model));
    expect(withSolution.files.map((f) => f.path)).toContain('examples/contoso-solution/Roles/Salesperson.xml');
  });

  it('as a .zip (customizations.xml) gives the same roles, privileges and tables', () => {
    const folder = readSolution(SOLUTION);
    const zip = readSolution(zipOf(SOLUTION));
    expect(zip.problems).toEqual([]);
    const sortBy = <T extends { name?: string; role?: string; privilege?: string }>(xs: T[]) =>
      strip(xs).sort((a, b) => `${a.name ?? a.role}|${a.privilege}`.localeCompare(`${b.name ?? b.role}|${b.privilege}`));
    expect(sortBy(zip.roles)).toEqual(sortBy(folder.roles));
    expect(sortBy(zip.rolePrivileges)).toEqual(sortBy(folder.rolePrivileges));
    expect(sortBy(zip.tables)).toEqual(sortBy(folder.tables));
    expect(zip.rolePrivileges[0]!.origin!.file).toMatch(/ContosoSecurity_1_0_0_0\.zip!customizations\.xml$/);
  });
});

describe('where each privilege row is', () => {
  it('gives the line and column of each row\'s "<": rows sharing a line, a tag over two lines, CRLF, tabs, a second role', () => {
    const dir = tmp();
    try {
      mkdirSync(join(dir, 'Roles'));
      writeFileSync(
        join(dir, 'Roles', 'X.xml'),
        '<?xml version="1.0"?>\r\n<Role name="X" id="{1}">\r\n  <RolePrivileges>\r\n' +
          '    <RolePrivilege name="prvReadAccount" level="Global" /><RolePrivilege name="prvWriteAccount"\r\n       level="Basic" />\r\n' +
          '\t<RolePrivilege\n name="prvCreateAccount" level="Deep"/>\n  </RolePrivileges>\n</Role>\n',
      );
      writeFileSync(
        join(dir, 'Roles', 'Y.xml'),
        '<Role name="Y"><RolePrivileges><RolePrivilege name="prvReadContact" level="Local"/></RolePrivileges></Role>',
      );
      const s = readSolution(dir);
      expect(s.problems).toEqual([]);
      expect(s.rolePrivileges.map((r) => [r.role, r.privilege, r.depth, r.origin!.line, r.origin!.columns!.privilege])).toEqual([
        ['X', 'prvReadAccount', 'Global', 4, 5],
        ['X', 'prvWriteAccount', 'Basic', 4, 59],
        ['X', 'prvCreateAccount', 'Deep', 6, 2],
        ['Y', 'prvReadContact', 'Local', 1, 32],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('real-role shapes', () => {
  it('reads system-table privileges, schema-name exceptions, miscellaneous privileges and a missing isinherited as they are', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'Roles'));
    writeFileSync(
      join(dir, 'Roles', 'Flow Reviewer.xml'),
      '\ufeff<?xml version="1.0" encoding="utf-8"?>\n<Role id="{0f6a8c1e-0000-4000-a000-000000000001}" name="Flow Reviewer" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n  <RolePrivileges>\n    <RolePrivilege name="prvReadNote" level="Basic" />\n    <RolePrivilege name="prvReadActivity" level="Local" />\n    <RolePrivilege name="prvReadUser" level="Global" />\n    <RolePrivilege name="prvReadWorkflowSession" level="Deep" />\n    <RolePrivilege name="prvFlow" level="Global" />\n    <RolePrivilege name="prvExportToExcel" level="Global" />\n  </RolePrivileges>\n</Role>\n',
    );
    const s = readSolution(dir);
    expect(s.problems).toEqual([]);
    expect(strip(s.roles)).toEqual([{ name: 'Flow Reviewer' }]);
    expect(strip(s.rolePrivileges).map((r) => `${r.privilege}=${r.depth}`)).toEqual([
      'prvReadNote=Basic',
      'prvReadActivity=Local',
      'prvReadUser=Global',
      'prvReadWorkflowSession=Deep',
      'prvFlow=Global',
      'prvExportToExcel=Global',
    ]);
  });
});

describe('solution input errors', () => {
  const base = () => {
    const d = contosoWithoutRoles();
    return d;
  };

  it('bad XML: file:line:column, and the rest of that file is not read', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'Roles'));
    writeFileSync(
      join(dir, 'Roles', 'Broken.xml'),
      '<?xml version="1.0"?>\n<Role name="Broken">\n  <RolePrivileges>\n    <RolePrivilege name="prvReadaccount" level="Global">\n  </RolePrivileges>\n</Role>\n',
    );
    const errors = await errorsOf(base(), [dir]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/Roles/Broken\\.xml:5:\\d+: malformed XML: unexpected close tag`),
    );
  });

  it('a zip without customizations.xml, a folder that is not a solution, a path that does not exist', async () => {
    const noCust = zipOf(SOLUTION, {}, 'other.xml');
    const notSolution = tmp();
    expect(await errorsOf(base(), [noCust, notSolution, '/nonexistent/solution.zip'])).toEqual([
      `${noCust}: ${noCust} has no customizations.xml; expected a solution .zip with customizations.xml at its root (as Power Platform exports it), or an unpacked solution folder`,
      `${notSolution}: "${notSolution}" is neither an unpacked solution folder nor a solution .zip: it has no Roles or Entities folder; expected the folder \`pac solution unpack\` writes (Roles/<role>.xml, Entities/<table>/Entity.xml), or the solution .zip`,
      '/nonexistent/solution.zip: solution "/nonexistent/solution.zip" does not exist; expected an unpacked solution folder (Roles/*.xml, Entities/*/Entity.xml) or a solution .zip',
    ]);
  });

  it('a role defined twice (a solution and roles.csv, or two solutions) names both places', async () => {
    const errors = await errorsOf('examples/contoso', [SOLUTION]);
    expect(errors).toContain(
      'examples/contoso-solution/Roles/Salesperson.xml:2:1: role "Salesperson" is defined twice: here and in roles.csv:2 [column name] (got "Salesperson"); expected each role defined once: in one solution, or in roles.csv',
    );
    expect(errors.filter((e) => e.includes('is defined twice'))).toHaveLength(9);
    const twice = await errorsOf(base(), [SOLUTION, zipOf(SOLUTION)]);
    expect(twice).toHaveLength(9);
    expect(twice[0]).toMatch(
      /^\/.*ContosoSecurity_1_0_0_0\.zip!customizations\.xml:\d+:1: role "AP Clerk" is defined twice: here and in examples\/contoso-solution\/Roles\/AP Clerk\.xml:2 \[column name\]/,
    );
  });

  it('unknown OwnershipTypeMask, a wrong root element, isinherited neither 1 nor 0', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'Roles'));
    mkdirSync(join(dir, 'Entities', 'new_Thing'), { recursive: true });
    writeFileSync(
      join(dir, 'Entities', 'new_Thing', 'Entity.xml'),
      '<Entity>\n  <Name>new_Thing</Name>\n  <EntityInfo>\n    <entity Name="new_Thing">\n      <OwnershipTypeMask>Everyone</OwnershipTypeMask>\n    </entity>\n  </EntityInfo>\n</Entity>\n',
    );
    writeFileSync(join(dir, 'Roles', 'A.xml'), '<Roles><Role name="A"/></Roles>\n');
    writeFileSync(join(dir, 'Roles', 'B.xml'), '<Role name="B" isinherited="yes"><RolePrivileges/></Role>\n');
    expect(await errorsOf(base(), [dir])).toEqual([
      `${dir}/Roles/A.xml:1:1: the root element is <Roles>, not <Role> (got "Roles"); expected a role file as pac solution unpack writes it: <Role name="…">`,
      `${dir}/Roles/B.xml:1:1: isinherited is neither 1 nor 0 [column isinherited] (got "yes"); expected 1 (Direct User (Basic) access level and Team privileges) or 0 (Team privileges only)`,
      `${dir}/Entities/new_Thing/Entity.xml:5:7: unknown OwnershipTypeMask of table "new_thing" [column ownership] (got "Everyone"); expected UserOwned, TeamOwned, BusinessOwned (user-or-team-owned) or OrgOwned (organization-owned)`,
    ]);
  });
});
