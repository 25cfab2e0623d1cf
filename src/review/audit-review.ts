// The review part of `rolecheck audit` (--baseline, --waivers, --history, --fail-on escalation), in three calls:
// prepareReview before anything runs (a bad baseline or waiver file stops the audit: exit 2, nothing written),
// deltaOf once the export is loaded, and finishReview after the specification ran: which items are waived, the
// verdict counts, review.json's data, the history entry, and the lines of the summary.
import { ruleById } from '../catalog/rules.ts';
import type { ReviewData, ReviewDeltaItem, ReviewSheet } from '../evidence/review.ts';
import { REVIEW_DATA_VERSION, SIGNOFF_FIELDS, TREND_FIELDS, WAIVER_FIELDS } from '../evidence/review.ts';
import type { Finding } from '../exports/findings.ts';
import type { LoadedExport } from '../exports/load.ts';
import { compareSeverity, countBySeverity, isSeverity, severityOfTags, type Problem } from '../vocabulary/index.ts';
import { readBaseline } from './baseline-file.ts';
import { DataFileError } from './data-file.ts';
import { diffSnapshots, type AccessDelta, type DeltaItem } from './delta.ts';
import { condense } from './delta-text.ts';
import { readHistory, trendOf, writeHistoryEntry, HISTORY_FORMAT, type HistoryEntry } from './history.ts';
import { snapshotOf, type AccessSnapshot } from './snapshot.ts';
import { applyWaivers, readWaivers, severityOf, utcDay, type WaivableItem, type WaiverFile, type WaiverOutcome } from './waivers.ts';
import { basename } from 'node:path';

export interface ReviewOptions {
  baseline?: string;
  waivers?: string;
  history?: string;
}
export interface ReviewInputs {
  baseline?: { file: string; snapshot: AccessSnapshot };
  waivers?: WaiverFile;
  history?: string;
}

/** Reads and validates the baseline and the waiver file, before any work. Throws DataFileError. */
export async function prepareReview(opts: ReviewOptions): Promise<ReviewInputs> {
  const out: ReviewInputs = {};
  // Both files are read even when the first is bad: every problem of every file in one run.
  const [b, w] = await Promise.allSettled([
    opts.baseline !== undefined ? readBaseline(opts.baseline) : Promise.resolve(undefined),
    opts.waivers !== undefined ? readWaivers(opts.waivers) : Promise.resolve(undefined),
  ]);
  const errors = [b, w].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
  if (errors.length) {
    if (errors.every((e) => e instanceof DataFileError)) throw new DataFileError(errors.flatMap((e) => (e as DataFileError).problems));
    throw errors[0];
  }
  if (b.status === 'fulfilled' && b.value) out.baseline = { file: opts.baseline!, snapshot: b.value };
  if (w.status === 'fulfilled' && w.value) out.waivers = w.value;
  if (opts.history !== undefined) out.history = opts.history;
  return out;
}

/** The changes from the baseline to the loaded export. */
export function deltaOf(inputs: ReviewInputs, loaded: LoadedExport): AccessDelta | undefined {
  if (!inputs.baseline) return undefined;
  const s = inputs.baseline.snapshot;
  return diffSnapshots(
    s,
    snapshotOf(loaded),
    {
      label: basename(inputs.baseline.file),
      environment: s.environment.name,
      kind: 'baseline',
      ...(s.approvedUtc ? { approvedUtc: s.approvedUtc } : {}),
    },
    { label: basename(loaded.folder), environment: loaded.model.compiled.name, kind: 'export' },
  );
}

/** What the review reads of the run's report: scenarios, the findings they attached, the matrix cells. */
export interface RunResults {
  scenarios: Array<{ id: string; uri: string; name: string; status: string; tags: string[] }>;
  findings: Array<{ id: string; rule: string; severity: string; principal?: string; role?: string; message: string; scenario: string }>;
  cells: Array<{ id: string; role: string; resource: string; status: string; rules: string[] }>;
}

const FAILED = new Set(['failed', 'undefined', 'ambiguous']);
/** A finding's key that does not depend on its position in the export (F003 may become F004). */
export const findingKey = (f: Pick<Finding, 'rule' | 'kind' | 'principal' | 'role'>): string =>
  [f.rule, f.kind, f.principal ?? '', f.role ?? ''].join('|');

