// Rule ids (`ENV-003`, `ROLE-012`, `DV-004` …) and the tags that carry them on a feature's `Rule:` (`@ROLE-012`),
// with the severity tag beside them (`@severity-high`).

/** A catalogued rule id: a prefix of capitals, a dash, three digits. */
export const RULE_ID = /^[A-Z]+-\d{3}$/;
/** The tag of a rule id on a `Rule:` or scenario. */
export const RULE_TAG = /^@([A-Z]+-\d{3})$/;
/** The severity tag. */
export const SEVERITY_TAG = /^@severity-([a-z]+)$/;

/** The rule ids among a list of tag names (`@ROLE-012` → `ROLE-012`), in order. */
export function ruleIdsOfTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    const m = RULE_TAG.exec(t);
    if (m && !out.includes(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/** The severity named by the tags (`@severity-high` → `high`), or undefined. */
export function severityOfTags(tags: readonly string[]): string | undefined {
  for (const t of tags) {
    const m = SEVERITY_TAG.exec(t);
    if (m) return m[1];
  }
  return undefined;
}
