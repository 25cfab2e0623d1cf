// `rolecheck report --from <messages.ndjson>... [--out reports]`: every output rebuilt from saved message logs,
// the logs of CI shards merged (src/report/rebuild.ts refuses a merge that would not be one whole run), written
// into a new folder that replaces --out as a whole.
import { mergeLogs, MergeError } from '../report/rebuild.ts';
import { summaryLine } from '../report/generate.ts';
import { writeSetAtomically } from '../report/write.ts';
import { InputError } from './errors.ts';
import { openOutputFolder } from './output-folder.ts';

export async function reportCommand(opts: { from: string[]; out: string; environment?: string }): Promise<number> {
  // The logs may lie in --out (a report rebuilt in place): they are read before the folder is switched.
  const output = openOutputFolder(opts.out);
  try {
    let g: Awaited<ReturnType<typeof mergeLogs>>;
    try { g = await mergeLogs(opts.from, process.cwd(), opts.environment ? { environment: opts.environment } : {}); } catch (e) {
      if (e instanceof MergeError) throw new InputError(`rolecheck report: ${e.message}; nothing was written.`);
      throw e;
    }
    writeSetAtomically(output.dir, g.files);
    output.commit();
    for (const w of g.warnings) process.stderr.write(`rolecheck report: warning: ${w}\n`);
    process.stderr.write(`${summaryLine(g.report)}\nrolecheck: ${g.files.size} report files written to ${opts.out}/ from ${opts.from.length} message log(s)\n`);
    return g.report.totals.verdict === 'fail' ? 1 : 0;
  } finally { output.abandon(); }
}
