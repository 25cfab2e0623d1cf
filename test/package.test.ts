// The acceptance test of issue 15: the packed tarball installed with npm into an empty folder whose name holds glob
// characters (test/setup/installed-package.ts), and every command run from that folder as a user runs it: the
// files the tarball ships, --version and --help, `rules --json`, `audit` of a copied example (a folder named
// `Contoso [prod]`), `init` then `audit` with the new policies (and the scaffold's cucumber.js alone, with plain
// cucumber-js), `lint`, `check`, and policy folders whose names are glob patterns.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { rulesJson } from '../src/cli/rules.ts';
import { installed, INSTALL_WAIT_MS } from './helpers/installed.ts';
import { AUDIT_FILES } from './helpers/output-files.ts';

const installDir = inject('installDir');
const packedFiles = inject('packedFiles');
const pkgDir = join(installDir, 'node_modules', 'rolecheck');
beforeAll(installed, INSTALL_WAIT_MS);
const bin = join(installDir, 'node_modules', '.bin', 'rolecheck');
const rolecheck = (args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
  const r = spawnSync(bin, args, { cwd: opts.cwd ?? installDir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...opts.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
type Json = Record<string, any>;
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8')) as Json;

/** Every file under `dir` of the checkout, relative to the checkout, e.g. `features/ai-builder.feature`. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(process.cwd(), join(e.parentPath, e.name)).split('\\').join('/'));

describe('the tarball', () => {
  it('holds the compiled code, the features, templates, example and user documentation, and nothing else', () => {
    const compiled = [...filesUnder('src'), ...filesUnder('steps')].flatMap((f) =>
      f.endsWith('.d.mts') || f.endsWith('.feature')
        ? []
        : f.endsWith('.ts')
          ? [`dist/${f.replace(/\.ts$/, '.js')}`]
          : f.endsWith('.mjs')
            ? [`dist/${f}`]
            : [],
    );
    const docs = [
      'docs/ci.md',
      'docs/report-schema.md',
      'docs/reviews.md',
      'docs/steps.md',
      'docs/writing-rules.md',
      // written by another task; shipped as soon as it exists
      ...(existsSync('docs/export-format.md') ? ['docs/export-format.md'] : []),
    ];
    const expected = [
      'README.md',
      'package.json',
      'bin/rolecheck.mjs',
      'bin/tiering.d.mts',
      'bin/tiering.mjs',
      'dist/step-phrases.json',
      'dist/src/report/templates.compiled.cjs',
      ...compiled,
      ...docs,
      ...filesUnder('features'),
      ...filesUnder('src/exports/features'),
      ...filesUnder('templates'),
      ...filesUnder('examples'),
    ];
    expect(packedFiles).toEqual([...new Set(expected)].sort());
    expect(packedFiles.filter((f) => /\.ts$|^test\/|^scripts\/|tsconfig|node_modules/.test(f))).toEqual([]);
  });

  it('declares what it runs with: no "private", the bin, the exports, runtime dependencies only', () => {
    const pkg = readJson(join(pkgDir, 'package.json'));
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ rolecheck: 'bin/rolecheck.mjs' });
    expect(Object.keys(pkg.exports).sort()).toEqual(['./cucumber', './formatter', './package.json']);
    for (const target of Object.values(pkg.exports) as string[]) expect(existsSync(join(pkgDir, target)), target).toBe(true);
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(existsSync(join(installDir, 'node_modules', 'tsx'))).toBe(false);
  });
});

describe('the installed command, run from the folder it is installed in', () => {
  it('prints its version and its help', () => {
    const v = rolecheck(['--version']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.trim()).toBe(readJson('package.json').version);
    const viaNpx = spawnSync('npx', ['rolecheck', '--help'], { cwd: installDir, encoding: 'utf8' });
    expect(viaNpx.status, viaNpx.stderr).toBe(0);
    for (const c of ['rules', 'report', 'run', 'audit', 'check', 'explain', 'init', 'lint'])
      expect(viaNpx.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('rules --json: the catalogue with the scenario counts of the shipped features', () => {
    const r = rolecheck(['rules', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(rulesJson());
  });

  const example = join(installDir, 'Contoso [prod]');
  it('audits a copy of the bundled example in a folder named like a glob pattern', () => {
    cpSync(join(pkgDir, 'examples', 'contoso'), example, { recursive: true });
    const r = rolecheck(['audit', 'Contoso [prod]', '--out', 'out [1]', '--json']);
    expect(r.code, r.stderr).toBe(1);
    const s = JSON.parse(r.stdout) as Json;
    expect(s.findings.total).toBe(14);
    expect([s.policies.total, s.policies.passed, s.policies.failed]).toEqual([10, 9, 1]);
    // The organisation's policies ran, named from the folder the command was run in.
    expect(s.policies.failedNames).toEqual([
      'Nobody outside IT is a System Administrator (Contoso [prod]/policies/administration.feature)',
    ]);
    expect(s.specification.failed).toBe(0);
    expect(s.specification.total).toBeGreaterThan(150);
    expect(s.incomplete).toBeNull();
    expect(readdirSync(join(installDir, 'out [1]')).sort()).toEqual(AUDIT_FILES);
    const report = readJson(join(installDir, 'out [1]', 'compliance.json'));
    // Installed under `repo [x]`: the findings and principals of the export are all in the report.
    expect(report.totals.findings).toBeGreaterThanOrEqual(14);
    // The principals are the audit's environment data now (report.environment.users), no longer per-user evidence.
    expect(report.environment.users).toHaveLength(29);
    expect(report.scenarios.filter((x: Json) => x.uri.startsWith('Contoso [prod]/policies/'))).toHaveLength(10);
    expect(report.scenarios.filter((x: Json) => x.uri.startsWith('..'))).toEqual([]);
    expect(report.run.rolecheckVersion).toBe(readJson('package.json').version);
  });

  it('init writes a portable policy folder whose next steps name files that exist', () => {
    const r = rolecheck(['init', 'team-policies', '--organisation', 'Fabrikam']);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(installDir, 'team-policies');
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'cucumber.js', 'example-policy.feature']);
    for (const f of readdirSync(dir)) {
      const text = readFileSync(join(dir, f), 'utf8');
      for (const machinePath of [installDir, tmpdir(), process.cwd(), '/usr/', '/home/', 'file://'])
        expect(text, `${f} names ${machinePath}`).not.toContain(machinePath);
      expect(text, f).not.toMatch(/\btsx\b/);
    }
    // "read team-policies/README.md and node_modules/rolecheck/docs/writing-rules.md": both exist from here.
    const read = /^ {2}read (\S+) and (\S+)$/m.exec(r.stderr);
    expect(read, r.stderr).not.toBeNull();
    for (const p of [read![1]!, read![2]!]) expect(existsSync(join(installDir, p)), p).toBe(true);
    for (const cmd of r.stderr.split('\n').filter((l) => /^ {2}npx rolecheck /.test(l))) {
      const sub = cmd.trim().split(/\s+/)[2]!;
      expect(['audit', 'lint'], cmd).toContain(sub);
    }
  });

  it('then audits the export with the new policies: every scaffolded policy passes', () => {
    const r = rolecheck(['audit', 'Contoso [prod]', '--policies', 'team-policies', '--out', 'out [2]', '--fail-on', 'none', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as Json;
    expect([s.policies.total, s.policies.passed, s.policies.failed]).toEqual([4, 4, 0]);
    expect(s.undefinedHints).toBe('');
  });

  it("the scaffold's cucumber.js runs the policies alone with plain cucumber-js, from their folder", () => {
    const dir = join(installDir, 'team-policies');
    const r = spawnSync(join(installDir, 'node_modules', '.bin', 'cucumber-js'), [], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ROLECHECK_EXPORT: example, FORCE_COLOR: '0' },
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^4 scenarios \(4 passed\)$/m);
  });

  it('lint checks the policy folder', () => {
    const r = rolecheck(['lint', 'team-policies']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 policy file(s) clean');
  });

  it('check answers the example queries', () => {
    const r = rolecheck(['check', 'Contoso [prod]', '--queries', 'Contoso [prod]/queries.csv']);
    expect(r.code, r.stderr).toBe(0);
    const queries = readFileSync(join(example, 'queries.csv'), 'utf8').trim().split('\n');
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(queries.length);
    expect(rows[0]).toMatch(/decision,depth,via,reason$/);
  });

  it('check answers a large file through its worker threads (plain JavaScript, shipped as they are)', () => {
    const [header, ...rows] = readFileSync(join(example, 'queries.csv'), 'utf8').trim().split('\n');
    const copies = Math.ceil((5 * 2 ** 20) / rows.join('\n').length); // 5 MB: above the 4 MB of the threaded path
    writeFileSync(join(installDir, 'big-queries.csv'), [header, ...Array.from({ length: copies }, () => rows).flat()].join('\n') + '\n');
    const small = rolecheck(['check', 'Contoso [prod]', '--queries', 'Contoso [prod]/queries.csv']).stdout.trim().split('\n');
    const r = rolecheck(['check', 'Contoso [prod]', '--queries', 'big-queries.csv', '--out', 'big-answers.csv']);
    expect(r.code, r.stderr).toBe(0);
    const expected = [small[0], ...Array.from({ length: copies }, () => small.slice(1)).flat()].join('\n') + '\n';
    expect(readFileSync(join(installDir, 'big-answers.csv'), 'utf8') === expected).toBe(true);
  });

  it("runs from any folder: the package finds its own files, never the caller's", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'rolecheck-elsewhere-'));
    const r = rolecheck(['rules', '--json'], { cwd: elsewhere });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(rulesJson());
    const e = rolecheck(
      ['explain', example, '--user', 'lee.gu@contoso.com', '--privilege', 'Read', '--table', 'new_invoice', '--record', 'INV-1002'],
      { cwd: elsewhere },
    );
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/^ALLOW: /);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('policy folders named like glob patterns reach cucumber as literal paths', () => {
  /** A policy folder with one policy: "at most {max} users hold System Administrator" (the example has 3). */
  const policyFolder = (name: string, max: number) => {
    const dir = join(installDir, 'globs', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'admins.feature'),
      `@policy
Feature: Administrators of ${name}

  Background:
    Given the environment export

  @POL-900 @severity-high
  Rule: Few administrators

    Scenario: At most ${max} System Administrators
      Then at most ${max} users hold "System Administrator"
`,
    );
    return dir;
  };
  policyFolder('polA', 0); // fails: it must never run in place of pol[A]
  policyFolder('polB', 0);
  policyFolder('pol[A]', 5);
  policyFolder('pol{A,B}', 5);
  policyFolder('pol*', 5);

  it.each(['pol[A]', 'pol{A,B}', 'pol*'])("--policies %s runs that folder's features only", (name) => {
    const out = join(installDir, 'globs', `out-${readdirSync(join(installDir, 'globs')).length}`);
    const r = rolecheck([
      'audit',
      'Contoso [prod]',
      '--policies',
      join('globs', name),
      '--tags',
      '@policy',
      '--out',
      out,
      '--fail-on',
      'any',
      '--json',
    ]);
    const s = JSON.parse(r.stdout) as Json;
    expect([s.policies.total, s.policies.passed], r.stderr).toEqual([1, 1]);
    const uris = (readJson(join(out, 'compliance.json')).scenarios as Json[]).filter((x) => x.status !== 'not-executed').map((x) => x.uri);
    expect(uris).toEqual([`globs/${name}/admins.feature`]);
    expect(resolve(installDir, uris[0]!)).toBe(join(installDir, 'globs', name, 'admins.feature'));
  });
});
