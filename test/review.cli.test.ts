// Access reviews through the real command (compiled, as installed: test/helpers/rolecheck.ts) in temporary folders: a baseline approved
// from the example; the same export audited against it (no change); a second version of the example with an
// escalation (fails --fail-on escalation and names the path, unless a waiver that has not expired covers it);
// a waiver file with an error (exit 2, nothing written); sign-off and verify (any edit after sign-off fails);
// diff and a what-if; the history of runs.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { ReviewData } from '../src/evidence/review.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

/** An audit, in its own process as a user runs it (cucumber runs in that process). */
const audit = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ROLECHECK, 'audit', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The other commands through main(), in this process (the same code path from the arguments on; no start-up per call). */
const run = async (...args: string[]) => {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    stdout += String(c);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    stderr += String(c);
    return true;
  });
  try {
    return { code: await main(['node', 'rolecheck', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
};
const dir = mkdtempSync(join(tmpdir(), 'rolecheck-review-'));
const baseline = join(dir, 'baseline.json');
const readJson = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;

/** The second version of the example: lee.gu is made System Administrator, grady.archie joins the AP Team. */
const v2 = join(dir, 'contoso-v2');
const waiverFile = (expires: string) => {
  const f = join(dir, `waivers-${expires}.yaml`);
  writeFileSync(
    f,
    `version: 1
waivers:
  - id: W-010
    waives: { user: lee.gu@contoso.com }
    critical: true
    justification: Lee covers the administrators' on-call rota this quarter.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: CHG-2001
    expires: ${expires}
  - id: W-011
    waives: { user: grady.archie@contoso.com }
    justification: Grady helps accounts payable during the year-end close.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: CHG-2002
    expires: ${expires}
  - id: W-012
    waives: { user: lee.gu@contoso.com, delta: grant-added }
    justification: "Matches nothing: no role changed its grants in this version."
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: CHG-2003
    expires: 2099-12-31
`,
  );
  return f;
};

beforeAll(async () => {
  cpSync('examples/contoso', v2, { recursive: true });
  rmSync(join(v2, 'policies'), { recursive: true });
  appendFileSync(join(v2, 'role-assignments.csv'), 'lee.gu@contoso.com,user,System Administrator\n');
  appendFileSync(join(v2, 'team-members.csv'), 'AP Team,grady.archie@contoso.com\n');
  const r = await run('baseline', 'approve', 'examples/contoso', '--out', baseline, '--approver', 'Adele Vance', '--note', 'Q1 review');
  expect(r.code, r.stderr).toBe(0);
});

describe('baseline approve and audit --baseline', () => {
  it('writes a baseline that reads back; the same export against it has no change and passes --fail-on escalation', async () => {
    const b = readJson<{ format: string; approval: unknown; users: unknown[] }>(baseline);
    expect([b.format, b.approval, b.users.length]).toEqual([
      'rolecheck-access-baseline',
      { approver: 'Adele Vance', note: 'Q1 review' },
      29,
    ]);
    const out = join(dir, 'same');
    const r = audit('examples/contoso', '--baseline', baseline, '--out', out, '--fail-on', 'escalation', '--quiet', '--json');
    expect(r.code, r.stderr).toBe(0);
    const review = readJson<ReviewData>(join(out, 'review.json'));
    expect(review.delta!.counts).toEqual({ total: 0, escalations: 0, openEscalations: 0, byKind: {} });
    expect(review.delta!.items).toEqual([]);
    expect(JSON.parse(r.stdout).review.open.escalations).toBe(0);
    // Sign-off bound to the evidence: every output, listed in the manifest or not.
    expect((await run('verify', out)).code).toBe(0);
    const signed = await run('signoff', out, '--reviewer', 'Adele Vance', '--decision', 'approve', '--note', 'Q1 access review');
    expect(signed.code, signed.stderr).toBe(0);
    const records = readJson<{ records: Array<{ reviewer: string; decision: string; manifestSha256: string }> }>(
      join(out, 'signoff.json'),
    ).records;
    expect(records.map((x) => [x.reviewer, x.decision])).toEqual([['Adele Vance', 'approve']]);
    expect((await run('verify', out)).code).toBe(0);
    for (const file of ['compliance.html', 'review.json']) {
      const before = readFileSync(join(out, file));
      appendFileSync(join(out, file), ' ');
      const v = await run('verify', out);
      expect(v.code, file).toBe(1);
      expect(v.stderr).toContain(`${file}: changed since`);
      expect(v.stderr).toContain('NO LONGER MATCHES the evidence');
      expect((await run('signoff', out, '--reviewer', 'Someone', '--decision', 'approve')).code).toBe(2);
      writeFileSync(join(out, file), before);
    }
    const state = JSON.parse((await run('verify', out, '--json')).stdout) as { state: string };
    expect(state.state).toBe('signed');
  });

  it('an escalation fails --fail-on escalation and names the path; an expired waiver fails like no waiver; a current one passes', async () => {
    const history = join(dir, 'history');
    const expired = audit(
      v2,
      '--baseline',
      baseline,
      '--waivers',
      waiverFile('2020-01-31'),
      '--history',
      history,
      '--out',
      join(dir, 'v2-expired'),
      '--fail-on',
      'escalation',
    );
    expect(expired.code, expired.stderr).toBe(1);
    expect(expired.stderr).toContain('+ lee.gu@contoso.com now holds System Administrator, a privileged role (new direct assignment).');
    expect(expired.stderr).toContain('        AP Team Role (team AP Team, team privileges only): new member of team AP Team');
    expect(expired.stderr).toMatch(/W-010 expired on 2020-01-31: .* fail again/);
    const data = readJson<ReviewData>(join(dir, 'v2-expired', 'review.json'));
    const escalations = data.delta!.items.filter((i) => i.escalation);
    expect(new Set(escalations.map((i) => i.user))).toEqual(new Set(['lee.gu@contoso.com', 'grady.archie@contoso.com']));
    expect(new Set(escalations.map((i) => i.status))).toEqual(new Set(['expired']));
    expect(data.waivers!.list.map((w) => [w.id, w.status])).toEqual([
      ['W-010', 'expired'],
      ['W-011', 'expired'],
      ['W-012', 'unused'],
    ]);

    const current = audit(
      v2,
      '--baseline',
      baseline,
      '--waivers',
      waiverFile('2099-12-31'),
      '--history',
      history,
      '--out',
      join(dir, 'v2-waived'),
      '--fail-on',
      'escalation',
    );
    expect(current.code, current.stderr).toBe(0);
    expect(current.stderr).toContain('(0 not waived)');
    expect(current.stderr).toMatch(/W-012 matches nothing/);
    const waived = readJson<ReviewData>(join(dir, 'v2-waived', 'review.json'));
    expect(new Set(waived.delta!.items.filter((i) => i.escalation).map((i) => `${i.status} ${i.waiver}`))).toEqual(
      new Set(['waived W-010', 'waived W-011']),
    );
    expect(waived.history!.trend.map((t) => [t.exitCode, t.escalations])).toEqual([
      [1, escalations.length],
      [0, escalations.length],
    ]);
    expect(readdirSync(history).filter((f) => f.endsWith('.json'))).toHaveLength(2);
    expect(waived.sheets.map((s) => s.name)).toEqual(['Changes', 'Review items', 'Waivers', 'Sign-off', 'History']);
  });

  it('a waiver file with an error: exit 2, every problem with file:line:column, nothing written', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nwaivers:\n  - id: W-1\n    waives: { rule: DV-010 }\n    justification: Too short\n    author: a\n    approver: A\n    ticket: T\n    expires: 2026-13-01\n',
    );
    const out = join(dir, 'never');
    const history = join(dir, 'never-history');
    const r = audit('examples/contoso', '--waivers', bad, '--baseline', baseline, '--history', history, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error: '))).toEqual([
      `error: ${bad}:5:20: $.waivers[0].justification: value is empty or too short (got "Too short"); expected why the exception is accepted, in at least 10 characters`,
      `error: ${bad}:7:15: $.waivers[0].approver: the approver is the author (got "A"); expected an approver other than the author`,
      `error: ${bad}:9:14: $.waivers[0].expires: no such day (got "2026-13-01"); expected a real calendar day, as YYYY-MM-DD`,
    ]);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(history)).toBe(false);
    expect((await run('waivers', 'lint', bad)).code).toBe(2);
    expect((await run('waivers', 'lint', waiverFile('2099-12-31'))).code).toBe(0);
    expect((await run('waivers', 'lint', waiverFile('2020-01-31'))).code).toBe(1);
    expect(audit('examples/contoso', '--fail-on', 'escalation', '--out', out).code).toBe(2);
  });
});

