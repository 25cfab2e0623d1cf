// Shared helpers of the benchmark: child processes, medians, and the figure table (every figure with its target).
import { spawn } from 'node:child_process';

export const ROOT = new URL('..', import.meta.url).pathname.replace(/\/$/, '');

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Figure {
  section: string;
  name: string;
  value: number;
  unit: string;
  /** human-readable target, e.g. "≥ 0.4 × floor" */
  target?: string;
  met?: boolean;
  note?: string;
}

export const figures: Figure[] = [];
export function figure(f: Figure): Figure {
  figures.push(f);
  return f;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
  maxRssKB?: number;
}

/** Runs a command; resolves with its output. `pollRss` samples /proc/<pid>/status VmHWM/VmRSS of the child tree. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; pollRss?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    let maxRssKB = 0;
    let timer: NodeJS.Timeout | undefined;
    if (opts.pollRss && child.pid) {
      const pid = child.pid;
      timer = setInterval(() => {
        maxRssKB = Math.max(maxRssKB, treeRssKB(pid));
      }, 50);
    }
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearInterval(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - t0, ...(opts.pollRss ? { maxRssKB } : {}) });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

import { readFileSync, readdirSync } from 'node:fs';
/** Resident set of a process and its descendants, in KB (Linux /proc). */
export function treeRssKB(pid: number): number {
  let total = 0;
  const kids = new Map<number, number[]>();
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const l = kids.get(ppid);
        if (l) l.push(Number(d));
        else kids.set(ppid, [Number(d)]);
      } catch {
        /* gone */
      }
    }
  } catch {
    return 0;
  }
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}

export function fmt(n: number, unit = ''): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const s = abs >= 100 ? Math.round(n).toLocaleString('en-US') : abs >= 10 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toFixed(3);
  return unit ? `${s} ${unit}` : s;
}

export function printTable(): void {
  const rows = figures.map((f) => [
    f.section,
    f.name,
    fmt(f.value, f.unit),
    f.target ?? '',
    f.met === undefined ? '' : f.met ? 'met' : 'NOT MET',
    f.note ?? '',
  ]);
  const head = ['section', 'figure', 'value', 'target', 'status', 'note'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(w[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`\n${line(head)}\n${w.map((n) => '-'.repeat(n)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

export const log = (s: string) => process.stdout.write(s + '\n');
