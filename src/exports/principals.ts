// Evidence for the report's audit views, computed from a loaded export: each user's effective access (principals
// view) and each custom role's cells of the resource matrix.
import { RESOURCES } from '../catalog/resources.ts';
import { Depth, depthName, key, parseDepth, PRIVILEGES, type EnvironmentSpec, type Model } from '../model/index.ts';
import { MAKER_AI_PROFILE } from '../model/environment.ts';
import { envSentence } from '../explain/environment.ts';
import type { MatrixCellEvidence, PrincipalEvidence } from '../evidence/evidence.ts';

/** Per-table detail is kept while users x custom tables stays below this; above it the evidence would dominate the run. */
const PER_TABLE_BUDGET = 250_000;

export function principalEvidence(model: Model): PrincipalEvidence[] {
  const c = model.compiled; const out: PrincipalEvidence[] = [];
  // Users with the same roles (and the same teams behind them) have the same access: compute it once per set.
  const byRoles = new Map<string, { resources: Record<string, 'allow' | 'deny'>; privileges: Record<string, Record<string, number>>; tables?: Record<string, Record<string, string>> }>();
  const customTables = c.tables.map((t, i) => ({ t, i })).filter((x) => x.t.custom);
  const perTable = c.users.length * customTables.length <= PER_TABLE_BUDGET;
  for (let u = 0; u < c.users.length; u++) {
    const user = c.users[u]!;
    const roles = model.q.rolesOf(user.name).map((r) => (r.team ? `${r.role} (team ${r.team})` : r.role));
    for (const env of model.q.environmentRolesOf(user.name)) { const label = env.automatic ? `${env.role} (automatic, ${env.rule})` : env.role; if (!roles.includes(label)) roles.push(label); }
    const cacheKey = [...roles].sort().join('\u0000');
    let access = byRoles.get(cacheKey);
    if (!access) {
      const resources: Record<string, 'allow' | 'deny'> = {};
      for (const res of RESOURCES) resources[res.id] = model.env.canAuthor(user.name, res.id).allowed ? 'allow' : 'deny';
      const privileges: Record<string, Record<string, number>> = {};
      for (let p = 0; p < 8; p++) {
        const counts = [0, 0, 0, 0, 0];
        for (let t = 0; t < c.tables.length; t++) counts[model.data.evaluator.reach(u, t * 8 + p)]!++;
        const row: Record<string, number> = {};
        for (let d = 1; d < 5; d++) if (counts[d]) row[depthName(d)] = counts[d]!;
        privileges[PRIVILEGES[p]!] = row;
      }
      let tables: Record<string, Record<string, string>> | undefined;
      if (perTable) {
        tables = {};
        for (const { t, i } of customTables) {
          let row: Record<string, string> | undefined;
          for (let p = 0; p < 8; p++) { const d = model.data.evaluator.reach(u, i * 8 + p); if (d > 0) (row ??= {})[PRIVILEGES[p]!] = depthName(d); }
          if (row) tables[t.name] = row;
        }
      }
      byRoles.set(cacheKey, access = { resources, privileges, ...(tables ? { tables } : {}) });
    }
    out.push({ type: 'principal', user: user.name, ...(c.dataverse ? { businessUnit: c.buNames[user.businessUnit] } : {}), roles,
      resources: access.resources, privileges: access.privileges, ...(access.tables ? { tables: access.tables } : {}) });
  }
  return out;
}

/**
 * Custom roles in the resource matrix. Expected: DV-013 / AIB-006 applied to the role's own rows as the export
 * writes them (role-privileges.csv, read here without the model); actual: the model's `roleAuthors`, from the
 * compiled environment. The two readings are independent, so a cell fails when the model mis-reads the export.
 */
export function customRoleCells(loaded: { spec: EnvironmentSpec; model: Model }): MatrixCellEvidence[] {
  const { spec, model } = loaded;
  const env = model.q.environment(); const out: MatrixCellEvidence[] = [];
  const rowsOf = new Map<string, Map<string, Depth>>();
  for (const rp of spec.rolePrivileges ?? []) {
    const k = key(rp.role);
    let m = rowsOf.get(k); if (!m) rowsOf.set(k, m = new Map());
    m.set(rp.privilege.trim().toLowerCase(), parseDepth(rp.depth) ?? Depth.None);
  }
  const ownerMap = new Map(model.q.tables().map((t) => [t.name.toLowerCase(), t]));
  for (const role of model.q.roles()) {
    if (role.predefined) continue;
    const rows = rowsOf.get(key(role.name)) ?? new Map<string, Depth>();
    const has = (name: string, depth = Depth.Basic) => (rows.get(name.toLowerCase()) ?? Depth.None) >= depth;
    for (const res of RESOURCES) {
      let allowed: boolean; let why: string;
      if (!env.dataverse && res.needsDataverse) { allowed = false; why = `${res.name} needs a Dataverse database`; }
      else if (res.id === 'ai-builder') {
        allowed = MAKER_AI_PROFILE.every((g) => ownerMap.has(g.table) && has(`prv${PRIVILEGES[g.privilege]}${g.table}`, g.depth));
        why = `its rows ${allowed ? 'give' : 'do not give'} the AI Builder table access of Environment Maker (AIB-006)`;
      } else if (res.id === 'desktop-flow' && env.type === 'Teams') { allowed = false; why = 'Dataverse for Teams has no desktop flows (RES-012)'; }
      else if (res.customRoleNeeds) {
        const need = res.customRoleNeeds;
        const name = need.misc ?? `prvCreate${need.table}`;
        allowed = has(name);
        why = `its rows ${allowed ? 'include' : 'lack'} ${name} (DV-013)`;
      } else { allowed = false; why = `the summary table gives ${res.name} only to predefined roles`; }
      const condition = allowed && res.id === 'cloud-flow' ? 'solution-aware only' : undefined;
      const actual = model.env.roleAuthors(role.name, res.id);
      out.push({ type: 'matrix-cell', role: role.name, resource: res.id, custom: true,
        expected: { decision: allowed ? 'allow' : 'deny', ...(condition ? { condition } : {}) },
        actual: { decision: actual.allowed ? 'allow' : 'deny', ...(actual.condition ? { condition: actual.condition } : {}) },
        rules: actual.rules, via: actual.via, explanation: `${envSentence(actual.because)} Expected from the export's rows: ${why}.` });
    }
  }
  return out;
}
