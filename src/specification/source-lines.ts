// The `Source:` line under each `Rule:` of the specification, made from the catalogue (issue 10, item 6): the
// catalogue is the one place a rule's source is written; the feature repeats it for readers of the .feature file,
// and the lint (lint.ts) fails when the two differ. `fixSources` rewrites the lines from the catalogue.
import { RULE_TAG } from '../vocabulary/index.ts';
import type { GherkinDocument } from '@cucumber/messages';
import { DOCUMENTS, RULES, type Rule } from '../catalog/rules.ts';

/** The line a feature must carry under the `Rule:` of `rule` (without indentation). */
export function sourceLine(rule: Rule): string {
  const doc = DOCUMENTS[rule.source.document];
  const [a, b] = rule.source.lines;
  const lines = a === b ? `line ${a}` : `lines ${a}-${b}`;
  return `Source: ${doc.citation}, section "${rule.source.section}", ${lines}: ${rule.source.url}`;
}

export interface RuleSourceLine {
  id: string;
  /** 1-based line of the `Rule:` keyword. */
  ruleLine: number;
  /** Indentation of the `Rule:` line. */
  indent: string;
  /** The `Source:` lines found in the rule's description (1-based line, trimmed text). */
  found: Array<{ line: number; text: string }>;
  expected: string;
}

const CHILD = /^(Background|Scenario|Scenario Outline|Scenario Template|Example|Examples|Rule)\s*:|^@/;

/** For every `Rule:` of a parsed document tagged with a catalogued id: its `Source:` lines and the expected one. */
export function ruleSourceLines(doc: GherkinDocument, source: string, rules: readonly Rule[] = RULES): RuleSourceLine[] {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out: RuleSourceLine[] = [];
  for (const c of doc.feature?.children ?? []) {
    if (!c.rule) continue;
    const ids = c.rule.tags.map((t) => RULE_TAG.exec(t.name)?.[1]).filter((x): x is string => !!x);
    const entry = ids.length === 1 ? byId.get(ids[0]!) : undefined;
    if (!entry) continue;
    const ruleLine = c.rule.location.line;
    const found: RuleSourceLine['found'] = [];
    // The description: the lines after `Rule:` up to the first child (Background, Scenario, a tag …).
    for (let i = ruleLine; i < lines.length; i++) {
      const t = lines[i]!.trim();
      if (CHILD.test(t)) break;
      if (t.startsWith('Source:')) found.push({ line: i + 1, text: t });
    }
    out.push({ id: entry.id, ruleLine, indent: /^\s*/.exec(lines[ruleLine - 1] ?? '')![0], found, expected: sourceLine(entry) });
  }
  return out;
}

/**
 * `source` with every catalogued Rule's `Source:` line made equal to the catalogue: a wrong line is replaced, a
 * missing one is added right under `Rule:`, extra ones are removed. Unparseable input is returned unchanged.
 */
export function fixSources(source: string, doc: GherkinDocument, rules: readonly Rule[] = RULES): string {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const edits: Array<{ at: number; remove: number; insert: string[] }> = [];
  for (const r of ruleSourceLines(doc, source, rules)) {
    const want = `${r.indent}  ${r.expected}`;
    if (r.found.length === 0) {
      edits.push({ at: r.ruleLine, remove: 0, insert: [want] });
      continue;
    }
    const [first, ...rest] = r.found;
    if (first!.text !== r.expected) edits.push({ at: first!.line - 1, remove: 1, insert: [want] });
    for (const x of rest) edits.push({ at: x.line - 1, remove: 1, insert: [] });
  }
  for (const e of edits.sort((a, b) => b.at - a.at)) lines.splice(e.at, e.remove, ...e.insert);
  return lines.join('\n');
}
