// Report section: compliance.html of the large audit in Chromium (Playwright, Debian's chromium with the flags
// of playwright.config.ts): time to a visible matrix from the start of navigation (fresh browser context each
// run, so no cache), and the time to apply a filter (role select, then a search) until the next frame is painted.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, fmt, log, median, ROOT } from './lib.ts';

export async function report(o: { runs: number; users: number; html?: string }): Promise<Record<string, unknown>> {
  const html = o.html ?? join(ROOT, '.large', `bench-audit-${o.users}`, 'compliance.html');
  if (!existsSync(html)) throw new Error(`${html} does not exist: run the audit section first (npm run bench -- --only audit,report)`);
  const { chromium } = await import('@playwright/test');
  const config = (await import('../playwright.config.ts')).default as { use?: { launchOptions?: Record<string, unknown> } };
  const browser = await chromium.launch({ headless: true, ...(config.use?.launchOptions ?? { executablePath: '/usr/bin/chromium' }) });
  log(`\n## Report: ${html} (${fmt(statSync(html).size / 2 ** 20)} MB) in Chromium, ${o.runs} fresh contexts`);
  const visible: number[] = []; const roleFilter: number[] = []; const searchFilter: number[] = []; const dcl: number[] = [];
  try {
    for (let r = 0; r < o.runs; r++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(pathToFileURL(html).href, { waitUntil: 'commit' });
      await page.locator('#matrix-table').waitFor({ state: 'visible', timeout: 60_000 });
      visible.push(performance.now() - t0);
      await page.waitForLoadState('load');
      dcl.push(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd));
      // A filter: choose a role (the second option), then type a search; each timed in the page until the next paint.
      const timeFilter = (kind: 'role' | 'search') => page.evaluate((k) => new Promise<number>((resolve) => {
        const t = performance.now();
        if (k === 'role') {
          const sel = document.querySelector('#f-role') as HTMLSelectElement;
          sel.value = sel.options[Math.min(2, sel.options.length - 1)]!.value;
          sel.dispatchEvent(new Event('change'));
        } else {
          const inp = document.querySelector('#f-search') as HTMLInputElement;
          inp.value = 'basic';
          inp.dispatchEvent(new Event('input'));
        }
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
      }), kind);
      roleFilter.push(await timeFilter('role'));
      searchFilter.push(await timeFilter('search'));
      log(`  run ${r + 1}: matrix visible ${fmt(visible.at(-1)!)} ms (DOMContentLoaded ${fmt(dcl.at(-1)!)} ms), role filter ${fmt(roleFilter.at(-1)!)} ms, search filter ${fmt(searchFilter.at(-1)!)} ms`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const size = statSync(html).size / 2 ** 20;
  figure({ section: 'report', name: 'compliance.html size', value: size, unit: 'MB', target: '≤ 10', met: size <= 10, note: o.html ? html : 'the large audit\'s report' });
  figure({ section: 'report', name: 'time to visible matrix', value: median(visible), unit: 'ms', target: '≤ 2,000', met: median(visible) <= 2000, note: `DOMContentLoaded ${fmt(median(dcl))} ms` });
  figure({ section: 'report', name: 'apply a filter: role', value: median(roleFilter), unit: 'ms', target: '≤ 200', met: median(roleFilter) <= 200 });
  figure({ section: 'report', name: 'apply a filter: search', value: median(searchFilter), unit: 'ms', target: '≤ 200', met: median(searchFilter) <= 200 });
  return { html, visibleMs: visible, domContentLoadedMs: dcl, roleFilterMs: roleFilter, searchFilterMs: searchFilter };
}
