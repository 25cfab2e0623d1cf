// Web API bundles: the example bundle is the Contoso environment; importing it to CSV and reading that back gives
// the same environment, decisions and findings; role copies are folded; every broken file or lookup is an input
// error with its file and JSON path.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findings } from '../src/exports/findings.ts';
import { ExportError, formatExportProblem, formatWarning, loadExport, readExport } from '../src/exports/load.ts';
import { exportFiles, writeExportFolder } from '../src/exports/write-csv.ts';
import { decisions, EXAMPLE_CUSTOM_ROLES, strip } from './helpers/exports.ts';

const BUNDLE = 'examples/contoso-bundle';
const tmp = () => mkdtempSync(join(tmpdir(), 'rolecheck-bundle-'));
const copy = () => {
  const d = tmp();
  cpSync(BUNDLE, d, { recursive: true });
  return d;
};
const json = (dir: string, f: string) =>
  JSON.parse(readFileSync(join(dir, f), 'utf8')) as { value: Array<Record<string, unknown>> } & Record<string, unknown>;
const put = (dir: string, f: string, doc: unknown) => writeFileSync(join(dir, f), JSON.stringify(doc, null, 1));

async function errorsOf(dir: string): Promise<string[]> {
  try {
    await readExport(dir);
  } catch (e) {
    if (e instanceof ExportError) return e.problems.map(formatExportProblem);
    throw e;
  }
  throw new Error('no error');
}

describe('the example bundle', () => {
  it('is the Contoso environment: the same decisions on every user, table, record and privilege', async () => {
    const csv = await loadExport('examples/contoso');
    const bundle = await loadExport(BUNDLE);
    expect(bundle.kind).toBe('bundle');
    expect(decisions(bundle.model)).toEqual(decisions(csv.model));
    expect(bundle.warnings.map(formatWarning)).toEqual([]);
  });

  it('folds the business-unit copies of each role, and the copy assigned gives the business unit', async () => {
    const { spec } = await readExport(BUNDLE);
    expect(spec.roles!.map((r) => r.name).sort()).toEqual(EXAMPLE_CUSTOM_ROLES);
    expect(strip(spec.roles!.find((r) => r.name === 'AP Team Role'))).toEqual({
      name: 'AP Team Role',
      businessUnit: 'Contoso',
      inheritance: 'team-only',
    });
    expect(strip(spec.assignments!.find((a) => a.principal === 'lee.gu@contoso.com'))).toEqual({
      principal: 'lee.gu@contoso.com',
      principalType: 'user',
      role: 'AP Clerk',
      businessUnit: 'Accounts Payable',
    });
    // Another business unit's copy: the assignment takes that unit.
    const dir = copy();
    const sur = json(dir, 'systemuserroles.json');
    const roles = json(dir, 'roles.json').value;
    const lee = sur.value.find((r) => roles.find((x) => x.roleid === r.roleid)?.name === 'AP Clerk')!;
    lee.roleid = String(
      roles.find(
        (x) =>
          x.name === 'AP Clerk' &&
          x._businessunitid_value === json(dir, 'businessunits.json').value.find((b) => b.name === 'Finance')!.businessunitid,
      )!.roleid,
    ).toUpperCase();
    put(dir, 'systemuserroles.json', sur);
    const moved = (await readExport(dir)).spec.assignments!.find((a) => a.role === 'AP Clerk');
    expect(moved?.businessUnit).toBe('Finance');
  });

  it('reads privilege names that act on a table from entitydefinitions.json, and shares from their access masks', async () => {
    const { spec } = await readExport(BUNDLE);
    expect(strip(spec.privilegeNames)).toEqual(
      ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign'].map((p) => ({
        name: `prv${p}Note`,
        table: 'annotation',
        privilege: p,
      })),
    );
    expect(strip(spec.shares)).toEqual([
      { record: 'PRJ-2003', principal: 'grady.archie@contoso.com', principalType: 'user', rights: ['Read', 'Write'] },
      { record: 'INV-1004', principal: 'Invoice Reviewers', principalType: 'team', rights: ['Read'] },
      { record: 'ACC-3002', principal: '', principalType: 'organization', rights: ['Read'] },
      { record: 'PRJ-2001', principal: 'Sales West Team', principalType: 'team', rights: ['Read', 'Write', 'Append'] },
    ]);
  });
});

