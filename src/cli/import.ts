// `rolecheck import <export> --out <folder> [--solution PATH]…`: writes the export (a Web API bundle, or a CSV
// folder with solutions) as the CSV files of the contract, so that auditing the folder gives the same findings and
// decisions. The export is validated first: on an input error nothing is written.
import { OutputFolderError, writeExportFolder } from '../exports/write-csv.ts';
import { InputError, loadOrFail, stderrSay } from './common.ts';

export async function importCommand(source: string, opts: { out: string; solution?: string[]; quiet?: boolean }): Promise<number> {
  const started = Date.now();
  const loaded = await loadOrFail(source, stderrSay, opts.quiet, { solutions: opts.solution ?? [] });
  let written: string[];
  try {
    written = writeExportFolder(loaded.spec, opts.out);
  } catch (e) {
    if (e instanceof OutputFolderError) throw new InputError(`${e.message}; nothing was written`);
    throw e;
  }
  if (!opts.quiet) {
    const q = loaded.model.q;
    stderrSay(
      `rolecheck import: ${loaded.kind === 'bundle' ? 'Web API bundle' : 'export'} ${source}${opts.solution?.length ? ` with ${opts.solution.length} solution${opts.solution.length === 1 ? '' : 's'}` : ''} -> ${opts.out}: ${written.length} files (${written.join(', ')}); ${q.users().length} users, ${loaded.spec.teams?.length ?? 0} teams, ${q.roles().filter((r) => !r.predefined).length} custom roles, ${loaded.spec.rolePrivileges?.length ?? 0} role privileges, in ${Date.now() - started} ms`,
    );
  }
  return 0;
}
