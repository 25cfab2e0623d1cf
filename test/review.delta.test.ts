// Access snapshots and the delta between two: a small export changed in one place at a time gives exactly the
// expected changes, each with its path; the example against itself gives none; the baseline file is stable and
// reads back the same, and a broken one is reported at its line and JSON path.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExport } from '../src/exports/load.ts';
import { baselineText, readBaseline } from '../src/review/baseline-file.ts';
import { DataFileError } from '../src/review/data-file.ts';
import { diffSnapshots } from '../src/review/delta.ts';
import { snapshotOf } from '../src/review/snapshot.ts';
import { exportDir } from './helpers/exports.ts';

const FILES: Record<string, string> = {
  'tables.csv': 'name,ownership,custom\nnew_invoice,user,true\n',
  'roles.csv': 'name,business_unit,inheritance\nClerk,Fabrikam,\nApprover,Fabrikam,\n',
  'role-privileges.csv':
    'role,privilege,depth\nClerk,prvReadnew_invoice,Basic\nApprover,prvReadnew_invoice,Local\nApprover,prvWritenew_invoice,Local\n',
  'teams.csv': 'name,business_unit,type\nApprovers,Sales,owner\n',
  'team-members.csv': 'team,user\nApprovers,ana@fabrikam.com\n',
  'role-assignments.csv':
    'principal,principal_type,role\nana@fabrikam.com,user,Clerk\nben@fabrikam.com,user,Clerk\nApprovers,team,Approver\n',
};
const ref = (label: string) => ({ label, environment: 'Fabrikam', kind: 'export' as const });
const snap = async (files: Record<string, string>) => snapshotOf(await loadExport(exportDir({ ...FILES, ...files })));
const changes = async (files: Record<string, string>) => {
  const d = diffSnapshots(await snap({}), await snap(files), ref('before'), ref('after'));
  return d.items.map((i) => ({ id: i.id, escalation: i.escalation, path: i.path }));
};

describe('the delta between two snapshots', () => {
  it('a new team member: the membership, the role it now holds and the access it gives, each with its path', async () => {
    expect(await changes({ 'team-members.csv': 'team,user\nApprovers,ana@fabrikam.com\nApprovers,ben@fabrikam.com\n' })).toEqual([
      { id: 'membership-added:ben@fabrikam.com:Approvers', escalation: false, path: ['team Approvers holds Approver'] },
      {
        id: 'holding-added:ben@fabrikam.com:Approvers:Approver',
        escalation: true,
        path: ['Approver (team Approvers): new member of team Approvers'],
      },
      {
        id: 'access-added:ben@fabrikam.com:new_invoice:Write',
        escalation: true,
        path: ['Approver (team Approvers): new member of team Approvers'],
      },
      {
        id: 'access-widened:ben@fabrikam.com:new_invoice:Read',
        escalation: true,
        path: ['Approver (team Approvers): new member of team Approvers'],
      },
    ]);
  });

  it('a wider grant in a role: the grant, and every holder whose access widens, through that role', async () => {
    const d = await changes({
      'role-privileges.csv': FILES['role-privileges.csv']!.replace('Clerk,prvReadnew_invoice,Basic', 'Clerk,prvReadnew_invoice,Global'),
    });
    expect(d).toEqual([
      {
        id: 'grant-widened:Clerk:new_invoice:Read',
        escalation: true,
        path: ['role Clerk: prvReadnew_invoice Basic → Global', 'reaches 2 enabled users'],
      },
      {
        id: 'access-widened:ana@fabrikam.com:new_invoice:Read',
        escalation: true,
        path: ['Clerk: role changed: Read on new_invoice Basic → Global'],
      },
      {
        id: 'access-widened:ben@fabrikam.com:new_invoice:Read',
        escalation: true,
        path: ['Clerk: role changed: Read on new_invoice Basic → Global'],
      },
    ]);
  });

  it('a new holder of System Administrator is an escalation that says why the role is privileged', async () => {
    const s = await snap({ 'role-assignments.csv': `${FILES['role-assignments.csv']}ben@fabrikam.com,user,System Administrator\n` });
    const d = diffSnapshots(await snap({}), s, ref('before'), ref('after'));
    const holding = d.items.find((i) => i.kind === 'holding-added')!;
    expect(holding).toMatchObject({ user: 'ben@fabrikam.com', role: 'System Administrator', escalation: true });
    expect(holding.path[0]).toBe('System Administrator: new direct assignment');
    expect(holding.privileged![0]).toBe('System Administrator: every privilege, security roles included (ROLE-003)');
    expect(s.sources['ROLE-003']).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    expect(d.counts.escalations).toBe(d.items.filter((i) => i.escalation).length);
  });

  it('removals and a disabled user are changes, not escalations', async () => {
    expect(
      await changes({
        'users.csv': 'user,business_unit,enabled\nana@fabrikam.com,Sales,true\nben@fabrikam.com,Fabrikam,false\n',
        'role-assignments.csv': 'principal,principal_type,role\nana@fabrikam.com,user,Clerk\nben@fabrikam.com,user,Clerk\n',
      }),
    ).toEqual([
      { id: 'user-disabled:ben@fabrikam.com', escalation: false, path: [] },
      { id: 'team-role-removed:Approvers:Approver', escalation: false, path: [] },
      { id: 'holding-removed:ana@fabrikam.com:Approvers:Approver', escalation: false, path: [] },
      { id: 'access-narrowed:ana@fabrikam.com:new_invoice:Read', escalation: false, path: ['Clerk'] },
      { id: 'access-removed:ana@fabrikam.com:new_invoice:Write', escalation: false, path: [] },
      { id: 'access-removed:ben@fabrikam.com:new_invoice:Read', escalation: false, path: [] },
    ]);
  });

  it('the example against itself, and against its own baseline file, has no change', async () => {
    const loaded = await loadExport('examples/contoso');
    const s = snapshotOf(loaded);
    expect(diffSnapshots(s, s, ref('a'), ref('b')).items).toEqual([]);
    const file = join(exportDir({}), 'baseline.json');
    writeFileSync(file, baselineText(s));
    expect(diffSnapshots(await readBaseline(file), snapshotOf(await loadExport('examples/contoso')), ref('a'), ref('b')).items).toEqual([]);
  });
});

