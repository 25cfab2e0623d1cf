// The layers of src/ and what each may import (docs/architecture.md): data flows one way, vocabulary → catalog →
// model → explain and specification → evidence → exports → check → report → authoring → cli. A module may import
// its own folder and any layer below its own, never one above nor a sibling of the same rank. Every import counts:
// static, type-only and dynamic import(). This test fails on the first arrow that runs back.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const RANK: Record<string, number> = {
  vocabulary: 0,
  'paths.ts': 0,
  catalog: 1,
  model: 2,
  explain: 3,
  specification: 3,
  evidence: 4,
  exports: 5,
  check: 6,
  review: 6,
  tenant: 6,
  report: 7,
  authoring: 8,
  cli: 9,
  'cucumber-profile.ts': 9,
};

const SRC = resolve('src');
const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.endsWith('.d.mts'));
/** The package's cucumber profile is the command's: it belongs to the cli layer. */
const ALIAS: Record<string, string> = { 'cucumber-profile.ts': 'cli' };
const layerOf = (abs: string): string => {
  const top = relative(SRC, abs).split(/[\\/]/)[0]!;
  return ALIAS[top] ?? top;
};

function importsOf(file: string, read = (f: string) => readFileSync(join(SRC, f), 'utf8')): string[] {
  const text = read(file);
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

describe('layers of src/', () => {
  it('every folder and root file of src/ has a rank', () => {
    const top = [...new Set(files.map((f) => f.split(/[\\/]/)[0]!))].sort();
    expect(top.filter((t) => RANK[t] === undefined)).toEqual([]);
  });

  it('no module imports a layer above its own, nor a sibling layer of the same rank', () => {
    expect(violations(files)).toEqual([]);
  });

  it('the check is not vacuous: a backward arrow, a sibling arrow and a dynamic import are caught', () => {
    const fake: Record<string, string> = {
      'model/x.ts': "import type { R } from '../report/build.ts';\nimport { a } from './y.ts';",
      'explain/x.ts': "import { features } from '../specification/features.ts';",
      'catalog/x.ts': "const m = await import('../model/index.ts');",
      'report/x.ts': "import { key } from '../vocabulary/index.ts';",
    };
    expect(violations(Object.keys(fake), (f) => fake[f]!)).toEqual([
      'src/model/x.ts (model) imports ../report/build.ts (report)',
      'src/explain/x.ts (explain) imports ../specification/features.ts (specification)',
      'src/catalog/x.ts (catalog) imports ../model/index.ts (model)',
    ]);
  });
});

function violations(list: readonly string[], read?: (f: string) => string): string[] {
  const wrong: string[] = [];
  for (const f of list) {
    const from = layerOf(join(SRC, f));
    for (const spec of importsOf(f, read)) {
      const target = resolve(dirname(join(SRC, f)), spec);
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      if (to === from) continue;
      if (RANK[to]! >= RANK[from]!) wrong.push(`src/${f} (${from}) imports ${spec} (${to})`);
    }
  }
  return wrong;
}
