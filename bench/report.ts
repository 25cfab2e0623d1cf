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

interface Page {
  file: string;
  label: string;
  peer: boolean;
}

/** Renders the synthetic pages with the report code under `root` (this checkout, or an archive of another commit). */
async function syntheticPages(root: string, suffix: string, peer: boolean, label: (name: string) => string): Promise<Page[]> {
  const { buildReport } = (await import(pathToFileURL(join(root, 'src/report/build.ts')).href)) as typeof import('../src/report/build.ts');
  const { renderHtml } = (await import(pathToFileURL(join(root, 'src/report/html.ts')).href)) as typeof import('../src/report/html.ts');
  const { largeEnvironment, largeFindings } = await import('../test/fixtures/report/environment.ts');
  const dir = join(ROOT, '.large', 'bench-report');
  mkdirSync(dir, { recursive: true });
  return SYNTHETIC.map(([name, env]) => {
    const file = join(dir, `${name}${suffix}.html`);
    writeFileSync(
      file,
      renderHtml(buildReport([], { audit: { environment: largeEnvironment(env), findings: largeFindings(env.findings ?? 0) } })),
    );
    return { file, label: label(name), peer };
  });
}

/** The report code (src/, templates/) of a commit, unpacked under .large/ so that it resolves this checkout's node_modules. */
function archive(ref: string): { root: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short=12', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const root = join(ROOT, '.large', 'bench-report', `code-${sha}`);
  if (!existsSync(join(root, 'src', 'report', 'html.ts'))) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root, { recursive: true });
    const tar = execFileSync('git', ['archive', '--format=tar', sha, 'src', 'templates', 'package.json'], {
      cwd: ROOT,
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', root], { input: tar });
  }
  return { root, sha };
}

export async function report(o: { runs: number; users: number; html?: string; baseline?: string }): Promise<Record<string, unknown>> {
  const own = o.html ?? join(ROOT, '.large', `bench-audit-${o.users}`, 'compliance.html');
  const pages: Page[] = existsSync(own) ? [{ file: own, label: o.html ? basename(own) : "the large audit's report", peer: false }] : [];
  if (!o.html) {
    pages.push(...(await syntheticPages(ROOT, '', false, (n) => `${n}.html`)));
    if (o.baseline) {
      const { root, sha } = archive(o.baseline);
      pages.push(...(await syntheticPages(root, `-at-${sha}`, true, (n) => `${n}.html, previous page ${sha}`)));
    }
  }
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
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
    figure({
      section: 'report',
      name: `time to visible matrix (${p.label})`,
      value: median(r.visibleMs),
      unit: 'ms',
      ...t('≤ 2,000', median(r.visibleMs), 2000),
      note: `in a frame at ${fmt(median(r.frameMs))} ms from navigation start; DOMContentLoaded ${fmt(median(r.domContentLoadedMs))} ms; load average ${loadBefore} → ${loadAfter}`,
    });
    figure({
      section: 'report',
      name: `apply a filter: role (${p.label})`,
      value: median(r.roleFilterMs),
      unit: 'ms',
      ...t('≤ 200', median(r.roleFilterMs), 200),
    });
    figure({
      section: 'report',
      name: `apply a filter: search (${p.label})`,
      value: median(r.searchFilterMs),
      unit: 'ms',
      ...t('≤ 200', median(r.searchFilterMs), 200),
    });
    figure({
      section: 'report',
      name: `who-can look-up (${p.label})`,
      value: median(r.lookupMs),
      unit: 'ms',
      ...t('≤ 200', median(r.lookupMs), 200),
    });
    // Pages with a list of users only (beyond the limits there is none; the previous page had no search in it).
    if (Number.isFinite(median(r.findUserMs)))
      figure({
        section: 'report',
        name: `find a user in the list of users (${p.label})`,
        value: median(r.findUserMs),
        unit: 'ms',
        ...t('≤ 200', median(r.findUserMs), 200),
      });
    if (Number.isFinite(median(r.openUsersMs)))
      figure({
        section: 'report',
        name: `open the list of users: first rows (${p.label})`,
        value: median(r.openUsersMs),
        unit: 'ms',
        note: 'a click on the closed list; no target',
      });
    if (Number.isFinite(median(r.openUsersAllMs)))
      figure({
        section: 'report',
        name: `open the list of users: every row (${p.label})`,
        value: median(r.openUsersAllMs),
        unit: 'ms',
        note: 'the last batch painted; no target',
      });
  }
  return out;
}

export type Interaction = 'role' | 'search' | 'lookup' | 'find-user' | 'open-users' | 'open-users-all';

/**
 * One interaction of a reader, timed in the page from the event until the second frame after it (the answer
 * painted); NaN when the page has no such control. The control is first scrolled into view, and the reader acts half
 * a second later: a reader acts on what is on screen, and a section off screen is not laid out (content-visibility),
 * so a control off screen would measure less than the reader waits; the work of the scroll itself (sections laid
 * out as they come near) is not the interaction's. The interactions: a matrix filter by role (the
 * second option), a matrix search ('basic'), the who-can look-up (the first table, Read), a search of the list of
 * users ('user00123'), and a click that opens the closed list of users: until its first rows are painted
 * ('open-users'), and until its last row is ('open-users-all'). Marks act-start and act-end for traces.
 */
