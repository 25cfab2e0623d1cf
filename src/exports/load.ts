// Reads an environment export into the model's EnvironmentSpec and builds the model. An export is a folder of CSV
// files or a Web API bundle (a folder of JSON files, recognised by systemusers.json), plus any number of solutions
// (`--solution`) whose roles and tables join it. Every problem, from the syntax of each file to the model's own
// checks, is collected and raised together as an ExportError. Format: docs/export-format.md.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildModel, SpecError, type EnvironmentSpec, type Model } from '../model/index.ts';
import type { Origin, Problem } from '../vocabulary/index.ts';
import { key } from '../vocabulary/index.ts';
import { BUNDLE_MARKER, readBundle } from './bundle.ts';
import { readCsvFolder } from './csv-folder.ts';
import { dedupeWarnings, ExportError, sortProblems } from './problems.ts';
import { nameCollisionWarnings } from './name-warnings.ts';
import { readSolution } from './solution.ts';
import type { InputFile, SourceRead } from './source.ts';

export { EXPORT_FILES } from './csv-folder.ts';
export { ExportError, formatExportProblem, formatProblems, formatWarning, MAX_REPORTED_ERRORS } from './problems.ts';
export type { InputFile } from './source.ts';

export interface LoadOptions {
  /** Solutions (unpacked folders or .zip files) whose roles and tables join the export. */
  solutions?: readonly string[];
}

export interface ReadExport {
  folder: string;
  kind: 'csv' | 'bundle';
  spec: EnvironmentSpec;
  files: InputFile[];
  warnings: Problem[];
}

export interface LoadedExport extends ReadExport {
  model: Model;
}

/** Reads the export and its solutions into a spec; throws ExportError when a file is not usable. No model. */
export async function readExport(folder: string, opts: LoadOptions = {}): Promise<ReadExport> {
  const r = await collect(folder, opts);
  if (r.problems.length) throw new ExportError(sortProblems(r.problems, r.fileOrder), dedupeWarnings(r.warnings));
  return { folder: r.folder, kind: r.kind, spec: r.spec, files: r.files, warnings: dedupeWarnings(r.warnings) };
}

/**
 * Reads and validates the export in `folder` (with its solutions) and builds the model. Throws ExportError (all
 * problems, sorted by file and line) when the export is not usable; otherwise returns the spec, the model, the
 * input files with their SHA-256, and warnings.
 */
export async function loadExport(folder: string, opts: LoadOptions = {}): Promise<LoadedExport> {
  const r = await collect(folder, opts);
  const problems = [...r.problems];
  const warnings = [...r.warnings];
  let model: Model | undefined;
  try {
    model = buildModel(r.spec);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    problems.push(...e.problems.filter((p) => !consequenceOfBroken(p, r.broken, r.spec)));
  }
  if (model) warnings.push(...model.compiled.warnings);
  warnings.push(...nameCollisionWarnings(r.spec));
  if (problems.length || !model) {
    throw new ExportError(sortProblems(problems, r.fileOrder), dedupeWarnings(warnings));
  }
  return { folder: r.folder, kind: r.kind, spec: r.spec, model, files: r.files, warnings: dedupeWarnings(warnings) };
}

interface Collected extends SourceRead {
  folder: string;
  kind: 'csv' | 'bundle';
}

async function collect(folder: string, opts: LoadOptions): Promise<Collected> {
  const dir = resolve(folder);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ExportError([
      {
        code: 'no-export',
        message: `export folder "${folder}" does not exist or is not a folder`,
        value: folder,
        expected: 'a folder of CSV files (environment.csv, users.csv, …) or a Web API bundle (systemusers.json, …)',
      },
    ]);
  }
  const kind = existsSync(join(dir, BUNDLE_MARKER)) ? 'bundle' : 'csv';
  const source = kind === 'bundle' ? await readBundle(dir) : await readCsvFolder(dir);
  const fileOrder = [...source.fileOrder];
  for (const path of opts.solutions ?? []) mergeSolution(source, readSolution(path), fileOrder);
  return { ...source, fileOrder, folder: dir, kind };
}

function describe(o: Origin | undefined): string {
  if (!o) return 'elsewhere';
  return o.path !== undefined ? `${o.file} (${o.path})` : `${o.file}${o.line > 0 ? `:${o.line}` : ''}`;
}

