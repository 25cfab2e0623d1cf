// The catalogue and the specification stay in step: every catalogued rule has scenarios, every rule tag names a
// catalogued rule with its severity, the table-shaped rules are asserted whole (every summary-table cell, every
// predefined role), and the step glossary describes the step definitions that exist.
import { RULE_TAG } from '../src/vocabulary/index.ts';
import { CucumberExpression, ParameterType, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import type { GherkinDocument, Rule as GherkinRule, Scenario, Step, Tag } from '@cucumber/messages';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFeatures, scenariosByRule } from '../src/authoring/features.ts';
import { glossaryMarkdown, parameterTypes, stepPhrases } from '../src/authoring/glossary.ts';
import { MODEL_RULE_IDS } from '../src/catalog/index.ts';
import { MATRIX_ROLES, RESOURCES } from '../src/catalog/resources.ts';
import { PREDEFINED_ROLES } from '../src/catalog/roles.ts';
import { CONFLICTS, RULES, ruleById } from '../src/catalog/rules.ts';

const features = loadFeatures();
const SEVERITY_TAG = /^@severity-(.+)$/;

interface Located { file: string; rule?: GherkinRule; scenario: Scenario }
function scenarios(): Located[] {
  const out: Located[] = [];
  for (const f of features) {
    for (const c of f.document.feature?.children ?? []) {
      if (c.scenario) out.push({ file: f.path, scenario: c.scenario });
      if (c.rule) for (const rc of c.rule.children) if (rc.scenario) out.push({ file: f.path, rule: c.rule, scenario: rc.scenario });
    }
  }
  return out;
}
function rules(): Array<{ file: string; rule: GherkinRule }> {
  return features.flatMap((f) => (f.document.feature?.children ?? []).filter((c) => c.rule).map((c) => ({ file: f.path, rule: c.rule! })));
}
function allTags(doc: GherkinDocument): Tag[] {
  const tags: Tag[] = [...(doc.feature?.tags ?? [])];
  const scen = (s: Scenario) => { tags.push(...s.tags); for (const e of s.examples) tags.push(...e.tags); };
  for (const c of doc.feature?.children ?? []) {
    if (c.scenario) scen(c.scenario);
    if (c.rule) { tags.push(...c.rule.tags); for (const rc of c.rule.children) if (rc.scenario) scen(rc.scenario); }
  }
  return tags;
}
/** Every step with its data table, including Backgrounds. */
function steps(): Array<{ file: string; step: Step }> {
  const out: Array<{ file: string; step: Step }> = [];
  for (const f of features) {
    for (const c of f.document.feature?.children ?? []) {
      for (const s of [...(c.background?.steps ?? []), ...(c.scenario?.steps ?? [])]) out.push({ file: f.path, step: s });
      for (const rc of c.rule?.children ?? []) for (const s of [...(rc.background?.steps ?? []), ...(rc.scenario?.steps ?? [])]) out.push({ file: f.path, step: s });
    }
  }
  return out;
}
const tableOf = (s: Step): Array<Record<string, string>> => {
  const rows = s.dataTable?.rows.map((r) => r.cells.map((c) => c.value)) ?? [];
  const [head, ...body] = rows;
  return head ? body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? '']))) : [];
};

