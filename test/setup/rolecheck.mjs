#!/usr/bin/env node
// The `rolecheck` command as the tests start it: bin/rolecheck.mjs as it runs once installed, on the compiled dist/
// of this checkout, which the global set-up (test/setup/installed-package.ts) builds at the start of every run
// through `npm pack`. The checkout's own bin/rolecheck.mjs compiles the TypeScript sources through tsx at every
// start (about 0.3 s of CPU for `--help`, a third of a small audit); the command's behaviour is the same.
// The command's V8 tuning, as bin/rolecheck.mjs sets it.
import '../../bin/tiering.mjs';
import { existsSync } from 'node:fs';

const compiled = new URL('../../dist/src/cli/main.js', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write(
    `test/setup/rolecheck.mjs: ${compiled.pathname} is missing; run the tests through vitest (its global set-up builds dist/) or run \`npm run build\` first\n`,
  );
  process.exit(70);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv);