export function interact(page: import('@playwright/test').Page, kind: Interaction): Promise<number> {
  // A string, not a function: tsx adds helpers to a function's named inner functions that the page does not have.
  return page.evaluate(`new Promise((resolve) => {
    const k = ${JSON.stringify(kind)};
    const TARGET = { role: '#f-role', search: '#f-search', lookup: '#wc-privilege', 'find-user': '#users-search', 'open-users': '#users-details', 'open-users-all': '#users-details' };
    const opening = k === 'open-users' || k === 'open-users-all';
    const target = document.querySelector(TARGET[k]);
    if (!target) { resolve(NaN); return; }
    const search = document.querySelector('#users-search');
    if (opening && search) { search.value = ''; search.dispatchEvent(new Event('input')); }
    target.scrollIntoView({ block: 'start' });
    // The reader acts half a second after the scroll: what the page lays out as sections come into view is done by then.
    setTimeout(() => requestAnimationFrame(() => {
      if (opening) target.open = false;
      requestAnimationFrame(() => {
        performance.mark('act-start');
        const t = performance.now();
        if (k === 'role') { target.value = target.options[Math.min(2, target.options.length - 1)].value; target.dispatchEvent(new Event('change')); }
        if (k === 'search') { target.value = 'basic'; target.dispatchEvent(new Event('input')); }
        if (k === 'lookup') {
          const table = document.querySelector('#wc-table');
          table.value = table.options[0].value; target.value = 'Read'; target.dispatchEvent(new Event('change'));
        }
        if (k === 'find-user') { target.value = 'user00123'; target.dispatchEvent(new Event('input')); }
        if (opening) target.querySelector('summary').click();
        const done = () => { performance.mark('act-end'); resolve(performance.now() - t); };
        // Until the last row is painted: the frame after the one in which no row waits for its batch any more.
        const last = () => (document.querySelector('#users-table tr.pending') ? requestAnimationFrame(last) : requestAnimationFrame(done));
        requestAnimationFrame(() => (k === 'open-users-all' ? last() : requestAnimationFrame(done)));
      });
    }), 500);
  })`) as Promise<number>;
}

interface Runs {
  visibleMs: number[];
  frameMs: number[];
  domContentLoadedMs: number[];
  roleFilterMs: number[];
  searchFilterMs: number[];
  lookupMs: number[];
  findUserMs: number[];
  openUsersMs: number[];
  openUsersAllMs: number[];
}

async function measure(pages: Page[], runs: number): Promise<Runs[]> {
  const { chromium } = await import('@playwright/test');
  const config = (await import('../playwright.config.ts')).default as { use?: { launchOptions?: Record<string, unknown> } };
  const browser = await chromium.launch({ headless: true, ...(config.use?.launchOptions ?? { executablePath: '/usr/bin/chromium' }) });
  const out: Runs[] = pages.map(() => ({
    visibleMs: [],
    frameMs: [],
    domContentLoadedMs: [],
    roleFilterMs: [],
    searchFilterMs: [],
    lookupMs: [],
    findUserMs: [],
    openUsersMs: [],
    openUsersAllMs: [],
  }));
  try {
    // One load left out of the figures, so that the first measured page does not pay for the browser's warm-up.
    if (pages[0]) {
      const warm = await browser.newContext();
      await (await warm.newPage()).goto(pathToFileURL(pages[0].file).href, { waitUntil: 'load' });
      await warm.close();
    }
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
        m.frameMs.push(at.frame);
        m.domContentLoadedMs.push(at.dcl);
        m.roleFilterMs.push(await interact(page, 'role'));
        m.searchFilterMs.push(await interact(page, 'search'));
        m.lookupMs.push(await interact(page, 'lookup'));
        m.findUserMs.push(await interact(page, 'find-user'));
        m.openUsersMs.push(await interact(page, 'open-users'));
        m.openUsersAllMs.push(await interact(page, 'open-users-all'));
        log(
          `  run ${r + 1}, ${p.label} (${fmt(statSync(p.file).size / 2 ** 20)} MB): matrix visible ${fmt(m.visibleMs.at(-1)!)} ms (in a frame at ${fmt(at.frame)} ms, DOMContentLoaded ${fmt(at.dcl)} ms), role filter ${fmt(m.roleFilterMs.at(-1)!)} ms, search filter ${fmt(m.searchFilterMs.at(-1)!)} ms, look-up ${fmt(m.lookupMs.at(-1)!)} ms, find a user ${fmt(m.findUserMs.at(-1)!)} ms, open the list of users ${fmt(m.openUsersMs.at(-1)!)} ms (every row ${fmt(m.openUsersAllMs.at(-1)!)} ms)`,
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return out;
}
