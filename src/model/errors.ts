import { closest, distance } from 'fastest-levenshtein';
import type { Problem } from '../vocabulary/index.ts';

export type { Problem } from '../vocabulary/index.ts';


export class SpecError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'SpecError';
    this.problems = problems;
  }
}

/** Raised for a question about something the model does not know: fail closed, never a silent deny or allow. */
export class UnknownNameError extends Error {
  readonly kind: string;
  readonly value: string;
  readonly suggestions: string[];
  constructor(kind: string, value: string, known: Iterable<string>) {
    const suggestions = suggest(value, known);
    super(`unknown ${kind} "${value}"${suggestions.length ? `; did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : ''}`);
    this.name = 'UnknownNameError';
    this.kind = kind;
    this.value = value;
    this.suggestions = suggestions;
  }
}

export function formatProblem(p: Problem): string {
  const col = p.origin && p.field ? p.origin.columns?.[p.field] : undefined;
  const where = p.origin ? `${p.origin.file}:${p.origin.line}${col ? `:${col}` : ''}: ` : '';
  const field = p.field ? ` [column ${p.field}]` : '';
  const value = p.value !== undefined ? ` (got "${p.value}")` : '';
  const expected = p.expected ? `; expected ${p.expected}` : '';
  const hint = p.suggestions?.length ? `; did you mean ${p.suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
  return `${where}${p.message}${field}${value}${expected}${hint}`;
}

/** Up to three known names close to `value` (case-insensitive edit distance), closest first. */
export function suggest(value: string, known: Iterable<string>): string[] {
  const v = value.trim().toLowerCase();
  if (!v) return [];
  const scored: Array<[string, number]> = [];
  for (const k of known) {
    const d = distance(v, k.toLowerCase());
    const limit = Math.max(2, Math.ceil(Math.max(v.length, k.length) * 0.4));
    if (d <= limit || k.toLowerCase().includes(v) || v.includes(k.toLowerCase())) scored.push([k, d]);
  }
  scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  const out = [...new Set(scored.map((s) => s[0]))].slice(0, 3);
  if (out.length === 0) {
    const list = [...known];
    if (list.length) {
      const c = closest(v, list.map((k) => k.toLowerCase()));
      const orig = list.find((k) => k.toLowerCase() === c);
      if (orig && distance(v, c) <= Math.ceil(v.length / 2)) out.push(orig);
    }
  }
  return out;
}
