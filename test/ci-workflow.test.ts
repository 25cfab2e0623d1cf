// docs/ci.md's GitHub Actions workflow, extracted from the page (not copied) and run against the installed tarball
// (test/setup/installed-package.ts) in a folder laid out like the repository the page describes: policies and an
// export, rolecheck from npm. Jobs run in order, matrix jobs once per value; `run:` steps through bash; the actions
// it uses are played by small stand-ins (checkout and setup-node: nothing to do; upload-artifact and
// download-artifact: files copied with the folder layout GitHub gives them). `npm ci` stands for the install the
// set-up made. Then: the merged report against one unsharded run of the same inputs, every output compared
// (merging that cannot lie), and the merges `report --from` must refuse.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { checkMerge } from '../src/report/rebuild.ts';
import { installed, INSTALL_WAIT_MS } from './helpers/installed.ts';
import { ACCESS_FILES, REPORT_FILES } from './helpers/output-files.ts';

const installDir = inject('installDir');
const work = join(installDir, 'ci');
type Json = Record<string, any>;
const readJson = (p: string): Json => JSON.parse(readFileSync(p, 'utf8')) as Json;

/** The YAML block of docs/ci.md that is a workflow with a `jobs` matrix. */
function documentedWorkflow(): Json {
  const blocks = [...readFileSync('docs/ci.md', 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as unknown);
  const workflows = blocks.filter((b): b is Json => !!b && typeof b === 'object' && !Array.isArray(b) && 'jobs' in b);
  expect(workflows).toHaveLength(1);
  return workflows[0]!;
}

interface StepLog {
  job: string;
  shard?: number;
  run?: string;
  uses?: string;
  code: number;
  skipped: boolean;
}
const artifacts = new Map<string, Map<string, string>>(); // name -> (path in the artifact -> file on disk)
const steps: StepLog[] = [];

/** actions/upload-artifact@v4: the files under the given paths, relative to their common folder. */
function upload(name: string, paths: string[], mustExist: boolean): void {
  const abs = paths.map((p) => resolve(work, p.trim()));
  for (const p of abs) if (mustExist) expect(existsSync(p), `artifact ${name}: ${p}`).toBe(true);
  const roots = abs.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)));
  let common = roots[0]!;
  while (!roots.every((r) => r === common || r.startsWith(common + sep))) common = dirname(common);
  const files = new Map<string, string>();
  for (const p of abs.filter(existsSync)) {
    const list = statSync(p).isDirectory()
      ? readdirSync(p, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name))
      : [p];
    for (const f of list) files.set(relative(common, f).split(sep).join('/'), f);
  }
  const snapshot = join(installDir, 'artifacts', name);
  rmSync(snapshot, { recursive: true, force: true });
  for (const [rel, f] of files) {
    mkdirSync(dirname(join(snapshot, rel)), { recursive: true });
    cpSync(f, join(snapshot, rel));
    files.set(rel, join(snapshot, rel));
  }
  artifacts.set(name, files);
}

/** actions/download-artifact@v4 with a pattern and no merge-multiple: each artifact into <path>/<name>/. */
function download(pattern: string, path: string): void {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  for (const [name, files] of artifacts) {
    if (!re.test(name)) continue;
    for (const [rel, f] of files) {
      const to = join(work, path, name, rel);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(f, to);
    }
  }
}

