// Vitest global set-up: the package as a user gets it, built and packed once per test run (`npm pack` runs
// prepack, which builds dist/) and installed with npm into an empty folder whose name holds glob characters
// (`repo [x]`), shaped like the repository of docs/ci.md: a package.json that depends on the tarball. The tests of
// the installed package (test/package.test.ts, test/ci-workflow.test.ts) share it; each works in its own
// sub-folders. Everything is removed at the end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder rolecheck is installed in (node_modules/rolecheck), where the tests run it from. */
    installDir: string;
    /** The files of the tarball, as `tar` lists them (npm's own listing masks names that look like ids). */
    packedFiles: string[];
    /** The tarball. */
    tarball: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'rolecheck-installed-'));
  const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', root], process.cwd())) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const tarball = join(root, packed[0]!.filename);
  const installDir = join(root, 'repo [x]');
  mkdirSync(installDir);
  writeFileSync(join(installDir, 'package.json'), `${JSON.stringify({ name: 'access-policies', private: true }, null, 2)}\n`);
  npm(['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], installDir);
  project.provide('installDir', installDir);
  project.provide('packedFiles', execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter((l) => l && !l.endsWith('/')).map((l) => l.replace(/^package\//, '')).sort());
  project.provide('tarball', tarball);
  return () => rmSync(root, { recursive: true, force: true });
}
