// `rolecheck pull --url https://ORG.crm.dynamics.com --out <bundle>`: reads a live environment into a Web API
// bundle (src/exports/pull.ts). Progress on a terminal, a summary of what was read on stderr; exit 2 on an error,
// with the partial bundle kept for the next run.
import { pull, PullError, type PullSummary } from '../exports/pull.ts';
import { InputError, stderrSay } from './common.ts';

export async function pullCommand(opts: { url: string; out: string; environmentType?: string; quiet?: boolean }): Promise<number> {
  const started = Date.now();
  const tty = process.stderr.isTTY && !opts.quiet;
  let shown = false;
  const progress = (line: string) => {
    if (!tty) return;
    process.stderr.write(`\r\x1b[K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
    shown = line !== '';
  };
  let summary: PullSummary;
  try {
    summary = await pull({
      url: opts.url,
      out: opts.out,
      ...(opts.environmentType ? { environmentType: opts.environmentType } : {}),
      progress,
      say: (l) => {
        if (shown) progress('');
        stderrSay(l);
      },
    });
  } catch (e) {
    if (shown) progress('');
    if (e instanceof PullError) throw new InputError(`rolecheck pull: ${e.message}`);
    throw e;
  }
  if (!opts.quiet) for (const line of summaryLines(summary, (Date.now() - started) / 1000)) stderrSay(line);
  return 0;
}

export function summaryLines(s: PullSummary, seconds: number): string[] {
  return [
    `rolecheck pull: ${s.url} -> ${s.out}${s.resumed ? ' (continued a partial bundle)' : ''}`,
    ...s.files.map(
      (f) =>
        `  ${f.file.padEnd(24)} ${String(f.rows).padStart(7)} row${f.rows === 1 ? '' : 's'}${f.pages > 1 ? ` in ${f.pages} pages` : ''}`,
    ),
    `  roleprivileges/         ${String(s.rolePrivilegeFiles).padStart(7)} custom role${s.rolePrivilegeFiles === 1 ? '' : 's'} (predefined roles keep their documented definition)`,
    `  hierarchy settings      ${s.hierarchy === 'read' ? 'read' : s.hierarchy === 'off' ? 'off (no hierarchy.json)' : 'not readable (no hierarchy.json)'}`,
    `  ${s.requests} read-only requests in ${Math.round(seconds * 10) / 10} s${s.throttled ? `; throttled ${s.throttled} time${s.throttled === 1 ? '' : 's'}, waited ${s.waitedSeconds} s` : ''}${s.tokenRefreshes ? `; token refreshed ${s.tokenRefreshes} time${s.tokenRefreshes === 1 ? '' : 's'}` : ''}`,
    `  rows and shares (records.json, principalobjectaccess.json) are not pulled; add them by hand to ask about rows`,
  ];
}