function runJob(id: string, job: Json, matrix: Json = {}): void {
  let failed = false;
  const subst = (s: string) => s.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, k: string) => String(matrix[k]));
  for (const step of job.steps as Json[]) {
    const always = typeof step.if === 'string' && /always\(\)/.test(step.if);
    const log: StepLog = { job: id, ...(matrix.shard ? { shard: matrix.shard as number } : {}), code: 0, skipped: failed && !always };
    steps.push(log);
    if (log.skipped) continue;
    if (step.run !== undefined) {
      log.run = subst(String(step.run)).trim();
      if (log.run === 'npm ci') continue; // the set-up installed the tarball: that is the step under test's input
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', log.run], {
        cwd: work,
        encoding: 'utf8',
        env: { ...process.env, FORCE_COLOR: '0' },
      });
      log.code = r.status ?? -1;
      if (log.code !== 0) failed = true;
      continue;
    }
    log.uses = String(step.uses);
    const w = (step.with ?? {}) as Json;
    const action = log.uses.split('@')[0];
    if (action === 'actions/checkout' || action === 'actions/setup-node') continue;
    if (action === 'actions/upload-artifact')
      upload(
        subst(String(w.name)),
        subst(String(w.path))
          .split('\n')
          .filter((p) => p.trim()),
        w['if-no-files-found'] === 'error',
      );
    else if (action === 'actions/download-artifact') download(String(w.pattern), String(w.path ?? '.'));
    else throw new Error(`the workflow uses ${log.uses}, which this test does not play`);
  }
}

let workflow: Json;
let single: string;
let merged: string;

