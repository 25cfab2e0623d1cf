// `rolecheck init` (issue 6): the scaffolded policy folder lints clean, its steps are all defined, and it runs
// green with `rolecheck audit` on the bundled example export (examples/contoso).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintAll } from '../src/authoring/lint.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rolecheck-init-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const rolecheck = (...args: string[]) => spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8' });

interface Summary {
  exitCode: number;
  policies: { total: number; passed: number; failed: number; failedNames: string[] };
  findings: { total: number };
}
function audit(policies: string, failOn: string): { status: number | null; summary: Summary; stderr: string } {
  // The policies only (--tags @policy): the documented rules and the audit checks are tested elsewhere.
  const r = rolecheck(
    'audit',
    'examples/contoso',
    '--policies',
    policies,
    '--tags',
    '@policy',
    '--fail-on',
    failOn,
    '--out',
    join(tmp, `out-${failOn}`),
    '--json',
    '--quiet',
  );
  return { status: r.status, summary: JSON.parse(r.stdout) as Summary, stderr: r.stderr };
}

describe('rolecheck init', () => {
  const dir = join(tmp, 'policies');

  it('scaffolds an example policy, a README for reviewers and the cucumber wiring', () => {
    const r = rolecheck('init', dir, '--organisation', 'Fabrikam');
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'cucumber.js', 'example-policy.feature']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/Fabrikam[\s\S]*For reviewers[\s\S]*rolecheck audit/);
    expect(r.stderr).toMatch(/rolecheck audit <export folder> --policies/);
  });

  it('keeps existing files unless --force', () => {
    writeFileSync(join(dir, 'README.md'), 'ours\n');
    expect(rolecheck('init', dir).stderr).toMatch(/kept .*README\.md/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('ours\n');
    expect(rolecheck('init', dir, '--force', '--organisation', 'Fabrikam').status).toBe(0);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/Fabrikam/);
  });

  it('the example policy passes the feature lint', () => {
    const source = readFileSync(join(dir, 'example-policy.feature'), 'utf8');
    expect(lintAll([{ path: 'example-policy.feature', source, kind: 'policy' }])).toEqual([]);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lint-features.ts', '--policies', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it('every step of the example policy is defined (cucumber dry run, no undefined-step hints)', () => {
    const hints = join(tmp, 'hints.txt');
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'node_modules/@cucumber/cucumber/bin/cucumber.js',
        '--dry-run',
        dir,
        '--format',
        'message:' + join(tmp, 'dry.ndjson'),
        '--format',
        `./src/authoring/undefined-hints.ts:${hints}`,
      ],
      // The project's cucumber.js adds its own formatters, writing into ROLECHECK_REPORT_DIR (else reports/ of the checkout).
      { encoding: 'utf8', env: { ...process.env, ROLECHECK_REPORT_DIR: join(tmp, 'dry-reports') } },
    );
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(existsSync(hints) ? readFileSync(hints, 'utf8') : '').toBe('');
    const undefinedSteps = readFileSync(join(tmp, 'dry.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((e) => e.testCase)
      .flatMap((e) => e.testCase.testSteps)
      .filter((s: { pickleStepId?: string; stepDefinitionIds?: string[] }) => s.pickleStepId && !s.stepDefinitionIds?.length);
    expect(undefinedSteps).toEqual([]);
  });

  it('runs green with rolecheck audit on the bundled example: every scaffolded policy passes', () => {
    const { status, summary, stderr } = audit(dir, 'none');
    expect(status, stderr).toBe(0);
    expect(summary.policies.total).toBeGreaterThanOrEqual(4);
    expect(summary.policies.failed).toBe(0);
    expect(summary.policies.passed).toBe(summary.policies.total);
  });

  it("with --fail-on findings the only reason to fail is the example export's own findings, not the policies", () => {
    const { status, summary } = audit(dir, 'findings');
    expect(summary.policies.failed).toBe(0);
    // examples/contoso deliberately contains findings (unassignable service roles, disabled users, …).
    expect(summary.findings.total).toBeGreaterThan(0);
    expect(status).toBe(1);
  });

  it('a policy the export breaks makes the audit fail (the check above is not vacuous)', () => {
    const broken = join(tmp, 'broken');
    expect(rolecheck('init', broken).status).toBe(0);
    const f = join(broken, 'example-policy.feature');
    writeFileSync(f, readFileSync(f, 'utf8').replace('at most 5 users hold', 'at most 0 users hold'));
    const { summary } = audit(broken, 'none');
    expect(summary.policies.failed).toBe(1);
  });
});
