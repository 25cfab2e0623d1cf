// Where the time of a compliance.html goes: Chromium performance traces (devtools.timeline) in a fresh context per
// page, summarised as the main thread's self time per kind of work (HTML parse, style, layout, paint, script, GC):
// the load, split at the first frame in which the matrix has a box, then each interaction the bench times
// (bench/report.ts, interact) up to the second frame after it. Not a benchmark (one traced run
// each): the figures of docs/performance.md come from bench/report.ts; this says where they go.
//   node --import tsx bench/report-trace.ts page.html [more.html]
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../playwright.config.ts';
import { interact, type Interaction } from './report.ts';

interface Ev {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: Record<string, unknown>;
}

const KIND: Array<[RegExp, string]> = [
  [/^ParseHTML$/, 'HTML parse'],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/, 'style'],
  [/^Layout$/, 'layout'],
  [/^(PrePaint|Paint|PaintImage|Layerize|UpdateLayer|CompositeLayers|Commit|HitTest)$/, 'paint'],
  [/^(EvaluateScript|FunctionCall|v8\.compile|v8\.run|TimerFire|FireAnimationFrame|EventDispatch|RunMicrotasks)$/, 'script'],
  [/^(MajorGC|MinorGC|V8\.GC.*|BlinkGC.*)$/, 'GC'],
];
const kindOf = (name: string) => KIND.find(([re]) => re.test(name))?.[1];
const CATEGORIES = ['devtools.timeline', 'blink.user_timing', 'loading', 'v8'];

/**
 * Self time per kind on the page's main thread (the thread of `at`, an event of the page: its navigationStart or a
 * mark; a fresh browser may have another renderer), of the events that start in [from, to) (trace clock, µs).
 */
function selfTimes(events: Ev[], at: Ev | undefined, from: number, to: number): Map<string, number> {
  const xs = events
    .filter((e) => e.ph === 'X' && e.pid === at?.pid && e.tid === at?.tid && e.dur !== undefined && e.ts >= from && e.ts < to)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const out = new Map<string, number>();
  const stack: Array<{ e: Ev; child: number }> = [];
  const close = (upTo: number) => {
    while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= upTo) {
      const s = stack.pop()!;
      const k = kindOf(s.e.name);
      const parent = stack.at(-1);
      // An event of no known kind (a task wrapper) leaves its self time to the kind of the event around it.
      if (parent) parent.child += k ? s.e.dur! : s.child;
      if (k) out.set(k, (out.get(k) ?? 0) + (s.e.dur! - s.child) / 1000);
    }
  };
  for (const e of xs) {
    close(e.ts);
    stack.push({ e, child: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  return out;
}
const line = (m: Map<string, number>) => {
  const total = [...m.values()].reduce((a, b) => a + b, 0);
  return `${total.toFixed(0)} ms: ${
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ') || 'nothing'
  }`;
};

async function traced<T>(browser: Browser, page: Page, fn: () => Promise<T>): Promise<{ events: Ev[]; result: T }> {
  await browser.startTracing(page, { categories: CATEGORIES });
  const result = await fn();
  const events = (JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: Ev[] }).traceEvents;
  return { events, result };
}

const ACTS: Array<[string, Interaction]> = [
  ['role filter', 'role'],
  ['search filter', 'search'],
  ['who-can look-up', 'lookup'],
  ['find a user', 'find-user'],
  ['open the list of users: first rows', 'open-users'],
  ['open the list of users: every row', 'open-users-all'],
];

async function trace(file: string): Promise<void> {
  const browser = await chromium.launch({ headless: true, ...(config.use?.launchOptions ?? { executablePath: '/usr/bin/chromium' }) });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The first animation frame in which the matrix has a box: the frame that paints it. (A string, not a function:
    // tsx adds helpers to a function's source that do not exist in the page.)
    await page.addInitScript(`(() => {
      const tick = () => {
        const m = document.getElementById('matrix-table');
        if (m && m.getBoundingClientRect().height > 0) { window.__matrixAt = performance.now(); return; }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    const url = pathToFileURL(file).href;
    const { events, result: at } = await traced(browser, page, async () => {
      await page.goto(url, { waitUntil: 'load' });
      await page.locator('#matrix-table').waitFor({ state: 'visible' });
      await page.waitForTimeout(500);
      return page.evaluate(() => ({
        matrix: (window as unknown as { __matrixAt?: number }).__matrixAt ?? Number.NaN,
        dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
        load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
        nodes: document.getElementsByTagName('*').length,
      }));
    });
    const nav = events.find(
      (e) => e.name === 'navigationStart' && (e.args?.data as { documentLoaderURL?: string } | undefined)?.documentLoaderURL === url,
    );
    if (!nav) throw new Error(`no navigationStart of ${url} in the trace`);
    const t0 = nav.ts;
    const tm = t0 + at.matrix * 1000;
    console.log(`\n${file} (${(statSync(file).size / 2 ** 20).toFixed(2)} MB, ${at.nodes} elements)`);
    console.log(
      `  first contentful paint ${at.fcp.toFixed(0)} ms, matrix in a frame ${at.matrix.toFixed(0)} ms, DOMContentLoaded ${at.dcl.toFixed(0)} ms, load ${at.load.toFixed(0)} ms (from navigation start)`,
    );
    console.log(`  main thread until the matrix is in a frame: ${line(selfTimes(events, nav, t0, tm))}`);
    console.log(`  main thread after it (0.5 s after load): ${line(selfTimes(events, nav, tm, Number.POSITIVE_INFINITY))}`);
    for (const [name, act] of ACTS) {
      const { events: ev, result: ms } = await traced(browser, page, () => interact(page, act));
      if (!Number.isFinite(ms)) continue;
      const mark = (n: string) => ev.find((e) => e.name === n);
      console.log(
        `  ${name}: ${ms.toFixed(0)} ms to the second frame; main thread ${line(selfTimes(ev, mark('act-start'), mark('act-start')?.ts ?? Number.NaN, mark('act-end')?.ts ?? Number.NaN))}`,
      );
    }
    await context.close();
  } finally {
    await browser.close();
  }
}

for (const f of process.argv.slice(2)) await trace(f);
