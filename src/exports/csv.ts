// Streaming CSV reading for environment exports: csv-parse processes the file chunk by chunk (never the whole
// file as one string), `on_record` gives each row with the parser's line counters, and every problem is
// collected with file:line:column instead of stopping at the first.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { suggest, type Problem } from '../model/errors.ts';
import { echo, forbiddenCharacter } from '../vocabulary/index.ts';
import { InputFileError, InputReader } from './read-input.ts';
// csv-parse's CommonJS build is one file; its ESM build is ten modules, and each is a round trip through the
// TypeScript loader (tsx) when a command or the specification suite starts (~12 ms of every start, profiled).
// Same package, same version, same parser.
const { parse } = createRequire(import.meta.url)('csv-parse') as typeof import('csv-parse');

export interface CsvSchema {
  file: string;
  required: readonly string[];
  optional: readonly string[];
  /** What happens to the values of an unknown column (default: "is ignored"). */
  unknownColumn?: string;
  /** The folder the file belongs to: a symbolic link must lead inside it (see read-input.ts). */
  within?: string;
}

/** Unknown columns named one by one, with suggestions; more than this are counted in one warning. */
export const UNKNOWN_COLUMNS_LISTED = 3;

/** Any character a name must not hold, or a NUL (see names.ts): when a plain file has none, no value is checked. */
const ANY_FORBIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

export interface CsvRow {
  /** 1-based line where the row starts (the header is line 1). */
  line: number;
  /** Trimmed values by lower-case column name; absent columns are missing. */
  values: Record<string, string>;
  /** Untrimmed values in file order (to echo a row back). */
  raw: string[];
  /** 1-based column number of each known column. */
  columns: Record<string, number>;
  /** Where the line is in CsvText.text (without its line break): only when the file was read as plain text (plainCsvText). */
  start?: number;
  end?: number;
}

export interface CsvResult {
  /** Data rows read (empty lines excluded). */
  rows: number;
  sha256: string;
  /** The header as written, in file order (trimmed). */
  header: string[];
  /** The file could not be read to the end, or a required column is missing: its rows are incomplete. */
  structural: boolean;
}

/** A whole file read as text, for readCsv (see plainCsvText). */
export interface CsvText {
  text: string;
  crlf: boolean;
  sha256: string;
}

/**
 * The file as text when csv-parse would read it as plain lines split at commas: no quote anywhere, and line
 * breaks either all \n or all \r\n (a lone \r, or a mix, is left to csv-parse). Undefined otherwise; the
 * caller then reads the file with csv-parse. Checking costs a few scans of the text, far less than a parse.
 */
