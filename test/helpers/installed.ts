// The installed package of the global set-up (test/setup/installed-package.ts), whose install goes on while other
// test files run: the tests that use it wait for its end first.
import { existsSync, readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { INSTALL_LIMIT_MS } from '../setup/installed-package.ts';

/** How long a hook may wait for the install: the set-up's own limit, and the time to report it. */
export const INSTALL_WAIT_MS = INSTALL_LIMIT_MS + 10_000;

/** Resolves once `npm install` of the tarball has ended; throws with npm's output when it failed. */
export async function installed(): Promise<void> {
  const done = inject('installDone');
  while (!existsSync(done)) await new Promise((r) => setTimeout(r, 100));
  const { code, output } = JSON.parse(readFileSync(done, 'utf8')) as { code: number | string; output: string };
  if (code !== 0) throw new Error(`npm install of the packed tarball failed (${code}):\n${output}`);
}
