// Solution section (issue 11): a generated unpacked solution of 2,000 roles × 500 privileges (plus 500 tables),
// imported by readSolution (read, parse, build the roles, privilege rows and tables with their origins) against
// the XML parser alone: the same files read and parsed by saxes, every element handed to a handler that keeps
// nothing (what a parser delivers; with no handler at all saxes skips building its output). Target: at most 2 ×.
//   npm run bench -- --only solution [--runs N] [--roles N] [--privileges N]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { readSolution } from '../src/exports/solution.ts';
import { figure, fmt, log, median, ROOT } from './lib.ts';

/** The peer: every file of the solution read and parsed by saxes, each element delivered and nothing kept. */
function parseOnly(dir: string): number {
  let n = 0;
  const files = [
    ...readdirSync(join(dir, 'Roles')).map((f) => join(dir, 'Roles', f)),
    ...readdirSync(join(dir, 'Entities')).map((d) => join(dir, 'Entities', d, 'Entity.xml')),
  ];
  for (const f of files) {
    let text = readFileSync(f).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const p = new SaxesParser({ position: true });
    p.on('opentag', () => {});
    p.write(text).close();
    n++;
  }
  return n;
}

export async function solution(o: { runs: number; roles: number; privileges: number }): Promise<Record<string, unknown>> {
  // Generated once (kept in .large/, like the audit section's data), in a child process: the strings of the
  // generation would otherwise still be in this heap while it is measured.
  const dir = join(ROOT, '.large', `bench-solution-${o.roles}x${o.privileges}`);
  if (!existsSync(join(dir, 'done'))) {
    const g = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench', 'solution-data.ts'), dir, String(o.roles), String(o.privileges)],
      { stdio: 'inherit' },
    );
    if (g.status !== 0) throw new Error('could not generate the solution');
  }
  log(
    `\n## Solution: ${o.roles} roles × ${o.privileges} privileges (${fmt(o.roles * o.privileges)} rows), ${o.runs} runs each, alternating`,
  );
  // Wall time and CPU time (user + system, every thread of the process: the garbage collector's too). On a shared
  // machine the wall time also measures the neighbours; the ratio is taken on CPU time.
  const imported: number[][] = [];
  const parsed: number[][] = [];
  const measure = (fn: () => void): number[] => {
    (globalThis as { gc?: () => void }).gc?.();
    const c = process.cpuUsage();
    const t = performance.now();
    fn();
    const d = process.cpuUsage(c);
    return [performance.now() - t, (d.user + d.system) / 1000];
  };
  let rows = 0;
  for (let r = 0; r < o.runs; r++) {
    parsed.push(
      measure(() => {
        parseOnly(dir);
      }),
    );
    imported.push(
      measure(() => {
        const s = readSolution(dir);
        if (s.problems.length) throw new Error(`the generated solution has problems: ${s.problems[0]!.message}`);
        rows = s.rolePrivileges.length;
      }),
    );
  }
  if (rows !== o.roles * o.privileges) throw new Error(`imported ${rows} rows, expected ${o.roles * o.privileges}`);
  const wall = (xs: number[][]) => median(xs.map((x) => x[0]!));
  const cpu = (xs: number[][]) => median(xs.map((x) => x[1]!));
  const ratio = cpu(imported) / cpu(parsed);
  log(`import wall ${imported.map((x) => fmt(x[0]!, 'ms')).join(', ')}; cpu ${imported.map((x) => fmt(x[1]!, 'ms')).join(', ')}`);
  log(`saxes alone wall ${parsed.map((x) => fmt(x[0]!, 'ms')).join(', ')}; cpu ${parsed.map((x) => fmt(x[1]!, 'ms')).join(', ')}`);
  figure({
    section: 'solution',
    name: 'import (readSolution), median wall',
    value: wall(imported),
    unit: 'ms',
    note: `${fmt(rows)} privilege rows; cpu ${fmt(cpu(imported), 'ms')}`,
  });
  figure({
    section: 'solution',
    name: 'XML parser alone (saxes), median wall',
    value: wall(parsed),
    unit: 'ms',
    note: `cpu ${fmt(cpu(parsed), 'ms')}`,
  });
  figure({
    section: 'solution',
    name: 'import / parser alone (CPU time)',
    value: ratio,
    unit: '×',
    target: '≤ 2 ×',
    met: ratio <= 2,
    note: `wall-time ratio ${fmt(wall(imported) / wall(parsed))}`,
  });
  return {
    roles: o.roles,
    privileges: o.privileges,
    rows,
    importMs: wall(imported),
    parserMs: wall(parsed),
    importCpuMs: cpu(imported),
    parserCpuMs: cpu(parsed),
    ratio,
  };
}
