// Decisions into sentences. The model answers with structure only (src/model/decision.ts); this module says it in
// words, with the one wording (wording.ts) that `check` also writes with, so explain, check and the report agree.
import { R } from '../catalog/model-rules.ts';
import {
  DEPTH_NAMES,
  key,
  Path,
  PATH_KINDS,
  PathCollector,
  PRIVILEGES,
  type Compiled,
  type Decision,
  type GrantPath,
  type Model,
  type Query,
} from '../model/index.ts';
import { Words, Wording, type RowRef } from './wording.ts';

const wordings = new WeakMap<Compiled, Wording>();

/** The wording of a model's environment (its pieces are numbered once per model). */
export function wordingOf(model: Model): Wording {
  let w = wordings.get(model.compiled);
  if (!w) {
    w = new Wording(model.compiled, (u) => model.data.ignoredFor(u));
    wordings.set(model.compiled, w);
  }
  return w;
}

export interface ExplainedPath extends GrantPath {
  sentence: string;
}

/** A decision with its words: one sentence per path, the via column, and the reason. */
export interface Explanation extends Omit<Decision, 'paths' | 'actingFor'> {
  paths: ExplainedPath[];
  via: string[];
  reason: string;
  actingFor?: { user: string; decision: Explanation };
}

export function explain(model: Model, q: Query): Explanation {
  const r = model.data.resolve(q);
  return explainIdx(model, r.user, r.privilege, r.table, r.record);
}

export function explainIdx(model: Model, u: number, p: number, t: number, record: number): Explanation {
  const rec = record >= 0 ? model.compiled.records[record] : undefined;
  return explainAt(model, u, p, t, record, rec ? rec.owner : -1, rec ? rec.businessUnit : -1);
}

export function explainRow(model: Model, u: number, tp: number, owner: number, bu: number): Explanation {
  return explainAt(model, u, tp & 7, tp >>> 3, -1, owner, bu);
}

/**
 * The explaining path: one walk of the evaluator whose visitor records each path and words it at once (indices in
 * hand, no name looked up again), then the reason. Agrees with explainDecision by construction (the same wording).
 */
function explainAt(model: Model, u: number, p: number, t: number, record: number, owner: number, bu: number): Explanation {
  let col = collectors.get(model.compiled);
  if (!col) {
    col = new WordingCollector(model.compiled, wordingOf(model));
    collectors.set(model.compiled, col);
  }
  col.prepare(p, t, record, owner, bu);
  const d = model.data.decideWith(col, u, p, t, record, owner, bu);
  const w = col.w;
  const strings = w.pieces.strings;
  const reason = col.reason;
  reason.clear();
  const disabled = d.denial?.disabled ?? false;
  const n = col.paths.length;
  if (n > 0) {
    w.allowedLead(reason, disabled, u);
    reason.append(col.first);
    w.morePaths(reason, n);
  } else {
    const best = DEPTH_NAMES.indexOf(d.denial?.best ?? 'None');
    const rec: RowRef | undefined =
      owner >= 0 ? { owner, businessUnit: bu, id: record >= 0 ? model.compiled.records[record]!.id : '' } : undefined;
    w.deniedReason(reason, disabled, u, p, t, best, rec, record < 0 && owner >= 0, record);
  }
  const allowed = d.allowed;
  const out = d as unknown as Explanation;
  out.paths = allowed ? (d.paths as ExplainedPath[]) : [];
  out.via = allowed ? col.via : [];
  out.reason = reason.text(strings);
  return out;
}

/** A PathCollector that also words each path as it is found (the explaining path's visitor). */
class WordingCollector extends PathCollector {
  readonly first = new Words();
  readonly reason = new Words();
  via: string[] = [];
  private readonly words = new Words();
  private p = 0;
  private t = 0;
  private record = -1;
  private owner = -1;
  private bu = -1;
  constructor(
    c: Compiled,
    readonly w: Wording,
  ) {
    super(c);
  }
  prepare(p: number, t: number, record: number, owner: number, bu: number): void {
    this.p = p;
    this.t = t;
    this.record = record;
    this.owner = owner;
    this.bu = bu;
  }
  override reset(u: number, ownerName = ''): void {
    super.reset(u, ownerName);
    this.via = [];
    this.first.clear();
  }
  private done(v: number): false {
    const path = this.paths[this.paths.length - 1] as ExplainedPath;
    const words = this.paths.length === 1 ? this.first : this.words;
    path.sentence = words.text(this.w.pieces.strings);
    const text = this.w.pieces.strings[v]!;
    if (!this.via.includes(text)) this.via.push(text);
    return false;
  }
  override role(kind: Path, h: number, d: number): boolean {
    super.role(kind, h, d);
    const c = this.c;
    const words = this.paths.length === 1 ? this.first : this.words;
    words.clear();
    const m = c.holdTeam[h]!;
    this.w.holdingSentence(words, kind, h, d, this.p, this.t, this.bu, this.owner, this.u);
    return this.done(this.w.roleVia(c.holdRole[h]!, m));
  }
  override share(s: number, privileged: boolean): boolean {
    super.share(s, privileged);
    const sh = this.c.shares[s]!;
    const words = this.paths.length === 1 ? this.first : this.words;
    words.clear();
    this.w.share(words, sh.target, sh.principal, this.record, this.p, this.t, privileged);
    return this.done(this.w.shareVia(sh.target, sh.principal));
  }
  override hierarchy(level: number, h: number, d: number): boolean {
    super.hierarchy(level, h, d);
    const c = this.c;
    const words = this.paths.length === 1 ? this.first : this.words;
    words.clear();
    this.w.hierarchy(words, this.u, this.owner, level, c.holdRole[h]!, c.holdTeam[h]!, d, this.p, this.t);
    return this.done(this.w.hierarchyVia(this.owner, level));
  }
}
const collectors = new WeakMap<Compiled, WordingCollector>();

