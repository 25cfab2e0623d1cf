// Writes an EnvironmentSpec as the CSV files of the export contract (docs/export-format.md), so that reading the
// folder back gives the same environment. The files are written into a temporary sibling folder, which then
// replaces the output folder: a failed run leaves the previous output as it was. A value that a spreadsheet would
// run as a formula (= + - @ tab return first) gets a leading apostrophe (csv-stringify's escape_formulas).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { EnvironmentSpec } from '../model/spec.ts';
import { depthName, readDepthValue } from '../vocabulary/index.ts';
import { CSV_FILE_ORDER } from './csv-folder.ts';

// csv-stringify's CommonJS build: one module instead of many through the TypeScript loader (see csv.ts).
const { stringify } = createRequire(import.meta.url)('csv-stringify/sync') as typeof import('csv-stringify/sync');

/** Raised when the output folder cannot be used; nothing was written. */
export class OutputFolderError extends Error {}

type Cell = string | number | boolean | null | undefined;

/** One file's text: header, then rows; CRLF as RFC 4180 writes it. */
function csv(header: string[], rows: Cell[][]): string {
  return stringify([header, ...rows.map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c))))], {
    escape_formulas: true,
    record_delimiter: '\r\n',
  });
}

/** A depth as a name (numbers are written as the names they mean, so that no file needs a numbering scheme). */
function depthText(text: string, scheme?: 'enum' | 'mask'): string {
  const d = readDepthValue(text, scheme);
  if (!d) return text;
  return d.kind === 'depth' ? depthName(d.depth) : d.kind === 'none' ? 'None' : 'RecordFilter';
}

/** The files of the contract for `spec`, by name, in the contract's order; optional files only when they have rows. */
export function exportFiles(spec: EnvironmentSpec): Map<string, string> {
  const files = new Map<string, string>();
  const add = (file: string, header: string[], rows: Cell[][], always = false) => {
    if (always || rows.length) files.set(file, csv(header, rows));
  };
  add('environment.csv', ['name', 'type', 'dataverse'], [[spec.name, spec.type, spec.dataverse]], true);
  add(
    'business-units.csv',
    ['name', 'parent'],
    spec.businessUnits.map((b) => [b.name, b.parent ?? '']),
    spec.dataverse,
  );
  const withManager = spec.users.some((u) => u.manager);
  const withPosition = spec.users.some((u) => u.position);
  add(
    'users.csv',
    ['user', 'business_unit', 'enabled', ...(withManager ? ['manager'] : []), ...(withPosition ? ['position'] : [])],
    spec.users.map((u) => [
      u.name,
      u.businessUnit ?? '',
      u.enabled ?? true,
      ...(withManager ? [u.manager ?? ''] : []),
      ...(withPosition ? [u.position ?? ''] : []),
    ]),
    true,
  );
  const h = spec.hierarchy;
  if (h)
    add(
      'hierarchy.csv',
      ['model', 'depth', 'excluded_tables', 'managers_in_same_or_parent_unit'],
      [[h.model, h.depth ?? '', (h.excludedTables ?? []).join(';'), h.managersInSameOrParentUnit ?? '']],
    );
  add(
    'positions.csv',
    ['name', 'parent'],
    (spec.positions ?? []).map((p) => [p.name, p.parent ?? '']),
  );
  add(
    'teams.csv',
    ['name', 'business_unit', 'type'],
    (spec.teams ?? []).map((t) => [t.name, t.businessUnit, t.type]),
  );
  add(
    'team-members.csv',
    ['team', 'user'],
    (spec.teamMembers ?? []).map((m) => [m.team, m.user]),
  );
  add(
    'roles.csv',
    ['name', 'business_unit', 'inheritance'],
    (spec.roles ?? []).map((r) => [r.name, r.businessUnit ?? '', r.inheritance ?? '']),
  );
  add(
    'role-privileges.csv',
    ['role', 'privilege', 'depth'],
    (spec.rolePrivileges ?? []).map((r) => [r.role, r.privilege, depthText(r.depth, r.depthScheme)]),
  );
  const withSchema = (spec.tables ?? []).some((t) => t.schemaName);
  add(
    'tables.csv',
    ['name', 'ownership', 'custom', ...(withSchema ? ['schema_name'] : [])],
    (spec.tables ?? []).map((t) => [t.name, t.ownership, t.custom ?? true, ...(withSchema ? [t.schemaName ?? ''] : [])]),
  );
  add(
    'privilege-names.csv',
    ['name', 'table', 'privilege'],
    (spec.privilegeNames ?? []).map((p) => [p.name, p.table, p.privilege]),
  );
  add(
    'role-assignments.csv',
    ['principal', 'principal_type', 'role', 'business_unit'],
    (spec.assignments ?? []).map((a) => [a.principal, a.principalType, a.role, a.businessUnit ?? '']),
  );
  add(
    'records.csv',
    ['id', 'table', 'owner', 'owner_type', 'business_unit'],
    (spec.records ?? []).map((r) => [r.id, r.table, r.owner, r.ownerType ?? '', r.businessUnit ?? '']),
  );
  add(
    'shares.csv',
    ['record', 'principal', 'principal_type', 'rights'],
    (spec.shares ?? []).map((s) => [s.record, s.principal ?? '', s.principalType, s.rights.join(';')]),
  );
  return files;
}

/**
 * Writes the export for `spec` into `folder`. An existing folder is replaced only when it holds nothing but
 * export CSV files (a previous import); anything else there is an error, and nothing is written.
 */
export function writeExportFolder(spec: EnvironmentSpec, folder: string): string[] {
  const out = resolve(folder);
  if (existsSync(out)) {
    if (!statSync(out).isDirectory()) throw new OutputFolderError(`--out: "${folder}" exists and is not a folder`);
    const other = readdirSync(out).filter((f) => !CSV_FILE_ORDER.includes(f));
    if (other.length)
      throw new OutputFolderError(
        `--out: "${folder}" already holds files that are not export CSV files (${other
          .slice(0, 3)
          .map((f) => JSON.stringify(f))
          .join(', ')}${other.length > 3 ? ', …' : ''}); choose a new or empty folder`,
      );
  }
  const files = exportFiles(spec);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    for (const [f, text] of files) writeFileSync(join(tmp, f), text);
    if (existsSync(out)) {
      const old = join(dirname(out), `.${basename(out)}.old-${process.pid}`);
      renameSync(out, old);
      renameSync(tmp, out);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, out);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  return [...files.keys()];
}
