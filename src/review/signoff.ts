// Sign-off bound to the evidence. `rolecheck signoff` appends a record (reviewer, UTC time, decision, note) to the
// report folder's signoff.json, holding the SHA-256 of manifest.json (which holds the SHA-256 of every report output)
// and of every other file of the folder that the manifest does not list (findings.json, review.json, data files):
// so the record covers every byte the reviewer saw. `rolecheck verify` recomputes both, and says which file changed
// and which sign-off no longer matches. signoff.json itself is the only file outside the binding.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFileError, readDataFile, schemaProblems } from './data-file.ts';
import type { Problem } from '../vocabulary/index.ts';

export const SIGNOFF_FILE = 'signoff.json';
export const SIGNOFF_FORMAT = 'rolecheck-signoff';
export const DECISIONS = ['approve', 'reject'] as const;
export type SignoffDecision = (typeof DECISIONS)[number];

export interface FileHash {
  path: string;
  sha256: string;
}
export interface SignoffRecord {
  reviewer: string;
  timeUtc: string;
  decision: SignoffDecision;
  note: string;
  /** SHA-256 of manifest.json as it was signed. */
  manifestSha256: string;
  /** Every other file of the folder the manifest does not list, as it was signed (signoff.json excepted). */
  unlisted: FileHash[];
}
export interface SignoffFile {
  format: typeof SIGNOFF_FORMAT;
  version: 1;
  records: SignoffRecord[];
}

const SIGNOFF_SCHEMA = {
  type: 'object',
  required: ['format', 'version', 'records'],
  additionalProperties: false,
  properties: {
    format: { const: SIGNOFF_FORMAT },
    version: { const: 1 },
    records: {
      type: 'array',
      items: {
        type: 'object',
        required: ['reviewer', 'timeUtc', 'decision', 'note', 'manifestSha256', 'unlisted'],
        additionalProperties: false,
        properties: {
          reviewer: { type: 'string', pattern: '\\S' },
          timeUtc: { type: 'string' },
          decision: { enum: [...DECISIONS] },
          note: { type: 'string' },
          manifestSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          unlisted: {
            type: 'array',
            items: {
              type: 'object',
              required: ['path', 'sha256'],
              additionalProperties: false,
              properties: { path: { type: 'string' }, sha256: { type: 'string' } },
            },
          },
        },
      },
    },
  },
} as const;

const MANIFEST_SCHEMA = {
  type: 'object',
  required: ['files'],
  properties: {
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'sha256'],
        properties: { path: { type: 'string' }, sha256: { type: 'string' }, bytes: { type: 'number' } },
      },
    },
  },
} as const;

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Every regular file of a folder (recursively), relative paths with '/', sorted; rolecheck's own temporary and lock files left out. */
export function filesOf(folder: string, under = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(folder, under)).sort()) {
    if (name.startsWith('.')) continue;
    const rel = under ? `${under}/${name}` : name;
    const st = lstatSync(join(folder, rel));
    if (st.isDirectory()) out.push(...filesOf(folder, rel));
    else out.push(rel);
  }
  return out;
}

export interface ReportFolderState {
  manifestSha256: string;
  listed: Array<FileHash & { bytes?: number }>;
  /** Problems with the listed files: missing, or changed since the manifest was written. */
  problems: string[];
  unlisted: FileHash[];
}

/** Reads the manifest of a report folder and checks every file it lists. Throws DataFileError when there is no readable manifest. */
export async function readReportFolder(folder: string): Promise<ReportFolderState> {
  const manifestPath = join(folder, 'manifest.json');
  if (!existsSync(manifestPath))
    throw new DataFileError([
      {
        code: 'no-manifest',
        message: `${folder} holds no manifest.json: it is not a rolecheck report folder`,
        expected: 'the --out folder of `rolecheck audit` or `rolecheck run`',
      },
    ]);
  const parsed = await readDataFile(manifestPath, { label: join(folder, 'manifest.json'), json: true });
  const problems = schemaProblems(parsed, MANIFEST_SCHEMA);
  if (problems.length) throw new DataFileError(problems);
  const listed = (parsed.value as { files: Array<FileHash & { bytes?: number }> }).files;
  const out: string[] = [];
  for (const f of listed) {
    const p = join(folder, f.path);
    if (!existsSync(p) || !lstatSync(p).isFile()) {
      out.push(`${f.path}: listed in manifest.json but missing`);
      continue;
    }
    const body = readFileSync(p);
    if (sha256(body) !== f.sha256 || (f.bytes !== undefined && f.bytes !== body.length))
      out.push(`${f.path}: changed since the report was written (SHA-256 ${sha256(body)}, manifest.json says ${f.sha256})`);
  }
  const names = new Set(listed.map((f) => f.path));
  const unlisted = filesOf(folder)
    .filter((f) => f !== 'manifest.json' && f !== SIGNOFF_FILE && !names.has(f))
    .map((path) => ({ path, sha256: sha256(readFileSync(join(folder, path))) }));
  return { manifestSha256: sha256(readFileSync(manifestPath)), listed, problems: out, unlisted };
}

