// `rolecheck report --from <messages.ndjson>... [--out reports]`: rebuilds every output from saved message logs.
// Several logs (the shards of a CI matrix) are merged into one report, and a merge that would not describe one
// whole run is refused: a log given twice, a shard given twice, shards of different splits or tag filters, and
// missing shards (named) are errors, because a report of part of the scenarios would read as a report of all of
// them. Every log written by rolecheck records its shard (src/report/run-info.ts); logs that do not (written by
// plain `cucumber-js --format message:…`) are merged as they are, with a warning that nothing could be checked.
// With --environment <audit folder>, the audit's own files join the report (environment data, findings, data files,
// and review.json when the audit had a review: its review is rendered again, as the audit rendered it).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { splitRuns, type BuildContext } from './build.ts';
import { ENVIRONMENT_DATA_VERSION, type EnvironmentData } from '../evidence/environment.ts';
import { runContext } from './context.ts';
import { generate, type Generated } from './generate.ts';
import { readRunInfo, type RunInfo } from './run-info.ts';
import { writeSetAtomically } from './write.ts';
import { manifestEntry, manifestJson, MANIFEST } from './manifest.ts';
import type { ReviewData } from '../evidence/review.ts';
import { formatDataProblems } from '../review/data-file.ts';
import { reportReview } from './review.ts';
import { parseReviewJson } from './review-file.ts';

/** A log that cannot be merged (or read): the command exits with code 2 and writes nothing. */
export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

export function readMessageLog(path: string): { envelopes: Envelope[]; sha256: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MergeError(`${path}: cannot read the message log (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const envelopes: Envelope[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      envelopes.push(JSON.parse(line) as Envelope);
    } catch {
      throw new MergeError(`${path}:${i + 1}: not a JSON message; expected one cucumber message per line (messages.ndjson)`);
    }
  });
  return { envelopes, sha256: createHash('sha256').update(text).digest('hex') };
}

interface LoggedRun {
  path: string;
  info: RunInfo | undefined;
}

/** Checks that the runs of the logs add up to one whole run; returns the tags they share and any warning. */
export function checkMerge(runs: readonly LoggedRun[]): { tags: string[]; warnings: string[] } {
  const warnings: string[] = [];
  const sharded = runs.filter((r) => r.info?.shard);
  const whole = runs.filter((r) => r.info && !r.info.shard);
  const unknown = runs.filter((r) => !r.info);
  const tagsOf = (r: LoggedRun) => JSON.stringify(r.info?.tags ?? []);
  const known = runs.filter((r) => r.info);
  if (new Set(known.map(tagsOf)).size > 1) {
    throw new MergeError(
      `the message logs were run with different --tags (${known.map((r) => `${r.path}: ${r.info!.tags.join(' and ') || 'none'}`).join('; ')}); merge the shards of one run only`,
    );
  }
  if (sharded.length && whole.length) {
    throw new MergeError(
      `${whole.map((r) => r.path).join(', ')} ${whole.length === 1 ? 'is a complete run' : 'are complete runs'} (no --shard); ${whole.length === 1 ? 'it' : 'they'} cannot be merged with shards (${sharded.map((r) => r.path).join(', ')})`,
    );
  }
  if (whole.length > 1)
    throw new MergeError(
      `${whole.map((r) => r.path).join(' and ')} are complete runs of the same scenarios; merging them would count every scenario twice`,
    );
  if (sharded.length) {
    const totals = [...new Set(sharded.map((r) => r.info!.shard!.total))];
    if (totals.length > 1)
      throw new MergeError(
        `the shards come from different splits (${sharded.map((r) => `${r.path}: ${r.info!.shard!.index}/${r.info!.shard!.total}`).join(', ')}); merge the shards of one --shard i/n matrix`,
      );
    const n = totals[0]!;
    const byIndex = new Map<number, string[]>();
    for (const r of sharded) byIndex.set(r.info!.shard!.index, [...(byIndex.get(r.info!.shard!.index) ?? []), r.path]);
    const twice = [...byIndex].filter(([, ps]) => ps.length > 1);
    if (twice.length) throw new MergeError(twice.map(([i, ps]) => `shard ${i}/${n} is given twice (${ps.join(' and ')})`).join('; '));
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
    if (missing.length) {
      throw new MergeError(
        `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${n}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: a report of ${n - missing.length} of ${n} shards would leave scenarios out; give every shard's messages.ndjson`,
      );
    }
  }
  if (unknown.length)
    warnings.push(
      `${unknown.map((r) => r.path).join(', ')}: no shard recorded (not written by rolecheck); whether the logs cover every scenario once was not checked`,
    );
  return { tags: known[0]?.info?.tags ?? [], warnings };
}

