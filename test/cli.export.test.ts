// The real command (compiled, as installed: test/helpers/rolecheck.ts) on the example export and on broken ones: exit codes, stdout,
// stderr and the files written (or not).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_FILES, RUN_FILES } from './helpers/output-files.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'rolecheck-cli-'));
const snapshot = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );

describe('rolecheck --version and --help', () => {
  it('prints the version', () => {
    const r = run('--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
  it.each(['audit', 'check', 'explain'])('%s --help', (cmd) => {
    const r = run(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: rolecheck ${cmd}`);
  });
  it('a usage error exits with 2', () => {
    expect(run('check', 'examples/contoso').code).toBe(2); // --queries is required
    expect(run('audit', 'examples/contoso', '--fail-on', 'sometimes').code).toBe(2);
    expect(run('audit', 'examples/contoso', '--parallel', 'many').code).toBe(2);
    expect(run('audit', 'examples/contoso', '--shard', '4/3').code).toBe(2);
  });
});

describe('rolecheck check', () => {
  it('answers the example queries on stdout, one row per query', () => {
    const r = run('check', 'examples/contoso', '--queries', 'examples/contoso/queries.csv');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const queries = readFileSync('examples/contoso/queries.csv', 'utf8').trim().split('\n');
    expect(lines).toHaveLength(queries.length);
    expect(lines[0]).toBe('user,privilege,table,record,decision,depth,via,reason');
    expect(lines[1]).toMatch(/^lee\.gu@contoso\.com,Read,new_invoice,INV-1002,allow,Local,/);
    expect(r.stderr).toMatch(/answered 25 queries/);
  });

  it('--out writes the file and nothing on stdout', () => {
    const out = join(tmp(), 'answers.csv');
    const r = run('check', 'examples/contoso', '--queries', 'examples/contoso/queries.csv', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('user,privilege,table,record,decision,depth,via,reason');
  });

  it('a large queries file (answered by worker threads): stdout and --out hold the same answers as a small run', () => {
    const dir = tmp();
    const [header, ...rows] = readFileSync('examples/contoso/queries.csv', 'utf8').trim().split('\n');
    const copies = Math.ceil((5 * 2 ** 20) / rows.join('\n').length);
    const queries = join(dir, 'big.csv');
    writeFileSync(queries, [header, ...Array.from({ length: copies }, () => rows).flat()].join('\n') + '\n');
    const small = run('check', 'examples/contoso', '--queries', 'examples/contoso/queries.csv').stdout.trim().split('\n');
    const r = spawnSync(process.execPath, [ROLECHECK, 'check', 'examples/contoso', '--queries', queries], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 2 ** 30,
    });
    expect(r.status).toBe(0);
    const expected = [small[0], ...Array.from({ length: copies }, () => small.slice(1)).flat()].join('\n') + '\n';
    expect(r.stdout === expected).toBe(true);
    const out = join(dir, 'answers.csv');
    expect(run('check', 'examples/contoso', '--queries', queries, '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8') === expected).toBe(true);
  });

  it('an invalid query exits with 2, names file:line:column, and writes nothing', () => {
    const dir = tmp();
    const queries = join(dir, 'q.csv');
    writeFileSync(
      queries,
      'user,privilege,table,record\nlee.gu@contoso.com,Read,new_invoice,INV-1002\nlee.gu@contoso.con,Read,new_invoice,INV-1002\n',
    );
    const out = join(dir, 'answers.csv');
    const r = run('check', 'examples/contoso', '--queries', queries, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${queries}:3:1: unknown user [column user] (got "lee.gu@contoso.con")`);
    expect(r.stderr).toContain('did you mean "lee.gu@contoso.com"');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['q.csv']);
  });
});

describe('rolecheck run', () => {
  it("runs the project's specification from any folder, and writes every output into --out", () => {
    const cwd = tmp();
    // The checkout's own bin/rolecheck.mjs, which runs the TypeScript sources through tsx.
    const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/rolecheck.mjs'), 'run', '--out', 'out', '--tags', '@ENV-001'], {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(0);
    expect(readdirSync(cwd)).toEqual(['out']);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(RUN_FILES);
  });
});

describe('rolecheck explain', () => {
  it('lists every path that grants an allowed question', () => {
    const r = run(
      'explain',
      'examples/contoso',
      '--user',
      'lee.gu@contoso.com',
      '--privilege',
      'Read',
      '--table',
      'new_invoice',
      '--record',
      'INV-1002',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ALLOW: lee\.gu@contoso\.com Read row INV-1002 of new_invoice \(depth Local\)/);
    expect(r.stdout).toContain('2 paths grant it:');
    expect(r.stdout).toContain('role AP Team Role through team AP Team');
  });
  it('says what would be needed for a denied question', () => {
    const r = run(
      'explain',
      'examples/contoso',
      '--user',
      'lee.gu@contoso.com',
      '--privilege',
      'Read',
      '--table',
      'new_invoice',
      '--record',
      'INV-1004',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^DENY: /);
    expect(r.stdout).toContain('It would be allowed by any of these:');
    expect(r.stdout).toContain('Global (Organization)');
  });
  it('an unknown name is an input error with suggestions', () => {
    const r = run(
      'explain',
      'examples/contoso',
      '--user',
      'lee.gu@contoso.com',
      '--privilege',
      'Read',
      '--table',
      'new_invoyce',
      '--record',
      'INV-1004',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown table "new_invoyce"; did you mean "new_invoice"');
  });
});

describe('rolecheck audit', () => {
  it('a broken row exits with 2, names file:line:column, and leaves the previous report untouched', () => {
    const dir = tmp();
    const broken = join(dir, 'export');
    cpSync('examples/contoso', broken, { recursive: true });
    const users = readFileSync(join(broken, 'users.csv'), 'utf8').split('\n');
    users[5] = users[5]!.replace(/,(true|yes|1)$/, ',perhaps');
    writeFileSync(join(broken, 'users.csv'), users.join('\n'));
    const reports = join(dir, 'reports');
    mkdirSync(reports);
    writeFileSync(join(reports, 'compliance.html'), '<p>previous report</p>');
    writeFileSync(join(reports, 'findings.json'), '{"previous":true}');
    const before = snapshot(reports);
    const r = run('audit', broken, '--out', reports);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('users.csv:6:3: not a boolean [column enabled] (got "perhaps")');
    expect(r.stderr).toContain('nothing was written');
    expect(r.stdout).toBe('');
    expect(snapshot(reports)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['export', 'reports']);
  });

  it('audits the example: the report, the findings and the failing policy; exit 1 by default, 0 with --fail-on none', () => {
    const out = join(tmp(), 'reports');
    const r = run('audit', 'examples/contoso', '--out', out, '--json');
    expect(r.code).toBe(1);
    const summary = JSON.parse(r.stdout);
    expect(summary.findings.total).toBe(14);
    expect(summary.policies.failed).toBe(1);
    expect(summary.policies.failedNames[0]).toContain('Nobody outside IT is a System Administrator');
    expect(summary.audit.failed).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/findings {10}14 \(3 critical, 6 high, 4 medium, 1 low\)/);
    expect(r.stderr).toContain('report ');
    // Exactly the files of this run: the report, the evidence files and cucumber's own outputs (none elsewhere).
    expect(readdirSync(out).sort()).toEqual(AUDIT_FILES);
    const env = JSON.parse(readFileSync(join(out, 'environment.json'), 'utf8'));
    expect(env.inputs.find((i: { path: string }) => i.path === 'users.csv').sha256).toMatch(/^[0-9a-f]{64}$/);
    const evidence = readFileSync(join(out, 'messages.ndjson'), 'utf8');
    for (const kind of ['finding', 'access-digest', 'environment', 'matrix-cell'])
      expect(evidence, kind).toContain(`\\"type\\":\\"${kind}\\"`);
    const none = run('audit', 'examples/contoso', '--out', out, '--fail-on', 'none', '--quiet');
    expect(none.code).toBe(0);
    expect(none.stderr).toBe('');
  });

  it('--fail-on findings: a clean export with no policies exits with 0', () => {
    const out = join(tmp(), 'reports');
    const r = run('audit', 'test/fixtures/exports/check-semantics', '--out', out, '--fail-on', 'findings', '--tags', '@audit');
    expect(r.stderr).toContain('findings          0');
    expect(r.code).toBe(0);
  });
});
