// The hot loop of `rolecheck check`'s validation, in plain JavaScript so that a worker thread can run it without
// the TypeScript loader (starting tsx in a worker took ~170 ms, this file ~30 ms). Types: queries-scan.d.mts.
// It reads rows straight from the bytes of a plain ASCII queries file and resolves their names with byte-level
// hash tables; it never reports: a row it cannot prove valid stops the scan (-1) with the code of the first problem
// — the codes of the one validator, validateQuery in src/model/query.ts, or `not-plain` for a line it does not
// read — and the general reader then reports every problem with file:line:column (see queries-plain.ts). A shared
// table-driven test (test/check-validator.test.ts) gives the same rows to both.

const EMPTY = -1;
/** ASCII lower case of every byte value (a table lookup instead of a branch per byte). */
const LOWER = new Uint8Array(256).map((_, b) => (b >= 65 && b <= 90 ? b + 32 : b));

/**
 * An open-addressing table from ASCII keys (lower case, trimmed) to numbers. A slot is WIDTH bytes: the key's hash,
 * its value and length, then the key's bytes themselves when they fit (else where they are in an overflow array),
 * so a lookup of a key that fits reads one slot and nothing else: one cache line. With the key's bytes in an array
 * of their own, each lookup of a user or a record missed the cache twice (the slot, then the key: profiled), and with
 * hash, start, end and value in four arrays, four times.
 */
const HEAD = 12;
export class ByteIndex {
  /** @param {Iterable<[string, number]>} entries */
  static build(entries) {
    const ascii = [];
    // A key with a non-ASCII character never equals an ASCII field's key: left out (the general reader decides).
    for (const [k, v] of entries) if (/^[\x00-\x7f]*$/.test(k)) ascii.push([k, v]);
    // Slots of 32 or 64 bytes, whichever holds most keys inline; load factor at most 0.7.
    let longest = 0;
    for (const [k] of ascii) if (k.length > longest) longest = k.length;
    const width = HEAD + longest <= 32 ? 32 : 64;
    let size = 16;
    while (size * 0.7 < ascii.length) size *= 2;
    const table = new Uint8Array(size * width);
    const words = new Int32Array(table.buffer);
    for (let s = 0; s < size; s++) words[(s * width) / 4 + 2] = EMPTY;
    let overflow = 0;
    for (const [k] of ascii) if (HEAD + k.length > width) overflow += k.length;
    const keys = new Uint8Array(overflow);
    let at = 0;
    for (const [k, v] of ascii) {
      let h = 0x811c9dc5 | 0;
      for (let j = 0; j < k.length; j++) h = Math.imul(h ^ k.charCodeAt(j), 0x01000193);
      let s = h & (size - 1);
      while (words[(s * width) / 4 + 2] !== EMPTY) s = (s + 1) & (size - 1);
      const w = (s * width) / 4;
      words[w] = h;
      words[w + 1] = v;
      words[w + 2] = k.length;
      if (HEAD + k.length <= width) {
        for (let j = 0; j < k.length; j++) table[s * width + HEAD + j] = k.charCodeAt(j);
      } else {
        words[w + 3] = at;
        for (let j = 0; j < k.length; j++) keys[at++] = k.charCodeAt(j);
      }
    }
    return new ByteIndex({ table, keys, width });
  }

  /** @param {{ table: Uint8Array, keys: Uint8Array, width: number }} parts */
  constructor(parts) {
    this.table = parts.table;
    this.keys = parts.keys;
    this.width = parts.width;
    this.words = new Int32Array(parts.table.buffer, parts.table.byteOffset, parts.table.byteLength / 4);
    this.mask = parts.table.length / parts.width - 1;
  }

  /** The typed arrays, to rebuild the same index in another thread. */
  parts() {
    return { table: this.table, keys: this.keys, width: this.width };
  }

  /** The value of the key equal to bytes[from, to) lower-cased (ASCII), or -1. */
  get(bytes, from, to) {
    let h = 0x811c9dc5 | 0;
    for (let j = from; j < to; j++) h = Math.imul(h ^ LOWER[bytes[j]], 0x01000193);
    const words = this.words;
    const table = this.table;
    const width = this.width;
    const mask = this.mask;
    const len = to - from;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const w = s * (width >> 2);
      const n = words[w + 2];
      if (n === EMPTY) return -1;
      if (words[w] !== h || n !== len) continue;
      let j = 0;
      if (HEAD + len <= width) {
        const k0 = s * width + HEAD;
        for (; j < len; j++) if (LOWER[bytes[from + j]] !== table[k0 + j]) break;
      } else {
        const keys = this.keys;
        const k0 = words[w + 3];
        for (; j < len; j++) if (LOWER[bytes[from + j]] !== keys[k0 + j]) break;
      }
      if (j === len) return words[w + 1];
    }
  }
}