beforeAll(async () => {
  await installed();
  // The repository: the export and the organisation's policies (rolecheck's example, and an init scaffold).
  mkdirSync(join(work, 'exports'), { recursive: true });
  cpSync(join(installDir, 'node_modules', 'rolecheck', 'examples', 'contoso'), join(work, 'exports', 'contoso'), { recursive: true });
  rmSync(join(work, 'exports', 'contoso', 'policies'), { recursive: true });
  cpSync(join(installDir, 'node_modules', 'rolecheck', 'examples', 'contoso', 'policies'), join(work, 'policies'), { recursive: true });
  workflow = documentedWorkflow();
  const needs = (j: Json): string[] => (Array.isArray(j.needs) ? j.needs : j.needs ? [j.needs] : []) as string[];
  const done = new Set<string>();
  for (let pass = 0; done.size < Object.keys(workflow.jobs).length && pass < 5; pass++) {
    for (const [id, job] of Object.entries(workflow.jobs as Record<string, Json>)) {
      if (done.has(id) || !needs(job).every((n) => done.has(n))) continue;
      const values = (job.strategy?.matrix?.shard ?? [undefined]) as Array<number | undefined>;
      for (const shard of values) runJob(id, job, shard === undefined ? {} : { shard });
      done.add(id);
    }
  }
  expect([...done].sort()).toEqual(Object.keys(workflow.jobs).sort());
  // One unsharded run of the same inputs, as the single job of docs/ci.md would make it.
  const r = spawnSync(
    join(installDir, 'node_modules', '.bin', 'rolecheck'),
    ['audit', 'exports/contoso', '--policies', 'policies', '--out', 'single', '--fail-on', 'none', '--quiet'],
    { cwd: work, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  single = join(work, 'single');
  merged = join(work, 'reports');
}, INSTALL_WAIT_MS + 240_000);

describe('the GitHub Actions workflow of docs/ci.md, run against the installed package', () => {
  it("runs three shards and a merge job; only the merge job's verdict fails (the example is not compliant)", () => {
    const failedRuns = steps.filter((s) => s.run && s.code !== 0).map((s) => `${s.job}: ${s.run}`);
    expect(failedRuns).toEqual([
      'report: npx rolecheck report --from shards/shard-*/messages.ndjson --environment shards/shard-1 --out reports',
    ]);
    expect(steps.filter((s) => s.job === 'audit' && s.run?.includes('rolecheck audit')).map((s) => s.shard)).toEqual([1, 2, 3]);
    // After the failing verdict, only the `if: always()` steps ran: the evidence is copied and uploaded.
    expect(steps.filter((s) => s.job === 'report' && s.skipped)).toEqual([]);
  });

  it("uploads every evidence file: the merged report with the export's findings and inputs, and each shard's outputs", () => {
    const files = [...artifacts.get('compliance-report')!.keys()].sort();
    // The effective access data files of the export (src/exports/environment-data.ts), as every shard writes them.
    const access = ACCESS_FILES;
    const shardFiles = [
      'cucumber.html',
      'cucumber.log',
      'environment.json',
      'findings.json',
      'undefined-steps.txt',
      ...access,
      ...REPORT_FILES,
    ].sort();
    expect(files).toEqual(
      [
        ...[...REPORT_FILES, 'environment.json', 'findings.json', ...access].sort().map((f) => `reports/${f}`),
        ...[1, 2, 3].flatMap((i) => shardFiles.map((f) => `shards/shard-${i}/${f}`)),
      ].sort(),
    );
    expect(readJson(join(merged, 'findings.json')).findings).toHaveLength(14);
  });

  it('each shard ran a part of the scenarios, and together all of them, once', () => {
    const executed = [1, 2, 3].map((i) => readJson(join(work, `shard-${i}`, 'compliance.json')).totals.scenarios.executed as number);
    const all = readJson(join(single, 'compliance.json')).totals.scenarios.executed as number;
    for (const n of executed) expect(n).toBeLessThan(all);
    expect(executed.reduce((a, b) => a + b, 0)).toBe(all);
  });
});

describe('merging that cannot lie: the merged shards equal one run', () => {
  const text = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
  const stamp = (dir: string) => readJson(join(dir, 'compliance.json')).run.timestampUtc as string;
  /** The bytes, with the run's one timestamp (ISO, and as the HTML shows it) made neutral. */
  const neutral = (dir: string, f: string) => {
    const ts = stamp(dir);
    return text(dir, f)
      .split(ts)
      .join('<timestamp>')
      .split(`${ts.slice(0, 10)} ${ts.slice(11, 19)} UTC`)
      .join('<timestamp>');
  };
  /** The merge's own provenance (the number of logs, the logs with their SHA-256) put as one run has it. */
  const withoutMergeProvenance = (s: string) =>
    s
      .replace(/("runs": )\d+/, '$11')
      .replace(/,\n\s*\{"kind":"message-log",[^}]*\}/g, '')
      .replace(/(<dt>Runs merged<\/dt><dd>)\d+/, '$11')
      .replace(/<tr><td>message-log<\/td>.*?<\/tr>/g, '');

  it('compliance.csv and specification.html are the same bytes (the book has every chapter once)', () => {
    expect(text(merged, 'compliance.csv')).toBe(text(single, 'compliance.csv'));
    expect(neutral(merged, 'specification.html')).toBe(neutral(single, 'specification.html'));
  });

  it('compliance.json and compliance.html are the same bytes apart from the timestamp and the merged logs', () => {
    const m = readJson(join(merged, 'compliance.json'));
    expect(m.run.runs).toBe(3);
    expect(m.run.inputs.filter((i: Json) => i.kind === 'message-log').map((i: Json) => i.path)).toEqual(
      [1, 2, 3].map((i) => `shards/shard-${i}/messages.ndjson`),
    );
    expect(m.run.filters).toEqual({ tags: [], names: [], paths: [], shard: null });
    for (const f of ['compliance.json', 'compliance.html']) expect(withoutMergeProvenance(neutral(merged, f)), f).toBe(neutral(single, f));
  });

  it("junit.xml is the same bytes apart from cucumber's durations and timestamp", () => {
    const times = (s: string) => s.replace(/ (time|timestamp)="[^"]*"/g, '');
    expect(times(text(merged, 'junit.xml'))).toBe(times(text(single, 'junit.xml')));
  });

  it('messages.ndjson holds the three shard logs; manifest.json lists the same files', () => {
    const merge = text(merged, 'messages.ndjson');
    expect(merge).toBe([1, 2, 3].map((i) => text(join(work, 'shards', `shard-${i}`), 'messages.ndjson')).join(''));
    const runs = merge
      .split('\n')
      .filter((l) => l.includes('"application/vnd.rolecheck.run+json"'))
      .map((l) => JSON.parse(JSON.parse(l).attachment.body) as Json);
    expect(runs.map((r) => r.shard)).toEqual([1, 2, 3].map((index) => ({ index, total: 3 })));
    // Every file of each folder is in its manifest; the merged folder holds the single run's files but the logs of
    // the audit's own cucumber run (cucumber.html, cucumber.log, undefined-steps.txt), which only a shard has.
    const files = (dir: string) => (readJson(join(dir, 'manifest.json')).files as Json[]).map((f) => f.path);
    const own = new Set(['cucumber.html', 'cucumber.log', 'undefined-steps.txt']);
    expect(files(merged)).toEqual(files(single).filter((f) => !own.has(f)));
    const onDisk = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
        .filter((f) => f !== 'manifest.json')
        .sort();
    expect(files(single)).toEqual(onDisk(single));
    expect(files(merged)).toEqual(onDisk(merged));
  });
});

describe('rolecheck report --from refuses a merge that is not one whole run', () => {
  const report = (...from: string[]) => {
    const out = join(work, 'refused');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'compliance.html'), 'previous report\n');
    const r = spawnSync(join(installDir, 'node_modules', '.bin', 'rolecheck'), ['report', '--out', 'refused', '--from', ...from], {
      cwd: work,
      encoding: 'utf8',
    });
    expect(readdirSync(out)).toEqual(['compliance.html']);
    expect(readFileSync(join(out, 'compliance.html'), 'utf8')).toBe('previous report\n');
    return { code: r.status, stderr: r.stderr };
  };
  const log = (i: number) => `shards/shard-${i}/messages.ndjson`;

  it('a missing shard is named', () => {
    const r = report(log(1), log(3));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shard 2/3 is missing');
    expect(r.stderr).toContain('nothing was written');
  });

  it('a log given twice, by the same name or as a copy, is refused', () => {
    expect(report(log(1), log(2), log(3), log(2)).stderr).toContain(`${log(2)} is given twice`);
    cpSync(join(work, log(2)), join(work, 'copy.ndjson'));
    const r = report(log(1), log(2), log(3), 'copy.ndjson');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${log(2)} and copy.ndjson are the same message log`);
  });

  it('a complete run cannot be merged with shards', () => {
    const r = report(log(1), log(2), log(3), 'single/messages.ndjson');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('single/messages.ndjson is a complete run');
  });

  it('shards of different splits, a shard given twice, different tags, two complete runs', () => {
    const shard = (index: number, total: number, tags: string[] = []) => ({ shard: { index, total }, tags });
    expect(() =>
      checkMerge([
        { path: 'a', info: shard(1, 2) },
        { path: 'b', info: shard(2, 3) },
      ]),
    ).toThrow(/different splits/);
    expect(() =>
      checkMerge([
        { path: 'a', info: shard(1, 2) },
        { path: 'b', info: shard(1, 2) },
      ]),
    ).toThrow('shard 1/2 is given twice (a and b)');
    expect(() =>
      checkMerge([
        { path: 'a', info: shard(1, 2, ['@x']) },
        { path: 'b', info: shard(2, 2) },
      ]),
    ).toThrow(/different --tags/);
    expect(() =>
      checkMerge([
        { path: 'a', info: { shard: null, tags: [] } },
        { path: 'b', info: { shard: null, tags: [] } },
      ]),
    ).toThrow(/complete runs of the same scenarios/);
    expect(() => checkMerge([{ path: 'a', info: shard(2, 3) }])).toThrow('shards 1/3, 3/3 are missing');
    expect(
      checkMerge([
        { path: 'a', info: shard(1, 2, ['@x']) },
        { path: 'b', info: shard(2, 2, ['@x']) },
      ]),
    ).toEqual({ tags: ['@x'], warnings: [] });
    expect(checkMerge([{ path: 'a', info: undefined }]).warnings).toEqual([
      'a: no shard recorded (not written by rolecheck); whether the logs cover every scenario once was not checked',
    ]);
  });
});

it('the stand-ins of this test saw every artifact the workflow names', () => {
  expect([...artifacts.keys()].sort()).toEqual(['compliance-report', 'shard-1', 'shard-2', 'shard-3']);
  expect(basename(work)).toBe('ci');
});
