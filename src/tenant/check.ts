// `rolecheck check`: answers a CSV of questions (user, privilege, table, record) against an export. The first
// pass validates every row (all errors, with file:line:column) and keeps the resolved indices; for a file up to
// ONE_PASS_BYTES it also keeps each row's output text (offsets into the file for plain files), and answering
// needs no second read. Larger files are read a second time to answer. Either way nothing is written when a
// query is invalid, and rows are answered in input order, with backpressure.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import { key, PRIVILEGES, privilegeIndex, suggest, type Model, type SpecProblem } from '../model/index.ts';
import { plainCsvText, readCsv, type CsvRow, type CsvText } from './csv.ts';
import { ExportError } from './load.ts';
// csv-parse's CommonJS build: one module to load instead of ten (see csv.ts).
const { parse } = createRequire(import.meta.url)('csv-parse') as typeof import('csv-parse');

export const OUTPUT_COLUMNS = ['decision', 'depth', 'via', 'reason'] as const;

/** Resolved queries, as parallel typed arrays (user, privilege, table, record index; record -1 when none). */
export interface ResolvedQueries {
  count: number; user: Int32Array; privilege: Int8Array; table: Int32Array; record: Int32Array; header: string[]; warnings: SpecProblem[];
  /** Each query's input fields as they are written to the output (joined by commas), kept when the file is small
   *  enough (ONE_PASS_BYTES); without them, answerQueries reads the file a second time. */
  echo?: Echo;
}

/**
 * The output text of the input fields: for a plain file (no quotes), line i of `text` from start[i] to end[i]
 * unless `escaped` has the row (a field that starts like a formula); otherwise (csv-parse) `escaped` has every row.
 * Offsets instead of a string per row: a million retained strings made the garbage collector the top hot spot.
 */
interface Echo { text: string; start: Int32Array; end: Int32Array; escaped: Map<number, string> }

/** Queries files up to this size are read once: their rows are kept (as output text) between validating and answering. */
const ONE_PASS_BYTES = 128 * 2 ** 20;

