// The report the formatter built, handed back to the command that ran cucumber in the same process (`rolecheck
// audit` and `run` read their summary from it instead of re-reading messages.ndjson). The formatter runs in the
// coordinator process even under --parallel, so the hand-off is in memory.
import type { ComplianceReport } from './build.ts';

let last: ComplianceReport | undefined;

export function handReport(report: ComplianceReport): void { last = report; }

/** The report of the last run, once: the next call returns undefined until another run hands one over. */
export function takeReport(): ComplianceReport | undefined {
  const r = last;
  last = undefined;
  return r;
}