describe('the baseline file', () => {
  it('is the same bytes for the same export, one record a line', async () => {
    const a = baselineText(await snap({}));
    const b = baselineText(await snap({}));
    expect(a).toBe(b);
    expect(a).toContain(
      '\n      "Read": [\n        {"user": "ana@fabrikam.com", "depth": "Local", "via": ["Approver (team Approvers)"]},\n        {"user": "ben@fabrikam.com", "depth": "Basic", "via": ["Clerk"]}\n      ],',
    );
  });

  it('a broken baseline: every problem with its line, column and JSON path', async () => {
    const text = baselineText(await snap({}))
      .replace('"depth": "Local"', '"depth": "Locl"')
      .replace('"enabled": true', '"enabeld": true');
    const file = join(exportDir({}), 'baseline.json');
    writeFileSync(file, text);
    const e = (await readBaseline(file).catch((x: unknown) => x)) as DataFileError;
    expect(e).toBeInstanceOf(DataFileError);
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(e.problems.map((p) => [p.code, p.origin?.line, p.origin?.path, p.suggestions ?? []])).toEqual([
      ['missing', line('"user": "ana@fabrikam.com",') - 1, '$.users[0]', []],
      ['unknown-field', line('"enabeld"'), '$.users[0].enabeld', ['enabled']],
      ['not-allowed', line('"Locl"'), '$.access.new_invoice.Read[0].depth', ['Local']],
    ]);
  });
});

describe('hostile names', () => {
  it('a table named __proto__ is a table like any other in the snapshot, the baseline file and the delta', async () => {
    const files = {
      'tables.csv': 'name,ownership,custom\n__proto__,user,true\n',
      'roles.csv': 'name,business_unit,inheritance\nClerk,Fabrikam,\n',
      'role-privileges.csv': 'role,privilege,depth\nClerk,prvRead__proto__,Basic\n',
      'role-assignments.csv': 'principal,principal_type,role\nana@fabrikam.com,user,Clerk\n',
    };
    const before = snapshotOf(await loadExport(exportDir(files)));
    expect(Object.keys(before.access)).toContain('__proto__');
    expect(before.roles.find((r) => r.role === 'Clerk')!.grants['__proto__']).toEqual({ Read: 'Basic' });
    const file = join(exportDir({}), 'baseline.json');
    writeFileSync(file, baselineText(before));
    const read = await readBaseline(file);
    const after = snapshotOf(
      await loadExport(exportDir({ ...files, 'role-privileges.csv': 'role,privilege,depth\nClerk,prvRead__proto__,Global\n' })),
    );
    expect(diffSnapshots(read, after, ref('a'), ref('b')).items.map((i) => i.id)).toEqual([
      'grant-widened:Clerk:__proto__:Read',
      'access-widened:ana@fabrikam.com:__proto__:Read',
    ]);
  });
});
