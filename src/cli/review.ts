// The review commands (`baseline approve`, `diff`, `waivers lint`, `signoff`, `verify`) and the audit's review
// options. Loaded only when one of them runs (src/cli/review-commands.ts registers them).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComplianceReport } from '../report/build.ts';
import * as auditReview from '../review/audit-review.ts';
import { baselineText } from '../review/baseline-file.ts';
import { DataFileError, formatDataProblems } from '../review/data-file.ts';
import { diffSnapshots } from '../review/delta.ts';
import { deltaText } from '../review/delta-text.ts';
import { DECISIONS, signFolder, verifyFolder, type SignoffDecision } from '../review/signoff.ts';
import { readSide } from '../review/sources.ts';
import { snapshotOf } from '../review/snapshot.ts';
import { readWaivers, utcDay, applyWaivers } from '../review/waivers.ts';
import { collectSolutions, loadOrFail, stderrSay, writeAtomically } from './common.ts';
import { InputError } from './errors.ts';
import { jsonForTerminal, forTerminal } from './terminal.ts';

export { collectSolutions };

/** A bad review file is an input error: every problem, then what was (not) done. */
function fail(e: unknown, what: string): never {
  if (e instanceof DataFileError) throw new InputError(`${formatDataProblems(e.problems)}\nrolecheck: ${what}`);
  throw e;
}

// ---------------------------------------------------------------------------------------------------------
// audit --baseline --waivers --history

/** What the review reads of the run's report (the one place that follows the report's shape). */
export function runResultsOf(report: ComplianceReport): auditReview.RunResults {
  return {
    scenarios: report.scenarios.map((s) => ({ id: s.id, uri: s.uri, name: s.name, status: s.status, tags: s.tags })),
    // The export's findings belong to no scenario; a policy's violations to the policy's scenario.
    findings: [
      ...report.findings.map((f) => ({
        id: f.id,
        rule: f.rule,
        severity: f.severity,
        ...(f.principal ? { principal: f.principal } : {}),
        ...(f.role ? { role: f.role } : {}),
        message: f.message,
        scenario: '',
      })),
      ...report.policies.flatMap((p) => p.violations.map((v) => ({ ...v, scenario: p.id }))),
    ],
    cells: report.matrix.cells.map((c) => ({ id: c.id, role: c.role, resource: c.resource, status: c.status, rules: c.rules })),
  };
}