export function explainActFor(model: Model, caller: string, target: string, q: Omit<Query, 'user'>): Explanation {
  const d = model.data.decideActFor(caller, target, q);
  const acting = d.actingFor!;
  const asTarget = explainDecision(model, acting.decision);
  const reason = !acting.directPrivilege
    ? `Denied: ${d.user} does not hold prvActOnBehalfOfAnotherUser through a role assigned directly (Delegate), so cannot act for ${asTarget.user}.`
    : d.allowed
      ? `Allowed: both ${d.user} and ${asTarget.user} may ${q.privilege} this row (impersonation gives the intersection of their rights).`
      : `Denied: impersonation gives the intersection of both users' rights, and ${!acting.callerAllowed ? d.user : asTarget.user} may not ${q.privilege} this row.`;
  const { actingFor: _drop, ...rest } = d;
  return {
    ...rest,
    paths: d.allowed ? asTarget.paths : [],
    via: d.allowed ? asTarget.via : [],
    reason,
    actingFor: { user: asTarget.user, decision: asTarget },
  };
}

/** The words of a decision. */
export function explainDecision(model: Model, d: Decision): Explanation {
  const c = model.compiled;
  const w = wordingOf(model);
  const strings = w.pieces.strings;
  const u = c.index.user.get(key(d.user))!;
  const p = PRIVILEGES.indexOf(d.privilege);
  const t = c.index.table.get(key(d.table))!;
  const record = d.record !== undefined ? c.index.record.get(key(d.record))! : -1;
  const n = c.users.length;
  const owner = d.row ? (d.row.ownerType === 'user' ? c.index.user.get(key(d.row.owner))! : n + c.index.team.get(key(d.row.owner))!) : -1;
  const bu = d.row ? c.index.bu.get(key(d.row.businessUnit))! : -1;
  const disabled = d.denial?.disabled ?? false;
  const shown = d.allowed ? d.paths : (d.denial?.wouldAllow ?? []);
  const paths: ExplainedPath[] = [];
  const via: string[] = [];
  const words = new Words();
  for (const path of shown) {
    words.clear();
    const v = pathWords(c, w, words, path, u, p, t, record, owner, bu);
    paths.push({ ...path, sentence: words.text(strings) });
    const vt = strings[v]!;
    if (!via.includes(vt)) via.push(vt);
  }
  const reason = new Words();
  if (shown.length) {
    w.allowedLead(reason, disabled, u);
    pathWords(c, w, reason, shown[0]!, u, p, t, record, owner, bu);
    w.morePaths(reason, shown.length);
  } else {
    const best = DEPTH_NAMES.indexOf(d.denial?.best ?? 'None');
    const rec: RowRef | undefined =
      record >= 0 ? { owner, businessUnit: bu, id: d.record! } : owner >= 0 ? { owner, businessUnit: bu, id: '' } : undefined;
    w.deniedReason(reason, disabled, u, p, t, best, rec, record < 0 && owner >= 0, record);
  }
  const { actingFor: _a, ...rest } = d;
  const out: Explanation = { ...rest, paths: d.allowed ? paths : [], via: d.allowed ? via : [], reason: reason.text(strings) };
  if (!d.allowed && disabled) out.paths = [];
  return out;
}

/** Writes one path's sentence; returns the piece of its via column. */
function pathWords(
  c: Compiled,
  w: Wording,
  out: Words,
  path: GrantPath,
  u: number,
  p: number,
  t: number,
  record: number,
  owner: number,
  bu: number,
): number {
  const role = path.role !== undefined ? c.index.role.get(key(path.role))! : -1;
  const team = path.team !== undefined ? c.index.team.get(key(path.team))! : -1;
  const depth = path.depth ? DEPTH_NAMES.indexOf(path.depth) : 0;
  if (path.kind === 'share') {
    const s = path.share!;
    const principal =
      s.with === 'user' ? c.index.user.get(key(s.principal!))! : s.with === 'team' ? c.index.team.get(key(s.principal!))! : -1;
    w.share(out, s.with, principal, record, p, t, path.rule !== R.officeCollaborator);
    return w.shareVia(s.with, principal);
  }
  if (path.kind === 'hierarchy') {
    const h = path.hierarchy!;
    const of = c.index.user.get(key(h.of))!;
    w.hierarchy(out, u, of, h.level, role, team, depth, p, t);
    return w.hierarchyVia(of, h.level);
  }
  const hb = path.businessUnit !== undefined ? c.index.bu.get(key(path.businessUnit))! : -1;
  w.sentence(out, PATH_KINDS.indexOf(path.kind), role, team, depth, p, t, bu, hb, owner, u, path.teamOnly === true, path.copy === true);
  return w.roleVia(role, team);
}
