// `rolecheck check` end to end on contract version 2: random environments with disabled users, assignments of another
// business unit's copy of a role, and hierarchy security in both models are written as CSV exports (with depths
// spelled as names, admin-center labels, Web API numbers or depth masks), read back by the export reader, and every
// question about them is answered by `check`; each answer must be the reference implementation's
// (test/support/environments.ts), which follows the contract and nothing else.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkQueries } from '../src/check/check.ts';
import { loadExport } from '../src/exports/load.ts';
import { writeExportFolder } from '../src/exports/write-csv.ts';
import { arbPlan, queries, reference, toSpec } from './support/environments.ts';

const root = mkdtempSync(join(tmpdir(), 'rolecheck-check-v2-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const NAMES = ['Basic', 'Local', 'Deep', 'Global'];
const SPELLINGS: Record<string, string[]> = {
  names: NAMES,
  labels: ['User', 'Business Unit', 'Parent: Child Business Units', 'Organization'],
  numbers: ['0', '1', '2', '3'],
  masks: ['1', '2', '4', '8'],
};

/** Rewrites the depth column of role-privileges.csv in one spelling (masks only when a Global row makes them unambiguous). */
function respell(dir: string, style: string): string {
  const path = join(dir, 'role-privileges.csv');
  let rows: string[][];
  try {
    rows = parse(readFileSync(path), { bom: true }) as string[][];
  } catch {
    return 'none';
  }
  const depth = rows[0]!.indexOf('depth');
  const used = new Set(rows.slice(1).map((r) => r[depth]));
  const chosen =
    style === 'masks' && !used.has('Global')
      ? 'numbers'
      : style === 'numbers' && !used.has('Basic') && !used.has('Global')
        ? 'names'
        : style;
  const out = [rows[0]!, ...rows.slice(1).map((r) => r.map((v, i) => (i === depth ? (SPELLINGS[chosen]![NAMES.indexOf(v)] ?? v) : v)))];
  writeFileSync(path, out.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n') + '\n');
  return chosen;
}

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
}

describe('check on random version-2 exports', () => {
  it('answers every question as the reference does, whatever spelling the depths use', async () => {
    // Half the sample has hierarchy security reaching past direct reports, where only Read passes (a deeper level
    // never gives Write); the other half is as the generator makes it.
    const deep = arbPlan.filter((p) => (p.hierarchy?.depth ?? 0) >= 2);
    const plans = [...fc.sample(arbPlan, { numRuns: 30, seed: 2026 }), ...fc.sample(deep, { numRuns: 30, seed: 2027 })];
    const styles = Object.keys(SPELLINGS);
    let asked = 0;
    let allowed = 0;
    let disabled = 0;
    let hierarchy = 0;
    let copies = 0;
    for (const [i, plan] of plans.entries()) {
      const spec = toSpec(plan);
      disabled += spec.users.filter((u) => u.enabled === false).length;
      if (spec.hierarchy) hierarchy++;
      copies += (spec.assignments ?? []).filter((a) => a.businessUnit).length;
      const dir = join(root, `env-${i}`);
      writeExportFolder(spec, dir);
      respell(dir, styles[i % styles.length]!);
      const loaded = await loadExport(dir);
      const qs = queries(spec);
      const qPath = join(root, `q-${i}.csv`);
      writeFileSync(
        qPath,
        `user,privilege,table,record\n${qs.map((q) => [q.user, q.privilege, q.table, q.record ?? ''].join(',')).join('\n')}\n`,
      );
      const sink = new Collect();
      await checkQueries(loaded.model, qPath, sink);
      const answers = parse(Buffer.concat(sink.chunks), { columns: true }) as Array<Record<string, string>>;
      expect(answers).toHaveLength(qs.length);
      const ref = reference(spec);
      qs.forEach((q, k) => {
        const want = ref(q.user, q.privilege, q.table, q.record) ? 'allow' : 'deny';
        expect(answers[k]!.decision, `env ${i}: ${q.user} ${q.privilege} ${q.table} ${q.record ?? ''} (${answers[k]!.reason})`).toBe(want);
        if (want === 'allow') allowed++;
      });
      asked += qs.length;
    }
    // The sample is not vacuous: version 2's features are in it, and both answers are given.
    expect(asked).toBeGreaterThan(5000);
    expect(allowed).toBeGreaterThan(asked / 20);
    expect(disabled).toBeGreaterThan(5);
    expect(hierarchy).toBeGreaterThan(5);
    expect(copies).toBeGreaterThan(5);
  });
});
