// Authoring guardrails (issue 6): the feature lint fails on each kind of mistake a rule author can make,
// and passes on a well-written feature. Fixtures: test/fixtures/lint/.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fixFeature,
  fixFormatting,
  formatProblem,
  lintAll,
  lintSource,
  type FeatureKind,
  type ProblemCode,
} from '../src/authoring/lint.ts';
import { sourceLine } from '../src/specification/source-lines.ts';
import { ruleById } from '../src/catalog/rules.ts';

const dir = 'test/fixtures/lint';
const input = (name: string, kind: FeatureKind = 'specification') => ({
  path: `${dir}/${name}`,
  source: readFileSync(join(dir, name), 'utf8'),
  kind,
});
const codes = (name: string, kind: FeatureKind = 'specification') => lintAll([input(name, kind)]).map((p) => p.code);

describe('feature lint', () => {
  it('passes on a good feature', () => {
    expect(lintAll([input('good.feature')])).toEqual([]);
  });

  const cases: Array<[string, ProblemCode, number]> = [
    ['bad-format.feature', 'format', 15],
    ['no-id.feature', 'rule-id-missing', 9],
    ['unknown-id.feature', 'rule-id-unknown', 8],
    ['duplicate-id.feature', 'rule-id-duplicate', 17],
    ['wrong-severity.feature', 'severity-mismatch', 17],
    ['no-then.feature', 'no-then', 11],
    ['outside-rule.feature', 'scenario-outside-rule', 4],
    ['technical-word.feature', 'technical-word', 13],
    ['forbidden-tag.feature', 'forbidden-tag', 11],
  ];
  for (const [file, code, line] of cases) {
    it(`fails on ${file} with ${code} at line ${line}`, () => {
      const problems = lintAll([input(file)]);
      const p = problems.find((x) => x.code === code);
      expect(p, JSON.stringify(problems)).toBeDefined();
      expect(p!.line).toBe(line);
      expect(p!.fix.length).toBeGreaterThan(10);
      expect(formatProblem(p!)).toMatch(new RegExp(`^${dir}/${file}:${line}: `));
    });
  }

  it('reports the first differing line of a badly formatted file and --fix repairs it', () => {
    const src = input('bad-format.feature').source;
    const fixed = fixFormatting(src)!;
    expect(fixed).toBe(input('good.feature').source);
    expect(lintSource({ path: 'x.feature', source: fixed, kind: 'specification' })).toEqual([]);
  });

  it('suggests the nearest catalogued id for a typo', () => {
    const p = lintAll([input('unknown-id.feature')]).find((x) => x.code === 'rule-id-unknown')!;
    expect(p.fix).toContain('@ENV-003');
  });

  it('finds duplicate ids across files', () => {
    const a = input('good.feature');
    const b = { ...input('good.feature'), path: 'other.feature' };
    expect(lintAll([a, b]).filter((p) => p.code === 'rule-id-duplicate')).toHaveLength(2);
  });

  it('accepts And/But after Then as part of the outcome and rejects deny-listed words with a suggestion', () => {
    const p = lintAll([input('technical-word.feature')]);
    expect(p.map((x) => x.message).join('\n')).toMatch(/"click"[\s\S]*"button"/);
    expect(p.find((x) => x.code === 'technical-word')!.fix).toMatch(/business/);
  });

  it('checks titles for technical words too', () => {
    const source = input('good.feature').source.replace(
      'Scenario: A newly added user can create apps straight away',
      'Scenario: The API returns the maker role',
    );
    const p = lintSource({ path: 'x.feature', source, kind: 'specification' });
    expect(p.map((x) => [x.code, x.line])).toEqual([['technical-word', 12]]);
    expect(p[0]!.message).toMatch(/Scenario title uses the technical word "API"/);
  });

  it('is looser for organisation policies: scenarios outside a Rule are fine, Then and language still checked', () => {
    expect(codes('policy-good.feature', 'policy')).toEqual([]);
    expect(codes('policy-good.feature', 'specification')).toContain('scenario-outside-rule');
    expect(codes('no-then.feature', 'policy')).toEqual(['no-then']);
    expect(codes('technical-word.feature', 'policy')).toContain('technical-word');
    expect(codes('no-id.feature', 'policy')).toEqual([]);
  });

  it('reports a Gherkin syntax error as a problem with its line', () => {
    const p = lintSource({
      path: 'broken.feature',
      source: 'Feature: x\n  Scenario: y\n    Given a\n  | a |\n oops here\n',
      kind: 'specification',
    });
    expect(p[0]!.code).toBe('syntax');
    expect(p[0]!.line).toBeGreaterThan(1);
  });
});

