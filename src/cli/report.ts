// `rolecheck report --from <messages.ndjson>... [--out reports]`: every output rebuilt from saved message logs,
// the logs of CI shards merged (src/report/rebuild.ts refuses a merge that would not be one whole run), written
// into a new folder that replaces --out as a whole.
import { mergeLogs, MergeError } from '../report/rebuild.ts';
import { summaryLine } from '../report/generate.ts';
import { writeSetAtomically } from '../report/write.ts';
import { basename } from 'node:path';
import { TENANT_SUMMARY_FILE } from '../tenant/summary.ts';
import { InputError } from './errors.ts';
import { openOutputFolder } from './output-folder.ts';

export async function reportCommand(opts: { from: string[]; out: string; environment?: string; failOn?: string }): Promise<number> {
  // The summaries of an audit of many environments (its CI shards) are merged into one tenant report.
  const tenant = opts.from.filter((p) => basename(p) === TENANT_SUMMARY_FILE);
  if (tenant.length) {
    if (opts.environment !== undefined)
      throw new InputError(
        `rolecheck report: --environment is for message logs; the ${TENANT_SUMMARY_FILE} summaries of an audit of many environments carry each environment's report folder; nothing was written.`,
      );
    if (tenant.length !== opts.from.length)
      throw new InputError(
        `rolecheck report: --from mixes message logs with ${TENANT_SUMMARY_FILE} summaries (${tenant.join(', ')}); give the message logs of one audit, or the ${TENANT_SUMMARY_FILE} of every shard of an audit of many environments; nothing was written.`,
      );
    return (await import('./environments-merge.ts')).mergeEnvironmentsCommand(opts.from, opts.out, opts.failOn);
  }
  if (opts.failOn !== undefined)
    throw new InputError(
      'rolecheck report: --fail-on decides the merge of environments.json summaries (an audit of many environments); a report rebuilt from message logs exits 1 when it fails',
    );
  // The logs may lie in --out (a report rebuilt in place): they are read before the folder is switched.
  const output = openOutputFolder(opts.out);
  try {
    let g: Awaited<ReturnType<typeof mergeLogs>>;
    try {
      g = await mergeLogs(opts.from, process.cwd(), opts.environment ? { environment: opts.environment } : {});
    } catch (e) {
      if (e instanceof MergeError) throw new InputError(`rolecheck report: ${e.message}; nothing was written.`);
      throw e;
    }
    writeSetAtomically(output.dir, g.files);
    output.commit();
    for (const w of g.warnings) process.stderr.write(`rolecheck report: warning: ${w}\n`);
    process.stderr.write(
      `${summaryLine(g.report)}\nrolecheck: ${g.files.size} report files written to ${opts.out}/ from ${opts.from.length} message log(s)\n`,
    );
    return g.report.totals.verdict === 'fail' ? 1 : 0;
  } finally {
    output.abandon();
  }
}
