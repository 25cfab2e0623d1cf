// Turns the `--json` summary of `npm run bench` (its last line) into the markdown table of docs/performance.md.
//   npm run bench -- --json | tail -1 > .large/bench.json && node --import tsx bench/figures-md.ts .large/bench.json
import { readFileSync } from 'node:fs';
import { fmt, type Figure } from './lib.ts';

const summary = JSON.parse(readFileSync(process.argv[2]!, 'utf8').trim().split('\n').pop()!) as {
  figures: Figure[];
  machine: Record<string, unknown>;
};
const esc = (s: string) => s.replace(/\|/g, '\\|');
let out = '| section | figure | median | target | status | note |\n|---|---|---:|---|---|---|\n';
for (const f of summary.figures) {
  out += `| ${f.section} | ${esc(f.name)} | ${Number.isFinite(f.value) ? fmt(f.value, f.unit) : '—'} | ${f.target ?? ''} | ${f.met === undefined ? '' : f.met ? 'met' : '**not met**'} | ${esc(f.note ?? '')} |\n`;
}
process.stdout.write(out);
