// The custom roles' cells of the resource matrix (may this custom role author this resource?), computed once per
// audit as part of the environment's data (src/exports/environment-data.ts) rather than attached cell by cell to the
// message stream: at 2,000 custom roles the cells were two thirds of messages.ndjson. environment.json holds them
// within LIMITS.roleResourceCells, access/role-resources.csv always; the audit's scenario "each custom role's resource
// access is reported" attaches one digest (roleResourcesCheck) and fails when a cell's two readings disagree.
//
// Each cell is read twice, independently. Expected: DV-013 / AIB-006 applied to the role's own rows as the export
// writes them (role-privileges.csv, read here without the model); actual: the model's `roleAuthors`, from the
// compiled environment. A cell disagrees when the model mis-reads the export (or this reading does).
import { createHash } from 'node:crypto';
import { RESOURCES } from '../catalog/resources.ts';
import { envSentence } from '../explain/environment.ts';
import {
  DISAGREEMENTS_LISTED,
  ROLE_RESOURCES_FILE,
  type EnvironmentData,
  type RoleResourceCell,
  type RoleResourceCounts,
  type RoleResourceVerdict,
} from '../evidence/environment.ts';
import type { RoleResourcesEvidence } from '../evidence/evidence.ts';
import { MAKER_AI_PROFILE } from '../model/environment.ts';
import { Depth, key, parseDepth, PRIVILEGES, type EnvironmentSpec, type Model } from '../model/index.ts';

export { ROLE_RESOURCES_FILE };
export const ROLE_RESOURCES_HEADER = ['role', 'resource', 'decision', 'condition', 'rules', 'expected', 'explanation'];
export const ROLE_RESOURCES_DESCRIPTION =
  "one row per custom role and resource of the summary table: the model's decision, the rules it cites, what the export's own rows give (expected) and why";

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const same = (a: RoleResourceVerdict, b: RoleResourceVerdict): boolean =>
  a.decision === b.decision && (a.condition ?? '') === (b.condition ?? '');
/** `allow`, `deny` or `allow (solution-aware only)`. */
export const verdictText = (v: RoleResourceVerdict): string => (v.condition ? `${v.decision} (${v.condition})` : v.decision);

// Computed once per model: the environment data, its data file and the audit's check read the same list.
const computed = new WeakMap<Model, RoleResourceCell[]>();

/** Every custom role (by name) x every resource (catalogue order). */
export function roleResourceCells(loaded: { spec: EnvironmentSpec; model: Model }): RoleResourceCell[] {
  const { spec, model } = loaded;
  const known = computed.get(model);
  if (known) return known;
  const env = model.q.environment();
  const out: RoleResourceCell[] = [];
  const rowsOf = new Map<string, Map<string, Depth>>();
  for (const rp of spec.rolePrivileges ?? []) {
    const k = key(rp.role);
    let m = rowsOf.get(k);
    if (!m) rowsOf.set(k, (m = new Map()));
    m.set(rp.privilege.trim().toLowerCase(), parseDepth(rp.depth) ?? Depth.None);
  }
  const tables = new Set(model.q.tables().map((t) => t.name.toLowerCase()));
  const roles = model.q
    .roles()
    .filter((r) => !r.predefined)
    .sort((a, b) => cmp(a.name, b.name));
  for (const role of roles) {
    const rows = rowsOf.get(key(role.name)) ?? new Map<string, Depth>();
    const has = (name: string, depth = Depth.Basic) => (rows.get(name.toLowerCase()) ?? Depth.None) >= depth;
    for (const res of RESOURCES) {
      let allowed: boolean;
      let why: string;
      if (!env.dataverse && res.needsDataverse) {
        allowed = false;
        why = `${res.name} needs a Dataverse database`;
      } else if (res.id === 'ai-builder') {
        allowed = MAKER_AI_PROFILE.every((g) => tables.has(g.table) && has(`prv${PRIVILEGES[g.privilege]}${g.table}`, g.depth));
        why = `its rows ${allowed ? 'give' : 'do not give'} the AI Builder table access of Environment Maker (AIB-006)`;
      } else if (res.id === 'desktop-flow' && env.type === 'Teams') {
        allowed = false;
        why = 'Dataverse for Teams has no desktop flows (RES-012)';
      } else if (res.customRoleNeeds) {
        const need = res.customRoleNeeds;
        const name = need.misc ?? `prvCreate${need.table}`;
        allowed = has(name);
        why = `its rows ${allowed ? 'include' : 'lack'} ${name} (DV-013)`;
      } else {
        allowed = false;
        why = `the summary table gives ${res.name} only to predefined roles`;
      }
      const condition = allowed && res.id === 'cloud-flow' ? 'solution-aware only' : undefined;
      const actual = model.env.roleAuthors(role.name, res.id);
      out.push({
        role: role.name,
        resource: res.id,
        expected: { decision: allowed ? 'allow' : 'deny', ...(condition ? { condition } : {}) },
        actual: { decision: actual.allowed ? 'allow' : 'deny', ...(actual.condition ? { condition: actual.condition } : {}) },
        rules: [...actual.rules],
        via: [...actual.via],
        explanation: `${envSentence(actual.because)} Expected from the export's rows: ${why}.`,
      });
    }
  }
  computed.set(model, out);
  return out;
}