export async function readSignoffs(folder: string): Promise<SignoffRecord[]> {
  const p = join(folder, SIGNOFF_FILE);
  if (!existsSync(p)) return [];
  const parsed = await readDataFile(p, { label: p, json: true });
  const problems = schemaProblems(parsed, SIGNOFF_SCHEMA);
  if (problems.length) throw new DataFileError(problems);
  return (parsed.value as SignoffFile).records;
}

export interface RecordCheck {
  record: SignoffRecord;
  matches: boolean;
  problems: string[];
}
export interface VerifyResult {
  folder: string;
  manifestSha256: string;
  /** `unsigned`: no sign-off; `signed`: every file as listed and every sign-off matches; `broken`: something changed. */
  state: 'unsigned' | 'signed' | 'broken';
  /** Problems with the files the manifest lists (true with or without a sign-off). */
  fileProblems: string[];
  records: RecordCheck[];
  /** Files the manifest does not list (covered only by sign-off records). */
  unlisted: string[];
}

/** Checks a report folder against its manifest and every sign-off record against the folder. */
export async function verifyFolder(folder: string): Promise<VerifyResult> {
  const st = await readReportFolder(folder);
  const records = await readSignoffs(folder);
  const now = new Map(st.unlisted.map((f) => [f.path, f.sha256]));
  const checks: RecordCheck[] = records.map((r) => {
    const problems: string[] = [];
    if (r.manifestSha256 !== st.manifestSha256)
      problems.push(`manifest.json changed since this sign-off (SHA-256 ${st.manifestSha256}, signed ${r.manifestSha256})`);
    const signed = new Map(r.unlisted.map((f) => [f.path, f.sha256]));
    for (const [path, h] of signed) {
      const cur = now.get(path);
      if (cur === undefined) problems.push(`${path}: removed since this sign-off`);
      else if (cur !== h) problems.push(`${path}: changed since this sign-off (SHA-256 ${cur}, signed ${h})`);
    }
    for (const path of now.keys()) if (!signed.has(path)) problems.push(`${path}: added since this sign-off`);
    return { record: r, matches: problems.length === 0 && st.problems.length === 0, problems };
  });
  const broken = st.problems.length > 0 || checks.some((c) => !c.matches);
  return {
    folder,
    manifestSha256: st.manifestSha256,
    state: broken ? 'broken' : records.length ? 'signed' : 'unsigned',
    fileProblems: st.problems,
    records: checks,
    unlisted: st.unlisted.map((f) => f.path),
  };
}

/**
 * Appends a sign-off record. Refuses (DataFileError) a folder whose files no longer match its manifest, or whose
 * earlier sign-offs no longer match: a reviewer never signs evidence that changed after it was produced.
 */
export async function signFolder(
  folder: string,
  r: { reviewer: string; decision: SignoffDecision; note: string; now: Date },
): Promise<SignoffRecord> {
  const v = await verifyFolder(folder);
  if (v.state === 'broken') {
    const problems: Problem[] = [
      ...v.fileProblems,
      ...v.records.flatMap((c) => c.problems.map((p) => `sign-off by ${c.record.reviewer} at ${c.record.timeUtc}: ${p}`)),
    ].map((message) => ({ code: 'changed', message, expected: 'a report folder whose files are as written (rolecheck verify)' }));
    throw new DataFileError(problems);
  }
  const st = await readReportFolder(folder);
  const records = await readSignoffs(folder);
  const record: SignoffRecord = {
    reviewer: r.reviewer.trim(),
    timeUtc: r.now.toISOString(),
    decision: r.decision,
    note: r.note,
    manifestSha256: st.manifestSha256,
    unlisted: st.unlisted,
  };
  const file: SignoffFile = { format: SIGNOFF_FORMAT, version: 1, records: [...records, record] };
  const target = join(folder, SIGNOFF_FILE);
  const tmp = join(folder, `.${SIGNOFF_FILE}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return record;
}
