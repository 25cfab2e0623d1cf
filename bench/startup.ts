// Start-up of the installed command: `rolecheck --version` and `rolecheck --help` from the packed tarball installed
// into an empty folder (what a user runs), against `node -e 0` measured in the same run. The three commands are
// alternated sample by sample, so a busy machine slows them alike; medians, and the ratio to `node -e 0` with the
// target of issue 15 (at most 3 ×). The checkout's own `--version` (TypeScript through tsx) is shown for contrast.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { figure, fmt, log, median, ROOT, run } from './lib.ts';

/** Packs the checkout (prepack builds dist/) and installs the tarball into `dir`; returns the installed bin. */
export function installPacked(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
  const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  npm(['pack', '--silent', '--pack-destination', dir], ROOT);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  writeFileSync(join(dir, 'app', 'package.json'), '{ "name": "startup-bench", "private": true }\n');
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], join(dir, 'app'));
  return join(dir, 'app', 'node_modules', 'rolecheck', 'bin', 'rolecheck.mjs');
}

export async function startup(o: { samples: number }): Promise<Record<string, unknown>> {
  const bin = installPacked(join(ROOT, '.large', 'startup'));
  const cwd = join(ROOT, '.large', 'startup', 'app');
  const commands: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['rolecheck --version (installed)', [bin, '--version']],
    ['rolecheck --help (installed)', [bin, '--help']],
    ['rolecheck --version (checkout, through tsx)', [join(ROOT, 'bin', 'rolecheck.mjs'), '--version']],
  ];
  log(`\n## Start-up: the installed command against node -e 0, ${o.samples} alternated samples each (after one warm-up)`);
  const times = commands.map(() => [] as number[]);
  for (const [, args] of commands) await run(process.execPath, args, { cwd });
  for (let s = 0; s < o.samples; s++) {
    for (const [i, [name, args]] of commands.entries()) {
      const r = await run(process.execPath, args, { cwd });
      if (r.code !== 0) throw new Error(`${name} exited with ${r.code}: ${r.stderr.slice(-500)}`);
      times[i]!.push(r.ms);
    }
  }
  const floor = median(times[0]!);
  const out: Record<string, unknown> = { samples: o.samples, nodeMs: floor };
  figure({ section: 'startup', name: 'node -e 0', value: floor, unit: 'ms', note: `samples: ${times[0]!.map((x) => fmt(x)).join(', ')}` });
  for (const [i, [name]] of commands.entries()) {
    if (i === 0) continue;
    const m = median(times[i]!);
    const ratio = m / floor;
    const targeted = name.includes('installed');
    figure({
      section: 'startup',
      name: `${name}: median / node -e 0`,
      value: ratio,
      unit: '×',
      ...(targeted ? { target: '≤ 3 ×', met: ratio <= 3 } : {}),
      note: `median ${fmt(m)} ms; samples: ${times[i]!.map((x) => fmt(x)).join(', ')}`,
    });
    out[name] = { medianMs: m, ratio };
  }
  return out;
}
