// Shared by the export commands: loading an export with every problem on stderr, and atomic file output.
import { closeSync, createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { Writable } from 'node:stream';
import {
  ExportError,
  formatProblems,
  formatWarning,
  loadExport,
  MAX_REPORTED_ERRORS,
  type LoadedExport,
  type LoadOptions,
} from '../exports/load.ts';
import type { Problem } from '../model/index.ts';
import { InputError } from './errors.ts';
import { printError } from './terminal.ts';

export { InputError } from './errors.ts';

export interface Say {
  (text: string): void;
}
/** Prints to stderr with every control character of the input escaped (see terminal.ts). */
export const stderrSay: Say = (text) => {
  printError(text);
};

/** Prints up to MAX_REPORTED_ERRORS warnings, then how many more: a list of warnings is bounded like one of errors. */
export function sayWarnings(warnings: readonly Problem[], say: Say): void {
  for (const w of warnings.slice(0, MAX_REPORTED_ERRORS)) say(formatWarning(w));
  const more = warnings.length - MAX_REPORTED_ERRORS;
  if (more > 0) say(`warning: … and ${more} more warning${more === 1 ? '' : 's'} (${warnings.length} in all)`);
}

/** Loads the export (and its solutions); warnings go to stderr; an invalid export becomes an InputError listing every problem. */
export async function loadOrFail(folder: string, say: Say = stderrSay, quiet = false, opts: LoadOptions = {}): Promise<LoadedExport> {
  try {
    const loaded = await loadExport(folder, opts);
    if (!quiet) sayWarnings(loaded.warnings, say);
    return loaded;
  } catch (e) {
    if (e instanceof ExportError) {
      if (!quiet) sayWarnings(e.warnings, say);
      throw new InputError(
        `${formatProblems(e.problems)}\nrolecheck: the export in ${folder} has ${e.problems.length} error${e.problems.length === 1 ? '' : 's'}; nothing was written.`,
      );
    }
    throw e;
  }
}

/** `--solution` collects every path given (the option is repeatable). */
export { collectSolutions } from './command-kit.ts';

/** writeAtomically for a writer that wants a file descriptor (synchronous block writes, see check/check.ts). */
export async function writeFdAtomically(path: string, fill: (fd: number) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fd = openSync(tmp, 'w');
  try {
    await fill(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
    rmSync(tmp, { force: true });
    throw e;
  }
}

export async function writeAtomically(path: string, fill: (out: Writable) => Promise<void>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const out = createWriteStream(tmp);
  try {
    await fill(out);
    await new Promise<void>((resolve, reject) => {
      out.on('error', reject);
      out.end(resolve);
    });
    renameSync(tmp, path);
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
}
