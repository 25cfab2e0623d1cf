// Pure: cucumber message envelopes (one list per run or shard) + the rule catalogue + what the audit hands over (its
// environment data and findings) -> the compliance report data (`compliance.json`, docs/report-schema.md). No I/O,
// no clock: whatever comes from the machine (versions, git commit, user and host, filters) is passed in
// `BuildContext`. Each section is built in its own file; everything is sorted, so the same inputs give the same
// bytes; the only time in the report is `run.timestampUtc`, taken from the messages' testRunStarted.
import type { Envelope } from '@cucumber/messages';
import { CONFLICTS } from '../catalog/rules.ts';
import type { EnvironmentData } from '../evidence/environment.ts';
import type {
  DecisionEvidence,
  EnvironmentEvidence,
  MatrixCellEvidence,
  PrivilegeCellEvidence,
  RoleResourcesEvidence,
} from '../evidence/evidence.ts';
import { buildDrift } from './drift.ts';
import { environmentFromEvidence, environmentSection } from './environment.ts';
import { buildFindings, buildPolicies, type FindingInput } from './findings.ts';
import { buildLimitations } from './limitations.ts';
import { buildMatrix, type MatrixItem, type RoleResourcesItem } from './matrix.ts';
import { buildPrivileges, type PrivilegeItem } from './privileges.ts';
import { buildRules } from './rules.ts';
import { mergeRuns, readRun, relPath, splitRuns } from './runs.ts';
import {
  cellId,
  cmp,
  SCHEMA_ID,
  SCHEMA_VERSION,
  sha256,
  uniqSorted,
  type ComplianceReport,
  type Provenance,
  type ReviewData,
  type ScenarioRecord,
} from './schema.ts';
import { buildTotals } from './totals.ts';

export * from './schema.ts';
export { splitRuns } from './runs.ts';
export { normCondition } from './matrix.ts';
export { expectedDepth, ORG_SHARED_ROWS } from './privileges.ts';

export interface BuildContext {
  rolecheckVersion?: string;
  gitCommit?: string | null;
  nodeVersion?: string;
  /** Who ran the command, on which machine (the CI run comes from cucumber's meta message). */
  ranBy?: { user: string | null; host: string | null };
  /** Tag expressions, name patterns, paths and shard the run was filtered by (the command's filters). */
  filters?: { tags?: string[]; names?: string[]; paths?: string[]; shard?: string };
  /** Relative names of the message logs a report was rebuilt from. */
  messageLogs?: Array<{ path: string; sha256: string }>;
  /** Working directory: absolute paths under it are made relative; others lose their folder. */
  cwd?: string;
  /** Used when the messages carry no testRunStarted (tests). ISO 8601 UTC. */
  fallbackTimestamp?: string;
  /** What `rolecheck audit` computed once: the environment's data and its findings. */
  audit?: { environment?: EnvironmentData; findings?: readonly FindingInput[] };
  /** The access review (review.json, its paths written the report's way: src/report/review.ts, reportReview). */
  review?: ReviewData;
}

