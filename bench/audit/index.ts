// Large-audit benchmark: a seeded 20,000-user export (bench/gen-large.ts), `rolecheck audit` end to end with the
// peak RSS of its process tree, the phases in-process (bench/audit/phases-child.ts), the raw csv-parse peer,
// `rolecheck report --from` (the report phase), and `check` on 1,000,000 queries.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { figure, fmt, log, median, ROOT, run } from '../lib.ts';
import { generateLarge, largeDefaults } from '../gen-large.ts';

export interface AuditOpts { runs: number; users: number; queries: number; skipE2e?: boolean }

const node = process.execPath;
const MB = 2 ** 20;

export async function audit(o: AuditOpts): Promise<Record<string, unknown>> {
  const dir = join(ROOT, '.large', `bench-${o.users}`);
  const queries = `${dir}-queries.csv`;
  const gen = largeDefaults(o.users); gen.queries = o.queries;
  log(`\n## Large audit: ${o.users.toLocaleString('en-US')} users, ${gen.bus} BUs, ${gen.teams} teams, ${gen.roles} custom roles, ${gen.tables} tables, ${gen.records.toLocaleString('en-US')} records, ${gen.shares.toLocaleString('en-US')} shares (seed ${gen.seed})`);
  if (!existsSync(join(dir, 'shares.csv')) || !existsSync(queries)) {
    const s = await generateLarge(dir, gen);
    log(`  generated ${dir}: ${s.totalRows.toLocaleString('en-US')} rows, ${fmt(s.totalBytes / MB)} MB (role-privileges.csv: ${s.files['role-privileges.csv']!.rows.toLocaleString('en-US')} rows)`);
  }
  const summary: Record<string, unknown> = { export: dir };

  // Phases, in fresh processes.
  const phases: Array<Record<string, number>> = [];
  for (let r = 0; r < o.runs; r++) {
    const res = await run(node, ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx', 'bench/audit/phases-child.ts', dir, ...(o.queries ? [queries] : [])]);
    const line = res.stdout.trim().split('\n').pop() ?? '';
    if (res.code !== 0 || !line.startsWith('{')) throw new Error(`phases run failed (exit ${res.code}): ${res.stderr.slice(-2000)}`);
    const p = JSON.parse(line) as Record<string, number>;
    phases.push(p);
    log(`  phases run ${r + 1}: raw csv-parse ${fmt(p.rawParseMs!)} ms, read+validate ${fmt(p.readValidateMs!)} ms, build ${fmt(p.buildMs!)} ms, findings ${fmt(p.findingsMs!)} ms, matrix ${fmt(p.matrixMs!)} ms (${fmt(p.matrixEvidenceBytes! / MB)} MB of evidence)${p.checkQps ? `, check ${fmt(p.checkQps)} queries/s` : ''}`);
  }
  const med = (k: string) => median(phases.map((p) => p[k]!).filter((x) => x !== undefined));
  const bytes = phases[0]!.bytes!;
  const rawMBs = bytes / MB / (med('rawParseMs') / 1000);
  const importMBs = bytes / MB / (med('readValidateMs') / 1000);
  summary.phases = { runs: phases, medians: Object.fromEntries(['rawParseMs', 'loadMs', 'readValidateMs', 'buildMs', 'findingsMs', 'matrixMs', 'matrixEvidenceBytes', 'checkAnswerMs', 'checkPeerParseMs', 'checkQps', 'checkBriefQps', 'checkDecideQps', 'peakRssMB'].map((k) => [k, med(k)])) };
  figure({ section: 'audit', name: 'raw csv-parse (peer)', value: rawMBs, unit: 'MB/s', note: `${fmt(bytes / MB)} MB, ${phases[0]!.rows!.toLocaleString('en-US')} rows in ${fmt(med('rawParseMs'))} ms` });
  figure({ section: 'audit', name: 'import (read + validate)', value: importMBs, unit: 'MB/s', note: `${fmt(med('readValidateMs'))} ms` });
  figure({ section: 'audit', name: 'import / raw csv-parse', value: importMBs / rawMBs, unit: '×', target: '≥ 0.5', met: importMBs / rawMBs >= 0.5 });
  figure({ section: 'audit', name: 'phase: build', value: med('buildMs'), unit: 'ms' });
  figure({ section: 'audit', name: 'phase: findings', value: med('findingsMs'), unit: 'ms' });
  figure({ section: 'audit', name: 'phase: effective-access matrix', value: med('matrixMs'), unit: 'ms', note: `${fmt(med('matrixEvidenceBytes') / MB)} MB of evidence JSON` });
  figure({ section: 'audit', name: 'peak RSS of the phases in one process', value: med('peakRssMB') / 1024, unit: 'GB', note: 'load + build again + findings + matrix (+ check)' });
  if (o.queries) {
    figure({ section: 'audit', name: `check: ${o.queries.toLocaleString('en-US')} queries after loading`, value: med('checkQps'), unit: 'queries/s', target: '≥ 1,000,000', met: med('checkQps') >= 1e6, note: 'as `check --out`: CSV in, validated in a worker, decided here, CSV written by a worker' });
    figure({ section: 'audit', name: 'check / csv-parse reading the same queries file', value: med('checkAnswerMs') / med('checkPeerParseMs'), unit: '×', note: `csv-parse alone: ${fmt(med('checkPeerParseMs'))} ms, no validation, no answers, no output; check: ${fmt(med('checkAnswerMs'))} ms` });
    figure({ section: 'audit', name: 'check: decisions alone (brief, what check uses)', value: med('checkBriefQps'), unit: 'queries/s', note: 'resolved queries, no CSV' });
    figure({ section: 'audit', name: 'check: decisions alone (explainIdx)', value: med('checkDecideQps'), unit: 'queries/s', note: 'resolved queries, no CSV; paths and rules objects' });
  }

  // End to end, with the peak RSS of the process tree (rolecheck + its cucumber child), polled every 50 ms.
  if (!o.skipE2e) {
    const out = join(ROOT, '.large', `bench-audit-${o.users}`);
    const res = await run(node, ['bin/rolecheck.mjs', 'audit', dir, '--out', out, '--fail-on', 'none', '--quiet'], { pollRss: true });
    const s = res.ms / 1000; const rssGB = (res.maxRssKB ?? 0) / 1024 / 1024;
    // A failed audit is a figure too (not met), with the reason; the other sections still run.
    const failed = res.code !== 0;
    const why = failed ? (/heap out of memory/.test(res.stderr) ? 'FAILED: rolecheck ran out of heap (JavaScript heap out of memory)' : `FAILED: exit ${res.code}: ${res.stderr.trim().split('\n').slice(-2).join(' ').slice(0, 200)}`) : undefined;
    if (failed) log(`  rolecheck audit failed after ${fmt(s)} s (exit ${res.code}):\n${res.stderr.slice(-1500)}`);
    summary.e2e = { seconds: s, peakTreeRssGB: rssGB, out, exitCode: res.code, ...(why ? { error: why } : {}) };
    figure({ section: 'audit', name: 'rolecheck audit, end to end', value: s, unit: 's', target: '≤ 30', met: !failed && s <= 30, ...(why ? { note: why } : {}) });
    figure({ section: 'audit', name: 'peak RSS (rolecheck, cucumber in its process)', value: rssGB, unit: 'GB', target: '≤ 1.5', met: !failed && rssGB <= 1.5, note: 'sum over the process tree, polled every 50 ms' });
    // The report phase: rebuilding every output from the run's message log.
    const ndjson = join(out, 'messages.ndjson');
    if (existsSync(ndjson)) {
      const rep = await run(node, ['bin/rolecheck.mjs', 'report', '--from', ndjson, '--out', `${out}-rebuilt`]);
      summary.reportMs = rep.ms;
      figure({ section: 'audit', name: 'phase: report (rolecheck report --from)', value: rep.ms, unit: 'ms', note: `${fmt(statSync(ndjson).size / MB)} MB of messages; includes ~0.4 s start-up` });
    }
  }
  return summary;
}
