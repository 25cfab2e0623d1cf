// A folder of environments: each sub-folder is one environment's export (a folder of CSV files or a Web API bundle),
// named by its folder. `rolecheck audit` recognises such a folder and audits every environment in it (audit-many.ts);
// --shard i/n then takes every n-th environment. A sub-folder named `policies` holds policies shared by every
// environment; any other sub-folder that is not an export is an input error (never silently skipped).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUNDLE_MARKER } from '../exports/bundle.ts';
import { InputError } from './errors.ts';

/** The file that makes a folder an export: environment.csv (CSV files) or the bundle's marker. */
const EXPORT_MARKERS = ['environment.csv', BUNDLE_MARKER];
export const SHARED_POLICIES = 'policies';

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};
export const isExportFolder = (dir: string): boolean => EXPORT_MARKERS.some((m) => existsSync(join(dir, m)));

/** Sub-folders to consider: not hidden (.git), not the shared policies. */
function candidates(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && n !== SHARED_POLICIES && isDir(join(dir, n)))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Whether `folder` is a folder of environments: not an export itself, and at least one sub-folder is one. */
export function isFolderOfEnvironments(folder: string): boolean {
  const dir = resolve(folder);
  if (!isDir(dir) || isExportFolder(dir)) return false;
  return candidates(dir).some((n) => isExportFolder(join(dir, n)));
}

/** Every environment of the folder, in order of their names; a sub-folder that is not an export is an InputError. */
export function listEnvironments(folder: string): string[] {
  const dir = resolve(folder);
  const names = candidates(dir);
  const bad = names.filter((n) => !isExportFolder(join(dir, n)));
  if (bad.length) {
    throw new InputError(
      bad
        .map(
          (n) =>
            `${join(folder, n)}: not an environment export: expected ${EXPORT_MARKERS.join(' or ')} in it (a folder of CSV files or a Web API bundle, see docs/export-format.md); in a folder of environments every sub-folder is one environment, except "${SHARED_POLICIES}" (policies for all of them)`,
        )
        .join('\n') +
        `\nrolecheck: ${bad.length} sub-folder${bad.length === 1 ? ' is' : 's are'} not an export in ${folder}; nothing was written.`,
    );
  }
  return names;
}

/** The environments of shard `i/n`: every n-th one, starting with the i-th (round robin, so shards get similar mixes). */
export function shardOf(names: readonly string[], shard: string): { index: number; count: number; names: string[] } {
  const [i, n] = shard.split('/').map(Number) as [number, number];
  return { index: i, count: n, names: names.filter((_, k) => k % n === i - 1) };
}
