// Records (rows to ask about) and their shares.
import { suggest } from '../errors.ts';
import { key, privilegeIndex, SHARE_RIGHTS } from '../../vocabulary/index.ts';
import type { RecordInfo, ShareInfo } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { BusinessUnits } from './business-units.ts';
import type { Problems } from './problems.ts';
import type { Tables } from './tables.ts';
import type { Principals } from './users.ts';

export interface Records {
  records: RecordInfo[];
  index: Map<string, number>;
  shares: ShareInfo[];
}

export function compileRecords(spec: EnvironmentSpec, P: Problems, bu: BusinessUnits, pr: Principals, tables: Tables): Records {
  const { users, teams } = pr;
  const index = new Map<string, number>();
  const records: RecordInfo[] = [];
  const T = tables.tables;
  for (const rec of spec.records ?? []) {
    if (!spec.dataverse) {
      P.err({
        code: 'records-without-dataverse',
        message: 'rows exist only in environments with Dataverse',
        field: 'id',
        value: rec.id,
        origin: rec.origin,
        expected: 'dataverse = true, or no records.csv rows',
      });
      continue;
    }
    const k = key(rec.id);
    if (!k) {
      P.empty('record id', 'id', rec.id, rec.origin, 'an id');
      continue;
    }
    if (index.has(k)) {
      P.duplicate(`duplicate record id "${rec.id.trim()}"`, 'id', rec.id, rec.origin, 'each id once');
      continue;
    }
    const ti = tables.index.get(key(rec.table));
    if (ti === undefined) {
      P.unknown(
        'table',
        'table',
        rec.table,
        T.map((t) => t.name),
        rec.origin,
      );
      continue;
    }
    if (T[ti]!.organizationOwned) {
      P.err({
        code: 'org-owned-record',
        message: `table "${T[ti]!.name}" is organization-owned: its rows have no owner and need no records.csv row`,
        field: 'table',
        value: rec.table,
        origin: rec.origin,
        expected: 'a user-owned table',
      });
      continue;
    }
    const ot = (rec.ownerType ?? '').trim() ? key(rec.ownerType!) : 'user';
    if (ot !== 'user' && ot !== 'team') {
      P.err({
        code: 'bad-value',
        message: 'unknown owner type',
        field: 'owner_type',
        value: rec.ownerType,
        origin: rec.origin,
        expected: 'user or team',
        suggestions: suggest(rec.ownerType!, ['user', 'team']),
      });
      continue;
    }
    const oi = ot === 'user' ? pr.userIndex.get(key(rec.owner)) : pr.teamIndex.get(key(rec.owner));
    if (oi === undefined) {
      P.unknown(ot, 'owner', rec.owner, ot === 'user' ? pr.userNames() : pr.teamNames(), rec.origin);
      continue;
    }
    if (ot === 'team' && teams[oi]!.type === 'access') {
      P.err({
        code: 'access-team-owner',
        message: `access team "${teams[oi]!.name}" cannot own rows`,
        field: 'owner',
        value: rec.owner,
        origin: rec.origin,
        expected: 'a user, an owner team or a group team',
      });
      continue;
    }
    const ownerBu = ot === 'user' ? users[oi]!.businessUnit : teams[oi]!.businessUnit;
    const b = (rec.businessUnit ?? '').trim() ? bu.ref(rec.businessUnit, 'business_unit', rec.origin) : ownerBu;
    index.set(k, records.length);
    records.push({ id: rec.id.trim(), table: ti, owner: ot === 'user' ? oi : users.length + oi, businessUnit: b, origin: rec.origin });
  }
  const shares: ShareInfo[] = [];
  const seen = new Set<string>();
  for (const s of spec.shares ?? []) {
    const ri = index.get(key(s.record));
    if (ri === undefined)
      P.unknown(
        'record',
        'record',
        s.record,
        records.map((r) => r.id),
        s.origin,
      );
    const pt = key(s.principalType);
    let pi = -1;
    if (pt === 'organization') {
      if ((s.principal ?? '').trim())
        P.err({
          code: 'bad-value',
          message: 'a share with the organization names no principal',
          field: 'principal',
          value: s.principal,
          origin: s.origin,
          expected: 'an empty principal for principal_type organization',
        });
    } else if (pt === 'user' || pt === 'team') {
      const found = pt === 'user' ? pr.userIndex.get(key(s.principal ?? '')) : pr.teamIndex.get(key(s.principal ?? ''));
      if (found === undefined) {
        P.unknown(pt, 'principal', s.principal ?? '', pt === 'user' ? pr.userNames() : pr.teamNames(), s.origin);
        continue;
      }
      pi = found;
    } else {
      P.err({
        code: 'bad-value',
        message: 'unknown principal type',
        field: 'principal_type',
        value: s.principalType,
        origin: s.origin,
        expected: 'user, team or organization',
        suggestions: suggest(s.principalType, ['user', 'team', 'organization']),
      });
      continue;
    }
    let rights = 0;
    let bad = false;
    if (s.rights.length === 0) {
      P.err({
        code: 'missing-value',
        message: 'a share needs at least one right',
        field: 'rights',
        value: '',
        origin: s.origin,
        expected: 'a ;-separated list of Read Write Delete Append AppendTo Assign Share',
      });
      bad = true;
    }
    for (const r of s.rights) {
      const i = privilegeIndex(r);
      if (i <= 0) {
        P.err({
          code: 'bad-value',
          message: 'unknown share right',
          field: 'rights',
          value: r,
          origin: s.origin,
          expected: 'Read, Write, Delete, Append, AppendTo, Assign or Share',
          suggestions: suggest(r, SHARE_RIGHTS),
        });
        bad = true;
      } else rights |= 1 << i;
    }
    if (ri === undefined || bad) continue;
    const dk = `${ri}|${pt}|${pi}`;
    if (seen.has(dk)) {
      P.duplicate(
        'the same record is shared twice with the same principal',
        'principal',
        s.principal ?? '',
        s.origin,
        'one row per record and principal, listing all rights',
      );
      continue;
    }
    seen.add(dk);
    shares.push({ record: ri, target: pt, principal: pi, rights, origin: s.origin });
  }
  return { records, index, shares };
}
