// The history of audits (`audit --history DIR`): each run leaves one small JSON file in DIR (counts, the stable keys
// of its findings, the size of the delta, the manifest's hash, the time), written atomically, named so that the
// files sort by time; the trend of the last runs is read back from them. DIR is the only thing to keep between runs
// (a committed folder, a CI cache): no report folder is ever copied by hand.
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../vocabulary/index.ts';
import { DataFileError, readDataFile, schemaProblems } from './data-file.ts';
import type { ReviewTrendRow } from '../evidence/review.ts';

export const HISTORY_FORMAT = 'rolecheck-history-entry';
/** Runs shown in the trend. */
export const TREND_RUNS = 10;

export interface HistoryEntry {
  format: typeof HISTORY_FORMAT;
  version: 1;
  timeUtc: string;
  environment: string;
  exitCode: number;
  manifestSha256: string;
  inputsSha256: string;
  findings: { total: number; open: number; waived: number; expired: number; bySeverity: Record<string, number> };
  /** Stable keys of the findings (rule, kind, principal, role): what is new or resolved between two runs. */
  findingKeys: string[];
  policies: { total: number; failed: number };
  /** Changes since the baseline, when the run had one. */
  delta: { total: number; escalations: number; open: number } | null;
  waivers: { active: number; expired: number; unused: number } | null;
}

/** One run in the trend: finding keys new since the run before (newFindings) and gone since it (resolvedFindings). */
export type TrendRow = ReviewTrendRow;

const ENTRY_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'timeUtc', 'environment', 'exitCode', 'manifestSha256', 'findings', 'findingKeys', 'policies'],
  properties: {
    format: { const: HISTORY_FORMAT },
    version: { const: 1 },
    timeUtc: { type: 'string' },
    environment: { type: 'string' },
    exitCode: { type: 'integer' },
    manifestSha256: { type: 'string' },
    inputsSha256: { type: 'string' },
    findings: { type: 'object', required: ['total', 'open'], properties: { total: { type: 'integer' }, open: { type: 'integer' } } },
    findingKeys: { type: 'array', items: { type: 'string' } },
    policies: { type: 'object' },
    delta: { type: ['object', 'null'] },
    waivers: { type: ['object', 'null'] },
  },
} as const;

/** The file name of an entry: its time (sortable, no colons) and the start of the manifest's hash. */
export const entryName = (e: HistoryEntry): string => `${e.timeUtc.replace(/[:.]/g, '-')}-${e.manifestSha256.slice(0, 12)}.json`;

/** Every readable entry of DIR, oldest first; an entry that cannot be read is a warning and is left out. */
export async function readHistory(dir: string): Promise<{ entries: HistoryEntry[]; warnings: Problem[] }> {
  const entries: HistoryEntry[] = [];
  const warnings: Problem[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      .sort();
  } catch {
    return { entries, warnings };
  }
  for (const n of names) {
    try {
      const parsed = await readDataFile(join(dir, n), { label: join(dir, n), json: true, maxBytes: 16 * 2 ** 20 });
      const problems = schemaProblems(parsed, ENTRY_SCHEMA);
      if (problems.length) throw new DataFileError(problems);
      entries.push(parsed.value as HistoryEntry);
    } catch (e) {
      if (!(e instanceof DataFileError)) throw e;
      warnings.push({ ...e.problems[0]!, message: `history entry left out of the trend: ${e.problems[0]!.message}` });
    }
  }
  entries.sort((a, b) => (a.timeUtc < b.timeUtc ? -1 : a.timeUtc > b.timeUtc ? 1 : 0));
  return { entries, warnings };
}

/** The trend of the last `runs` entries (this run's included), oldest first. */
export function trendOf(entries: readonly HistoryEntry[], runs = TREND_RUNS): TrendRow[] {
  const last = entries.slice(-runs - 1);
  const rows: TrendRow[] = [];
  for (let i = 0; i < last.length; i++) {
    const e = last[i]!;
    const prev = i > 0 ? last[i - 1] : undefined;
    const before = new Set(prev?.findingKeys ?? []);
    const now = new Set(e.findingKeys);
    rows.push({
      timeUtc: e.timeUtc,
      exitCode: e.exitCode,
      findings: e.findings.total,
      open: e.findings.open,
      escalations: e.delta ? e.delta.escalations : null,
      newFindings: prev ? e.findingKeys.filter((k) => !before.has(k)) : [],
      resolvedFindings: prev ? prev.findingKeys.filter((k) => !now.has(k)) : [],
      manifestSha256: e.manifestSha256,
    });
  }
  return rows.slice(-runs);
}

/** Writes an entry into DIR (made when missing), atomically. */
export function writeHistoryEntry(dir: string, e: HistoryEntry): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, entryName(e));
  const tmp = join(dir, `.${entryName(e)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, `${JSON.stringify(e, null, 2)}\n`);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return target;
}
