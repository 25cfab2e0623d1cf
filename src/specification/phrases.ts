// The known step phrases, for people who write features: from the glossary (src/specification/glossary.ts, written by the
// specification's authors) when it exists, otherwise read from the step definitions in steps/*.ts.
// Also: ranking known phrases by closeness to a step that matched nothing.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from 'fastest-levenshtein';
import { parameterTypes, stepPhrases } from './glossary.ts';

export interface StepPhrase {
  /** The phrase as a reader sees it: a Cucumber expression such as `a user {string} holds the role {string}`. */
  phrase: string;
  keyword?: string;
  description?: string;
  example?: string;
  /** Where it is defined (file) or which glossary section it belongs to. */
  group?: string;
  /** The phrase with custom parameter types spelled out (`{may}` -> `may`), used only to rank suggestions. */
  match?: string;
}

const CALL = /\b(Given|When|Then|defineStep)\s*\(\s*(?:(['"`])((?:\\.|(?!\2)[\s\S])*?)\2|\/((?:\\.|[^/\n])+)\/[a-z]*)/g;

/** Step phrases read from the step definition sources (string expressions and regular expressions). */
export function readStepPhrases(dir = 'steps', cwd = process.cwd()): StepPhrase[] {
  const root = join(cwd, dir);
  if (!existsSync(root)) return [];
  const out: StepPhrase[] = [];
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => /\.(ts|js|mjs)$/.test(f)).sort();
  for (const f of files) {
    const src = readFileSync(join(root, f), 'utf8');
    for (const m of src.matchAll(CALL)) {
      const phrase = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : regexToPhrase(m[4]!);
      out.push({ phrase, keyword: m[1] === 'defineStep' ? undefined : m[1], group: f.replace(/\\/g, '/') });
    }
  }
  return dedupe(out);
}

/** A readable form of a step regular expression (`^a user "([^"]*)"$` → `a user {string}`). */
export function regexToPhrase(source: string): string {
  return source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/"\(\[\^"\]\*\)"|"\(\[\^"\]\+\)"|"\(\.\*\)"|"\(\.\+\)"/g, '{string}')
    .replace(/\((?:\?:)?-?\\d\+\)/g, '{int}')
    .replace(/\((?!\?:)[^)]*\)/g, '{}')
    .replace(/\\(.)/g, '$1');
}

function dedupe(list: StepPhrase[]): StepPhrase[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.phrase) ? false : (seen.add(p.phrase), true)));
}

/**
 * The known phrases: the project's glossary (src/specification/glossary.ts, read from the step definitions with their
 * `// glossary:` examples and notes), else a plain scan of the step sources. Custom parameter types such as
 * `{may}` get a `match` form with their shortest alternative, so "may not Read" ranks close to `{may} {word}`.
 */
export function knownPhrases(cwd = process.cwd(), dir = 'steps'): { source: 'glossary' | 'steps'; phrases: StepPhrase[] } {
  if (!existsSync(join(cwd, dir))) return { source: 'steps', phrases: [] };
  try {
    const alt = new Map(
      parameterTypes(dir, cwd).map((t) => {
        const options = t.regexp
          .replace(/^\^|\$$/g, '')
          .replace(/[()]/g, '')
          .split('|')
          .sort((a, b) => a.length - b.length);
        return [t.name, options[0] ?? t.name] as const;
      }),
    );
    const list = stepPhrases(dir, cwd).map((p) => {
      const match = p.phrase.replace(/\{([a-z-]+)\}/gi, (m, n: string) => alt.get(n) ?? m);
      return {
        phrase: p.phrase,
        keyword: p.keyword,
        ...(p.example ? { example: p.example } : {}),
        ...(p.note ? { description: p.note } : {}),
        group: p.file,
        ...(match !== p.phrase ? { match } : {}),
      };
    });
    if (list.length) return { source: 'glossary', phrases: dedupe(list) };
  } catch {
    /* fall back to the plain scan */
  }
  return { source: 'steps', phrases: readStepPhrases(dir, cwd) };
}

/** Kept for callers that expect a promise. */
export async function loadKnownPhrases(cwd = process.cwd()): Promise<{ source: 'glossary' | 'steps'; phrases: StepPhrase[] }> {
  return knownPhrases(cwd);
}

/** Step text and phrase in a comparable form: quoted values and numbers become parameters. */
export function normaliseStep(text: string): string {
  return text
    .toLowerCase()
    .replace(/"[^"]*"|'[^']*'|\{string\}/g, '\u00a7s')
    .replace(/\{(int|float|number|word|[a-z-]*)\}|\b\d+(\.\d+)?\b/g, '\u00a7n')
    .replace(/\(([^()]*)\)/g, '$1')
    .replace(/(\w+)\/\w+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The `n` known phrases closest to a step's text (by edit distance on the normalised forms). */
export function closestPhrases(text: string, phrases: readonly StepPhrase[], n = 3): StepPhrase[] {
  const t = normaliseStep(text);
  return phrases
    .map((p, i) => ({ p, i, d: Math.min(distance(t, normaliseStep(p.phrase)), p.match ? distance(t, normaliseStep(p.match)) : Infinity) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, n)
    .map((x) => x.p);
}
