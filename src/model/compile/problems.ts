// Every problem found while compiling is collected here (never only the first) and raised together.
import { suggest } from '../errors.ts';
import type { Origin, Problem } from '../../vocabulary/index.ts';

export class Problems {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  err(p: Problem): void {
    this.errors.push(p);
  }
  warn(p: Problem): void {
    this.warnings.push(p);
  }
  /** An unknown name, with the closest names of the same kind. */
  unknown(
    what: string,
    field: string,
    value: string,
    known: Iterable<string>,
    origin?: Origin,
    expected = `a ${what} defined in the export`,
  ): void {
    this.err({
      code: `unknown-${what.replace(/ /g, '-')}`,
      message: `unknown ${what}`,
      field,
      value,
      origin,
      expected,
      suggestions: suggest(value, known),
    });
  }
  empty(what: string, field: string, value: string, origin: Origin | undefined, expected: string): void {
    this.err({ code: 'empty-value', message: `${what} is empty`, field, value, origin, expected });
  }
  duplicate(message: string, field: string, value: string, origin: Origin | undefined, expected: string): void {
    this.err({ code: 'duplicate', message, field, value, origin, expected });
  }
}

/** lists -> CSR (start offsets, flat values). */
export function csr(lists: readonly (readonly number[])[]): [Int32Array, Int32Array] {
  const start = new Int32Array(lists.length + 1);
  let n = 0;
  for (let i = 0; i < lists.length; i++) {
    start[i] = n;
    n += lists[i]!.length;
  }
  start[lists.length] = n;
  const flat = new Int32Array(n);
  let j = 0;
  for (const l of lists) for (const v of l) flat[j++] = v;
  return [start, flat];
}
