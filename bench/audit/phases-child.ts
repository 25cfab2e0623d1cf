// One in-process measurement of the audit's phases on an export (fresh process). Prints one JSON line.
//   node --expose-gc --import tsx bench/audit/phases-child.ts EXPORT_DIR
// Phases: raw csv-parse of the same files (the peer), load = read + validate + build (loadExport), build alone
// (buildModel on the loaded spec, timed again), findings, and the environment's effective access. `check` is
// measured against its peer by check-child.ts.
import { rawParse } from './rawparse.ts';

const [dir] = process.argv.slice(2);
if (!dir) throw new Error('usage: phases-child EXPORT_DIR');
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
out.bytes = raw.bytes;
out.rows = raw.rows;
const { loadExport } = await import('../../src/exports/load.ts');
const { buildModel } = await import('../../src/model/index.ts');
const loaded = await time('load', () => loadExport(dir));
await time('build', () => buildModel(loaded.spec));
out.readValidateMs = (out.loadMs as number) - (out.buildMs as number);
const findingsMod = await import('../../src/exports/findings.ts');
const found = await time('findings', () => findingsMod.findings(loaded));
out.findings = found.length;
// The environment's effective access, as the audit computes it once (src/exports/environment-data.ts: profiles, user
// counts per table privilege and depth, role holders, within limits the reverse look-up), then what the audit's
// scenarios attach: one digest of it, reconciled against a second computation from each user's roles.
const { environmentData } = await import('../../src/exports/environment-data.ts');
const { accessDigest } = await import('../../src/exports/access-digest.ts');
const roleResources = await import('../../src/exports/role-resources.ts');
const data = await time('access', () => environmentData(loaded));
let evidenceBytes = 0;
await time('digest', () => {
  evidenceBytes += JSON.stringify(accessDigest(loaded.model, data).evidence).length;
  evidenceBytes += JSON.stringify(
    roleResources.roleResourcesCheck(loaded.model.q.environment().name, roleResources.roleResourceCells(loaded), data).evidence,
  ).length;
});
out.evidenceBytes = evidenceBytes;
out.rssAfterAccessMB = process.memoryUsage().rss / 2 ** 20;

out.peakRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify(out) + '\n');
