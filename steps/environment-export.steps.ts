// Steps that read an audited environment export (`rolecheck audit` passes its folder in ROLECHECK_EXPORT and, in
// its own process, the loaded export and its findings through src/exports/registry.ts), so an organisation writes
// its own policies in Gherkin, and the audit's own features attach findings and digests of the environment data
// (effective access, the custom roles' resource cells). "Given the environment export" also makes the export the
// scenario's environment, so every documented step ("… may Read the row …") asks about the export.
import { Given, Then, type DataTable } from '@cucumber/cucumber';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findingEvidence, findings, type Finding } from '../src/exports/findings.ts';
import type { LoadedExport } from '../src/exports/load.ts';
import { registeredAudit } from '../src/exports/registry.ts';
import { PRIVILEGES, key } from '../src/model/index.ts';
import { isSeverity, ruleIdsOfTags, severityOfTags } from '../src/vocabulary/index.ts';
import { EVIDENCE_MEDIA_TYPE } from '../src/evidence/evidence.ts';
import { knownName, type RoleWorld } from './world.ts';

// The export reader (with csv-parse) is imported by the first scenario that reads an export, not when the steps
// load: the specification suite never reads one, and under tsx every module costs a round trip to the loader thread
// at the start of every run.
const tenantModules = () => Promise.all([import('../src/exports/load.ts')]);

interface Audited {
  loaded: LoadedExport;
  findings: Finding[];
}
const cache = new Map<string, Promise<Audited>>();
const loadedFor = new WeakMap<object, Audited>();

function exportFolder(): string {
  const dir = process.env.ROLECHECK_EXPORT;
  if (!dir)
    throw new Error('No environment export to audit: run this feature with `rolecheck audit <export-folder>` (it sets ROLECHECK_EXPORT).');
  if (!existsSync(dir)) throw new Error(`ROLECHECK_EXPORT names a folder that does not exist: ${dir}`);
  return resolve(dir);
}

/** The solutions `rolecheck audit --solution` read with the export (ROLECHECK_SOLUTIONS, a JSON array of paths). */
function solutions(): string[] {
  const s = process.env.ROLECHECK_SOLUTIONS;
  if (!s) return [];
  const list = JSON.parse(s) as unknown;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
    throw new Error('ROLECHECK_SOLUTIONS must be a JSON array of paths');
  return list;
}

/** The export of this run: the one `rolecheck audit` registered in this process, else loaded here once. */
async function audited(): Promise<Audited> {
  const dir = exportFolder();
  const sols = solutions();
  const cacheKey = JSON.stringify([dir, sols]);
  let p = cache.get(cacheKey);
  if (!p) {
    const registered = registeredAudit(dir);
    p = tenantModules().then(([{ loadExport, ExportError }]) =>
      registered
        ? { loaded: registered.loaded, findings: registered.findings }
        : loadExport(dir, { solutions: sols }).then(
            (loaded) => ({ loaded, findings: findings(loaded) }),
            (e: unknown) => {
              throw e instanceof ExportError ? new Error(`The environment export is invalid:\n${e.message}`) : e;
            },
          ),
    );
    cache.set(cacheKey, p);
  }
  return p;
}

function current(world: object): Audited {
  const a = loadedFor.get(world);
  if (!a) throw new Error('Start the scenario with "Given the environment export".');
  return a;
}

Given('the environment export', async function (this: RoleWorld) {
  const a = await audited();
  loadedFor.set(this, a);
  this.adopt(a.loaded.spec, a.loaded.model);
  this.attach(
    JSON.stringify({ type: 'environment', name: a.loaded.model.q.environment().name, folder: a.loaded.folder, inputs: a.loaded.files }),
    EVIDENCE_MEDIA_TYPE,
  );
});

/** A policy violation, reported as a finding of the scenario's rule tag (or POLICY) with its severity tag. */
function violation(world: RoleWorld, message: string, principal?: string, role?: string): void {
  const tags = world.tags;
  const rule = ruleIdsOfTags(tags)[0] ?? 'POLICY';
  const tagged = severityOfTags(tags);
  const severity = tagged && isSeverity(tagged) ? tagged : 'high';
  world.attachEvidence({
    type: 'finding',
    id: `${rule}:${principal ?? role ?? 'environment'}`,
    rule,
    severity,
    ...(principal ? { principal } : {}),
    ...(role ? { role } : {}),
    message,
  });
}

/** Fails with the business sentence only: a policy author needs no stack trace. */
function fail(kind: string, lines: string[]): never {
  const e = new Error(`${kind}:\n${lines.map((l) => `  - ${l}`).join('\n')}`);
  e.stack = e.message;
  throw e;
}

Then('the export has no findings of rule {string}', function (this: RoleWorld, rule: string) {
  const list = current(this).findings.filter((f) => f.rule.toLowerCase() === rule.trim().toLowerCase());
  this.assertions++;
  for (const f of list) this.attachEvidence(findingEvidence(f));
  if (list.length)
    fail(
      `The export contradicts rule ${rule.trim()} ${list.length} time${list.length === 1 ? '' : 's'}`,
      list.map((f) => `${f.location ?? ''} ${f.message}`),
    );
});

Then('the export has no findings', function (this: RoleWorld) {
  const list = current(this).findings;
  this.assertions++;
  for (const f of list) this.attachEvidence(findingEvidence(f));
  if (list.length)
    fail(
      `The export has ${list.length} finding${list.length === 1 ? '' : 's'}`,
      list.map((f) => `${f.rule} ${f.location ?? ''} ${f.message}`),
    );
});