/** Pass 1: validates every query of `path` against the model. Throws ExportError with every problem. */
export async function resolveQueries(model: Model, path: string, label = path): Promise<ResolvedQueries> {
  const c = model.compiled;
  const problems: SpecProblem[] = []; const warnings: SpecProblem[] = [];
  let cap = 1024; let n = 0;
  let user = new Int32Array(cap); let privilege = new Int8Array(cap); let table = new Int32Array(cap); let record = new Int32Array(cap);
  const grow = () => {
    cap *= 2;
    const u = new Int32Array(cap); u.set(user); user = u;
    const p = new Int8Array(cap); p.set(privilege); privilege = p;
    const t = new Int32Array(cap); t.set(table); table = t;
    const r = new Int32Array(cap); r.set(record); record = r;
  };
  const userNames = () => c.users.map((x) => x.name);
  // Created once, not per row (under tsx every named closure costs a __name call when it is created), and the
  // origin only for a bad row: a million-row queries file spent more in these than in the lookups (profiled).
  let row!: CsvRow;
  const bad = (field: string, message: string, value: string, expected: string, suggestions?: string[]) =>
    problems.push({ code: 'bad-query', message, origin: { file: label, line: row.line, columns: row.columns }, field, value, expected, ...(suggestions?.length ? { suggestions } : {}) });
  let size = Infinity;
  try { size = (await stat(path)).size; } catch { /* readCsv reports it */ }
  const keep = size <= ONE_PASS_BYTES;
  let plain: CsvText | undefined;
  if (keep) { try { plain = plainCsvText(await readFile(path)); } catch { /* readCsv reports it */ } }
  const escaped = new Map<number, string>();
  let start = new Int32Array(plain ? cap : 0); let end = new Int32Array(plain ? cap : 0);
  const onRow = (current: CsvRow) => {
    row = current;
    const v = current.values;
    let ok = true;
    const u = lookup(c.index.user, v.user ?? '');
    if (u === undefined) { ok = false; bad('user', v.user ? 'unknown user' : 'missing user', v.user ?? '', 'a user from users.csv', suggest(v.user ?? '', userNames())); }
    const p = privilegeIndex(v.privilege ?? '');
    if (p < 0) { ok = false; bad('privilege', v.privilege ? 'unknown privilege' : 'missing privilege', v.privilege ?? '', PRIVILEGES.join(', '), suggest(v.privilege ?? '', PRIVILEGES)); }
    const t = lookup(c.index.table, v.table ?? '');
    if (t === undefined) { ok = false; bad('table', v.table ? 'unknown table' : 'missing table', v.table ?? '', 'a table from tables.csv or a standard table (account, contact, …)', suggest(v.table ?? '', c.tables.map((x) => x.name))); }
    const recText = (v.record ?? '').trim();
    let r = -1;
    if (t !== undefined && p >= 0) {
      const tab = c.tables[t]!;
      if (recText) {
        if (tab.organizationOwned) { ok = false; bad('record', `table "${tab.name}" is organization-owned: its rows have no owner and no record id`, recText, 'an empty record for an organization-owned table'); }
        else if (p === 0) { ok = false; bad('record', 'Create makes a new row: a Create query names no record', recText, 'an empty record for Create'); }
        else {
          const found = lookup(c.index.record, recText);
          if (found === undefined) { ok = false; bad('record', 'unknown record', recText, 'an id from records.csv', suggest(recText, c.records.map((x) => x.id))); }
          else if (c.records[found]!.table !== t) { ok = false; bad('record', `record "${c.records[found]!.id}" is a row of table "${c.tables[c.records[found]!.table]!.name}", not of "${tab.name}"`, recText, `a record of table ${tab.name}`); }
          else r = found;
        }
      } else if (p !== 0 && !tab.organizationOwned) {
        ok = false; bad('record', `missing record: ${PRIVILEGES[p]} on the user-owned table "${tab.name}" is asked about one row`, '', 'an id from records.csv (empty only for Create and organization-owned tables)');
      }
    }
    if (!ok) return;
    if (n === cap) {
      grow();
      if (plain) { const s = new Int32Array(cap); s.set(start); start = s; const e = new Int32Array(cap); e.set(end); end = e; }
    }
    if (plain) {
      start[n] = current.start!; end[n] = current.end!;
      if (needsEscape(current.raw)) escaped.set(n, echoFields(current.raw));
    } else if (keep) escaped.set(n, echoFields(current.raw));
    user[n] = u!; privilege[n] = p; table[n] = t!; record[n] = r; n++;
  };
  const res = await readCsv(path, { file: label, required: ['user', 'privilege', 'table'], optional: ['record'], unknownColumn: 'is not used, and copied to the output as it is' }, problems, warnings, onRow, plain);
  if (problems.length) throw new ExportError(problems, warnings);
  return keep ? { count: n, user, privilege, table, record, header: res.header, warnings, echo: { text: plain ? plain.text : '', start, end, escaped } }
    : { count: n, user, privilege, table, record, header: res.header, warnings };
}

/**
 * `index.get(key(name))`. Names are usually written as their key already (trimmed, lower case), and then the
 * value itself is looked up without making its key: a key is its own key, so a hit gives the same answer
 * (profiled: making the keys was a third of validating a million queries).
 */
function lookup(index: Map<string, number>, name: string): number | undefined {
  const hit = index.get(name);
  return hit !== undefined ? hit : index.get(key(name));
}

/**
 * One CSV field as csv-stringify writes it by default: quoted when it holds a comma, a quote or a line break.
 * A value a spreadsheet would run as a formula (= + - @, tab, carriage return first) gets a leading apostrophe,
 * as in compliance.csv: names come from the export and must not execute when the answers are opened.
 */
