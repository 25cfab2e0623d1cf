// Contract version 2 in the CSV reader: managers, positions, hierarchy settings, the business unit of an
// assignment, schema names and privilege names of tables, numeric depths read by a per-file scheme; booleans that
// are not fooled by inherited property names; a malformed environment.csv that hides no other file's errors.
import { describe, expect, it } from 'vitest';
import { ExportError, formatExportProblem, formatWarning, loadExport, readExport } from '../src/exports/load.ts';
import { exportDir, strip } from './helpers/exports.ts';

async function errorsOf(dir: string, load = readExport): Promise<string[]> {
  try {
    await load(dir);
  } catch (e) {
    if (e instanceof ExportError) return e.problems.map(formatExportProblem);
    throw e;
  }
  throw new Error('no error');
}

describe('contract version 2: new files and columns', () => {
  it('reads managers, positions, hierarchy settings, assignment business units, schema names and privilege names', async () => {
    const dir = exportDir({
      'users.csv':
        'user,business_unit,enabled,manager,position\nana@fabrikam.com,Sales,true,ben@fabrikam.com,Rep\nben@fabrikam.com,Fabrikam,,,Head\n',
      'positions.csv': 'name,parent\nHead,\nRep,Head\n',
      'hierarchy.csv': 'model,depth,excluded_tables,managers_in_same_or_parent_unit\nposition,2,new_secret; contact,no\n',
      'roles.csv': 'name\nClerk\n',
      'role-assignments.csv':
        'principal,principal_type,role,business_unit\nana@fabrikam.com,user,Clerk,Fabrikam\nben@fabrikam.com,user,Clerk,\n',
      'tables.csv': 'name,ownership,custom,schema_name\nnew_sheet,user,true,new_Sheet\n',
      'privilege-names.csv': 'name,table,privilege\nprvReadSheetData,new_sheet,Read\n',
    });
    const r = await readExport(dir);
    expect(r.kind).toBe('csv');
    const s = strip(r.spec);
    expect(s.users).toEqual([
      { name: 'ana@fabrikam.com', businessUnit: 'Sales', enabled: true, manager: 'ben@fabrikam.com', position: 'Rep' },
      { name: 'ben@fabrikam.com', businessUnit: 'Fabrikam', enabled: true, position: 'Head' },
    ]);
    expect(s.positions).toEqual([
      { name: 'Head', parent: null },
      { name: 'Rep', parent: 'Head' },
    ]);
    expect(s.hierarchy).toEqual({
      model: 'position',
      depth: 2,
      excludedTables: ['new_secret', 'contact'],
      managersInSameOrParentUnit: false,
    });
    expect(s.assignments).toEqual([
      { principal: 'ana@fabrikam.com', principalType: 'user', role: 'Clerk', businessUnit: 'Fabrikam' },
      { principal: 'ben@fabrikam.com', principalType: 'user', role: 'Clerk' },
    ]);
    expect(s.tables).toEqual([{ name: 'new_sheet', ownership: 'user', custom: true, schemaName: 'new_Sheet' }]);
    expect(s.privilegeNames).toEqual([{ name: 'prvReadSheetData', table: 'new_sheet', privilege: 'Read' }]);
    expect(r.spec.users[0]!.origin).toEqual({
      file: 'users.csv',
      line: 2,
      columns: { user: 1, business_unit: 2, enabled: 3, manager: 4, position: 5 },
    });
  });

  it('checks the hierarchy settings: one row, the model, the depth, and positions.csv for the position model', async () => {
    expect(
      await errorsOf(exportDir({ 'hierarchy.csv': 'model,depth,managers_in_same_or_parent_unit\nposition,0,maybe\nmanager,3,\n' })),
    ).toEqual([
      'hierarchy.csv:2:2: not a hierarchy depth [column depth] (got "0"); expected a whole number from 1 to 100 (default 3)',
      'hierarchy.csv:2:3: not a boolean [column managers_in_same_or_parent_unit] (got "maybe"); expected true, false, yes, no, 1 or 0',
      'hierarchy.csv:3:1: hierarchy.csv has more than one data row [column model] (got "manager"); expected exactly one data row: the hierarchy security settings (model,depth,excluded_tables,managers_in_same_or_parent_unit)',
      'positions.csv: required file positions.csv is missing from the export (hierarchy.csv sets the position model); expected positions.csv with the columns name, parent',
    ]);
    expect(await errorsOf(exportDir({ 'hierarchy.csv': 'model,depth\nmanagr,101\n' }))).toEqual([
      'hierarchy.csv:2:1: unknown hierarchy model [column model] (got "managr"); expected manager or position; did you mean "manager"?',
      'hierarchy.csv:2:2: not a hierarchy depth [column depth] (got "101"); expected a whole number from 1 to 100 (default 3)',
    ]);
  });
});

