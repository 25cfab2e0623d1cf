// The commands of issue 11 as a user runs them: import, pull, --solution; exit codes, messages, and nothing
// written on an input error.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { checkQueries } from '../src/check/check.ts';
import { main } from '../src/cli/main.ts';
import { loadExport } from '../src/exports/load.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'rolecheck-cli-sources-'));

/** What `rolecheck check EXPORT --queries examples/contoso/queries.csv` prints, computed in this process. */
async function answers(folder: string): Promise<string> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(Buffer.from(c));
      cb();
    },
  });
  await checkQueries((await loadExport(folder)).model, 'examples/contoso/queries.csv', sink);
  return Buffer.concat(chunks).toString('utf8');
}

describe('rolecheck import', () => {
  it('writes the bundle as CSV files that answer the example queries as the bundle does', async () => {
    const out = join(tmp(), 'contoso-csv');
    const r = run('import', 'examples/contoso-bundle', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^rolecheck import: Web API bundle examples\/contoso-bundle -> .*contoso-csv: 12 files \(environment\.csv, business-units\.csv, users\.csv, teams\.csv, team-members\.csv, roles\.csv, role-privileges\.csv, tables\.csv, privilege-names\.csv, role-assignments\.csv, records\.csv, shares\.csv\); 29 users, 15 teams, 9 custom roles, 166 role privileges/,
    );
    expect(readFileSync(join(out, 'role-assignments.csv'), 'utf8').split('\r\n')[0]).toBe('principal,principal_type,role,business_unit');
    const [a, b] = await Promise.all([answers(out), answers('examples/contoso-bundle')]);
    expect(a).toBe(b);
    expect(a.trim().split('\n')).toHaveLength(26);
  });

  it('a bundle missing a file: exit 2, the file named, nothing written', () => {
    const bundle = tmp();
    cpSync('examples/contoso-bundle', bundle, { recursive: true });
    rmSync(join(bundle, 'teams.json'));
    const out = join(tmp(), 'never');
    const r = run('import', bundle, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error: teams.json: required file teams.json is missing from the bundle');
    expect(r.stderr).toMatch(/nothing was written\.\n$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('--solution', () => {
  it('bad XML in a solution: exit 2 with file:line:column, and the previous report left as it was', () => {
    const sol = tmp();
    mkdirSync(join(sol, 'Roles'));
    writeFileSync(
      join(sol, 'Roles', 'Bad.xml'),
      '<Role name="Bad">\n  <RolePrivileges>\n    <RolePrivilege name="prvReadaccount" level="Global" / >\n',
    );
    const reports = tmp();
    writeFileSync(join(reports, 'compliance.html'), 'previous');
    const r = run('audit', 'examples/contoso', '--solution', sol, '--out', reports);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${sol}/Roles/Bad.xml:3:`);
    expect(r.stderr).toContain('malformed XML');
    expect(readFileSync(join(reports, 'compliance.html'), 'utf8')).toBe('previous');
  });
});

describe('rolecheck pull', () => {
  it('refuses a URL that is not https before any sign-in, with exit 2', () => {
    const r = run('pull', '--url', 'http://contoso.crm.dynamics.com', '--out', join(tmp(), 'b'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'rolecheck pull: --url: "http://contoso.crm.dynamics.com" is not https; expected https://ORG.crm.dynamics.com (the environment URL of the Power Platform admin center)\n',
    );
  });

  it.each(['import', 'pull'])('%s --help refers to docs/export-format.md', async (cmd) => {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      out += String(c);
      return true;
    });
    try {
      expect(await main(['node', 'rolecheck', cmd, '--help'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out).toContain(`Usage: rolecheck ${cmd}`);
    expect(out).toContain('docs/export-format.md');
  });
});
