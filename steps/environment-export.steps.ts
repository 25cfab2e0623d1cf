// Steps that read an audited environment export (`rolecheck audit` passes its folder in ROLECHECK_EXPORT), so an
// organisation writes its own policies in Gherkin, and the audit's own features attach findings, principals and
// custom-role matrix evidence. "Given the environment export" also makes the export the scenario's environment,
// so every documented step ("… may Read the row …") asks about the export.
import { Given, Then, type DataTable } from '@cucumber/cucumber';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { findingEvidence, findings, type Finding } from '../src/exports/findings.ts';
import type { LoadedExport } from '../src/exports/load.ts';
import { PRIVILEGES, key } from '../src/model/index.ts';
import { isSeverity, ruleIdsOfTags, severityOfTags } from '../src/vocabulary/index.ts';
import { EVIDENCE_MEDIA_TYPE } from '../src/report/evidence.ts';
import type { RoleWorld } from './world.ts';

// The export reader (with csv-parse) and the principal evidence are imported by the first scenario that reads an
// export, not when the steps load: the specification suite never reads one, and under tsx every module costs a
// round trip to the loader thread at the start of every run.
const tenantModules = () => Promise.all([import('../src/exports/load.ts'), import('../src/exports/principals.ts')]);

interface Audited { loaded: LoadedExport; findings: Finding[]; principals: Awaited<ReturnType<typeof tenantModules>>[1] }
const cache = new Map<string, Promise<Audited>>();
const loadedFor = new WeakMap<object, Audited>();

function exportFolder(): string {
  const dir = process.env.ROLECHECK_EXPORT;
  if (!dir) throw new Error('No environment export to audit: run this feature with `rolecheck audit <export-folder>` (it sets ROLECHECK_EXPORT).');
  if (!existsSync(dir)) throw new Error(`ROLECHECK_EXPORT names a folder that does not exist: ${dir}`);
  return resolve(dir);
}

/** The solutions `rolecheck audit --solution` read with the export (ROLECHECK_SOLUTIONS, a JSON array of paths). */
function solutions(): string[] {
  const s = process.env.ROLECHECK_SOLUTIONS;
  if (!s) return [];
  const list = JSON.parse(s) as unknown;
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new Error('ROLECHECK_SOLUTIONS must be a JSON array of paths');
  return list;
}

async function audited(): Promise<Audited> {
  const dir = exportFolder();
  const sols = solutions();
  const cacheKey = JSON.stringify([dir, sols]);
  let p = cache.get(cacheKey);
  if (!p) {
    p = tenantModules().then(([{ loadExport, ExportError }, principals]) => loadExport(dir, { solutions: sols }).then((loaded) => ({ loaded, findings: findings(loaded), principals }), (e: unknown) => {
      throw e instanceof ExportError ? new Error(`The environment export is invalid:\n${e.message}`) : e;
    }));
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
  this.attach(JSON.stringify({ type: 'environment', name: a.loaded.model.compiled.name, folder: a.loaded.folder, inputs: a.loaded.files }), EVIDENCE_MEDIA_TYPE);
});

/** A policy violation, reported as a finding of the scenario's rule tag (or POLICY) with its severity tag. */
function violation(world: RoleWorld, message: string, principal?: string, role?: string): void {
  const tags = world.tags;
  const rule = ruleIdsOfTags(tags)[0] ?? 'POLICY';
  const tagged = severityOfTags(tags);
  const severity = tagged && isSeverity(tagged) ? tagged : 'high';
  world.attachEvidence({ type: 'finding', id: `${rule}:${principal ?? role ?? 'environment'}`, rule, severity, ...(principal ? { principal } : {}), ...(role ? { role } : {}), message });
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
  if (list.length) fail(`The export contradicts rule ${rule.trim()} ${list.length} time${list.length === 1 ? '' : 's'}`, list.map((f) => `${f.location ?? ''} ${f.message}`));
});

Then('the export has no findings', function (this: RoleWorld) {
  const list = current(this).findings;
  this.assertions++;
  for (const f of list) this.attachEvidence(findingEvidence(f));
  if (list.length) fail(`The export has ${list.length} finding${list.length === 1 ? '' : 's'}`, list.map((f) => `${f.rule} ${f.location ?? ''} ${f.message}`));
});

Then('each user\'s effective access is reported', function (this: RoleWorld) {
  const a = current(this);
  for (const p of a.principals.principalEvidence(a.loaded.model)) this.attachEvidence(p);
  this.assertions++;
});

Then('each custom role\'s resource access is reported', function (this: RoleWorld) {
  const a = current(this);
  for (const cell of a.principals.customRoleCells(a.loaded)) this.attachEvidence(cell);
  this.assertions++;
});

/** Roles that reach a user (directly or through an owner or group team), by lower-case name. */
function heldRoles(a: Audited, user: string): Set<string> {
  return new Set(a.loaded.model.data.rolesOf(user).map((r) => key(r.role)));
}

