import type { Problem } from '../vocabulary/index.ts';
import { nameIndex } from '../vocabulary/near-names.ts';

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

/**
 * Up to three known names near `value` (its key against theirs, see src/vocabulary/names.ts), nearest first: within
 * a third of the length of the part in which they differ in edits (at least 2), or one name starting with the other, and no more than
 * one edit further than the nearest. The names of one kind are indexed once (src/vocabulary/near-names.ts), so that
 * thousands of misspellings against thousands of names take well under a second instead of a comparison of every pair.
 */
export function suggest(value: string, known: Iterable<string>): string[] {
  return nameIndex(known).suggest(value);
}
