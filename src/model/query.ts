// The one validator of a question (user, privilege, table, record). `resolve`, `check`'s reader and its byte
// scanner (src/check/queries-scan.mjs, which mirrors these codes) all follow it; a table-driven test feeds the same
// cases to each. Names follow src/vocabulary/names.ts.
import { key, PRIVILEGES, privilegeIndex } from '../vocabulary/index.ts';
import type { Compiled } from './compiled.ts';
import { suggest } from './errors.ts';

/** The index form of a question: record -1 for Create and for organization-owned tables. */
export interface ResolvedQuery {
  user: number;
  privilege: number;
  table: number;
  record: number;
}

export type QueryProblemCode =
  | 'missing-user'
  | 'unknown-user'
  | 'missing-privilege'
  | 'unknown-privilege'
  | 'missing-table'
  | 'unknown-table'
  | 'undescribed-table'
  | 'record-on-organization-owned'
  | 'record-on-create'
  | 'unknown-record'
  | 'record-of-other-table'
  | 'missing-record';

export const QUERY_PROBLEM_CODES: readonly QueryProblemCode[] = [
  'missing-user',
  'unknown-user',
  'missing-privilege',
  'unknown-privilege',
  'missing-table',
  'unknown-table',
  'undescribed-table',
  'record-on-organization-owned',
  'record-on-create',
  'unknown-record',
  'record-of-other-table',
  'missing-record',
];

export interface QueryProblem {
  code: QueryProblemCode;
  field: 'user' | 'privilege' | 'table' | 'record';
  message: string;
  value: string;
  expected: string;
  suggestions?: string[];
}

export interface QueryFields {
  user?: string;
  privilege?: string;
  table?: string;
  record?: string;
}

/** The names of one kind, made once per compiled model (suggestions index them once per list; profiled). */
const nameLists = new WeakMap<Compiled, { user?: string[]; table?: string[]; record?: string[] }>();
export function namesOf(c: Compiled, kind: 'user' | 'table' | 'record'): string[] {
  let lists = nameLists.get(c);
  if (!lists) nameLists.set(c, (lists = {}));
  return (lists[kind] ??=
    kind === 'user' ? c.users.map((x) => x.name) : kind === 'table' ? c.tables.map((x) => x.name) : c.records.map((x) => x.id));
}

/** `index.get(key(name))`, without making the key when the name is written as its key already (profiled). */
export function lookup(index: Map<string, number>, name: string): number | undefined {
  const hit = index.get(name);
  return hit !== undefined ? hit : index.get(key(name));
}

/**
 * Validates one question against the compiled model. Returns its indices, or undefined after pushing every problem
 * of the row into `problems` (each field is checked; a record is checked once user-independent fields are valid).
 */
