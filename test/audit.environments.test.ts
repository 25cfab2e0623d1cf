// `rolecheck audit` of a folder of environments (issue 16 item 5): two copies of the example under different names
// are both audited and reported, each in its own report folder, with a combined summary and the cross-environment
// user-roles.csv; --shard over environments and `report --from <shard>/environments.json…` give the same tenant
// report as one run; a merge that is not one whole audit, and an input error in any environment, write nothing.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { key } from '../src/vocabulary/index.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = mkdtempSync(join(tmpdir(), 'rolecheck-tenant-'));
const tenant = join(tmp, 'tenant');
type Json = Record<string, any>;
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8')) as Json;
/** A CSV file written by rolecheck (no quoted line breaks in these): its rows as arrays of cells, without the header. */
const csvRows = (p: string): string[][] =>
  readFileSync(p, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));

/** The example twice: prod as it is, test renamed (environment.csv) and a Sandbox. */
function makeTenant(dir: string): void {
  mkdirSync(dir, { recursive: true });
  cpSync('examples/contoso', join(dir, 'prod'), { recursive: true });
  cpSync('examples/contoso', join(dir, 'test'), { recursive: true });
  writeFileSync(join(dir, 'test', 'environment.csv'), 'name,type,dataverse\nContoso Test,Sandbox,yes\n');
}

