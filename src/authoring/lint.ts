// Authoring guardrails for feature files (issue 6): formatting (gherkin-utils `pretty`), the project's tagging
// rules for the specification, and business language in step text and titles. Pure: sources in, problems out.
// `scripts/lint-features.ts` only finds the files, prints the problems and sets the exit code.
import { RULE_TAG } from '../vocabulary/index.ts';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { pretty } from '@cucumber/gherkin-utils';
import { IdGenerator, type GherkinDocument, type Scenario, type Step, type Tag } from '@cucumber/messages';
import { closest, distance } from 'fastest-levenshtein';
import { RULES, SEVERITIES, type Rule } from '../catalog/rules.ts';
import { fixSources, ruleSourceLines } from '../specification/source-lines.ts';

/** `specification`: features/** (strict project rules). `policy`: an organisation's own policy features (looser). */
export type FeatureKind = 'specification' | 'policy';

export interface LintInput {
  path: string;
  source: string;
  kind: FeatureKind;
}

export type ProblemCode =
  | 'syntax'
  | 'format'
  | 'rule-id-missing'
  | 'rule-id-multiple'
  | 'rule-id-unknown'
  | 'rule-id-duplicate'
  | 'severity-missing'
  | 'severity-multiple'
  | 'severity-unknown'
  | 'severity-mismatch'
  | 'no-then'
  | 'scenario-outside-rule'
  | 'forbidden-tag'
  | 'technical-word'
  | 'empty'
  | 'source-missing'
  | 'source-mismatch';

export interface LintProblem {
  file: string;
  line: number;
  code: ProblemCode;
  message: string;
  fix: string;
}

export interface LintOptions {
  rules?: readonly Rule[];
}

const SEVERITY_TAG = /^@severity-(.*)$/;
const FORBIDDEN_TAGS: Record<string, string> = {
  '@wip': 'finish the scenario or move it out of the suite; work in progress must not be merged',
  '@ignore': 'delete the scenario or fix it; an ignored example hides a rule that is not checked',
  '@only': 'remove the tag; it would silently run only part of the specification',
};

/** Technical words that do not belong in a business reader's step text, with what to say instead. */
export const DENY_LIST: ReadonlyArray<{ word: string; pattern: RegExp; fix: string }> = [
  {
    word: 'click',
    pattern: /\bclick(s|ed|ing)?\b/i,
    fix: 'state the business action the person takes ("approves", "shares the app"), not the gesture',
  },
  { word: 'button', pattern: /\bbuttons?\b/i, fix: 'describe the intent ("asks to export the environment"), not the screen control' },
  { word: 'API', pattern: /\bAPIs?\b/i, fix: 'say what the person or service does ("a back-end service reads …"), not how it is called' },
  { word: 'JSON', pattern: /\bJSON\b/i, fix: 'name the business information ("the role assignment"), not its file format' },
  { word: 'XML', pattern: /\bXML\b/i, fix: 'name the business information, not its file format' },
  { word: 'HTTP', pattern: /\bHTTPS?\b/i, fix: 'say what is allowed or denied, not the protocol or status code' },
  { word: 'endpoint', pattern: /\bendpoints?\b/i, fix: 'name the resource or capability ("the environment", "the AI model")' },
  { word: 'URL', pattern: /\bURLs?\b/i, fix: 'name the resource the address points to' },
  { word: 'database query', pattern: /\bdatabase quer(y|ies)\b/i, fix: 'say what the person reads ("reads the Account rows")' },
  { word: 'SQL', pattern: /\bSQL\b/i, fix: 'say what the person reads or changes, in business terms' },
  { word: 'function', pattern: /\bfunctions?\b/i, fix: 'name the business capability or role, not a program function' },
  { word: 'null', pattern: /\bnull\b/i, fix: 'say "no …" or "none" ("has no security role")' },
  { word: 'undefined', pattern: /\bundefined\b/i, fix: 'say "not set" or "none"' },
  { word: 'boolean', pattern: /\bbooleans?\b/i, fix: 'say "yes"/"no", "allowed"/"denied"' },
  { word: 'true/false', pattern: /(^|\s)"?(true|false)"?(\s|$)/, fix: 'say "allowed"/"denied" or "yes"/"no"' },
  { word: 'GUID', pattern: /\b(GUID|UUID)s?\b/i, fix: 'refer to the person, role or record by its name' },
];

/** Parse with the official Gherkin parser (same as cucumber). Throws the parser's composite error. */
export function parseGherkin(source: string): GherkinDocument {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  return parser.parse(source);
}

