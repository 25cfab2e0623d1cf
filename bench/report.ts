// Report section: compliance.html of the large audit in Chromium (Playwright, Debian's chromium with the flags
// of playwright.config.ts): time to a visible matrix from the start of navigation (fresh browser context each
// run, so no cache), and the time to apply a filter (role select, then a search) until the next frame is painted.
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, fmt, log, median, ROOT } from './lib.ts';

/**
 * Pages made from synthetic environment data (test/fixtures/report/environment.ts) when no large audit was run: the
 * largest page the audit's limits allow (5,000 users, 20,000 role grant rows, 50,000 holders in the look-up) and a
 * 100,000-user tenant beyond them (aggregates and the data files named).
 */
async function syntheticPages(): Promise<string[]> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { buildReport } = await import('../src/report/build.ts');
  const { renderHtml } = await import('../src/report/html.ts');
  const { largeEnvironment } = await import('../test/fixtures/report/environment.ts');
  const dir = join(ROOT, '.large', 'bench-report'); mkdirSync(dir, { recursive: true });
  const pages: Array<[string, Parameters<typeof largeEnvironment>[0]]> = [
    ['at-limits-5000-users.html', { users: 5000, roles: 400, tables: 150 }],
    ['beyond-limits-100000-users.html', { users: 100_000, roles: 2000, tables: 800, beyond: true }],
  ];
  return pages.map(([name, env]) => {
    const file = join(dir, name);
    writeFileSync(file, renderHtml(buildReport([], { audit: { environment: largeEnvironment(env), findings: [] } })));
    return file;
  });
}

export async function report(o: { runs: number; users: number; html?: string }): Promise<Record<string, unknown>> {
  const own = o.html ?? join(ROOT, '.large', `bench-audit-${o.users}`, 'compliance.html');
  const files = existsSync(own) ? [own] : [];
  if (!o.html) files.push(...await syntheticPages());
  const out: Record<string, unknown> = {};
  for (const f of files) out[f] = await measure(f, o.runs, f !== own || !!o.html);
  return out;
}

async function measure(html: string, runs: number, synthetic: boolean): Promise<Record<string, unknown>> {
  const o = { runs, html: synthetic ? html : undefined };
  const { chromium } = await import('@playwright/test');
  const config = (await import('../playwright.config.ts')).default as { use?: { launchOptions?: Record<string, unknown> } };
  const browser = await chromium.launch({ headless: true, ...(config.use?.launchOptions ?? { executablePath: '/usr/bin/chromium' }) });
  log(`\n## Report: ${html} (${fmt(statSync(html).size / 2 ** 20)} MB) in Chromium, ${o.runs} fresh contexts`);
  const visible: number[] = []; const roleFilter: number[] = []; const searchFilter: number[] = []; const dcl: number[] = []; const lookup: number[] = [];
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
      // The reverse look-up: choose a table and a privilege, until the holders are painted.
      lookup.push(await page.evaluate(() => new Promise<number>((resolve) => {
        const t = performance.now();
        const table = document.querySelector('#wc-table') as HTMLSelectElement | null;
        const priv = document.querySelector('#wc-privilege') as HTMLSelectElement | null;
        if (!table || !priv) { resolve(Number.NaN); return; }
        table.value = table.options[0]!.value; priv.value = 'Read';
        priv.dispatchEvent(new Event('change'));
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
      })));
      log(`  run ${r + 1}: matrix visible ${fmt(visible.at(-1)!)} ms (DOMContentLoaded ${fmt(dcl.at(-1)!)} ms), role filter ${fmt(roleFilter.at(-1)!)} ms, search filter ${fmt(searchFilter.at(-1)!)} ms, look-up ${fmt(lookup.at(-1)!)} ms`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const size = statSync(html).size / 2 ** 20;
  const what = o.html ? basename(html) : 'the large audit\'s report';
  figure({ section: 'report', name: `compliance.html size (${what})`, value: size, unit: 'MB', target: '≤ 10', met: size <= 10 });
  figure({ section: 'report', name: `time to visible matrix (${what})`, value: median(visible), unit: 'ms', target: '≤ 2,000', met: median(visible) <= 2000, note: `DOMContentLoaded ${fmt(median(dcl))} ms` });
  figure({ section: 'report', name: `apply a filter: role (${what})`, value: median(roleFilter), unit: 'ms', target: '≤ 200', met: median(roleFilter) <= 200 });
  figure({ section: 'report', name: `apply a filter: search (${what})`, value: median(searchFilter), unit: 'ms', target: '≤ 200', met: median(searchFilter) <= 200 });
  figure({ section: 'report', name: `who-can look-up (${what})`, value: median(lookup), unit: 'ms', target: '≤ 200', met: median(lookup) <= 200 });
  return { html, visibleMs: visible, domContentLoadedMs: dcl, roleFilterMs: roleFilter, searchFilterMs: searchFilter, lookupMs: lookup };
}