let whole: { code: number | null; stdout: string; stderr: string };
const out = join(tmp, 'out');
beforeAll(() => {
  makeTenant(tenant);
  whole = run('audit', tenant, '--out', out, '--fail-on', 'findings', '--json');
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('an audit of a folder of environments', () => {
  it('audits and reports both copies of the example, each in its own report folder', () => {
    expect(whole.code, whole.stderr).toBe(1); // the example has findings
    const s = JSON.parse(whole.stdout) as Json;
    expect(s.all).toEqual(['prod', 'test']);
    expect(s.shard).toBeNull();
    expect(s.environments.map((e: Json) => [e.name, e.environment, e.type, e.report])).toEqual([
      ['prod', 'Contoso Production', 'Production', 'environments/prod/compliance.html'],
      ['test', 'Contoso Test', 'Sandbox', 'environments/test/compliance.html'],
    ]);
    // The same export under two names: the same results, which are those of a single audit of the example.
    const single = run('audit', 'examples/contoso', '--out', join(tmp, 'single'), '--fail-on', 'findings', '--json', '--quiet');
    const one = JSON.parse(single.stdout) as Json;
    for (const e of s.environments as Json[]) {
      // Policies are named with their file, which lies in each copy: compared by scenario name.
      const named = (x: Json) => ({ ...x, failedNames: x.failedNames.map((n: string) => n.replace(/ \([^()]*\.feature\)$/, '')) });
      for (const part of ['specification', 'audit', 'policies']) expect([part, named(e[part])]).toEqual([part, named(one[part])]);
      expect(e.findings).toEqual({ total: one.findings.total, bySeverity: one.findings.bySeverity });
      expect(e.exitCode).toBe(single.code);
      expect(e.incomplete).toBeNull();
      expect(e.population.users).toBe(csvRows('examples/contoso/users.csv').length);
    }
    expect(s.exitCode).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['environments', 'environments.csv', 'environments.json', 'index.html', 'user-roles.csv']);
    expect(readdirSync(join(out, 'environments')).sort()).toEqual(['prod', 'test']);
    for (const name of ['prod', 'test']) {
      expect(readJson(join(out, 'environments', name, 'environment.json')).name).toBe(
        name === 'prod' ? 'Contoso Production' : 'Contoso Test',
      );
      expect(existsSync(join(out, 'environments', name, 'compliance.html'))).toBe(true);
    }
    expect(readJson(join(out, 'environments.json'))).toEqual(s);
    expect(csvRows(join(out, 'environments.csv')).map((r) => [r[0], r[1], r[r.length - 2]])).toEqual([
      ['prod', 'Contoso Production', '1'],
      ['test', 'Contoso Test', '1'],
    ]);
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="environments/prod/compliance.html">prod</a>');
    expect(index).toContain('<a href="environments/test/compliance.html">test</a>');
    expect(whole.stderr).toMatch(/^ {2}prod +\d+ users .* exit 1$/m);
    expect(whole.stderr).toMatch(/^ {2}test +\d+ users .* exit 1$/m);
  });

  it('user-roles.csv: every role of every user in both environments, sorted by user then environment', () => {
    const rows = csvRows(join(out, 'user-roles.csv'));
    expect(readFileSync(join(out, 'user-roles.csv'), 'utf8').split('\r\n')[0]).toBe(
      'user,environment,environment_name,role,kind,team,business_unit,copy,user_enabled,note',
    );
    for (const env of ['prod', 'test']) {
      const mine = rows.filter((r) => r[1] === env);
      // The security roles that reach each user are exactly those of the environment's own data file
      // (access/users.csv, written by the audit from the model's effective access: another path to the same facts).
      const access = csvRows(join(out, 'environments', env, 'access', 'users.csv'))
        .filter((r) => r[4] !== '')
        .map((r) => [r[0], r[4], r[5], r[6], r[7] === 'true' ? 'yes' : 'no'].join('|'));
      const held = mine
        .filter((r) => r[4] === 'security role' && !r[9]!.startsWith('ignored'))
        .map((r) => [r[0], r[3], r[5], r[6], r[7]].join('|'));
      expect(held.sort()).toEqual(access.sort());
      // Every user once with Environment Maker (automatic unless assigned).
      const users = csvRows('examples/contoso/users.csv').map((r) => r[0]!);
      expect(
        mine
          .filter((r) => r[3] === 'Environment Maker')
          .map((r) => r[0])
          .sort(),
      ).toEqual([...users].sort());
    }
    // Sorted by the user's name key, then environment; each environment's rows for a user together.
    const order = rows.map((r) => `${key(r[0]!)}\u0000${r[1] === 'prod' ? 0 : 1}`);
    expect(order).toEqual([...order].sort());
    expect(rows.length % 2).toBe(0);
    const half = rows.filter((r) => r[1] === 'prod').map((r) => [r[0], ...r.slice(3)].join(','));
    expect(rows.filter((r) => r[1] === 'test').map((r) => [r[0], ...r.slice(3)].join(','))).toEqual(half);
    expect(readJson(join(out, 'environments.json')).userRoles.rows).toBe(rows.length);
  });
});

describe('--shard over environments, merged by report --from', () => {
  const shard = (i: number) => join(tmp, `shard-${i}`);
  beforeAll(() => {
    for (const i of [1, 2])
      expect(run('audit', tenant, '--shard', `${i}/2`, '--out', shard(i), '--fail-on', 'none', '--quiet').code).toBe(0);
  }, 120_000);

  it('each shard audits its environments; the merge equals one run of all of them', () => {
    expect(readJson(join(shard(1), 'environments.json')).environments.map((e: Json) => e.name)).toEqual(['prod']);
    expect(readJson(join(shard(2), 'environments.json')).environments.map((e: Json) => e.name)).toEqual(['test']);
    const merged = join(tmp, 'merged');
    // The shards ran with --fail-on none; the merge decides with its own, as the unsharded run did.
    const r = run(
      'report',
      '--from',
      join(shard(1), 'environments.json'),
      join(shard(2), 'environments.json'),
      '--out',
      merged,
      '--fail-on',
      'findings',
    );
    expect(r.code, r.stderr).toBe(1);
    const m = readJson(join(merged, 'environments.json'));
    const one = readJson(join(out, 'environments.json'));
    const comparable = (s: Json) => ({ ...s, generated: undefined, mergedFrom: undefined });
    expect(comparable(m)).toEqual(comparable(one));
    expect(m.mergedFrom.map((x: Json) => x.path)).toEqual([join(shard(1), 'environments.json'), join(shard(2), 'environments.json')]);
    expect(readFileSync(join(merged, 'user-roles.csv'), 'utf8')).toBe(readFileSync(join(out, 'user-roles.csv'), 'utf8'));
    expect(readdirSync(join(merged, 'environments')).sort()).toEqual(['prod', 'test']);
    expect(readFileSync(join(merged, 'environments', 'test', 'compliance.json'), 'utf8')).toBe(
      readFileSync(join(shard(2), 'environments', 'test', 'compliance.json'), 'utf8'),
    );
  });

  it('refuses a merge that is not one whole audit, and writes nothing', () => {
    const target = join(tmp, 'refused');
    const missing = run('report', '--from', join(shard(1), 'environments.json'), '--out', target);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing shard 2/2');
    const twice = run('report', '--from', join(shard(1), 'environments.json'), join(shard(1), 'environments.json'), '--out', target);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('(given twice)');
    const mixed = run(
      'report',
      '--from',
      join(shard(1), 'environments.json'),
      join(shard(2), 'environments', 'test', 'messages.ndjson'),
      '--out',
      target,
    );
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('mixes message logs');
    const failOnLogs = run(
      'report',
      '--from',
      join(shard(2), 'environments', 'test', 'messages.ndjson'),
      '--out',
      target,
      '--fail-on',
      'any',
    );
    expect(failOnLogs.code).toBe(2);
    expect(existsSync(target)).toBe(false);
  });
});

describe('input errors in a folder of environments', () => {
  it('every problem of every environment, exit 2, nothing written', () => {
    const broken = join(tmp, 'broken');
    makeTenant(broken);
    writeFileSync(
      join(broken, 'prod', 'users.csv'),
      readFileSync('examples/contoso/users.csv', 'utf8') + 'nobody@contoso.com,No Such Unit,true\n',
    );
    writeFileSync(
      join(broken, 'test', 'roles.csv'),
      readFileSync('examples/contoso/roles.csv', 'utf8') + 'Orphan Role,Nowhere,direct-and-team\n',
    );
    const target = join(tmp, 'broken-out');
    const r = run('audit', broken, '--out', target);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/users\.csv:\d+:\d+.*No Such Unit/);
    expect(r.stderr).toMatch(/roles\.csv:\d+:\d+.*Nowhere/);
    expect(r.stderr).toContain(`2 of 2 environments in ${broken} cannot be audited; nothing was written.`);
    expect(existsSync(target)).toBe(false);
  });

  it('a sub-folder that is not an export is an error, not skipped', () => {
    const odd = join(tmp, 'odd');
    makeTenant(odd);
    mkdirSync(join(odd, 'notes'));
    writeFileSync(join(odd, 'notes', 'readme.txt'), 'hello');
    const r = run('audit', odd, '--out', join(tmp, 'odd-out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(odd, 'notes')}: not an environment export`);
    expect(existsSync(join(tmp, 'odd-out'))).toBe(false);
  });
});