/** The canonical (pretty-printed) form of a feature file, as `gherkin-utils format` would write it. */
export function prettyFeature(source: string): string {
  return pretty(parseGherkin(source) as Parameters<typeof pretty>[0], 'gherkin');
}

/** First 1-based line where `a` and `b` differ (trailing-newline differences count as the line after the last). */
export function firstDifferentLine(a: string, b: string): number {
  const x = a.split('\n');
  const y = b.split('\n');
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return i + 1;
  return 0;
}

/** Text from a feature file, safe to print on a terminal: control characters as \\u escapes. */
const printable = (s: string): string =>
  s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function show(s: string | undefined): string {
  if (s === undefined) return '(end of file)';
  return JSON.stringify(s.length > 70 ? `${s.slice(0, 67)}…` : s);
}

function syntaxProblems(file: string, err: unknown): LintProblem[] {
  const errors = (err as { errors?: Array<{ message: string; location?: { line?: number } }> }).errors;
  const list = errors && errors.length ? errors : [{ message: String((err as Error).message ?? err) }];
  return list.map((e) => {
    const m = /^\((\d+):(\d+)\): (.*)$/s.exec(e.message);
    const line = e.location?.line ?? (m ? Number(m[1]) : 1);
    return {
      file,
      line,
      code: 'syntax' as const,
      message: `Gherkin cannot read this line: ${m ? m[3] : e.message}`,
      fix: 'each line must start with a keyword (Feature, Rule, Background, Scenario, Examples, Given, When, Then, And, But), a tag, a comment (#), a table row (|) or be part of a description',
    };
  });
}

