// Solution section (issue 11): a generated unpacked solution of 2,000 roles × 500 privileges (plus 500 tables),
// imported by readSolution (read, parse, build the roles, privilege rows and tables with their origins) against
// the XML parser alone: the same files read and parsed by saxes, every element handed to a handler that keeps
// nothing (what a parser delivers; with no handler at all saxes skips building its output). Target: at most 2 ×.
//   npm run bench -- --only solution [--runs N] [--roles N] [--privileges N]
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { readSolution } from '../src/exports/solution.ts';
import { figure, fmt, log, median, ROOT } from './lib.ts';

const VERBS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
const LEVELS = ['Basic', 'Local', 'Deep', 'Global'];

/** Writes the solution once per shape into .large/ (generated data is not committed). */
function generate(dir: string, roles: number, privileges: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'Roles'), { recursive: true });
  const tables = Math.ceil(privileges / VERBS.length);
  for (let t = 0; t < tables; t++) {
    const name = `bench_Table${t}`;
    mkdirSync(join(dir, 'Entities', name), { recursive: true });
    writeFileSync(join(dir, 'Entities', name, 'Entity.xml'), `\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<Entity>\r\n  <Name LocalizedName="T${t}" OriginalName="T${t}">${name}</Name>\r\n  <EntityInfo>\r\n    <entity Name="${name}">\r\n      <OwnershipTypeMask>${t % 5 === 0 ? 'OrgOwned' : 'UserOwned'}</OwnershipTypeMask>\r\n    </entity>\r\n  </EntityInfo>\r\n</Entity>\r\n`);
  }
  for (let r = 0; r < roles; r++) {
    const rows: string[] = [];
    for (let p = 0; p < privileges; p++) rows.push(`    <RolePrivilege name="prv${VERBS[p % VERBS.length]}bench_Table${Math.floor(p / VERBS.length)}" level="${LEVELS[(p + r) % LEVELS.length]}" />`);
    writeFileSync(join(dir, 'Roles', `Bench Role ${r}.xml`), `\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<Role id="{00000000-0000-4000-a000-${String(r).padStart(12, '0')}}" name="Bench Role ${r}" isinherited="${r % 7 === 0 ? 0 : 1}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\r\n  <IsCustomizable>1</IsCustomizable>\r\n  <RolePrivileges>\r\n${rows.join('\r\n')}\r\n  </RolePrivileges>\r\n</Role>\r\n`);
  }
}

/** The peer: every file of the solution read and parsed by saxes, each element delivered and nothing kept. */
function parseOnly(dir: string): number {
  let n = 0;
  const files = [...readdirSync(join(dir, 'Roles')).map((f) => join(dir, 'Roles', f)), ...readdirSync(join(dir, 'Entities')).map((d) => join(dir, 'Entities', d, 'Entity.xml'))];
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
  const dir = join(ROOT, '.large', `bench-solution-${o.roles}x${o.privileges}`);
  generate(dir, o.roles, o.privileges);
  log(`\n## Solution: ${o.roles} roles × ${o.privileges} privileges (${fmt(o.roles * o.privileges)} rows), ${o.runs} runs each, alternating`);
  // Wall time and CPU time (user + system, every thread of the process: the garbage collector's too). On a shared
  // machine the wall time also measures the neighbours; the ratio is taken on CPU time.
  const imported: number[][] = []; const parsed: number[][] = [];
  const measure = (fn: () => void): number[] => {
    (globalThis as { gc?: () => void }).gc?.();
    const c = process.cpuUsage(); const t = performance.now();
    fn();
    const d = process.cpuUsage(c);
    return [performance.now() - t, (d.user + d.system) / 1000];
  };
  let rows = 0;
  for (let r = 0; r < o.runs; r++) {
    parsed.push(measure(() => { parseOnly(dir); }));
    imported.push(measure(() => {
      const s = readSolution(dir);
      if (s.problems.length) throw new Error(`the generated solution has problems: ${s.problems[0]!.message}`);
      rows = s.rolePrivileges.length;
    }));
  }
  if (rows !== o.roles * o.privileges) throw new Error(`imported ${rows} rows, expected ${o.roles * o.privileges}`);
  const wall = (xs: number[][]) => median(xs.map((x) => x[0]!)); const cpu = (xs: number[][]) => median(xs.map((x) => x[1]!));
  const ratio = cpu(imported) / cpu(parsed);
  log(`import wall ${imported.map((x) => fmt(x[0]!, 'ms')).join(', ')}; cpu ${imported.map((x) => fmt(x[1]!, 'ms')).join(', ')}`);
  log(`saxes alone wall ${parsed.map((x) => fmt(x[0]!, 'ms')).join(', ')}; cpu ${parsed.map((x) => fmt(x[1]!, 'ms')).join(', ')}`);
  figure({ section: 'solution', name: 'import (readSolution), median wall', value: wall(imported), unit: 'ms', note: `${fmt(rows)} privilege rows; cpu ${fmt(cpu(imported), 'ms')}` });
  figure({ section: 'solution', name: 'XML parser alone (saxes), median wall', value: wall(parsed), unit: 'ms', note: `cpu ${fmt(cpu(parsed), 'ms')}` });
  figure({ section: 'solution', name: 'import / parser alone (CPU time)', value: ratio, unit: '×', target: '≤ 2 ×', met: ratio <= 2, note: `wall-time ratio ${fmt(wall(imported) / wall(parsed))}` });
  rmSync(dir, { recursive: true, force: true });
  return { roles: o.roles, privileges: o.privileges, rows, importMs: wall(imported), parserMs: wall(parsed), importCpuMs: cpu(imported), parserCpuMs: cpu(parsed), ratio };
}