function csvField(v: string): string {
  const safe = v.length > 0 && FORMULA_START.has(v.charCodeAt(0)) ? `'${v}` : v;
  if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) return safe;
  return '"' + (safe.indexOf('"') < 0 ? safe : safe.replace(/"/g, '""')) + '"';
}
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r'].map((c) => c.charCodeAt(0)));

/** A plain line's fields (no quote, comma or line break inside) are written as they are, unless one starts like a formula. */
function needsEscape(raw: string[]): boolean {
  for (let k = 0; k < raw.length; k++) { const f = raw[k]!; if (f.length > 0 && FORMULA_START.has(f.charCodeAt(0))) return true; }
  return false;
}
function echoFields(raw: string[]): string {
  let line = '';
  for (let k = 0; k < raw.length; k++) line += (k ? ',' : '') + csvField(raw[k]!);
  return line;
}

/**
 * Pass 2: re-reads `path`, answers each query in input order and writes the output CSV to `out`. Rows are taken
 * from the parser in batches and written in chunks of about 64 KB, waiting only when `out` asks for it; the
 * output is byte for byte what csv-stringify wrote (profiled: a promise per row, for-await over the parser and
 * csv-stringify per row cost several times the decisions).
 */
export async function answerQueries(model: Model, path: string, q: ResolvedQueries, out: Writable): Promise<number> {
  const data = model.data;
  if (q.echo) {
    // One pass: the rows were kept by resolveQueries; nothing is read again.
    let buf = '';
    for (const f of [...q.header, ...OUTPUT_COLUMNS]) buf += (buf ? ',' : '') + csvField(f);
    buf += '\n';
    const { text, start, end, escaped } = q.echo;
    const plain = start.length > 0; const some = escaped.size > 0;
    for (let i = 0; i < q.count; i++) {
      const d = data.explainIdx(q.user[i]!, q.privilege[i]!, q.table[i]!, q.record[i]!);
      buf += (!plain ? escaped.get(i)! : some ? escaped.get(i) ?? text.slice(start[i]!, end[i]!) : text.slice(start[i]!, end[i]!)) + (d.allowed ? ',allow,' : ',deny,') + (d.depth ?? '') + ',' + csvField(d.via.length === 1 ? d.via[0]! : d.via.join('; ')) + ',' + csvField(d.reason) + '\n';
      if (buf.length >= 65536) { const chunk = buf; buf = ''; if (!out.write(chunk)) await once(out, 'drain'); }
    }
    if (buf && !out.write(buf)) await once(out, 'drain');
    return q.count;
  }
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  const ended = once(parser, 'end'); ended.catch(() => {});
  let header: string[] | undefined; let i = 0; let buf = '';
  for (;;) {
    let rec: string[] | null;
    while ((rec = parser.read() as string[] | null) !== null) {
      let blank = true;
      for (const x of rec) if (x.trim() !== '') { blank = false; break; }
      if (blank) continue;
      let line = '';
      if (!header) {
        header = rec.map((h) => h.trim());
        for (const f of [...header, ...OUTPUT_COLUMNS]) line += (line ? ',' : '') + csvField(f);
        buf += line + '\n';
        continue;
      }
      if (i >= q.count) throw new Error(`the queries file changed while it was read (more rows than the ${q.count} validated)`);
      const d = data.explainIdx(q.user[i]!, q.privilege[i]!, q.table[i]!, q.record[i]!);
      for (let k = 0; k < rec.length; k++) line += csvField(rec[k]!) + ',';
      buf += line + (d.allowed ? 'allow' : 'deny') + ',' + csvField(d.depth ?? '') + ',' + csvField(d.via.join('; ')) + ',' + csvField(d.reason) + '\n';
      i++;
      if (buf.length >= 65536) { const chunk = buf; buf = ''; if (!out.write(chunk)) await once(out, 'drain'); }
    }
    if (parser.readableEnded) break;
    await Promise.race([once(parser, 'readable'), ended]);
  }
  if (buf && !out.write(buf)) await once(out, 'drain');
  if (i !== q.count) throw new Error(`the queries file changed while it was read (${i} rows instead of ${q.count})`);
  return i;
}
