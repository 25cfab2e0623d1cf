// "Did you mean …?": the known names nearest to a misspelled one, fast enough for thousands of misspellings
// against thousands of names (8,000 against 8,000 took 32 to 43 s when every pair was compared). The names of one
// kind are indexed once; a query then looks, in this order, at
//   - names that start with the value or with which it starts (a sorted list: binary search);
//   - the usual typo, one letter left out, added or wrong or two letters swapped, through the names' one-letter
//     deletions (a map: a few look-ups, no comparison with every name);
//   - only when neither found anything, and when there are at most MAX_SCANNED of them: the names of the same
//     domain (for a user principal name) or all names,
//     each given a lower bound of its edit distance (the difference in length, and half the characters one holds
//     and the other does not, as bit masks), compared in order of that bound, and at most MAX_EVALUATIONS of them.
// `npm run bench -- --only suggest` measures it.
import { distance } from 'fastest-levenshtein';
import { key } from './names.ts';

/** At most this many suggestions. */
export const MAX_SUGGESTIONS = 3;
/** Edit distances computed for one query at most: a name near nothing stops there instead of comparing with every name. */
const MAX_EVALUATIONS = 24;
/** Names compared one by one at most (the last step above): with more names of one kind, only the names that share a
 *  start with the value or are one typo away are suggested, so that a query never costs a pass over every name. */
export const MAX_SCANNED = 2000;
/** A value longer than this is no misspelling of a name: nothing is suggested (and nothing compared). */
const MAX_LENGTH = 1000;
/** Keys longer than this get no deletion neighbourhood (its size grows with the length): the scan finds them. */
const MAX_DELETION_LENGTH = 64;
/** A known name that starts with the value (or the value with it) is suggested when the shorter has this many characters. */
const MIN_PREFIX = 3;

/** The largest edit distance at which a name is still suggested: a third of the longer of the two, at least 2. */
export function nearEnough(a: number, b: number): number {
  return Math.max(2, Math.ceil(Math.max(a, b) / 3));
}

/**
 * nearEnough of the parts in which two names differ, their common start and end left out: users of one domain
 * share "@contoso.com", which must not make "nobody@contoso.com" near "lee.gu@contoso.com".
 */
function nearEnoughPair(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  let s = 0;
  while (s < n - p && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return nearEnough(a.length - p - s, b.length - p - s);
}

/** Bits set in each 16-bit number: a table look-up per half is the cheapest popcount in JavaScript (measured). */
const POP16 = new Uint8Array(65536);
for (let i = 1; i < 65536; i++) POP16[i] = POP16[i >> 1]! + (i & 1);
function popcount(x: number): number {
  return POP16[x & 0xffff]! + POP16[x >>> 16]!;
}

/** The characters of `s` as 64 classes in two 32-bit masks (classes merge characters: the bound stays a lower bound). */
function masks(s: string): [number, number] {
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const cls = c < 128 ? c & 63 : Math.imul(c, 0x9e3779b1) >>> 26;
    if (cls < 32) m0 |= 1 << cls;
    else m1 |= 1 << (cls - 32);
  }
  return [m0, m1];
}

/** The known names of one kind, indexed for suggestions. */
export class NameIndex {
  readonly names: readonly string[];
  /** Entries: a key (a name's key, or the part before @ of a user principal name) and the name it stands for; full
   *  names first, then the parts before @, each region sorted by length. */
  private readonly keys: string[];
  private readonly owner: Int32Array;
  private readonly lens: Int32Array;
  private readonly m0: Int32Array;
  private readonly m1: Int32Array;
  /** The entries of each domain (in the full names' region). */
  private readonly domains = new Map<string, [number, number]>();
  private readonly alias: readonly [number, number];
  private longest = 0;
  private readonly exact = new Map<string, number[]>();
  /** Entry numbers sorted by key, for the names that start with a value. */
  private readonly sorted: number[];
  /** Each entry's key and its one-character deletions -> entries (built on the first suggestion; see typos()). */
  private deletions: Map<string, number | number[]> | undefined;
  /** Each entry's lower bound for the current query (reused by every query). */
  private readonly bound: Uint8Array;