describe('npm run lint (scripts/lint-features.ts)', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lint-features.ts', ...args], { encoding: 'utf8' });

  it('exits 1 and prints file:line: message + fix on a bad feature', () => {
    const r = run(`${dir}/no-id.feature`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no-id\.feature:9: Rule .* has no rule id tag\n\s+fix: /);
  });

  it('--fix rewrites a badly formatted file in place, then exits 0', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lint-fix-'));
    const f = join(tmp, 'x.feature');
    copyFileSync(`${dir}/bad-format.feature`, f);
    expect(run(f).status).toBe(1);
    expect(run('--fix', f).status).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(readFileSync(`${dir}/good.feature`, 'utf8'));
    rmSync(tmp, { recursive: true, force: true });
  });

  it('exits 0 on a good feature', () => {
    expect(run(`${dir}/good.feature`).status).toBe(0);
  });

  it("passes on the project's real feature files", () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/lint-features.ts'], { encoding: 'utf8' });
    expect(out).toMatch(/clean/);
  });
});

// Issue 10, item 6: the `Source:` lines of the specification are the catalogue's; a drifted line fails the lint.
describe('Source: lines against the catalogue', () => {
  const file = 'features/environment-roles.feature';
  const real = readFileSync(file, 'utf8');
  const expected = sourceLine(ruleById('ENV-004')!);
  const lineOf = (text: string) => real.split('\n').findIndex((l) => l.trim() === text) + 1;

  it("fails on a line that drifted from the catalogue, at that line, and --fix writes the catalogue's back", () => {
    const drifted = real.replace(expected, expected.replace('lines 9-10', 'lines 9-11'));
    expect(drifted).not.toBe(real);
    const p = lintSource({ path: file, source: drifted, kind: 'specification' });
    expect(p.map((x) => [x.code, x.line])).toEqual([['source-mismatch', lineOf(expected)]]);
    expect(p[0]!.message).toContain('lines 9-11');
    expect(p[0]!.message).toContain(expected);
    expect(p[0]!.fix).toMatch(/--fix/);
    expect(fixFeature(drifted, 'specification')).toBe(real);
  });

  it('reports a missing line at its Rule and a second one, and --fix restores exactly one', () => {
    const ruleLine = real.split('\n').findIndex((l) => l.trim().startsWith('Rule: Before a database is added')) + 1;
    const missing = real.replace(`    ${expected}\n`, '');
    expect(lintSource({ path: file, source: missing, kind: 'specification' }).map((x) => [x.code, x.line])).toEqual([
      ['source-missing', ruleLine],
    ]);
    expect(fixFeature(missing, 'specification')).toBe(real);
    const twice = real.replace(`    ${expected}\n`, `    ${expected}\n    ${expected}\n`);
    expect(lintSource({ path: file, source: twice, kind: 'specification' }).map((x) => x.code)).toEqual(['source-mismatch']);
    expect(fixFeature(twice, 'specification')).toBe(real);
  });

  it('leaves organisation policies alone: their rules have no catalogue source', () => {
    const missing = real.replace(`    ${expected}\n`, '');
    expect(lintSource({ path: 'policy.feature', source: missing, kind: 'policy' })).toEqual([]);
    expect(fixFeature(missing, 'policy')).toBeUndefined();
  });

  it('npm run lint exits 1 on a drifted line and --fix repairs the file', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lint-source-'));
    const f = join(tmp, 'environment-roles.feature');
    writeFileSync(f, real.replace(expected, expected.replace('https://learn.microsoft.com/training', 'https://learn.microsoft.com/old')));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lint-features.ts', f], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`environment-roles\\.feature:${lineOf(expected)}: the Source: line of ENV-004 differs from the catalogue`),
    );
    expect(spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lint-features.ts', '--fix', f], { encoding: 'utf8' }).status).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe(real);
    rmSync(tmp, { recursive: true, force: true });
  });
});
