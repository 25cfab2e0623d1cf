// Large-audit benchmark (issue 16):
// - the phases in-process on the `--users` export (bench/audit/phases-child.ts) and the raw csv-parse peer;
// - `check` of `--queries` queries against csv-parse merely reading the same file, the two sides alternated over
//   `--check-samples` samples in one process (bench/audit/check-child.ts): the median ratio and its spread;
// - the scaling table: `rolecheck audit` end to end (wall time, peak RSS of the process tree, output sizes) on
//   seeded exports of `--scale` users (default 5k, 20k, 50k, 100k; the generator's default scaling) and of
//   `--scale-roles` custom roles at `--roles-at` users (default 500 and 2,000 at 20,000), each run `--audit-runs`
//   times in rotated order, with the growth of each step and the targets of the 100,000-user export.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { figure, fmt, log, median, ROOT, run } from '../lib.ts';
import { largeDefaults, type LargeOptions } from '../gen-large.ts';

export interface AuditOpts {
  runs: number;
  users: number;
  queries: number;
  skipE2e?: boolean;
  /** Users of the scaling table's user axis (default scaling of the generator). */
  scale: number[];
  /** Custom roles of the scaling table's role axis, at `rolesAt` users. */
  scaleRoles: number[];
  rolesAt: number;
  /** Alternated samples of check and its peer. */
  checkSamples: number;
  /** Skip the in-process phases (the scaling table and check only). */
  skipPhases?: boolean;
}

const node = process.execPath;
const MB = 2 ** 20;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

/** The export of `o` in `dir`, generated in a child process unless a stamp says it is there with these options. */
async function ensureExport(dir: string, o: LargeOptions): Promise<{ rows: number; bytes: number; privilegeRows: number }> {
  const generator = createHash('sha256')
    .update(readFileSync(join(ROOT, 'bench/gen-large.ts')))
    .digest('hex');
  const stampPath = `${dir}.stamp.json`;
  const want = JSON.stringify({ o, generator });
  if (existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { want: string; rows: number; bytes: number; privilegeRows: number };
    if (stamp.want === want && existsSync(join(dir, 'shares.csv'))) return stamp;
  }
  const args = ['--import', 'tsx', 'bench/gen-large.ts', '--out', dir];
  for (const [k, v] of Object.entries(o)) if (k !== 'users') args.push(`--${k}`, String(v));
  args.push('--users', String(o.users));
  const t0 = performance.now();
  const res = await run(node, args);
  if (res.code !== 0) throw new Error(`gen-large failed for ${dir}: ${res.stderr.slice(-1000)}`);
  const m = /wrote .*?: ([\d,]+) rows, ([\d.]+) MB/.exec(res.stdout);
  const rp = /role-privileges\.csv\s+(\d+) rows/.exec(res.stdout);
  const stamp = { want, rows: Number(m![1]!.replace(/,/g, '')), bytes: Number(m![2]) * MB, privilegeRows: Number(rp![1]) };
  writeFileSync(stampPath, JSON.stringify(stamp));
  log(
    `  generated ${dir}: ${stamp.rows.toLocaleString('en-US')} rows (${stamp.privilegeRows.toLocaleString('en-US')} privilege rows), ${fmt(stamp.bytes / MB)} MB in ${fmt((performance.now() - t0) / 1000)} s`,
  );
  return stamp;
}

/** The outputs whose size is bounded (≤ 20 MB each; compliance.html ≤ 10 MB), and the report's other own files. */
const BOUNDED = ['messages.ndjson', 'cucumber.html', 'compliance.json', 'compliance.html'] as const;
const REPORT_FILES = new Set<string>([
  ...BOUNDED,
  'compliance.csv',
  'specification.html',
  'junit.xml',
  'manifest.json',
  'findings.json',
  'environment.json',
  'cucumber.log',
  'undefined-steps.txt',
]);
const LIMIT_MB: Record<string, number> = { 'messages.ndjson': 20, 'cucumber.html': 20, 'compliance.json': 20, 'compliance.html': 10 };

