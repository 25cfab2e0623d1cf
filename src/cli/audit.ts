// `rolecheck audit <export>`: validates the export (exit 2 and nothing written on an input error), computes the
// findings, then runs cucumber-js in a child process on the documented specification, the audit features and the
// organisation's policies, with the export passed through ROLECHECK_EXPORT. Outputs are written into a temporary
// folder and moved into --out only when the run completed, so a failed run never leaves half a report.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@cucumber/messages';
import { knownPhrases } from '../authoring/phrases.ts';
import { renderHints, UndefinedStepCollector } from '../authoring/undefined-hints.ts';
import { bySeverity, findings as computeFindings, type Finding } from '../exports/findings.ts';
import { InputError, loadOrFail, stderrSay } from './common.ts';
import { cucumberBin } from './run.ts';

export interface AuditOptions {
  out: string; tags?: string; policies?: string; parallel?: string; shard?: string;
  failOn: 'none' | 'findings' | 'any'; json?: boolean; quiet?: boolean; solution?: string[];
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The audit's own features (findings, principals, custom-role matrix): outside the default cucumber paths. */
export const AUDIT_FEATURES = join(PROJECT_ROOT, 'src', 'exports', 'features');

interface RunCounts { total: number; passed: number; failed: number; other: number; failedNames: string[] }
export interface AuditSummary {
  environment: string; export: string; out: string; report: string;
  specification: RunCounts; audit: RunCounts; policies: RunCounts & { folder?: string };
  findings: { total: number; bySeverity: Record<string, number>; list: Finding[] };
  /** Closest known phrases for every step that matched no step definition (empty when none). */
  undefinedHints: string;
  exitCode: number; failOn: string; seconds: number;
}

export async function auditCommand(folder: string, opts: AuditOptions): Promise<number> {
  const started = Date.now();
  const say = opts.quiet ? () => {} : stderrSay;
  if (opts.parallel !== undefined && !/^[1-9]\d*$/.test(opts.parallel)) throw new InputError(`--parallel: expected a positive whole number, got "${opts.parallel}"`);
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard);
    if (!m || +m[2]! < 1 || +m[1]! < 1 || +m[1]! > +m[2]!) throw new InputError(`--shard: expected i/n with 1 <= i <= n (e.g. 1/3), got "${opts.shard}"`);
  }
  const exportDir = resolve(folder);
  const solutions = (opts.solution ?? []).map((p) => resolve(p));
  const loaded = await loadOrFail(folder, stderrSay, opts.quiet, { solutions: opts.solution ?? [] });
  let policies: string | undefined;
  if (opts.policies !== undefined) {
    policies = resolve(opts.policies);
    if (!existsSync(policies) || !statSync(policies).isDirectory()) throw new InputError(`--policies: "${opts.policies}" is not a folder of .feature files`);
  } else if (existsSync(join(exportDir, 'policies')) && statSync(join(exportDir, 'policies')).isDirectory()) {
    policies = join(exportDir, 'policies');
  }
  const found = computeFindings(loaded);
  const c = loaded.model.compiled;
  say(`rolecheck audit: ${c.name} (${c.type}${c.dataverse ? ', Dataverse' : ', no Dataverse'}): ${c.users.length} users, ${c.teams.length} teams, ${c.roles.filter((r) => !r.predefined).length} custom roles, ${loaded.files.length} files; ${found.length} finding${found.length === 1 ? '' : 's'} in the export`);

  const out = resolve(opts.out);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const args = ['--import', 'tsx', cucumberBin(),
      ...(existsSync(AUDIT_FEATURES) ? [AUDIT_FEATURES] : []), ...(policies ? [policies] : []),
      ...reportFormatArgs(tmp),
      ...(opts.tags ? ['--tags', opts.tags] : []),
      ...(opts.parallel ? ['--parallel', opts.parallel] : []),
      ...(opts.shard ? ['--shard', opts.shard] : [])];
    const progress = !opts.quiet && process.stderr.isTTY ? new Progress() : undefined;
    const code = await runChild(args, { ROLECHECK_EXPORT: exportDir, ROLECHECK_REPORT_DIR: tmp, ...(policies ? { ROLECHECK_POLICIES: policies } : {}), ...(solutions.length ? { ROLECHECK_SOLUTIONS: JSON.stringify(solutions) } : {}) }, join(tmp, 'cucumber.log'), progress);
    progress?.done();
    const counts = readCounts(join(tmp, 'messages.ndjson'), policies);
    if (!counts) {
      const log = existsSync(join(tmp, 'cucumber.log')) ? readFileSync(join(tmp, 'cucumber.log'), 'utf8') : '';
      // cucumber's notice about merged paths is noise here: the audit adds its features to the profile's on purpose.
      const lines = log.split('\n');
      const from = lines.findIndex((l) => l.startsWith('You have specified paths in both'));
      if (from >= 0) { const to = lines.findIndex((l, i) => i > from && l.trim().startsWith('Future result:')); lines.splice(from, (to >= 0 ? to : from) - from + 1); }
      throw new InputError(`${lines.slice(-25).join('\n').trim()}\nrolecheck: the specification could not run (cucumber exit code ${code}); nothing was written.`);
    }
    const failed = counts.specification.failed + counts.audit.failed + counts.policies.failed;
    const exitCode = opts.failOn === 'none' ? 0
      : opts.failOn === 'findings' ? (found.length > 0 || counts.policies.failed > 0 ? 1 : 0)
        : (found.length > 0 || failed > 0 || code !== 0 ? 1 : 0);
    const summary: AuditSummary = {
      environment: c.name, export: folder, out: opts.out, report: '',
      ...counts, findings: { total: found.length, bySeverity: bySeverity(found), list: found },
      exitCode, failOn: opts.failOn, seconds: 0,
    };
    writeFileSync(join(tmp, 'findings.json'), JSON.stringify({ environment: c.name, findings: found, failedPolicies: counts.policies.failedNames }, null, 2) + '\n');
    writeFileSync(join(tmp, 'environment.json'), JSON.stringify({ name: c.name, folder: exportDir, inputs: loaded.files }, null, 2) + '\n');
    moveInto(tmp, out);
    const main = ['compliance.html', 'cucumber.html'].find((f) => existsSync(join(out, f)))!;
    const rel = relative(process.cwd(), join(out, main));
    summary.report = rel && !rel.startsWith('..') ? rel : join(out, main);
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    for (const line of summaryLines(summary, policies)) say(line);
    return exitCode;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The compliance report formatter (src/report/formatter.ts, loaded by cucumber.js) writes compliance.html/.json/.csv,
 * junit.xml and messages.ndjson into `dir`; without it, cucumber's own formatters write the standard reports.
 */
