import { defineConfig } from 'vitest/config';
// test/setup/installed-package.ts packs and installs the package once for the tests of the installed command.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, globalSetup: ['test/setup/installed-package.ts'] } });