  constructor(names: readonly string[]) {
    this.names = names;
    const seen = new Set<string>();
    const full: Array<[string, number]> = [];
    const alias: Array<[string, number]> = [];
    names.forEach((name, i) => {
      const k = key(name);
      if (!k || seen.has(k)) return;
      seen.add(k);
      full.push([k, i]);
      // A user written without the domain (`leegu`) is compared with the part before @ as well.
      const at = k.indexOf('@');
      if (at > 0) alias.push([k.slice(0, at), i]);
    });
    const byLength = (a: [string, number], b: [string, number]) => a[0].length - b[0].length;
    // Full names by domain (the part after the last @, '' for none), then by length; the parts before @ last.
    const domain = (k: string) => k.slice(k.lastIndexOf('@') + 1 || k.length);
    const byDomain = (a: [string, number], b: [string, number]) => {
      const x = domain(a[0]);
      const y = domain(b[0]);
      return x < y ? -1 : x > y ? 1 : byLength(a, b);
    };
    const entries = [...full.sort(byDomain), ...alias.sort(byLength)];
    full.forEach(([k], e) => {
      const d = domain(k);
      const r = this.domains.get(d);
      if (r) r[1] = e + 1;
      else this.domains.set(d, [e, e + 1]);
    });
    this.alias = [full.length, entries.length];
    this.keys = entries.map(([k]) => k);
    this.owner = Int32Array.from(entries, ([, i]) => i);
    this.lens = Int32Array.from(this.keys, (k) => k.length);
    this.m0 = new Int32Array(entries.length);
    this.m1 = new Int32Array(entries.length);
    this.bound = new Uint8Array(entries.length);
    this.keys.forEach((k, e) => {
      const [a, b] = masks(k);
      this.m0[e] = a;
      this.m1[e] = b;
      this.longest = Math.max(this.longest, k.length);
      const x = this.exact.get(k);
      if (x) x.push(e);
      else this.exact.set(k, [e]);
    });
    this.sorted = this.keys
      .map((_, e) => e)
      .sort((a, b) => (this.keys[a]! < this.keys[b]! ? -1 : this.keys[a]! > this.keys[b]! ? 1 : a - b));
  }

  /** The entries of `region` whose length is within `widest` of L (each region is sorted by length). */
  private span(region: readonly [number, number], L: number, widest: number): [number, number] {
    const first = (len: number) => {
      let lo = region[0];
      let hi = region[1];
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.lens[mid]! < len) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [first(L - widest), first(L + widest + 1)];
  }

  /** Writes the lower bound of entries [from, to) into `bound` (255: not near enough); the highest bound written. A
   *  method of its own, small, so that the engine compiles this hot loop well (inside suggest it ran 15 times slower). */
  private lowerBounds(from: number, to: number, q0: number, q1: number, L: number): number {
    const lens = this.lens;
    const m0 = this.m0;
    const m1 = this.m1;
    const bound = this.bound;
    let top = 0;
    let len = -1;
    let delta = 0;
    let limit = 0;
    for (let e = from; e < to; e++) {
      if (lens[e] !== len) {
        len = lens[e]!;
        delta = len > L ? len - L : L - len;
        limit = nearEnough(L, len);
      }
      const a = q0 ^ m0[e]!;
      const b = q1 ^ m1[e]!;
      const half = (POP16[a & 0xffff]! + POP16[a >>> 16]! + POP16[b & 0xffff]! + POP16[b >>> 16]! + 1) >> 1;
      const lb = delta > half ? delta : half;
      if (lb > limit) bound[e] = 255;
      else {
        bound[e] = lb;
        if (lb > top) top = lb;
      }
    }
    return top;
  }

  /** Up to MAX_SUGGESTIONS known names near `value`, nearest first (then those with the same characters, then alphabetical). */
  suggest(value: string): string[] {
    if (value.length > MAX_LENGTH * 2) return [];
    const v = key(value);
    if (!v || v.length > MAX_LENGTH || this.keys.length === 0) return [];
    const found = new Map<number, number>(); // name -> distance
    // Between names at one distance, the one with the same characters comes first: "bne" is "ben" with two letters
    // swapped (two edits), which is likelier than "ana" (two edits too).
    const unlike = new Map<number, number>();
    const note = (name: number, d: number, diff = 64) => {
      const had = found.get(name);
      if (had === undefined || d < had || (d === had && diff < unlike.get(name)!)) {
        found.set(name, d);
        unlike.set(name, diff);
      }
    };
    const [q0, q1] = masks(v);
    const L = v.length;
    this.prefixes(v, note);
    if (this.typos(v, note)) return this.nearest(found, unlike);
    // One pass gives every entry a lower bound of its distance (255: not near enough whatever it is); entries are
    // then compared level by level of that bound, so the likeliest names (the same characters, the same length)
    // come first, and the comparisons stop once the bound passes one edit beyond the nearest name found. Only the
    // lengths that could be near are visited, and a value with @ is not compared with the parts before @.
    const bound = this.bound;
    const m0 = this.m0;
    const m1 = this.m1;
    const widest = nearEnough(L, L + Math.ceil(L / 2) + 2);
    // A user principal name is compared with the users of its own domain only: one of another domain is near
    // enough only by a typo in the domain, which typos() has looked for. A name without @ is compared with all.
    const at = v.lastIndexOf('@');
    const regions = at >= 0 ? [this.domains.get(v.slice(at + 1)) ?? ([0, 0] as const)] : [...this.domains.values(), this.alias];
    const spans = regions.map((r) => this.span(r, L, widest));
    if (spans.reduce((n, [from, to]) => n + to - from, 0) > MAX_SCANNED) return this.nearest(found, unlike);
    let top = 0;
    for (const [from, to] of spans) top = Math.max(top, this.lowerBounds(from, to, q0, q1, L));
    let evaluations = 0;
    let best = Infinity;
    for (const d of found.values()) best = Math.min(best, d);
    for (let level = 0; level <= top && level <= best + 1 && evaluations < MAX_EVALUATIONS; level++) {
      for (const [from, to] of spans) {
        for (let e = from; e < to && evaluations < MAX_EVALUATIONS; e++) {
          if (bound[e] !== level) continue;
          evaluations++;
          const k = this.keys[e]!;
          const d = distance(v, k);
          if (d <= nearEnough(L, k.length) && d <= nearEnoughPair(v, k)) {
            note(this.owner[e]!, d, popcount(q0 ^ m0[e]!) + popcount(q1 ^ m1[e]!));
            best = Math.min(best, d);
          }
        }
      }
    }
    return this.nearest(found, unlike);
  }

