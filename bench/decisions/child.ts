// One measurement of one engine in a fresh process: build (timed as setup), verify against the reference on a
// sample, warm up, time, verify every timed decision. Prints one JSON line. A mismatch exits with code 3.
import { ENGINE_NAMES, makeEngine, type EngineName } from './engines.ts';
import { makeWorkload, reference, STANDARD } from './workload.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : def;
};
const engineName = opt('engine', 'floor') as EngineName;
if (!ENGINE_NAMES.includes(engineName)) throw new Error(`unknown engine ${engineName}`);
const timebox = Number(opt('timebox', '5'));
const checks = Number(opt('checks', String(STANDARD.checks)));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const w = makeWorkload({ ...STANDARD, checks });
const expected = new Uint8Array(checks);
for (let i = 0; i < checks; i++) expected[i] = reference(w, i) ? 1 : 0;
gc();
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const engine = await makeEngine(engineName, w);
const setupMs = performance.now() - t0;
gc();
const rssAfter = process.memoryUsage().rss;
const out = new Uint8Array(checks).fill(255);

const mismatch = (from: number, to: number, phase: string) => {
  for (let i = from; i < to; i++) {
    if (out[i] !== expected[i]) {
      process.stdout.write(
        JSON.stringify({
          engine: engineName,
          error: `mismatch (${phase}) at check ${i}: engine ${out[i]}, reference ${expected[i]}`,
          check: { u: w.cu[i], p: w.cp[i], t: w.ct[i], owner: w.co[i], bu: w.cb[i] },
        }) + '\n',
      );
      process.exit(3);
    }
  }
};

let done: number;
let ms: number;
let from: number;
if (!engine.slow) {
  // Verify a sample, warm up, then time every check.
  engine.decideRange(0, Math.min(checks, 20_000), out);
  mismatch(0, Math.min(checks, 20_000), 'sample');
  for (let k = 0; k < 2; k++) engine.decideRange(0, Math.min(checks, 200_000), out);
  gc();
  out.fill(255);
  from = 0;
  const s = performance.now();
  done = engine.decideRange(0, checks, out);
  ms = performance.now() - s;
} else {
  const sample = Math.min(checks, 40);
  engine.decideRange(0, sample, out);
  mismatch(0, sample, 'sample');
  gc();
  from = 1000;
  const s = performance.now();
  done = engine.decideRange(from, checks, out, s + timebox * 1000);
  ms = performance.now() - s;
}
mismatch(from, done, 'timed');
let allowed = 0;
for (let i = from; i < done; i++) allowed += out[i]!;
const n = done - from;
process.stdout.write(
  JSON.stringify({
    engine: engineName,
    checks: n,
    ms,
    checksPerSec: n / (ms / 1000),
    setupMs,
    allowedShare: allowed / n,
    grants: w.grants,
    rssSetupMB: (rssAfter - rssBefore) / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    verified: n + (engine.slow ? 40 : 20_000),
  }) + '\n',
);
