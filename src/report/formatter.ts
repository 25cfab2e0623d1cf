// The cucumber-js formatter plugin that writes the compliance report. Like cucumber's own JUnit formatter, it is a
// thin plugin: it collects the message envelopes and, when the run ends, hands them to the builder (the Query-based
// reading is in runs.ts) and the renderers. Nothing is shared with the steps, so it works the same under --parallel,
// --shard and when shards are merged later. The log it writes (messages.ndjson) records the run's shard, tags and
// policy files (run-info.ts). Inside `rolecheck audit`, the audit's environment data and findings come from the
// registry of that process, and the built report is handed back to the command (handoff.ts) with the envelopes it was
// built from, so that `rolecheck audit` can render it again once its review is known.
//
//   format: [['./src/report/formatter.ts', 'reports/.rolecheck-formatter.log']]
//   formatOptions: { rolecheck: { out: 'reports' } }        // output folder, default reports/
import type { Envelope } from '@cucumber/messages';
import { registeredAuditContext } from './audit-context.ts';
import type { BuildContext } from './build.ts';
import { runContext } from './context.ts';
import { generateAndWrite, summaryLine } from './generate.ts';
import { handReport } from './handoff.ts';
import { parseShard, withRunInfo } from './run-info.ts';
import { displayUri, withDisplayUris, type UriBase } from './uris.ts';

export interface RolecheckFormatOptions {
  out?: string;
  /** The run's filters, given by a command that runs cucumber in process (its argv is not cucumber's). */
  filters?: NonNullable<BuildContext['filters']>;
  /** Feature paths outside cucumber's folder are renamed relative to the command's folder (src/report/uris.ts). */
  uris?: UriBase;
  /** The feature files of the organisation's policies (as cucumber names them): their scenarios are policies. */
  policies?: string[];
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
    on('message', (envelope) => {
      envelopes.push(envelope);
    });
    return async () => {
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
      const audit = registeredAuditContext();
      if (audit) ctx.audit = audit;
      const policies = (options?.policies ?? []).map((p) => (options?.uris ? displayUri(p, options.uris) : p));
      const logged = withRunInfo(options?.uris ? withDisplayUris(envelopes, options.uris) : envelopes, {
        shard: parseShard(ctx.filters?.shard),
        tags: [...(ctx.filters?.tags ?? [])],
        ...(policies.length ? { policies } : {}),
      });
      const { report, files } = await generateAndWrite(out, logged, ctx);
      handReport(report, logged);
      const bytes = [...files.values()].reduce((n, f) => n + (typeof f === 'string' ? Buffer.byteLength(f) : f.length), 0);
      write(
        `${summaryLine(report)}\nrolecheck: ${files.size} report files (${bytes} bytes) written to ${out}/ in ${Date.now() - started} ms\n`,
      );
    };
  },
};
