// The report the formatter built, handed back to the command that ran cucumber in the same process (`rolecheck
// audit` and `run` read their summary from it instead of re-reading messages.ndjson). The formatter runs in the
// coordinator process even under --parallel, so the hand-off is in memory. The envelopes the report was built from
// go with it: `rolecheck audit` renders every output again once its review is known (render is pure).
import type { Envelope } from '@cucumber/messages';
import type { ComplianceReport } from './build.ts';

let last: ComplianceReport | undefined;
const envelopes = new WeakMap<ComplianceReport, readonly Envelope[]>();

export function handReport(report: ComplianceReport, from?: readonly Envelope[]): void {
  last = report;
  if (from) envelopes.set(report, from);
}

/** The report of the last run, once: the next call returns undefined until another run hands one over. */
export function takeReport(): ComplianceReport | undefined {
  const r = last;
  last = undefined;
  return r;
}

/** The envelopes (as written to messages.ndjson) a handed-over report was built from. */
export function envelopesOf(report: ComplianceReport): readonly Envelope[] | undefined {
  return envelopes.get(report);
}