/** Every item a waiver may waive, with the fields its selectors compare. */
export function reviewItems(
  found: readonly Finding[],
  run: RunResults,
  policyUris: ReadonlySet<string>,
  delta?: AccessDelta,
): { items: WaivableItem[]; policyOf: Map<string, string[]> } {
  const items: WaivableItem[] = [];
  for (const f of found) {
    items.push({
      source: 'finding',
      id: f.id,
      severity: isSeverity(f.severity) ? f.severity : 'medium',
      text: f.message,
      fields: {
        item: f.id,
        findingKind: f.kind,
        rule: f.rule,
        ...(f.principal
          ? { principal: f.principal, ...(f.principal.startsWith('team ') ? { team: f.principal.slice(5) } : { user: f.principal }) }
          : {}),
        ...(f.role ? { role: f.role } : {}),
      },
    });
  }
  // Failed policies: one item per violation the scenario reported, else one for the scenario.
  const policyOf = new Map<string, string[]>();
  for (const sc of run.scenarios) {
    if (!policyUris.has(sc.uri) || !FAILED.has(sc.status)) continue;
    const rules = sc.tags.map((t) => /^@([A-Za-z]+-\d{3})$/.exec(t)?.[1]).filter((x): x is string => !!x);
    const tagged = severityOfTags(sc.tags);
    const ids: string[] = [];
    for (const v of run.findings.filter((x) => x.scenario === sc.id)) {
      ids.push(v.id);
      items.push({
        source: 'policy',
        id: v.id,
        severity: isSeverity(v.severity) ? v.severity : 'high',
        text: v.message,
        fields: {
          item: v.id,
          rule: v.rule,
          ...(v.principal ? { principal: v.principal, user: v.principal } : {}),
          ...(v.role ? { role: v.role } : {}),
        },
      });
    }
    if (!ids.length) {
      const id = `${rules[0] ?? 'POLICY'}:${sc.name}`;
      ids.push(id);
      items.push({
        source: 'policy',
        id,
        severity: tagged && isSeverity(tagged) ? tagged : 'high',
        text: `Policy "${sc.name}" failed (${sc.uri}).`,
        fields: { item: id, rule: rules },
      });
    }
    policyOf.set(sc.id, ids);
  }
  for (const c of run.cells) {
    if (c.status !== 'fail') continue;
    items.push({
      source: 'cell',
      id: c.id,
      severity: severityOf(c.rules.map((r) => ruleById(r)?.severity)),
      text: `Matrix cell ${c.role} × ${c.resource} failed.`,
      fields: { item: c.id, role: c.role, resource: c.resource, rule: c.rules },
    });
  }
  for (const d of delta?.items ?? []) {
    if (!d.escalation) continue;
    const cited = (d.privileged ?? []).map((p) => /\(([A-Z]+-\d{3})\)$/.exec(p)?.[1]).filter((x): x is string => !!x);
    items.push({
      source: 'delta',
      id: d.id,
      severity: cited.length ? severityOf(cited.map((r) => ruleById(r)?.severity)) : 'medium',
      text: d.text,
      fields: {
        item: d.id,
        delta: d.kind,
        ...(d.user ? { user: d.user, principal: d.user } : d.team ? { principal: `team ${d.team}` } : {}),
        ...(d.team ? { team: d.team } : {}),
        ...(d.role ? { role: d.role } : {}),
        ...(d.table ? { table: d.table } : {}),
        ...(d.privilege ? { privilege: d.privilege } : {}),
      },
    });
  }
  return { items, policyOf };
}

export interface OpenCounts {
  findings: number;
  policies: number;
  cells: number;
  escalations: number;
}

export interface FinishArgs {
  inputs: ReviewInputs;
  delta: AccessDelta | undefined;
  found: readonly Finding[];
  run: RunResults;
  policyUris: ReadonlySet<string>;
  now: Date;
  environment: string;
  manifestSha256: string;
  inputsSha256: string;
  policies: { total: number; failed: number };
  /** Computes the exit code from the open counts (audit.ts keeps the --fail-on rules). */
  exitCodeOf: (open: OpenCounts) => number;
}

