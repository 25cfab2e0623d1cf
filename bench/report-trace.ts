// Where the load time of a compliance.html goes: one Chromium performance trace (devtools.timeline) of a fresh
// context per page, summarised as the main thread's time per kind of work (HTML parse, style, layout, paint, script)
// up to the moment the matrix is visible, and after it up to the load event. Not a benchmark (one run, traced):
// the figures of docs/performance.md come from bench/report.ts; this says where they go.
//   node --import tsx bench/report-trace.ts page.html [more.html]
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import config from '../playwright.config.ts';

interface Ev { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; cat: string; args?: Record<string, unknown> }

const KIND: Array<[RegExp, string]> = [
  [/^ParseHTML$/, 'HTML parse'],
  [/^(UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet)$/, 'style'],
  [/^Layout$/, 'layout'],
  [/^(PrePaint|Paint|PaintImage|Layerize|UpdateLayer|CompositeLayers|Commit|RasterTask)$/, 'paint'],
  [/^(EvaluateScript|FunctionCall|v8\.compile|v8\.run|TimerFire|FireAnimationFrame|EventDispatch|v8\.parseOnBackground)$/, 'script'],
  [/^(MajorGC|MinorGC|V8\.GC.*|BlinkGC.*)$/, 'GC'],
];
const kindOf = (name: string) => KIND.find(([re]) => re.test(name))?.[1];

async function trace(file: string): Promise<void> {
  const browser = await chromium.launch({ headless: true, ...(config.use?.launchOptions ?? { executablePath: '/usr/bin/chromium' }) });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The first animation frame in which the matrix has a box: the frame that paints it (from navigation start).
    // (A string, not a function: tsx would add helpers to a function's source that do not exist in the page.)
    await page.addInitScript(`(() => {
      const tick = () => {
        const m = document.getElementById('matrix-table');
        if (m && m.getBoundingClientRect().height > 0) { window.__matrixAt = performance.now(); performance.mark('matrix-in-frame'); return; }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })()`);
    await browser.startTracing(page, { categories: ['devtools.timeline', 'blink.user_timing', 'loading', 'v8'] });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.locator('#matrix-table').waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    const at = await page.evaluate(() => ({
      matrix: (window as unknown as { __matrixAt?: number }).__matrixAt ?? NaN,
      dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
      load: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      nodes: document.getElementsByTagName('*').length,
      origin: performance.timeOrigin,
    }));
    const buf = await browser.stopTracing();
    const events = (JSON.parse(buf.toString('utf8')) as { traceEvents: Ev[] }).traceEvents;
    const main = events.find((e) => e.name === 'thread_name' && (e.args?.name === 'CrRendererMain'));
    const url = pathToFileURL(file).href;
    const nav = events.find((e) => e.name === 'navigationStart' && (e.args?.data as { documentLoaderURL?: string } | undefined)?.documentLoaderURL === url);
    if (!nav) throw new Error(`no navigationStart of ${url} in the trace`);
    const t0 = nav.ts;
    const top = events.filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid && e.dur !== undefined && e.ts >= t0);
    // Only the outermost event of each nested stack counts, under the kind of its innermost known kind would double count.
    const sums = { before: new Map<string, number>(), after: new Map<string, number>() };
    const add = (m: Map<string, number>, k: string, d: number) => m.set(k, (m.get(k) ?? 0) + d);
    // Self time per kind: walk events sorted by start; subtract children from parents.
    top.sort((a, b) => a.ts - b.ts || (b.dur! - a.dur!));
    const stack: Array<{ e: Ev; child: number }> = [];
    const matrixTs = t0 + at.matrix * 1000;
    const close = (upTo: number) => {
      while (stack.length && stack.at(-1)!.e.ts + stack.at(-1)!.e.dur! <= upTo) {
        const s = stack.pop()!; const k = kindOf(s.e.name);
        const self = s.e.dur! - s.child;
        if (stack.length) stack.at(-1)!.child += s.e.dur!;
        if (!k) { if (stack.length) stack.at(-1)!.child -= self; continue; } // unknown wrappers: their self time goes to the parent
        add(s.e.ts < matrixTs ? sums.before : sums.after, k, self / 1000);
      }
    };
    for (const e of top) { close(e.ts); stack.push({ e, child: 0 }); }
    close(Number.POSITIVE_INFINITY);
    const mb = statSync(file).size / 2 ** 20;
    console.log(`\n${file} (${mb.toFixed(2)} MB, ${at.nodes} elements)`);
    console.log(`  first contentful paint ${at.fcp.toFixed(0)} ms, matrix in a frame ${at.matrix.toFixed(0)} ms, DOMContentLoaded ${at.dcl.toFixed(0)} ms, load ${at.load.toFixed(0)} ms (from navigation start, traced)`);
    for (const [label, m] of [['before the matrix is in a frame', sums.before], ['after it', sums.after]] as const) {
      const rows = [...m.entries()].sort((a, b) => b[1] - a[1]);
      console.log(`  main thread ${label}: ${rows.map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ') || 'nothing'}`);
    }
    const big = top.filter((e) => kindOf(e.name) && e.dur! > 50_000).map((e) => `${e.name} @${((e.ts - t0) / 1000).toFixed(0)} ms ${(e.dur! / 1000).toFixed(0)} ms`);
    console.log(`  single tasks over 50 ms: ${big.join('; ') || 'none'}`);
    await context.close();
  } finally {
    await browser.close();
  }
}

for (const f of process.argv.slice(2)) await trace(f);
