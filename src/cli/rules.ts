// `rolecheck rules [--json]`: the rule catalogue with how many scenarios carry each rule's tag (the features of
// the package, wherever the command is run from).
import { CONFLICTS, RULES } from '../catalog/rules.ts';
import { loadFeatures, scenariosByRule } from '../specification/features.ts';
import { PACKAGE_ROOT } from '../paths.ts';

/** How many scenarios (outline rows count one each) carry each rule id, through their `Rule:` tags. */
export function scenarioCounts(dir = 'features', cwd = PACKAGE_ROOT): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [id, list] of scenariosByRule(loadFeatures(dir, cwd))) counts.set(id, list.length);
  return counts;
}

export function rulesJson(cwd = PACKAGE_ROOT) {
  const counts = scenarioCounts(undefined, cwd);
  return {
    rules: RULES.map((r) => ({
      id: r.id,
      statement: r.statement,
      severity: r.severity,
      topic: r.topic,
      source: { document: r.source.document, section: r.source.section, lines: r.source.lines, url: r.source.url },
      scenarios: counts.get(r.id) ?? 0,
    })),
    conflicts: CONFLICTS,
  };
}

export function rulesTable(cwd = PACKAGE_ROOT): string {
  const { rules, conflicts } = rulesJson(cwd);
  const rows = rules.map((r) => [
    r.id,
    r.severity,
    String(r.scenarios),
    `${r.source.document}:${r.source.lines[0]}-${r.source.lines[1]}`,
    r.statement,
  ]);
  const head = ['ID', 'SEVERITY', 'SCENARIOS', 'SOURCE', 'STATEMENT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 4 ? 0 : r[i]!.length))));
  const fmt = (r: string[]) => r.map((c, i) => (i === 4 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [fmt(head), ...rows.map(fmt), '', `${rules.length} rules, ${conflicts.length} documentation conflicts:`];
  for (const c of conflicts)
    out.push(`  ${c.id} ${c.title} (${c.sides.map((s) => s.rule).join(' vs ')}); the model follows: ${c.modelFollows}`);
  return out.join('\n') + '\n';
}
