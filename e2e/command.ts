// The `rolecheck` command for the browser tests' set-up: the compiled dist/ (test/setup/rolecheck.mjs) when it is
// at least as new as every source it is built from, which it is under `npm test` (vitest's global set-up builds it
// just before); otherwise the checkout's bin/rolecheck.mjs, which compiles the sources through tsx (about a second
// more per command). Either way the command is this checkout's: a stale dist/ is never used.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INTERRUPT_BUDGET } from '../bin/tiering.mjs';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function compiledIsFresh(): boolean {
  const main = 'dist/src/cli/main.js';
  if (!existsSync(main)) return false;
  const built = statSync(main).mtimeMs;
  return ['src', 'steps', 'features', 'templates'].every((d) => !existsSync(d) || newest(d) <= built);
}

/** The arguments before the command's own: node runs these. */
export const ROLECHECK: readonly string[] = compiledIsFresh() ? ['test/setup/rolecheck.mjs'] : ['bin/rolecheck.mjs'];

/** The arguments before a set-up script that imports TypeScript: tsx, and the command's V8 tuning (bin/tiering.mjs). */
export const NODE_TSX: readonly string[] = [`--interrupt-budget=${INTERRUPT_BUDGET}`, '--import', 'tsx'];
