// Summarises .cpuprofile files (node --cpu-prof): self time by function, top N, for docs/performance.md.
//   node --import tsx bench/profile-top.ts DIR-or-FILES... [N]
// tsx adds a loader thread with its own, mostly idle, profile: the profile with the most busy time is shown.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function selfTimes(prof: Profile): { busyUs: number; entries: Array<[string, number]> } {
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  let busy = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const n = byId.get(prof.samples[i]!)!;
    const us = prof.timeDeltas[i] ?? 0;
    const url = n.callFrame.url.replace(/^.*\/(main|node_modules)\//, '');
    const k = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    if (!k.startsWith('(idle)')) busy += us;
    out.set(k, (out.get(k) ?? 0) + us);
  }
  return { busyUs: busy, entries: [...out.entries()].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]) };
}

export function topOf(paths: string[], n = 25): string {
  const files = paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(p, f))
      : [p],
  );
  const best = files.map((f) => selfTimes(JSON.parse(readFileSync(f, 'utf8')) as Profile)).sort((a, b) => b.busyUs - a.busyUs)[0];
  if (!best) return 'no profile\n';
  let s = `busy ${(best.busyUs / 1000).toFixed(0)} ms\n`;
  for (const [k, us] of best.entries.slice(0, n))
    s += `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / best.busyUs).toFixed(1).padStart(5)}%  ${k}\n`;
  return s;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const n = Number(argv.find((a) => /^\d+$/.test(a)) ?? 25);
  process.stdout.write(
    topOf(
      argv.filter((a) => !/^\d+$/.test(a)),
      n,
    ),
  );
}
