// `rolecheck audit <export>`: checks --out and validates the export first (exit 2 and nothing written on an input
// error), computes the findings once, then runs cucumber-js in this process on the documented specification, the
// audit features and the organisation's policies, with the loaded export and its findings handed to the steps
// (src/exports/registry.ts). The summary comes from the report the formatter built. Outputs are written into a new
// folder that replaces --out as a whole only when the run completed (src/cli/output-folder.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { findings as computeFindings, type Finding } from '../exports/findings.ts';
import { environmentData, writeDataFiles } from '../exports/environment-data.ts';
import { clearAudited, registerAudited } from '../exports/registry.ts';
import type { ComplianceReport } from '../report/build.ts';
import { folderManifest, MANIFEST } from '../report/manifest.ts';
import { envelopesOf } from '../report/handoff.ts';
import type { ReviewData } from '../evidence/review.ts';
import { AUDIT_FEATURES_DIR, FEATURES_DIR } from '../paths.ts';
import { loadOrFail, sayWarnings, stderrSay } from './common.ts';
import { cucumberLogTail, featureFilesUnder, reportUri, runCucumberInProcess } from './cucumber.ts';
import { InputError } from './errors.ts';
import { isFolderOfEnvironments } from './environments.ts';
import type { LoadedExport } from '../exports/load.ts';
import { openOutputFolder } from './output-folder.ts';
import { EXIT_INCOMPLETE, incompleteness, type Incomplete } from './incomplete.ts';
import { jsonForTerminal } from './terminal.ts';

export interface AuditOptions {
  out: string;
  tags?: string;
  policies?: string;
  parallel?: string;
  shard?: string;
  failOn: 'none' | 'findings' | 'any' | 'escalation';
  json?: boolean;
  quiet?: boolean;
  /** Review options (src/review/): the approved baseline, the waiver file, the history folder. */
  baseline?: string;
  waivers?: string;
  history?: string;
  /** Seconds a step may take (cucumber's default: 5). */
  stepTimeout?: string;
  /** Solutions whose roles and tables join the export (--solution, repeatable). */
  solution?: string[];
  /** One environment of a multi-environment audit (src/cli/audit-many.ts): where to write, instead of --out. */
  into?: AuditInto;
}

/** How a multi-environment audit runs one environment: into its folder, with the loaded export handed back. */
export interface AuditInto {
  /** The environment's report folder (inside the tenant's output folder, which is switched as a whole). */
  dir: string;
  /** Called with the summary while the export is still loaded. */
  finished(summary: AuditSummary, loaded: LoadedExport): Promise<void>;
}

interface RunCounts {
  total: number;
  passed: number;
  failed: number;
  other: number;
  failedNames: string[];
}
export interface AuditSummary {
  environment: string;
  export: string;
  out: string;
  report: string;
  specification: RunCounts;
  audit: RunCounts;
  policies: RunCounts & { folder?: string };
  findings: { total: number; bySeverity: Record<string, number>; list: Finding[] };
  /** The documented rules, as the specification's scenarios left them (an environment never fails a rule). */
  rules: { total: number; passed: number; failed: number; notTested: number };
  /** Closest known phrases for every step that matched no step definition (empty when none). */
  undefinedHints: string;
  /** Why the run cannot vouch for its result (timed-out steps, skipped or unfinished work); null when complete. */
  incomplete: Incomplete | null;
  exitCode: number;
  failOn: string;
  seconds: number;
  /** With --baseline, --waivers or --history: what stays open after waivers, and the changes since the baseline. */
  review?: {
    open: import('../review/audit-review.ts').OpenCounts;
    changes: number | null;
    escalations: number | null;
    waived: number;
    expired: number;
    /** Finding id -> "waived W-001" or "waiver W-002 expired". */
    findings: Record<string, string>;
  };
}

export function parseRunOptions(opts: { parallel?: string; shard?: string; stepTimeout?: string }): void {
  if (opts.stepTimeout !== undefined && !(Number(opts.stepTimeout) > 0))
    throw new InputError(`--step-timeout: expected a number of seconds greater than 0, got "${opts.stepTimeout}"`);
  if (opts.parallel !== undefined && !/^[1-9]\d*$/.test(opts.parallel))
    throw new InputError(`--parallel: expected a positive whole number, got "${opts.parallel}"`);
  if (opts.shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(opts.shard);
    if (!m || +m[2]! < 1 || +m[1]! < 1 || +m[1]! > +m[2]!)
      throw new InputError(`--shard: expected i/n with 1 <= i <= n (e.g. 1/3), got "${opts.shard}"`);
  }
}

