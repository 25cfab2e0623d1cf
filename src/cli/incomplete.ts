// When a run cannot vouch for its result: a step ran out of time, scenarios were skipped or left pending, or work
// that was planned never ran. Such a run is reported as INCOMPLETE, with its own exit code, whatever --fail-on
// says: a green summary must never hide that part of the specification or the policies was not checked.
import type { ComplianceReport } from '../report/build.ts';

export interface Incomplete {
  reasons: string[];
  /** The scenarios concerned, as `name (uri:line): status`. */
  scenarios: string[];
}

/** Exit code of a run that cannot vouch for its result, whatever --fail-on says. */
export const EXIT_INCOMPLETE = 3;

const TIMEOUT = /timed out/i;

/** Why the run is incomplete, or null. `filtered`: tags or a shard left scenarios out on purpose. */
export function incompleteness(
  report: ComplianceReport,
  success: boolean,
  filtered = report.run.filters.tags.length > 0 || report.run.filters.shard !== null,
): Incomplete | null {
  const timedOut = report.scenarios.filter((s) => s.status === 'failed' && TIMEOUT.test(s.message ?? ''));
  const skipped = report.scenarios.filter((s) => s.status === 'skipped' || s.status === 'pending' || s.status === 'unknown');
  const notRun = filtered ? [] : report.scenarios.filter((s) => s.status === 'not-executed');
  const anyFailed = report.scenarios.some((s) => s.status === 'failed' || s.status === 'ambiguous' || s.status === 'undefined');
  const reasons: string[] = [];
  const n = (k: number, what: string) => `${k} scenario${k === 1 ? '' : 's'} ${what}`;
  if (timedOut.length) reasons.push(n(timedOut.length, 'exceeded a step timeout'));
  if (skipped.length) reasons.push(n(skipped.length, 'skipped or pending'));
  if (notRun.length) reasons.push(n(notRun.length, 'planned but not run'));
  if (!success && !anyFailed && reasons.length === 0)
    reasons.push('cucumber reported the run as failed although no scenario failed (a hook failed?)');
  if (reasons.length === 0) return null;
  const line = (s: ComplianceReport['scenarios'][number]) =>
    `${s.name} (${s.uri}:${s.line}): ${TIMEOUT.test(s.message ?? '') ? 'timed out' : s.status}`;
  return { reasons, scenarios: [...timedOut, ...skipped, ...notRun].map(line) };
}
