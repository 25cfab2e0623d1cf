// `check` on a hand-made export (test/fixtures/exports/check-semantics), each answer worked out from the contract's
// decision semantics. Business units: Root > A > A1 > A1x, and Root > B.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQueries, resolveQueries } from '../src/check/check.ts';
import { ExportError, formatExportProblem, loadExport, type LoadedExport } from '../src/exports/load.ts';

const EXPORT = 'test/fixtures/exports/check-semantics';

// [user, privilege, table, record, decision, depth, via, why]
type Row = [string, string, string, string, 'allow' | 'deny', string, string, string];
const CASES: Row[] = [
  ['owner@x.com', 'Read', 'new_doc', 'D1', 'allow', 'Basic', 'Reader Basic', 'Basic reaches the rows the user owns'],
  ['owner@x.com', 'Read', 'new_doc', 'D2', 'deny', '', '', "Basic does not reach a colleague's row, even in the same unit"],
  ['local@x.com', 'Read', 'new_doc', 'D1', 'allow', 'Local', 'Reader Local', "Local reaches rows of the user's unit A1"],
  ['local@x.com', 'Read', 'new_doc', 'D7', 'deny', '', '', 'Local does not reach A1x, a unit below A1'],
  ['deep@x.com', 'Read', 'new_doc', 'D7', 'allow', 'Deep', 'Reader Deep', 'Deep from A reaches A1x, two levels below'],
  ['deep@x.com', 'Read', 'new_doc', 'D3', 'deny', '', '', 'Deep from A does not reach B, a sibling branch'],
  ['global@x.com', 'Read', 'new_doc', 'D1', 'allow', 'Global', 'Reader Global', 'Global reaches every row'],
  [
    'teamonly@x.com',
    'Write',
    'new_doc',
    'D4',
    'allow',
    'Basic',
    'Team Only Writer (team T1)',
    'a team-only role acts on rows its team owns',
  ],
  ['teamonly@x.com', 'Write', 'new_doc', 'D3', 'deny', '', '', 'a team-only Basic grant does not reach other rows'],
  ['teamonly@x.com', 'Create', 'new_doc', '', 'deny', '', '', 'team-only roles do not let members create rows of their own'],
  [
    'teamonly@x.com',
    'Read',
    'new_doc',
    'D2',
    'allow',
    'Local',
    'Team Only Writer (team T1)',
    "Local is measured from the team's unit A1, not the user's unit B",
  ],
  ['teamonly@x.com', 'Write', 'new_doc', 'D6', 'deny', '', '', 'D6 is owned by T2, and the user is not a member of T2'],
  ['inherit@x.com', 'Create', 'new_doc', '', 'allow', 'Basic', 'Inherit Writer (team T2)', 'direct-and-team passes Create on to members'],
  [
    'inherit@x.com',
    'Write',
    'new_doc',
    'D5',
    'allow',
    'Basic',
    'Inherit Writer (team T2)',
    "direct-and-team Basic acts as a direct role on the user's own row",
  ],
  [
    'inherit@x.com',
    'Write',
    'new_doc',
    'D6',
    'allow',
    'Basic',
    'Inherit Writer (team T2)',
    'the row is owned by a team the user belongs to',
  ],
  ['sharer@x.com', 'Read', 'new_doc', 'D3', 'allow', '', 'share with sharer@x.com', 'shared with the user, and a role grants Read'],
  ['sharer@x.com', 'Write', 'new_doc', 'D3', 'deny', '', '', 'the share gives Write, but no role grants Write on new_doc'],
  ['none@x.com', 'Read', 'new_doc', 'D3', 'deny', '', '', 'a share alone is not enough without a role'],
  ['acc@x.com', 'Read', 'new_doc', 'D3', 'allow', '', 'share with AC1', 'shared with an access team the user belongs to'],
  ['org@x.com', 'Read', 'new_doc', 'D8', 'allow', '', 'share with organization', 'shared with the organization'],
  ['org@x.com', 'Read', 'new_doc', 'D3', 'deny', '', '', 'neither owned nor shared'],
  ['grp@x.com', 'Read', 'new_doc', 'D8', 'allow', 'Local', 'Reader Local (team G1)', "a group team role: Local from the team's unit A"],
  ['grp@x.com', 'Read', 'new_doc', 'D1', 'deny', '', '', 'Local from A does not reach A1'],
  ['owner@x.com', 'Read', 'new_setting', '', 'allow', 'Global', 'Setting Reader', 'organization-owned table: any grant is Global'],
  ['local@x.com', 'Read', 'new_setting', '', 'deny', '', '', 'no role grants Read on the organization-owned table'],
  ['sa@x.com', 'Delete', 'new_doc', 'D1', 'allow', 'Global', 'System Administrator', 'System Administrator holds everything at Global'],
  ['bu@x.com', 'Create', 'new_doc', '', 'deny', '', '', 'Basic User has nothing on custom tables'],
  ['bu@x.com', 'Read', 'account', 'ACC1', 'allow', 'Basic', 'Basic User', 'Basic User reads own rows of standard tables'],
  ['bu@x.com', 'Read', 'account', 'ACC3', 'deny', '', '', "Basic User does not read others' accounts"],
  ['sc@x.com', 'Read', 'new_doc', 'D3', 'allow', 'Global', 'System Customizer', 'System Customizer reads every custom row'],
  ['sc@x.com', 'Read', 'account', 'ACC3', 'deny', '', '', 'System Customizer reads only own accounts'],
  ['sc@x.com', 'Read', 'account', 'ACC2', 'allow', 'Basic', 'System Customizer', 'System Customizer reads own accounts'],
  ['em@x.com', 'Read', 'new_doc', 'D1', 'deny', '', '', 'Environment Maker has no data access'],
];

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString('utf8');
    cb();
  }
}