export async function auditCommand(folder: string, opts: AuditOptions): Promise<number> {
  const started = Date.now();
  const say = opts.quiet ? () => {} : stderrSay;
  parseRunOptions(opts);
  // A folder whose sub-folders are exports: every environment audited, with a combined summary.
  if (!opts.into && isFolderOfEnvironments(folder)) return (await import('./audit-many.ts')).auditManyCommand(folder, opts);
  const exportDir = resolve(folder);
  const solutions = (opts.solution ?? []).map((p) => resolve(p));
  let policies: string | undefined;
  if (opts.policies !== undefined) {
    policies = resolve(opts.policies);
    if (!existsSync(policies) || !statSync(policies).isDirectory())
      throw new InputError(`--policies: "${opts.policies}" is not a folder of .feature files`);
  } else if (existsSync(join(exportDir, 'policies')) && statSync(join(exportDir, 'policies')).isDirectory()) {
    policies = join(exportDir, 'policies');
  }
  // The review's files are read and validated before any work: a bad baseline or waiver file writes nothing.
  const reviewing = opts.baseline !== undefined || opts.waivers !== undefined || opts.history !== undefined;
  if (opts.failOn === 'escalation' && opts.baseline === undefined)
    throw new InputError(
      '--fail-on escalation: give the approved baseline with --baseline <baseline.json> (rolecheck baseline approve writes one)',
    );
  const review = reviewing ? await (await import('./review.ts')).prepareReviewOrFail(opts) : undefined;
  // --out is checked and locked before any work: a file, an unwritable folder or a concurrent run fails now.
  const output = opts.into
    ? intoFolder(opts.into.dir)
    : openOutputFolder(opts.out, {
        protect: [exportDir, ...(policies ? [policies] : []), ...(opts.history !== undefined ? [resolve(opts.history)] : [])],
      });
  const scratch = mkdtempSync(join(tmpdir(), 'rolecheck-'));
  const previousEnv = { ROLECHECK_EXPORT: process.env.ROLECHECK_EXPORT, ROLECHECK_STEP_TIMEOUT_MS: process.env.ROLECHECK_STEP_TIMEOUT_MS };
  const stepTimeout: Record<string, string> = opts.stepTimeout
    ? { ROLECHECK_STEP_TIMEOUT_MS: String(Math.max(1, Math.round(Number(opts.stepTimeout) * 1000))) }
    : {};
  try {
    const loaded = await loadOrFail(folder, stderrSay, opts.quiet, { solutions });
    const found = computeFindings(loaded);
    // The environment's effective access: computed once here, its data files written beside the report before the
    // run (the report lists them), its summary handed to the report (src/evidence/environment.ts).
    const environment = environmentData(loaded, solutions);
    const pop = environment.population;
    say(
      `rolecheck audit: ${environment.name} (${environment.type}${environment.dataverse ? ', Dataverse' : ', no Dataverse'}): ${pop.users} users, ${pop.teams} teams, ${pop.customRoles} custom roles, ${loaded.files.length} files; ${found.length} finding${found.length === 1 ? '' : 's'} in the export`,
    );
    await writeDataFiles(output.dir, loaded.model, environment);
    const delta = review ? review.module.deltaOf(review.inputs, loaded) : undefined;
    registerAudited(exportDir, loaded, found, environment);
    Object.assign(process.env, { ROLECHECK_EXPORT: exportDir }, stepTimeout);
    const progress = !opts.quiet && process.stderr.isTTY ? new Progress() : undefined;
    const policyFiles = policies ? featureFilesUnder(policies) : [];
    const run = await runCucumberInProcess({
      paths: [FEATURES_DIR, ...(existsSync(AUDIT_FEATURES_DIR) ? [AUDIT_FEATURES_DIR] : []), ...policyFiles],
      out: output.dir,
      scratch,
      cucumberHtml: true,
      policies: policyFiles,
      ...(opts.tags ? { tags: opts.tags } : {}),
      ...(opts.parallel ? { parallel: Number(opts.parallel) } : {}),
      ...(opts.shard ? { shard: opts.shard } : {}),
      // --parallel workers load the export themselves: they get the solutions it was read with.
      env: { ROLECHECK_EXPORT: exportDir, ...stepTimeout, ...(solutions.length ? { ROLECHECK_SOLUTIONS: JSON.stringify(solutions) } : {}) },
      ...(progress ? { onProgress: (t: string) => progress.feed(t) } : {}),
    });
    progress?.done();
    writeFileSync(join(output.dir, 'cucumber.log'), run.log);
    if (!run.finished || !run.report)
      throw new InputError(`${cucumberLogTail(run.log)}\nrolecheck: the specification could not run; nothing was written.`);
    const report = run.report;
    const hints = readIfAny(join(scratch, 'undefined-steps.txt'));
    writeFileSync(join(output.dir, 'undefined-steps.txt'), hints);
    // Every count comes from the built report: the same numbers as the HTML, the JSON, the CSV, JUnit and the workbook.
    const counts = countsOf(report);
    const incomplete = incompleteness(report, run.success);
    const t = report.totals;
    const verdictCode =
      opts.failOn === 'none'
        ? 0
        : opts.failOn === 'findings'
          ? t.findings > 0 || t.policies.failed > 0
            ? 1
            : 0
          : t.verdict === 'fail' || !run.success
            ? 1
            : 0;
    let exitCode = incomplete ? EXIT_INCOMPLETE : verdictCode;
    const reviewed = review
      ? await review.module.finishReview({
          inputs: review.inputs,
          delta,
          found,
          run: review.results(report),
          policyUris: new Set(policyFiles.map(reportUri)),
          now: new Date(),
          environment: environment.name,
          manifestSha256: '',
          inputsSha256: report.run.inputsSha256,
          policies: { total: counts.policies.total, failed: counts.policies.failed },
          exitCodeOf: (open) =>
            review.verdict(opts.failOn, open, {
              verdictCode,
              specFailed: counts.specification.failed,
              waivers: opts.waivers !== undefined,
            }),
        })
      : undefined;
    if (reviewed && !incomplete) exitCode = reviewed.exitCode;
    const summary: AuditSummary = {
      environment: environment.name,
      export: folder,
      out: opts.out,
      report: '',
      ...counts,
      undefinedHints: hints,
      incomplete,
      findings: { total: t.findings, bySeverity: { ...t.findingsBySeverity }, list: found },
      rules: { total: t.rules.total, passed: t.rules.passed, failed: t.rules.failed, notTested: t.rules['not-tested'] },
      exitCode,
      failOn: opts.failOn,
      seconds: 0,
      ...(reviewed
        ? {
            review: {
              open: reviewed.open,
              changes: reviewed.data.delta?.counts.total ?? null,
              escalations: reviewed.data.delta?.counts.escalations ?? null,
              waived: reviewed.data.counts.waived,
              expired: reviewed.data.counts.expired,
              findings: reviewed.findingMarks,
            },
          }
        : {}),
    };
    writeFileSync(
      join(output.dir, 'findings.json'),
      JSON.stringify({ environment: environment.name, findings: found, failedPolicies: counts.policies.failedNames }, null, 2) + '\n',
    );
    writeFileSync(join(output.dir, 'environment.json'), JSON.stringify(environment, null, 2) + '\n');
    if (reviewed) {
      // The review needs the run's results, so it is known only now: the report is rendered once more with it (every
      // output shows it; the counts of findings, policies and rules stay the run's), then the folder's manifest.
      await rerenderWithReview(output.dir, report, reviewed.data);
      writeFileSync(join(output.dir, 'review.json'), JSON.stringify(reviewed.data, null, 2) + '\n');
    }
    // One run per folder: the manifest lists every file the folder holds, the report's and the audit's (review.json
    // included); the history entry records the manifest's SHA-256, known only once it is written.
    writeFileSync(join(output.dir, MANIFEST), folderManifest(output.dir, report));
    if (reviewed?.entry) reviewed.entry.manifestSha256 = review!.manifestHash(output.dir);
    if (opts.into) {
      summary.report = join(output.dir, 'compliance.html');
      await opts.into.finished(summary, loaded);
      return exitCode;
    }
    output.commit();
    if (reviewed?.entry) review!.module.writeHistoryEntry(opts.history!, reviewed.entry);
    const rel = relative(process.cwd(), join(output.target, 'compliance.html'));
    summary.report = rel && !rel.startsWith('..') ? rel : join(output.target, 'compliance.html');
    summary.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (opts.json) process.stdout.write(jsonForTerminal(JSON.stringify(summary, null, 2)) + '\n');
    if (reviewed) sayWarnings(reviewed.warnings, say);
    const lines = summaryLines(summary, policies);
    if (reviewed)
      lines.splice(
        lines.findIndex((l) => l.startsWith('  report ')),
        0,
        ...reviewed.lines,
      );
    for (const line of lines) say(line);
    // An incomplete run is never silent, not even with --quiet.
    if (opts.quiet && incomplete) stderrSay(incompleteLine(incomplete));
    return exitCode;
  } finally {
    output.abandon();
    rmSync(scratch, { recursive: true, force: true });
    clearAudited();
    for (const [k, v] of Object.entries(previousEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** An environment of a multi-environment audit writes into its folder of the tenant's output, which that run switches. */
function intoFolder(dir: string): { dir: string; target: string; commit(): void; abandon(): void } {
  mkdirSync(dir, { recursive: true });
  return { dir, target: dir, commit() {}, abandon() {} };
}

const readIfAny = (p: string): string => (existsSync(p) ? readFileSync(p, 'utf8') : '');

/** Every output of the report again, with its review (render is pure); the manifest is the folder's, written after. */
async function rerenderWithReview(dir: string, report: ComplianceReport, data: ReviewData): Promise<void> {
  const envelopes = envelopesOf(report);
  if (!envelopes) throw new Error('the report was handed over without its messages: it cannot be rendered with the review');
  const [{ renderOutputs }, { reportReview }, { writeSetAtomically }] = await Promise.all([
    import('../report/render.ts'),
    import('../report/review.ts'),
    import('../report/write.ts'),
  ]);
  report.review = reportReview(data, process.cwd());
  const files = await renderOutputs(report, envelopes);
  files.delete(MANIFEST);
  writeSetAtomically(dir, files);
}

/** Scenario results of the built report: the specification, the audit's checks and the policies (report.totals.groups). */
export function countsOf(report: ComplianceReport): { specification: RunCounts; audit: RunCounts; policies: RunCounts } {
  const g = report.totals.groups;
  const names = (group: string) =>
    report.scenarios
      .filter((s) => s.group === group && (s.status === 'failed' || s.status === 'ambiguous' || s.status === 'undefined'))
      .map((s) => `${s.name} (${s.uri})`);
  return {
    specification: { ...g.specification, failedNames: names('specification') },
    audit: { ...g.audit, failedNames: names('audit') },
    policies: { ...g.policy, failedNames: names('policy') },
  };
}

function incompleteLine(i: Incomplete): string {
  return `rolecheck: INCOMPLETE RUN (exit code ${EXIT_INCOMPLETE}): ${i.reasons.join('; ')}`;
}

function summaryLines(s: AuditSummary, policies?: string): string[] {
  const n = (x: RunCounts) =>
    `${x.total} scenario${x.total === 1 ? '' : 's'}: ${x.passed} passed, ${x.failed} failed${x.other ? `, ${x.other} other` : ''}`;
  const sev = Object.entries(s.findings.bySeverity)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  const lines = [
    `  documented rules  ${s.rules.total} rules: ${s.rules.passed} passed, ${s.rules.failed} failed, ${s.rules.notTested} not tested (${n(s.specification)})`,
    `  audit checks      ${n(s.audit)}: each failure is findings below`,
    `  policies          ${policies ? `${n(s.policies)} (${relative(process.cwd(), policies) || '.'})` : 'none'}`,
    ...s.policies.failedNames.map((f) => `    failed policy: ${f}`),
    ...(s.undefinedHints
      ? s.undefinedHints
          .trimEnd()
          .split('\n')
          .map((l) => (l ? `    ${l}` : ''))
      : []),
    `  findings          ${s.findings.total}${sev ? ` (${sev})` : ''}`,
    ...s.findings.list
      .slice(0, 20)
      .map(
        (f) =>
          `    ${f.id} ${f.severity.padEnd(8)} ${f.rule.padEnd(8)} ${f.location ?? ''}  ${f.principal ?? f.role ?? ''}${s.review?.findings[f.id] ? `  [${s.review.findings[f.id]}]` : ''}`,
      ),
    ...(s.findings.list.length > 20 ? [`    … ${s.findings.list.length - 20} more in findings.json`] : []),
    `  report            ${s.report}`,
    ...(s.incomplete ? [incompleteLine(s.incomplete), ...s.incomplete.scenarios.slice(0, 20).map((x) => `    ${x}`)] : []),
    `rolecheck: ${s.incomplete ? 'INCOMPLETE' : s.exitCode === 0 ? 'done' : 'not compliant'} in ${s.seconds} s, exit code ${s.exitCode} (--fail-on ${s.failOn})`,
  ];
  return lines;
}

class Progress {
  private steps = 0;
  private failed = 0;
  private frame = 0;
  private last = 0;
  private finished = false;
  /** The progress formatter prints one character per step on one line, then the summary after a line break. */
  feed(chunk: string): void {
    if (this.finished) return;
    for (const ch of chunk) {
      if (ch === '\n') {
        this.finished = true;
        break;
      }
      if (ch === '.' || ch === '-' || ch === 'U' || ch === '?' || ch === 'P') this.steps++;
      else if (ch === 'F') {
        this.steps++;
        this.failed++;
      }
    }
    const now = Date.now();
    if (now - this.last < 80) return;
    this.last = now;
    process.stderr.write(
      `\r${'|/-\\'[this.frame++ % 4]} running the specification: ${this.steps} steps${this.failed ? `, ${this.failed} failed` : ''}   `,
    );
  }
  done(): void {
    process.stderr.write('\r\x1b[K');
  }
}
