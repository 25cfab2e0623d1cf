// Reading the review's own files (a baseline, a waiver file, a sign-off record, a history entry): read safely like
// every input (regular file, bounded, UTF-8: src/exports/read-input.ts), parsed with the `yaml` library (which reads
// JSON too and keeps where each value is), checked against a JSON Schema with Ajv, and every problem reported at once
// as `file:line:column: message` with the JSON path, what was expected, and the closest allowed words of the same kind.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest } from 'fastest-levenshtein';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { InputFileError, readInputFile } from '../exports/read-input.ts';
import { MAX_REPORTED_ERRORS, quoteValue } from '../exports/problems.ts';
import { oneLine, type Problem } from '../vocabulary/index.ts';

export type JsonPath = ReadonlyArray<string | number>;

/** `file:line:column: $.json.path: message (got "v"); expected …; did you mean "…"?`, one line each, bounded. */
export function formatDataProblems(problems: readonly Problem[], max = MAX_REPORTED_ERRORS): string {
  const lines = problems.slice(0, max).map((p) => {
    const o = p.origin;
    const col = o?.columns?.['at'];
    const where = o
      ? `${o.file}${o.line > 0 ? `:${o.line}${col ? `:${col}` : ''}` : ''}: ${o.path !== undefined ? `${o.path}: ` : ''}`
      : '';
    const value = p.value !== undefined ? ` (got ${quoteValue(p.value)})` : '';
    const hint = p.suggestions?.length ? `; did you mean ${p.suggestions.map((x) => quoteValue(x)).join(' or ')}?` : '';
    return `error: ${oneLine(`${where}${p.message}${value}${p.expected ? `; expected ${p.expected}` : ''}${hint}`)}`;
  });
  if (problems.length > max)
    lines.push(`… and ${problems.length - max} more error${problems.length - max === 1 ? '' : 's'} (${problems.length} in all)`);
  return lines.join('\n');
}

/** A data file that cannot be used: every problem. */
export class DataFileError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'DataFileError';
    this.problems = problems;
  }
}

export interface ParsedFile {
  value: unknown;
  /** Line and column (1-based) of the value at a path (of its key, with `atKey`), or of the nearest enclosing value that exists. */
  locate(path: JsonPath, atKey?: boolean): { line: number; column: number };
  label: string;
}

/** `$.waivers[2].expires` */
export const pathText = (path: JsonPath): string =>
  `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`)).join('')}`;

/** Reads and parses a YAML or JSON file; syntax errors and unreadable files become a DataFileError. */
export async function readDataFile(file: string, opts: { label?: string; maxBytes?: number; json?: boolean } = {}): Promise<ParsedFile> {
  const label = opts.label ?? file;
  let text: string;
  try {
    text = (await readInputFile(file, { label, ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}) })).bytes.toString('utf8');
  } catch (e) {
    if (e instanceof InputFileError) throw new DataFileError([e.problem]);
    throw e;
  }
  return parseDataText(text, label, opts.json ?? false);
}

export function parseDataText(text: string, label: string, jsonFirst = false): ParsedFile {
  // A large JSON file (a baseline of a big tenant) is parsed by JSON.parse; positions are looked up lazily with
  // the YAML parser only when a problem must be located.
  if (jsonFirst) {
    try {
      const value = JSON.parse(text) as unknown;
      let doc: { d: Document; lc: LineCounter } | undefined;
      return { value, label, locate: (path, atKey) => locateIn((doc ??= yamlDoc(text)), path, atKey) };
    } catch {
      /* fall through: the YAML parser says where the syntax error is */
    }
  }
  const parsed = yamlDoc(text);
  if (parsed.d.errors.length) {
    throw new DataFileError(
      parsed.d.errors.map((e) => {
        const at = e.linePos?.[0] ?? { line: 1, col: 1 };
        return {
          code: 'syntax',
          message: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
          origin: { file: label, line: at.line, columns: { at: at.col } },
          field: 'at',
          expected: jsonFirst ? 'valid JSON' : 'valid YAML or JSON',
        };
      }),
    );
  }
  return { value: parsed.d.toJS({ maxAliasCount: 100 }) as unknown, label, locate: (path, atKey) => locateIn(parsed, path, atKey) };
}

function yamlDoc(text: string): { d: Document; lc: LineCounter } {
  const lc = new LineCounter();
  // uniqueKeys: a key given twice is an error (JSON.parse would keep the last one silently).
  const d = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: true, strict: true });
  return { d, lc };
}

function locateIn({ d, lc }: { d: Document; lc: LineCounter }, path: JsonPath, atKey = false): { line: number; column: number } {
  let node: Node | null | undefined = d.contents as Node | null;
  let at = node?.range?.[0] ?? 0;
  for (const [i, step] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === step);
      if (!pair) break;
      node = pair.value as Node | null;
      const keyAt = (pair.key as Node | null)?.range?.[0];
      at = (atKey && i === path.length - 1 ? keyAt : undefined) ?? (pair.value as Node | null)?.range?.[0] ?? keyAt ?? at;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) break;
      node = item;
      at = item.range?.[0] ?? at;
    } else break;
  }
  const pos = lc.linePos(at);
  return { line: pos.line, column: pos.col };
}

let ajv: Ajv | undefined;
const compiled = new Map<object, ValidateFunction>();

/** Every schema problem of a parsed file, located; `words` gives the allowed words of a property (for suggestions). */
export function schemaProblems(file: ParsedFile, schema: object): Problem[] {
  ajv ??= new Ajv({ allErrors: true, strict: true });
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
  if (validate(file.value)) return [];
  const out: Problem[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const p = problemOf(file, e, schema);
    const k = `${p.origin?.path}|${p.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(p);
    }
  }
  return out;
}