function reportFormatArgs(dir: string): string[] {
  const standard = ['--format', `html:${join(dir, 'cucumber.html')}`];
  if (!existsSync(join(PROJECT_ROOT, 'src', 'report', 'formatter.ts'))) {
    return ['--format', `message:${join(dir, 'messages.ndjson')}`, '--format', `junit:${join(dir, 'junit.xml')}`, ...standard];
  }
  return [...standard, '--format-options', JSON.stringify({ rolecheck: { out: dir } })];
}

function summaryLines(s: AuditSummary, policies?: string): string[] {
  const n = (x: RunCounts) => `${x.total} scenario${x.total === 1 ? '' : 's'}: ${x.passed} passed, ${x.failed} failed${x.other ? `, ${x.other} other` : ''}`;
  const sev = Object.entries(s.findings.bySeverity).map(([k, v]) => `${v} ${k}`).join(', ');
  const lines = [
    `  documented rules  ${n(s.specification)}`,
    `  audit checks      ${n(s.audit)}`,
    `  policies          ${policies ? `${n(s.policies)} (${relative(process.cwd(), policies) || '.'})` : 'none'}`,
    ...s.policies.failedNames.map((f) => `    failed policy: ${f}`),
    ...(s.undefinedHints ? s.undefinedHints.trimEnd().split('\n').map((l) => (l ? `    ${l}` : '')) : []),
    `  findings          ${s.findings.total}${sev ? ` (${sev})` : ''}`,
    ...s.findings.list.slice(0, 20).map((f) => `    ${f.id} ${f.severity.padEnd(8)} ${f.rule.padEnd(8)} ${f.location ?? ''}  ${f.principal ?? f.role ?? ''}`),
    ...(s.findings.list.length > 20 ? [`    … ${s.findings.list.length - 20} more in findings.json`] : []),
    `  report            ${s.report}`,
    `rolecheck: ${s.exitCode === 0 ? 'done' : 'not compliant'} in ${s.seconds} s, exit code ${s.exitCode} (--fail-on ${s.failOn})`,
  ];
  return lines;
}

