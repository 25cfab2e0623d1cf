// The bytes of `rolecheck check`'s answer rows, built from compact row descriptions: the thread that decides
// (DataverseDecisions.brief) describes each row with the numbers of the model's pieces of text (and the odd string
// of its own, such as a row's escaped fields), and this builder turns the descriptions into CSV. It is plain JavaScript so a
// worker thread can run it without the TypeScript loader: on a million queries, deciding and building the text
// take about as long each, and on two cores they run side by side (docs/performance.md). Types: answer-rows.d.mts.

import { writeSync } from 'node:fs';
import { startsLikeFormula } from '../vocabulary/formula.mjs';

/**
 * One CSV field as csv-stringify writes it by default: quoted when it holds a comma, a quote or a line break.
 * A value a spreadsheet would run as a formula (= + - @, tab, carriage return first) gets a leading apostrophe,
 * as in compliance.csv: names come from the export and must not execute when the answers are opened.
 * @param {string} v
 */
export function csvField(v) {
  const safe = startsLikeFormula(v) ? `'${v}` : v;
  if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) return safe;
  return '"' + (safe.indexOf('"') < 0 ? safe : safe.replace(/"/g, '""')) + '"';
}

/**
 * Writes all of `bytes` into file `fd` at byte `pos` (a write may be short); the position after them. Positional,
 * so that a run that has to start over can truncate the file and write from 0 again.
 */
export function writeAllAt(fd, bytes, pos) {
  for (let done = 0; done < bytes.length; ) {
    const n = writeSync(fd, bytes, done, bytes.length - done, pos);
    done += n;
    pos += n;
  }
  return pos;
}

/** Whether a field, as written in the input, starts like a formula (its row is then written escaped): the one rule
 *  of compliance.csv too (src/vocabulary/formula.mjs). */
export { startsLikeFormula };

/*
 * A row description, in an Int32Array, one row after the other:
 *   echo      start of the row's line in the input (>= 0), then its end; or -(x + 1) of extra x (the row's
 *             fields, escaped), then 0
 *   decision  0 deny; or 1 allow, then the depth (a piece, -1 when empty), the number of via pieces and those
 *   reason    the number of pieces, then the pieces (a piece p >= 0, or -(x + 1) for extra x)
 * Pieces are the model's numbered strings (src/model/wording.ts), sent once each; extras are strings of one batch.
 */
const ENCODER = new TextEncoder();
const BLOCK = 1 << 20;
const ALLOW = ENCODER.encode(',allow,');
const ALLOW_NO_DEPTH = ENCODER.encode(',allow,,');
const COMMA = ENCODER.encode(',');
const OPEN_REASON = ENCODER.encode(',"');
const DENY = ENCODER.encode(',deny,,,"');
const END = ENCODER.encode('"\n');

/** Below this many bytes a copy is a loop; from it, copyWithin (about 20 ns whatever the length; a loop costs about
 *  a nanosecond a byte, and `set` of a fresh subarray view about 55 ns: measured). */
const LOOP_BELOW = 20;

/**
 * Builds the answer rows as bytes, in blocks. The pieces of text live in one buffer with the block being filled:
 * the block (its first BLOCK bytes), then an arena where each piece is encoded once. So every copy of a piece is a
 * `copyWithin` inside one buffer (no view to create) or, for a few bytes, a loop: concatenating strings row by row
 * and encoding them cost twice as much (walking the trees of concatenated strings), one small byte array per piece
 * missed the cache on every use, and a `set` of a subarray per piece made a view object each time (profiled). The
 * echo of a row's fields is copied from the input's bytes (copying the whole input into the buffer cost more than
 * it saved).
 */
export class RowBuilder {
  /**
   * @param {Uint8Array | string} source the input file, as bytes (row offsets are byte offsets) or as text
   *   (offsets in characters)
   * @param {boolean} reuse `emit` writes a block before it returns, and the block can be filled again; otherwise
   *   each block is a copy that `emit` keeps
   */
  constructor(source, reuse = false) {
    this.reuse = reuse;
    this.bytes = typeof source === 'string' ? undefined : source;
    this.text = typeof source === 'string' ? source : '';
    this.mem = new Uint8Array(BLOCK + (4 << 20));
    /** @type {string[]} */ this.pieces = [];
    // Encoded pieces: field form (csvField) at 2 * id, quoted form (quotes doubled) at 2 * id + 1, as where they
    // start in mem and their length (-1: not encoded yet).
    this.starts = new Int32Array(1024).fill(-1);
    this.lengths = new Int32Array(1024);
    this.used = BLOCK;
    this.at = 0;
    // Fixed parts of a row: start in mem and length.
    this.fixed = {};
    for (const [k, b] of [
      ['allow', ALLOW],
      ['allowNoDepth', ALLOW_NO_DEPTH],
      ['comma', COMMA],
      ['open', OPEN_REASON],
      ['deny', DENY],
      ['end', END],
    ])
      this.fixed[k] = [this.store(b), b.length];
  }

  /** Pieces numbered by the describing side since the last call, in order. */
  add(pieces) {
    for (const s of pieces) this.pieces.push(s);
    if (this.starts.length < this.pieces.length * 2) {
      const n = this.pieces.length * 4;
      const starts = new Int32Array(n).fill(-1);
      starts.set(this.starts);
      this.starts = starts;
      const lengths = new Int32Array(n);
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
  }

  /** Stores bytes in the arena; where they start in mem. */
  store(b) {
    if (this.used + b.length > this.mem.length) {
      const more = new Uint8Array(Math.max(this.mem.length * 2, this.used + b.length));
      more.set(this.mem.subarray(0, this.used));
      this.mem = more;
    }
    const start = this.used;
    this.mem.set(b, start);
    this.used += b.length;
    return start;
  }

  /** Copies n bytes of mem from s into the block. */
  copy(s, n, emit) {
    if (this.at + n > BLOCK) {
      this.flush(emit);
      if (n > BLOCK) {
        emit(this.mem.slice(s, s + n));
        return;
      }
    }
    const mem = this.mem;
    let at = this.at;
    if (n >= LOOP_BELOW) {
      mem.copyWithin(at, s, s + n);
      this.at = at + n;
      return;
    }
    for (const e = s + n; s < e; s++) mem[at++] = mem[s];
    this.at = at;
  }

  /** Appends bytes from outside mem. */
  put(b, emit) {
    if (this.at + b.length > BLOCK) {
      this.flush(emit);
      if (b.length > BLOCK) {
        emit(b.slice());
        return;
      }
    }
    this.mem.set(b, this.at);
    this.at += b.length;
  }

  /** A piece, in field (0) or quoted (1) form, encoded on first use. */
  piece(id, quoted, emit) {
    const k = id * 2 + quoted;
    let s = this.starts[k];
    if (s === -1) {
      const p = this.pieces[id];
      const b = ENCODER.encode(quoted ? (p.indexOf('"') < 0 ? p : p.replace(/"/g, '""')) : csvField(p));
      s = this.starts[k] = this.store(b);
      this.lengths[k] = b.length;
    }
    this.copy(s, this.lengths[k], emit);
  }

  /** Hands the current block to `emit`, if it holds anything. */
  flush(emit) {
    if (this.at === 0) return;
    const n = this.at;
    this.at = 0;
    emit(this.reuse ? this.mem.subarray(0, n) : this.mem.slice(0, n));
  }

  /**
   * The CSV rows described in desc[0, length), as bytes handed to `emit` in blocks of up to 1 MB (call flush at
   * the end). The reason column is always quoted: a sentence, with commas more often than not.
   */
  build(desc, length, extras, emit) {
    const bytes = this.bytes;
    const pieces = this.pieces;
    const f = this.fixed;
    for (let at = 0; at < length; ) {
      const e0 = desc[at++];
      const e1 = desc[at++];
      if (e0 < 0) this.put(ENCODER.encode(extras[-e0 - 1]), emit);
      else if (bytes) {
        const n = e1 - e0;
        if (this.at + n > BLOCK) this.flush(emit);
        if (n > BLOCK) this.put(bytes.subarray(e0, e1), emit);
        else if (n > 40) {
          this.mem.set(bytes.subarray(e0, e1), this.at);
          this.at += n;
        } else {
          const mem = this.mem;
          let o = this.at;
          for (let i = e0; i < e1; i++) mem[o++] = bytes[i];
          this.at = o;
        }
      } else this.put(ENCODER.encode(this.text.slice(e0, e1)), emit);
      if (desc[at++] === 1) {
        const depth = desc[at++];
        if (depth >= 0) {
          this.copy(f.allow[0], f.allow[1], emit);
          this.piece(depth, 0, emit);
          this.copy(f.comma[0], f.comma[1], emit);
        } else this.copy(f.allowNoDepth[0], f.allowNoDepth[1], emit);
        const n = desc[at++];
        if (n === 1) this.piece(desc[at++], 0, emit);
        else if (n > 1) {
          const via = [];
          for (let k = 0; k < n; k++) via.push(pieces[desc[at++]]);
          this.put(ENCODER.encode(csvField(via.join('; '))), emit);
        }
        this.copy(f.open[0], f.open[1], emit);
      } else this.copy(f.deny[0], f.deny[1], emit);
      for (let n = desc[at++]; n > 0; n--) {
        const id = desc[at++];
        if (id >= 0) this.piece(id, 1, emit);
        else this.put(ENCODER.encode(extras[-id - 1].replace(/"/g, '""')), emit);
      }
      this.copy(f.end[0], f.end[1], emit);
    }
  }
}