describe('numeric depths: one scheme per file', () => {
  const rp = (depths: string[]) =>
    exportDir({
      'roles.csv': 'name\nClerk\n',
      'role-privileges.csv': `role,privilege,depth\n${depths.map((d, i) => `Clerk,prv${['Read', 'Write', 'Create', 'Delete', 'Append', 'AppendTo'][i]}account,${d}`).join('\n')}\n`,
    });

  it('0 or 3 means Web API numbers, 8 means masks: the scheme is set on every row of the file', async () => {
    const e = await readExport(rp(['Basic', '0', '3']));
    expect(e.spec.rolePrivileges!.map((x) => [x.depth, x.depthScheme])).toEqual([
      ['Basic', 'enum'],
      ['0', 'enum'],
      ['3', 'enum'],
    ]);
    expect(e.warnings).toEqual([]);
    const m = await readExport(rp(['8', '1', 'Global']));
    expect(m.spec.rolePrivileges!.map((x) => [x.depth, x.depthScheme])).toEqual([
      ['8', 'mask'],
      ['1', 'mask'],
      ['Global', 'mask'],
    ]);
    const names = await readExport(rp(['Basic', 'Global']));
    expect(names.spec.rolePrivileges!.map((x) => x.depthScheme)).toEqual([undefined, undefined]);
  });

  it('only 1, 2 and 4: read as Web API numbers, with one warning that says how to write them', async () => {
    const e = await readExport(rp(['1', '2', '4']));
    expect(e.spec.rolePrivileges!.map((x) => x.depthScheme)).toEqual(['enum', 'enum', 'enum']);
    expect(e.warnings.map(formatWarning)).toEqual([
      'warning: role-privileges.csv:2:3: the depths of role-privileges.csv are numbers 1, 2 and 4 only, which are valid both as Web API numbers and as depth masks: read as Web API numbers (1 Local, 2 Deep, 4 RecordFilter); write Basic, Local, Deep or Global to say it plainly, or add a row with 0 or 3 (Web API numbers) or 8 (masks)',
    ]);
  });

  it('both kinds of numbers: the rows of the rarer kind are errors that name a row of the other', async () => {
    expect(await errorsOf(rp(['0', '3', '8', 'Basic']))).toEqual([
      'role-privileges.csv:4:3: depth 8 is a depth mask (8 = Global), but this file writes Web API depth numbers (line 2: 0) [column depth] (got "8"); expected one numbering per file: Web API numbers (0 Basic, 1 Local, 2 Deep, 3 Global, 4 RecordFilter) or depth masks (1 Basic, 2 Local, 4 Deep, 8 Global); depth names (Basic, Local, Deep, Global) are never ambiguous',
    ]);
    expect((await errorsOf(rp(['8', '8', '3'])))[0]).toMatch(
      /^role-privileges\.csv:4:3: depth 3 is a Web API depth number, but this file writes depth masks \(line 2: 8\)/,
    );
  });
});

describe('value lookups are not fooled by inherited property names', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('enabled = %s is not a boolean', async (v) => {
    expect(await errorsOf(exportDir({ 'users.csv': `user,business_unit,enabled\nana@fabrikam.com,Sales,${v}\n` }))).toEqual([
      `users.csv:2:3: not a boolean [column enabled] (got "${v}"); expected true, false, yes, no, 1 or 0`,
    ]);
  });
  it('dataverse = constructor is not a boolean', async () => {
    expect(await errorsOf(exportDir({ 'environment.csv': 'name,type,dataverse\nFabrikam,Sandbox,constructor\n' }))).toEqual([
      'environment.csv:2:3: not a boolean [column dataverse] (got "constructor"); expected true, false, yes, no, 1 or 0 (does the environment have a Dataverse database?)',
    ]);
  });
});

describe('every problem of every file in one run', () => {
  it('a malformed environment.csv does not hide the errors of the other files', async () => {
    const dir = exportDir({
      'environment.csv': 'name,type,dataverse\n"Fabrikam,Sandbox,true\n',
      'teams.csv': 'name,business_unit,type\nSales Team,Sales,owner\n',
      'team-members.csv': 'team,user\nSales Team,anna@fabrikam.com\n',
      'users.csv': 'user,business_unit,enabled\nana@fabrikam.com,Sales,perhaps\nben@fabrikam.com,Fabrikam,true\n',
    });
    expect(await errorsOf(dir, loadExport)).toEqual([
      'environment.csv:2: a quoted value opened on line 2 is never closed (unclosed quote); the rest of the file cannot be read; expected a closing " before the end of the file; write a quote inside a quoted value as ""',
      'users.csv:2:3: not a boolean [column enabled] (got "perhaps"); expected true, false, yes, no, 1 or 0',
      // Suggestions are the nearest names only (src/vocabulary/near-names.ts).
      'team-members.csv:2:2: unknown user [column user] (got "anna@fabrikam.com"); expected a user defined in the export; did you mean "ana@fabrikam.com"?',
    ]);
  });

  it('a broken users.csv hides only the consequences of its missing rows', async () => {
    const dir = exportDir({
      'users.csv': 'user,business_unit,enabled\nana@fabrikam.com,Sales,true\nben@fabrikam.com,Fabrikam,true,extra\n',
      'teams.csv': 'name,business_unit,type\nSales Team,Sals,owner\n',
      'team-members.csv': 'team,user\nSales Team,ben@fabrikam.com\n',
    });
    expect(await errorsOf(dir, loadExport)).toEqual([
      'users.csv:3:4: row has 4 fields but the header has 3 (got "ben@fabrikam.com,Fabrikam,true,extra"); expected 3 comma-separated fields (user, business_unit, enabled); quote values that contain commas',
      'teams.csv:2:2: unknown business unit [column business_unit] (got "Sals"); expected a business unit defined in the export; did you mean "Sales"?',
    ]);
  });
});