export async function prepareReviewOrFail(opts: auditReview.ReviewOptions) {
  let inputs: auditReview.ReviewInputs;
  try {
    inputs = await auditReview.prepareReview(opts);
  } catch (e) {
    fail(e, 'the review files have errors; nothing was run and nothing was written.');
  }
  return {
    module: auditReview,
    inputs,
    results: (report: ComplianceReport) => runResultsOf(report),
    manifestHash: (dir: string) => {
      const p = join(dir, 'manifest.json');
      return existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : '';
    },
    /** The exit code with the review: waived items do not fail; escalations count for `escalation` and `any`. */
    verdict(failOn: string, open: auditReview.OpenCounts, run: { verdictCode: number; specFailed: number; waivers: boolean }): number {
      switch (failOn) {
        case 'none':
          return 0;
        case 'escalation':
          return open.escalations > 0 ? 1 : 0;
        case 'findings':
          return open.findings > 0 || open.policies > 0 ? 1 : 0;
        default:
          // Without waivers, `any` keeps its meaning (the report's verdict) and adds the escalations.
          if (!run.waivers) return run.verdictCode > 0 || open.escalations > 0 ? 1 : 0;
          return open.findings > 0 || open.policies > 0 || open.cells > 0 || open.escalations > 0 || run.specFailed > 0 ? 1 : 0;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// baseline approve

export async function baselineApproveCommand(
  folder: string,
  opts: { out: string; solution?: string[]; approver?: string; note?: string; quiet?: boolean },
): Promise<number> {
  const loaded = await loadOrFail(folder, stderrSay, opts.quiet, { solutions: opts.solution ?? [] });
  const snapshot = snapshotOf(loaded);
  const approval = { ...(opts.approver ? { approver: opts.approver } : {}), ...(opts.note ? { note: opts.note } : {}) };
  const text = baselineText({
    format: snapshot.format,
    version: snapshot.version,
    approvedUtc: new Date().toISOString(),
    ...(Object.keys(approval).length ? { approval } : {}),
    ...withoutHeader(snapshot),
  });
  if (existsSync(opts.out) && !(await import('node:fs')).statSync(opts.out).isFile())
    throw new InputError(`--out: ${opts.out} is not a file`);
  await writeAtomically(opts.out, async (out) => {
    out.write(text);
  });
  if (!opts.quiet) {
    const privileged = snapshot.users.filter(
      (u) => u.enabled && u.roles.some((h) => snapshot.roles.find((r) => r.role === h.role)?.privileged.length),
    ).length;
    stderrSay(
      `rolecheck baseline approve: ${snapshot.environment.name}: ${snapshot.users.length} users, ${snapshot.teams.length} teams, ${snapshot.roles.length} roles, ${snapshot.tables.length} tables of interest; ${privileged} enabled user${privileged === 1 ? '' : 's'} hold${privileged === 1 ? 's' : ''} a privileged role\n  written to ${opts.out} (commit it: the next audits compare with it through --baseline)`,
    );
  }
  return 0;
}

function withoutHeader<T extends { format: unknown; version: unknown; approvedUtc?: unknown; approval?: unknown }>(
  s: T,
): Omit<T, 'format' | 'version' | 'approvedUtc' | 'approval'> {
  const { format: _f, version: _v, approvedUtc: _a, approval: _p, ...rest } = s;
  return rest;
}

// ---------------------------------------------------------------------------------------------------------
// diff

export async function diffCommand(
  a: string,
  b: string,
  opts: { solution?: string[]; json?: boolean; failOn?: string; limit?: string },
): Promise<number> {
  const load = (folder: string, o: { solutions?: readonly string[] }) => loadOrFail(folder, stderrSay, false, o);
  const sides = await Promise.all(
    [a, b].map((p) =>
      readSide(p, load, { solutions: opts.solution ?? [] }).catch((e: unknown) =>
        fail(e, `${p} is not a readable baseline; nothing was compared.`),
      ),
    ),
  );
  const [sa, sb] = sides as [Awaited<ReturnType<typeof readSide>>, Awaited<ReturnType<typeof readSide>>];
  // Two sides with the same label (two folders named "contoso") are told apart by the paths given.
  if (sa.ref.label === sb.ref.label) {
    sa.ref.label = a;
    sb.ref.label = b;
  }
  const d = diffSnapshots(sa.snapshot, sb.snapshot, sa.ref, sb.ref);
  const limit = opts.limit !== undefined ? Number(opts.limit) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
    throw new InputError(`--limit: expected a positive whole number, got "${opts.limit}"`);
  process.stdout.write(opts.json ? `${jsonForTerminal(JSON.stringify(d, null, 2))}\n` : forTerminal(deltaText(d, limit ? { limit } : {})));
  return opts.failOn === 'escalation' && d.counts.escalations > 0 ? 1 : opts.failOn === 'change' && d.counts.total > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// waivers lint

export async function waiversLintCommand(file: string, opts: { json?: boolean }): Promise<number> {
  let w;
  try {
    w = await readWaivers(file);
  } catch (e) {
    fail(e, `${file} has errors.`);
  }
  const today = utcDay(new Date());
  const states = applyWaivers(w.waivers, [], today).waivers;
  const expired = states.filter((s) => s.waiver.expires < today);
  const soon = states.filter((s) => s.waiver.expires >= today && s.daysLeft <= 30);
  if (opts.json) {
    process.stdout.write(
      `${jsonForTerminal(JSON.stringify({ file, today, waivers: states.map((s) => ({ id: s.waiver.id, expires: s.waiver.expires, daysLeft: s.daysLeft, expired: s.waiver.expires < today, location: s.waiver.location })) }, null, 2))}\n`,
    );
  } else {
    stderrSay(
      `rolecheck waivers lint: ${file}: ${w.waivers.length} waiver${w.waivers.length === 1 ? '' : 's'}, valid; ${expired.length} expired, ${soon.length} expiring within 30 days`,
    );
    for (const s of expired) stderrSay(`  ${s.waiver.location}: ${s.waiver.id} expired on ${s.waiver.expires}: what it waives fails again`);
    for (const s of soon)
      stderrSay(
        `  ${s.waiver.location}: ${s.waiver.id} expires on ${s.waiver.expires} (${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'} left)`,
      );
  }
  return expired.length ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------------------
// signoff and verify

export async function signoffCommand(folder: string, opts: { reviewer: string; decision: string; note?: string }): Promise<number> {
  if (!(DECISIONS as readonly string[]).includes(opts.decision))
    throw new InputError(`--decision: expected ${DECISIONS.join(' or ')}, got "${opts.decision}"`);
  if (!opts.reviewer.trim()) throw new InputError("--reviewer: give the reviewer's name");
  let record;
  try {
    record = await signFolder(folder, {
      reviewer: opts.reviewer,
      decision: opts.decision as SignoffDecision,
      note: opts.note ?? '',
      now: new Date(),
    });
  } catch (e) {
    fail(e, `${folder} was not signed.`);
  }
  stderrSay(
    `rolecheck signoff: ${record.reviewer} ${record.decision === 'approve' ? 'approved' : 'rejected'} ${folder} at ${record.timeUtc}\n  bound to manifest.json SHA-256 ${record.manifestSha256} and ${record.unlisted.length} other file${record.unlisted.length === 1 ? '' : 's'}; rolecheck verify ${folder} checks it`,
  );
  return 0;
}

export async function verifyCommand(folder: string, opts: { json?: boolean }): Promise<number> {
  let v;
  try {
    v = await verifyFolder(folder);
  } catch (e) {
    fail(e, `${folder} could not be verified.`);
  }
  if (opts.json) {
    const state = {
      state: v.state,
      manifestSha256: v.manifestSha256,
      records: v.records.map((c) => ({
        reviewer: c.record.reviewer,
        timeUtc: c.record.timeUtc,
        decision: c.record.decision,
        note: c.record.note,
        matches: c.matches,
        problems: c.problems,
      })),
      fileProblems: v.fileProblems,
    };
    process.stdout.write(`${jsonForTerminal(JSON.stringify(state, null, 2))}\n`);
  } else {
    const lines = [
      `rolecheck verify: ${folder}: ${v.state === 'broken' ? 'CHANGED after it was written or signed' : v.state === 'signed' ? `every file as signed (${v.records.length} sign-off${v.records.length === 1 ? '' : 's'})` : 'every file as written; not signed'}`,
    ];
    for (const p of v.fileProblems) lines.push(`  ${p}`);
    for (const c of v.records) {
      lines.push(
        `  sign-off: ${c.record.reviewer}, ${c.record.decision}, ${c.record.timeUtc}: ${c.matches ? 'matches the evidence' : 'NO LONGER MATCHES the evidence'}`,
      );
      for (const p of c.problems) lines.push(`    ${p}`);
    }
    stderrSay(lines.join('\n'));
  }
  return v.state === 'broken' ? 1 : 0;
}
