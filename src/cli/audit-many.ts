// `rolecheck audit <folder of environments>`: every environment in the folder (each sub-folder an export or a
// bundle, see environments.ts) audited in turn in this process, each into environments/<name>/ of --out, with a
// combined summary (environments.json, environments.csv, index.html) and, across environments, which roles each user
// has in every environment (user-roles.csv). --shard i/n audits every n-th environment; `rolecheck report --from
// <shard>/environments.json…` merges the shards into one tenant report (environments-merge.ts; docs/ci.md).
//
// One export is loaded at a time, and dropped before the next: memory is that of the largest environment. An input
// error in any environment stops the run before anything is written, but every other environment is still read, so
// that one run lists every problem of every export.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { LoadedExport } from '../exports/load.ts';
import {
  ENVIRONMENTS_DIR,
  tenantExitCode,
  tenantSummaryLines,
  writeTenantSummary,
  TENANT_SUMMARY_VERSION,
  type EnvironmentResult,
  type TenantSummary,
} from '../tenant/summary.ts';
import { mergeUserRoles, USER_ROLES_FILE, writeUserRoles } from '../tenant/user-roles.ts';
import { auditCommand, type AuditOptions, type AuditSummary } from './audit.ts';
import { loadOrFail, stderrSay } from './common.ts';
import { listEnvironments, shardOf, SHARED_POLICIES } from './environments.ts';
import { InputError } from './errors.ts';
import { openOutputFolder } from './output-folder.ts';
import { jsonForTerminal } from './terminal.ts';

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

export const USER_ROLES_DESCRIPTION =
  'one row per role a user holds in one environment (security roles directly or through a team, environment roles, ignored assignments), sorted by user, then environment';

/** What one environment's audit adds to the tenant summary. */
export function environmentResult(name: string, s: AuditSummary, loaded: LoadedExport): EnvironmentResult {
  const c = loaded.model.compiled;
  const strip = (x: AuditSummary['specification']) => ({
    total: x.total,
    passed: x.passed,
    failed: x.failed,
    other: x.other,
    failedNames: x.failedNames,
  });
  return {
    name,
    environment: c.name,
    type: c.type,
    dataverse: c.dataverse,
    export: s.export,
    report: `${ENVIRONMENTS_DIR}/${name}/compliance.html`,
    population: {
      users: c.users.length,
      enabledUsers: c.users.filter((u) => u.enabled).length,
      teams: c.teams.length,
      customRoles: c.roles.filter((r) => !r.predefined).length,
      businessUnits: c.buNames.length,
    },
    specification: strip(s.specification),
    audit: strip(s.audit),
    policies: strip(s.policies),
    findings: { total: s.findings.total, bySeverity: s.findings.bySeverity },
    incomplete: s.incomplete,
    exitCode: s.exitCode,
  };
}

export async function auditManyCommand(folder: string, opts: AuditOptions): Promise<number> {
  const started = Date.now();
  const say = opts.quiet ? () => {} : stderrSay;
  const root = resolve(folder);
  // A review compares one environment with its own baseline: not across a folder of environments.
  const review = (['baseline', 'waivers', 'history'] as const).filter((k) => opts[k] !== undefined);
  if (review.length || opts.failOn === 'escalation')
    throw new InputError(
      `${review.length ? review.map((k) => `--${k}`).join(', ') : '--fail-on escalation'}: an access review is of one environment (its own baseline); audit each environment's folder for its review, not a folder of environments`,
    );
  const all = listEnvironments(folder);
  const mine = opts.shard ? shardOf(all, opts.shard) : { index: 0, count: 0, names: all };
  let shared: string | undefined;
  if (opts.policies !== undefined) {
    shared = resolve(opts.policies);
    if (!isDir(shared)) throw new InputError(`--policies: "${opts.policies}" is not a folder of .feature files`);
  } else if (isDir(join(root, SHARED_POLICIES))) shared = join(root, SHARED_POLICIES);
  const output = openOutputFolder(opts.out, { protect: [root, ...(shared ? [shared] : [])] });
  const scratch = mkdtempSync(join(tmpdir(), 'rolecheck-tenant-'));
  try {
    const results: EnvironmentResult[] = [];
    const perEnvironment: string[] = [];
    const failures: string[] = [];
    for (const [k, name] of mine.names.entries()) {
      const exportFolder = join(folder, name);
      if (failures.length) {
        // An earlier environment cannot be audited, so nothing will be written: this one is only read and checked,
        // so that the run reports every problem of every export at once.
        try {
          await loadOrFail(exportFolder, stderrSay, true, { solutions: opts.solution ?? [] });
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          failures.push(e.message);
        }
        continue;
      }
      say(`rolecheck audit: environment ${k + 1} of ${mine.names.length}: ${name}`);
      // Policies: --policies for every environment; else the environment's own policies folder; else the shared one.
      const own = join(exportFolder, SHARED_POLICIES);
      const policies = opts.policies !== undefined ? shared : isDir(own) ? undefined : shared;
      const dir = join(output.dir, ENVIRONMENTS_DIR, name);
      const { shard: _shard, json: _json, ...rest } = opts;
      try {
        await auditCommand(exportFolder, {
          ...rest,
          ...(policies ? { policies } : {}),
          out: dir,
          into: {
            dir,
            finished: async (s, loaded) => {
              results.push(environmentResult(name, s, loaded));
              const file = join(scratch, `${k}.csv`);
              await writeUserRoles(file, name, loaded.model.compiled.name, loaded.model);
              perEnvironment.push(file);
            },
          },
        });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        failures.push(e.message);
      }
    }
    if (failures.length) {
      throw new InputError(
        `${failures.join('\n')}\nrolecheck: ${failures.length} of ${mine.names.length} environments in ${folder} cannot be audited; nothing was written.`,
      );
    }
    const envOrder = new Map(all.map((n, i) => [n, i] as const));
    const userRoles = await mergeUserRoles(perEnvironment, join(output.dir, USER_ROLES_FILE), envOrder, scratch);
    const summary: TenantSummary = {
      version: TENANT_SUMMARY_VERSION,
      generated: new Date().toISOString(),
      folder,
      failOn: opts.failOn,
      tags: opts.tags ?? null,
      shard: opts.shard ? { index: mine.index, count: mine.count } : null,
      all,
      environments: results,
      exitCode: tenantExitCode(results),
      userRoles: { name: USER_ROLES_FILE, ...userRoles, description: USER_ROLES_DESCRIPTION },
    };
    writeTenantSummary(output.dir, summary);
    output.commit();
    if (opts.json) process.stdout.write(jsonForTerminal(JSON.stringify(summary, null, 2)) + '\n');
    for (const line of tenantSummaryLines(summary)) say(line);
    const incomplete = results.filter((r) => r.incomplete);
    if (incomplete.length)
      stderrSay(
        `rolecheck: INCOMPLETE RUN (exit code 3): ${incomplete.map((r) => `${r.name}: ${r.incomplete!.reasons.join('; ')}`).join(' | ')}`,
      );
    say(
      `rolecheck: ${summary.exitCode === 3 ? 'INCOMPLETE' : summary.exitCode === 0 ? 'done' : 'not compliant'} in ${Math.round((Date.now() - started) / 100) / 10} s, exit code ${summary.exitCode} (--fail-on ${opts.failOn}); report ${join(opts.out, 'index.html')}`,
    );
    return summary.exitCode;
  } finally {
    output.abandon();
    rmSync(scratch, { recursive: true, force: true });
  }
}
