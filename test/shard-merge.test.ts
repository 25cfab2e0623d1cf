// Scale-out (issue 5, docs/ci.md): an audit split into CI shards (`rolecheck audit --shard i/n`) and merged with
// `rolecheck report --from shard-*.ndjson` gives the same report as one run of the whole audit. Only the run's
// provenance may differ: its timestamp, the number of runs merged, the message logs it was rebuilt from, and the
// path filters (cucumber does not record them in the message log). Everything is run through the real command.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const rolecheck = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/rolecheck.mjs', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

type Json = Record<string, any>;
const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;
/** The run's provenance without the fields that legitimately differ between one run and merged shards. */
function comparableRun(run: Json): Json {
  const { timestampUtc: _t, runs: _r, filters: _f, inputs, ...rest } = run;
  return { ...rest, inputs: (inputs as Json[]).filter((i) => i.kind !== 'message-log') };
}

const N = 3;
let dir: string;
let single: Json;
let merged: Json;
let shards: Json[];
const shardLogs: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecheck-shards-'));
  const one = rolecheck('audit', 'examples/contoso', '--out', join(dir, 'single'), '--fail-on', 'none', '--quiet');
  expect(one.code, one.stderr).toBe(0);
  single = readJson(join(dir, 'single', 'compliance.json'));
  shards = [];
  for (let i = 1; i <= N; i++) {
    const r = rolecheck('audit', 'examples/contoso', '--shard', `${i}/${N}`, '--out', join(dir, `shard-${i}`), '--fail-on', 'none', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    shards.push(readJson(join(dir, `shard-${i}`, 'compliance.json')));
    // As the CI merge job sees them: the artifacts renamed shard-<i>.ndjson.
    const log = join(dir, `shard-${i}.ndjson`);
    copyFileSync(join(dir, `shard-${i}`, 'messages.ndjson'), log);
    shardLogs.push(log);
  }
  const m = rolecheck('report', '--from', ...shardLogs, '--out', join(dir, 'merged'));
  expect([0, 1], m.stderr).toContain(m.code); // 1 = the report's verdict is "fail" (the example has findings)
  merged = readJson(join(dir, 'merged', 'compliance.json'));
}, 300_000);

describe('shards merged with rolecheck report --from', () => {
  it('each shard ran only a part of the scenarios, and together all of them, once', () => {
    const executed = shards.map((s) => s.totals.scenarios.executed as number);
    for (const n of executed) expect(n).toBeLessThan(single.totals.scenarios.executed);
    expect(executed.reduce((a, b) => a + b, 0)).toBe(single.totals.scenarios.executed);
  });

  it('every section of compliance.json equals the single run', () => {
    for (const k of Object.keys(single).filter((k) => k !== 'run')) expect(merged[k], k).toEqual(single[k]);
    expect(Object.keys(merged).sort()).toEqual(Object.keys(single).sort());
  });

  it('the run provenance equals the single run apart from timestamp, runs merged, message logs and path filters', () => {
    expect(comparableRun(merged.run)).toEqual(comparableRun(single.run));
    expect(merged.run.runs).toBe(N);
    const logs = (merged.run.inputs as Json[]).filter((i) => i.kind === 'message-log');
    expect(logs).toHaveLength(N);
    for (const [i, l] of logs.entries()) {
      expect(l.sha256).toBe(createHash('sha256').update(readFileSync(shardLogs[i]!)).digest('hex'));
    }
  });

  it('compliance.csv is byte for byte the same', () => {
    expect(readFileSync(join(dir, 'merged', 'compliance.csv'), 'utf8')).toBe(readFileSync(join(dir, 'single', 'compliance.csv'), 'utf8'));
  });

  it('junit.xml has the same test cases with the same outcomes', () => {
    const cases = (path: string) => readFileSync(path, 'utf8').split('<testcase ').slice(1).map((chunk) => {
      const attr = (n: string) => new RegExp(`${n}="([^"]*)"`).exec(chunk)?.[1] ?? '';
      const outcome = /<(failure|skipped|error)[\s>]/.exec(chunk)?.[1] ?? 'passed';
      return `${attr('classname')} | ${attr('name')} | ${outcome}`;
    }).sort();
    const a = cases(join(dir, 'single', 'junit.xml')); const b = cases(join(dir, 'merged', 'junit.xml'));
    expect(a.length).toBe(single.totals.scenarios.executed);
    expect(b).toEqual(a);
  });
});
