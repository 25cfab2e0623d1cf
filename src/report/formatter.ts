// The cucumber-js formatter plugin that writes the compliance report. It only collects the message envelopes
// (pickles, results, the evidence steps attach) and, when the run ends, hands them to the pure builder: nothing is
// shared with the steps, so it works the same under --parallel, --shard and when shards are merged later.
//
//   format: [['./src/report/formatter.ts', 'reports/.rolecheck-formatter.log']]
//   formatOptions: { rolecheck: { out: 'reports' } }        // output folder, default reports/
import type { Envelope } from '@cucumber/messages';
import { runContext } from './context.ts';
import { generateAndWrite, summaryLine } from './generate.ts';

export interface RolecheckFormatOptions { out?: string }

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
      const out = options?.out ?? process.env.ROLECHECK_REPORT_DIR ?? 'reports';
      const started = Date.now();
      const { report, files } = generateAndWrite(out, envelopes, runContext());
      const bytes = [...files.values()].reduce((n, f) => n + Buffer.byteLength(f), 0);
      write(`${summaryLine(report)}\nrolecheck: ${files.size} report files (${bytes} bytes) written to ${out}/ in ${Date.now() - started} ms\n`);
    };
  },
};
