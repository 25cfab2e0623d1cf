// Reads an environment export folder (the contract in shared/tenant-format.md) into the model's EnvironmentSpec,
// with an origin (file, line, column of each field) on every fact, then builds the model. Every problem of the
// export, from the CSV syntax to the model's own checks, is collected and raised together as an ExportError.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildModel, SpecError, suggest, type EnvironmentSpec, type Model, type Problem } from '../model/index.ts';
import { echo, oneLine, type Origin } from '../vocabulary/index.ts';
import { readCsv, type CsvRow, type CsvSchema } from './csv.ts';
import { nameCollisionWarnings } from './name-warnings.ts';
import { problemsDespiteBrokenFiles } from './partial-check.ts';

export const EXPORT_FILES = {
  environment: { file: 'environment.csv', required: ['name', 'type', 'dataverse'], optional: [] },
  businessUnits: { file: 'business-units.csv', required: ['name', 'parent'], optional: [] },
  users: { file: 'users.csv', required: ['user'], optional: ['business_unit', 'enabled'] },
  teams: { file: 'teams.csv', required: ['name', 'business_unit', 'type'], optional: [] },
  teamMembers: { file: 'team-members.csv', required: ['team', 'user'], optional: [] },
  roles: { file: 'roles.csv', required: ['name'], optional: ['business_unit', 'inheritance'] },
  rolePrivileges: { file: 'role-privileges.csv', required: ['role', 'privilege', 'depth'], optional: [] },
  tables: { file: 'tables.csv', required: ['name', 'ownership'], optional: ['custom'] },
  assignments: { file: 'role-assignments.csv', required: ['principal', 'principal_type', 'role'], optional: [] },
  records: { file: 'records.csv', required: ['id', 'table', 'owner'], optional: ['owner_type', 'business_unit'] },
  shares: { file: 'shares.csv', required: ['record', 'principal', 'principal_type', 'rights'], optional: [] },
} as const satisfies Record<string, CsvSchema>;

export interface InputFile { path: string; sha256: string; rows: number }

export interface LoadedExport {
  folder: string;
  spec: EnvironmentSpec;
  model: Model;
  files: InputFile[];
  warnings: Problem[];
}

export const MAX_REPORTED_ERRORS = 100;

/** Every problem of an export; `message` lists up to MAX_REPORTED_ERRORS of them, then how many more. */
export class ExportError extends Error {
  readonly problems: Problem[];
  readonly warnings: Problem[];
  constructor(problems: Problem[], warnings: Problem[] = []) {
    super(formatProblems(problems));
    this.name = 'ExportError';
    this.problems = problems;
    this.warnings = warnings;
  }
}

/** `file:line:column: message [column c] (got "v"); expected …; did you mean "…"?` */
export function formatExportProblem(p: Problem): string {
  const o = p.origin;
  const col = o && p.field ? o.columns?.[p.field] : undefined;
  const where = o ? `${o.file}${o.line > 0 ? `:${o.line}${col ? `:${col}` : ''}` : ''}: ` : '';
  const field = p.field && !['row', 'header'].includes(p.field) ? ` [column ${p.field}]` : '';
  const value = p.value !== undefined ? ` (got "${echo(p.value)}")` : '';
  const expected = p.expected ? `; expected ${p.expected}` : '';
  const hint = p.suggestions?.length ? `; did you mean ${p.suggestions.map((s) => `"${echo(s)}"`).join(' or ')}?` : '';
  return oneLine(`${where}${p.message}${field}${value}${expected}${hint}`);
}

export function formatProblems(problems: Problem[], max = MAX_REPORTED_ERRORS): string {
  const lines = problems.slice(0, max).map((p) => `error: ${formatExportProblem(p)}`);
  if (problems.length > max) lines.push(`… and ${problems.length - max} more error${problems.length - max === 1 ? '' : 's'} (${problems.length} in all)`);
  return lines.join('\n');
}

const BOOLEANS: Record<string, boolean> = { true: true, yes: true, '1': true, false: false, no: false, '0': false };

const FILE_ORDER: string[] = Object.values(EXPORT_FILES).map((f) => f.file);
function byLocation(a: Problem, b: Problem): number {
  const fa = FILE_ORDER.indexOf(a.origin?.file ?? ''); const fb = FILE_ORDER.indexOf(b.origin?.file ?? '');
  if (fa !== fb) return fa - fb;
  const la = a.origin?.line ?? 0; const lb = b.origin?.line ?? 0;
  if (la !== lb) return la - lb;
  return (a.field ? a.origin?.columns?.[a.field] ?? 0 : 0) - (b.field ? b.origin?.columns?.[b.field] ?? 0 : 0);
}

