// One side of a comparison: an export in any form the readers take (a folder of CSV files or a Web API bundle, with
// solutions) or an approved baseline file. A folder is an export; a file is a baseline.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { LoadedExport, LoadOptions } from '../exports/load.ts';
import { readBaseline } from './baseline-file.ts';
import type { SnapshotRef } from './delta.ts';
import { snapshotOf, type AccessSnapshot } from './snapshot.ts';

export interface Side {
  snapshot: AccessSnapshot;
  ref: SnapshotRef;
  loaded?: LoadedExport;
}

/**
 * Reads one side. `load` loads an export (the CLI passes its loader, which prints warnings and turns problems into
 * an input error); a file is read as a baseline (DataFileError on a bad one).
 */
export async function readSide(
  path: string,
  load: (folder: string, opts: LoadOptions) => Promise<LoadedExport>,
  opts: LoadOptions = {},
): Promise<Side> {
  if (existsSync(path) && statSync(path).isFile()) {
    const snapshot = await readBaseline(path);
    return {
      snapshot,
      ref: {
        label: basename(path),
        environment: snapshot.environment.name,
        kind: 'baseline',
        ...(snapshot.approvedUtc ? { approvedUtc: snapshot.approvedUtc } : {}),
      },
    };
  }
  const loaded = await load(path, opts);
  return {
    snapshot: snapshotOf(loaded),
    loaded,
    ref: { label: basename(loaded.folder), environment: loaded.model.compiled.name, kind: 'export' },
  };
}