export function plainCsvText(bytes: Buffer): CsvText | undefined {
  if (bytes.indexOf(0x22) >= 0) return undefined;
  const text = bytes.toString('utf8');
  let crlf = false;
  const firstCr = text.indexOf('\r');
  if (firstCr >= 0) {
    // Every \r must be followed by \n, and every \n preceded by \r.
    let at = 0;
    let n = 0;
    while ((at = text.indexOf('\n', at)) >= 0) {
      if (text.charCodeAt(at - 1) !== 13) return undefined;
      at++;
      n++;
    }
    let r = 0;
    at = 0;
    while ((at = text.indexOf('\r', at)) >= 0) {
      r++;
      at++;
    }
    if (r !== n) return undefined;
    crlf = true;
  }
  return { text, crlf, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function isBlank(rec: string[]): boolean {
  for (let i = 0; i < rec.length; i++) if (rec[i]!.trim() !== '') return false;
  return true;
}
/** Line breaks inside the fields of a record (quoted values may span lines); no allocation when there are none. */
function breaks(rec: string[]): number {
  let n = 0;
  for (let i = 0; i < rec.length; i++) {
    const v = rec[i]!;
    if (v.indexOf('\n') < 0 && v.indexOf('\r') < 0) continue;
    const m = v.match(/\r\n|\r|\n/g);
    if (m) n += m.length;
  }
  return n;
}

/**
 * Reads `path` row by row. `onRow` is called synchronously for every data row whose header was valid.
 * Problems (errors) and warnings are pushed to the given arrays; the promise never rejects for bad content.
 */
export async function readCsv(
  path: string,
  schema: CsvSchema,
  problems: Problem[],
  warnings: Problem[],
  onRow: (row: CsvRow) => void,
  source?: CsvText,
): Promise<CsvResult> {
  const file = schema.file;
  const known = [...schema.required, ...schema.optional];
  let header: string[] | undefined;
  let columns: Record<string, number> = {};
  let positions: Array<string | undefined> = [];
  let headerOk = true;
  let structural = false;
  let prevEnd = 0;
  let prevEmpty = 0;
  let rows = 0;
  let plainStart = -1;
  let plainEnd = -1;
  // A plain file is checked as a whole first: most have no control character at all.
  const checkText = !source || ANY_FORBIDDEN.test(source.text);
  /** A control character in a name (a known column) and a NUL anywhere are input errors, each with its column. */
  const badCharacters = (rec: string[], line: number): void => {
    for (let i = 0; i < rec.length; i++) {
      const k = positions[i];
      const raw = rec[i]!;
      if (k) {
        const v = raw.trim();
        const bad = forbiddenCharacter(v);
        // The row is kept, but the file is then incomplete: references to this name are not reported as unknown.
        if (bad) structural = true;
        if (bad)
          problems.push({
            code: 'control-character',
            message: `a control character (${bad.code}) in a name`,
            origin: { file, line, columns: { [k]: i + 1 } },
            field: k,
            value: v,
            expected: 'a name without control characters (C0, DEL, C1) or bidi embedding, override and isolate characters',
          });
      } else if (raw.indexOf('\0') >= 0) {
        structural = true;
        problems.push({
          code: 'nul-byte',
          message: 'a NUL byte in a value',
          origin: { file, line, columns: { row: i + 1 } },
          field: 'row',
          expected: 'text without NUL bytes',
        });
      }
    }
  };

  // Every record is one line plus the line breaks inside its quoted values, and an empty line comes through as a
  // blank record (skip_empty_lines is off), so the line number is counted here. csv-parse's on_record would give
  // it too, but it builds an info object for every row, which doubled the time of the parse (profiled, bench/).
  const onRecord = (rec: string[]): null => {
    const line = prevEnd + 1;
    prevEnd = line + (source ? 0 : breaks(rec)); // a plain file has no line break inside a value
    if (!header) {
      if (isBlank(rec)) return null;
      header = rec.map((h) => h.trim());
      const lowered = header.map((h) => h.toLowerCase());
      positions = [...lowered];
      const seen = new Map<string, number>();
      const unknown: number[] = [];
      let empty = 0;
      lowered.forEach((h, i) => {
        if (h === '') {
          if (empty++ === 0)
            warnings.push({
              code: 'empty-column',
              message: `empty column name in the header (column ${i + 1}); its values are ignored`,
              origin: { file, line, columns: { header: i + 1 } },
              field: 'header',
            });
          positions[i] = undefined;
          return;
        }
        if (seen.has(h)) {
          problems.push({
            code: 'duplicate-column',
            message: `column "${echo(header![i]!)}" appears twice in the header (columns ${seen.get(h)! + 1} and ${i + 1})`,
            origin: { file, line, columns: { [h]: i + 1 } },
            field: h,
            value: header![i],
            expected: 'each column once',
          });
          headerOk = false;
          return;
        }
        seen.set(h, i);
        if (!known.includes(h)) {
          unknown.push(i);
          positions[i] = undefined;
        } else columns[h] = i + 1;
      });
      if (empty > 1)
        warnings.push({
          code: 'empty-column',
          message: `${empty} columns of the header have no name; their values are ignored`,
          origin: { file, line },
          field: 'header',
        });
      // A few unknown columns are typos worth a suggestion each; many (a header of 100,000) make one warning.
      if (unknown.length <= UNKNOWN_COLUMNS_LISTED) {
        for (const i of unknown) {
          const h = lowered[i]!;
          warnings.push({
            code: 'unknown-column',
            message: `unknown column "${echo(header[i]!)}" ${schema.unknownColumn ?? 'is ignored'}`,
            origin: { file, line, columns: { [h]: i + 1 } },
            field: h,
            value: header[i],
            expected: `one of ${known.join(', ')}`,
            suggestions: suggest(h, known),
          });
        }
      } else {
        const named = unknown
          .slice(0, UNKNOWN_COLUMNS_LISTED)
          .map((i) => `"${echo(header![i]!, 40)}" (column ${i + 1})`)
          .join(', ');
        warnings.push({
          code: 'unknown-column',
          message: `${unknown.length} unknown columns: ${named} and ${unknown.length - UNKNOWN_COLUMNS_LISTED} more; each ${schema.unknownColumn ?? 'is ignored'}`,
          origin: { file, line },
          field: 'header',
          expected: `columns among ${known.join(', ')}`,
        });
      }
      // The header as written is the value of a missing-column problem; the message that prints it cuts it (echo).
      const headerText = header.join(',');
      for (const r of schema.required) {
        if (columns[r] === undefined) {
          const unknownCols = header.filter((_, i) => positions[i] === undefined);
          problems.push({
            code: 'missing-column',
            message: `missing required column "${r}"`,
            origin: { file, line },
            field: r,
            value: headerText,
            expected: `a header with the columns ${schema.required.join(', ')}${schema.optional.length ? ` (optional: ${schema.optional.join(', ')})` : ''}`,
            suggestions: suggest(r, unknownCols),
          });
          headerOk = false;
        }
      }
      if (!headerOk) structural = true;
      return null;
    }
    if (isBlank(rec)) return null;
    if (!headerOk) return null;
    if (rec.length !== header.length) {
      // Which field is which is unknown: the row is left out, and the model's checks (which would report its
      // absence as unknown names elsewhere) wait until the file is well-formed.
      structural = true;
      problems.push({
        code: 'column-count',
        message: `row has ${rec.length} field${rec.length === 1 ? '' : 's'} but the header has ${header.length}`,
        origin: { file, line, columns: { row: Math.min(rec.length, header.length) + 1 } },
        field: 'row',
        value: echo(rec.join(','), 80),
        expected: `${header.length} comma-separated fields (${echo(header.join(', '))}); quote values that contain commas`,
      });
      return null;
    }
    rows++;
    const values: Record<string, string> = {};
    for (let i = 0; i < rec.length; i++) {
      const k = positions[i];
      if (k) values[k] = rec[i]!.trim();
    }
    if (checkText) badCharacters(rec, line);
    onRow(plainStart < 0 ? { line, values, raw: rec, columns } : { line, values, raw: rec, columns, start: plainStart, end: plainEnd });
    return null;
  };

  if (source) {
    // The whole file, already read, and plain (see plainCsvText): one record per line, fields split at commas.
    const text = source.text;
    const cr = source.crlf ? 1 : 0;
    let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    while (at < text.length) {
      let end = text.indexOf('\n', at);
      const next = end < 0 ? text.length : end + 1;
      if (end < 0) end = text.length;
      else end -= cr;
      plainStart = at;
      plainEnd = end;
      onRecord(text.slice(at, end).split(','));
      at = next;
    }
    if (!header) {
      problems.push({
        code: 'empty-file',
        message: 'the file is empty: it has no header row',
        origin: { file, line: 1 },
        expected: `a header with the columns ${schema.required.join(', ')}`,
      });
      structural = true;
    }
    return { rows, sha256: source.sha256, header: header ?? [], structural };
  }
  // Line breaks are given rather than discovered: csv-parse looks for them again at every chunk until it has seen
  // one, which took 30 s on a 50 MB first line (a hostile header); \r\n first, so that it is one break.
  const parser = parse({ bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] });
  parser.on('data', onRecord);
  const reader = new InputReader(path, { label: file, allowNul: true, ...(schema.within !== undefined ? { within: schema.within } : {}) });
  const input = Readable.from(reader.chunks(), { objectMode: false });
  try {
    await new Promise<void>((resolve, reject) => {
      input.on('error', reject);
      parser.on('error', reject);
      parser.on('end', resolve);
      parser.resume();
      input.pipe(parser);
    });
  } catch (e) {
    structural = true;
    // The parser stopped before the end of the file: the reader is stopped too, which closes the file.
    input.destroy();
    if (e instanceof InputFileError) {
      problems.push(e.problem);
      return { rows, sha256: '', header: header ?? [], structural };
    }
    const err = e as Error & { code?: string; empty_lines?: number; column?: number };
    const line = prevEnd + 1 + ((err.empty_lines ?? prevEmpty) - prevEmpty);
    const what =
      err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? {
            message: `a quoted value opened on line ${line} is never closed (unclosed quote); the rest of the file cannot be read`,
            expected: 'a closing " before the end of the file; write a quote inside a quoted value as ""',
          }
        : err.code === 'CSV_INVALID_CLOSING_QUOTE'
          ? {
              message: 'malformed quoting: text follows a closing quote',
              expected: 'a comma or the end of the line after a closing "; write a quote inside a quoted value as ""',
            }
          : err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES'
            ? { message: `cannot read the file (${err.code})`, expected: 'a readable CSV file' }
            : { message: `malformed CSV (${err.code ?? err.message})`, expected: 'RFC 4180 CSV' };
    const io = err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR';
    problems.push({
      code: 'malformed-csv',
      ...what,
      origin: { file, line: io ? 0 : line },
      ...(io || err.code === 'CSV_QUOTE_NOT_CLOSED' ? {} : { value: err.message.replace(/\s+/g, ' ').slice(0, 120) }),
    });
  }
  if (!header && !structural) {
    problems.push({
      code: 'empty-file',
      message: 'the file is empty: it has no header row',
      origin: { file, line: 1 },
      expected: `a header with the columns ${schema.required.join(', ')}`,
    });
    structural = true;
  }
  return { rows, sha256: reader.sha256, header: header ?? [], structural };
}