/**
 * Reads and validates the export in `folder`. Throws ExportError (all problems, sorted by file and line) when the
 * export is not usable; otherwise returns the spec, the model, the input files with their SHA-256, and warnings.
 */
export async function loadExport(folder: string): Promise<LoadedExport> {
  const dir = resolve(folder);
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ExportError([{ code: 'no-export', message: `export folder "${folder}" does not exist or is not a folder`, value: folder, expected: 'a folder of CSV files (environment.csv, users.csv, …)' }]);
  }
  const spec: EnvironmentSpec = {
    name: '', type: '', dataverse: true, businessUnits: [], users: [], teams: [], teamMembers: [], roles: [], rolePrivileges: [],
    tables: [], assignments: [], records: [], shares: [],
  };
  const files: InputFile[] = [];
  let structural = false;
  const origin = (file: string, r: CsvRow): Origin => ({ file, line: r.line, columns: r.columns });
  const bool = (file: string, r: CsvRow, field: string, fallback: boolean): boolean => {
    const v = r.values[field];
    if (v === undefined || v === '') return fallback;
    const b = BOOLEANS[v.toLowerCase()];
    if (b === undefined) {
      problems.push({ code: 'bad-boolean', message: 'not a boolean', origin: origin(file, r), field, value: v, expected: 'true, false, yes, no, 1 or 0' });
      return fallback;
    }
    return b;
  };
  const headers = new Map<string, string[]>();
  const read = async (schema: CsvSchema, need: boolean, onRow: (r: CsvRow) => void): Promise<boolean> => {
    const path = join(dir, schema.file);
    if (!existsSync(path)) {
      if (need) {
        problems.push({ code: 'missing-file', message: `required file ${schema.file} is missing from the export`, origin: { file: schema.file, line: 0 }, expected: `${schema.file} with the columns ${schema.required.join(', ')}` });
        structural = true;
      }
      return false;
    }
    const res = await readCsv(path, { ...schema, within: dir }, problems, warnings, onRow);
    if (res.structural) structural = true;
    headers.set(schema.file, res.header.map((h) => h.toLowerCase()));
    files.push({ path: schema.file, sha256: res.sha256, rows: res.rows });
    return true;
  };

  // environment.csv: exactly one data row.
  let envRows = 0;
  const F = EXPORT_FILES;
  await read(F.environment, true, (r) => {
    envRows++;
    if (envRows > 1) {
      problems.push({ code: 'several-environments', message: 'environment.csv has more than one data row', origin: origin(F.environment.file, r), field: 'name', value: r.values.name, expected: 'exactly one data row: one export describes one environment' });
      return;
    }
    spec.name = r.values.name ?? '';
    spec.type = r.values.type ?? '';
    spec.origin = origin(F.environment.file, r);
    if (!spec.name) problems.push({ code: 'missing-value', message: 'the environment has no name', origin: spec.origin, field: 'name', value: '', expected: 'the environment\'s display name' });
    const d = r.values.dataverse ?? '';
    const b = BOOLEANS[d.toLowerCase()];
    if (b === undefined) problems.push({ code: 'bad-boolean', message: 'not a boolean', origin: spec.origin, field: 'dataverse', value: d, expected: 'true, false, yes, no, 1 or 0 (does the environment have a Dataverse database?)' });
    else spec.dataverse = b;
  });
  if (envRows === 0 && existsSync(join(dir, F.environment.file)) && !problems.some((p) => p.origin?.file === F.environment.file)) {
    problems.push({ code: 'no-environment', message: 'environment.csv has no data row', origin: { file: F.environment.file, line: 2 }, expected: 'exactly one data row: name,type,dataverse' });
    structural = true;
  }

  await read(F.businessUnits, spec.dataverse, (r) => spec.businessUnits.push({ name: r.values.name!, parent: r.values.parent || null, origin: origin(F.businessUnits.file, r) }));
  await read(F.users, true, (r) => {
    const o = origin(F.users.file, r);
    spec.users.push({ name: r.values.user!, ...(r.values.business_unit !== undefined ? { businessUnit: r.values.business_unit } : {}), enabled: bool(F.users.file, r, 'enabled', true), origin: o });
  });
  await read(F.teams, false, (r) => spec.teams!.push({ name: r.values.name!, businessUnit: r.values.business_unit!, type: r.values.type!, origin: origin(F.teams.file, r) }));
  await read(F.teamMembers, false, (r) => spec.teamMembers!.push({ team: r.values.team!, user: r.values.user!, origin: origin(F.teamMembers.file, r) }));
  await read(F.roles, false, (r) => spec.roles!.push({ name: r.values.name!, ...(r.values.business_unit ? { businessUnit: r.values.business_unit } : {}), ...(r.values.inheritance ? { inheritance: r.values.inheritance } : {}), origin: origin(F.roles.file, r) }));
  await read(F.rolePrivileges, false, (r) => spec.rolePrivileges!.push({ role: r.values.role!, privilege: r.values.privilege!, depth: r.values.depth!, origin: origin(F.rolePrivileges.file, r) }));
  // A value the model would reject by leaving the row out (and then report every reference to it as unknown) is
  // reported here, and the row kept with a placeholder so that the other rows are still checked properly.
  const oneOf = (file: string, r: CsvRow, field: string, allowed: string[], what: string, fallback: string): string => {
    const v = r.values[field] ?? '';
    if (allowed.includes(v.toLowerCase())) return v;
    problems.push({ code: 'bad-value', message: `unknown ${what}`, origin: origin(file, r), field, value: v, expected: allowed.join(' or '), suggestions: suggest(v, allowed) });
    return fallback;
  };
  await read(F.tables, false, (r) => spec.tables!.push({ name: r.values.name!, ownership: oneOf(F.tables.file, r, 'ownership', ['user', 'organization'], 'table ownership', 'user'), custom: bool(F.tables.file, r, 'custom', true), origin: origin(F.tables.file, r) }));
  await read(F.assignments, false, (r) => spec.assignments!.push({ principal: r.values.principal!, principalType: r.values.principal_type!, role: r.values.role!, origin: origin(F.assignments.file, r) }));
  await read(F.records, false, (r) => spec.records!.push({ id: r.values.id!, table: r.values.table!, owner: r.values.owner!, ...(r.values.owner_type ? { ownerType: oneOf(F.records.file, r, 'owner_type', ['user', 'team'], 'owner type', 'user') } : {}), ...(r.values.business_unit ? { businessUnit: r.values.business_unit } : {}), origin: origin(F.records.file, r) }));
  await read(F.shares, false, (r) => spec.shares!.push({
    record: r.values.record!, principal: r.values.principal!, principalType: r.values.principal_type!,
    rights: (r.values.rights ?? '').split(';').map((x) => x.trim()).filter(Boolean), origin: origin(F.shares.file, r),
  }));

  // users.csv: business_unit is a required column when the environment has Dataverse.
  const usersHeader = headers.get(F.users.file);
  if (spec.dataverse && usersHeader && usersHeader.length > 0 && !usersHeader.includes('business_unit')) {
    problems.push({ code: 'missing-column', message: 'missing required column "business_unit" (required when the environment has Dataverse)', origin: { file: F.users.file, line: 1 }, field: 'business_unit', expected: 'a header with the columns user, business_unit (optional: enabled)' });
    structural = true;
  }

  let model: Model | undefined;
  if (!structural) {
    try {
      model = buildModel(spec);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      problems.push(...e.problems);
    }
    if (model) warnings.push(...model.compiled.warnings);
  } else problems.push(...problemsDespiteBrokenFiles(spec, problems));
  warnings.push(...nameCollisionWarnings(spec));
  if (problems.length || !model) {
    throw new ExportError([...problems].sort(byLocation), dedupeWarnings(warnings));
  }
  return { folder: dir, spec, model, files, warnings: dedupeWarnings(warnings) };
}

/** Unknown columns are reported once per file; other warnings as they come. */
function dedupeWarnings(ws: Problem[]): Problem[] {
  const seen = new Set<string>(); const out: Problem[] = [];
  for (const w of ws) { const k = `${w.code}|${w.origin?.file}|${w.field}|${w.origin?.line}`; if (!seen.has(k)) { seen.add(k); out.push(w); } }
  return out;
}

export function formatWarning(w: Problem): string {
  const o = w.origin;
  const col = o && w.field ? o.columns?.[w.field] : undefined;
  const where = o ? `${o.file}${o.line > 0 ? `:${o.line}${col ? `:${col}` : ''}` : ''}: ` : '';
  const hint = w.suggestions?.length ? `; did you mean ${w.suggestions.map((s) => `"${echo(s)}"`).join(' or ')}?` : '';
  return oneLine(`warning: ${where}${w.message}${hint}`);
}