/**
 * The audit's environment data and findings saved beside a report (`environment.json` and `findings.json` of an
 * audit's output folder), and its review (`review.json`) when the audit had one, for a report rebuilt from its
 * message logs. `where` is that folder or its environment.json.
 */
export function readAuditFolder(
  where: string,
): NonNullable<BuildContext['audit']> & { files: Map<string, Uint8Array>; review?: ReviewData } {
  const envFile = existsSync(where) && statSync(where).isDirectory() ? join(where, 'environment.json') : where;
  const findingsFile = join(dirname(envFile), 'findings.json');
  const read = (file: string, what: string): unknown => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new MergeError(
        `${file}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? String(e)}); expected the output folder of rolecheck audit`,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new MergeError(`${file}: not JSON; expected ${what} as rolecheck audit writes it`);
    }
  };
  const environment = read(envFile, 'the environment data') as Partial<EnvironmentData>;
  if (environment?.version !== ENVIRONMENT_DATA_VERSION || typeof environment.name !== 'string' || !Array.isArray(environment.roles)) {
    throw new MergeError(
      `${envFile}: not the environment data of rolecheck audit (expected "version": ${ENVIRONMENT_DATA_VERSION}, a name and roles)`,
    );
  }
  const f = read(findingsFile, 'the findings') as { findings?: unknown };
  if (!f || !Array.isArray(f.findings)) throw new MergeError(`${findingsFile}: expected {"findings": [...]} as rolecheck audit writes it`);
  // The audit's own files go into the rebuilt folder too (one run per folder), each checked against its SHA-256.
  const files = new Map<string, Uint8Array>([
    ['environment.json', readFileSync(envFile)],
    ['findings.json', readFileSync(findingsFile)],
  ]);
  for (const d of (environment as EnvironmentData).files ?? []) {
    const p = join(dirname(envFile), d.name);
    let body: Uint8Array;
    try {
      body = readFileSync(p);
    } catch {
      throw new MergeError(`${p}: the data file the environment data lists is missing; copy the audit's whole output folder`);
    }
    if (createHash('sha256').update(body).digest('hex') !== d.sha256)
      throw new MergeError(`${p}: its SHA-256 differs from the one environment.json records; the folder was changed after the audit`);
    files.set(d.name, body);
  }
  const review = readFolderReview(dirname(envFile));
  if (review) files.set('review.json', review.body);
  return {
    environment: environment as EnvironmentData,
    findings: f.findings as NonNullable<BuildContext['audit']>['findings'],
    files,
    ...(review ? { review: review.data } : {}),
  };
}

/**
 * The folder's review.json, checked against the SHA-256 its manifest.json records (the audit lists review.json
 * there), then against what the report needs of it; undefined when the audit had no review (neither has it).
 */