describe('rule catalogue and feature files', () => {
  it('has feature files', () => {
    expect(features.length).toBeGreaterThanOrEqual(5);
  });

  it('gives every catalogued rule at least one scenario', () => {
    const byRule = scenariosByRule(features);
    const missing = RULES.filter((r) => (byRule.get(r.id)?.length ?? 0) === 0).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('uses only rule tags that name catalogued rules', () => {
    const unknown = features.flatMap((f) => allTags(f.document).filter((t) => RULE_TAG.test(t.name) && !ruleById(t.name)).map((t) => `${f.path}:${t.location.line} ${t.name}`));
    expect(unknown).toEqual([]);
  });

  it('tags every Rule with exactly one rule id and the catalogue severity, each id on one Rule only', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { file, rule } of rules()) {
      const where = `${file}:${rule.location.line} "${rule.name}"`;
      const ids = rule.tags.filter((t) => RULE_TAG.test(t.name)).map((t) => RULE_TAG.exec(t.name)![1]!);
      const sev = rule.tags.filter((t) => SEVERITY_TAG.test(t.name)).map((t) => SEVERITY_TAG.exec(t.name)![1]!);
      if (ids.length !== 1) { problems.push(`${where}: ${ids.length} rule ids`); continue; }
      const entry = ruleById(ids[0]!);
      if (sev.length !== 1) problems.push(`${where}: ${sev.length} severity tags`);
      else if (entry && sev[0] !== entry.severity) problems.push(`${where}: severity ${sev[0]}, catalogue says ${entry.severity}`);
      if (seen.has(ids[0]!)) problems.push(`${where}: ${ids[0]} already used at ${seen.get(ids[0]!)}`);
      seen.set(ids[0]!, where);
      if (!rule.children.some((c) => c.scenario)) problems.push(`${where}: no scenario`);
    }
    expect(problems).toEqual([]);
    expect(seen.size).toBe(RULES.length);
  });

  it('puts every scenario inside a Rule, with a Then step and without @wip or @ignore', () => {
    const problems: string[] = [];
    for (const { file, rule, scenario } of scenarios()) {
      const where = `${file}:${scenario.location.line} "${scenario.name}"`;
      if (!rule) problems.push(`${where}: outside a Rule`);
      if (!scenario.steps.some((s) => s.keywordType === 'Outcome')) problems.push(`${where}: no Then step`);
    }
    for (const f of features) {
      for (const t of allTags(f.document)) if (/^@(wip|ignore|only)$/i.test(t.name)) problems.push(`${f.path}:${t.location.line} ${t.name}`);
    }
    expect(problems).toEqual([]);
  });

  it('catalogues every rule id the model cites, and every rule a conflict names', () => {
    const cited = [...Object.values(MODEL_RULE_IDS), ...CONFLICTS.flatMap((c) => c.sides.map((s) => s.rule))];
    expect(cited.filter((id) => !ruleById(id))).toEqual([]);
  });

  it('tags the scenarios of documented conflicts with catalogued conflict ids, CONF-001 included', () => {
    const conflictTags = features.flatMap((f) => allTags(f.document).filter((t) => t.name.startsWith('@conflict-')).map((t) => t.name.slice('@conflict-'.length)));
    expect(conflictTags.filter((id) => !CONFLICTS.some((c) => c.id === id))).toEqual([]);
    expect(conflictTags.filter((id) => id === 'CONF-001').length).toBeGreaterThanOrEqual(3);
  });
});

