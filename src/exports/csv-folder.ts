// Reads an export folder of CSV files (the contract, versions 1 and 2: docs/export-format.md) into an
// EnvironmentSpec, with an origin (file, line, column of each field) on every fact. Every problem of every file is
// collected; a file that cannot be read to the end is `broken`, so that the model's checks of the other files can
// still run without reporting consequences of the broken one.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suggest } from '../model/errors.ts';
import { blankSpec, type HierarchySpec, type RolePrivilegeSpec } from '../model/spec.ts';
import { inferDepthScheme, isDepthNumber, type Origin, type Problem } from '../vocabulary/index.ts';
import { readCsv, type CsvRow, type CsvSchema } from './csv.ts';
import type { SourceRead } from './source.ts';
import { PrivilegeRow } from './privilege-row.ts';

export const EXPORT_FILES = {
  environment: { file: 'environment.csv', required: ['name', 'type', 'dataverse'], optional: [] },
  businessUnits: { file: 'business-units.csv', required: ['name', 'parent'], optional: [] },
  users: { file: 'users.csv', required: ['user'], optional: ['business_unit', 'enabled', 'manager', 'position'] },
  hierarchy: { file: 'hierarchy.csv', required: ['model'], optional: ['depth', 'excluded_tables', 'managers_in_same_or_parent_unit'] },
  positions: { file: 'positions.csv', required: ['name', 'parent'], optional: [] },
  teams: { file: 'teams.csv', required: ['name', 'business_unit', 'type'], optional: [] },
  teamMembers: { file: 'team-members.csv', required: ['team', 'user'], optional: [] },
  roles: { file: 'roles.csv', required: ['name'], optional: ['business_unit', 'inheritance'] },
  rolePrivileges: { file: 'role-privileges.csv', required: ['role', 'privilege', 'depth'], optional: [] },
  tables: { file: 'tables.csv', required: ['name', 'ownership'], optional: ['custom', 'schema_name'] },
  privilegeNames: { file: 'privilege-names.csv', required: ['name', 'table', 'privilege'], optional: [] },
  assignments: { file: 'role-assignments.csv', required: ['principal', 'principal_type', 'role'], optional: ['business_unit'] },
  records: { file: 'records.csv', required: ['id', 'table', 'owner'], optional: ['owner_type', 'business_unit'] },
  shares: { file: 'shares.csv', required: ['record', 'principal', 'principal_type', 'rights'], optional: [] },
} as const satisfies Record<string, CsvSchema>;

export const CSV_FILE_ORDER: readonly string[] = Object.values(EXPORT_FILES).map((f) => f.file);

/** Booleans of the contract. A Map: a value such as `constructor` must not find an inherited property. */
export const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
]);
const BOOLEAN_EXPECTED = 'true, false, yes, no, 1 or 0';

