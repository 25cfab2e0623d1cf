// `npm run bench` — the performance benchmark of issue 5 (not part of `npm test`).
//   npm run bench                       every section
//   npm run bench -- --only decisions   one section (decisions, audit, suite, report, suggest, startup, solution, tiering;
//                                       comma-separated)
//   npm run bench -- --runs 5 --timebox 5 --json
//   options: --runs N (decisions, suite, report; default 5), --timebox S (slow engines, default 5),
//            --audit-runs N (in-process phase runs of the large audit, default 1), --users N (default 20000),
//            --queries N (check queries, default 1000000; 0 to skip), --check-samples N (alternated samples of
//            check and csv-parse, default 7)
//            --scale 5000,20000,50000,100000 (audit section: users of the scaling table's user axis),
//            --scale-roles 500,2000 --roles-at 20000 (its role axis), --skip-e2e (no scaling table),
//            --skip-phases (no in-process phases)
//            --html FILE (report section: measure this compliance.html instead of the large audit's own)
//            --baseline REF (report section: also the same pages rendered by the code of git commit REF, in the same run)
//            --samples N (startup: alternated samples of each command, default 15)
//            --roles N, --privileges N (solution section: the generated solution, default 2000 × 500)
//            --tiering-samples N, --large-samples N (tiering: alternated samples of the example's audit, default 7, and
//            of the 20,000-user audit and check, default 3)
// Every figure is printed with its target and whether it is met; `--json` prints a summary as the LAST line.
import { cpus, loadavg } from 'node:os';
import { decisions } from './decisions/index.ts';
import { figure, figures, log, printTable } from './lib.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const json = args.includes('--json');
const runs = Number(opt('runs', '5'));
const timebox = Number(opt('timebox', '5'));
const only = new Set(opt('only', 'decisions,audit,suite,report,suggest,startup,solution,tiering').split(','));

const machine = {
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? '?',
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
};
log(
  `# rolecheck benchmark — ${new Date().toISOString()} — ${machine.nproc} cores (${machine.cpu}), node ${machine.node}, load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const summary: Record<string, unknown> = { machine, runs };
let failed = false;
const section = async (name: string, fn: () => Promise<Record<string, unknown>>) => {
  if (!only.has(name)) return;
  try {
    summary[name] = await fn();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    log(`\n${name}: ${msg}`);
    summary[name] = { error: msg };
    figure({
      section: name,
      name: 'section could not be measured',
      value: NaN,
      unit: '',
      met: false,
      note: msg.split('\n')[0]!.slice(0, 160),
    });
    failed = true;
    if (msg.startsWith('ABORT')) {
      if (json) log(JSON.stringify({ ...summary, aborted: msg }));
      process.exit(3);
    }
  }
};

const users = Number(opt('users', '20000'));
const auditRuns = Number(opt('audit-runs', '1'));
const queries = Number(opt('queries', '1000000'));
await section('decisions', () => decisions({ runs, timebox }));
await section('suite', async () => (await import('./suite.ts')).suite({ runs }));
const list = (name: string, def: string) => opt(name, def).split(',').filter(Boolean).map(Number);
await section('audit', async () =>
  (await import('./audit/index.ts')).audit({
    runs: auditRuns,
    users,
    queries,
    skipE2e: args.includes('--skip-e2e'),
    skipPhases: args.includes('--skip-phases'),
    scale: list('scale', '5000,20000,50000,100000'),
    scaleRoles: list('scale-roles', '500,2000'),
    rolesAt: Number(opt('roles-at', '20000')),
    checkSamples: Number(opt('check-samples', '7')),
  }),
);
await section('suggest', async () => (await import('./suggest.ts')).suggestBench({ runs }));
const html = opt('html', '');
const baseline = opt('baseline', '');
await section('report', async () =>
  (await import('./report.ts')).report({ runs, users, ...(html ? { html } : {}), ...(baseline ? { baseline } : {}) }),
);
await section('startup', async () => (await import('./startup.ts')).startup({ samples: Number(opt('samples', '15')) }));
await section('solution', async () =>
  (await import('./solution.ts')).solution({ runs, roles: Number(opt('roles', '2000')), privileges: Number(opt('privileges', '500')) }),
);
await section('tiering', async () =>
  (await import('./tiering.ts')).tiering({
    samples: Number(opt('tiering-samples', '7')),
    largeSamples: Number(opt('large-samples', '3')),
  }),
);

printTable();
log(
  `\nload average at the end: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} (1, 5, 15 minutes; ${cpus().length} cores)`,
);
summary.figures = figures;
summary.allTargetsMet = figures.every((f) => f.met !== false) && !failed;
if (json) process.stdout.write(JSON.stringify(summary) + '\n');