function roleName(a: Audited, name: string): string {
  const c = a.loaded.model.compiled;
  const i = c.index.role.get(key(name));
  if (i === undefined) throw new Error(`Unknown role "${name}" in the policy; the export has: ${c.roles.map((r) => r.name).join(', ')}`);
  return c.roles[i]!.name;
}

Then('no user outside the business unit {string} holds {string}', function (this: RoleWorld, unit: string, role: string) {
  const a = current(this); const c = a.loaded.model.compiled;
  const b = c.index.bu.get(key(unit));
  if (b === undefined) throw new Error(`Unknown business unit "${unit}" in the policy; the export has: ${c.buNames.join(', ')}`);
  const name = roleName(a, role);
  const inside = (x: number) => c.buIn[x]! >= c.buIn[b]! && c.buIn[x]! < c.buOut[b]!;
  const bad = c.users.filter((u) => !inside(u.businessUnit) && heldRoles(a, u.name).has(key(name)));
  this.assertions++;
  for (const u of bad) violation(this, `${u.name} (business unit ${c.buNames[u.businessUnit]}) holds ${name}, which only users of ${c.buNames[b]} may hold.`, u.name, name);
  if (bad.length) fail(`${bad.length} user${bad.length === 1 ? '' : 's'} outside ${c.buNames[b]} hold${bad.length === 1 ? 's' : ''} ${name}`, bad.map((u) => `${u.name} (${c.buNames[u.businessUnit]}): ${a.loaded.model.data.rolesOf(u.name).filter((r) => key(r.role) === key(name)).map((r) => (r.team ? `through team ${r.team}` : 'assigned directly')).join(', ')}`));
});

Then('no user holds {string}', function (this: RoleWorld, role: string) {
  const a = current(this); const c = a.loaded.model.compiled; const name = roleName(a, role);
  const bad = c.users.filter((u) => heldRoles(a, u.name).has(key(name)));
  this.assertions++;
  for (const u of bad) violation(this, `${u.name} holds ${name}.`, u.name, name);
  if (bad.length) fail(`${bad.length} user${bad.length === 1 ? '' : 's'} hold${bad.length === 1 ? 's' : ''} ${name}`, bad.map((u) => u.name));
});

Then('at most {int} users hold {string}', function (this: RoleWorld, max: number, role: string) {
  const a = current(this); const c = a.loaded.model.compiled; const name = roleName(a, role);
  const holders = c.users.filter((u) => u.enabled && heldRoles(a, u.name).has(key(name)));
  this.assertions++;
  if (holders.length > max) {
    violation(this, `${holders.length} enabled users hold ${name} (at most ${max} allowed): ${holders.map((u) => u.name).join(', ')}.`, undefined, name);
    fail(`${holders.length} enabled users hold ${name}, more than ${max}`, holders.map((u) => u.name));
  }
});

Then('every user who can {string} rows of {string} holds one of these roles:', function (this: RoleWorld, privilege: string, table: string, roles: DataTable) {
  const a = current(this); const c = a.loaded.model.compiled; const data = a.loaded.model.data;
  const p = PRIVILEGES.findIndex((x) => x.toLowerCase() === key(privilege));
  if (p < 0) throw new Error(`Unknown privilege "${privilege}" in the policy; expected one of ${PRIVILEGES.join(', ')}`);
  const t = c.index.table.get(key(table));
  if (t === undefined) throw new Error(`Unknown table "${table}" in the policy; the export has: ${c.tables.map((x) => x.name).join(', ')}`);
  const allowed = roles.raw().flat().map((r) => r.trim()).filter(Boolean).map((r) => roleName(a, r));
  const allowedKeys = new Set(allowed.map(key));
  const bad: string[] = [];
  for (let u = 0; u < c.users.length; u++) {
    if (data.reach(u, t * 8 + p) === 0) continue;
    const held = data.rolesOf(c.users[u]!.name);
    if (held.some((h) => allowedKeys.has(key(h.role)))) continue;
    const granting = held.filter((h) => data.roleDepth(h.role, PRIVILEGES[p]!, c.tables[t]!.name) !== 'None').map((h) => (h.team ? `${h.role} (team ${h.team})` : h.role));
    bad.push(`${c.users[u]!.name} can ${PRIVILEGES[p]} rows of ${c.tables[t]!.name} through ${granting.join(', ')}`);
    violation(this, `${c.users[u]!.name} can ${PRIVILEGES[p]} rows of ${c.tables[t]!.name} through ${granting.join(', ')}, but holds none of ${allowed.join(', ')}.`, c.users[u]!.name);
  }
  this.assertions++;
  if (bad.length) fail(`${bad.length} user${bad.length === 1 ? '' : 's'} can ${PRIVILEGES[p]} rows of ${c.tables[t]!.name} without holding one of ${allowed.join(', ')}`, bad);
});
