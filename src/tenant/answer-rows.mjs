// The text of `rolecheck check`'s answer rows, built from compact row descriptions: the thread that decides
// (DataverseDecisions.brief) numbers each distinct string once (decision parts, via, depth, escaped input rows)
// and describes a row with numbers; this builder turns descriptions into CSV text. It is plain JavaScript so a
// worker thread can run it without the TypeScript loader: on a million queries, deciding and building the text
// take about as long each, and on two cores they run side by side (docs/performance.md). Types: answer-rows.d.mts.

/** = + - @ tab and carriage return start a spreadsheet formula. */
const FORMULA_START = new Set([61, 43, 45, 64, 9, 13]);

/**
 * One CSV field as csv-stringify writes it by default: quoted when it holds a comma, a quote or a line break.
 * A value a spreadsheet would run as a formula (= + - @, tab, carriage return first) gets a leading apostrophe,
 * as in compliance.csv: names come from the export and must not execute when the answers are opened.
 * @param {string} v
 */
export function csvField(v) {
  const safe = v.length > 0 && FORMULA_START.has(v.charCodeAt(0)) ? `'${v}` : v;
  if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) return safe;
  return '"' + (safe.indexOf('"') < 0 ? safe : safe.replace(/"/g, '""')) + '"';
}

/** Whether a field, as written in the input, starts like a formula (its row is then written escaped). */
export function startsLikeFormula(v) { return v.length > 0 && FORMULA_START.has(v.charCodeAt(0)); }

/*
 * A row description, in an Int32Array, one row after the other:
 *   echo      start of the row's line in the input text (>= 0), then its end; or -(x + 1) of extra x (the row's
 *             fields, escaped), then 0
 *   decision  0 deny; or 1 allow, then the depth (a piece, -1 when empty), the number of via pieces and those
 *   reason    the number of pieces, then the pieces (a piece p >= 0, or -(x + 1) for extra x)
 * Pieces are the model's numbered strings (src/model/wording.ts), sent once each; extras are strings of one batch.
 */
/** Bytes before the text of a file: its UTF-8 byte-order mark, if any (the rest of a file the scanner takes is ASCII). */
export function bomLength(bytes) { return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0; }

export class RowBuilder {
  /**
   * @param {string} text the input file as text (the echo of a row is a slice of it)
   * @param {number} skip bytes of the file before `text` (a byte-order mark): row offsets are byte offsets
   */
  constructor(text, skip = 0) {
    this.text = text; this.skip = skip;
    /** @type {string[]} */ this.pieces = [];
    /** @type {Array<string | undefined>} */ this.fields = [];
    /** @type {Array<string | undefined>} */ this.quoted = [];
  }

  /** Pieces numbered by the describing side since the last call, in order. */
  add(pieces) { for (const s of pieces) this.pieces.push(s); }

  /** csvField of piece `id`, once. */
  field(id) {
    let f = this.fields[id];
    if (f === undefined) f = this.fields[id] = csvField(this.pieces[id]);
    return f;
  }

  /** Piece `id` inside a quoted field (quotes doubled), once. */
  inQuotes(id) {
    let f = this.quoted[id];
    if (f === undefined) { const s = this.pieces[id]; f = this.quoted[id] = s.indexOf('"') < 0 ? s : s.replace(/"/g, '""'); }
    return f;
  }

  /**
   * The CSV text of the rows described in desc[0, length), in chunks of about `chunk` characters handed to
   * `emit` (the reason column is always quoted: a sentence, with commas more often than not).
   */
  build(desc, length, extras, emit, chunk = 1 << 20) {
    const text = this.text; const pieces = this.pieces; const skip = this.skip;
    let buf = '';
    for (let at = 0; at < length;) {
      const e0 = desc[at++]; const e1 = desc[at++];
      let row = e0 >= 0 ? text.slice(e0 - skip, e1 - skip) : extras[-e0 - 1];
      if (desc[at++] === 1) {
        const depth = desc[at++];
        row += depth >= 0 ? ',allow,' + this.field(depth) + ',' : ',allow,,';
        const n = desc[at++];
        if (n === 1) row += this.field(desc[at++]);
        else if (n > 1) { const via = []; for (let k = 0; k < n; k++) via.push(pieces[desc[at++]]); row += csvField(via.join('; ')); }
        row += ',"';
      } else row += ',deny,,,"';
      for (let n = desc[at++]; n > 0; n--) {
        const id = desc[at++];
        if (id >= 0) row += this.inQuotes(id);
        else { const s = extras[-id - 1]; row += s.indexOf('"') < 0 ? s : s.replace(/"/g, '""'); }
      }
      buf += row + '"\n';
      if (buf.length >= chunk) { emit(buf); buf = ''; }
    }
    if (buf) emit(buf);
  }
}