  /** The names found (name -> distance), those within one edit of the nearest, nearest first. */
  private nearest(found: Map<number, number>, unlike: Map<number, number>): string[] {
    if (found.size === 0) return [];
    let best = Infinity;
    for (const d of found.values()) best = Math.min(best, d);
    return [...found]
      .filter(([, d]) => d <= best + 1)
      .map(([name, d]) => [this.names[name]!, d, unlike.get(name)!] as const)
      .sort((a, b) => a[1] - b[1] || a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, MAX_SUGGESTIONS)
      .map(([name]) => name);
  }

  /**
   * The usual typo (a letter left out, added, wrong, or two letters swapped) found without comparing with every
   * name: two keys one such typo apart share a key once a letter is deleted from either or both (the deletion
   * neighbourhood of SymSpell). Notes every name found so; true when one was, when nothing farther is looked for.
   */
  private typos(v: string, note: (name: number, d: number, diff?: number) => void): boolean {
    const del = (this.deletions ??= this.buildDeletions());
    const seen = new Set<number>();
    const [q0, q1] = masks(v);
    let any = false;
    for (let i = -1; i < v.length; i++) {
      const hit = del.get(i < 0 ? v : v.slice(0, i) + v.slice(i + 1));
      if (hit === undefined) continue;
      for (const e of typeof hit === 'number' ? [hit] : hit) {
        if (seen.has(e)) continue;
        seen.add(e);
        const k = this.keys[e]!;
        const d = distance(v, k);
        if (d <= 2 && d <= nearEnough(v.length, k.length) && d <= nearEnoughPair(v, k)) {
          note(this.owner[e]!, d, popcount(q0 ^ this.m0[e]!) + popcount(q1 ^ this.m1[e]!));
          any = true;
        }
      }
    }
    return any;
  }

  private buildDeletions(): Map<string, number | number[]> {
    const del = new Map<string, number | number[]>();
    const add = (s: string, e: number) => {
      const had = del.get(s);
      if (had === undefined) del.set(s, e);
      else if (typeof had === 'number') {
        if (had !== e) del.set(s, [had, e]);
      } else if (had[had.length - 1] !== e) had.push(e);
    };
    this.keys.forEach((k, e) => {
      add(k, e);
      if (k.length <= MAX_DELETION_LENGTH) for (let i = 0; i < k.length; i++) add(k.slice(0, i) + k.slice(i + 1), e);
    });
    return del;
  }

  /** Names that start with `v`, and names `v` starts with (both at least MIN_PREFIX long): their distance is the difference in length. */
  private prefixes(v: string, note: (name: number, d: number) => void): void {
    if (v.length < MIN_PREFIX) return;
    const keys = this.keys;
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[sorted[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo, n = 0; i < sorted.length && n < MAX_SUGGESTIONS * 4 && keys[sorted[i]!]!.startsWith(v); i++, n++) {
      const e = sorted[i]!;
      note(this.owner[e]!, keys[e]!.length - v.length);
    }
    for (let l = MIN_PREFIX; l < Math.min(v.length, this.longest + 1); l++)
      for (const e of this.exact.get(v.slice(0, l)) ?? []) note(this.owner[e]!, v.length - l);
  }
}

/** Indexes built recently, so that callers that pass a fresh copy of the same names each time index them once. */
const recent: NameIndex[] = [];
const RECENT = 8;

/** The index of `known`: a recent one when it holds the same names in the same order, else a new one. */
export function nameIndex(known: Iterable<string>): NameIndex {
  const list = Array.isArray(known) ? (known as string[]) : [...known];
  for (let r = 0; r < recent.length; r++) {
    const ix = recent[r]!;
    const names = ix.names;
    if (names.length !== list.length) continue;
    let same = true;
    for (let i = 0; i < list.length; i++)
      if (names[i] !== list[i]) {
        same = false;
        break;
      }
    if (same) {
      if (r > 0) {
        recent.splice(r, 1);
        recent.unshift(ix);
      }
      return ix;
    }
  }
  const ix = new NameIndex([...list]);
  recent.unshift(ix);
  if (recent.length > RECENT) recent.pop();
  return ix;
}