let loaded: LoadedExport;
let work: string;
beforeAll(async () => {
  loaded = await loadExport(EXPORT);
  work = mkdtempSync(join(tmpdir(), 'rolecheck-check-'));
});

function queriesFile(name: string, rows: string[][], header = ['user', 'privilege', 'table', 'record']): string {
  const path = join(work, name);
  writeFileSync(path, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  return path;
}

async function check(path: string): Promise<string[][]> {
  const q = await resolveQueries(loaded.model, path);
  const out = new Collect();
  await answerQueries(loaded.model, path, q, out);
  return parse(out.text) as string[][];
}

describe('check: decision semantics of the contract on a hand-made export', () => {
  it('answers every case as worked out, one row per query in input order', async () => {
    const rows = await check(
      queriesFile(
        'cases.csv',
        CASES.map((c) => c.slice(0, 4) as string[]),
      ),
    );
    expect(rows[0]).toEqual(['user', 'privilege', 'table', 'record', 'decision', 'depth', 'via', 'reason']);
    expect(rows).toHaveLength(CASES.length + 1);
    CASES.forEach((c, i) => {
      const [user, privilege, table, record, decision, depth, via, why] = c;
      const r = rows[i + 1]!;
      expect(r.slice(0, 4), why).toEqual([user, privilege, table, record]);
      expect({ why, decision: r[4], depth: r[5] }).toEqual({ why, decision, depth });
      if (via) expect(r[6]!.split('; '), why).toContain(via);
      else expect(r[6], why).toBe('');
      expect(r[7], why).toMatch(decision === 'allow' ? /^Allowed: / : /^Denied: /);
    });
  });

  it('keeps extra input columns and echoes the input values as written', async () => {
    const path = queriesFile(
      'extra.csv',
      [['ticket-1', 'OWNER@x.com', 'read', 'NEW_DOC', 'd1']],
      ['ticket', 'user', 'privilege', 'table', 'record'],
    );
    const rows = await check(path);
    expect(rows[0]).toEqual(['ticket', 'user', 'privilege', 'table', 'record', 'decision', 'depth', 'via', 'reason']);
    expect(rows[1]!.slice(0, 7)).toEqual(['ticket-1', 'OWNER@x.com', 'read', 'NEW_DOC', 'd1', 'allow', 'Basic']);
  });

  it('neutralises values a spreadsheet would run as formulas', async () => {
    const path = queriesFile(
      'formula.csv',
      [
        ['"=HYPERLINK(""http://x"")"', 'owner@x.com', 'Read', 'new_doc', 'D1'],
        ['@SUM(1)', 'owner@x.com', 'Read', 'new_doc', 'D2'],
      ],
      ['ticket', 'user', 'privilege', 'table', 'record'],
    );
    const rows = await check(path);
    expect(rows[1]![0]).toBe(`'=HYPERLINK("http://x")`);
    expect(rows[2]![0]).toBe("'@SUM(1)");
    expect(rows[1]!.slice(1, 6)).toEqual(['owner@x.com', 'Read', 'new_doc', 'D1', 'allow']);
  });

  it('reports every invalid query with file:line:column, the value, what was expected and the closest names', async () => {
    const path = queriesFile('bad.csv', [
      ['ownr@x.com', 'Read', 'new_doc', 'D1'],
      ['owner@x.com', 'Raed', 'new_doc', 'D1'],
      ['owner@x.com', 'Read', 'new_dok', 'D1'],
      ['owner@x.com', 'Read', 'new_doc', 'D99'],
      ['owner@x.com', 'Create', 'new_doc', 'D1'],
      ['owner@x.com', 'Read', 'new_doc', ''],
      ['owner@x.com', 'Read', 'new_setting', 'D1'],
      ['owner@x.com', 'Read', 'account', 'D1'],
    ]);
    try {
      await resolveQueries(loaded.model, path, 'bad.csv');
      throw new Error('no error');
    } catch (e) {
      if (!(e instanceof ExportError)) throw e;
      const m = e.problems.map(formatExportProblem);
      expect(m).toHaveLength(8);
      expect(m[0]).toMatch(
        /^bad\.csv:2:1: unknown user \[column user\] \(got "ownr@x\.com"\); expected a user from users\.csv; did you mean "owner@x\.com"/,
      );
      expect(m[1]).toMatch(
        /^bad\.csv:3:2: unknown privilege \[column privilege\] \(got "Raed"\); expected Create, Read, Write.*did you mean "Read"\?$/,
      );
      expect(m[2]).toMatch(/^bad\.csv:4:3: unknown table \[column table\] \(got "new_dok"\).*did you mean "new_doc"/);
      expect(m[3]).toMatch(/^bad\.csv:5:4: unknown record \[column record\] \(got "D99"\); expected an id from records\.csv/);
      expect(m[4]).toMatch(/^bad\.csv:6:4: Create makes a new row: a Create query names no record \[column record\] \(got "D1"\)/);
      expect(m[5]).toMatch(/^bad\.csv:7:4: missing record: Read on the user-owned table "new_doc"/);
      expect(m[6]).toMatch(/^bad\.csv:8:4: table "new_setting" is organization-owned/);
      expect(m[7]).toMatch(/^bad\.csv:9:4: record "D1" is a row of table "new_doc", not of "account"/);
    }
  });

  it('answers 100,000 queries in one run', async () => {
    const N = 100_000;
    const lines = ['user,privilege,table,record'];
    for (let i = 0; i < N; i++) lines.push(CASES[i % CASES.length]!.slice(0, 4).join(','));
    const path = join(work, 'many.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const q = await resolveQueries(loaded.model, path);
    expect(q.count).toBe(N);
    let rows = 0;
    let allows = 0;
    let tail = '';
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        const text = tail + chunk.toString('utf8');
        const parts = text.split('\n');
        tail = parts.pop()!;
        for (const p of parts) {
          rows++;
          if (p.includes(',allow,')) allows++;
        }
        cb();
      },
    });
    const n = await answerQueries(loaded.model, path, q, out);
    expect(n).toBe(N);
    expect(rows).toBe(N + 1);
    const allowPerCycle = CASES.filter((c) => c[4] === 'allow').length;
    const full = Math.floor(N / CASES.length);
    const rest = N % CASES.length;
    expect(allows).toBe(full * allowPerCycle + CASES.slice(0, rest).filter((c) => c[4] === 'allow').length);
  });
});