function problemOf(file: ParsedFile, e: ErrorObject, schema: object): Problem {
  const path: Array<string | number> = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const value = valueAt(file.value, path);
  const at = (p: JsonPath, atKey = false) => {
    const l = file.locate(p, atKey);
    return { file: file.label, line: l.line, columns: { at: l.column }, path: pathText(p) };
  };
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return {
        code: 'missing',
        message: `"${missing}" is missing`,
        origin: at(path),
        field: 'at',
        expected: describeSchema(subSchema(schema, e.schemaPath, ['properties', missing])) ?? `a value for "${missing}"`,
      };
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((subSchema(schema, e.schemaPath, []) as { properties?: object } | undefined)?.properties ?? {});
      const near = allowed.length ? closest(extra, allowed) : undefined;
      return {
        code: 'unknown-field',
        message: `unknown field "${extra}"`,
        origin: at([...path, extra], true),
        field: 'at',
        expected: `one of ${allowed.join(', ')}`,
        ...(near ? { suggestions: [near] } : {}),
      };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
      const near = typeof value === 'string' ? closest(value, allowed) : undefined;
      return {
        code: 'not-allowed',
        message: 'value not allowed',
        origin: at(path),
        field: 'at',
        value: String(value),
        expected: `one of ${allowed.join(', ')}`,
        ...(near ? { suggestions: [near] } : {}),
      };
    }
    case 'propertyNames':
      return { code: 'not-allowed', message: 'name not allowed', origin: at(path), field: 'at', expected: e.message ?? 'an allowed name' };
    case 'const':
      return {
        code: 'not-allowed',
        message: 'value not allowed',
        origin: at(path),
        field: 'at',
        value: String(value),
        expected: JSON.stringify((e.params as { allowedValue: unknown }).allowedValue),
      };
    case 'type':
      return {
        code: 'wrong-type',
        message: `expected ${(e.params as { type: string }).type}`,
        origin: at(path),
        field: 'at',
        value: shortValue(value),
        expected: `a ${(e.params as { type: string }).type}`,
      };
    case 'pattern':
    case 'format':
      return {
        code: 'bad-format',
        message: 'value has the wrong form',
        origin: at(path),
        field: 'at',
        value: shortValue(value),
        expected: describeSchema(subSchema(schema, e.schemaPath, [])) ?? e.message ?? '',
      };
    case 'minLength':
      return {
        code: 'empty',
        message: 'value is empty or too short',
        origin: at(path),
        field: 'at',
        value: shortValue(value),
        expected: describeSchema(subSchema(schema, e.schemaPath, [])) ?? `at least ${(e.params as { limit: number }).limit} characters`,
      };
    case 'minItems':
    case 'minProperties':
      return {
        code: 'empty',
        message: 'nothing given',
        origin: at(path),
        field: 'at',
        expected: describeSchema(subSchema(schema, e.schemaPath, [])) ?? e.message ?? '',
      };
    default:
      return { code: e.keyword, message: e.message ?? e.keyword, origin: at(path), field: 'at', value: shortValue(value) };
  }
}

const shortValue = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))).slice(0, 200);

function valueAt(v: unknown, path: JsonPath): unknown {
  let x = v;
  for (const s of path) x = x !== null && typeof x === 'object' ? (x as Record<string | number, unknown>)[s] : undefined;
  return x;
}

/** The schema node an error points at (its schemaPath, minus the keyword), then `more` below it. */
function subSchema(schema: object, schemaPath: string, more: string[]): unknown {
  const parts = schemaPath
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .slice(0, -1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let x: unknown = schema;
  for (const s of [...parts, ...more]) {
    if (x === null || typeof x !== 'object') return undefined;
    x = (x as Record<string, unknown>)[s];
    if (x && typeof x === 'object' && '$ref' in x) x = resolveRef(schema, (x as { $ref: string }).$ref);
  }
  return x;
}

function resolveRef(schema: object, ref: string): unknown {
  let x: unknown = schema;
  for (const s of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) x = (x as Record<string, unknown>)[s];
  return x;
}

/** A schema's own words for what it expects: its `description`. */
function describeSchema(s: unknown): string | undefined {
  return s && typeof s === 'object' && typeof (s as { description?: unknown }).description === 'string'
    ? (s as { description: string }).description
    : undefined;
}
