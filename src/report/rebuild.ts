// `rolecheck report --from <messages.ndjson>... [--out reports]`: rebuilds every output from saved message logs.
// Several logs (the shards of a CI matrix) are merged into one report.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Envelope } from '@cucumber/messages';
import { runContext } from './context.ts';
import { generateAndWrite, summaryLine, type Generated } from './generate.ts';

export function readMessageLog(path: string): { envelopes: Envelope[]; sha256: string } {
  const text = readFileSync(path, 'utf8');
  const envelopes: Envelope[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try { envelopes.push(JSON.parse(line) as Envelope); } catch { throw new Error(`${path}:${i + 1}: not a JSON message`); }
  });
  return { envelopes, sha256: createHash('sha256').update(text).digest('hex') };
}

export function rebuild(from: readonly string[], out: string, cwd = process.cwd()): Generated {
  if (from.length === 0) throw new Error('give at least one message log with --from');
  const logs = from.map((p) => ({ path: p, ...readMessageLog(p) }));
  const envelopes = logs.flatMap((l) => l.envelopes);
  if (!envelopes.some((e) => e.meta)) throw new Error('the message logs hold no cucumber run (no meta message)');
  const ctx = runContext([], cwd);
  // The filters of the original runs are not in the message log; the logs themselves are the recorded input.
  ctx.filters = {};
  ctx.messageLogs = logs.map((l) => ({ path: l.path, sha256: l.sha256 }));
  return generateAndWrite(out, envelopes, ctx);
}

export function reportCommand(opts: { from: string[]; out: string }): number {
  const { report, files } = rebuild(opts.from, opts.out);
  process.stderr.write(`${summaryLine(report)}\nrolecheck: ${files.size} report files written to ${opts.out}/ from ${opts.from.length} message log(s)\n`);
  return report.totals.verdict === 'fail' ? 1 : 0;
}
