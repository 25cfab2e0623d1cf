// `rolecheck check`: answers a CSV of questions (user, privilege, table, record) against an export.
// checkQueries is the entry point. A large plain file is validated, decided and written by three threads at once
// (see checkQueries). Otherwise resolveQueries validates every row (all errors, with file:line:column) and keeps
// the resolved indices, and for a file up to ONE_PASS_BYTES each row's place in the file, so that answerQueries
// needs no second read; larger files are read a second time to answer. Either way nothing is written when a
// query is invalid, and rows are answered in input order, with backpressure.
import { once } from 'node:events';
import { createReadStream, ftruncateSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { validateQuery, type Model, type Problem, type QueryProblem } from '../model/index.ts';
import { Briefer, type Brief } from './brief.ts';
import { plainCsvText, readCsv, type CsvRow, type CsvText } from '../exports/csv.ts';
import { ExportError } from '../exports/load.ts';
import { checkInputFile, InputFileError, readInputFile } from '../exports/read-input.ts';
import { plainFile, scanAll, scanInWorker, type ScanMessage } from './queries-plain.ts';
import { csvField, RowBuilder, startsLikeFormula, writeAllAt } from './answer-rows.mjs';
// csv-parse's CommonJS build: one module to load instead of ten (see csv.ts).
const { parse } = createRequire(import.meta.url)('csv-parse') as typeof import('csv-parse');

export const OUTPUT_COLUMNS = ['decision', 'depth', 'via', 'reason'] as const;

/** Resolved queries, as parallel typed arrays (user, privilege, table, record index; record -1 when none). */
export interface ResolvedQueries {
  count: number;
  user: Int32Array;
  privilege: Int8Array;
  table: Int32Array;
  record: Int32Array;
  header: string[];
  warnings: Problem[];
  /** Each query's input fields as they are written to the output (joined by commas), kept when the file is small
   *  enough (ONE_PASS_BYTES); without them, answerQueries reads the file a second time. */
  echo?: Echo;
}

/**
 * The output text of the input fields: for a plain file (no quotes), line i of `text` from start[i] to end[i]
 * unless `escaped` has the row (a field that starts like a formula); otherwise (csv-parse) `escaped` has every row.
 * Offsets instead of a string per row: a million retained strings made the garbage collector the top hot spot.
 */
interface Echo {
  text: string;
  start: Int32Array;
  end: Int32Array;
  escaped: Map<number, string>;
  bytes?: Uint8Array;
}

/** Queries files up to this size are read once: their rows are kept (as output text) between validating and answering. */
const ONE_PASS_BYTES = 128 * 2 ** 20;

/** A typed array of `cap` elements that starts with `a`'s. */
function grown<T extends Int32Array | Int8Array>(a: T, cap: number): T {
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/** Pass 1: validates every query of `path` against the model. Throws ExportError with every problem. */
export async function resolveQueries(model: Model, path: string, label = path): Promise<ResolvedQueries> {
  const c = model.compiled;
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let cap = 1024;
  let n = 0;
  let user = new Int32Array(cap);
  let privilege = new Int8Array(cap);
  let table = new Int32Array(cap);
  let record = new Int32Array(cap);
  const grow = () => {
    cap *= 2;
    user = grown(user, cap);
    privilege = grown(privilege, cap);
    table = grown(table, cap);
    record = grown(record, cap);
  };
  // Created once, not per row (under tsx every named closure costs a __name call when it is created), and the
  // origin only for a bad row: a million-row queries file spent more in these than in the lookups (profiled).
  let row!: CsvRow;
  const rowProblems: QueryProblem[] = [];
  let size = Infinity;
  try {
    size = (await stat(path)).size;
  } catch {
    /* readCsv reports it */
  }
  const keep = size <= ONE_PASS_BYTES;
  let plain: CsvText | undefined;
  if (keep) {
    let bytes: Buffer | undefined;
    // Checked (UTF-8, what the file is); a NUL is reported per value by readCsv, like any other problem of a row.
    try {
      bytes = (await readInputFile(path, { label, allowNul: true })).bytes;
    } catch {
      /* readCsv reports it */
    }
    if (bytes) {
      const file = plainFile(bytes);
      const fast = file && scanAll(c, bytes, file);
      if (fast) {
        return {
          count: fast.rows,
          user: fast.user,
          privilege: fast.privilege,
          table: fast.table,
          record: fast.record,
          header: file.header,
          warnings,
          echo: { text: '', bytes, start: fast.start, end: fast.end, escaped: formulaRows(bytes, fast.start, fast.end, fast.formula) },
        };
      }
      plain = plainCsvText(bytes);
    }
  }
  const escaped = new Map<number, string>();
  let start = new Int32Array(plain ? cap : 0);
  let end = new Int32Array(plain ? cap : 0);
  const onRow = (current: CsvRow) => {
    row = current;
    const resolved = validateQuery(c, current.values, rowProblems);
    if (!resolved) {
      for (const q of rowProblems)
        problems.push({
          code: q.code,
          message: q.message,
          origin: { file: label, line: row.line, columns: row.columns },
          field: q.field,
          value: q.value,
          expected: q.expected,
          ...(q.suggestions?.length ? { suggestions: q.suggestions } : {}),
        });
      rowProblems.length = 0;
      return;
    }
    if (n === cap) {
      grow();
      if (plain) {
        const s = new Int32Array(cap);
        s.set(start);
        start = s;
        const e = new Int32Array(cap);
        e.set(end);
        end = e;
      }
    }
    if (plain) {
      start[n] = current.start!;
      end[n] = current.end!;
      if (needsEscape(current.raw)) escaped.set(n, echoFields(current.raw));
    } else if (keep) escaped.set(n, echoFields(current.raw));
    user[n] = resolved.user;
    privilege[n] = resolved.privilege;
    table[n] = resolved.table;
    record[n] = resolved.record;
    n++;
  };
  const res = await readCsv(
    path,
    {
      file: label,
      required: ['user', 'privilege', 'table'],
      optional: ['record'],
      unknownColumn: 'is not used, and copied to the output as it is',
    },
    problems,
    warnings,
    onRow,
    plain,
  );
  if (problems.length) throw new ExportError(problems, warnings);
  return keep
    ? {
        count: n,
        user,
        privilege,
        table,
        record,
        header: res.header,
        warnings,
        echo: { text: plain ? plain.text : '', start, end, escaped },
      }
    : { count: n, user, privilege, table, record, header: res.header, warnings };
}

/** The echo of rows with a field that starts like a formula (the scanner lists them), by row number. */
function formulaRows(bytes: Uint8Array, start: Int32Array, end: Int32Array, rows: number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const i of rows)
    out.set(
      i,
      echoFields(
        Buffer.from(bytes.buffer, bytes.byteOffset + start[i]!, end[i]! - start[i]!)
          .toString('latin1')
          .split(','),
      ),
    );
  return out;
}

/** A plain line's fields (no quote, comma or line break inside) are written as they are, unless one starts like a formula. */
function needsEscape(raw: string[]): boolean {
  for (let k = 0; k < raw.length; k++) if (startsLikeFormula(raw[k]!)) return true;
  return false;
}
function echoFields(raw: string[]): string {
  let line = '';
  for (let k = 0; k < raw.length; k++) line += (k ? ',' : '') + csvField(raw[k]!);
  return line;
}

/**
 * Rows described for RowBuilder (answer-rows.mjs) as numbers: the model's numbered pieces of text, and extras (a
 * row's escaped fields). Describing is this thread's share of the output; building the text can then run in another
 * thread, which gets each piece once.
 */
class RowDescriber {
  private sent = 0;
  private extras: string[] = [];
  desc = new Int32Array(1 << 16);
  length = 0;
  constructor(private readonly pieces: readonly string[]) {}

  private extra(s: string): number {
    this.extras.push(s);
    return -this.extras.length;
  }

  /** A row whose echo is text[start, end) of the input, or the string `escaped` when given. */
  row(start: number, end: number, escaped: string | undefined, d: Brief): void {
    const reason = d.reason;
    if (this.length + 8 + d.viaN + reason.n > this.desc.length) {
      const bigger = new Int32Array(this.desc.length * 2 + d.viaN + reason.n);
      bigger.set(this.desc);
      this.desc = bigger;
    }
    const desc = this.desc;
    let at = this.length;
    if (escaped === undefined) {
      desc[at++] = start;
      desc[at++] = end;
    } else {
      desc[at++] = this.extra(escaped);
      desc[at++] = 0;
    }
    if (d.allowed) {
      desc[at++] = 1;
      desc[at++] = d.depth;
      desc[at++] = d.viaN;
      for (let k = 0; k < d.viaN; k++) desc[at++] = d.via[k]!;
    } else desc[at++] = 0;
    desc[at++] = reason.n;
    const ids = reason.ids;
    for (let k = 0; k < reason.n; k++) {
      const id = ids[k]!;
      desc[at++] = id >= 0 ? id : this.extra(reason.once[-id - 1]!);
    }
    this.length = at;
  }

  /** The pieces numbered and the rows described since the last call; the describer starts a new batch. */
  take(): { pieces: string[]; extras: string[]; desc: Int32Array; length: number } {
    const out = { pieces: this.pieces.slice(this.sent), extras: this.extras, desc: this.desc, length: this.length };
    this.sent = this.pieces.length;
    this.extras = [];
    this.desc = new Int32Array(this.desc.length);
    this.length = 0;
    return out;
  }
}

/** Writes blocks of bytes to an AnswerSink: a stream (with its backpressure) or a file (synchronously, in place). */
class BlockOut {
  pos = 0;
  private pending: Uint8Array[] = [];
  constructor(private readonly sink: AnswerSink) {}
  readonly put = (block: Uint8Array): void => {
    this.pending.push(block);
  };
  text(s: string): void {
    this.put(Buffer.from(s, 'utf8'));
  }
  async flush(): Promise<void> {
    const sink = this.sink;
    const blocks = this.pending;
    this.pending = [];
    for (const b of blocks) {
      if (isFile(sink)) this.pos = writeAllAt(sink.fd, b, this.pos);
      else if (!sink.write(b)) await once(sink, 'drain');
    }
  }
}

/** Where answers go: a stream (with its backpressure), or a file, written synchronously in place. */
export type AnswerSink = Writable | FileSink;
/** A file open for writing (its descriptor). A stream's own `fd` (process.stdout has one) does not make it one. */
export interface FileSink {
  kind: 'file';
  fd: number;
}
function isFile(sink: AnswerSink): sink is FileSink {
  return (sink as FileSink).kind === 'file';
}

/** Rows described per batch handed to the builder. */
const BATCH = 16384;

/**
 * Pass 2: answers each query in input order and writes the output CSV to `sink`: from the rows kept by
 * resolveQueries, or by reading `path` again (a file over ONE_PASS_BYTES). The decision, depth, via and reason
 * come from the Briefer (brief.ts), which says what explain says (a property test).
 */
export async function answerQueries(model: Model, path: string, q: ResolvedQueries, sink: AnswerSink): Promise<number> {
  const data = briefer(model);
  const out = new BlockOut(sink);
  const describer = new RowDescriber(data.pieces);
  const emit = out.put;
  if (q.echo) {
    // One pass: the rows were kept by resolveQueries; nothing is read again.
    const { bytes, start, end, escaped } = q.echo;
    const builder = new RowBuilder(bytes ?? q.echo.text);
    out.text([...q.header, ...OUTPUT_COLUMNS].map(csvField).join(',') + '\n');
    const some = escaped.size > 0;
    for (let i = 0; i < q.count; i++) {
      describer.row(
        start.length ? start[i]! : 0,
        start.length ? end[i]! : 0,
        some ? escaped.get(i) : undefined,
        data.brief(q.user[i]!, q.privilege[i]!, q.table[i]!, q.record[i]!),
      );
      if (describer.length > BATCH * 8) {
        const b = describer.take();
        builder.add(b.pieces);
        builder.build(b.desc, b.length, b.extras, emit);
        await out.flush();
      }
    }
    const b = describer.take();
    builder.add(b.pieces);
    builder.build(b.desc, b.length, b.extras, emit);
    builder.flush(emit);
    await out.flush();
    return q.count;
  }
  const builder = new RowBuilder('');
  const parser = createReadStream(path).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  const ended = once(parser, 'end');
  ended.catch(() => {});
  let header = false;
  let i = 0;
  for (;;) {
    let rec: string[] | null;
    while ((rec = parser.read() as string[] | null) !== null) {
      let blank = true;
      for (const x of rec)
        if (x.trim() !== '') {
          blank = false;
          break;
        }
      if (blank) continue;
      if (!header) {
        header = true;
        out.text([...rec.map((h) => h.trim()), ...OUTPUT_COLUMNS].map(csvField).join(',') + '\n');
        continue;
      }
      if (i >= q.count) throw new Error(`the queries file changed while it was read (more rows than the ${q.count} validated)`);
      describer.row(0, 0, echoFields(rec), data.brief(q.user[i]!, q.privilege[i]!, q.table[i]!, q.record[i]!));
      i++;
    }
    const b = describer.take();
    builder.add(b.pieces);
    builder.build(b.desc, b.length, b.extras, emit);
    if (parser.readableEnded) {
      builder.flush(emit);
      await out.flush();
      break;
    }
    await out.flush();
    await Promise.race([once(parser, 'readable'), ended]);
  }
  if (i !== q.count) throw new Error(`the queries file changed while it was read (${i} rows instead of ${q.count})`);
  return i;
}

/** One Briefer per model: its wording numbers pieces once per model. */
const briefers = new WeakMap<Model, Briefer>();
export function briefer(model: Model): Briefer {
  let b = briefers.get(model);
  if (!b) briefers.set(model, (b = new Briefer(model)));
  return b;
}

/** Files from this size are answered with worker threads (below, starting them costs more than they save). */
const WORKER_BYTES = 4 * 2 ** 20;

/**
 * `rolecheck check`: validates and answers every query of `path` into `sink`. Throws ExportError with every
 * problem, having written nothing. A large plain file goes through three threads at once: a worker validates the
 * rows (queries-scan.mjs), this thread decides and describes each validated row, and another worker builds the
 * text and writes it (answer-rows.mjs). Each takes a third to a half of the single-threaded time on a million
 * queries (docs/performance.md). Anything the scanner cannot prove valid goes through resolveQueries and
 * answerQueries, which report every problem.
 */
export async function checkQueries(
  model: Model,
  path: string,
  sink: AnswerSink,
  label = path,
): Promise<{ count: number; warnings: Problem[] }> {
  // A device, a FIFO or a file over the size limit is refused before anything opens it (see read-input.ts).
  try {
    await checkInputFile(path, { label });
  } catch (e) {
    if (e instanceof InputFileError) throw new ExportError([e.problem]);
    throw e;
  }
  let size = -1;
  try {
    size = (await stat(path)).size;
  } catch {
    /* resolveQueries reports it */
  }
  if (size >= WORKER_BYTES && size <= ONE_PASS_BYTES) {
    const n = await answerInThreads(model, path, size, sink);
    if (n >= 0) return { count: n, warnings: [] };
  }
  const q = await resolveQueries(model, path, label);
  return { count: await answerQueries(model, path, q, sink), warnings: q.warnings };
}

/**
 * The threaded path of checkQueries: the number of answers, or -1 when the general path must run. Nothing is left
 * behind then: a file descriptor is truncated, and a stream has had nothing, its output being held until every
 * row is known valid.
 */
async function answerInThreads(model: Model, path: string, size: number, sink: AnswerSink): Promise<number> {
  const shared = new SharedArrayBuffer(size);
  const bytes = new Uint8Array(shared);
  const fh = await open(path, 'r');
  try {
    for (let got = 0; got < size; ) {
      const { bytesRead } = await fh.read(bytes, got, size - got, got);
      if (bytesRead === 0) return -1;
      got += bytesRead;
    }
  } finally {
    await fh.close();
  }
  const file = plainFile(bytes);
  if (!file) return -1;
  const target = isFile(sink) ? sink : undefined;
  const header = Buffer.from([...file.header, ...OUTPUT_COLUMNS].map(csvField).join(',') + '\n', 'utf8');
  const held: Uint8Array[] = [header];
  let pos = 0;
  if (target) {
    pos = writeAllAt(target.fd, header, pos);
    held.length = 0;
  }

  // Everything the workers say arrives here; the loop below waits for it.
  let wake: (() => void) | undefined;
  const chunks: Array<Extract<ScanMessage, { rows: number }>> = [];
  let scanned = false;
  let bailed = false;
  let written = false;
  let failed: Error | undefined;
  const outs: Uint8Array[] = [];
  const writer = new Worker(new URL('./answer-worker.mjs', import.meta.url), {
    execArgv: [],
    workerData: { bytes: shared, fd: target ? target.fd : -1, pos },
  });
  writer.on('message', (m: { out?: Uint8Array; done?: boolean; error?: string }) => {
    if (m.out) outs.push(m.out);
    else if (m.done) written = true;
    else if (m.error) failed = new Error(m.error);
    wake?.();
  });
  writer.on('error', (e) => {
    failed = e;
    wake?.();
  });
  const scanner = scanInWorker(model.compiled, shared, file, (m) => {
    if ('bail' in m) bailed = true;
    else if ('done' in m) scanned = true;
    else chunks.push(m);
    wake?.();
  });
  const wait = () =>
    new Promise<void>((r) => {
      wake = r;
    });
  // A stream gets the writer's bytes in order once every row is known valid.
  const drain = async () => {
    if (!scanned) {
      held.push(...outs.splice(0));
      return;
    }
    for (const b of [...held.splice(0), ...outs.splice(0)]) if (!(sink as Writable).write(b)) await once(sink as Writable, 'drain');
  };
  try {
    const data = briefer(model);
    const describer = new RowDescriber(data.pieces);
    const send = () => {
      const b = describer.take();
      writer.postMessage({ pieces: b.pieces, extras: b.extras, desc: b.desc, length: b.length }, [b.desc.buffer as ArrayBuffer]);
    };
    let n = 0;
    for (;;) {
      while (chunks.length === 0 && !scanned && !bailed && !failed) {
        await wait();
        wake = undefined;
      }
      if (bailed || failed) break;
      const m = chunks.shift();
      if (!m) break; // scanned, and every chunk answered
      const formula = m.formula.length ? formulaRows(bytes, m.start, m.end, m.formula) : undefined;
      for (let i = 0; i < m.rows; i++) {
        describer.row(m.start[i]!, m.end[i]!, formula?.get(i), data.brief(m.user[i]!, m.privilege[i]!, m.table[i]!, m.record[i]!));
        if (describer.length > BATCH * 8) send();
      }
      n += m.rows;
      if (!target && outs.length) await drain();
    }
    if (failed) throw failed;
    if (bailed) {
      await writer.terminate();
      if (target) ftruncateSync(target.fd, 0);
      return -1;
    }
    send();
    writer.postMessage({ end: true });
    while (!written && !failed) {
      await wait();
      wake = undefined;
      if (!target) await drain();
    }
    if (failed) throw failed;
    if (!target) await drain();
    return n;
  } finally {
    await Promise.all([writer.terminate(), scanner.terminate()]);
  }
}
