// How the command runs cucumber in its own process (src/cli/cucumber.ts): literal feature paths, the export and
// findings handed to the steps (src/exports/registry.ts), runs that cannot vouch for their result (INCOMPLETE, exit
// code 3, whatever --fail-on says), start-up that loads no heavy module, and the Chromium script without sudo.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { globSync } from 'glob';
import { literalPattern } from '../src/cli/cucumber.ts';
import { InputError } from '../src/cli/errors.ts';
import { EXIT_INCOMPLETE, incompleteness } from '../src/cli/incomplete.ts';
import type { ComplianceReport } from '../src/report/build.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rolecheck-run-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const touch = (p: string) => {
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, '');
  return p;
};
/** What cucumber does with a path it is given: glob it, as src/paths of cucumber 12 does. */
const cucumberSees = (pattern: string) =>
  globSync(pattern, { absolute: true, windowsPathsNoEscape: true, cwd: tmp }).map((p) => resolve(p));

describe('literal feature paths', () => {
  it.each(['pol[A]/a.feature', 'pol{A,B}/a.feature', 'a*b/a.feature', 'x(y)?/a.feature', 'dir/@rerun.feature', 'plain/a.feature'])(
    '%s names that file only',
    (name) => {
      const file = touch(join(tmp, 'lit', name));
      for (const decoy of ['polA/a.feature', 'polB/a.feature', 'aXb/a.feature', 'xy/a.feature']) touch(join(tmp, 'lit', decoy));
      const pattern = literalPattern(file, tmp);
      expect(cucumberSees(pattern)).toEqual([file]);
      // cucumber reads a path whose name starts with @ as a list of paths (a rerun file): never ours
      expect(pattern.split('/').pop()!.startsWith('@')).toBe(false);
    },
  );

  it('a path no pattern can name alone is an input error, not a guess', () => {
    const file = touch(join(tmp, 'amb', 'p{1}', 'a.feature'));
    touch(join(tmp, 'amb', 'p(1)', 'a.feature'));
    expect(() => literalPattern(file, tmp)).toThrow(InputError);
    expect(() => literalPattern(file, tmp)).toThrow(/cannot be given to cucumber without also naming .*p\(1\)\/a\.feature/);
  });
});

