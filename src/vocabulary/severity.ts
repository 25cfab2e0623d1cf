// Severities of rules and findings, most severe first: the one order every output sorts and counts by.
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function isSeverity(s: string): s is Severity {
  return (SEVERITIES as readonly string[]).includes(s);
}

/** Sorts most severe first; unknown severities last. */
export function compareSeverity(a: string, b: string): number {
  const ia = SEVERITIES.indexOf(a as Severity);
  const ib = SEVERITIES.indexOf(b as Severity);
  return (ia < 0 ? SEVERITIES.length : ia) - (ib < 0 ? SEVERITIES.length : ib);
}

/** Counts by severity, most severe first, only the severities present: `{ critical: 2, high: 3 }`. */
export function countBySeverity(items: Iterable<{ severity: string }>): Record<string, number> {
  const n = new Map<string, number>();
  for (const x of items) n.set(x.severity, (n.get(x.severity) ?? 0) + 1);
  const out: Record<string, number> = {};
  for (const s of [...n.keys()].sort(compareSeverity)) out[s] = n.get(s)!;
  return out;
}