/** Reads the CSV export in `dir` (which exists). */
export async function readCsvFolder(dir: string): Promise<SourceRead> {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const broken = new Set<string>();
  const spec = blankSpec();
  const files: SourceRead['files'] = [];
  const origin = (file: string, r: CsvRow): Origin => ({ file, line: r.line, columns: r.columns });
  const bool = (file: string, r: CsvRow, field: string, fallback: boolean): boolean => {
    const v = r.values[field];
    if (v === undefined || v === '') return fallback;
    const b = BOOLEANS.get(v.toLowerCase());
    if (b === undefined) {
      problems.push({
        code: 'bad-boolean',
        message: 'not a boolean',
        origin: origin(file, r),
        field,
        value: v,
        expected: BOOLEAN_EXPECTED,
      });
      return fallback;
    }
    return b;
  };
  // A value the model would reject by leaving the row out (and then report every reference to it as unknown) is
  // reported here, and the row kept with a placeholder so that the other rows are still checked properly.
  const oneOf = (file: string, r: CsvRow, field: string, allowed: readonly string[], what: string, fallback: string): string => {
    const v = r.values[field] ?? '';
    if (allowed.includes(v.toLowerCase())) return v;
    problems.push({
      code: 'bad-value',
      message: `unknown ${what}`,
      origin: origin(file, r),
      field,
      value: v,
      expected: allowed.join(' or '),
      suggestions: suggest(v, allowed),
    });
    return fallback;
  };
  const headers = new Map<string, string[]>();
  const read = async (schema: CsvSchema, need: boolean | string, onRow: (r: CsvRow) => void): Promise<boolean> => {
    const path = join(dir, schema.file);
    if (!existsSync(path)) {
      if (need) {
        problems.push({
          code: 'missing-file',
          message: `required file ${schema.file} is missing from the export${typeof need === 'string' ? ` (${need})` : ''}`,
          origin: { file: schema.file, line: 0 },
          expected: `${schema.file} with the columns ${schema.required.join(', ')}`,
        });
        broken.add(schema.file);
      }
      return false;
    }
    const res = await readCsv(path, { ...schema, within: dir }, problems, warnings, onRow);
    if (res.structural) broken.add(schema.file);
    headers.set(
      schema.file,
      res.header.map((h) => h.toLowerCase()),
    );
    files.push({ path: schema.file, sha256: res.sha256, rows: res.rows });
    return true;
  };
  /** A file of exactly one data row (environment.csv, hierarchy.csv). */
  const single = async (schema: CsvSchema, need: boolean, what: string, onRow: (r: CsvRow) => void): Promise<boolean> => {
    let n = 0;
    const present = await read(schema, need, (r) => {
      n++;
      if (n > 1) {
        problems.push({
          code: 'several-rows',
          message: `${schema.file} has more than one data row`,
          origin: origin(schema.file, r),
          field: schema.required[0],
          value: r.values[schema.required[0]!],
          expected: `exactly one data row: ${what}`,
        });
        return;
      }
      onRow(r);
    });
    if (present && n === 0 && !problems.some((p) => p.origin?.file === schema.file)) {
      problems.push({
        code: 'no-rows',
        message: `${schema.file} has no data row`,
        origin: { file: schema.file, line: 2 },
        expected: `exactly one data row: ${what}`,
      });
      broken.add(schema.file);
    }
    return present;
  };

  const F = EXPORT_FILES;
  await single(F.environment, true, 'one export describes one environment (name,type,dataverse)', (r) => {
    spec.name = r.values.name ?? '';
    spec.type = r.values.type ?? '';
    spec.origin = origin(F.environment.file, r);
    if (!spec.name)
      problems.push({
        code: 'missing-value',
        message: 'the environment has no name',
        origin: spec.origin,
        field: 'name',
        value: '',
        expected: "the environment's display name",
      });
    const d = r.values.dataverse ?? '';
    const b = BOOLEANS.get(d.toLowerCase());
    if (b === undefined)
      problems.push({
        code: 'bad-boolean',
        message: 'not a boolean',
        origin: spec.origin,
        field: 'dataverse',
        value: d,
        expected: `${BOOLEAN_EXPECTED} (does the environment have a Dataverse database?)`,
      });
    else spec.dataverse = b;
  });

  await read(F.businessUnits, spec.dataverse, (r) =>
    spec.businessUnits.push({ name: r.values.name!, parent: r.values.parent || null, origin: origin(F.businessUnits.file, r) }),
  );
  await read(F.users, true, (r) => {
    const v = r.values;
    spec.users.push({
      name: v.user!,
      ...(v.business_unit !== undefined ? { businessUnit: v.business_unit } : {}),
      enabled: bool(F.users.file, r, 'enabled', true),
      ...(v.manager ? { manager: v.manager } : {}),
      ...(v.position ? { position: v.position } : {}),
      origin: origin(F.users.file, r),
    });
  });
  const found: { hierarchy?: HierarchySpec } = {};
  await single(F.hierarchy, false, 'the hierarchy security settings (model,depth,excluded_tables,managers_in_same_or_parent_unit)', (r) => {
    const o = origin(F.hierarchy.file, r);
    const h: HierarchySpec = {
      model: oneOf(F.hierarchy.file, r, 'model', ['manager', 'position'], 'hierarchy model', 'manager').toLowerCase(),
      origin: o,
    };
    const d = r.values.depth ?? '';
    if (d !== '') {
      if (/^\d+$/.test(d) && Number(d) >= 1 && Number(d) <= 100) h.depth = Number(d);
      else
        problems.push({
          code: 'bad-value',
          message: 'not a hierarchy depth',
          origin: o,
          field: 'depth',
          value: d,
          expected: 'a whole number from 1 to 100 (default 3)',
        });
    }
    const ex = (r.values.excluded_tables ?? '')
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
    if (ex.length) h.excludedTables = ex;
    if ((r.values.managers_in_same_or_parent_unit ?? '') !== '')
      h.managersInSameOrParentUnit = bool(F.hierarchy.file, r, 'managers_in_same_or_parent_unit', true);
    found.hierarchy = h;
  });
  if (found.hierarchy) spec.hierarchy = found.hierarchy;
  const needPositions = found.hierarchy?.model === 'position' ? 'hierarchy.csv sets the position model' : false;
  await read(F.positions, needPositions, (r) =>
    spec.positions!.push({ name: r.values.name!, parent: r.values.parent || null, origin: origin(F.positions.file, r) }),
  );
  await read(F.teams, false, (r) =>
    spec.teams!.push({
      name: r.values.name!,
      businessUnit: r.values.business_unit!,
      type: r.values.type!,
      origin: origin(F.teams.file, r),
    }),
  );
  await read(F.teamMembers, false, (r) =>
    spec.teamMembers!.push({ team: r.values.team!, user: r.values.user!, origin: origin(F.teamMembers.file, r) }),
  );
  await read(F.roles, false, (r) =>
    spec.roles!.push({
      name: r.values.name!,
      ...(r.values.business_unit ? { businessUnit: r.values.business_unit } : {}),
      ...(r.values.inheritance ? { inheritance: r.values.inheritance } : {}),
      origin: origin(F.roles.file, r),
    }),
  );
  const rpStart = spec.rolePrivileges!.length;
  // The largest file by far (2.5 million rows at 100,000 users): its rows keep one copy of each distinct name and
  // depth, and make their origin when asked (the parsed values point into the whole file's text, and an origin
  // object per row was 2 of the audit's peak gigabytes with the rest; measured, docs/performance.md).
  const intern = new Map<string, string>();
  const once = (x: string): string => {
    let y = intern.get(x);
    if (y === undefined) {
      y = (' ' + x).slice(1);
      intern.set(y, y);
    }
    return y;
  };
  await read(F.rolePrivileges, false, (r) =>
    spec.rolePrivileges!.push(
      new PrivilegeRow(once(r.values.role!), once(r.values.privilege!), once(r.values.depth!), F.rolePrivileges.file, r.line, r.columns),
    ),
  );
  inferSchemeOfFile(F.rolePrivileges.file, spec.rolePrivileges!.slice(rpStart), problems, warnings);
  await read(F.tables, false, (r) =>
    spec.tables!.push({
      name: r.values.name!,
      ownership: oneOf(F.tables.file, r, 'ownership', ['user', 'organization'], 'table ownership', 'user'),
      custom: bool(F.tables.file, r, 'custom', true),
      ...(r.values.schema_name ? { schemaName: r.values.schema_name } : {}),
      origin: origin(F.tables.file, r),
    }),
  );
  await read(F.privilegeNames, false, (r) =>
    spec.privilegeNames!.push({
      name: r.values.name!,
      table: r.values.table!,
      privilege: r.values.privilege!,
      origin: origin(F.privilegeNames.file, r),
    }),
  );
  await read(F.assignments, false, (r) =>
    spec.assignments!.push({
      principal: r.values.principal!,
      principalType: r.values.principal_type!,
      role: r.values.role!,
      ...(r.values.business_unit ? { businessUnit: r.values.business_unit } : {}),
      origin: origin(F.assignments.file, r),
    }),
  );
  await read(F.records, false, (r) =>
    spec.records!.push({
      id: r.values.id!,
      table: r.values.table!,
      owner: r.values.owner!,
      ...(r.values.owner_type ? { ownerType: oneOf(F.records.file, r, 'owner_type', ['user', 'team'], 'owner type', 'user') } : {}),
      ...(r.values.business_unit ? { businessUnit: r.values.business_unit } : {}),
      origin: origin(F.records.file, r),
    }),
  );
  await read(F.shares, false, (r) =>
    spec.shares!.push({
      record: r.values.record!,
      principal: r.values.principal!,
      principalType: r.values.principal_type!,
      rights: (r.values.rights ?? '')
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean),
      origin: origin(F.shares.file, r),
    }),
  );

  // users.csv: business_unit is a required column when the environment has Dataverse.
  const usersHeader = headers.get(F.users.file);
  if (spec.dataverse && usersHeader && usersHeader.length > 0 && !usersHeader.includes('business_unit')) {
    problems.push({
      code: 'missing-column',
      message: 'missing required column "business_unit" (required when the environment has Dataverse)',
      origin: { file: F.users.file, line: 1 },
      field: 'business_unit',
      expected: 'a header with the columns user, business_unit (optional: enabled, manager, position)',
    });
    broken.add(F.users.file);
  }
  return { spec, files, problems, warnings, broken, fileOrder: CSV_FILE_ORDER };
}

