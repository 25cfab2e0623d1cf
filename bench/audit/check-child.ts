// `check` against its peer, in one fresh process: csv-parse merely reading the queries file (no validation, no
// answers, no output) and `check` answering it as `rolecheck check --out FILE` does. The two sides alternate in
// ABBA order (peer, check, check, peer, …) after one warm-up of each, so that a load spike on a shared machine hits
// both sides and cannot decide the ratio; each sample's ratio is check / peer of the pair it belongs to.
//   node --expose-gc --import tsx bench/audit/check-child.ts EXPORT_DIR QUERIES_CSV [SAMPLES]
// Prints one JSON line: { queries, peerMs: [...], checkMs: [...], ratios: [...] }.
import { closeSync, openSync, rmSync } from 'node:fs';
import { rawParseFiles } from './rawparse.ts';

const [dir, queries, samplesArg] = process.argv.slice(2);
if (!dir || !queries) throw new Error('usage: check-child EXPORT_DIR QUERIES_CSV [SAMPLES]');
const samples = Math.max(1, Number(samplesArg ?? 7));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const { loadExport } = await import('../../src/exports/load.ts');
const check = await import('../../src/check/check.ts');
const loaded = await loadExport(dir);
const target = `${dir.replace(/\/$/, '')}-answers.csv`;

let count = 0;
const peer = async () => {
  gc();
  const t0 = performance.now();
  await rawParseFiles([queries], 'plain');
  return performance.now() - t0;
};
const answer = async () => {
  gc();
  const t0 = performance.now();
  // As `rolecheck check --out FILE` does it (src/cli/check.ts).
  const fd = openSync(target, 'w');
  count = (await check.checkQueries(loaded.model, queries, { kind: 'file', fd })).count;
  closeSync(fd);
  return performance.now() - t0;
};

await peer();
await answer(); // warm-up: JIT, the wording's pieces, the page cache
const peerMs: number[] = [];
const checkMs: number[] = [];
for (let i = 0; i < samples; i++) {
  if (i % 2 === 0) {
    peerMs.push(await peer());
    checkMs.push(await answer());
  } else {
    checkMs.push(await answer());
    peerMs.push(await peer());
  }
}
rmSync(target, { force: true });
process.stdout.write(JSON.stringify({ queries: count, peerMs, checkMs, ratios: checkMs.map((c, i) => c / peerMs[i]!) }) + '\n');
