// `rolecheck report --from <shard>/environments.json… --out DIR`: the shards of an audit of many environments (each
// run with --shard i/n on the same folder of environments) merged into one tenant report: every environment's report
// folder copied as it is, the combined summary made again over all of them, and user-roles.csv merged (a k-way merge
// of the shards' sorted files, never held in memory). A merge that would not be one whole audit is refused, and
// nothing is written: a shard given twice, a missing shard (named), shards of different splits, folders, --fail-on
// or --tags, a shard whose files do not match its summary, or a summary of all environments mixed with shards.
// The shards run with --fail-on none (a shard's verdict covers only its environments); the merge's --fail-on decides
// each environment's exit code again from its summary, and the merge's exit code is the tenant's.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  ENVIRONMENTS_DIR,
  exitCodeUnder,
  TENANT_SUMMARY_VERSION,
  tenantExitCode,
  tenantSummaryLines,
  writeTenantSummary,
  type TenantSummary,
} from '../tenant/summary.ts';
import { mergeUserRoles, USER_ROLES_FILE } from '../tenant/user-roles.ts';
import { USER_ROLES_DESCRIPTION } from './audit-many.ts';
import { stderrSay } from './common.ts';
import { InputError } from './errors.ts';
import { openOutputFolder } from './output-folder.ts';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const fileSha = (p: string) => sha256(readFileSync(p));

function readSummary(path: string): { s: TenantSummary; sha: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(
      `${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); expected the environments.json of an audit of many environments`,
    );
  }
  let s: TenantSummary;
  try {
    s = JSON.parse(bytes.toString('utf8')) as TenantSummary;
  } catch (e) {
    throw new InputError(`${path}: not JSON (${(e as Error).message}); expected the environments.json of an audit of many environments`);
  }
  if (
    !s ||
    typeof s !== 'object' ||
    s.version !== TENANT_SUMMARY_VERSION ||
    !Array.isArray(s.environments) ||
    !Array.isArray(s.all) ||
    !s.userRoles
  ) {
    throw new InputError(
      `${path}: not the environments.json of an audit of many environments (version ${TENANT_SUMMARY_VERSION}, with environments, all and userRoles)`,
    );
  }
  return { s, sha: sha256(bytes) };
}

