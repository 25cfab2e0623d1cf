// manifest.json: the SHA-256 and size of every file of an output folder, so that one run's folder can be verified
// as a whole. The formatter lists the set it writes; `rolecheck audit`, which adds its own files (the data files,
// findings.json, environment.json, cucumber.html, …), lists the whole folder just before it is switched into --out.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceReport } from './schema.ts';

export const MANIFEST = 'manifest.json';

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function manifestJson(report: Pick<ComplianceReport, 'schemaVersion' | 'run' | 'totals'>, files: readonly ManifestFile[]): string {
  const t = report.totals;
  return (
    JSON.stringify(
      {
        schemaVersion: report.schemaVersion,
        timestampUtc: report.run.timestampUtc,
        inputsSha256: report.run.inputsSha256,
        verdict: t.verdict,
        counts: {
          findings: t.findings,
          policies: t.policies.total,
          policiesFailed: t.policies.failed,
          rules: t.rules.total,
          rulesFailed: t.rules.failed,
        },
        files: [...files].sort((a, b) => cmp(a.path, b.path)),
      },
      null,
      2,
    ) + '\n'
  );
}

export function manifestEntry(path: string, body: string | Uint8Array): ManifestFile {
  return {
    path,
    sha256: createHash('sha256').update(body).digest('hex'),
    bytes: typeof body === 'string' ? Buffer.byteLength(body) : body.length,
  };
}

/**
 * A file's entry, read in 1 MB pieces: the data files of a large tenant can be gigabytes, beyond what one read
 * (2 GiB) or one string may hold, and the manifest needs only their hash.
 */
export function fileEntry(path: string, file: string): ManifestFile {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  const fd = openSync(file, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) {
      hash.update(buf.subarray(0, n));
      bytes += n;
    }
  } finally {
    closeSync(fd);
  }
  return { path, sha256: hash.digest('hex'), bytes };
}

/** Every file under `dir` (sub-folders included, dot-files and the manifest itself left out), as manifest entries. */
export function folderEntries(dir: string): ManifestFile[] {
  const out: ManifestFile[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && p !== MANIFEST) out.push(fileEntry(p, join(dir, p)));
    }
  };
  walk('');
  return out.sort((a, b) => cmp(a.path, b.path));
}

/** The manifest of a whole output folder, to be written as `dir/manifest.json`. */
export function folderManifest(dir: string, report: Pick<ComplianceReport, 'schemaVersion' | 'run' | 'totals'>): string {
  return manifestJson(report, folderEntries(dir));
}
