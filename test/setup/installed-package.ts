// Vitest global set-up: the package as a user gets it, built and packed once per test run (`npm pack` runs
// prepack, which builds dist/: also what the other tests run, test/setup/rolecheck.mjs) and installed with npm into
// an empty folder whose name holds glob characters (`repo [x]`), shaped like the repository of docs/ci.md: a
// package.json that depends on the tarball. The tests of the installed package (test/package.test.ts,
// test/ci-workflow.test.ts) share it; each works in its own sub-folders. Everything is removed at the end.
//
// The install (some 17,000 files) goes on while the other test files run: it is started here and not waited for;
// the two files that use it wait for it first (test/helpers/installed.ts). It is made in the run's temporary folder
// (test/setup/temporary-folder.ts, in memory when there is room): on this project's disk, npm's writing of those
// files took 25 s, against 10 s in memory.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder rolecheck is installed in (node_modules/rolecheck), where the tests run it from. */
    installDir: string;
    /** Written when the install has ended: `{ code, output }` (test/helpers/installed.ts waits for it). */
    installDone: string;
    /** The files of the tarball, as `tar` lists them (npm's own listing masks names that look like ids). */
    packedFiles: string[];
    /** The tarball. */
    tarball: string;
  }
}

/** How long the install may take before it is stopped and reported as failed. */
export const INSTALL_LIMIT_MS = 150_000;

export default function setup(project: TestProject): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'rolecheck-installed-'));
  const env = { ...process.env, npm_config_update_notifier: 'false' };
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', root], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env }),
  ) as Array<{ filename: string }>;
  const tarball = join(root, packed[0]!.filename);
  const installDir = join(root, 'repo [x]');
  const installDone = join(root, 'install-done.json');
  mkdirSync(installDir);
  writeFileSync(join(installDir, 'package.json'), `${JSON.stringify({ name: 'access-policies', private: true }, null, 2)}\n`);
  const npm = spawn('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: installDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  npm.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  npm.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const limit = setTimeout(() => {
    output += `\nstopped after ${INSTALL_LIMIT_MS / 1000} s`;
    npm.kill('SIGTERM');
  }, INSTALL_LIMIT_MS);
  const ended = new Promise<void>((resolve) =>
    npm.on('close', (code, signal) => {
      clearTimeout(limit);
      // Written whole, then renamed: a test that sees the file reads all of it.
      writeFileSync(`${installDone}.tmp`, JSON.stringify({ code: code ?? signal, output }));
      renameSync(`${installDone}.tmp`, installDone);
      resolve();
    }),
  );
  project.provide('installDir', installDir);
  project.provide('installDone', installDone);
  project.provide(
    'packedFiles',
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l && !l.endsWith('/'))
      .map((l) => l.replace(/^package\//, ''))
      .sort(),
  );
  project.provide('tarball', tarball);
  return async () => {
    await ended;
    rmSync(root, { recursive: true, force: true });
  };
}
