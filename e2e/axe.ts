// The browser tests' accessibility check: axe-core (through @axe-core/playwright) fails a test on any serious or
// critical violation.
//
// Rules that can only report moderate or minor violations are not run: such a rule has its impact set in axe-core's
// own rule data, and axe gives that impact to every check of every node the rule reports (axe-core 4.13,
// `finalizeRuleResult`), so none of its violations could fail the check. Leaving them out changes no outcome and
// saves time: on the example's report, `region` alone took 5 of axe's 13 s. Which rules those are is read from the
// installed axe-core, not listed here; if a later axe-core keeps its rule data elsewhere, every rule is run again.
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
const FAILING: ReadonlySet<Impact> = new Set(['serious', 'critical']);

/** Ids of the rules whose every violation has a moderate or minor impact (see the header). */
export const LOW_IMPACT_RULES: readonly string[] = (() => {
  // The axe-core that @axe-core/playwright injects into the page.
  const fromPlaywright = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
  const axe = fromPlaywright('axe-core') as { _audit?: { rules?: Array<{ id: string; impact?: Impact }> } };
  const rules = axe._audit?.rules ?? [];
  return rules.filter((r) => r.impact !== undefined && !FAILING.has(r.impact)).map((r) => r.id);
})();

/** An axe run on `page` for serious and critical violations; narrow it with `.include(...)` as needed. */
export function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).options({ resultTypes: ['violations'] }).disableRules([...LOW_IMPACT_RULES]);
}

/** The serious and critical violations of a run, one line each (rule, impact, help, the first nodes). */
export function seriousViolations(result: AxeResults, label = ''): string[] {
  return result.violations
    .filter((v) => v.impact !== undefined && v.impact !== null && FAILING.has(v.impact))
    .map(
      (v) =>
        `${label ? `${label}: ` : ''}${v.id} (${v.impact}) ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}