/** Builds the report from one or more runs (shards). `runs` may also be one flat list holding several runs. */
export function buildReport(input: readonly Envelope[] | ReadonlyArray<readonly Envelope[]>, ctx: BuildContext = {}): ComplianceReport {
  const lists: Envelope[][] =
    input.length > 0 && Array.isArray(input[0])
      ? (input as ReadonlyArray<readonly Envelope[]>).flatMap((l) => splitRuns(l))
      : splitRuns(input as readonly Envelope[]);
  const runs = lists.map((l) => readRun(l, ctx.cwd));
  const { scenarios, sources, warnings } = mergeRuns(runs);

  // Evidence, by kind, with the scenario it came from.
  const matrixEv: MatrixItem[] = [];
  const roleResourceChecks: RoleResourcesItem[] = [];
  const privEv: PrivilegeItem[] = [];
  const envEv = new Map<string, EnvironmentEvidence>();
  for (const sc of scenarios) {
    for (const ev of sc.evidence) {
      if (ev.type === 'matrix-cell') matrixEv.push({ ev: ev as MatrixCellEvidence, sc });
      else if (ev.type === 'privilege-cell') privEv.push({ ev: ev as PrivilegeCellEvidence, sc });
      else if (ev.type === 'role-resources' && sc.group !== 'specification')
        roleResourceChecks.push({ ev: ev as RoleResourcesEvidence, sc });
      // The environment is the one an audit check or policy read, never a specification scenario's own example.
      else if (ev.type === 'environment' && sc.group !== 'specification') envEv.set(`${ev.name}\u0000${ev.folder}`, ev);
    }
  }

  const matrix = buildMatrix(matrixEv, warnings, ctx.audit?.environment, roleResourceChecks);
  const privileges = buildPrivileges(privEv, warnings);
  const findings = buildFindings(ctx.audit?.findings, scenarios);
  const policies = buildPolicies(scenarios);
  const rules = buildRules(scenarios, findings, warnings);
  const drift = buildDrift();
  const limitations = buildLimitations();
  const records: ScenarioRecord[] = scenarios.map((s) => ({
    id: s.key,
    uri: s.uri,
    line: s.line,
    name: s.name,
    tags: s.tags,
    rules: s.rules,
    group: s.group,
    status: s.status,
    attempts: s.attempts,
    ...(s.message ? { message: s.message } : {}),
    decisions: s.evidence
      .filter((e): e is DecisionEvidence => e.type === 'decision')
      .map((d) => ({
        question: String(d.question),
        expected: String(d.expected),
        actual: String(d.actual),
        rules: uniqSorted(d.rules ?? []),
        explanation: String(d.explanation ?? ''),
      })),
  }));

  const environment = ctx.audit?.environment
    ? environmentSection(ctx.audit.environment, ctx.cwd)
    : environmentFromEvidence(
        [...envEv.values()].sort((a, b) => cmp(a.name, b.name) || cmp(a.folder, b.folder)),
        ctx.cwd,
      );

  const inputs: ComplianceReport['run']['inputs'] = [
    ...[...sources].flatMap(([path, set]) => [...set].map((sha) => ({ kind: 'feature' as const, path, sha256: sha }))),
    ...(environment?.inputs ?? []).map((i) => ({ kind: 'environment-export' as const, path: i.path, sha256: i.sha256, rows: i.rows })),
    ...(ctx.messageLogs ?? []).map((m) => ({ kind: 'message-log' as const, path: relPath(m.path, ctx.cwd), sha256: m.sha256 })),
  ].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.path, b.path) || cmp(a.sha256, b.sha256));
  const inputsSha256 = sha256(
    inputs
      .filter((i) => i.kind !== 'message-log')
      .map((i) => `${i.sha256}  ${i.path}\n`)
      .join(''),
  );

  const partial = { matrix, privileges, rules, scenarios: records, drift, limitations };
  const totals = buildTotals(partial, scenarios, findings, runs);
  const startedAll = runs
    .map((r) => r.started)
    .filter((x): x is string => !!x)
    .sort(cmp);
  const ci = runs.find((r) => r.ci)?.ci ?? null;
  const ranBy: Provenance = { user: ctx.ranBy?.user ?? null, host: ctx.ranBy?.host ?? null, ci };
  const f = ctx.filters ?? {};
  return {
    $schema: SCHEMA_ID,
    schemaVersion: SCHEMA_VERSION,
    run: {
      timestampUtc: startedAll[0] ?? ctx.fallbackTimestamp ?? '1970-01-01T00:00:00.000Z',
      subject: environment ? { kind: 'environment', name: environment.name } : { kind: 'baseline', name: 'documented baseline' },
      rolecheckVersion: ctx.rolecheckVersion ?? null,
      gitCommit: ctx.gitCommit ?? null,
      node: ctx.nodeVersion ?? runs.find((r) => r.node)?.node ?? null,
      cucumber: runs.find((r) => r.cucumber)?.cucumber ?? null,
      ranBy,
      runs: runs.length,
      success: runs.length > 0 && runs.every((r) => r.success === true),
      filters: {
        tags: [...(f.tags ?? [])],
        names: [...(f.names ?? [])],
        paths: (f.paths ?? []).map((p) => relPath(p, ctx.cwd)),
        shard: f.shard ?? null,
      },
      inputs,
      inputsSha256,
      warnings: uniqSorted(warnings),
    },
    totals,
    environment,
    findings,
    policies,
    ...partial,
    conflicts: [...CONFLICTS]
      .sort((a, b) => cmp(a.id, b.id))
      .map((c) => ({ ...c, cellIds: c.cells.map((x) => cellId(x.role, x.resource)) })),
    review: ctx.review ?? null,
  };
}