// The per-user detail is the audit's environment data (environment.json and the data files); the scenario attaches
// one digest of it and fails when a second computation from each user's roles disagrees with it.
Then("each user's effective access is reported", async function (this: RoleWorld) {
  const a = current(this);
  const [{ accessDigest }, { environmentData }] = await Promise.all([
    import('../src/exports/access-digest.ts'),
    import('../src/exports/environment-data.ts'),
  ]);
  const data = registeredAudit(a.loaded.folder)?.environment ?? environmentData(a.loaded);
  const { evidence, problems } = accessDigest(a.loaded.model, data);
  this.attachEvidence(evidence);
  this.assertions++;
  if (problems.length) fail(`The effective access of ${evidence.environment} does not reconcile with the users' roles`, problems);
});

// The cells (each custom role x each resource) are the audit's environment data (environment.json within its limit,
// access/role-resources.csv always); the scenario attaches one digest of them and fails when a cell's expected (the
// export's own rows) differs from the model's actual, or when the environment data miscounts the cells.
Then("each custom role's resource access is reported", async function (this: RoleWorld) {
  const a = current(this);
  const { roleResourceCells, roleResourcesCheck } = await import('../src/exports/role-resources.ts');
  const data = registeredAudit(a.loaded.folder)?.environment;
  const { evidence, problems } = roleResourcesCheck(a.loaded.model.q.environment().name, roleResourceCells(a.loaded), data);
  this.attachEvidence(evidence);
  this.assertions++;
  if (problems.length)
    fail(
      `The custom roles' resource access of ${evidence.environment} does not reconcile with the export's rows (${evidence.disagreements} of ${evidence.cells} cells disagree)`,
      problems,
    );
});

const known = <T>(what: () => T, kind: string): T => knownName(what, kind, 'policy');

/** The holders of a role (by user, in export order), each with how they hold it. */
function holdersOf(a: Audited, role: string): { name: string; holders: Map<string, { enabled: boolean; how: string[] }> } {
  const q = a.loaded.model.q;
  const name = known(() => q.roleFacts(role), 'role').name;
  const holders = new Map<string, { enabled: boolean; how: string[] }>();
  for (const h of q.holders(name)) {
    let e = holders.get(h.user);
    if (!e) holders.set(h.user, (e = { enabled: h.enabled, how: [] }));
    e.how.push(h.team ? `through team ${h.team}` : 'assigned directly');
  }
  return { name, holders };
}

Then('no user outside the business unit {string} holds {string}', function (this: RoleWorld, unit: string, role: string) {
  const a = current(this);
  const q = a.loaded.model.q;
  const inside = new Set(known(() => q.unitsBelow(unit), 'business unit'));
  const unitName = [...inside][0]!;
  const { name, holders } = holdersOf(a, role);
  const bad = [...holders]
    .map(([user, h]) => ({ user, unit: q.userFacts(user).businessUnit, how: h.how }))
    .filter((x) => !inside.has(x.unit));
  this.assertions++;
  for (const b of bad)
    violation(this, `${b.user} (business unit ${b.unit}) holds ${name}, which only users of ${unitName} may hold.`, b.user, name);
  if (bad.length)
    fail(
      `${bad.length} user${bad.length === 1 ? '' : 's'} outside ${unitName} hold${bad.length === 1 ? 's' : ''} ${name}`,
      bad.map((b) => `${b.user} (${b.unit}): ${b.how.join(', ')}`),
    );
});

Then('no user holds {string}', function (this: RoleWorld, role: string) {
  const { name, holders } = holdersOf(current(this), role);
  const bad = [...holders.keys()];
  this.assertions++;
  for (const u of bad) violation(this, `${u} holds ${name}.`, u, name);
  if (bad.length) fail(`${bad.length} user${bad.length === 1 ? '' : 's'} hold${bad.length === 1 ? 's' : ''} ${name}`, bad);
});

Then('at most {int} users hold {string}', function (this: RoleWorld, max: number, role: string) {
  const { name, holders } = holdersOf(current(this), role);
  const enabled = [...holders].filter(([, h]) => h.enabled).map(([u]) => u);
  this.assertions++;
  if (enabled.length > max) {
    violation(this, `${enabled.length} enabled users hold ${name} (at most ${max} allowed): ${enabled.join(', ')}.`, undefined, name);
    fail(`${enabled.length} enabled users hold ${name}, more than ${max}`, enabled);
  }
});

Then(
  'every user who can {string} rows of {string} holds one of these roles:',
  function (this: RoleWorld, privilege: string, table: string, roles: DataTable) {
    const a = current(this);
    const q = a.loaded.model.q;
    const p = PRIVILEGES[known(() => q.privilege(privilege), 'privilege')]!;
    const t = q.tables()[known(() => q.table(table), 'table')]!.name;
    const allowed = roles
      .raw()
      .flat()
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => known(() => q.roleFacts(r), 'role').name);
    const allowedKeys = new Set(allowed.map(key));
    const bad: string[] = [];
    // A disabled user can do nothing (DV-015): only enabled users can.
    for (const user of q.users()) {
      if (!user.enabled) continue;
      const reach = q.reach(user.name, p, t);
      if (reach.depth === 'None') continue;
      if (q.rolesOf(user.name).some((h) => allowedKeys.has(key(h.role)))) continue;
      const granting = reach.via.map((h) => (h.team ? `${h.role} (team ${h.team})` : h.role));
      bad.push(`${user.name} can ${p} rows of ${t} through ${granting.join(', ')}`);
      violation(
        this,
        `${user.name} can ${p} rows of ${t} through ${granting.join(', ')}, but holds none of ${allowed.join(', ')}.`,
        user.name,
      );
    }
    this.assertions++;
    if (bad.length)
      fail(`${bad.length} user${bad.length === 1 ? '' : 's'} can ${p} rows of ${t} without holding one of ${allowed.join(', ')}`, bad);
  },
);