export interface ReviewOutcome {
  data: ReviewData;
  open: OpenCounts;
  exitCode: number;
  entry: HistoryEntry | null;
  lines: string[];
  warnings: Problem[];
  /** Finding id -> "waived W-001" or "waiver W-002 expired", for the summary's finding lines. */
  findingMarks: Record<string, string>;
}

export async function finishReview(a: FinishArgs): Promise<ReviewOutcome> {
  const today = utcDay(a.now);
  const { items, policyOf } = reviewItems(a.found, a.run, a.policyUris, a.delta);
  const outcome: WaiverOutcome = applyWaivers(a.inputs.waivers?.waivers ?? [], items, today);
  const state = new Map(outcome.items.map((s) => [s.item.id, s]));
  const failing = (id: string) => state.get(id)?.status !== 'waived';
  const open: OpenCounts = {
    findings: a.found.filter((f) => failing(f.id)).length,
    policies: [...policyOf.values()].filter((ids) => ids.some(failing)).length,
    cells: items.filter((i) => i.source === 'cell' && failing(i.id)).length,
    escalations: (a.delta?.items ?? []).filter((d) => d.escalation && failing(d.id)).length,
  };
  const exitCode = a.exitCodeOf(open);

  const findingStates = outcome.items.filter((s) => s.item.source === 'finding');
  const entry: HistoryEntry | null =
    a.inputs.history === undefined
      ? null
      : {
          format: HISTORY_FORMAT,
          version: 1,
          timeUtc: a.now.toISOString(),
          environment: a.environment,
          exitCode,
          manifestSha256: a.manifestSha256,
          inputsSha256: a.inputsSha256,
          findings: {
            total: a.found.length,
            open: open.findings,
            waived: findingStates.filter((s) => s.status === 'waived').length,
            expired: findingStates.filter((s) => s.status === 'expired').length,
            bySeverity: countBySeverity(a.found),
          },
          findingKeys: [...new Set(a.found.map(findingKey))].sort(),
          policies: a.policies,
          delta: a.delta ? { total: a.delta.counts.total, escalations: a.delta.counts.escalations, open: open.escalations } : null,
          waivers: a.inputs.waivers ? countWaivers(outcome) : null,
        };
  const warnings: Problem[] = [];
  let history: ReviewData['history'] = null;
  if (a.inputs.history !== undefined) {
    const read = await readHistory(a.inputs.history);
    warnings.push(...read.warnings);
    const entries = [...read.entries, entry!];
    history = { dir: a.inputs.history, runs: entries.length, trend: trendOf(entries) };
  }

  const deltaItems: ReviewDeltaItem[] = (a.delta?.items ?? []).map((d) => withState(d, state.get(d.id)));
  const data: ReviewData = {
    version: REVIEW_DATA_VERSION,
    today,
    baseline: a.inputs.baseline
      ? {
          file: a.inputs.baseline.file,
          environment: a.inputs.baseline.snapshot.environment.name,
          ...(a.inputs.baseline.snapshot.approvedUtc ? { approvedUtc: a.inputs.baseline.snapshot.approvedUtc } : {}),
          ...(a.inputs.baseline.snapshot.approval?.approver ? { approver: a.inputs.baseline.snapshot.approval.approver } : {}),
          ...(a.inputs.baseline.snapshot.approval?.note ? { note: a.inputs.baseline.snapshot.approval.note } : {}),
        }
      : null,
    delta: a.delta
      ? {
          from: a.delta.from,
          to: a.delta.to,
          counts: {
            total: a.delta.counts.total,
            escalations: a.delta.counts.escalations,
            openEscalations: open.escalations,
            byKind: { ...a.delta.counts.byKind } as Record<string, number>,
          },
          items: deltaItems,
        }
      : null,
    waivers: a.inputs.waivers
      ? {
          file: a.inputs.waivers.file,
          counts: { ...countWaivers(outcome), refused: outcome.waivers.reduce((n, w) => n + w.refused.length, 0) },
          list: outcome.waivers.map((w) => ({
            id: w.waiver.id,
            status: w.status,
            waives: { ...w.waiver.waives } as Record<string, string>,
            justification: w.waiver.justification,
            author: w.waiver.author,
            approver: w.waiver.approver,
            ticket: w.waiver.ticket,
            expires: w.waiver.expires,
            daysLeft: w.daysLeft,
            critical: w.waiver.critical === true,
            ...(w.waiver.location ? { location: w.waiver.location } : {}),
            matches: w.matches,
            refused: w.refused,
          })),
        }
      : null,
    items: outcome.items
      .map((s) => ({
        source: s.item.source,
        id: s.item.id,
        severity: s.item.severity,
        text: s.item.text,
        status: s.status,
        ...(s.waiver ? { waiver: s.waiver } : {}),
        ...(s.expires ? { expires: s.expires } : {}),
        notes: s.notes,
      }))
      .sort(
        (x, y) =>
          compareSeverity(x.severity, y.severity) ||
          (x.source < y.source ? -1 : x.source > y.source ? 1 : 0) ||
          (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
      ),
    counts: {
      items: items.length,
      open: outcome.items.filter((s) => s.status === 'open').length,
      waived: outcome.items.filter((s) => s.status === 'waived').length,
      expired: outcome.items.filter((s) => s.status === 'expired').length,
    },
    signoff: { state: 'unsigned', manifestSha256: a.manifestSha256, records: [], fileProblems: [] },
    history,
    sheets: [],
  };
  data.sheets = reviewSheets(data);
  const findingMarks: Record<string, string> = {};
  for (const st of findingStates)
    if (st.waiver) findingMarks[st.item.id] = st.status === 'waived' ? `waived ${st.waiver}` : `waiver ${st.waiver} expired`;
  return { data, open, exitCode, entry, lines: summaryLines(data, outcome), warnings, findingMarks };
}

function withState(d: DeltaItem, s: { status: 'open' | 'waived' | 'expired'; waiver?: string } | undefined): ReviewDeltaItem {
  const out: ReviewDeltaItem = { ...d, path: [...d.path], ...(d.privileged ? { privileged: [...d.privileged] } : {}) };
  if (d.escalation && s) {
    out.status = s.status;
    if (s.waiver) out.waiver = s.waiver;
  }
  return out;
}

function countWaivers(o: WaiverOutcome): { active: number; expired: number; unused: number } {
  return {
    active: o.waivers.filter((w) => w.status === 'active').length,
    expired: o.waivers.filter((w) => w.status === 'expired').length,
    unused: o.waivers.filter((w) => w.status === 'unused').length,
  };
}

/** The review's lines of the audit summary on stderr. */
function summaryLines(d: ReviewData, o: WaiverOutcome): string[] {
  const lines: string[] = [];
  const ESCALATIONS_SHOWN = 20;
  if (d.delta) {
    const c = d.delta.counts;
    lines.push(
      `  baseline          ${d.baseline!.file}${d.baseline!.approvedUtc ? ` (approved ${d.baseline!.approvedUtc})` : ''}: ${c.total} change${c.total === 1 ? '' : 's'}, ${c.escalations} escalation${c.escalations === 1 ? '' : 's'}${c.escalations ? ` (${c.openEscalations} not waived)` : ''}`,
    );
    const esc = condense(d.delta.items.filter((i) => i.escalation && i.status !== 'waived') as DeltaItem[]);
    for (const e of esc.slice(0, ESCALATIONS_SHOWN)) {
      const i = e.items[0] as ReviewDeltaItem;
      lines.push(`    + ${e.text}${i.status === 'expired' ? ` [waiver ${i.waiver} expired]` : ''}`);
      for (const p of i.path.slice(0, 4)) lines.push(`        ${p}`);
      if (i.path.length > 4) lines.push(`        … (${i.path.length - 4} more in review.json)`);
    }
    if (esc.length > ESCALATIONS_SHOWN) lines.push(`    … ${esc.length - ESCALATIONS_SHOWN} more in review.json`);
  }
  if (d.waivers) {
    const c = d.waivers.counts;
    lines.push(
      `  waivers           ${d.waivers.file}: ${c.active} active, ${c.expired} expired, ${c.unused} matching nothing; ${d.counts.waived} item${d.counts.waived === 1 ? '' : 's'} waived, ${d.counts.expired} failing again`,
    );
    for (const w of o.waivers) {
      if (w.status === 'expired')
        lines.push(
          `    ${w.waiver.id} expired on ${w.waiver.expires}${w.matches.length ? `: ${w.matches.slice(0, 5).join(', ')}${w.matches.length > 5 ? ', …' : ''} fail${w.matches.length === 1 ? 's' : ''} again` : ''} (${w.waiver.location ?? ''})`,
        );
      if (w.status === 'unused') lines.push(`    ${w.waiver.id} matches nothing (${w.waiver.location ?? ''})`);
      for (const r of w.refused) lines.push(`    ${r.reason}`);
    }
  }
  if (d.history) {
    const t = d.history.trend;
    const last = t[t.length - 1];
    const prev = t[t.length - 2];
    lines.push(
      `  history           ${d.history.dir}: run ${d.history.runs}${prev && last ? `; findings ${prev.findings} → ${last.findings} (${last.newFindings.length} new, ${last.resolvedFindings.length} resolved)` : ''}`,
    );
  }
  return lines;
}

const joined = (xs: readonly string[] | undefined): string => (xs ?? []).join(' | ');

/** The workbook's review sheets: plain rows (the workbook writer applies the formula rule to text cells). */
export function reviewSheets(d: ReviewData): ReviewSheet[] {
  const sheets: ReviewSheet[] = [];
  if (d.delta) {
    sheets.push({
      name: 'Changes',
      columns: [
        'id',
        'kind',
        'escalation',
        'status',
        'waiver',
        'user',
        'team',
        'role',
        'table',
        'privilege',
        'misc',
        'before',
        'after',
        'path',
        'privileged',
        'text',
      ],
      rows: d.delta.items.map((i) => ({
        id: i.id,
        kind: i.kind,
        escalation: i.escalation,
        status: i.status ?? '',
        waiver: i.waiver ?? '',
        user: i.user ?? '',
        team: i.team ?? '',
        role: i.role ?? '',
        table: i.table ?? '',
        privilege: i.privilege ?? '',
        misc: i.misc ?? '',
        before: i.before ?? '',
        after: i.after ?? '',
        path: joined(i.path),
        privileged: joined(i.privileged),
        text: i.text,
      })),
    });
  }
  sheets.push({
    name: 'Review items',
    columns: ['source', 'id', 'severity', 'status', 'waiver', 'expires', 'text', 'notes'],
    rows: d.items.map((i) => ({
      source: i.source,
      id: i.id,
      severity: i.severity,
      status: i.status,
      waiver: i.waiver ?? '',
      expires: i.expires ?? '',
      text: i.text,
      notes: joined(i.notes),
    })),
  });
  if (d.waivers) {
    sheets.push({
      name: 'Waivers',
      columns: [...WAIVER_FIELDS, 'location'],
      rows: d.waivers.list.map((w) => ({
        id: w.id,
        status: w.status,
        waives: Object.entries(w.waives)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        justification: w.justification,
        author: w.author,
        approver: w.approver,
        ticket: w.ticket,
        expires: w.expires,
        daysLeft: w.daysLeft,
        critical: w.critical,
        matches: w.matches.length,
        refused: w.refused.length,
        location: w.location ?? '',
      })),
    });
  }
  sheets.push({
    name: 'Sign-off',
    columns: [...SIGNOFF_FIELDS],
    rows: d.signoff.records.map((r) => ({
      reviewer: r.reviewer,
      timeUtc: r.timeUtc,
      decision: r.decision,
      note: r.note,
      matches: r.matches,
      problems: joined(r.problems),
    })),
  });
  if (d.history) {
    sheets.push({
      name: 'History',
      columns: [...TREND_FIELDS],
      rows: d.history.trend.map((t) => ({
        timeUtc: t.timeUtc,
        exitCode: t.exitCode,
        findings: t.findings,
        open: t.open,
        escalations: t.escalations ?? '',
        newFindings: joined(t.newFindings),
        resolvedFindings: joined(t.resolvedFindings),
        manifestSha256: t.manifestSha256,
      })),
    });
  }
  return sheets;
}

export { writeHistoryEntry };
