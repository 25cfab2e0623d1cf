// The fast path of `rolecheck check`'s validation: a queries file that is plain ASCII CSV (no quote, consistent line
// breaks, a header of known columns only) and whose every row is valid is resolved straight from its bytes, with
// byte-level hash tables over the model's name keys (queries-scan.mjs). Anything else (a bad row, an unknown
// column, a quote, a non-ASCII byte...) gives undefined or a bail, and the general reader (csv-parse or the plain
// line reader) runs and reports every problem with file:line:column: this path never reports, it only proves a
// file clean. A large file is scanned by a worker thread while the main thread answers (see check.ts).
import { isAscii } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import type { Compiled } from '../model/index.ts';
import { PRIVILEGES } from '../vocabulary/index.ts';
import { ByteIndex, scanRows, type ScanOut, type ScanPlan, type ScanTables } from './queries-scan.mjs';

const tablesCache = new WeakMap<Compiled, ScanTables>();
/** The model's lookups in byte form, built once per compiled model. */
export function scanTables(c: Compiled): ScanTables {
  let t = tablesCache.get(c);
  if (!t) {
    const recordTable = new Int32Array(c.records.length);
    for (let i = 0; i < c.records.length; i++) recordTable[i] = c.records[i]!.table;
    const orgOwned = new Uint8Array(c.tables.length);
    for (let i = 0; i < c.tables.length; i++) orgOwned[i] = c.tables[i]!.organizationOwned ? 1 : 0;
    t = {
      user: ByteIndex.build(c.index.user),
      table: ByteIndex.build(c.index.table),
      record: ByteIndex.build(c.index.record),
      privilege: ByteIndex.build(PRIVILEGES.map((p, i) => [p.toLowerCase(), i] as [string, number])),
      undescribed: ByteIndex.build(c.unknownTables.map((u, i) => [u.name, i] as [string, number])),
      recordTable,
      orgOwned,
    };
    tablesCache.set(c, t);
  }
  return t;
}

const CR = 13,
  LF = 10;
const KNOWN = ['user', 'privilege', 'table', 'record'];

/** A file the scanner can read: its header (as written, trimmed), where the rows start, and the column plan. */
export interface PlainFile {
  header: string[];
  at: number;
  plan: ScanPlan;
}

/** The header and plan of `bytes` when the whole file is plain ASCII with a header of known columns; else undefined. */
export function plainFile(bytes: Uint8Array): PlainFile | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.indexOf(0x22) >= 0) return undefined;
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  if (!isAscii(bom ? buf.subarray(3) : buf)) return undefined;
  const nl = buf.indexOf(LF, bom);
  const crlf = nl > bom && buf[nl - 1] === CR;
  const headEnd = nl < 0 ? buf.length : crlf ? nl - 1 : nl;
  const header = buf
    .toString('latin1', bom, headEnd)
    .split(',')
    .map((h) => h.trim());
  const role = header.map((h) => KNOWN.indexOf(h.toLowerCase()));
  if (role.some((r) => r < 0) || new Set(role).size !== role.length || !role.includes(0) || !role.includes(1) || !role.includes(2))
    return undefined;
  return {
    header,
    at: nl < 0 ? buf.length : nl + 1,
    plan: { cols: header.length, user: role.indexOf(0), privilege: role.indexOf(1), table: role.indexOf(2), record: role.indexOf(3), crlf },
  };
}

/** Rows resolved by the scanner: indices, and each row's line in the file (without its line break). */
export interface ScannedRows extends ScanOut {
  rows: number;
}

export function newScanOut(n: number): ScanOut {
  return {
    user: new Int32Array(n),
    privilege: new Int8Array(n),
    table: new Int32Array(n),
    record: new Int32Array(n),
    start: new Int32Array(n),
    end: new Int32Array(n),
    formula: [],
  };
}

/** Scans every row in this thread; undefined when one is not provably valid. */
export function scanAll(c: Compiled, bytes: Uint8Array, file: PlainFile): ScannedRows | undefined {
  const tables = scanTables(c);
  // Rows are at most one per line break, plus a last line without one.
  let lines = 1;
  for (let i = file.at; i < bytes.length; i++) if (bytes[i] === LF) lines++;
  const out = newScanOut(lines);
  const r = scanRows(bytes, file.at, lines, file.plan, tables, out);
  return r.rows < 0 || r.at < bytes.length ? undefined : { rows: r.rows, ...out };
}

/** Rows a worker sends: a chunk of valid rows, the end, or a row that is not provably valid. */
export type ScanMessage = ({ rows: number } & ScanOut) | { done: true } | { bail: true };

/**
 * Scans the rows of `shared` (bytes in a SharedArrayBuffer) in a worker thread, calling `onMessage` for each chunk
 * of valid rows in file order, then once with done or bail. Returns the worker (terminate it to stop early).
 */
export function scanInWorker(
  c: Compiled,
  shared: SharedArrayBuffer,
  file: PlainFile,
  onMessage: (m: ScanMessage) => void,
  chunk = 32768,
): Worker {
  const t = scanTables(c);
  // execArgv: [] so the worker does not start the TypeScript loader (--import tsx) it has no use for.
  const worker = new Worker(new URL('./queries-worker.mjs', import.meta.url), {
    execArgv: [],
    workerData: {
      bytes: shared,
      at: file.at,
      plan: file.plan,
      chunk,
      parts: {
        user: t.user.parts(),
        table: t.table.parts(),
        record: t.record.parts(),
        privilege: t.privilege.parts(),
        undescribed: t.undescribed.parts(),
        recordTable: t.recordTable,
        orgOwned: t.orgOwned,
      },
    },
  });
  worker.on('message', onMessage);
  worker.on('error', () => onMessage({ bail: true }));
  return worker;
}
