// The combined summary of an audit of many environments (a tenant): per environment its population, scenario
// counts, findings by severity and exit code, and across them the exit code of the whole; written as
// environments.json (the record a merge of CI shards reads back), environments.csv and index.html (links to each
// environment's compliance.html). Each environment's own report lies in environments/<name>/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { SEVERITIES } from '../vocabulary/index.ts';
import { neutralise } from '../vocabulary/formula.mjs';
import type { FileStats } from './user-roles.ts';

const { stringify } = createRequire(import.meta.url)('csv-stringify/sync') as typeof import('csv-stringify/sync');

export const TENANT_SUMMARY_FILE = 'environments.json';
export const TENANT_SUMMARY_VERSION = 1;
/** Where each environment's report lies, relative to the tenant's output folder. */
export const ENVIRONMENTS_DIR = 'environments';

/** Why a run cannot vouch for its result (src/cli/incomplete.ts). */
export interface Incomplete {
  reasons: string[];
  scenarios: string[];
}

export interface ScenarioCounts {
  total: number;
  passed: number;
  failed: number;
  other: number;
  failedNames: string[];
}

export interface EnvironmentResult {
  /** The environment's folder name: unique in the tenant, the name of its report folder. */
  name: string;
  /** The name in its environment.csv (or environment.json of a bundle). */
  environment: string;
  type: string;
  dataverse: boolean;
  /** The export's folder, as the command was given it. */
  export: string;
  /** Its compliance.html, relative to the tenant's output folder. */
  report: string;
  population: { users: number; enabledUsers: number; teams: number; customRoles: number; businessUnits: number };
  specification: ScenarioCounts;
  audit: ScenarioCounts;
  policies: ScenarioCounts;
  findings: { total: number; bySeverity: Record<string, number> };
  incomplete: Incomplete | null;
  exitCode: number;
}

export interface TenantSummary {
  version: typeof TENANT_SUMMARY_VERSION;
  /** The one timestamp of these files. */
  generated: string;
  /** The folder of environments, as the command was given it. */
  folder: string;
  failOn: string;
  tags: string | null;
  /** The shard of the environments this run audited, or null for all of them (or a merge of every shard). */
  shard: { index: number; count: number } | null;
  /** Every environment of the tenant folder, in order (a shard audits some of them). */
  all: string[];
  environments: EnvironmentResult[];
  /** Any environment incomplete: 3; else 1 when any environment fails its --fail-on; else 0. */
  exitCode: number;
  userRoles: FileStats & { name: string; description: string };
  /** A merge of shards: the summaries it was made from, with their SHA-256. */
  mergedFrom?: Array<{ path: string; sha256: string }>;
}

/**
 * An environment's exit code under `failOn`, from its summary (as `rolecheck audit` decides it): 3 when incomplete;
 * else 1 on findings or failed policies (findings), or on those or any failed scenario (any); else 0.
 */
export function exitCodeUnder(r: EnvironmentResult, failOn: string): number {
  if (r.incomplete) return 3;
  if (failOn === 'none') return 0;
  if (failOn === 'findings') return r.findings.total > 0 || r.policies.failed > 0 ? 1 : 0;
  return r.findings.total > 0 || r.specification.failed + r.audit.failed + r.policies.failed > 0 ? 1 : 0;
}

