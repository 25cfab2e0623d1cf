// `npm test` once Chromium is there: vitest, and alongside it the type check, the feature lint and the cucumber
// suite, one after the other (the first that fails ends that line); then, when all of them passed, the browser tests.
// vitest leaves a core idle while its global set-up builds and packs the package, which is where the short steps
// fit. The browser tests run alone: their assertions wait at most a few seconds for a page, and a large page
// (e2e/large-report.spec.ts) missed that when they shared the processor with vitest; run together with vitest, even
// at a lower priority, the whole took longer than one after the other.
// vitest prints as it goes; the short steps' output is kept and printed whole once vitest has ended (two reporters
// interleaved are unreadable). Then how long each step took; the exit code is the first failure's, and every step
// that failed is named.
import { spawn } from 'node:child_process';

/** Runs `npm run <script>`; its output goes to the terminal, or into `keep`. */
function npmRun(script, { keep } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', script], { stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (keep) for (const s of [child.stdout, child.stderr]) s.on('data', (c) => keep.push(c));
    child.on('error', (e) => {
      (keep ?? []).push(Buffer.from(`npm test: npm: ${e.message}\n`));
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  }).then((code) => {
    took.set(script, (Date.now() - started) / 1000);
    return code;
  });
}

/** Seconds each step took, in the order they ended. */
const took = new Map();

const kept = [];
const results = [];
let alongsideDone = false;
const alongside = (async () => {
  for (const script of ['typecheck', 'lint', 'bdd:test']) {
    const code = await npmRun(script, { keep: kept });
    results.push([script, code]);
    if (code !== 0) break;
  }
  alongsideDone = true;
})();
results.unshift(['unit', await npmRun('unit')]);
if (!alongsideDone) process.stderr.write('\nnpm test: vitest has ended; waiting for the steps alongside it...\n');
await alongside;
process.stdout.write('\n--- npm run typecheck, lint, bdd:test (run alongside vitest) ---\n');
for (const c of kept) process.stdout.write(c);
if (results.every(([, code]) => code === 0)) results.push(['e2e', await npmRun('e2e')]);
process.stderr.write(`\nnpm test: ${[...took].map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(', ')}\n`);
const failed = results.filter(([, code]) => code !== 0);
if (failed.length) {
  process.stderr.write(`\nnpm test: failed: ${failed.map(([s, code]) => `npm run ${s} (exit code ${code})`).join(', ')}\n`);
  process.exit(failed[0][1]);
}
