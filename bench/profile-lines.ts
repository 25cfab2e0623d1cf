// Line-level hot spots of one function in .cpuprofile files (positionTicks), for digging below profile-top.
//   node --import tsx bench/profile-lines.ts DIR FUNCTION_NAME [N]
// Line numbers are those of the code V8 ran (tsx/esbuild output), which keeps the source's line structure closely.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [dir, fn, n] = process.argv.slice(2);
const ticks = new Map<string, number>();
for (const f of readdirSync(dir!).filter((x) => x.endsWith('.cpuprofile'))) {
  const p = JSON.parse(readFileSync(join(dir!, f), 'utf8')) as {
    nodes: Array<{ callFrame: { functionName: string; url: string }; positionTicks?: Array<{ line: number; ticks: number }> }>;
  };
  for (const node of p.nodes) {
    if (node.callFrame.functionName !== fn) continue;
    for (const t of node.positionTicks ?? []) {
      const k = `${node.callFrame.url.replace(/^.*\/main\//, '')}:${t.line}`;
      ticks.set(k, (ticks.get(k) ?? 0) + t.ticks);
    }
  }
}
for (const [k, t] of [...ticks.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(n ?? 15)))
  process.stdout.write(`${String(t).padStart(6)}  ${k}\n`);
