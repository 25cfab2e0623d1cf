// `npm run bench` — the performance benchmark of issue 5 (not part of `npm test`).
//   npm run bench                       every section
//   npm run bench -- --only decisions   one section (decisions, audit, suite, report; comma-separated)
//   npm run bench -- --runs 5 --timebox 5 --json
// Every figure is printed with its target and whether it is met; `--json` prints a summary as the LAST line.
import { cpus } from 'node:os';
import { decisions } from './decisions/index.ts';
import { figures, log, printTable } from './lib.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1]! : def; };
const json = args.includes('--json');
const runs = Number(opt('runs', '5'));
const timebox = Number(opt('timebox', '5'));
const only = new Set(opt('only', 'decisions,audit,suite,report').split(','));

const machine = { nproc: cpus().length, cpu: cpus()[0]?.model ?? '?', node: process.version, platform: `${process.platform} ${process.arch}` };
log(`# rolecheck benchmark — ${new Date().toISOString()} — ${machine.nproc} cores (${machine.cpu}), node ${machine.node}`);
const summary: Record<string, unknown> = { machine, runs };
let failed = false;
const section = async (name: string, fn: () => Promise<Record<string, unknown>>) => {
  if (!only.has(name)) return;
  try { summary[name] = await fn(); } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    log(`\n${name}: ${msg}`);
    summary[name] = { error: msg };
    failed = true;
    if (msg.startsWith('ABORT')) { if (json) log(JSON.stringify({ ...summary, aborted: msg })); process.exit(3); }
  }
};

await section('decisions', () => decisions({ runs, timebox }));
if (only.has('audit') || only.has('suite') || only.has('report')) {
  const { audit, suite, report } = await import('./sections.ts');
  await section('audit', () => audit({ runs }));
  await section('suite', () => suite({ runs }));
  await section('report', () => report());
}

printTable();
summary.figures = figures;
summary.allTargetsMet = figures.every((f) => f.met !== false) && !failed;
if (json) process.stdout.write(JSON.stringify(summary) + '\n');