/** Lint one file on its own (formatting, tags, Then, language). Duplicate ids across files: see `lintAll`. */
export function lintSource(input: LintInput, options: LintOptions = {}): LintProblem[] {
  const { path: file, source, kind } = input;
  const rules = options.rules ?? RULES;
  const problems: LintProblem[] = [];
  const add = (line: number, code: ProblemCode, message: string, fix: string) => problems.push({ file, line, code, message, fix });

  let doc: GherkinDocument;
  try {
    doc = parseGherkin(source);
  } catch (err) {
    return syntaxProblems(file, err);
  }

  // 1. Formatting: the file must equal its pretty-printed form.
  const canonical = pretty(doc as Parameters<typeof pretty>[0], 'gherkin');
  const normalised = source.replace(/\r\n/g, '\n');
  if (normalised !== canonical) {
    const line = firstDifferentLine(normalised, canonical) || 1;
    add(
      line,
      'format',
      `formatting differs from the standard layout: found ${show(normalised.split('\n')[line - 1])}, expected ${show(canonical.split('\n')[line - 1])}`,
      'run `npm run lint -- --fix` to rewrite the file in the standard layout (two-space indentation, aligned tables)',
    );
  }

  const feature = doc.feature;
  if (!feature) {
    add(1, 'empty', 'the file has no Feature', 'start the file with "Feature: <what this part of the specification is about>"');
    return problems;
  }

  const byId = new Map(rules.map((r) => [r.id, r]));
  const ids = [...byId.keys()];

  const checkTags = (tags: readonly Tag[]) => {
    for (const t of tags) {
      const why = FORBIDDEN_TAGS[t.name.toLowerCase()];
      if (why) add(t.location.line, 'forbidden-tag', `tag ${t.name} is not allowed in the shared specification`, why);
    }
  };

  const checkTitle = (keyword: string, name: string, line: number) => {
    for (const d of DENY_LIST) {
      if (d.pattern.test(name))
        add(
          line,
          'technical-word',
          `${keyword.trim()} title uses the technical word "${d.word}": "${name}"`,
          `write it in business language: ${d.fix}`,
        );
    }
  };

  const checkScenario = (s: Scenario) => {
    checkTags(s.tags);
    checkTitle(s.keyword, s.name, s.location.line);
    for (const ex of s.examples) checkTags(ex.tags);
    if (!s.steps.some((st) => st.keywordType === 'Outcome')) {
      add(
        s.location.line,
        'no-then',
        `${s.keyword.trim()} "${s.name}" has no Then step: it checks nothing`,
        'add a "Then …" step that states the expected outcome (allowed, denied, the expected matrix)',
      );
    }
    checkSteps(s.steps);
  };

  const checkSteps = (steps: readonly Step[]) => {
    for (const st of steps) {
      for (const d of DENY_LIST) {
        if (d.pattern.test(st.text)) {
          add(
            st.location.line,
            'technical-word',
            `step uses the technical word "${d.word}": "${st.keyword.trim()} ${st.text}"`,
            `write it in business language: ${d.fix}`,
          );
        }
      }
    }
  };

  checkTags(feature.tags);
  checkTitle(feature.keyword, feature.name, feature.location.line);
  for (const child of feature.children) {
    if (child.background) checkSteps(child.background.steps);
    if (child.scenario) {
      if (kind === 'specification') {
        add(
          child.scenario.location.line,
          'scenario-outside-rule',
          `${child.scenario.keyword.trim()} "${child.scenario.name}" is not inside a Rule`,
          'move it under the "Rule:" it illustrates (each documented rule has its own Rule: block with its id and severity tags)',
        );
      }
      checkScenario(child.scenario);
    }
    if (child.rule) {
      const r = child.rule;
      const line = r.location.line;
      checkTags(r.tags);
      checkTitle(r.keyword, r.name, line);
      if (kind === 'specification') {
        const idTags = r.tags.filter((t) => RULE_TAG.test(t.name));
        const sevTags = r.tags.filter((t) => SEVERITY_TAG.test(t.name));
        let entry: Rule | undefined;
        if (idTags.length === 0) {
          const guess = likeliestRule(r.name, rules);
          add(
            line,
            'rule-id-missing',
            `Rule "${r.name}" has no rule id tag`,
            guess
              ? `add the catalogue id of the documented rule above "Rule:"; the closest statement is ${guess.id}: "@${guess.id} @severity-${guess.severity}" (\`rolecheck rules\` lists every id)`
              : 'add the catalogue id of the documented rule above "Rule:" (`rolecheck rules` lists every id)',
          );
        } else if (idTags.length > 1) {
          add(
            idTags[1]!.location.line,
            'rule-id-multiple',
            `Rule "${r.name}" has ${idTags.length} rule id tags (${idTags.map((t) => t.name).join(' ')})`,
            'keep one id per Rule: split the block so that each documented rule has its own Rule:',
          );
        } else {
          const id = RULE_TAG.exec(idTags[0]!.name)![1]!;
          entry = byId.get(id);
          if (!entry) {
            const near = ids.length ? closest(id, ids) : undefined;
            add(
              idTags[0]!.location.line,
              'rule-id-unknown',
              `Rule "${r.name}" is tagged @${id}, which is not in the rule catalogue`,
              near && distance(near, id) <= 2
                ? `did you mean @${near}? (\`rolecheck rules\` lists every id)`
                : 'use an id listed by `rolecheck rules`, or add the rule to src/catalog/rules.ts first',
            );
          }
        }
        if (sevTags.length === 0) {
          add(
            line,
            'severity-missing',
            `Rule "${r.name}" has no severity tag`,
            `add "@severity-${entry?.severity ?? 'high'}"${entry ? ` (the catalogue's severity of ${entry.id})` : ''}`,
          );
        } else if (sevTags.length > 1) {
          add(
            sevTags[1]!.location.line,
            'severity-multiple',
            `Rule "${r.name}" has ${sevTags.length} severity tags`,
            `keep exactly one: @severity-${entry?.severity ?? 'high'}`,
          );
        } else {
          const sev = SEVERITY_TAG.exec(sevTags[0]!.name)![1]!;
          if (!(SEVERITIES as readonly string[]).includes(sev)) {
            add(
              sevTags[0]!.location.line,
              'severity-unknown',
              `${sevTags[0]!.name} is not a severity`,
              `use one of ${SEVERITIES.map((s) => `@severity-${s}`).join(', ')}${entry ? ` (the catalogue says ${entry.severity})` : ''}`,
            );
          } else if (entry && sev !== entry.severity) {
            add(
              sevTags[0]!.location.line,
              'severity-mismatch',
              `Rule ${entry.id} is tagged @severity-${sev}, but the catalogue rates it ${entry.severity}`,
              `change the tag to @severity-${entry.severity} (or change the catalogue in src/catalog/rules.ts if the rating itself is wrong)`,
            );
          }
        }
      }
      for (const rc of r.children) {
        if (rc.background) checkSteps(rc.background.steps);
        if (rc.scenario) checkScenario(rc.scenario);
      }
    }
  }

  // 3. Sources: the `Source:` line of each catalogued Rule is the catalogue's, word for word (source-lines.ts).
  if (kind === 'specification') {
    for (const r of ruleSourceLines(doc, source, rules)) {
      const fix = `run \`npm run lint -- --fix\` to write it from the catalogue (src/catalog/rules.ts), or change the catalogue if the source itself is wrong`;
      if (r.found.length === 0) {
        add(r.ruleLine, 'source-missing', `Rule ${r.id} has no "Source:" line; the catalogue's is: ${r.expected}`, fix);
        continue;
      }
      const [first, ...rest] = r.found;
      // Both lines in full (a source line is one line of text, bounded by the catalogue's own length).
      if (first!.text !== r.expected)
        add(
          first!.line,
          'source-mismatch',
          `the Source: line of ${r.id} differs from the catalogue: found: ${printable(first!.text.slice(0, 500))} | expected: ${r.expected}`,
          fix,
        );
      for (const x of rest)
        add(x.line, 'source-mismatch', `Rule ${r.id} has a second Source: line; the catalogue gives one source per rule`, fix);
    }
  }
  return problems;
}

const STOP = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'of',
  'to',
  'in',
  'on',
  'is',
  'are',
  'be',
  'may',
  'can',
  'not',
  'no',
  'with',
  'for',
  'their',
  'they',
  'it',
  'its',
  'that',
  'by',
  'as',
  'at',
  'only',
]);
const words = (s: string) =>
  new Set(
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 1 && !STOP.has(w)),
  );

