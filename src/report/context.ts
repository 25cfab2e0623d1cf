// What the pure builder cannot know by itself: rolecheck's version, the git commit, the Node version and the
// command's filters. Read from files only (no child process); every failure gives `null`, never an error.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { BuildContext } from './build.ts';
import { PACKAGE_ROOT } from '../paths.ts';

export function rolecheckVersion(): string | null {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

/** The commit HEAD points at, read from .git (worktrees and packed refs included), or null. */
export function gitCommit(start = process.cwd()): string | null {
  try {
    let dir = resolve(start);
    for (;;) {
      const dotGit = join(dir, '.git');
      if (existsSync(dotGit)) {
        let gitDir = dotGit;
        if (statSync(dotGit).isFile()) {
          const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
          if (!m) return null;
          gitDir = resolve(dir, m[1]!.trim());
        }
        const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
        if (/^[0-9a-f]{40,64}$/.test(head)) return head;
        const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
        if (!ref) return null;
        const commonDir = existsSync(join(gitDir, 'commondir'))
          ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
          : gitDir;
        for (const d of [gitDir, commonDir]) {
          const p = join(d, ref);
          if (existsSync(p)) return readFileSync(p, 'utf8').trim();
        }
        const packed = join(commonDir, 'packed-refs');
        if (existsSync(packed)) {
          for (const line of readFileSync(packed, 'utf8').split('\n')) {
            const [sha, name] = line.trim().split(' ');
            if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
          }
        }
        return null;
      }
      const parent = dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  } catch {
    return null;
  }
}

const VALUE_OPTIONS = new Set([
  '--tags',
  '-t',
  '--name',
  '--format',
  '-f',
  '--format-options',
  '--import',
  '-i',
  '--require',
  '-r',
  '--require-module',
  '--loader',
  '-l',
  '--profile',
  '-p',
  '--parallel',
  '--shard',
  '--world-parameters',
  '--order',
  '--retry',
  '--retry-tag-filter',
  '--language',
  '--config',
  '-c',
  '--i18n-keywords',
  '--publish-quiet',
]);

/** The filters of a cucumber-js command line (tags, names, paths, shard). */
export function filtersFromArgv(argv: readonly string[]): NonNullable<BuildContext['filters']> {
  const out = { tags: [] as string[], names: [] as string[], paths: [] as string[], shard: undefined as string | undefined };
  const binIdx = argv.findIndex((a) => /cucumber(-js)?(\.js)?$|cucumber[\\/]bin[\\/]/.test(a));
  const args = argv.slice(binIdx >= 0 ? binIdx + 1 : 2);
  for (let i = 0; i < args.length; i++) {
    let a = args[i]!;
    let v: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) {
      v = a.slice(eq + 1);
      a = a.slice(0, eq);
    }
    if (a === '--tags' || a === '-t') out.tags.push(v ?? args[++i] ?? '');
    else if (a === '--name') out.names.push(v ?? args[++i] ?? '');
    else if (a === '--shard') out.shard = v ?? args[++i];
    else if (VALUE_OPTIONS.has(a)) {
      if (v === undefined) i++;
    } else if (!a.startsWith('-')) out.paths.push(a);
  }
  return { tags: out.tags, names: out.names, paths: out.paths, ...(out.shard ? { shard: out.shard } : {}) };
}

export function runContext(argv: readonly string[] = process.argv, cwd = process.cwd()): BuildContext {
  return {
    rolecheckVersion: rolecheckVersion() ?? undefined,
    gitCommit: gitCommit(cwd),
    nodeVersion: process.version,
    ranBy: ranBy(),
    filters: filtersFromArgv(argv),
    cwd,
    fallbackTimestamp: new Date().toISOString(),
  };
}

/** Who runs the command and where: the account and host name, each null when the machine does not say. */
export function ranBy(): { user: string | null; host: string | null } {
  let user: string | null = null;
  let host: string | null = null;
  try {
    user = userInfo().username || null;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? null;
  }
  try {
    host = hostname() || null;
  } catch {
    host = null;
  }
  return { user, host };
}