/**
 * Bare numbers in a depth column are read by one scheme per file (src/vocabulary/depths.ts): the scheme is set on
 * every row of the file; rows whose numbers contradict the file's scheme are errors; a file of only 1, 2 and 4 is
 * read as Web API numbers with one warning.
 */
export function inferSchemeOfFile(file: string, rows: RolePrivilegeSpec[], problems: Problem[], warnings: Problem[]): void {
  const numeric = rows.filter((r) => isDepthNumber(r.depth));
  if (numeric.length === 0) return;
  const inf = inferDepthScheme(numeric.map((r) => r.depth));
  let scheme = inf.scheme;
  if (inf.contradictory) {
    const isEnumOnly = (d: string) => {
      const n = Number(d.trim());
      return n === 0 || n === 3;
    };
    const isMaskOnly = (d: string) => Number(d.trim()) === 8;
    const enumRows = numeric.filter((r) => isEnumOnly(r.depth));
    const maskRows = numeric.filter((r) => isMaskOnly(r.depth));
    scheme = maskRows.length > enumRows.length ? 'mask' : 'enum';
    const [kept, contradicting] = scheme === 'enum' ? [enumRows, maskRows] : [maskRows, enumRows];
    const first = kept[0]!;
    for (const r of contradicting) {
      problems.push({
        code: 'depth-scheme',
        message:
          scheme === 'enum'
            ? `depth ${r.depth.trim()} is a depth mask (8 = Global), but this file writes Web API depth numbers (line ${first.origin?.line ?? '?'}: ${first.depth.trim()})`
            : `depth ${r.depth.trim()} is a Web API depth number, but this file writes depth masks (line ${first.origin?.line ?? '?'}: ${first.depth.trim()})`,
        origin: r.origin,
        field: 'depth',
        value: r.depth,
        expected:
          'one numbering per file: Web API numbers (0 Basic, 1 Local, 2 Deep, 3 Global, 4 RecordFilter) or depth masks (1 Basic, 2 Local, 4 Deep, 8 Global); depth names (Basic, Local, Deep, Global) are never ambiguous',
      });
    }
  } else if (inf.ambiguous) {
    const first = numeric[0]!;
    warnings.push({
      code: 'depth-scheme-ambiguous',
      origin: first.origin
        ? { file, line: first.origin.line, ...(first.origin.columns ? { columns: first.origin.columns } : {}) }
        : { file, line: 0 },
      field: 'depth',
      message: `the depths of ${file} are numbers 1, 2 and 4 only, which are valid both as Web API numbers and as depth masks: read as Web API numbers (1 Local, 2 Deep, 4 RecordFilter); write Basic, Local, Deep or Global to say it plainly, or add a row with 0 or 3 (Web API numbers) or 8 (masks)`,
    });
  }
  for (const r of rows) r.depthScheme = scheme;
}