function readFolderReview(dir: string): { body: Uint8Array; data: ReviewData } | undefined {
  const file = join(dir, 'review.json');
  const manifestFile = join(dir, MANIFEST);
  let listed: { sha256?: unknown } | undefined;
  if (existsSync(manifestFile)) {
    let m: { files?: unknown };
    try {
      m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { files?: unknown };
    } catch {
      throw new MergeError(`${manifestFile}: not JSON; expected the folder's manifest as rolecheck audit writes it`);
    }
    if (!m || !Array.isArray(m.files))
      throw new MergeError(`${manifestFile}: expected {"files": [{"path", "sha256", "bytes"}, …]} as rolecheck audit writes it`);
    listed = (m.files as Array<{ path?: unknown; sha256?: unknown }>).find((x) => x && x.path === 'review.json');
  }
  if (!existsSync(file)) {
    if (listed) throw new MergeError(`${file}: manifest.json lists it, but it is missing; copy the audit's whole output folder`);
    return undefined;
  }
  if (!existsSync(manifestFile))
    throw new MergeError(`${file}: cannot be checked, ${manifestFile} is missing; copy the audit's whole output folder`);
  if (!listed) throw new MergeError(`${file}: manifest.json does not list it; it was added after the audit`);
  const body = readFileSync(file);
  if (createHash('sha256').update(body).digest('hex') !== listed.sha256)
    throw new MergeError(`${file}: its SHA-256 differs from the one manifest.json records; the folder was changed after the audit`);
  const parsed = parseReviewJson(body.toString('utf8'), file);
  if ('problems' in parsed)
    throw new MergeError(`${formatDataProblems(parsed.problems)}\n${file} is not the review data of rolecheck audit`);
  return { body, data: parsed.data };
}

/** The report of the given logs, checked to add up to one run. Writes nothing. */
export async function mergeLogs(
  from: readonly string[],
  cwd = process.cwd(),
  opts: { environment?: string } = {},
): Promise<Generated & { warnings: string[] }> {
  if (from.length === 0) throw new MergeError('give at least one message log with --from');
  const seenPath = new Map<string, string>();
  for (const p of from) {
    const prev = seenPath.get(resolve(p));
    if (prev !== undefined) throw new MergeError(`${p} is given twice (as ${prev} and ${p}); give each message log once`);
    seenPath.set(resolve(p), p);
  }
  const logs = from.map((p) => ({ path: p, ...readMessageLog(p) }));
  const bySha = new Map<string, string>();
  for (const l of logs) {
    const prev = bySha.get(l.sha256);
    if (prev !== undefined)
      throw new MergeError(`${prev} and ${l.path} are the same message log (SHA-256 ${l.sha256.slice(0, 12)}…); give each log once`);
    bySha.set(l.sha256, l.path);
  }
  const runs: LoggedRun[] = [];
  for (const l of logs) {
    const parts = splitRuns(l.envelopes).filter((r) => r[0]?.meta);
    if (parts.length === 0) throw new MergeError(`${l.path}: the log holds no cucumber run (no meta message)`);
    for (const r of parts) runs.push({ path: l.path, info: readRunInfo(r[1]) });
  }
  const { tags, warnings } = checkMerge(runs);
  const ctx = runContext([], cwd);
  // The merge of every shard is one whole run: the same filters as that run, no shard.
  ctx.filters = { tags, names: [], paths: [] };
  ctx.messageLogs = logs.map((l) => ({ path: l.path, sha256: l.sha256 }));
  const audit = opts.environment ? readAuditFolder(opts.environment) : undefined;
  if (audit) ctx.audit = { environment: audit.environment, findings: audit.findings };
  if (audit?.review) ctx.review = reportReview(audit.review, cwd);
  const g = await generate(
    logs.flatMap((l) => l.envelopes),
    ctx,
  );
  if (audit) {
    for (const [name, body] of audit.files) g.files.set(name, body);
    g.files.set(
      MANIFEST,
      manifestJson(
        g.report,
        [...g.files].filter(([name]) => name !== MANIFEST).map(([name, body]) => manifestEntry(name, body)),
      ),
    );
  }
  return { ...g, warnings };
}

/** mergeLogs, with the outputs written into `out` as a set (src/report/write.ts). */
export async function rebuild(
  from: readonly string[],
  out: string,
  cwd = process.cwd(),
  opts: { environment?: string } = {},
): Promise<Generated & { warnings: string[] }> {
  const g = await mergeLogs(from, cwd, opts);
  writeSetAtomically(out, g.files);
  return g;
}