export function tenantExitCode(results: readonly EnvironmentResult[]): number {
  if (results.some((r) => r.exitCode === 3)) return 3;
  return results.reduce((m, r) => Math.max(m, r.exitCode), 0);
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const counts = (c: ScenarioCounts) =>
  `${c.passed}/${c.total}${c.failed ? `, ${c.failed} failed` : ''}${c.other ? `, ${c.other} other` : ''}`;
const severities = (r: EnvironmentResult) =>
  SEVERITIES.filter((s) => r.findings.bySeverity[s])
    .map((s) => `${r.findings.bySeverity[s]} ${s}`)
    .join(', ');
const verdict = (code: number) => (code === 0 ? 'compliant' : code === 1 ? 'not compliant' : code === 3 ? 'INCOMPLETE' : `exit ${code}`);

/** environments.json, environments.csv and index.html of `s`, in `dir`. */
export function writeTenantSummary(dir: string, s: TenantSummary): void {
  writeFileSync(join(dir, TENANT_SUMMARY_FILE), JSON.stringify(s, null, 2) + '\n');
  const header = [
    'environment',
    'environment_name',
    'type',
    'users',
    'enabled_users',
    'teams',
    'custom_roles',
    'rules_passed',
    'rules_failed',
    'audit_passed',
    'audit_failed',
    'policies_passed',
    'policies_failed',
    'findings',
    ...SEVERITIES,
    'incomplete',
    'exit_code',
    'report',
  ];
  const rows = s.environments.map((r) =>
    [
      r.name,
      r.environment,
      r.type,
      r.population.users,
      r.population.enabledUsers,
      r.population.teams,
      r.population.customRoles,
      r.specification.passed,
      r.specification.failed,
      r.audit.passed,
      r.audit.failed,
      r.policies.passed,
      r.policies.failed,
      r.findings.total,
      ...SEVERITIES.map((k) => r.findings.bySeverity[k] ?? 0),
      r.incomplete ? r.incomplete.reasons.join('; ') : '',
      r.exitCode,
      r.report,
    ].map((x) => neutralise(String(x))),
  );
  writeFileSync(join(dir, 'environments.csv'), stringify([header, ...rows], { record_delimiter: '\r\n' }));
  const tr = s.environments
    .map(
      (r) =>
        `<tr><th scope="row"><a href="${esc(encodeURI(r.report))}">${esc(r.name)}</a></th><td>${esc(r.environment)}</td><td>${esc(r.type)}</td>` +
        `<td>${r.population.users}</td><td>${esc(counts(r.specification))}</td><td>${esc(counts(r.audit))}</td><td>${esc(counts(r.policies))}</td>` +
        `<td>${r.findings.total}${r.findings.total ? ` (${esc(severities(r))})` : ''}</td><td>${esc(verdict(r.exitCode))}${r.incomplete ? `: ${esc(r.incomplete.reasons.join('; '))}` : ''}</td></tr>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>rolecheck: ${s.environments.length} environments</title>
<style>body{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse}th,td{border:1px solid #aaa;padding:.3rem .6rem;text-align:left;vertical-align:top}thead th{background:#eee}</style>
</head><body>
<h1>Audit of ${s.environments.length} environment${s.environments.length === 1 ? '' : 's'}: ${esc(verdict(s.exitCode))}</h1>
<p>Folder <code>${esc(s.folder)}</code>${s.shard ? `, shard ${s.shard.index} of ${s.shard.count} (${s.environments.length} of ${s.all.length} environments)` : ''}; --fail-on ${esc(s.failOn)}${s.tags ? `; --tags <code>${esc(s.tags)}</code>` : ''}. Generated <time datetime="${esc(s.generated)}">${esc(s.generated)}</time>.</p>
<p>Which roles each user has, in every environment: <a href="${esc(s.userRoles.name)}">${esc(s.userRoles.name)}</a> (${s.userRoles.rows} rows, SHA-256 ${esc(s.userRoles.sha256)}).</p>
<table><thead><tr><th scope="col">environment</th><th scope="col">name</th><th scope="col">type</th><th scope="col">users</th><th scope="col">documented rules passed</th><th scope="col">audit checks passed</th><th scope="col">policies passed</th><th scope="col">findings</th><th scope="col">verdict</th></tr></thead>
<tbody>
${tr}
</tbody></table>
</body></html>
`;
  writeFileSync(join(dir, 'index.html'), html);
}

/** The terminal lines of a tenant summary. */
export function tenantSummaryLines(s: TenantSummary): string[] {
  const width = Math.max(11, ...s.environments.map((r) => r.name.length));
  const lines = s.environments.map(
    (r) =>
      `  ${r.name.padEnd(width)}  ${String(r.population.users).padStart(7)} users  rules ${counts(r.specification)}  audit ${counts(r.audit)}  policies ${counts(r.policies)}  findings ${r.findings.total}${r.findings.total ? ` (${severities(r)})` : ''}  exit ${r.exitCode}`,
  );
  return [
    `rolecheck: ${s.environments.length} environment${s.environments.length === 1 ? '' : 's'}${s.shard ? ` (shard ${s.shard.index}/${s.shard.count} of ${s.all.length})` : ''}:`,
    ...lines,
    `  user roles        ${s.userRoles.name}: ${s.userRoles.rows} rows`,
  ];
}