/**
 * Adds a solution's roles, role privileges and tables to the export. A role defined twice (two solutions, or a
 * solution and roles.csv) is an input error naming both places; a table given twice must agree on its ownership.
 */
function mergeSolution(into: SourceRead, sol: ReturnType<typeof readSolution>, fileOrder: string[]): void {
  const spec = into.spec;
  into.files.push(...sol.files);
  into.problems.push(...sol.problems);
  into.warnings.push(...sol.warnings);
  fileOrder.push(...sol.fileOrder);
  const roles = new Map<string, Origin | undefined>();
  for (const r of spec.roles ?? []) if (!roles.has(key(r.name))) roles.set(key(r.name), r.origin);
  const dropped = new Set<string>();
  for (const r of sol.roles) {
    const k = key(r.name);
    if (roles.has(k)) {
      into.problems.push({
        code: 'duplicate-role',
        message: `role "${r.name.trim()}" is defined twice: here and in ${describe(roles.get(k))}`,
        origin: r.origin,
        field: 'name',
        value: r.name,
        expected: 'each role defined once: in one solution, or in roles.csv',
      });
      dropped.add(k);
      continue;
    }
    roles.set(k, r.origin);
    (spec.roles ??= []).push(r);
  }
  for (const rp of sol.rolePrivileges) if (!dropped.has(key(rp.role))) (spec.rolePrivileges ??= []).push(rp);
  const tables = new Map((spec.tables ?? []).map((t) => [key(t.name), t] as const));
  for (const t of sol.tables) {
    const prev = tables.get(key(t.name));
    if (prev) {
      if (key(prev.ownership) !== key(t.ownership))
        into.problems.push({
          code: 'conflicting-table',
          message: `table "${t.name}" is ${t.ownership}-owned here but ${prev.ownership}-owned in ${describe(prev.origin)}`,
          origin: t.origin,
          field: 'ownership',
          value: t.ownership,
          expected: 'one ownership per table',
        });
      continue;
    }
    tables.set(key(t.name), t);
    (spec.tables ??= []).push(t);
  }
}

/** The files that define each kind of name, for `unknown-<kind>` problems of the model. */
const DEFINED_IN: ReadonlyMap<string, readonly string[]> = new Map([
  ['user', ['users.csv', 'systemusers.json']],
  ['team', ['teams.csv', 'teams.json']],
  ['role', ['roles.csv', 'roles.json']],
  ['business-unit', ['business-units.csv', 'businessunits.json']],
  ['record', ['records.csv', 'records.json']],
  ['table', ['tables.csv', 'entitydefinitions.json']],
  ['position', ['positions.csv', 'positions.json']],
]);
const ENVIRONMENT_FILES = ['environment.csv', 'environment.json'];

function definedNames(spec: EnvironmentSpec, kind: string): Set<string> {
  const names = (xs: Array<{ name?: string; id?: string }> | undefined) => new Set((xs ?? []).map((x) => key(x.name ?? x.id ?? '')));
  switch (kind) {
    case 'user':
      return names(spec.users);
    case 'team':
      return names(spec.teams);
    case 'role':
      return names(spec.roles);
    case 'business-unit':
      return names(spec.businessUnits);
    case 'record':
      return names(spec.records);
    case 'table':
      return names(spec.tables);
    case 'position':
      return names(spec.positions);
    default:
      return new Set();
  }
}

/**
 * Whether a problem of the model only follows from a file that could not be read (its rows are missing, so names
 * defined there look unknown): those are left out, the broken file's own problem says what to fix.
 */
function consequenceOfBroken(p: Problem, broken: ReadonlySet<string>, spec: EnvironmentSpec): boolean {
  if (broken.size === 0) return false;
  const file = p.origin?.file;
  if (file && broken.has(file)) return true;
  const m = /^unknown-(.+)$/.exec(p.code);
  if (m && (DEFINED_IN.get(m[1]!) ?? []).some((f) => broken.has(f))) return true;
  // A name that the export does define, but whose row the model left out: that row's own problem (or the broken
  // file behind it) is the cause, reported once.
  if (m && p.value !== undefined && definedNames(spec, m[1]!).has(key(p.value))) return true;
  if (ENVIRONMENT_FILES.some((f) => broken.has(f))) {
    // Without the environment row, whether it has Dataverse (and its type) is not known.
    if (!p.origin || /dataverse|no-business-units|no-root/.test(p.code)) return true;
  }
  return false;
}
