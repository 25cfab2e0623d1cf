// The message stream of one or more cucumber runs (shards), read through @cucumber/query, as cucumber's own JUnit
// formatter reads it: one Query per run (ids are unique within a run only), the last attempt of each test case,
// its most severe step result, and the evidence its steps attached. Runs are then merged by `uri:line`.
import { Query } from '@cucumber/query';
import type { Envelope, TestStepResult } from '@cucumber/messages';
import { RULE_TAG } from '../vocabulary/index.ts';
import { EVIDENCE_MEDIA_TYPE, type Evidence } from '../evidence/evidence.ts';
import { readRunInfo, type RunInfo } from './run-info.ts';
import { cmp, sha256, uniqSorted, type ScenarioGroup, type ScenarioStatus } from './schema.ts';

export interface RunScenario {
  key: string;
  uri: string;
  line: number;
  name: string;
  tags: string[];
  rules: string[];
  group: ScenarioGroup;
  executed: boolean;
  status: ScenarioStatus;
  attempts: number;
  message?: string;
  evidence: Evidence[];
}

export interface Run {
  scenarios: RunScenario[];
  sources: Array<{ uri: string; sha256: string }>;
  started?: string;
  success: boolean | null;
  cucumber?: string;
  node?: string;
  ci?: { name: string; url: string | null; buildNumber: string | null; revision: string | null; branch: string | null };
  info?: RunInfo;
  warnings: string[];
}

const STATUS: Record<string, ScenarioStatus> = {
  PASSED: 'passed',
  FAILED: 'failed',
  PENDING: 'pending',
  UNDEFINED: 'undefined',
  AMBIGUOUS: 'ambiguous',
  SKIPPED: 'skipped',
  UNKNOWN: 'unknown',
};
// cucumber's own order of severity (@cucumber/query statusOrdinal), most severe last; not-executed below all.
const ORDER: ScenarioStatus[] = ['not-executed', 'unknown', 'passed', 'skipped', 'pending', 'undefined', 'ambiguous', 'failed'];
export const worse = (a: ScenarioStatus, b: ScenarioStatus): ScenarioStatus => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

/** The audit's own checks are tagged @audit (src/exports/features/audit.feature). */
export const AUDIT_TAG = '@audit';

/** Splits a concatenated envelope list into runs at each `meta` envelope (one per cucumber run / shard). */
export function splitRuns(envelopes: readonly Envelope[]): Envelope[][] {
  const runs: Envelope[][] = [];
  let cur: Envelope[] | undefined;
  for (const e of envelopes) {
    if (e.meta || !cur) runs.push((cur = []));
    cur.push(e);
  }
  return runs.filter((r) => r.length > 0);
}