describe('rolecheck import: the bundle as CSV files of the contract', () => {
  it('gives the same environment, the same decisions and the same findings', async () => {
    const out = join(tmp(), 'contoso-csv');
    const bundle = await loadExport(BUNDLE);
    writeExportFolder(bundle.spec, out);
    const csv = await loadExport(out);
    expect(strip(csv.spec)).toEqual(strip(bundle.spec));
    expect(decisions(csv.model)).toEqual(decisions(bundle.model));
    // Findings are numbered in file and line order, which differs between the two forms: compared without both.
    const noLocation = (l: typeof bundle) =>
      findings(l)
        .map(({ location: _l, id: _i, ...f }) => f)
        .sort((a, b) => a.message.localeCompare(b.message));
    expect(noLocation(csv)).toEqual(noLocation(bundle));
    expect(findings(bundle).length).toBeGreaterThan(5);
  });

  it('writes the same bytes on every run, formula-safe, and replaces only a previous import', () => {
    const spec = {
      name: '=HYPERLINK("x")',
      type: 'Sandbox',
      dataverse: true,
      businessUnits: [{ name: 'Root', parent: null }],
      users: [{ name: '+1@x.com', businessUnit: 'Root', enabled: true }],
    };
    const files = exportFiles(spec);
    expect([...files.keys()]).toEqual(['environment.csv', 'business-units.csv', 'users.csv']);
    expect(files.get('environment.csv')).toBe('name,type,dataverse\r\n"\'=HYPERLINK(""x"")",Sandbox,true\r\n');
    expect(files.get('users.csv')).toBe("user,business_unit,enabled\r\n'+1@x.com,Root,true\r\n");
    const dir = tmp();
    writeExportFolder(spec, join(dir, 'a'));
    writeExportFolder(spec, join(dir, 'a'));
    expect(readFileSync(join(dir, 'a', 'users.csv'), 'utf8')).toBe(files.get('users.csv'));
    writeFileSync(join(dir, 'a', 'notes.txt'), 'mine');
    expect(() => writeExportFolder(spec, join(dir, 'a'))).toThrow(/already holds files that are not export CSV files \("notes\.txt"\)/);
    expect(readFileSync(join(dir, 'a', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('bundle input errors: file and JSON path', () => {
  it('a lookup that names no row', async () => {
    const dir = copy();
    const u = json(dir, 'systemusers.json');
    u.value[3]!._businessunitid_value = '00000000-0000-4000-a000-000000000000';
    put(dir, 'systemusers.json', u);
    const m = json(dir, 'teammembership.json');
    m.value[1]!.teamid = 'nope';
    put(dir, 'teammembership.json', m);
    expect(await errorsOf(dir)).toEqual([
      'systemusers.json: value[3]._businessunitid_value: _businessunitid_value names no row of businessunits.json (got "00000000-0000-4000-a000-000000000000"); expected the id of a row of businessunits.json',
      'teammembership.json: value[1].teamid: teamid names no row of teams.json (got "nope"); expected the id of a row of teams.json',
    ]);
  });

  it('a missing file, bad JSON with its line and column, a gap in the pages, an unfinished pull', async () => {
    const dir = copy();
    rmSync(join(dir, 'teams.json'));
    writeFileSync(join(dir, 'roles.json'), '{"value": [\n  {"roleid": "a",}\n]}');
    writeFileSync(join(dir, 'systemusers.4.json'), '{"value": []}');
    writeFileSync(join(dir, '.pull-state.json'), '{}');
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(4);
    expect(errors).toContain(
      'teams.json: required file teams.json is missing from the bundle; expected teams.json as the Web API returns it ({"value":[…]}); `rolecheck pull` writes every file',
    );
    expect(errors).toContain(
      'roles.json:2:18: malformed JSON: Expected double-quoted property name; expected JSON as the Web API returns it',
    );
    expect(errors).toContain(
      'systemusers.4.json: systemusers.4.json exists but systemusers.3.json is missing: pages are numbered without gaps; expected systemusers.json, systemusers.2.json, … in @odata.nextLink order',
    );
    expect(errors).toContain(
      '.pull-state.json: the bundle is incomplete: `rolecheck pull` did not finish (.pull-state.json is still there); expected run the same `rolecheck pull` command again: it continues where it stopped',
    );
    // Names defined in the broken files are not reported again as unknown.
    expect(errors.filter((e) => /names no row of (teams|roles|systemusers)\.json/.test(e))).toEqual([]);
  });

  it('a page that ends with @odata.nextLink without the next page', async () => {
    const dir = copy();
    rmSync(join(dir, 'systemusers.2.json'));
    expect((await errorsOf(dir))[0]).toBe(
      'systemusers.json: @odata.nextLink: systemusers.json ends with @odata.nextLink but systemusers.2.json is missing: the collection is incomplete; expected every page of the collection (rerun `rolecheck pull`)',
    );
  });

  it('role privileges: a custom role without its file, a file of a role that roles.json does not have', async () => {
    const dir = copy();
    const roles = json(dir, 'roles.json').value;
    const salesperson = String(roles.find((r) => r.name === 'Salesperson' && r.roleid === r._parentrootroleid_value)!.roleid);
    rmSync(join(dir, 'roleprivileges', `${salesperson}.json`));
    writeFileSync(join(dir, 'roleprivileges', '11111111-2222-4333-a444-555555555555.json'), '{"RolePrivileges":[]}');
    expect(await errorsOf(dir)).toEqual([
      `roleprivileges/${salesperson}.json: the privileges of role "Salesperson" are missing: roleprivileges/${salesperson}.json is not in the bundle; expected the response of roles(ROOTROLEID)/Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRole() for every custom role`,
      'roleprivileges/11111111-2222-4333-a444-555555555555.json: roleprivileges/11111111-2222-4333-a444-555555555555.json holds the privileges of a role that roles.json does not have (got "11111111-2222-4333-a444-555555555555"); expected the roleid of a root role of roles.json as the file name',
    ]);
  });

  it('values of the wrong kind: teamtype, OwnershipType, accessrightsmask', async () => {
    const dir = copy();
    const t = json(dir, 'teams.json');
    t.value[0]!.teamtype = 7;
    put(dir, 'teams.json', t);
    const e = json(dir, 'entitydefinitions.json');
    e.value[0]!.OwnershipType = 'Shared';
    put(dir, 'entitydefinitions.json', e);
    const p = json(dir, 'principalobjectaccess.json');
    p.value[0]!.accessrightsmask = 'read';
    put(dir, 'principalobjectaccess.json', p);
    expect(await errorsOf(dir)).toEqual([
      'teams.json: value[0].teamtype: unknown teamtype (got "7"); expected 0 (owner), 1 (access), 2 (Microsoft Entra security group) or 3 (Microsoft Entra Office group)',
      'entitydefinitions.json: value[0].OwnershipType: unknown OwnershipType of table "new_invoice" (got "Shared"); expected UserOwned, TeamOwned, BusinessOwned, OrganizationOwned or None',
      'principalobjectaccess.json: value[0].accessrightsmask: accessrightsmask is not a whole number (got "read"); expected the AccessRights bits of the share (1 Read, 2 Write, 4 Append, 16 AppendTo, 65536 Delete, 262144 Share, 524288 Assign)',
    ]);
  });
});
