// Reads the specification's feature files with the official Gherkin parser, to relate rules to scenarios
// (the `rules` command, the catalogue tests, the specification book). No cucumber run is needed.
import { RULE_TAG } from '../vocabulary/index.ts';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type GherkinDocument, type Pickle } from '@cucumber/messages';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface LoadedFeature {
  path: string;
  source: string;
  document: GherkinDocument;
  pickles: readonly Pickle[];
}

export function featureFiles(dir = 'features', cwd = process.cwd()): string[] {
  const root = join(cwd, dir);
  return (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.feature'))
    .map((f) => relative(cwd, join(root, f)).split('\\').join('/'))
    .sort();
}

export function parseFeature(path: string, source: string): LoadedFeature {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  const document = parser.parse(source);
  const pickles = compile(document, path, newId);
  return { path, source, document: { ...document, uri: path }, pickles };
}

export function loadFeatures(dir = 'features', cwd = process.cwd()): LoadedFeature[] {
  return featureFiles(dir, cwd).map((p) => parseFeature(p, readFileSync(join(cwd, p), 'utf8')));
}

/** Rule id -> the pickles (executable scenarios) whose tags include `@ID`. */
export function scenariosByRule(features: LoadedFeature[]): Map<string, Array<{ feature: string; name: string; line?: number }>> {
  const out = new Map<string, Array<{ feature: string; name: string; line?: number }>>();
  for (const f of features) {
    const lineOf = new Map<string, number>();
    const walk = (
      children: readonly {
        scenario?: {
          id: string;
          location: { line: number };
          examples: readonly { tableBody: readonly { id: string; location: { line: number } }[] }[];
        };
        rule?: { children: readonly any[] };
      }[],
    ) => {
      for (const c of children) {
        if (c.scenario) {
          lineOf.set(c.scenario.id, c.scenario.location.line);
          for (const ex of c.scenario.examples) for (const row of ex.tableBody) lineOf.set(row.id, row.location.line);
        }
        if (c.rule) walk(c.rule.children);
      }
    };
    walk(f.document.feature?.children ?? []);
    for (const p of f.pickles) {
      const line = lineOf.get(p.astNodeIds[p.astNodeIds.length - 1]!) ?? lineOf.get(p.astNodeIds[0]!);
      for (const t of p.tags) {
        const m = RULE_TAG.exec(t.name);
        if (!m) continue;
        let list = out.get(m[1]!);
        if (!list) out.set(m[1]!, (list = []));
        list.push({ feature: f.path, name: p.name, ...(line ? { line } : {}) });
      }
    }
  }
  return out;
}