const COMMA = 44,
  LF = 10,
  CR = 13;

/**
 * Scans up to `max` rows from byte `at`, writing each valid row's indices into `out` from row 0.
 * plan: { cols, user, privilege, table, record (column positions, record -1 when absent), crlf }.
 * tables: { user, table, record, privilege, undescribed: ByteIndex, recordTable: Int32Array, orgOwned: Uint8Array }.
 * out: { user, table, record, start, end: Int32Array, privilege: Int8Array, formula: number[] } (row numbers
 * of rows with a field that starts like a spreadsheet formula).
 * Returns the number of rows and where the scan stopped, or rows -1 and the code of the first problem when a row is
 * not provably valid.
 */
export function scanRows(bytes, at, max, plan, tables, out) {
  const n = bytes.length;
  const cols = plan.cols;
  const uc = plan.user,
    pc = plan.privilege,
    tc = plan.table,
    rc = plan.record,
    crlf = plan.crlf;
  const fs = new Int32Array(cols);
  const fe = new Int32Array(cols);
  const users = tables.user,
    privileges = tables.privilege,
    tabs = tables.table,
    records = tables.record,
    recordTable = tables.recordTable,
    orgOwned = tables.orgOwned;
  const undescribed = tables.undescribed;
  const oUser = out.user,
    oPrivilege = out.privilege,
    oTable = out.table,
    oRecord = out.record,
    oStart = out.start,
    oEnd = out.end;
  let count = 0;
  while (at < n && count < max) {
    // One scan per line for its commas and its end (a native indexOf per line cost more than the scan, profiled).
    let f = 0;
    fs[0] = at;
    let i = at;
    let cr = -1;
    for (; i < n; i++) {
      const b = bytes[i];
      if (b === LF) break;
      if (b === COMMA) {
        if (f + 1 >= cols) return { rows: -1, at, code: 'not-plain' };
        fe[f] = i;
        f++;
        fs[f] = i + 1;
      } else if (b === CR) cr = i;
    }
    const next = i < n ? i + 1 : n;
    let e = i;
    // Line breaks all \r\n or all \n, as the header's; any other carriage return is left to the general reader.
    if (crlf && cr === i - 1 && cr >= at) e--;
    else if (cr >= 0 || (crlf && i < n)) return { rows: -1, at, code: 'not-plain' };
    if (e === at) {
      at = next;
      continue;
    } // an empty line
    if (f + 1 !== cols) return { rows: -1, at, code: 'not-plain' };
    fe[f] = e;
    let formula = false;
    for (let k = 0; k < cols; k++) {
      let s = fs[k];
      let t = fe[k];
      if (s < t) {
        const b = bytes[s];
        if (b === 61 || b === 43 || b === 45 || b === 64 || b === 9) formula = true;
      }
      while (s < t && (bytes[s] === 32 || (bytes[s] >= 9 && bytes[s] <= 13))) s++;
      while (t > s && (bytes[t - 1] === 32 || (bytes[t - 1] >= 9 && bytes[t - 1] <= 13))) t--;
      fs[k] = s;
      fe[k] = t;
    }
    // The checks and their order are validateQuery's: user, privilege, table, then the record.
    const u = users.get(bytes, fs[uc], fe[uc]);
    if (u < 0) return { rows: -1, at, code: fe[uc] > fs[uc] ? 'unknown-user' : 'missing-user' };
    const p = privileges.get(bytes, fs[pc], fe[pc]);
    if (p < 0) return { rows: -1, at, code: fe[pc] > fs[pc] ? 'unknown-privilege' : 'missing-privilege' };
    const t = tabs.get(bytes, fs[tc], fe[tc]);
    if (t < 0)
      return {
        rows: -1,
        at,
        code: fe[tc] === fs[tc] ? 'missing-table' : undescribed.get(bytes, fs[tc], fe[tc]) >= 0 ? 'undescribed-table' : 'unknown-table',
      };
    let r = -1;
    if (rc >= 0 && fe[rc] > fs[rc]) {
      if (orgOwned[t] === 1) return { rows: -1, at, code: 'record-on-organization-owned' };
      if (p === 0) return { rows: -1, at, code: 'record-on-create' };
      r = records.get(bytes, fs[rc], fe[rc]);
      if (r < 0) return { rows: -1, at, code: 'unknown-record' };
      if (recordTable[r] !== t) return { rows: -1, at, code: 'record-of-other-table' };
    } else if (p !== 0 && orgOwned[t] !== 1) return { rows: -1, at, code: 'missing-record' };
    if (formula) out.formula.push(count);
    oUser[count] = u;
    oPrivilege[count] = p;
    oTable[count] = t;
    oRecord[count] = r;
    oStart[count] = at;
    oEnd[count] = e;
    count++;
    at = next;
  }
  return { rows: count, at };
}