export function validateQuery(c: Compiled, q: QueryFields, problems: QueryProblem[]): ResolvedQuery | undefined {
  let ok = true;
  const bad = (p: QueryProblem) => {
    ok = false;
    problems.push(p);
  };
  const userText = q.user ?? '';
  const u = lookup(c.index.user, userText);
  if (u === undefined) {
    bad(
      userText.trim()
        ? {
            code: 'unknown-user',
            field: 'user',
            message: 'unknown user',
            value: userText,
            expected: 'a user from users.csv',
            suggestions: suggest(userText, namesOf(c, 'user')),
          }
        : { code: 'missing-user', field: 'user', message: 'missing user', value: userText, expected: 'a user from users.csv' },
    );
  }
  const privText = q.privilege ?? '';
  const p = privilegeIndex(privText);
  if (p < 0) {
    bad(
      privText.trim()
        ? {
            code: 'unknown-privilege',
            field: 'privilege',
            message: 'unknown privilege',
            value: privText,
            expected: PRIVILEGES.join(', '),
            suggestions: suggest(privText, PRIVILEGES),
          }
        : { code: 'missing-privilege', field: 'privilege', message: 'missing privilege', value: privText, expected: PRIVILEGES.join(', ') },
    );
  }
  const tableText = q.table ?? '';
  const t = lookup(c.index.table, tableText);
  if (t === undefined) {
    const undescribed = tableText.trim() ? c.unknownTables.find((x) => x.name === key(tableText)) : undefined;
    if (undescribed) {
      bad({
        code: 'undescribed-table',
        field: 'table',
        value: tableText,
        expected: 'a table that tables.csv, a solution (--solution: Entities/<table>/Entity.xml) or entitydefinitions.json describes',
        message: `table "${undescribed.name}" is named by privileges (${undescribed.origin ? `${undescribed.origin.file}:${undescribed.origin.line}, ` : ''}role ${undescribed.roles[0]}) but no file describes it, so its ownership is unknown: add a row to tables.csv (name, ownership, custom), or give the solution or entitydefinitions.json that defines it`,
      });
    } else {
      bad(
        tableText.trim()
          ? {
              code: 'unknown-table',
              field: 'table',
              message: 'unknown table',
              value: tableText,
              expected: 'a table from tables.csv or a standard table (account, contact, …)',
              suggestions: suggest(tableText, namesOf(c, 'table')),
            }
          : {
              code: 'missing-table',
              field: 'table',
              message: 'missing table',
              value: tableText,
              expected: 'a table from tables.csv or a standard table (account, contact, …)',
            },
      );
    }
  }
  const recText = (q.record ?? '').trim();
  let r = -1;
  if (t !== undefined && p >= 0) {
    const tab = c.tables[t]!;
    if (recText) {
      if (tab.organizationOwned)
        bad({
          code: 'record-on-organization-owned',
          field: 'record',
          message: `table "${tab.name}" is organization-owned: its rows have no owner and no record id`,
          value: recText,
          expected: 'an empty record for an organization-owned table',
        });
      else if (p === 0)
        bad({
          code: 'record-on-create',
          field: 'record',
          message: 'Create makes a new row: a Create query names no record',
          value: recText,
          expected: 'an empty record for Create',
        });
      else {
        const found = lookup(c.index.record, recText);
        if (found === undefined) bad(unknownRecord(c, recText));
        else if (c.records[found]!.table !== t)
          bad({
            code: 'record-of-other-table',
            field: 'record',
            message: `record "${c.records[found]!.id}" is a row of table "${c.tables[c.records[found]!.table]!.name}", not of "${tab.name}"`,
            value: recText,
            expected: `a record of table ${tab.name}`,
          });
        else r = found;
      }
    } else if (p !== 0 && !tab.organizationOwned) {
      bad({
        code: 'missing-record',
        field: 'record',
        message: `missing record: ${PRIVILEGES[p]} on the user-owned table "${tab.name}" needs a record (a question is about one row)`,
        value: '',
        expected: 'an id from records.csv (empty only for Create and organization-owned tables)',
      });
    }
  } else if (recText && lookup(c.index.record, recText) === undefined) {
    // Whatever else is wrong with the row, an unknown record is reported too (every problem at once).
    bad(unknownRecord(c, recText));
  }
  return ok ? { user: u!, privilege: p, table: t!, record: r } : undefined;
}

function unknownRecord(c: Compiled, recText: string): QueryProblem {
  return {
    code: 'unknown-record',
    field: 'record',
    message: 'unknown record',
    value: recText,
    expected: 'an id from records.csv',
    suggestions: suggest(recText, namesOf(c, 'record')),
  };
}

/** Raised by `resolve` for an invalid question (unknown names raise UnknownNameError, which carries suggestions). */
export class QueryError extends Error {
  readonly problems: QueryProblem[];
  constructor(problems: QueryProblem[]) {
    super(problems.map((p) => `${p.message}${p.value ? ` (got "${p.value}")` : ''}; expected ${p.expected}`).join('; '));
    this.name = 'QueryError';
    this.problems = problems;
  }
}
