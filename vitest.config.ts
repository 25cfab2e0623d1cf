import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import FileOrder from './test/setup/file-order.ts';
import { INTERRUPT_BUDGET } from './bin/tiering.mjs';
// test/setup/temporary-folder.ts gives the run one temporary folder (TMPDIR), in memory when there is room;
// test/setup/installed-package.ts packs and installs the package once for the tests of the installed command.
// At least two test files at a time: most tests wait for the command they run in a child process, so two files
// keep two cores busy (vitest's default on a 2-core machine is one file at a time).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    globalSetup: ['test/setup/temporary-folder.ts', 'test/setup/installed-package.ts'],
    // The longest files first, those that wait for the install a little later (test/setup/file-order.ts).
    sequence: { sequencer: FileOrder },
    // The test workers run with the command's V8 tuning (bin/tiering.mjs; importing it above sets it in this process
    // too): most of them are short and start cold.
    execArgv: [`--interrupt-budget=${INTERRUPT_BUDGET}`],
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