/** Sizes of a report folder: each bounded output, and the data files (everything else the audit wrote beside them). */
function outputSizes(out: string): { files: Record<string, number>; data: number; dataFiles: number; largestData: string } {
  const files: Record<string, number> = {};
  let data = 0;
  let dataFiles = 0;
  let largest = '';
  let largestBytes = -1;
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        walk(p, r);
        continue;
      }
      const size = statSync(p).size;
      if ((BOUNDED as readonly string[]).includes(r)) files[r] = size;
      else if (!REPORT_FILES.has(r)) {
        data += size;
        dataFiles++;
        if (size > largestBytes) {
          largestBytes = size;
          largest = r;
        }
      }
    }
  };
  if (existsSync(out)) walk(out, '');
  return { files, data, dataFiles, largestData: largest ? `${largest} ${fmt(largestBytes / MB)} MB` : '' };
}

interface Config {
  label: string;
  users: number;
  roles: number;
  dir: string;
  out: string;
  gen: LargeOptions;
}
interface Sample {
  seconds: number;
  rssGB: number;
  exit: number;
  sizes: ReturnType<typeof outputSizes>;
  error?: string;
  load: string;
}

/** Growth from one step to the next: exponent k of y ∝ x^k (1 is linear). */
const exponent = (x1: number, x2: number, y1: number, y2: number) => Math.log(y2 / y1) / Math.log(x2 / x1);
const growthWord = (k: number) =>
  !Number.isFinite(k) ? '?' : k > 1.15 ? 'FASTER than the input' : k < 0.85 ? 'slower than the input' : 'linear';