describe('rolecheck diff', () => {
  it('two exports: text with escalations first, --json with every item; an export against its baseline: none', async () => {
    const t = await run('diff', 'examples/contoso', v2);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^Changes from contoso \(Contoso Production\) to contoso-v2 \(Contoso Production\):\n\nEscalations \(\d+\)\n/);
    expect((await run('diff', 'examples/contoso', v2, '--fail-on', 'escalation')).code).toBe(1);
    const j = JSON.parse((await run('diff', baseline, v2, '--json')).stdout) as {
      from: { kind: string };
      items: Array<{ kind: string; user?: string }>;
    };
    expect(j.from.kind).toBe('baseline');
    expect(new Set(j.items.filter((i) => i.kind === 'holding-added').map((i) => i.user))).toEqual(
      new Set(['lee.gu@contoso.com', 'grady.archie@contoso.com']),
    );
    const none = await run('diff', baseline, 'examples/contoso', '--fail-on', 'change');
    expect([none.code, none.stdout]).toEqual([
      0,
      `Changes from baseline.json (Contoso Production, approved ${readJson<{ approvedUtc: string }>(baseline).approvedUtc}) to contoso (Contoso Production): none.\n`,
    ]);
  });

  it('what-if: remove Salesperson from the Sales West Team — who loses Read on account?', async () => {
    const whatIf = join(dir, 'what-if');
    cpSync('examples/contoso', whatIf, { recursive: true });
    const file = join(whatIf, 'role-assignments.csv');
    writeFileSync(file, readFileSync(file, 'utf8').replace('Sales West Team,team,Salesperson\n', ''));
    const j = JSON.parse((await run('diff', 'examples/contoso', whatIf, '--json')).stdout) as {
      items: Array<{ kind: string; user?: string; table?: string; privilege?: string; before?: string }>;
    };
    expect(
      j.items.filter((i) => i.kind === 'access-removed' && i.table === 'account' && i.privilege === 'Read').map((i) => [i.user, i.before]),
    ).toEqual([['raul.razo@contoso.com', 'Local']]);
    expect(j.items.filter((i) => i.kind === 'team-role-removed')).toHaveLength(1);
  });

  it('a broken baseline is an input error with its place', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, readFileSync(baseline, 'utf8').replace('"version": 1', '"version": 2'));
    const r = await run('diff', broken, 'examples/contoso');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${broken}:3:14: $.version: value not allowed (got "2"); expected 1`);
  });
});
