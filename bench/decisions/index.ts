// Decision benchmark: every engine, `runs` fresh processes each (engines interleaved run by run), medians, ratios.
import { figure, fmt, log, median, run } from '../lib.ts';
import { ENGINE_NAMES, type EngineName } from './engines.ts';

export interface EngineRun {
  engine: EngineName;
  checks: number;
  ms: number;
  checksPerSec: number;
  setupMs: number;
  allowedShare: number;
  grants: number;
  rssSetupMB: number;
  peakRssMB: number;
  verified: number;
}

export async function decisions(opts: { runs: number; timebox: number; engines?: EngineName[] }): Promise<Record<string, unknown>> {
  const engines = opts.engines ?? [...ENGINE_NAMES];
  const results = new Map<EngineName, EngineRun[]>(engines.map((e) => [e, []]));
  log(
    `## Decisions: standard workload (toolchain.md §4.3), ${opts.runs} fresh processes per engine, slow engines time-boxed at ${opts.timebox} s`,
  );
  for (let r = 0; r < opts.runs; r++) {
    for (const e of engines) {
      const res = await run(process.execPath, [
        '--expose-gc',
        '--import',
        'tsx',
        'bench/decisions/child.ts',
        '--engine',
        e,
        '--timebox',
        String(opts.timebox),
      ]);
      const line = res.stdout.trim().split('\n').pop() ?? '';
      let parsed: EngineRun & { error?: string };
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`engine ${e} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
      }
      if (parsed.error || res.code !== 0) throw new Error(`ABORT: engine ${e} disagrees with the reference: ${parsed.error ?? res.stderr}`);
      results.get(e)!.push(parsed);
      log(
        `  run ${r + 1} ${e.padEnd(8)} ${fmt(parsed.checksPerSec).padStart(12)} checks/s  (${parsed.checks.toLocaleString('en-US')} checks timed and verified, setup ${fmt(parsed.setupMs)} ms)`,
      );
    }
  }
  const med = (e: EngineName) => median(results.get(e)!.map((x) => x.checksPerSec));
  const summary: Record<string, unknown> = {};
  for (const e of engines) {
    const rs = results.get(e)!;
    summary[e] = {
      checksPerSecMedian: med(e),
      perRun: rs.map((x) => Math.round(x.checksPerSec)),
      setupMsMedian: median(rs.map((x) => x.setupMs)),
      checksTimedPerRun: median(rs.map((x) => x.checks)),
      rssSetupMB: median(rs.map((x) => x.rssSetupMB)),
      peakRssMB: median(rs.map((x) => x.peakRssMB)),
      allowedShare: rs[0]!.allowedShare,
    };
  }
  const grants = results.get(engines[0]!)![0]!.grants;
  log(`  workload: ${grants.toLocaleString('en-US')} non-None grants; every engine agreed with the reference on every verified check`);
  for (const e of engines)
    figure({
      section: 'decisions',
      name: `${e} checks/s (median)`,
      value: med(e),
      unit: 'checks/s',
      note: `runs: ${results
        .get(e)!
        .map((x) => fmt(x.checksPerSec))
        .join(', ')}`,
    });
  const has = (e: EngineName) => engines.includes(e);
  if (has('fast') && has('floor')) {
    const v = med('fast') / med('floor');
    summary.fastOverFloor = v;
    figure({ section: 'decisions', name: 'fast path / floor', value: v, unit: '×', target: '≥ 0.4', met: v >= 0.4 });
  }
  if (has('explain')) {
    const v = med('explain');
    figure({ section: 'decisions', name: 'explaining path', value: v, unit: 'checks/s', target: '≥ 1,000,000', met: v >= 1e6 });
  }
  if (has('cedar')) {
    if (has('fast')) {
      const v = med('fast') / med('cedar');
      summary.fastOverCedar = v;
      figure({ section: 'decisions', name: 'fast path / cedar-wasm', value: v, unit: '×', target: '≥ 1,000', met: v >= 1000 });
    }
    if (has('explain')) {
      const v = med('explain') / med('cedar');
      summary.explainOverCedar = v;
      figure({ section: 'decisions', name: 'explaining path / cedar-wasm', value: v, unit: '×', target: '≥ 1,000', met: v >= 1000 });
    }
  }
  if (has('casbin') && has('fast')) {
    const v = med('fast') / med('casbin');
    summary.fastOverCasbin = v;
    figure({ section: 'decisions', name: 'fast path / casbin', value: v, unit: '×' });
  }
  if (has('explain') && has('floor')) {
    const v = med('explain') / med('floor');
    summary.explainOverFloor = v;
    figure({ section: 'decisions', name: 'explaining path / floor', value: v, unit: '×' });
  }
  summary.grants = grants;
  return summary;
}
