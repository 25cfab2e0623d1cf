// Tables: the catalogue's standard and system tables, then the export's own (tables.csv, a solution's Entity.xml,
// a bundle's entitydefinitions.json). Also the name parts privilege names are made of (logical and schema names,
// the catalogue's documented exceptions), and privilege names given explicitly for a table.
import { catalogueNameParts } from '../../catalog/privilege-names.ts';
import { CATALOGUE_TABLES } from '../../catalog/tables.ts';
import { suggest } from '../errors.ts';
import { key, privilegeIndex, PRIVILEGES } from '../../vocabulary/index.ts';
import type { TableInfo } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { Problems } from './problems.ts';

export interface Tables {
  tables: TableInfo[];
  index: Map<string, number>;
  /** lower-case name part -> logical table names (for `prv` + verb + name part). */
  nameParts: Map<string, string[]>;
  /** lower-case full privilege name -> (privilege index, table index), from entity definitions. */
  explicit: Map<string, { privilege: number; table: number }>;
}

export function compileTables(spec: EnvironmentSpec, P: Problems): Tables {
  // Every table of the catalogue is a standard (non-custom) table: the contract's predefined roles speak of custom
  // tables, of Account, Contact and the activity tables (core), and of every other table as standard.
  const tables: TableInfo[] = CATALOGUE_TABLES.map((s) => ({
    name: s.name,
    organizationOwned: s.ownership === 'organization',
    custom: false,
    core: s.core,
    aiBuilder: s.aiBuilder,
  }));
  const index = new Map<string, number>(tables.map((t, i) => [t.name, i]));
  const declared = new Set<string>();
  for (const t of spec.tables ?? []) {
    const k = key(t.name);
    if (!k) {
      P.empty('table name', 'name', t.name, t.origin, 'a logical name such as new_project');
      continue;
    }
    if (declared.has(k)) {
      P.duplicate(`duplicate table "${t.name.trim()}"`, 'name', t.name, t.origin, 'each table once');
      continue;
    }
    declared.add(k);
    const own = key(t.ownership);
    if (own !== 'user' && own !== 'organization') {
      P.err({
        code: 'bad-value',
        message: 'unknown table ownership',
        field: 'ownership',
        value: t.ownership,
        origin: t.origin,
        expected: 'user or organization',
        suggestions: suggest(t.ownership, ['user', 'organization']),
      });
      continue;
    }
    const schemaName = t.schemaName?.trim() || undefined;
    const existing = index.get(k);
    if (existing !== undefined) {
      const s = tables[existing]!;
      s.organizationOwned = own === 'organization';
      s.custom = t.custom ?? false;
      s.origin = t.origin;
      if (schemaName) s.schemaName = schemaName;
    } else {
      index.set(k, tables.length);
      tables.push({
        name: t.name.trim(),
        organizationOwned: own === 'organization',
        custom: t.custom ?? true,
        core: false,
        aiBuilder: false,
        ...(schemaName ? { schemaName } : {}),
        origin: t.origin,
      });
    }
  }
  const nameParts = catalogueNameParts();
  const add = (part: string, table: string) => {
    const list = nameParts.get(part);
    if (!list) nameParts.set(part, [table]);
    else if (!list.includes(table)) list.push(table);
  };
  for (const t of tables) {
    add(key(t.name), key(t.name));
    if (t.schemaName) add(key(t.schemaName), key(t.name));
  }
  const explicit = new Map<string, { privilege: number; table: number }>();
  for (const pn of spec.privilegeNames ?? []) {
    const ti = index.get(key(pn.table));
    if (ti === undefined) {
      P.unknown(
        'table',
        'table',
        pn.table,
        tables.map((x) => x.name),
        pn.origin,
      );
      continue;
    }
    const pi = privilegeIndex(pn.privilege);
    if (pi < 0) {
      P.err({
        code: 'bad-value',
        message: 'unknown privilege type',
        field: 'privilege',
        value: pn.privilege,
        origin: pn.origin,
        expected: PRIVILEGES.join(', '),
        suggestions: suggest(pn.privilege, PRIVILEGES),
      });
      continue;
    }
    explicit.set(key(pn.name), { privilege: pi, table: ti });
  }
  return { tables, index, nameParts, explicit };
}