describe('table-shaped rules are asserted whole', () => {
  const SUMMARY = /^each role of the summary table alone may author "(.+)" as follows:$/;

  it('asserts every role x resource cell of the summary table, with the value of the catalogue', () => {
    const asserted = new Map<string, string>();
    const kinds = new Map<string, string>();
    for (const { step } of steps()) {
      const m = SUMMARY.exec(step.text);
      if (!m) continue;
      const res = RESOURCES.find((r) => r.name === m[1]);
      expect(res, `unknown resource ${m[1]}`).toBeDefined();
      for (const row of tableOf(step)) {
        if (row['flow kind'] !== undefined) kinds.set(`${row['role']}|${res!.id}|${row['flow kind']}`, row['authoring']!);
        else asserted.set(`${row['role']}|${res!.id}`, row['authoring']!);
      }
    }
    const problems: string[] = [];
    for (const r of RESOURCES) {
      for (const role of MATRIX_ROLES) {
        const cell = r.cells[role];
        const want = !cell.allow ? 'denied' : cell.only ? `${cell.only} only` : 'allowed';
        const got = asserted.get(`${role}|${r.id}`);
        if (got === undefined) problems.push(`${role} x ${r.name}: not asserted`);
        else if (got !== want) problems.push(`${role} x ${r.name}: feature says ${got}, catalogue says ${want}`);
        if (cell.only) {
          for (const kind of ['solution-aware', 'non-solution-aware']) {
            if (!kinds.has(`${role}|${r.id}|${kind}`)) problems.push(`${role} x ${r.name} (${kind}): not asserted`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(asserted.size).toBe(RESOURCES.length * MATRIX_ROLES.length);
  });

  it('asserts every predefined role: its table privileges, other privileges and assignability', () => {
    const privileges = new Map<string, Array<Record<string, string>>>();
    const other = new Set<string>();
    const assignable = new Set<string>();
    for (const { step } of steps()) {
      let m = /^the role "(.+)" holds these table privileges:$/.exec(step.text);
      if (m) privileges.set(m[1]!, tableOf(step));
      m = /^the role "(.+)" holds (exactly these other privileges:|no other privileges)$/.exec(step.text);
      if (m) other.add(m[1]!);
      m = /^assigning the role "(.+)" takes effect for:$/.exec(step.text);
      if (m && tableOf(step).length === 5) assignable.add(m[1]!);
    }
    const problems: string[] = [];
    for (const r of PREDEFINED_ROLES) {
      const rows = privileges.get(r.name);
      if (!rows) problems.push(`${r.name}: table privileges not asserted`);
      else if (rows.length !== 3 || rows.some((row) => Object.keys(row).length !== 9)) problems.push(`${r.name}: the privilege table is not complete`);
      if (!other.has(r.name)) problems.push(`${r.name}: other privileges not asserted`);
      if (!assignable.has(r.name)) problems.push(`${r.name}: assignability not asserted`);
    }
    expect(problems).toEqual([]);
  });
});

describe('step glossary', () => {
  const phrases = stepPhrases();
  const registry = new ParameterTypeRegistry();
  for (const p of parameterTypes()) registry.defineParameterType(new ParameterType(p.name, new RegExp(p.regexp), null, (s: string) => s));
  const expressions = phrases.map((p) => ({ p, e: new CucumberExpression(p.phrase, registry) }));
  // Files that follow the glossary convention (a `// glossary:` example above each step definition).
  const documented = new Set(phrases.filter((p) => p.example).map((p) => p.file));

  it('has an example for every step definition, and each example matches its own phrase', () => {
    const problems: string[] = [];
    for (const { p, e } of expressions) {
      if (!documented.has(p.file)) continue;
      if (!p.example) { problems.push(`${p.file}:${p.line} "${p.phrase}": no example`); continue; }
      const text = p.example.replace(/^(Given|When|Then|And|But)\s+/, '');
      if (!p.example.startsWith(p.keyword)) problems.push(`${p.file}:${p.line}: example should start with ${p.keyword}`);
      if (!e.match(text)) problems.push(`${p.file}:${p.line}: example "${p.example}" does not match "${p.phrase}"`);
    }
    expect(documented.size).toBeGreaterThanOrEqual(5);
    expect(problems).toEqual([]);
  });

  it('matches every step of the specification with exactly one phrase', () => {
    const problems: string[] = [];
    // Pickle steps: Background steps included and Scenario Outline placeholders filled in.
    const texts = new Map<string, string>();
    for (const f of features) for (const p of f.pickles) for (const s of p.steps) if (!texts.has(s.text)) texts.set(s.text, `${f.path} "${p.name}"`);
    for (const [text, where] of texts) {
      const hits = expressions.filter(({ e }) => e.match(text));
      if (hits.length !== 1) problems.push(`${where}: "${text}": ${hits.length} phrases match`);
    }
    expect(texts.size).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('is committed up to date in docs/steps.md', () => {
    expect(readFileSync('docs/steps.md', 'utf8'), 'docs/steps.md is out of date: run `npm run glossary`').toBe(glossaryMarkdown());
  });
});
