// Report section: compliance.html in Chromium (Playwright, Debian's chromium with the flags of playwright.config.ts):
// the time to a visible matrix (fresh browser context each run, so no cache), and the time to apply a filter (role
// select, then a search) and to answer the who-can look-up, each until the next frame is painted. With `--baseline
// REF` the same synthetic data is also rendered by the report code of the git commit REF (the previous version of the
// page) and measured in the same run, the pages taking turns, so that both see the same machine.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, fmt, log, median, ROOT } from './lib.ts';

type Sizes = { users: number; roles: number; tables: number; beyond?: boolean; findings?: number };
/**
 * Pages made from synthetic environment data (test/fixtures/report/environment.ts): the largest page the audit's
 * limits allow (5,000 users, 20,000 role grant rows, 50,000 holders in the look-up), the same with 2,000 findings (the
 * page holds 500: an open table at the top of the page) and a 100,000-user tenant beyond the limits (aggregates and
 * the data files named).
 */
const SYNTHETIC: Array<[string, Sizes]> = [
  ['at-limits-5000-users', { users: 5000, roles: 400, tables: 150 }],
  ['at-limits-5000-users-2000-findings', { users: 5000, roles: 400, tables: 150, findings: 2000 }],
  ['beyond-limits-100000-users', { users: 100_000, roles: 2000, tables: 800, beyond: true }],
];

interface Page { file: string; label: string; peer: boolean }

/** Renders the synthetic pages with the report code under `root` (this checkout, or an archive of another commit). */
async function syntheticPages(root: string, suffix: string, peer: boolean, label: (name: string) => string): Promise<Page[]> {
  const { buildReport } = await import(pathToFileURL(join(root, 'src/report/build.ts')).href) as typeof import('../src/report/build.ts');
  const { renderHtml } = await import(pathToFileURL(join(root, 'src/report/html.ts')).href) as typeof import('../src/report/html.ts');
  const { largeEnvironment, largeFindings } = await import('../test/fixtures/report/environment.ts');
  const dir = join(ROOT, '.large', 'bench-report'); mkdirSync(dir, { recursive: true });
  return SYNTHETIC.map(([name, env]) => {
    const file = join(dir, `${name}${suffix}.html`);
    writeFileSync(file, renderHtml(buildReport([], { audit: { environment: largeEnvironment(env), findings: largeFindings(env.findings ?? 0) } })));
    return { file, label: label(name), peer };
  });
}

