import { defineConfig } from '@playwright/test';
// Debian's chromium through executablePath: Playwright cannot download its own browser here.
// One spec file at a time: `npm test` runs these tests alongside vitest (test/setup/npm-test.mjs), where they are
// not the longest part; alone, each page has the processor to itself, and the assertions that wait a few seconds
// for a large page to render (e2e/large-report.spec.ts) failed when two specs and vitest shared two cores.
export default defineConfig({
  testDir: './e2e',
  // One temporary folder for the run (TMPDIR), in memory when there is room, removed at the end.
  globalSetup: './test/setup/temporary-folder.ts',
  outputDir: './test-results',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
