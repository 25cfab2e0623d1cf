// Suite overhead: the specification suite (features/, the project's steps) against a generated suite of trivial
// steps with the same number of scenarios (3 steps each, 100 per file under a Rule, as in toolchain.md §4.1).
// Both run through `node --import tsx <cucumber bin>` with the summary formatter only and their own config file,
// alternated run by run; medians and their ratio.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { figure, fmt, log, median, ROOT, run } from './lib.ts';

const CUCUMBER = join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');

function writeTrivial(dir: string, scenarios: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'features'), { recursive: true });
  mkdirSync(join(dir, 'steps'), { recursive: true });
  for (let f = 0; f * 100 < scenarios; f++) {
    let text = `Feature: Trivial ${f}\n\n  Rule: trivial rule ${f}\n`;
    for (let s = f * 100; s < Math.min(scenarios, (f + 1) * 100); s++)
      text += `\n    Scenario: trivial ${s}\n      Given a number ${s}\n      When it is doubled\n      Then it is even\n`;
    writeFileSync(join(dir, 'features', `trivial-${f}.feature`), text);
  }
  writeFileSync(
    join(dir, 'steps', 'steps.ts'),
    `import { Given, When, Then } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
let n = 0;
Given('a number {int}', (x: number) => { n = x; });
When('it is doubled', () => { n *= 2; });
Then('it is even', () => { assert.equal(n % 2, 0); });
`,
  );
  writeFileSync(
    join(dir, 'cucumber.mjs'),
    `export default { paths: ['${dir}/features/**/*.feature'], import: ['${dir}/steps/**/*.ts'], format: ['summary'] };\n`,
  );
}

export async function suite(o: { runs: number }): Promise<Record<string, unknown>> {
  const base = join(ROOT, '.large', 'suite');
  mkdirSync(base, { recursive: true });
  // The specification suite as the project configures it (paths, steps), with the summary formatter only.
  const specConfig = join(base, 'spec.mjs');
  writeFileSync(
    specConfig,
    `export default { paths: ['${ROOT}/features/**/*.feature'], import: ['${ROOT}/steps/**/*.ts'], format: ['summary'], strict: true };\n`,
  );
  const rel = (p: string) => relative(ROOT, p);
  const dry = await run(process.execPath, ['--import', 'tsx', CUCUMBER, '--config', rel(specConfig), '--dry-run']);
  const m = /(\d+) scenarios?/.exec(dry.stdout);
  if (!m) throw new Error(`could not count the specification's scenarios:\n${dry.stdout.slice(-1000)}${dry.stderr.slice(-1000)}`);
  const scenarios = Number(m[1]);
  const trivialDir = join(base, 'trivial');
  writeTrivial(trivialDir, scenarios);
  log(
    `\n## Suite overhead: the specification (${scenarios} scenarios) against ${scenarios} trivial scenarios, ${o.runs} runs each, alternated`,
  );
  const spec: number[] = [];
  const trivial: number[] = [];
  const env = { ...process.env, FORCE_COLOR: '0' };
  // One warm-up of each (tsx cache, disk cache), not counted.
  await run(process.execPath, ['--import', 'tsx', CUCUMBER, '--config', rel(specConfig)], { env });
  await run(process.execPath, ['--import', 'tsx', CUCUMBER, '--config', rel(join(trivialDir, 'cucumber.mjs'))], { env });
  let specExit = 0;
  for (let r = 0; r < o.runs; r++) {
    const a = await run(process.execPath, ['--import', 'tsx', CUCUMBER, '--config', rel(specConfig)], { env });
    specExit = a.code;
    spec.push(a.ms / 1000);
    const b = await run(process.execPath, ['--import', 'tsx', CUCUMBER, '--config', rel(join(trivialDir, 'cucumber.mjs'))], { env });
    if (b.code !== 0) throw new Error(`trivial suite failed: ${b.stdout.slice(-500)}${b.stderr.slice(-500)}`);
    trivial.push(b.ms / 1000);
    log(`  run ${r + 1}: specification ${fmt(a.ms / 1000)} s (exit ${a.code}), trivial ${fmt(b.ms / 1000)} s`);
  }
  const ratio = median(spec) / median(trivial);
  figure({
    section: 'suite',
    name: `specification suite (${scenarios} scenarios)`,
    value: median(spec),
    unit: 's',
    note: `runs: ${spec.map((x) => fmt(x)).join(', ')}${specExit ? `; exit ${specExit}` : ''}`,
  });
  figure({
    section: 'suite',
    name: `trivial suite (${scenarios} scenarios)`,
    value: median(trivial),
    unit: 's',
    note: `runs: ${trivial.map((x) => fmt(x)).join(', ')}`,
  });
  figure({ section: 'suite', name: 'specification / trivial', value: ratio, unit: '×', target: '≤ 1.5', met: ratio <= 1.5 });
  return { scenarios, specSeconds: spec, trivialSeconds: trivial, ratio, specExit };
}