export async function audit(o: AuditOpts): Promise<Record<string, unknown>> {
  const summary: Record<string, unknown> = {};
  const dir = join(ROOT, '.large', `bench-${o.users}`);
  const queries = `${dir}-queries.csv`;
  const gen = largeDefaults(o.users);
  gen.queries = o.queries;
  if (!o.skipPhases || o.queries) {
    log(
      `\n## Large audit: ${o.users.toLocaleString('en-US')} users, ${gen.bus} BUs, ${gen.teams} teams, ${gen.roles} custom roles, ${gen.tables} tables, ${gen.records.toLocaleString('en-US')} records, ${gen.shares.toLocaleString('en-US')} shares (seed ${gen.seed}); load average ${load()}`,
    );
    const stamp = await ensureExport(dir, gen);
    summary.export = { dir, ...stamp };
  }

  if (!o.skipPhases) {
    const phases: Array<Record<string, number>> = [];
    for (let r = 0; r < o.runs; r++) {
      const res = await run(node, ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', 'bench/audit/phases-child.ts', dir]);
      const line = res.stdout.trim().split('\n').pop() ?? '';
      if (res.code !== 0 || !line.startsWith('{')) throw new Error(`phases run failed (exit ${res.code}): ${res.stderr.slice(-2000)}`);
      const p = JSON.parse(line) as Record<string, number>;
      phases.push(p);
      log(
        `  phases run ${r + 1}: raw csv-parse ${fmt(p.rawParseMs!)} ms, read+validate ${fmt(p.readValidateMs!)} ms, build ${fmt(p.buildMs!)} ms, findings ${fmt(p.findingsMs!)} ms, environment data ${fmt(p.accessMs!)} ms, digest ${fmt(p.digestMs!)} ms`,
      );
    }
    const med = (k: string) => median(phases.map((p) => p[k]!).filter((x) => x !== undefined));
    const bytes = phases[0]!.bytes!;
    const rawMBs = bytes / MB / (med('rawParseMs') / 1000);
    const importMBs = bytes / MB / (med('readValidateMs') / 1000);
    summary.phases = { runs: phases };
    figure({
      section: 'audit',
      name: 'raw csv-parse (peer)',
      value: rawMBs,
      unit: 'MB/s',
      note: `${fmt(bytes / MB)} MB, ${phases[0]!.rows!.toLocaleString('en-US')} rows in ${fmt(med('rawParseMs'))} ms`,
    });
    figure({
      section: 'audit',
      name: 'import (read + validate)',
      value: importMBs,
      unit: 'MB/s',
      note: `${fmt(med('readValidateMs'))} ms`,
    });
    figure({
      section: 'audit',
      name: 'import / raw csv-parse',
      value: importMBs / rawMBs,
      unit: '×',
      target: '≥ 0.5',
      met: importMBs / rawMBs >= 0.5,
    });
    figure({ section: 'audit', name: 'phase: build', value: med('buildMs'), unit: 'ms' });
    figure({ section: 'audit', name: 'phase: findings', value: med('findingsMs'), unit: 'ms' });
    figure({ section: 'audit', name: 'phase: environment data (effective access, computed once)', value: med('accessMs'), unit: 'ms' });
    figure({
      section: 'audit',
      name: 'phase: access digest (reconciled) and custom-role cells',
      value: med('digestMs'),
      unit: 'ms',
      note: `${fmt(med('evidenceBytes') / MB)} MB of evidence JSON`,
    });
    figure({
      section: 'audit',
      name: 'peak RSS of the phases in one process',
      value: med('peakRssMB') / 1024,
      unit: 'GB',
      note: 'load + build again + findings + effective access',
    });
  }

  if (o.queries) {
    log(
      `\n## check: ${o.queries.toLocaleString('en-US')} queries against csv-parse reading the same file, ${o.checkSamples} alternated samples (ABBA); load average ${load()}`,
    );
    const res = await run(node, ['--expose-gc', '--import', 'tsx', 'bench/audit/check-child.ts', dir, queries, String(o.checkSamples)]);
    const line = res.stdout.trim().split('\n').pop() ?? '';
    if (res.code !== 0 || !line.startsWith('{')) throw new Error(`check run failed (exit ${res.code}): ${res.stderr.slice(-2000)}`);
    const c = JSON.parse(line) as { queries: number; peerMs: number[]; checkMs: number[]; ratios: number[] };
    for (let i = 0; i < c.ratios.length; i++)
      log(`  sample ${i + 1}: csv-parse ${fmt(c.peerMs[i]!)} ms, check ${fmt(c.checkMs[i]!)} ms, ratio ${c.ratios[i]!.toFixed(3)}`);
    const ratio = median(c.ratios);
    const sorted = [...c.ratios].sort((a, b) => a - b);
    summary.check = { ...c, medianRatio: ratio };
    figure({
      section: 'audit',
      name: `check / csv-parse reading the same ${c.queries.toLocaleString('en-US')} queries`,
      value: ratio,
      unit: '×',
      target: '≤ 1.0',
      met: ratio <= 1.0,
      note: `median of ${c.ratios.length} alternated pairs, spread ${sorted[0]!.toFixed(2)}–${sorted[sorted.length - 1]!.toFixed(2)} ×; csv-parse ${fmt(median(c.peerMs))} ms, check ${fmt(median(c.checkMs))} ms (validate, decide, explain, write the answers)`,
    });
    figure({
      section: 'audit',
      name: 'check: queries/s',
      value: c.queries / (median(c.checkMs) / 1000),
      unit: 'queries/s',
      note: 'as `check --out`',
    });
  }

  if (o.skipE2e) return summary;

  // The scaling table.
  const configs: Config[] = [];
  for (const u of o.scale) {
    const g = largeDefaults(u);
    g.queries = 0;
    configs.push({
      label: `${u / 1000}k users`,
      users: u,
      roles: g.roles,
      dir: join(ROOT, '.large', `scale-${u}`),
      out: join(ROOT, '.large', `bench-audit-${u}`),
      gen: g,
    });
  }
  for (const r of o.scaleRoles) {
    const g = largeDefaults(o.rolesAt);
    g.queries = 0;
    g.roles = r;
    configs.push({
      label: `${r.toLocaleString('en-US')} roles`,
      users: o.rolesAt,
      roles: r,
      dir: join(ROOT, '.large', `scale-${o.rolesAt}-r${r}`),
      out: join(ROOT, '.large', `bench-audit-${o.rolesAt}-r${r}`),
      gen: g,
    });
  }
  log(`\n## rolecheck audit end to end: ${configs.map((c) => c.label).join(', ')}; ${o.runs} run(s) each, rotated; load average ${load()}`);
  const inputs = new Map<Config, { rows: number; bytes: number; privilegeRows: number }>();
  for (const c of configs) inputs.set(c, await ensureExport(c.dir, c.gen));
  const samples = new Map<Config, Sample[]>(configs.map((c) => [c, []]));
  for (let r = 0; r < o.runs; r++) {
    // Rotated, so that no configuration always runs first (or right after the largest).
    const order = configs.map((_, i) => configs[(i + r) % configs.length]!);
    for (const c of order) {
      const before = load();
      const res = await run(node, ['bin/rolecheck.mjs', 'audit', c.dir, '--out', c.out, '--fail-on', 'none', '--quiet'], { pollRss: true });
      const s: Sample = {
        seconds: res.ms / 1000,
        rssGB: (res.maxRssKB ?? 0) / 1024 / 1024,
        exit: res.code,
        sizes: outputSizes(c.out),
        load: before,
      };
      if (res.code === 3) s.error = `INCOMPLETE (exit 3): ${res.stderr.trim().split('\n').pop()?.slice(0, 200) ?? ''}`;
      else if (res.code !== 0)
        s.error = /heap out of memory/.test(res.stderr)
          ? 'FAILED: out of heap'
          : `FAILED: exit ${res.code}: ${res.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 200)}`;
      samples.get(c)!.push(s);
      log(
        `  ${c.label.padEnd(12)} run ${r + 1}: ${fmt(s.seconds)} s, ${fmt(s.rssGB)} GB, ${BOUNDED.map((f) => `${f} ${fmt((s.sizes.files[f] ?? NaN) / MB)} MB`).join(', ')}, data files ${fmt(s.sizes.data / MB)} MB (${s.sizes.dataFiles})${s.error ? `, ${s.error}` : ''} [load ${before}]`,
      );
    }
  }

  // Medians per configuration, the table, the growth per step and the targets.
  const rows = configs.map((c) => {
    const ss = samples.get(c)!;
    const inp = inputs.get(c)!;
    const size = (f: string) => median(ss.map((s) => s.sizes.files[f] ?? NaN));
    return {
      c,
      inp,
      seconds: median(ss.map((s) => s.seconds)),
      rssGB: median(ss.map((s) => s.rssGB)),
      sizes: Object.fromEntries(BOUNDED.map((f) => [f, size(f)])) as Record<string, number>,
      data: median(ss.map((s) => s.sizes.data)),
      largestData: ss[0]!.sizes.largestData,
      errors: ss.flatMap((s) => (s.error ? [s.error] : [])),
    };
  });
  const head = [
    'export',
    'users',
    'roles',
    'privilege rows',
    'input rows',
    'wall s',
    'peak GB',
    ...BOUNDED.map((f) => `${f} MB`),
    'data files MB',
    'status',
  ];
  const table = rows.map((x) => [
    x.c.label,
    x.c.users.toLocaleString('en-US'),
    x.c.roles.toLocaleString('en-US'),
    x.inp.privilegeRows.toLocaleString('en-US'),
    x.inp.rows.toLocaleString('en-US'),
    fmt(x.seconds),
    fmt(x.rssGB),
    ...BOUNDED.map((f) => fmt(x.sizes[f]! / MB)),
    fmt(x.data / MB),
    x.errors.length ? x.errors[0]! : 'ok',
  ]);
  log(`\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${table.map((r) => `| ${r.join(' | ')} |`).join('\n')}`);

  const growth: Array<Record<string, unknown>> = [];
  const step = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    const failed = [a, b].filter((x) => x.errors.length > 0);
    if (failed.length) {
      log(`  ${a.c.label} → ${b.c.label}: not comparable, ${failed.map((x) => x.c.label).join(' and ')} failed`);
      return;
    }
    const k = (y1: number, y2: number) => exponent(a.inp.rows, b.inp.rows, y1, y2);
    const g = {
      from: a.c.label,
      to: b.c.label,
      input: b.inp.rows / a.inp.rows,
      time: k(a.seconds, b.seconds),
      memory: k(a.rssGB, b.rssGB),
      msPerThousandRows: ((b.seconds - a.seconds) * 1000) / ((b.inp.rows - a.inp.rows) / 1000),
      outputs: Object.fromEntries(BOUNDED.map((f) => [f, k(a.sizes[f]!, b.sizes[f]!)])),
    };
    growth.push(g);
    log(
      `  ${a.c.label} → ${b.c.label}: input × ${g.input.toFixed(2)}; time ^${g.time.toFixed(2)} (${growthWord(g.time)}, ${fmt(g.msPerThousandRows)} ms per 1,000 more input rows), peak memory ^${g.memory.toFixed(2)} (${growthWord(g.memory)}), ${BOUNDED.map((f) => `${f} ^${(g.outputs[f] as number).toFixed(2)}`).join(', ')}`,
    );
  };
  log('\nGrowth per step (exponent k of y ∝ input rows^k: 1 is linear, below 1 the fixed start-up cost still shows):');
  const userRows = rows.slice(0, o.scale.length);
  for (let i = 1; i < userRows.length; i++) step(userRows[i - 1]!, userRows[i]!);
  const roleRows = rows.slice(o.scale.length);
  for (let i = 1; i < roleRows.length; i++) step(roleRows[i - 1]!, roleRows[i]!);
  summary.scaling = rows.map((x) => ({
    label: x.c.label,
    users: x.c.users,
    roles: x.c.roles,
    input: x.inp,
    seconds: x.seconds,
    peakGB: x.rssGB,
    sizes: x.sizes,
    dataBytes: x.data,
    largestData: x.largestData,
    errors: x.errors,
    samples: samples.get(x.c),
  }));
  summary.growth = growth;

  for (const x of rows) {
    const failed = x.errors.length > 0;
    const isTarget = x.c.users === 100_000 && x.c.roles === 2000;
    const name = `${x.c.label} (${x.c.roles.toLocaleString('en-US')} roles, ${x.inp.privilegeRows.toLocaleString('en-US')} privilege rows)`;
    figure({
      section: 'audit',
      name: `audit ${name}: wall`,
      value: x.seconds,
      unit: 's',
      ...(isTarget ? { target: '≤ 60', met: !failed && x.seconds <= 60 } : {}),
      ...(failed ? { note: x.errors[0] } : {}),
    });
    figure({
      section: 'audit',
      name: `audit ${name}: peak RSS of the process tree`,
      value: x.rssGB,
      unit: 'GB',
      ...(isTarget ? { target: '≤ 2', met: !failed && x.rssGB <= 2 } : {}),
    });
    for (const f of BOUNDED)
      figure({
        section: 'audit',
        name: `audit ${name}: ${f}`,
        value: x.sizes[f]! / MB,
        unit: 'MB',
        target: `≤ ${LIMIT_MB[f]}`,
        met: x.sizes[f]! / MB <= LIMIT_MB[f]!,
      });
    figure({
      section: 'audit',
      name: `audit ${name}: data files`,
      value: x.data / MB,
      unit: 'MB',
      note: x.largestData ? `largest: ${x.largestData}` : 'none',
    });
  }
  return summary;
}
