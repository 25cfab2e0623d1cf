// Section: the audited environment: what it is, where its export came from, its population reconciled with the
// input rows, and its effective access (src/evidence/environment.ts, computed once by the audit). The parts that grow
// with the tenant are null in the environment data above its limits: each is then named in `cuts` with the data file
// that holds it, so that nothing is silently less.
import { ROLE_RESOURCES_FILE, type EnvironmentData } from '../evidence/environment.ts';
import type { EnvironmentEvidence } from '../evidence/evidence.ts';
import { relPath } from './runs.ts';
import { cmp, type EnvironmentSection, type PopulationLine } from './schema.ts';

type Population = EnvironmentData['population'];

// Which input file of the CSV contract (docs/export-format.md) holds the rows of each population count.
const RECONCILE: Array<{ what: string; key: keyof Population; file: RegExp }> = [
  { what: 'users', key: 'users', file: /(^|\/)users\.csv$/ },
  { what: 'business units', key: 'businessUnits', file: /(^|\/)business-units\.csv$/ },
  { what: 'teams', key: 'teams', file: /(^|\/)teams\.csv$/ },
  { what: 'custom roles', key: 'customRoles', file: /(^|\/)roles\.csv$/ },
  { what: 'role privilege rows', key: 'privilegeRows', file: /(^|\/)role-privileges\.csv$/ },
  { what: 'role assignments', key: 'assignments', file: /(^|\/)role-assignments\.csv$/ },
  { what: 'records', key: 'records', file: /(^|\/)records\.csv$/ },
  { what: 'shares', key: 'shares', file: /(^|\/)shares\.csv$/ },
];

function reconcile(p: Population, inputs: EnvironmentData['inputs']): PopulationLine[] {
  const lines: PopulationLine[] = RECONCILE.map((r) => {
    const count = p[r.key];
    const extra = r.key === 'assignments' && p.ignoredAssignments ? `${p.ignoredAssignments} of them grant nothing (findings)` : undefined;
    const file = inputs.find((i) => r.file.test(i.path));
    if (!file)
      return {
        what: r.what,
        count,
        file: null,
        rows: null,
        reconciled: null,
        note: 'no input file of this name (another form of export): not reconciled',
      };
    const ok = file.rows === count;
    const note = [ok ? '' : `${file.rows} rows read, ${count} counted`, extra ?? ''].filter(Boolean).join('; ');
    return { what: r.what, count, file: file.path, rows: file.rows, reconciled: ok, ...(note ? { note } : {}) };
  });
  lines.push({
    what: 'enabled users',
    count: p.enabledUsers,
    file: null,
    rows: null,
    reconciled: p.enabledUsers + p.disabledUsers === p.users,
    note: `${p.disabledUsers} disabled; enabled + disabled = users`,
  });
  lines.push({
    what: 'tables',
    count: p.tables,
    file: null,
    rows: null,
    reconciled: null,
    note: `${p.customTables} custom; the others are the catalogue's standard tables`,
  });
  return lines;
}

/** The environment half's data, from the audit's environment data. */
export function environmentSection(d: EnvironmentData, cwd: string | undefined): EnvironmentSection {
  const cuts: EnvironmentSection['cuts'] = [];
  const file = (name: string) => d.files.find((f) => f.name === name)?.name ?? d.omittedFiles.find((f) => f.name === name)?.instead ?? null;
  if (d.roleGrants === null)
    cuts.push({
      what: 'role privileges (roles x tables of interest)',
      shown: 0,
      total: null,
      where: file('access/roles.csv') ?? 'access/roles.csv',
    });
  if (d.users === null)
    cuts.push({
      what: `users and their roles (${d.population.users} users)`,
      shown: 0,
      total: null,
      where: file('access/users.csv') ?? 'access/users.csv',
    });
  if (d.whoCan === null)
    cuts.push({
      what: 'who can (every holder of each table privilege)',
      shown: 0,
      total: null,
      where: file('access/who-can.csv') ?? 'access/who-can.csv',
    });
  // The custom roles' cells belong to the matrix (src/report/matrix.ts, `customElsewhere` above the limit).
  if (d.roleResources === null)
    cuts.push({
      what: `custom roles × resources (${d.roleResourceCounts.cells} cells of ${d.roleResourceCounts.roles} custom roles)`,
      shown: 0,
      total: null,
      where: file(ROLE_RESOURCES_FILE) ?? ROLE_RESOURCES_FILE,
    });
  return {
    name: d.name,
    type: d.type,
    dataverse: d.dataverse,
    source: { ...d.source, folder: relPath(d.source.folder, cwd), solutions: d.source.solutions.map((s) => relPath(s, cwd)) },
    population: d.population,
    reconciliation: reconcile(d.population, d.inputs),
    inputs: [...d.inputs].sort((a, b) => cmp(a.path, b.path)),
    notDecided: d.notDecided,
    hierarchy: d.hierarchy ?? null,
    roles: d.roles,
    tables: d.tables,
    otherTables: d.otherTables,
    roleGrants: d.roleGrants,
    users: d.users,
    whoCan: d.whoCan,
    limits: d.limits,
    files: [...d.files].sort((a, b) => cmp(a.name, b.name)),
    omittedFiles: [...d.omittedFiles].sort((a, b) => cmp(a.name, b.name)),
    cuts,
  };
}

/** What a report built without the audit's environment data knows: the name and inputs the steps attached. */
export function environmentFromEvidence(evs: readonly EnvironmentEvidence[], cwd: string | undefined): EnvironmentSection | null {
  if (evs.length === 0) return null;
  const names = [...new Set(evs.map((e) => e.name))].sort(cmp);
  const inputs = evs.flatMap((e) => (e.inputs ?? []).map((i) => ({ path: relPath(i.path, cwd), sha256: i.sha256, rows: i.rows ?? 0 })));
  const dedup = [...new Map(inputs.map((i) => [`${i.path}\u0000${i.sha256}`, i])).values()].sort((a, b) => cmp(a.path, b.path));
  const missing = "the audit's environment data (environment.json: run rolecheck audit, or rolecheck report --environment)";
  return {
    name: names.join(', '),
    type: '',
    dataverse: true,
    source: null,
    population: null,
    reconciliation: [],
    inputs: dedup,
    notDecided: null,
    hierarchy: null,
    roles: [],
    tables: [],
    otherTables: 0,
    roleGrants: null,
    users: null,
    whoCan: null,
    limits: { roleGrantRows: 0, users: 0, whoCanHolders: 0, roleResourceCells: 0 },
    files: [],
    omittedFiles: [],
    cuts: [{ what: 'effective access, population and principals', shown: 0, total: null, where: missing }],
  };
}
