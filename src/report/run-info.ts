// What a message log records about its own run, beyond cucumber's messages: the shard it is (`i/n`) and the tag
// expression it was filtered by. Written by the report formatter as one attachment right after the run's `meta`
// message (an attachment of no test case: readers of the log that do not know it skip it), read by
// `rolecheck report --from` to refuse a shard given twice and to name the shards that are missing.
import type { Envelope } from '@cucumber/messages';

export const RUN_INFO_MEDIA_TYPE = 'application/vnd.rolecheck.run+json';

export interface RunInfo {
  /** `{ index, total }` of `--shard index/total`, or null for a run of every scenario. */
  shard: { index: number; total: number } | null;
  tags: string[];
  /** The feature files (report names) that hold the organisation's policies of an audit, not the specification. */
  policies?: string[];
}

export function parseShard(s: string | undefined | null): RunInfo['shard'] {
  const m = s ? /^(\d+)\/(\d+)$/.exec(s.trim()) : null;
  if (!m) return null;
  const index = Number(m[1]);
  const total = Number(m[2]);
  return index >= 1 && total >= 1 && index <= total ? { index, total } : null;
}

export function runInfoEnvelope(info: RunInfo): Envelope {
  return { attachment: { body: JSON.stringify(info), contentEncoding: 'IDENTITY', mediaType: RUN_INFO_MEDIA_TYPE } } as Envelope;
}

/** The envelopes with the run's record inserted after each `meta` that has none yet. */
export function withRunInfo(envelopes: readonly Envelope[], info: RunInfo): Envelope[] {
  const out: Envelope[] = [];
  envelopes.forEach((e, i) => {
    out.push(e);
    if (e.meta && readRunInfo(envelopes[i + 1]) === undefined) out.push(runInfoEnvelope(info));
  });
  return out;
}

/** The run record an envelope carries, if it is one. */
export function readRunInfo(e: Envelope | undefined): RunInfo | undefined {
  const a = e?.attachment;
  if (!a || a.mediaType !== RUN_INFO_MEDIA_TYPE || a.testCaseStartedId) return undefined;
  try {
    const v = JSON.parse(a.body) as Partial<RunInfo>;
    const shard = v.shard && typeof v.shard === 'object' ? parseShard(`${v.shard.index}/${v.shard.total}`) : null;
    const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((t): t is string => typeof t === 'string') : []);
    return { shard, tags: strings(v.tags), ...(Array.isArray(v.policies) ? { policies: strings(v.policies) } : {}) };
  } catch {
    return undefined;
  }
}
