// Waiver files: every problem of a bad file located; which items a set of waivers waives on a given day (active,
// expired: the item fails again, unused, a critical item refused without `critical: true`); the history's trend.
import { describe, expect, it } from 'vitest';
import { parseDataText } from '../src/review/data-file.ts';
import { DataFileError } from '../src/review/data-file.ts';
import { trendOf, HISTORY_FORMAT, type HistoryEntry } from '../src/review/history.ts';
import { applyWaivers, validateWaivers, type WaivableItem, type Waiver } from '../src/review/waivers.ts';

const validate = (text: string) => validateWaivers(parseDataText(text, 'waivers.yaml'));
const problemsOf = (text: string) => {
  try {
    validate(text);
  } catch (e) {
    if (e instanceof DataFileError)
      return e.problems.map(
        (p) =>
          `${p.origin?.line}:${p.origin?.columns?.['at']} ${p.origin?.path} ${p.code}${p.suggestions ? ` ${p.suggestions.join('|')}` : ''}`,
      );
    throw e;
  }
  return [];
};

const GOOD = `version: 1
waivers:
  - id: W-001
    waives: { findingKind: disabled-user, principal: ben@fabrikam.com }
    justification: Leaver kept for the retention period.
    author: lee
    approver: adele
    ticket: SEC-1
    expires: 2026-06-30
`;

describe('waiver files', () => {
  it('a valid file (YAML, or the same as JSON) gives its waivers with their line', () => {
    expect(validate(GOOD)).toEqual([
      {
        id: 'W-001',
        waives: { findingKind: 'disabled-user', principal: 'ben@fabrikam.com' },
        justification: 'Leaver kept for the retention period.',
        author: 'lee',
        approver: 'adele',
        ticket: 'SEC-1',
        expires: '2026-06-30',
        location: 'waivers.yaml:3',
      },
    ]);
    const json = JSON.stringify(
      {
        version: 1,
        waivers: [
          {
            id: 'W-1',
            waives: { rule: 'DV-010' },
            justification: 'A reason long enough.',
            author: 'a',
            approver: 'b',
            ticket: 'T-1',
            expires: '2026-01-01',
          },
        ],
      },
      null,
      2,
    );
    expect(validate(json).map((w) => w.id)).toEqual(['W-1']);
  });

  it('every problem of a bad file, in line order, with the closest allowed word', () => {
    const bad = `version: 1
waivers:
  - id: W-001
    waives: { findingKnd: disabled-user }
    justification: short
    author: Lee Gu
    approver: lee gu
    ticket: SEC-1
    expires: 2026-02-30
  - id: W-001
    waives: {}
    justification: A justification long enough.
    author: a
    approver: b
    ticket: " "
    expires: 31/12/2026
    critical: yes
    expiry: 2026-01-01
`;
    expect(problemsOf(bad)).toEqual([
      '4:15 $.waivers[0].waives.findingKnd unknown-field findingKind',
      '5:20 $.waivers[0].justification empty',
      '7:15 $.waivers[0].approver self-approved',
      '9:14 $.waivers[0].expires bad-date',
      '10:9 $.waivers[1].id duplicate-id',
      '11:13 $.waivers[1].waives empty',
      '15:13 $.waivers[1].ticket bad-format',
      '16:14 $.waivers[1].expires bad-format',
      '17:15 $.waivers[1].critical wrong-type',
      '18:5 $.waivers[1].expiry unknown-field expires',
    ]);
  });

  it('a YAML syntax error and a duplicate key are located', () => {
    expect(problemsOf('version: 1\nwaivers:\n  - id: [\n')).toEqual(['4:1 undefined syntax']);
    expect(problemsOf('version: 1\nversion: 1\nwaivers: []\n')).toEqual(['2:1 undefined syntax']);
  });
});

