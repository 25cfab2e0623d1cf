// The access review in the report: compliance.json's `review` is the audit's review.json (ReviewData,
// src/evidence/review.ts) with its file paths written the report's way; this file makes that projection, the view of
// the page's section "Changes since the approved baseline", and the waiver marks that findings, policy violations
// and matrix cells carry where the page shows them. The counts are the review's own (waived, open, expired items;
// changes and escalations): the report's totals (findings, policies, rules, verdict) are never changed by a waiver.
import type { ReviewData, ReviewDeltaItem, ReviewItem } from '../evidence/review.ts';
import { condense } from '../review/delta-text.ts';
import type { DeltaItem } from '../review/delta.ts';
import { relPath } from './runs.ts';
import type { ComplianceReport } from './schema.ts';

/** The most rows of each review list the page holds; review.json, compliance.json and the workbook hold every row. */
export const REVIEW_HTML_LIMITS = { changes: 500, pathLines: 12, items: 500, waivers: 500, matches: 12, trendIds: 12 } as const;

/**
 * review.json as compliance.json holds it: the same data, with the baseline, waiver and history paths made relative
 * to the working folder (others keep their file name only), as every path of the report is.
 */
export function reportReview(data: ReviewData, cwd: string | undefined): ReviewData {
  const rel = (p: string) => relPath(p, cwd);
  const file = data.waivers?.file;
  const location = (l: string) => (file !== undefined && l.startsWith(`${file}:`) ? `${rel(file)}${l.slice(file.length)}` : rel(l));
  return {
    ...data,
    baseline: data.baseline ? { ...data.baseline, file: rel(data.baseline.file) } : null,
    waivers: data.waivers
      ? {
          ...data.waivers,
          file: rel(data.waivers.file),
          list: data.waivers.list.map((w) => (w.location !== undefined ? { ...w, location: location(w.location) } : w)),
        }
      : null,
    history: data.history ? { ...data.history, dir: rel(data.history.dir) } : null,
    sheets: data.sheets.map((s) =>
      s.columns.includes('location')
        ? {
            ...s,
            rows: s.rows.map((r) => (typeof r['location'] === 'string' && r['location'] ? { ...r, location: location(r['location']) } : r)),
          }
        : s,
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// marks

/** How an item shows its waiver: `waived W-001 until 2027-01-31` (muted), `waiver W-004 expired on 2020-01-31`, `open`. */
export interface WaiverMark {
  status: 'open' | 'waived' | 'expired';
  label: string;
  title: string;
  muted: boolean;
}

function markOf(status: ReviewItem['status'], waiver: string | undefined, expires: string | undefined): WaiverMark {
  if (status === 'waived')
    return {
      status,
      label: `waived ${waiver ?? ''} until ${expires ?? '?'}`,
      title: `Waived by ${waiver ?? '?'} until ${expires ?? '?'} (the waivers of the review)`,
      muted: true,
    };
  if (status === 'expired')
    return {
      status,
      label: `waiver ${waiver ?? ''} expired on ${expires ?? '?'}`,
      title: `Waiver ${waiver ?? '?'} expired on ${expires ?? '?'}: the item fails again`,
      muted: false,
    };
  return { status, label: 'open', title: 'Not waived', muted: false };
}

/** The mark of every item that has a waiver (waived, or failing again because it expired), by item id. */
export function waiverMarks(review: ReviewData | null): Map<string, WaiverMark> {
  const marks = new Map<string, WaiverMark>();
  for (const i of review?.items ?? []) if (i.waiver !== undefined) marks.set(i.id, markOf(i.status, i.waiver, i.expires));
  return marks;
}

interface Marked {
  id: string;
  waiver?: WaiverMark;
}
type MarkableView = {
  env: {
    findings: Marked[];
    policies: Array<{ name: string; rules: string[]; violations: Marked[]; waiver?: WaiverMark }>;
    customRows: Array<{ cells: Marked[] }>;
  } | null;
  matrixRows: Array<{ cells: Marked[] }>;
};

/** Puts each item's waiver mark on the findings, policy violations and matrix cells of the page's view. */
export function markWaived<V extends MarkableView>(view: V, review: ReviewData | null): V {
  const marks = waiverMarks(review);
  if (marks.size === 0) return view;
  // Findings and cells of the view are its own objects (marked in place: the evidence panel shares the cells); a
  // policy's violations are the report's, so they are copied.
  const mark = (x: Marked) => {
    const m = marks.get(x.id);
    if (m) x.waiver = m;
  };
  for (const f of view.env?.findings ?? []) mark(f);
  for (const p of view.env?.policies ?? []) {
    p.violations = p.violations.map((v) => {
      const m = marks.get(v.id);
      return m ? { ...v, waiver: m } : v;
    });
    // A failed policy that reported no violation is one item, named by its first rule and its name (as the review does).
    const m = p.violations.length === 0 ? marks.get(`${p.rules[0] ?? 'POLICY'}:${p.name}`) : undefined;
    if (m) p.waiver = m;
  }
  for (const row of [...view.matrixRows, ...(view.env?.customRows ?? [])]) row.cells.forEach(mark);
  return view;
}

// ---------------------------------------------------------------------------------------------------------
// the section

const SOURCE_LABEL: Record<ReviewItem['source'], string> = {
  finding: 'finding',
  policy: 'policy violation',
  cell: 'matrix cell',
  delta: 'escalation',
};
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const shortTime = (t: string) => t.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');

function daysLeftText(status: string, days: number): string {
  if (status === 'expired' || days < 0) return `expired ${plural(-days, 'day', 'days')} ago`;
  if (days === 0) return 'last day';
  return plural(days, 'day', 'days');
}

const STATUS_ORDER: Record<string, number> = { open: 0, expired: 1, waived: 2 };

/**
 * The changes as lines for a reader: escalations first, those that fail (open, waiver expired) before the waived
 * ones; the access items of one user on one table with the same path and the same waiver are one line
 * (src/review/delta-text.ts, as on stderr), each with its path and its waiver mark.
 */
export function changeLines(items: readonly ReviewDeltaItem[], expires: ReadonlyMap<string, string>) {
  const escalations = items.filter((i) => i.escalation);
  const parts = new Map<string, ReviewDeltaItem[]>();
  for (const i of escalations) {
    const k = `${i.status ?? 'open'}\u0000${i.waiver ?? ''}`;
    parts.set(k, [...(parts.get(k) ?? []), i]);
  }
  const ordered = [...parts.values()].sort((a, b) => STATUS_ORDER[a[0]!.status ?? 'open']! - STATUS_ORDER[b[0]!.status ?? 'open']!);
  const line = (e: { text: string; items: DeltaItem[] }) => {
    const d = e.items[0] as ReviewDeltaItem;
    const waiver = d.escalation ? markOf(d.status ?? 'open', d.waiver, d.waiver !== undefined ? expires.get(d.id) : undefined) : null;
    return {
      id: d.id,
      ids: e.items.map((x) => x.id),
      count: e.items.length,
      kind: d.kind,
      escalation: d.escalation,
      text: e.text,
      waiver,
      muted: waiver?.muted ?? false,
      path: d.path.slice(0, REVIEW_HTML_LIMITS.pathLines),
      morePath: Math.max(0, d.path.length - REVIEW_HTML_LIMITS.pathLines),
    };
  };
  return {
    escalations: ordered.flatMap((part) => condense(part as DeltaItem[]).map(line)),
    other: condense(items.filter((i) => !i.escalation) as DeltaItem[]).map(line),
  };
}

/** The view of the section "Changes since the approved baseline" (templates/partials/review.hbs); null without a review. */
export function reviewView(report: ComplianceReport) {
  const r = report.review;
  if (!r) return null;
  const expires = new Map(r.items.filter((i) => i.expires !== undefined).map((i) => [i.id, i.expires!]));
  const cuts: Array<{ what: string; shown: number; total: number; where: string }> = [];
  const cut = <T>(what: string, list: readonly T[], limit: number, where: string): T[] => {
    if (list.length > limit) cuts.push({ what, shown: limit, total: list.length, where });
    return list.slice(0, limit);
  };
  const lines = changeLines(r.delta?.items ?? [], expires);
  const changes = cut(
    'changes (lines)',
    [...lines.escalations, ...lines.other],
    REVIEW_HTML_LIMITS.changes,
    'review.json, compliance.json (review.delta.items) and the workbook (Changes)',
  );
  // The items a waiver names (waived, or failing again): findings, policy violations, cells and escalations alike.
  const waived = cut(
    'waived and expired items',
    r.items.filter((i) => i.waiver !== undefined),
    REVIEW_HTML_LIMITS.items,
    'review.json, review.csv and the workbook (Review items)',
  ).map((i) => ({
    source: SOURCE_LABEL[i.source],
    id: i.id,
    severity: i.severity,
    text: i.text,
    waiver: markOf(i.status, i.waiver, i.expires),
    muted: i.status === 'waived',
  }));
  const waivers = r.waivers
    ? cut('waivers', r.waivers.list, REVIEW_HTML_LIMITS.waivers, 'review.json and the workbook (Waivers)').map((w) => ({
        id: w.id,
        status: w.status,
        statusLabel: w.status === 'unused' ? 'matches nothing' : w.status,
        expires: w.expires,
        daysLeft: daysLeftText(w.status, w.daysLeft),
        author: w.author,
        approver: w.approver,
        ticket: w.ticket,
        justification: w.justification,
        critical: w.critical,
        location: w.location ?? '',
        waives: Object.entries(w.waives).map(([k, v]) => ({ k, v })),
        matchCount: w.matches.length,
        matches: w.matches.slice(0, REVIEW_HTML_LIMITS.matches),
        moreMatches: Math.max(0, w.matches.length - REVIEW_HTML_LIMITS.matches),
        refused: w.refused.map((x) => x.reason),
      }))
    : null;
  const ids = (xs: readonly string[]) => ({
    list: xs.slice(0, REVIEW_HTML_LIMITS.trendIds).join(', '),
    more: Math.max(0, xs.length - REVIEW_HTML_LIMITS.trendIds),
  });
  const trend = r.history
    ? r.history.trend.map((t, i, all) => ({
        time: shortTime(t.timeUtc),
        timeIso: t.timeUtc,
        exitCode: t.exitCode,
        findings: t.findings,
        open: t.open,
        escalations: t.escalations === null ? '—' : String(t.escalations),
        newFindings: ids(t.newFindings),
        resolvedFindings: ids(t.resolvedFindings),
        manifest: t.manifestSha256 ? t.manifestSha256.slice(0, 12) : '',
        manifestFull: t.manifestSha256,
        current: i === all.length - 1,
      }))
    : null;
  const c = r.delta?.counts;
  return {
    today: r.today,
    baseline: r.baseline ? { ...r.baseline, approved: r.baseline.approvedUtc ? shortTime(r.baseline.approvedUtc) : null } : null,
    to: r.delta?.to.label ?? null,
    counts: {
      changes: c?.total ?? null,
      escalations: c?.escalations ?? null,
      openEscalations: c?.openEscalations ?? null,
      other: c ? c.total - c.escalations : null,
      items: r.counts.items,
      open: r.counts.open,
      waived: r.counts.waived,
      expired: r.counts.expired,
    },
    changes,
    escalationsShown: changes.filter((x) => x.escalation),
    otherShown: changes.filter((x) => !x.escalation),
    waived,
    waivers,
    waiverFile: r.waivers?.file ?? null,
    waiverCounts: r.waivers?.counts ?? null,
    signoff: { ...r.signoff, unsigned: r.signoff.state === 'unsigned' },
    history: r.history ? { dir: r.history.dir, runs: r.history.runs, shown: trend!.length } : null,
    trend,
    cuts,
  };
}