/** `failOn`: the merge's own --fail-on, which decides each environment's exit code again (shards run with none). */
export async function mergeEnvironmentsCommand(from: readonly string[], out: string, failOn?: string): Promise<number> {
  const shards = from.map((p) => ({ path: p, dir: dirname(resolve(p)), ...readSummary(p) }));
  const problems: string[] = [];
  const first = shards[0]!.s;
  const sameAs = (what: string, get: (s: TenantSummary) => unknown) => {
    for (const x of shards.slice(1))
      if (JSON.stringify(get(x.s)) !== JSON.stringify(get(first)))
        problems.push(`${x.path}: ${what} ${JSON.stringify(get(x.s))} differs from ${shards[0]!.path}'s ${JSON.stringify(get(first))}`);
  };
  sameAs('the environments of the folder', (s) => s.all);
  sameAs('--fail-on', (s) => s.failOn);
  sameAs('--tags', (s) => s.tags);
  sameAs('the split', (s) => s.shard?.count ?? null);
  const complete = shards.filter((x) => x.s.shard === null);
  if (complete.length && shards.length > 1)
    problems.push(
      `${complete.map((x) => x.path).join(', ')}: a summary of every environment cannot be merged with others (merge the shards of one split)`,
    );
  const count = first.shard?.count ?? 0;
  if (count > 0) {
    const byIndex = new Map<number, { path: string; sha: string }>();
    for (const x of shards) {
      if (!x.s.shard) continue;
      const other = byIndex.get(x.s.shard.index);
      if (other)
        problems.push(
          other.sha === x.sha
            ? `${x.path}: the same summary as ${other.path} (given twice)`
            : `${x.path}: shard ${x.s.shard.index}/${count} given twice (also ${other.path})`,
        );
      else byIndex.set(x.s.shard.index, x);
    }
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
    if (missing.length)
      problems.push(
        `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}: a merge of some shards would read as an audit of every environment`,
      );
  }
  // Every environment of the folder exactly once, each with its report folder, and the shards' files as recorded.
  const owner = new Map<string, { path: string; dir: string }>();
  const once = new Set<string>();
  for (const x of shards) {
    if (once.has(x.sha)) continue; // given twice: said above
    once.add(x.sha);
    for (const e of x.s.environments) {
      const o = owner.get(e.name);
      if (o) problems.push(`${x.path}: environment "${e.name}" is also in ${o.path}`);
      owner.set(e.name, x);
      if (!existsSync(join(x.dir, ENVIRONMENTS_DIR, e.name, 'compliance.html')))
        problems.push(`${x.path}: the report of environment "${e.name}" is missing (${join(x.dir, ENVIRONMENTS_DIR, e.name)})`);
    }
    const ur = join(x.dir, x.s.userRoles.name);
    if (!existsSync(ur)) problems.push(`${x.path}: ${x.s.userRoles.name} is missing beside it`);
    else if (fileSha(ur) !== x.s.userRoles.sha256)
      problems.push(`${ur}: its SHA-256 is not the one its summary records (a partial or changed copy)`);
  }
  if (!problems.length) {
    const absent = first.all.filter((n) => !owner.has(n));
    if (absent.length)
      problems.push(
        `environment${absent.length === 1 ? '' : 's'} ${absent.map((n) => `"${n}"`).join(', ')} of the folder ${absent.length === 1 ? 'is' : 'are'} in no summary`,
      );
  }
  if (problems.length)
    throw new InputError(
      `${problems.map((p) => `rolecheck report: ${p}`).join('\n')}\nrolecheck report: the summaries are not one whole audit of many environments; nothing was written.`,
    );

  const output = openOutputFolder(out, { protect: shards.map((x) => x.dir) });
  const scratch = mkdtempSync(join(tmpdir(), 'rolecheck-merge-'));
  try {
    const envOrder = new Map(first.all.map((n, i) => [n, i] as const));
    const decided = failOn ?? first.failOn;
    const environments = shards
      .flatMap((x) => x.s.environments)
      .sort((a, b) => envOrder.get(a.name)! - envOrder.get(b.name)!)
      .map((e) => ({ ...e, exitCode: exitCodeUnder(e, decided) }));
    for (const e of environments) {
      const src = owner.get(e.name)!.dir;
      cpSync(join(src, ENVIRONMENTS_DIR, e.name), join(output.dir, ENVIRONMENTS_DIR, e.name), { recursive: true });
    }
    const userRoles = await mergeUserRoles(
      shards.map((x) => join(x.dir, x.s.userRoles.name)),
      join(output.dir, USER_ROLES_FILE),
      envOrder,
      scratch,
    );
    const summary: TenantSummary = {
      version: TENANT_SUMMARY_VERSION,
      generated: new Date().toISOString(),
      folder: first.folder,
      failOn: decided,
      tags: first.tags,
      shard: null,
      all: first.all,
      environments,
      exitCode: tenantExitCode(environments),
      userRoles: { name: USER_ROLES_FILE, ...userRoles, description: USER_ROLES_DESCRIPTION },
      mergedFrom: shards.map((x) => ({ path: x.path, sha256: x.sha })),
    };
    writeTenantSummary(output.dir, summary);
    output.commit();
    for (const line of tenantSummaryLines(summary)) stderrSay(line);
    stderrSay(
      `rolecheck report: ${environments.length} environments merged from ${shards.length} summar${shards.length === 1 ? 'y' : 'ies'} into ${out}/, exit code ${summary.exitCode}`,
    );
    return summary.exitCode;
  } finally {
    output.abandon();
    rmSync(scratch, { recursive: true, force: true });
  }
}
