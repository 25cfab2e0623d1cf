// `npm test` once Chromium is there: vitest, and alongside it the type check, the feature lint, the cucumber suite
// and the browser tests, one after the other (the first that fails ends that line). vitest keeps both cores busy
// for most of its run; the browser tests leave them idle much of theirs, waiting on Chromium, but their assertions
// wait at most a few seconds for the page. So vitest runs at a lower priority (nice 10): the browser tests get the
// processor as soon as they need it, as when they run alone, and vitest gets what they leave.
// vitest prints as it goes; the other line's output is kept and printed whole once vitest has ended (two reporters
// interleaved are unreadable). Then how long each step took; the exit code is the first failure's, and every step
// that failed is named.
import { spawn } from 'node:child_process';

/** Runs `npm run <script>` (under `nice -n 10` when `low`); its output goes to the terminal, or into `keep`. */
function npmRun(script, { keep, low = false } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const [cmd, ...args] = [...(low ? ['nice', '-n', '10'] : []), 'npm', 'run', script];
    const child = spawn(cmd, args, { stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (keep) for (const s of [child.stdout, child.stderr]) s.on('data', (c) => keep.push(c));
    child.on('error', (e) => {
      // No `nice` on this system: the same run at the usual priority.
      if (low && e.code === 'ENOENT') resolve(npmRun(script, { keep }));
      else { (keep ?? []).push(Buffer.from(`npm test: ${cmd}: ${e.message}\n`)); resolve(1); }
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).then((code) => { took.set(script, (Date.now() - started) / 1000); return code; });
}

/** Seconds each step took, in the order they ended. */
const took = new Map();

const kept = [];
const results = [];
let alongsideDone = false;
const alongside = (async () => {
  for (const script of ['typecheck', 'lint', 'bdd:test', 'e2e']) {
    const code = await npmRun(script, { keep: kept });
    results.push([script, code]);
    if (code !== 0) break;
  }
  alongsideDone = true;
})();
results.unshift(['unit', await npmRun('unit', { low: true })]);
if (!alongsideDone) process.stderr.write('\nnpm test: vitest has ended; waiting for the steps alongside it...\n');
await alongside;
process.stdout.write('\n--- npm run typecheck, lint, bdd:test, e2e (run alongside vitest) ---\n');
for (const c of kept) process.stdout.write(c);
process.stderr.write(`\nnpm test: ${[...took].map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(', ')}\n`);
const failed = results.filter(([, code]) => code !== 0);
if (failed.length) {
  process.stderr.write(`\nnpm test: failed: ${failed.map(([s, code]) => `npm run ${s} (exit code ${code})`).join(', ')}\n`);
  process.exit(failed[0][1]);
}
