import { availableParallelism } from 'node:os';
import { defineConfig } from '@playwright/test';
// Debian's chromium through executablePath: Playwright cannot download its own browser here.
// Two spec files at a time (Playwright's default on 2 cores is one): a page waits on Chromium much of the time, and
// each spec file prepares its own report in its own temporary folder. `npm test` runs them after vitest, not
// alongside it (test/setup/npm-test.mjs).
export default defineConfig({
  testDir: './e2e',
  // One temporary folder for the run (TMPDIR), in memory when there is room, removed at the end.
  globalSetup: './test/setup/temporary-folder.ts',
  outputDir: './test-results',
  workers: Math.max(2, Math.floor(availableParallelism() / 2)),
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