/** The report code (src/, templates/) of a commit, unpacked under .large/ so that it resolves this checkout's node_modules. */
function archive(ref: string): { root: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short=12', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const root = join(ROOT, '.large', 'bench-report', `code-${sha}`);
  if (!existsSync(join(root, 'src', 'report', 'html.ts'))) {
    rmSync(root, { recursive: true, force: true }); mkdirSync(root, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', sha, 'src', 'templates', 'package.json'], { cwd: ROOT, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
  }
  return { root, sha };
}

export async function report(o: { runs: number; users: number; html?: string; baseline?: string }): Promise<Record<string, unknown>> {
  const own = o.html ?? join(ROOT, '.large', `bench-audit-${o.users}`, 'compliance.html');
  const pages: Page[] = existsSync(own) ? [{ file: own, label: o.html ? basename(own) : 'the large audit\'s report', peer: false }] : [];
  if (!o.html) {
    pages.push(...await syntheticPages(ROOT, '', false, (n) => `${n}.html`));
    if (o.baseline) {
      const { root, sha } = archive(o.baseline);
      pages.push(...await syntheticPages(root, `-at-${sha}`, true, (n) => `${n}.html, previous page ${sha}`));
    }
  }
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
  const loadBefore = load();
  log(`\n## Report in Chromium: ${pages.length} pages, ${o.runs} fresh contexts each, taking turns; load average ${loadBefore}`);
  const results = await measure(pages, o.runs);
  const loadAfter = load();
  log(`  load average after: ${loadAfter}`);
  const out: Record<string, unknown> = { loadAverage: { before: loadBefore, after: loadAfter } };
  for (const [i, p] of pages.entries()) {
    const r = results[i]!;
    out[p.file] = r;
    const size = statSync(p.file).size / 2 ** 20;
    const t = (target: string, v: number, limit: number) => (p.peer ? {} : { target, met: v <= limit });
    figure({ section: 'report', name: `compliance.html size (${p.label})`, value: size, unit: 'MB', ...t('≤ 10', size, 10) });
    figure({ section: 'report', name: `time to visible matrix (${p.label})`, value: median(r.visibleMs), unit: 'ms', ...t('≤ 2,000', median(r.visibleMs), 2000),
      note: `in a frame at ${fmt(median(r.frameMs))} ms from navigation start; DOMContentLoaded ${fmt(median(r.domContentLoadedMs))} ms; load average ${loadBefore} → ${loadAfter}` });
    figure({ section: 'report', name: `apply a filter: role (${p.label})`, value: median(r.roleFilterMs), unit: 'ms', ...t('≤ 200', median(r.roleFilterMs), 200) });
    figure({ section: 'report', name: `apply a filter: search (${p.label})`, value: median(r.searchFilterMs), unit: 'ms', ...t('≤ 200', median(r.searchFilterMs), 200) });
    figure({ section: 'report', name: `who-can look-up (${p.label})`, value: median(r.lookupMs), unit: 'ms', ...t('≤ 200', median(r.lookupMs), 200) });
    // Pages with a list of users only (beyond the limits there is none; the previous page had no search in it).
    if (Number.isFinite(median(r.findUserMs))) figure({ section: 'report', name: `find a user in the list of users (${p.label})`, value: median(r.findUserMs), unit: 'ms', ...t('≤ 200', median(r.findUserMs), 200) });
    if (Number.isFinite(median(r.openUsersMs))) figure({ section: 'report', name: `open the whole list of users (${p.label})`, value: median(r.openUsersMs), unit: 'ms', note: 'no target: a reader\'s click on a list of every user, laid out whole' });
  }
  return out;
}

interface Runs { visibleMs: number[]; frameMs: number[]; domContentLoadedMs: number[]; roleFilterMs: number[]; searchFilterMs: number[]; lookupMs: number[]; findUserMs: number[]; openUsersMs: number[] }

async function measure(pages: Page[], runs: number): Promise<Runs[]> {
  const { chromium } = await import('@playwright/test');
  const config = (await import('../playwright.config.ts')).default as { use?: { launchOptions?: Record<string, unknown> } };
  const browser = await chromium.launch({ headless: true, ...(config.use?.launchOptions ?? { executablePath: '/usr/bin/chromium' }) });
  const out: Runs[] = pages.map(() => ({ visibleMs: [], frameMs: [], domContentLoadedMs: [], roleFilterMs: [], searchFilterMs: [], lookupMs: [], findUserMs: [], openUsersMs: [] }));
  try {
    // One load left out of the figures, so that the first measured page does not pay for the browser's warm-up.
    if (pages[0]) { const warm = await browser.newContext(); await (await warm.newPage()).goto(pathToFileURL(pages[0].file).href, { waitUntil: 'load' }); await warm.close(); }
    for (let r = 0; r < runs; r++) {
      for (const [i, p] of pages.entries()) {
        const m = out[i]!;
        const context = await browser.newContext();
        const page = await context.newPage();
        // In the page, from navigation start: the first animation frame in which the matrix has a box (the frame that
        // paints it). A string, not a function: tsx adds helpers to a function's source that the page does not have.
        await page.addInitScript(`(() => {
          const tick = () => {
            const m = document.getElementById('matrix-table');
            if (m && m.getBoundingClientRect().height > 0) { window.__matrixAt = performance.now(); return; }
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })()`);
        const t0 = performance.now();
        await page.goto(pathToFileURL(p.file).href, { waitUntil: 'commit' });
        await page.locator('#matrix-table').waitFor({ state: 'visible', timeout: 60_000 });
        m.visibleMs.push(performance.now() - t0);
        await page.waitForLoadState('load');
        const at = await page.evaluate(() => ({
          frame: (window as unknown as { __matrixAt?: number }).__matrixAt ?? Number.NaN,
          dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
        }));
        m.frameMs.push(at.frame); m.domContentLoadedMs.push(at.dcl);
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
        m.roleFilterMs.push(await timeFilter('role'));
        m.searchFilterMs.push(await timeFilter('search'));
        // The reverse look-up: choose a table and a privilege, until the holders are painted.
        m.lookupMs.push(await page.evaluate(() => new Promise<number>((resolve) => {
          const t = performance.now();
          const table = document.querySelector('#wc-table') as HTMLSelectElement | null;
          const priv = document.querySelector('#wc-privilege') as HTMLSelectElement | null;
          if (!table || !priv) { resolve(Number.NaN); return; }
          table.value = table.options[0]!.value; priv.value = 'Read';
          priv.dispatchEvent(new Event('change'));
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
        })));
        // The closed list of users: a search (its matches laid out, the list opened), then the whole list opened.
        m.findUserMs.push(await page.evaluate(() => new Promise<number>((resolve) => {
          const inp = document.querySelector('#users-search') as HTMLInputElement | null;
          if (!inp) { resolve(Number.NaN); return; }
          const t = performance.now();
          inp.value = 'user00123';
          inp.dispatchEvent(new Event('input'));
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
        })));
        m.openUsersMs.push(await page.evaluate(() => new Promise<number>((resolve) => {
          const inp = document.querySelector('#users-search') as HTMLInputElement | null;
          const list = document.querySelector('#users-details') as HTMLDetailsElement | null;
          if (!inp || !list) { resolve(Number.NaN); return; }
          inp.value = '';
          inp.dispatchEvent(new Event('input'));
          requestAnimationFrame(() => requestAnimationFrame(() => {
            list.open = false;
            requestAnimationFrame(() => {
              const t = performance.now();
              list.open = true;
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t)));
            });
          }));
        })));
        log(`  run ${r + 1}, ${p.label} (${fmt(statSync(p.file).size / 2 ** 20)} MB): matrix visible ${fmt(m.visibleMs.at(-1)!)} ms (in a frame at ${fmt(at.frame)} ms, DOMContentLoaded ${fmt(at.dcl)} ms), role filter ${fmt(m.roleFilterMs.at(-1)!)} ms, search filter ${fmt(m.searchFilterMs.at(-1)!)} ms, look-up ${fmt(m.lookupMs.at(-1)!)} ms, find a user ${fmt(m.findUserMs.at(-1)!)} ms, open the list of users ${fmt(m.openUsersMs.at(-1)!)} ms`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}