/** The cells counted, with the first disagreements by name and a hash of the whole list. */
export function roleResourceCounts(cells: readonly RoleResourceCell[]): RoleResourceCounts {
  const allowed: Record<string, number> = Object.fromEntries(RESOURCES.map((r) => [r.id, 0]));
  const roles = new Set<string>();
  const first: RoleResourceCounts['firstDisagreements'] = [];
  const hash = createHash('sha256');
  let disagreements = 0;
  for (const c of cells) {
    roles.add(c.role);
    if (c.actual.decision === 'allow') allowed[c.resource] = (allowed[c.resource] ?? 0) + 1;
    if (!same(c.expected, c.actual)) {
      disagreements++;
      if (first.length < DISAGREEMENTS_LISTED) first.push({ role: c.role, resource: c.resource, expected: c.expected, actual: c.actual });
    }
    hash.update(JSON.stringify(c)).update('\n');
  }
  return { cells: cells.length, roles: roles.size, allowed, disagreements, firstDisagreements: first, sha256: hash.digest('hex') };
}

/** The environment data's part: the cells within `limit`, and their counts always. */
export function roleResourceData(
  loaded: { spec: EnvironmentSpec; model: Model },
  limit: number,
): Pick<EnvironmentData, 'roleResources' | 'roleResourceCounts'> {
  const cells = roleResourceCells(loaded);
  return { roleResources: cells.length <= limit ? cells : null, roleResourceCounts: roleResourceCounts(cells) };
}

/** The rows of access/role-resources.csv (ROLE_RESOURCES_HEADER): every cell, whatever the environment data holds. */
export function* roleResourceRows(model: Model, data: EnvironmentData): Generator<string[]> {
  const cells = computed.get(model) ?? data.roleResources;
  if (!cells) throw new Error("The custom roles' resource cells of this model were not computed: call environmentData first.");
  for (const c of cells)
    yield [c.role, c.resource, c.actual.decision, c.actual.condition ?? '', c.rules.join(' '), verdictText(c.expected), c.explanation];
}

export interface RoleResourcesCheck {
  evidence: RoleResourcesEvidence;
  problems: string[];
}

/**
 * The audit's check of the cells: every cell's expected against the model's actual, and the environment data's
 * counts (what the report renders) against a recount of the cells. `problems` lists the disagreements (the first
 * DISAGREEMENTS_LISTED by name, then how many more) and any count the data got wrong.
 */
export function roleResourcesCheck(environment: string, cells: readonly RoleResourceCell[], data?: EnvironmentData): RoleResourcesCheck {
  const counts = roleResourceCounts(cells);
  const problems: string[] = [];
  for (const d of counts.firstDisagreements) {
    problems.push(
      `${d.role} × ${RESOURCES.find((r) => r.id === d.resource)?.name ?? d.resource}: the export's rows give ${verdictText(d.expected)}, the model decided ${verdictText(d.actual)}`,
    );
  }
  if (counts.disagreements > counts.firstDisagreements.length)
    problems.push(
      `and ${counts.disagreements - counts.firstDisagreements.length} more cells that disagree (${ROLE_RESOURCES_FILE} lists every cell)`,
    );
  if (data) {
    const had = data.roleResourceCounts;
    if (had.sha256 !== counts.sha256)
      problems.push(
        `the environment data's cells (SHA-256 ${had.sha256.slice(0, 12)}) are not the ones checked (${counts.sha256.slice(0, 12)})`,
      );
    if (had.cells !== counts.cells || had.roles !== counts.roles)
      problems.push(
        `the environment data counts ${had.cells} cells of ${had.roles} custom roles, the check ${counts.cells} of ${counts.roles}`,
      );
    for (const r of RESOURCES)
      if ((had.allowed[r.id] ?? 0) !== counts.allowed[r.id])
        problems.push(
          `${r.name}: the environment data counts ${had.allowed[r.id] ?? 0} custom roles allowed, the check ${counts.allowed[r.id]}`,
        );
    if (data.roleResources && data.roleResources.length !== cells.length)
      problems.push(`the environment data lists ${data.roleResources.length} cells, the check ${cells.length}`);
  }
  return {
    evidence: {
      type: 'role-resources',
      environment,
      cells: counts.cells,
      roles: counts.roles,
      allowed: counts.allowed,
      disagreements: counts.disagreements,
      firstDisagreements: counts.firstDisagreements,
      sha256: counts.sha256,
    },
    problems,
  };
}
