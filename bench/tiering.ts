// V8 tuning of the command (bin/tiering.mjs: an interrupt budget 16 × V8's default) against V8's default, in the
// same run: the installed package runs each workload with its own setting and with `--interrupt-budget=67584`
// (V8's default, which bin/tiering.mjs then leaves as it is), alternated sample by sample, so a busy machine slows
// both alike. Figures: median CPU time (user + system, from bench/cpu-report.mjs) and wall time, and the ratio
// tuned / default. Workloads: an audit of the bundled example (what the tests and `npm start` run), an audit of a
// generated 20,000-user export, and `check` of 200,000 queries against it (long runs, whose hot code must still be
// optimised: target within 10 % of the default, the bound issue 10 set for the decision paths).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateLarge, largeDefaults } from './gen-large.ts';
import { figure, fmt, log, median, ROOT, run } from './lib.ts';
import { installPacked } from './startup.ts';

const DEFAULT_BUDGET = '--interrupt-budget=67584';
const CPU_REPORT = join(ROOT, 'bench', 'cpu-report.mjs');

export async function tiering(o: { samples: number; largeSamples: number }): Promise<Record<string, unknown>> {
  const root = join(ROOT, '.large', 'tiering');
  const bin = installPacked(root);
  const cwd = join(root, 'app');
  const large = join(root, 'env-20k');
  rmSync(large, { recursive: true, force: true });
  await generateLarge(large, { ...largeDefaults(20_000), queries: 200_000 });
  const out = join(root, 'out');
  mkdirSync(out, { recursive: true });
  const workloads: Array<{ name: string; args: string[]; samples: number; longRun: boolean }> = [
    {
      name: 'audit of the bundled example',
      args: [
        'audit',
        join(cwd, 'node_modules', 'rolecheck', 'examples', 'contoso'),
        '--out',
        join(out, 'example'),
        '--fail-on',
        'none',
        '--quiet',
      ],
      samples: o.samples,
      longRun: false,
    },
    {
      name: 'audit of 20,000 users',
      args: ['audit', large, '--out', join(out, 'large'), '--fail-on', 'none', '--quiet'],
      samples: o.largeSamples,
      longRun: true,
    },
    {
      name: 'check of 200,000 queries (20,000 users)',
      args: ['check', large, '--queries', `${large}-queries.csv`, '--out', join(out, 'answers.csv')],
      samples: o.largeSamples,
      longRun: true,
    },
  ];
  log(`\n## V8 tiering: the command's interrupt budget against V8's default, alternated (medians)`);
  const result: Record<string, unknown> = {};
  for (const w of workloads) {
    const sample = async (flags: string[]) => {
      const r = await run(process.execPath, ['--import', CPU_REPORT, ...flags, bin, ...w.args], { cwd });
      if (r.code !== 0) throw new Error(`${w.name} exited with ${r.code}: ${r.stderr.slice(-500)}`);
      const cpu = /cpu-ms ([\d.]+)\s*$/.exec(r.stderr);
      if (!cpu) throw new Error(`${w.name}: no CPU figure on stderr`);
      return { cpu: Number(cpu[1]), wall: r.ms };
    };
    const tuned: Array<{ cpu: number; wall: number }> = [];
    const plain: Array<{ cpu: number; wall: number }> = [];
    for (let s = 0; s < w.samples; s++) {
      tuned.push(await sample([]));
      plain.push(await sample([DEFAULT_BUDGET]));
    }
    const m = (xs: Array<{ cpu: number; wall: number }>, k: 'cpu' | 'wall') => median(xs.map((x) => x[k]));
    const ratio = m(tuned, 'cpu') / m(plain, 'cpu');
    figure({
      section: 'tiering',
      name: `${w.name}: CPU tuned / V8 default`,
      value: ratio,
      unit: '×',
      ...(w.longRun ? { target: '≤ 1.10 ×', met: ratio <= 1.1 } : {}),
      note:
        `CPU ${fmt(m(tuned, 'cpu'))} ms tuned, ${fmt(m(plain, 'cpu'))} ms default; wall ${fmt(m(tuned, 'wall'))} ms / ` +
        `${fmt(m(plain, 'wall'))} ms; ${w.samples} samples each`,
    });
    result[w.name] = { tuned, default: plain, cpuRatio: ratio };
  }
  return result;
}
