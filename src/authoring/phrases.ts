// The known step phrases, for people who write features: from the glossary (src/catalog/glossary.ts, written by the
// specification's authors) when it exists, otherwise read from the step definitions in steps/*.ts.
// Also: ranking known phrases by closeness to a step that matched nothing.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distance } from 'fastest-levenshtein';

export interface StepPhrase {
  /** The phrase as a reader sees it: a Cucumber expression such as `a user {string} holds the role {string}`. */
  phrase: string;
  keyword?: string;
  description?: string;
  example?: string;
  /** Where it is defined (file) or which glossary section it belongs to. */
  group?: string;
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
  return source.replace(/^\^/, '').replace(/\$$/, '')
    .replace(/"\(\[\^"\]\*\)"|"\(\[\^"\]\+\)"|"\(\.\*\)"|"\(\.\+\)"/g, '{string}')
    .replace(/\((?:\?:)?-?\\d\+\)/g, '{int}')
    .replace(/\((?!\?:)[^)]*\)/g, '{}')
    .replace(/\\(.)/g, '$1');
}

function dedupe(list: StepPhrase[]): StepPhrase[] {
  const seen = new Set<string>();
  return list.filter((p) => (seen.has(p.phrase) ? false : (seen.add(p.phrase), true)));
}

/** Accepts the glossary module whatever its exact export shape (array of strings or of objects with a phrase). */
export function phrasesFromGlossary(mod: Record<string, unknown>): StepPhrase[] {
  const candidates = [mod.GLOSSARY, mod.glossary, mod.STEP_GLOSSARY, mod.STEPS, mod.default, ...Object.values(mod)];
  for (const c of candidates) {
    const list = Array.isArray(c) ? c : c && typeof c === 'object' && Array.isArray((c as { entries?: unknown }).entries) ? (c as { entries: unknown[] }).entries : undefined;
    if (!list || list.length === 0) continue;
    const out: StepPhrase[] = [];
    for (const item of list as unknown[]) {
      if (typeof item === 'string') { out.push({ phrase: item }); continue; }
      if (!item || typeof item !== 'object') continue;
      const o = item as Record<string, unknown>;
      const phrase = [o.phrase, o.expression, o.pattern, o.text, o.step].find((v) => typeof v === 'string') as string | undefined;
      if (!phrase) continue;
      const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      const example = str(o.example) ?? (Array.isArray(o.examples) && typeof o.examples[0] === 'string' ? o.examples[0] as string : undefined);
      out.push({ phrase, keyword: str(o.keyword) ?? str(o.kind), description: str(o.description) ?? str(o.meaning) ?? str(o.help),
        example, group: str(o.group) ?? str(o.section) ?? str(o.topic) ?? str(o.file) });
    }
    if (out.length) return dedupe(out);
  }
  return [];
}

/** The glossary when src/catalog/glossary.ts exists and exports phrases, else the step definitions' own phrases. */
export async function loadKnownPhrases(cwd = process.cwd()): Promise<{ source: 'glossary' | 'steps'; phrases: StepPhrase[] }> {
  const file = join(cwd, 'src', 'catalog', 'glossary.ts');
  if (existsSync(file)) {
    try {
      const mod = await import(pathToFileURL(file).href) as Record<string, unknown>;
      const phrases = phrasesFromGlossary(mod);
      if (phrases.length) return { source: 'glossary', phrases };
    } catch { /* fall back to the step sources */ }
  }
  return { source: 'steps', phrases: readStepPhrases('steps', cwd) };
}

/** Step text and phrase in a comparable form: quoted values and numbers become parameters. */
export function normaliseStep(text: string): string {
  return text.toLowerCase()
    .replace(/"[^"]*"|'[^']*'|\{string\}/g, '\u00a7s')
    .replace(/\{(int|float|number|word|[a-z-]*)\}|\b\d+(\.\d+)?\b/g, '\u00a7n')
    .replace(/\(([^()]*)\)/g, '$1')
    .replace(/(\w+)\/\w+/g, '$1')
    .replace(/\s+/g, ' ').trim();
}

/** The `n` known phrases closest to a step's text (by edit distance on the normalised forms). */
export function closestPhrases(text: string, phrases: readonly StepPhrase[], n = 3): StepPhrase[] {
  const t = normaliseStep(text);
  return phrases
    .map((p, i) => ({ p, i, d: distance(t, normaliseStep(p.phrase)) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, n)
    .map((x) => x.p);
}