/** The catalogued rule whose statement shares the most words with a Rule's name (a hint, never a decision). */
export function likeliestRule(name: string, rules: readonly Rule[] = RULES): Rule | undefined {
  const w = words(name);
  let best: Rule | undefined;
  let score = 0;
  for (const r of rules) {
    const sw = words(r.statement);
    let n = 0;
    for (const x of w) if (sw.has(x)) n++;
    const sc = n / Math.sqrt(sw.size + 1);
    if (n >= 2 && sc > score) {
      score = sc;
      best = r;
    }
  }
  return best;
}

/** Rule ids used on `Rule:` lines of one document, with their lines. */
function ruleIds(source: string): Array<{ id: string; line: number }> {
  let doc: GherkinDocument;
  try {
    doc = parseGherkin(source);
  } catch {
    return [];
  }
  const out: Array<{ id: string; line: number }> = [];
  for (const c of doc.feature?.children ?? []) {
    if (!c.rule) continue;
    for (const t of c.rule.tags) {
      const m = RULE_TAG.exec(t.name);
      if (m) out.push({ id: m[1]!, line: t.location.line });
    }
  }
  return out;
}

/** Lint a set of files: every per-file check, plus ids unique across the specification's Rules. */
export function lintAll(inputs: readonly LintInput[], options: LintOptions = {}): LintProblem[] {
  const problems = inputs.flatMap((i) => lintSource(i, options));
  const seen = new Map<string, { file: string; line: number }>();
  for (const i of inputs) {
    if (i.kind !== 'specification') continue;
    for (const { id, line } of ruleIds(i.source)) {
      const first = seen.get(id);
      if (first) {
        problems.push({
          file: i.path,
          line,
          code: 'rule-id-duplicate',
          message: `rule id @${id} is already used by the Rule at ${first.file}:${first.line}`,
          fix: `merge the two blocks into one "Rule:" for ${id}, or tag this one with the id of the rule it really illustrates`,
        });
      } else seen.set(id, { file: i.path, line });
    }
  }
  return problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

/** `file:line: message` followed by the fix suggestion. */
export function formatProblem(p: LintProblem): string {
  return `${p.file}:${p.line}: ${p.message}\n    fix: ${p.fix}`;
}

/**
 * For `--fix`: the file with every catalogued Rule's `Source:` line written from the catalogue (specification files
 * only) and then pretty-printed; undefined when the file cannot be parsed or needs no change.
 */
export function fixFeature(source: string, kind: FeatureKind, rules: readonly Rule[] = RULES): string | undefined {
  try {
    const withSources = kind === 'specification' ? fixSources(source, parseGherkin(source), rules) : source;
    const out = prettyFeature(withSources);
    return out === source ? undefined : out;
  } catch {
    return undefined;
  }
}

/** For `--fix`: the pretty-printed source, or undefined when the file cannot be parsed or is already formatted. */
export function fixFormatting(source: string): string | undefined {
  try {
    const out = prettyFeature(source);
    return out === source ? undefined : out;
  } catch {
    return undefined;
  }
}