describe('incomplete runs', () => {
  type S = ComplianceReport['scenarios'][number];
  const sc = (name: string, status: S['status'], message?: string): S => ({
    id: `f.feature:${name.length}`,
    uri: 'f.feature',
    line: name.length,
    name,
    tags: [],
    rules: [],
    group: 'specification',
    status,
    attempts: 1,
    decisions: [],
    ...(message ? { message } : {}),
  });
  const report = (scenarios: S[], filters: Partial<ComplianceReport['run']['filters']> = {}) =>
    ({ scenarios, run: { filters: { tags: [], names: [], paths: [], shard: null, ...filters } } }) as unknown as ComplianceReport;

  it('a complete run is not incomplete, even with failed scenarios', () => {
    expect(incompleteness(report([sc('a', 'passed'), sc('bb', 'failed', 'expected allow')]), false)).toBeNull();
  });
  it('names timed-out, skipped, pending and unrun scenarios', () => {
    const r = incompleteness(
      report([
        sc('a', 'failed', 'function timed out, ensure the promise resolves within 5000 milliseconds'),
        sc('bb', 'skipped'),
        sc('ccc', 'pending'),
        sc('dddd', 'not-executed'),
      ]),
      false,
    );
    expect(r).toEqual({
      reasons: ['1 scenario exceeded a step timeout', '2 scenarios skipped or pending', '1 scenario planned but not run'],
      scenarios: [
        'a (f.feature:1): timed out',
        'bb (f.feature:2): skipped',
        'ccc (f.feature:3): pending',
        'dddd (f.feature:4): not-executed',
      ],
    });
  });
  it('scenarios left out by --tags or --shard are not missing work', () => {
    expect(incompleteness(report([sc('a', 'passed'), sc('bb', 'not-executed')], { tags: ['@x'] }), true)).toBeNull();
    expect(incompleteness(report([sc('a', 'passed'), sc('bb', 'not-executed')], { shard: '1/2' }), true)).toBeNull();
  });
  it('a failed run with no failed scenario (a hook) is incomplete', () => {
    expect(incompleteness(report([sc('a', 'passed')]), false)?.reasons).toEqual([
      'cucumber reported the run as failed although no scenario failed (a hook failed?)',
    ]);
  });

  it('an audit whose steps exceed --step-timeout exits with 3 even with --fail-on none, and says so with --quiet', async () => {
    // A --parallel worker loads the export itself, in the first "Given the environment export" (an asynchronous
    // step, which a timeout can interrupt): reading and compiling even the example's export takes tens of
    // milliseconds, many times the 0.001 s allowed. The checkout's bin/rolecheck.mjs: its workers get the TypeScript
    // loader through NODE_OPTIONS (src/cli/cucumber.ts).
    const r = spawnSync(
      process.execPath,
      [
        'bin/rolecheck.mjs',
        'audit',
        'examples/contoso',
        '--tags',
        '@audit',
        '--parallel',
        '1',
        '--out',
        join(tmp, 'slow'),
        '--fail-on',
        'none',
        '--step-timeout',
        '0.001',
        '--quiet',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(EXIT_INCOMPLETE);
    const s = JSON.parse(r.stdout) as { exitCode: number; incomplete: { reasons: string[]; scenarios: string[] } };
    expect(s.exitCode).toBe(3);
    expect(s.incomplete.reasons[0]).toMatch(/^\d+ scenarios? exceeded a step timeout$/);
    expect(s.incomplete.scenarios.every((x) => x.endsWith(': timed out'))).toBe(true);
    expect(r.stderr).toMatch(/^rolecheck: INCOMPLETE RUN \(exit code 3\): \d+ scenarios? exceeded a step timeout\n$/);
  });
});

describe('a policy that is not Gherkin', () => {
  it('stops the audit before any scenario: exit 2, the file and line named from here, the previous report kept', () => {
    const policies = join(tmp, 'broken-policies');
    mkdirSync(policies, { recursive: true });
    writeFileSync(
      join(policies, 'broken.feature'),
      'Feature: broken\n  Scenario: a\n    Given the environment export\n  this is not Gherkin\n',
    );
    const out = join(tmp, 'broken-out');
    mkdirSync(out);
    writeFileSync(join(out, 'compliance.html'), 'previous report');
    const r = spawnSync(process.execPath, [ROLECHECK, 'audit', 'examples/contoso', '--policies', policies, '--out', out, '--quiet'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Parse error in "${relative(process.cwd(), join(policies, 'broken.feature'))}" (4:3): expected:`);
    expect(r.stderr).toMatch(/rolecheck: the specification could not run; nothing was written\.\n$/);
    expect(readdirSync(out)).toEqual(['compliance.html']);
    expect(readFileSync(join(out, 'compliance.html'), 'utf8')).toBe('previous report');
  });
});

describe('the export handed to the steps', () => {
  it('the steps use the export and findings the command registered, not a second load from disk', () => {
    // The registered findings are made empty: the audit's "no findings of rule …" scenarios then pass, although
    // the export on disk has 14 findings. A second load by the steps would make them fail.
    const script = `
      const { loadExport } = await import('./src/exports/load.ts');
      const { registerAudited } = await import('./src/exports/registry.ts');
      const { runCucumberInProcess } = await import('./src/cli/cucumber.ts');
      const { AUDIT_FEATURES_DIR } = await import('./src/paths.ts');
      const loaded = await loadExport('examples/contoso');
      registerAudited('examples/contoso', loaded, []);
      process.env.ROLECHECK_EXPORT = ${JSON.stringify(resolve('examples/contoso'))};
      const out = ${JSON.stringify(join(tmp, 'registry'))};
      const { mkdirSync } = await import('node:fs');
      mkdirSync(out + '/scratch', { recursive: true });
      const run = await runCucumberInProcess({ paths: [AUDIT_FEATURES_DIR], out, scratch: out + '/scratch' });
      console.log(JSON.stringify(run.report.scenarios.map((s) => s.status)));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const statuses = JSON.parse(r.stdout.trim().split('\n').pop()!) as string[];
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.filter((s) => s !== 'passed')).toEqual([]);
  });
});

describe('start-up', () => {
  it('main.ts loads commander and no heavy module: each command imports what it needs when it runs', () => {
    // The static import graph of src/cli/main.ts (type-only imports and import() excluded).
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^import\s+(?!type\b)(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
        else if (!spec.startsWith('node:')) packages.add(spec);
      }
    };
    visit(resolve('src/cli/main.ts'));
    expect([...packages]).toEqual(['commander']);
    expect([...seen].map((f) => f.slice(resolve('src').length + 1)).sort()).toEqual([
      'cli/command-kit.ts',
      'cli/errors.ts',
      'cli/export-commands.ts',
      'cli/main.ts',
      'cli/review-commands.ts',
      'cli/terminal.ts',
      'paths.ts',
      'vocabulary/echo.ts',
    ]);
  });
});

describe('scripts/ensure-chromium.sh', () => {
  it('never calls sudo: without root and without Chromium it explains what to run, and fails', () => {
    const bin = join(tmp, 'fake-bin');
    mkdirSync(bin, { recursive: true });
    const called = join(tmp, 'sudo-called');
    writeFileSync(join(bin, 'sudo'), `#!/bin/sh\ntouch ${called}\n`);
    chmodSync(join(bin, 'sudo'), 0o755);
    chmodSync(tmp, 0o755);
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    // A copy of the script, run from tmp: the user 65534 may not read the checkout (a clone in a private folder).
    const script = join(tmp, 'ensure-chromium.sh');
    cpSync('scripts/ensure-chromium.sh', script);
    const r = spawnSync(asUser[0] ?? 'bash', [...asUser.slice(1), ...(asUser.length ? ['bash'] : []), script], {
      cwd: tmp,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, ROLECHECK_CHROMIUM: join(tmp, 'no-chromium') },
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('sudo apt-get update && sudo apt-get install -y chromium');
    expect(existsSync(called)).toBe(false);
  });
});
