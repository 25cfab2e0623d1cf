// The cucumber-js formatter plugin that writes the compliance report. It only collects the message envelopes
// (pickles, results, the evidence steps attach) and, when the run ends, hands them to the pure builder: nothing is
// shared with the steps, so it works the same under --parallel, --shard and when shards are merged later. The log
// it writes (messages.ndjson) records the run's shard and tags (src/report/run-info.ts). When cucumber runs inside
// `rolecheck audit` or `run`, the built report is also handed back to the command (src/report/handoff.ts).
//
//   format: [['./src/report/formatter.ts', 'reports/.rolecheck-formatter.log']]
//   formatOptions: { rolecheck: { out: 'reports' } }        // output folder, default reports/
import type { Envelope } from '@cucumber/messages';
import type { BuildContext } from './build.ts';
import { runContext } from './context.ts';
import { generateAndWrite, summaryLine } from './generate.ts';
import { handReport } from './handoff.ts';
import { parseShard, withRunInfo } from './run-info.ts';
import { withDisplayUris, type UriBase } from './uris.ts';

export interface RolecheckFormatOptions {
  out?: string;
  /** The run's filters, given by a command that runs cucumber in process (its argv is not cucumber's). */
  filters?: NonNullable<BuildContext['filters']>;
  /** Feature paths outside cucumber's folder are renamed relative to the command's folder (src/report/uris.ts). */
  uris?: UriBase;
}

interface Context {
  on: (key: 'message', handler: (envelope: Envelope) => void) => void;
  write: (chunk: string | Uint8Array) => void;
  options?: RolecheckFormatOptions;
  directory?: string;
}

export default {
  type: 'formatter' as const,
  optionsKey: 'rolecheck',
  formatter({ on, write, options }: Context) {
    const envelopes: Envelope[] = [];
    on('message', (envelope) => { envelopes.push(envelope); });
    return () => {
      if (process.argv.includes('--dry-run') || process.argv.includes('-d')) {
        write('rolecheck: dry run, no step was executed: the compliance report was not written\n');
        return;
      }
      if (!envelopes.some((e) => e.meta)) {
        write('rolecheck: no cucumber run took place: the previous report was left as it was\n');
        return;
      }
      if (envelopes.some((e) => e.parseError)) {
        write('rolecheck: a feature file could not be parsed, so no scenario ran: the previous report was left as it was\n');
        return;
      }
      const out = options?.out ?? process.env.ROLECHECK_REPORT_DIR ?? 'reports';
      const started = Date.now();
      const ctx = runContext(options?.filters ? [] : process.argv);
      if (options?.filters) ctx.filters = options.filters;
      const logged = withRunInfo(options?.uris ? withDisplayUris(envelopes, options.uris) : envelopes, { shard: parseShard(ctx.filters?.shard), tags: [...(ctx.filters?.tags ?? [])] });
      const { report, files } = generateAndWrite(out, logged, ctx);
      handReport(report);
      const bytes = [...files.values()].reduce((n, f) => n + Buffer.byteLength(f), 0);
      write(`${summaryLine(report)}\nrolecheck: ${files.size} report files (${bytes} bytes) written to ${out}/ in ${Date.now() - started} ms\n`);
    };
  },
};
