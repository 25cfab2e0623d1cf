// `npm test` after the type check and the feature lint: vitest, and alongside it the cucumber suite then the
// browser tests. Each of them alone leaves a core idle much of the time (vitest waits on the commands its tests
// start, Playwright on Chromium), so together they take little more than vitest alone. vitest prints as it goes;
// the others' output is kept and printed whole once vitest has ended (two reporters interleaved are unreadable).
// The exit code is the first failure's, and every phase that failed is named.
import { spawn } from 'node:child_process';

/** Runs `npm run <script>`; its output goes to the terminal, or is collected when `keep` is given. */
function npmRun(script, keep) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', script], { stdio: keep ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (keep) for (const s of [child.stdout, child.stderr]) s.on('data', (c) => keep.push(c));
    child.on('error', (e) => { keep?.push(Buffer.from(`${e.message}\n`)); resolve(1); });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const kept = [];
const results = [];
let alongsideDone = false;
const alongside = (async () => {
  for (const script of ['bdd:test', 'e2e']) {
    const code = await npmRun(script, kept);
    results.push([script, code]);
    if (code !== 0) break;
  }
  alongsideDone = true;
})();
results.unshift(['unit', await npmRun('unit')]);
if (!alongsideDone) process.stderr.write('\nnpm test: vitest has ended; waiting for the cucumber suite and the browser tests...\n');
await alongside;
process.stdout.write('\n--- npm run bdd:test, then npm run e2e (run alongside vitest) ---\n');
for (const c of kept) process.stdout.write(c);
const failed = results.filter(([, code]) => code !== 0);
if (failed.length) {
  process.stderr.write(`\nnpm test: failed: ${failed.map(([s, code]) => `npm run ${s} (exit code ${code})`).join(', ')}\n`);
  process.exit(failed[0][1]);
}
