// One validator of a question (validateQuery, src/model/query.ts): `check`'s byte scanner (queries-scan.mjs) mirrors
// its problem codes. The same table of rows goes through both, and each must give the same first code (or none).
import { describe, expect, it } from 'vitest';
import { scanAll, plainFile, scanTables } from '../src/check/queries-plain.ts';
import { scanRows } from '../src/check/queries-scan.mjs';
import { buildModel, emptySpec, QUERY_PROBLEM_CODES, validateQuery, type QueryProblem } from '../src/model/index.ts';

const spec = emptySpec('validator');
spec.users.push({ name: 'ana@x', businessUnit: 'Root' }, { name: 'ben@x', businessUnit: 'Root' });
spec.tables!.push({ name: 'new_doc', ownership: 'user' }, { name: 'new_rate', ownership: 'organization' });
spec.roles!.push({ name: 'Doc Reader' });
spec.rolePrivileges!.push(
  { role: 'Doc Reader', privilege: 'prvReadnew_doc', depth: 'Global' },
  { role: 'Doc Reader', privilege: 'prvReadnew_ghost', depth: 'Global' },
);
spec.records!.push({ id: 'd1', table: 'new_doc', owner: 'ana@x' }, { id: 'a1', table: 'account', owner: 'ana@x' });
const model = buildModel(spec);

/** [user, privilege, table, record] -> the first code, or 'ok'. */
const CASES: Array<[string, string, string, string, string]> = [
  ['ana@x', 'Read', 'new_doc', 'd1', 'ok'],
  ['ANA@X', 'read', 'NEW_DOC', 'D1', 'ok'],
  ['ana@x', 'Create', 'new_doc', '', 'ok'],
  ['ana@x', 'Read', 'new_rate', '', 'ok'],
  ['', 'Read', 'new_doc', 'd1', 'missing-user'],
  ['ann@x', 'Read', 'new_doc', 'd1', 'unknown-user'],
  ['ana@x', '', 'new_doc', 'd1', 'missing-privilege'],
  ['ana@x', 'Reed', 'new_doc', 'd1', 'unknown-privilege'],
  ['ana@x', 'Read', '', 'd1', 'missing-table'],
  ['ana@x', 'Read', 'new_dok', 'd1', 'unknown-table'],
  ['ana@x', 'Read', 'new_ghost', 'd1', 'undescribed-table'],
  ['ana@x', 'Read', 'new_rate', 'r1', 'record-on-organization-owned'],
  ['ana@x', 'Create', 'new_doc', 'd1', 'record-on-create'],
  ['ana@x', 'Read', 'new_doc', 'd9', 'unknown-record'],
  ['ana@x', 'Read', 'new_doc', 'a1', 'record-of-other-table'],
  ['ana@x', 'Read', 'new_doc', '', 'missing-record'],
  ['ann@x', 'Reed', 'new_doc', 'd1', 'unknown-user'],
];

function viaValidator(u: string, p: string, t: string, r: string): string {
  const problems: QueryProblem[] = [];
  return validateQuery(model.compiled, { user: u, privilege: p, table: t, record: r }, problems) ? 'ok' : problems[0]!.code;
}

function viaScanner(u: string, p: string, t: string, r: string): string {
  const bytes = Buffer.from(`user,privilege,table,record\n${u},${p},${t},${r}\n`, 'latin1');
  const file = plainFile(bytes)!;
  const out = {
    user: new Int32Array(2),
    privilege: new Int8Array(2),
    table: new Int32Array(2),
    record: new Int32Array(2),
    start: new Int32Array(2),
    end: new Int32Array(2),
    formula: [] as number[],
  };
  const res = scanRows(bytes, file.at, 2, file.plan, scanTables(model.compiled), out);
  return res.rows === 1 ? 'ok' : (res.code ?? 'no code');
}

describe('one query validator, mirrored by the byte scanner', () => {
  it('the table covers every problem code of the validator', () => {
    expect(new Set(CASES.map((c) => c[4]).filter((c) => c !== 'ok'))).toEqual(new Set(QUERY_PROBLEM_CODES));
  });
  it.each(CASES)('%s %s %s %s -> %s', (u, p, t, r, code) => {
    expect(viaValidator(u, p, t, r)).toBe(code);
    expect(viaScanner(u, p, t, r)).toBe(code);
  });
  it('a valid file is resolved by the scanner to the same indices as the validator', () => {
    const rows = CASES.filter((c) => c[4] === 'ok');
    const bytes = Buffer.from(`user,privilege,table,record\n${rows.map((c) => c.slice(0, 4).join(',')).join('\n')}\n`, 'latin1');
    const scanned = scanAll(model.compiled, bytes, plainFile(bytes)!)!;
    rows.forEach((c, i) => {
      const want = validateQuery(model.compiled, { user: c[0], privilege: c[1], table: c[2], record: c[3] }, [])!;
      expect([scanned.user[i], scanned.privilege[i], scanned.table[i], scanned.record[i]]).toEqual([
        want.user,
        want.privilege,
        want.table,
        want.record,
      ]);
    });
  });
});