describe('applying waivers', () => {
  const w = (id: string, waives: Waiver['waives'], expires: string, critical?: boolean): Waiver => ({
    id,
    waives,
    justification: 'x'.repeat(10),
    author: 'a',
    approver: 'b',
    ticket: 'T',
    expires,
    ...(critical ? { critical } : {}),
  });
  const items: WaivableItem[] = [
    {
      source: 'finding',
      id: 'F001',
      severity: 'medium',
      text: '',
      fields: { findingKind: 'disabled-user', rule: 'DV-010', principal: 'ben@fabrikam.com', user: 'ben@fabrikam.com' },
    },
    {
      source: 'finding',
      id: 'F002',
      severity: 'critical',
      text: '',
      fields: { findingKind: 'not-assignable', rule: 'ROLE-006', principal: 'ana@fabrikam.com' },
    },
    {
      source: 'delta',
      id: 'access-added:ana@fabrikam.com:new_invoice:Delete',
      severity: 'medium',
      text: '',
      fields: { delta: 'access-added', user: 'ana@fabrikam.com', table: 'new_invoice', privilege: 'Delete' },
    },
    {
      source: 'policy',
      id: 'POL-001:ana@fabrikam.com',
      severity: 'high',
      text: '',
      fields: { rule: 'POL-001', principal: 'ana@fabrikam.com' },
    },
  ];
  it('active, expired (the item fails again), unused, and critical refused without critical: true', () => {
    const waivers = [
      w('W-1', { rule: 'dv-010', principal: 'BEN@fabrikam.com' }, '2026-03-01'),
      w('W-2', { delta: 'access-added', table: 'new_invoice' }, '2026-02-28'),
      w('W-3', { findingKind: 'not-assignable' }, '2026-12-31'),
      w('W-4', { role: 'Nobody' }, '2026-12-31'),
      w('W-5', { rule: '@POL-001' }, '2026-12-31'),
    ];
    const o = applyWaivers(waivers, items, '2026-03-01');
    expect(o.items.map((s) => [s.item.id, s.status, s.waiver ?? '', s.notes])).toEqual([
      ['F001', 'waived', 'W-1', []],
      ['F002', 'open', '', ['F002 is critical; waiver W-3 does not say "critical: true"']],
      ['access-added:ana@fabrikam.com:new_invoice:Delete', 'expired', 'W-2', ['waiver W-2 expired on 2026-02-28']],
      ['POL-001:ana@fabrikam.com', 'waived', 'W-5', []],
    ]);
    expect(o.waivers.map((s) => [s.waiver.id, s.status, s.matches, s.refused.length, s.daysLeft])).toEqual([
      ['W-1', 'active', ['F001'], 0, 0],
      ['W-2', 'expired', ['access-added:ana@fabrikam.com:new_invoice:Delete'], 0, -1],
      ['W-3', 'unused', [], 1, 305],
      ['W-4', 'unused', [], 0, 305],
      ['W-5', 'active', ['POL-001:ana@fabrikam.com'], 0, 305],
    ]);
    expect(applyWaivers([w('W-3', { findingKind: 'not-assignable' }, '2026-12-31', true)], items, '2026-03-01').items[1]!.status).toBe(
      'waived',
    );
  });
});

describe('history', () => {
  const entry = (t: string, keys: string[], escalations: number | null): HistoryEntry => ({
    format: HISTORY_FORMAT,
    version: 1,
    timeUtc: t,
    environment: 'E',
    exitCode: keys.length ? 1 : 0,
    manifestSha256: t,
    inputsSha256: '',
    findings: { total: keys.length, open: keys.length, waived: 0, expired: 0, bySeverity: {} },
    findingKeys: keys,
    policies: { total: 0, failed: 0 },
    delta: escalations === null ? null : { total: escalations, escalations, open: escalations },
    waivers: null,
  });
  it('the trend says which findings are new and which resolved since the run before', () => {
    const t = trendOf([entry('2026-01-01', ['a', 'b'], null), entry('2026-04-01', ['b', 'c'], 3), entry('2026-07-01', [], 0)], 2);
    expect(t.map((r) => [r.timeUtc, r.findings, r.escalations, r.newFindings, r.resolvedFindings])).toEqual([
      ['2026-04-01', 2, 3, ['c'], ['a']],
      ['2026-07-01', 0, 0, [], ['b', 'c']],
    ]);
  });
});
