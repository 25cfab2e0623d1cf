// The problems of an export as the user sees them: one line each, `file:line:column: message` for CSV and XML,
// `file: json.path: message` for JSON, with the bad value, what was expected and close names of the same kind.
// Values come from the input: they are echoed bounded and with every control or invisible character shown as an
// escape (src/vocabulary/echo.ts), so that no hostile file controls the terminal or hides part of a name.
import { echo, oneLine } from '../vocabulary/index.ts';
import type { Problem } from '../vocabulary/index.ts';

export const MAX_REPORTED_ERRORS = 100;

/** Every problem of an export; `message` lists up to MAX_REPORTED_ERRORS of them, then how many more. */
export class ExportError extends Error {
  readonly problems: Problem[];
  readonly warnings: Problem[];
  constructor(problems: Problem[], warnings: Problem[] = []) {
    super(formatProblems(problems));
    this.name = 'ExportError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** A value from the input, quoted, with control characters escaped and its length bounded. */
/** A value of the input as a message quotes it: bounded, every invisible or controlling character shown (echo). */
export function quoteValue(v: string): string {
  return `"${echo(v)}"`;
}

function where(p: Problem): string {
  const o = p.origin;
  if (!o) return '';
  const col = p.field ? o.columns?.[p.field] : undefined;
  if (o.path !== undefined) return `${o.file}${o.line > 0 ? `:${o.line}${col ? `:${col}` : ''}` : ''}: ${o.path}: `;
  return `${o.file}${o.line > 0 ? `:${o.line}${col ? `:${col}` : ''}` : ''}: `;
}

/** `file:line:column: message [column c] (got "v"); expected …; did you mean "…"?` */
export function formatExportProblem(p: Problem): string {
  const field =
    p.field && !['row', 'header'].includes(p.field) ? (p.origin?.path !== undefined ? ` [${p.field}]` : ` [column ${p.field}]`) : '';
  const value = p.value !== undefined ? ` (got ${quoteValue(p.value)})` : '';
  const expected = p.expected ? `; expected ${p.expected}` : '';
  const hint = p.suggestions?.length ? `; did you mean ${p.suggestions.map((s) => quoteValue(s)).join(' or ')}?` : '';
  return oneLine(`${where(p)}${p.message}${field}${value}${expected}${hint}`);
}

export function formatProblems(problems: Problem[], max = MAX_REPORTED_ERRORS): string {
  const lines = problems.slice(0, max).map((p) => `error: ${formatExportProblem(p)}`);
  if (problems.length > max)
    lines.push(`… and ${problems.length - max} more error${problems.length - max === 1 ? '' : 's'} (${problems.length} in all)`);
  return lines.join('\n');
}

export function formatWarning(w: Problem): string {
  const hint = w.suggestions?.length ? `; did you mean ${w.suggestions.map((s) => quoteValue(s)).join(' or ')}?` : '';
  return oneLine(`warning: ${where(w)}${w.message}${hint}`);
}

/** Unknown columns are reported once per file; other warnings as they come (an exact repeat once). */
export function dedupeWarnings(ws: Problem[]): Problem[] {
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const w of ws) {
    const k = `${w.code}|${w.origin?.file}|${w.origin?.path}|${w.field}|${w.origin?.line}|${w.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(w);
    }
  }
  return out;
}

/** Sorts problems by the order in which their files were read, then by line, column and JSON path. */
export function sortProblems(problems: Problem[], fileOrder: readonly string[]): Problem[] {
  const rank = (f: string | undefined) => {
    const i = f === undefined ? -1 : fileOrder.indexOf(f);
    return i < 0 ? fileOrder.length : i;
  };
  return [...problems].sort((a, b) => {
    const fa = rank(a.origin?.file);
    const fb = rank(b.origin?.file);
    if (fa !== fb) return fa - fb;
    if (fa === fileOrder.length && (a.origin?.file ?? '') !== (b.origin?.file ?? ''))
      return (a.origin?.file ?? '') < (b.origin?.file ?? '') ? -1 : 1;
    const la = a.origin?.line ?? 0;
    const lb = b.origin?.line ?? 0;
    if (la !== lb) return la - lb;
    const ca = a.field ? (a.origin?.columns?.[a.field] ?? 0) : 0;
    const cb = b.field ? (b.origin?.columns?.[b.field] ?? 0) : 0;
    if (ca !== cb) return ca - cb;
    return pathOrder(a.origin?.path) - pathOrder(b.origin?.path);
  });
}

/** value[12].x sorts after value[3].y: the first index of a JSON path, else 0. */
function pathOrder(path: string | undefined): number {
  const m = path ? /\[(\d+)\]/.exec(path) : null;
  return m ? Number(m[1]) : 0;
}