class Progress {
  private steps = 0; private failed = 0; private frame = 0; private last = 0; private finished = false;
  /** The progress formatter prints one character per step on one line, then the summary after a line break. */
  feed(chunk: string): void {
    if (this.finished) return;
    for (const ch of chunk) { if (ch === '\n') { this.finished = true; break; } if (ch === '.' || ch === '-' || ch === 'U' || ch === '?' || ch === 'P') this.steps++; else if (ch === 'F') { this.steps++; this.failed++; } }
    const now = Date.now();
    if (now - this.last < 80) return;
    this.last = now;
    process.stderr.write(`\r${'|/-\\'[this.frame++ % 4]} running the specification: ${this.steps} steps${this.failed ? `, ${this.failed} failed` : ''}   `);
  }
  done(): void { process.stderr.write('\r\x1b[K'); }
}

function runChild(args: string[], env: Record<string, string>, logPath: string, progress?: Progress): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => { chunks.push(d); progress?.feed(d.toString('utf8')); });
    child.stderr.on('data', (d: Buffer) => { chunks.push(d); });
    child.on('error', (e) => { chunks.push(Buffer.from(String(e))); resolvePromise(2); });
    child.on('close', (code) => { writeFileSync(logPath, Buffer.concat(chunks)); resolvePromise(code ?? 2); });
  });
}

/** Scenario results from the message stream, split into documented rules, audit checks and policies. */
function readCounts(path: string, policies?: string): { specification: RunCounts; audit: RunCounts; policies: RunCounts; undefinedHints: string } | undefined {
  if (!existsSync(path)) return undefined;
  const pickles = new Map<string, { uri: string; name: string }>();
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  const worst = new Map<string, string>();
  const finished: string[] = [];
  let runFinished = false;
  const rank = ['PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'UNKNOWN', 'FAILED'];
  const undefinedSteps = new UndefinedStepCollector();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line) continue;
    const m = JSON.parse(line) as Record<string, any>;
    undefinedSteps.update(m as Envelope);
    if (m.pickle) pickles.set(m.pickle.id, { uri: m.pickle.uri, name: m.pickle.name });
    else if (m.testCase) testCases.set(m.testCase.id, m.testCase.pickleId);
    else if (m.testCaseStarted) started.set(m.testCaseStarted.id, m.testCaseStarted.testCaseId);
    else if (m.testStepFinished) {
      const id = m.testStepFinished.testCaseStartedId; const st = m.testStepFinished.testStepResult.status as string;
      if (rank.indexOf(st) > rank.indexOf(worst.get(id) ?? 'PASSED')) worst.set(id, st);
    } else if (m.testCaseFinished) { if (!m.testCaseFinished.willBeRetried) finished.push(m.testCaseFinished.testCaseStartedId); }
    else if (m.testRunFinished) runFinished = true;
  }
  if (!runFinished) return undefined;
  const blank = (): RunCounts => ({ total: 0, passed: 0, failed: 0, other: 0, failedNames: [] });
  const known = knownPhrases(PROJECT_ROOT);
  const undefinedHints = renderHints(undefinedSteps.hints(known.phrases), known.source === 'glossary' ? 'glossary' : 'step definitions');
  const res = { specification: blank(), audit: blank(), policies: blank(), undefinedHints };
  const auditUri = relative(PROJECT_ROOT, AUDIT_FEATURES);
  const policyUri = policies ? relative(PROJECT_ROOT, policies) : undefined;
  for (const id of finished) {
    const pickle = pickles.get(testCases.get(started.get(id) ?? '') ?? '');
    if (!pickle) continue;
    const group = pickle.uri.startsWith(auditUri) ? res.audit : policyUri !== undefined && (pickle.uri.startsWith(policyUri) || resolve(PROJECT_ROOT, pickle.uri).startsWith(policies!)) ? res.policies : res.specification;
    const st = worst.get(id) ?? 'PASSED';
    group.total++;
    if (st === 'PASSED') group.passed++;
    else if (st === 'FAILED' || st === 'AMBIGUOUS' || st === 'UNDEFINED') { group.failed++; group.failedNames.push(`${pickle.name} (${pickle.uri})`); }
    else group.other++;
  }
  return res;
}

/** Moves every entry of `from` into `to`, replacing entries of the same name; other files of `to` stay. */
function moveInto(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    const target = join(to, name);
    if (existsSync(target) && statSync(target).isDirectory()) rmSync(target, { recursive: true, force: true });
    renameSync(join(from, name), target);
  }
}
