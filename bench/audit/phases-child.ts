// One in-process measurement of the audit's phases on an export (fresh process). Prints one JSON line.
//   node --expose-gc --import tsx bench/audit/phases-child.ts EXPORT_DIR [QUERIES_CSV]
// Phases: raw csv-parse of the same files (the peer), load = read + validate + build (loadExport), build alone
// (buildModel on the loaded spec, timed again), findings, effective-access matrix (principal evidence and the
// custom roles' cells, serialised as the steps attach them), and, when a queries file is given, `check`'s
// answering after loading (resolve + answer + write).
import { closeSync, openSync } from 'node:fs';
import { rawParse, rawParseFiles } from './rawparse.ts';

const [dir, queries] = process.argv.slice(2);
if (!dir) throw new Error('usage: phases-child EXPORT_DIR [QUERIES_CSV]');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const out: Record<string, number | string> = {};
const time = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
  gc();
  const t0 = performance.now();
  const r = await fn();
  out[`${name}Ms`] = performance.now() - t0;
  return r;
};

const raw = await time('rawParse', () => rawParse(dir, 'plain'));
out.bytes = raw.bytes; out.rows = raw.rows;
const { loadExport } = await import('../../src/exports/load.ts');
const { buildModel } = await import('../../src/model/index.ts');
const loaded = await time('load', () => loadExport(dir));
await time('build', () => buildModel(loaded.spec));
out.readValidateMs = (out.loadMs as number) - (out.buildMs as number);
const findingsMod = await import('../../src/exports/findings.ts');
const found = await time('findings', () => findingsMod.findings(loaded));
out.findings = found.length;
const principals = await import('../../src/exports/principals.ts');
let evidenceBytes = 0;
const { environmentData } = await import('../../src/exports/environment-data.ts');
const { accessDigest } = await import('../../src/exports/access-digest.ts');
await time('matrix', () => {
  // What the audit's scenarios attach: the custom roles' cells and one digest of the effective access (reconciled).
  evidenceBytes += JSON.stringify(accessDigest(loaded.model, environmentData(loaded)).evidence).length;
  for (const cell of principals.customRoleCells(loaded)) evidenceBytes += JSON.stringify(cell).length;
});
out.matrixEvidenceBytes = evidenceBytes;
out.rssAfterMatrixMB = process.memoryUsage().rss / 2 ** 20;

if (queries) {
  const check = await import('../../src/check/check.ts');
  const target = `${dir.replace(/\/$/, '')}-answers.csv`;
  // The peer, in the same process just before: csv-parse reading the queries file and doing nothing with it.
  await time('checkPeerParse', () => rawParseFiles([queries], 'plain'));
  let n = 0;
  await time('checkAnswer', async () => {
    // As `rolecheck check --out FILE` does it (src/cli/check.ts).
    const fd = openSync(target, 'w');
    n = (await check.checkQueries(loaded.model, queries, { kind: 'file', fd })).count;
    closeSync(fd);
  });
  out.queries = n;
  out.checkQps = n / ((out.checkAnswerMs as number) / 1000);
  // The decisions alone on the resolved queries (no CSV in, no CSV out): the explaining path, and brief(), which
  // check uses (the same answers as numbered pieces of text).
  const q = await check.resolveQueries(loaded.model, queries);
  const { explainIdx } = await import('../../src/explain/explain.ts');
  const b = check.briefer(loaded.model);
  await time('checkDecide', () => { let a = 0; for (let i = 0; i < q.count; i++) if (explainIdx(loaded.model, q.user[i]!, q.privilege[i]!, q.table[i]!, q.record[i]!).allowed) a++; return a; });
  out.checkDecideQps = q.count / ((out.checkDecideMs as number) / 1000);
  await time('checkBrief', () => { let a = 0; for (let i = 0; i < q.count; i++) if (b.brief(q.user[i]!, q.privilege[i]!, q.table[i]!, q.record[i]!).allowed) a++; return a; });
  out.checkBriefQps = q.count / ((out.checkBriefMs as number) / 1000);
}
out.peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out) + '\n');
