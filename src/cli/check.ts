// `rolecheck check <export> --queries <file.csv> [--out file.csv]`: one answer per query, in input order.
import { existsSync } from 'node:fs';
import { checkQueries, type AnswerSink } from '../check/check.ts';
import { ExportError, formatProblems } from '../exports/load.ts';
import { InputError, loadOrFail, sayWarnings, stderrSay, writeFdAtomically } from './common.ts';

export async function checkCommand(
  folder: string,
  opts: { queries: string; out?: string; quiet?: boolean; solution?: string[] },
): Promise<number> {
  const started = Date.now();
  const loaded = await loadOrFail(folder, stderrSay, opts.quiet, { solutions: opts.solution ?? [] });
  if (!existsSync(opts.queries))
    throw new InputError(
      `${opts.queries}: the queries file does not exist; expected a CSV with the columns user, privilege, table, record`,
    );
  let n = 0;
  try {
    const run = async (sink: AnswerSink) => {
      const r = await checkQueries(loaded.model, opts.queries, sink);
      n = r.count;
      if (!opts.quiet) sayWarnings(r.warnings, stderrSay);
    };
    if (opts.out) await writeFdAtomically(opts.out, (fd) => run({ kind: 'file', fd }));
    else await run(process.stdout);
  } catch (e) {
    if (e instanceof ExportError) {
      if (!opts.quiet) sayWarnings(e.warnings, stderrSay);
      throw new InputError(
        `${formatProblems(e.problems)}\nrolecheck: ${e.problems.length} invalid quer${e.problems.length === 1 ? 'y' : 'ies'} in ${opts.queries}; nothing was written.`,
      );
    }
    throw e;
  }
  if (!opts.quiet)
    stderrSay(
      `rolecheck: answered ${n} quer${n === 1 ? 'y' : 'ies'} against ${loaded.model.q.environment().name} in ${Date.now() - started} ms${opts.out ? ` -> ${opts.out}` : ''}`,
    );
  return 0;
}
