// What `check` writes for each query — the decision, depth, via and reason — as numbered pieces of the one wording
// (src/explain/wording.ts), from a visitor of the one evaluator's walk (src/model/evaluate.ts). No Decision object
// and no string is made per query (profiled: building them was most of `check`'s time on a million queries); a
// property test keeps what it writes equal to explain's words for the same decision.
import { Path, type Model, type PathVisitor } from '../model/index.ts';
import { Words, type Wording } from '../explain/wording.ts';
import { wordingOf } from '../explain/explain.ts';

/** The four answers of one query (reused by the next call). */
export interface Brief {
  allowed: boolean;
  /** The depth column: a piece number, -1 when empty. */
  depth: number;
  /** The via column: viaN piece numbers, joined by "; ". */
  via: Int32Array;
  viaN: number;
  /** The reason, as pieces. */
  reason: Words;
  /** The text of every piece number (the wording's table, shared by every answer). */
  pieces: readonly string[];
}

/** A Brief as text: decision, depth, via and reason. */
export function briefText(b: Brief): { allowed: boolean; depth: string; via: string; reason: string } {
  const via: string[] = [];
  for (let i = 0; i < b.viaN; i++) via.push(b.pieces[b.via[i]!]!);
  return { allowed: b.allowed, depth: b.depth >= 0 ? b.pieces[b.depth]! : '', via: via.join('; '), reason: b.reason.text(b.pieces) };
}

export class Briefer implements PathVisitor {
  private readonly model: Model;
  private readonly w: Wording;
  private readonly b: Brief;
  private n = 0;
  private best = 0;
  private u = 0;
  private p = 0;
  private t = 0;
  private record = -1;
  private owner = -1;
  private bu = -1;
  private disabled = false;
  // Read per query from typed arrays, not from the compiled objects (a cache miss each on a million queries).
  private readonly enabled: Uint8Array;
  private readonly recordOwner: Int32Array;
  private readonly recordBu: Int32Array;

  constructor(model: Model) {
    this.model = model;
    const c = model.compiled;
    this.enabled = Uint8Array.from(c.users, (x) => (x.enabled ? 1 : 0));
    this.recordOwner = Int32Array.from(c.records, (r) => r.owner);
    this.recordBu = Int32Array.from(c.records, (r) => r.businessUnit);
    this.w = wordingOf(model);
    this.b = { allowed: false, depth: -1, via: new Int32Array(16), viaN: 0, reason: new Words(), pieces: this.w.pieces.strings };
  }

  /** The text of the piece numbers in Briefs (it grows as new pieces are used). */
  get pieces(): readonly string[] {
    return this.w.pieces.strings;
  }

  brief(u: number, p: number, t: number, record: number): Brief {
    const c = this.model.compiled;
    const b = this.b;
    b.allowed = false;
    b.depth = -1;
    b.viaN = 0;
    b.reason.clear();
    this.n = 0;
    this.best = 0;
    this.u = u;
    this.p = p;
    this.t = t;
    this.record = record;
    this.disabled = this.enabled[u] === 0;
    this.owner = record >= 0 ? this.recordOwner[record]! : -1;
    this.bu = record >= 0 ? this.recordBu[record]! : -1;
    const ev = this.model.data.evaluator;
    ev.walk(u, p, t, record, this.owner, this.bu, this);
    if (this.n > 0) {
      if (!this.disabled) {
        b.allowed = true;
        if (this.best > 0) b.depth = this.w.depthId(this.best);
      } else b.viaN = 0;
      this.w.morePaths(b.reason, this.n);
    } else {
      this.w.deniedReason(b.reason, this.disabled, u, p, t, ev.held, record >= 0 ? c.records[record] : undefined, false, record);
    }
    return b;
  }

  role(kind: Path, h: number, d: number): boolean {
    const c = this.model.compiled;
    const role = c.holdRole[h]!;
    const m = c.holdTeam[h]!;
    if (this.n++ === 0) {
      const out = this.b.reason;
      this.w.allowedLead(out, this.disabled, this.u);
      this.w.holdingSentence(out, kind, h, d, this.p, this.t, this.bu, this.owner, this.u);
    }
    if (d > this.best) this.best = d;
    this.via(this.w.roleVia(role, m));
    return false;
  }

  share(s: number, privileged: boolean): boolean {
    const sh = this.model.compiled.shares[s]!;
    if (this.n++ === 0) {
      const out = this.b.reason;
      this.w.allowedLead(out, this.disabled, this.u);
      this.w.share(out, sh.target, sh.principal, this.record, this.p, this.t, privileged);
    }
    this.via(this.w.shareVia(sh.target, sh.principal));
    return false;
  }

  hierarchy(level: number, h: number, d: number): boolean {
    const c = this.model.compiled;
    if (this.n++ === 0) {
      const out = this.b.reason;
      this.w.allowedLead(out, this.disabled, this.u);
      this.w.hierarchy(out, this.u, this.owner, level, c.holdRole[h]!, c.holdTeam[h]!, d, this.p, this.t);
    }
    this.via(this.w.hierarchyVia(this.owner, level));
    return false;
  }

  private via(v: number): void {
    const b = this.b;
    for (let i = 0; i < b.viaN; i++) if (b.via[i] === v) return;
    if (b.viaN === b.via.length) {
      const more = new Int32Array(b.viaN * 2);
      more.set(b.via);
      b.via = more;
    }
    b.via[b.viaN++] = v;
  }
}