export function relPath(p: string, cwd: string | undefined): string {
  let s = p.split('\\').join('/');
  if (cwd) {
    const c = cwd.split('\\').join('/').replace(/\/$/, '') + '/';
    if (s.startsWith(c)) s = s.slice(c.length);
  }
  if (s.startsWith('/') || /^[A-Za-z]:\//.test(s)) s = s.slice(s.lastIndexOf('/') + 1);
  return s.replace(/^\.\//, '');
}

const iso = (t: { seconds: number; nanos: number } | undefined): string | undefined =>
  t ? new Date(t.seconds * 1000 + Math.floor(t.nanos / 1e6)).toISOString() : undefined;

function firstLine(m: string | undefined, cwd: string | undefined): string | undefined {
  if (!m) return undefined;
  let first = m.split('\n').find((l) => l.trim()) ?? '';
  if (cwd) first = first.split(cwd.replace(/\/$/, '') + '/').join('');
  return first.length > 500 ? first.slice(0, 499) + '…' : first;
}

export const rulesOfTags = (tags: readonly string[]): string[] =>
  uniqSorted(tags.map((t) => RULE_TAG.exec(t)?.[1]).filter((x): x is string => !!x));

/** One run's scenarios, by pickle: executed ones with the result and evidence of their last attempt. */
export function readRun(envelopes: readonly Envelope[], cwd?: string): Run {
  const query = new Query();
  const sources: Run['sources'] = [];
  let info: RunInfo | undefined;
  for (const e of envelopes) {
    query.update(e);
    if (e.source) sources.push({ uri: relPath(e.source.uri, cwd), sha256: sha256(e.source.data) });
    info ??= readRunInfo(e);
  }
  const policies = new Set((info?.policies ?? []).map((u) => relPath(u, cwd)));
  const warnings: string[] = [];
  const byPickle = new Map<string, RunScenario>();
  for (const p of query.findAllPickles()) {
    const uri = relPath(p.uri, cwd);
    const line = query.findLocationOf(p)?.line ?? 0;
    const tags = uniqSorted(p.tags.map((t) => t.name));
    const group: ScenarioGroup = policies.has(uri) ? 'policy' : tags.includes(AUDIT_TAG) ? 'audit' : 'specification';
    byPickle.set(p.id, {
      key: `${uri}:${line}`,
      uri,
      line,
      name: p.name,
      tags,
      rules: rulesOfTags(tags),
      group,
      executed: false,
      status: 'not-executed',
      attempts: 0,
      evidence: [],
    });
  }
  // findAllTestCaseStarted leaves out attempts that will be retried: the last attempt decides.
  for (const started of query.findAllTestCaseStarted()) {
    const finished = query.findTestCaseFinishedBy(started);
    if (!finished) continue;
    const pickle = query.findPickleBy(started);
    const sc = pickle ? byPickle.get(pickle.id) : undefined;
    if (!sc) continue;
    const result: TestStepResult | undefined = query.findMostSevereTestStepResultBy(started);
    const status = result ? (STATUS[String(result.status)] ?? 'unknown') : 'passed';
    sc.executed = true;
    sc.status = status;
    sc.attempts = started.attempt + 1;
    const m = status === 'passed' || status === 'skipped' ? undefined : firstLine(result?.exception?.message ?? result?.message, cwd);
    if (m) sc.message = m;
    else delete sc.message;
    sc.evidence = [];
    for (const step of query.findTestStepsFinishedBy(started)) {
      for (const a of query.findAttachmentsBy(step)) {
        if (a.mediaType !== EVIDENCE_MEDIA_TYPE) continue;
        try {
          const body = a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
          const parsed = JSON.parse(body) as Evidence | Evidence[];
          for (const ev of Array.isArray(parsed) ? parsed : [parsed])
            if (ev && typeof ev === 'object' && typeof ev.type === 'string') sc.evidence.push(ev);
        } catch {
          warnings.push('An evidence attachment is not valid JSON and was ignored.');
        }
      }
    }
  }
  const meta = query.findMeta();
  const finished = query.findTestRunFinished();
  const started = iso(query.findTestRunStarted()?.timestamp);
  const ci = meta?.ci
    ? {
        name: meta.ci.name,
        url: meta.ci.url ?? null,
        buildNumber: meta.ci.buildNumber ?? null,
        revision: meta.ci.git?.revision ?? null,
        branch: meta.ci.git?.branch ?? null,
      }
    : undefined;
  return {
    scenarios: [...byPickle.values()],
    sources,
    ...(started ? { started } : {}),
    success: finished ? finished.success : null,
    ...(meta?.implementation?.version ? { cucumber: meta.implementation.version } : {}),
    ...(meta?.runtime?.version ? { node: meta.runtime.version } : {}),
    ...(ci ? { ci } : {}),
    ...(info ? { info } : {}),
    warnings,
  };
}

/**
 * Merges the scenarios of several runs by uri:line (ids differ between runs): an executed record beats one only
 * defined; two executions (overlapping shards) keep the worse status, with a warning.
 */
export function mergeRuns(runs: readonly Run[]): { scenarios: RunScenario[]; sources: Map<string, Set<string>>; warnings: string[] } {
  const warnings: string[] = [];
  const scenarios = new Map<string, RunScenario>();
  for (const r of runs) {
    warnings.push(...r.warnings);
    for (const s of r.scenarios) {
      const prev = scenarios.get(s.key);
      if (!prev || (!prev.executed && s.executed)) {
        scenarios.set(s.key, { ...s, evidence: [...s.evidence] });
        continue;
      }
      if (prev.executed && s.executed) {
        warnings.push(`Scenario ${s.key} ran in more than one run; the worse result is kept.`);
        if (worse(s.status, prev.status) === s.status && s.status !== prev.status)
          scenarios.set(s.key, { ...s, evidence: [...s.evidence] });
      }
    }
  }
  const sources = new Map<string, Set<string>>();
  for (const r of runs)
    for (const s of r.sources) {
      const set = sources.get(s.uri) ?? new Set<string>();
      set.add(s.sha256);
      sources.set(s.uri, set);
    }
  for (const [uri, set] of sources)
    if (set.size > 1) warnings.push(`Feature file ${uri} differs between the merged runs (${set.size} versions).`);
  for (const [i, r] of runs.entries())
    if (r.success === null) warnings.push(`Run ${i + 1} of ${runs.length} has no testRunFinished message: it did not finish.`);
  const list = [...scenarios.values()].sort((a, b) => cmp(a.uri, b.uri) || a.line - b.line || cmp(a.name, b.name));
  return { scenarios: list, sources, warnings };
}
