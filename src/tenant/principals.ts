// Evidence for the report's audit views, computed from a loaded export: each user's effective access (principals
// view) and each custom role's cells of the resource matrix.
import { RESOURCES } from '../catalog/resources.ts';
import { depthName, PRIVILEGES, type Model } from '../model/index.ts';
import { MAKER_AI_PROFILE } from '../model/environment.ts';
import type { MatrixCellEvidence, PrincipalEvidence } from '../report/evidence.ts';

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
    const roles = model.data.rolesOf(user.name).map((r) => (r.team ? `${r.role} (team ${r.team})` : r.role));
    for (const env of c.environmentRoles[u]!) if (!roles.includes(env)) roles.push(env);
    const cacheKey = [...roles].sort().join('\u0000');
    let access = byRoles.get(cacheKey);
    if (!access) {
      const resources: Record<string, 'allow' | 'deny'> = {};
      for (const res of RESOURCES) resources[res.id] = model.env.canAuthor(user.name, res.id).allowed ? 'allow' : 'deny';
      const privileges: Record<string, Record<string, number>> = {};
      for (let p = 0; p < 8; p++) {
        const counts = [0, 0, 0, 0, 0];
        for (let t = 0; t < c.tables.length; t++) counts[model.data.reach(u, t * 8 + p)]!++;
        const row: Record<string, number> = {};
        for (let d = 1; d < 5; d++) if (counts[d]) row[depthName(d)] = counts[d]!;
        privileges[PRIVILEGES[p]!] = row;
      }
      let tables: Record<string, Record<string, string>> | undefined;
      if (perTable) {
        tables = {};
        for (const { t, i } of customTables) {
          let row: Record<string, string> | undefined;
          for (let p = 0; p < 8; p++) { const d = model.data.reach(u, i * 8 + p); if (d > 0) (row ??= {})[PRIVILEGES[p]!] = depthName(d); }
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
 * What a custom role needs to author each resource stored in Dataverse (DV-013); the same table the environment
 * layer uses for users (src/model/environment.ts), applied to one role alone.
 */
const CUSTOM_ROLE_NEEDS: Record<string, { table?: string; misc?: string }> = {
  'canvas-app': { table: 'canvasapp' }, 'cloud-flow': { table: 'workflow' }, connector: { table: 'connector' },
  'dataverse-tables': { misc: 'prvCreateEntity' }, 'model-driven-app': { misc: 'prvCreateEntity' },
  'solution-framework': { misc: 'prvCreateEntity' }, 'desktop-flow': { table: 'workflow' },
};

export function customRoleCells(model: Model): MatrixCellEvidence[] {
  const c = model.compiled; const TP = c.tables.length * 8; const out: MatrixCellEvidence[] = [];
  for (let ri = 0; ri < c.roles.length; ri++) {
    const role = c.roles[ri]!;
    if (role.predefined) continue;
    const depth = (table: string, p: number) => { const t = c.index.table.get(table); return t === undefined ? 0 : c.roleDepth[ri * TP + t * 8 + p]!; };
    for (const res of RESOURCES) {
      let allowed = false; let why = ''; let rules = ['DV-013']; let condition: string | undefined;
      if (!c.dataverse && res.needsDataverse) { why = `${res.name} needs a Dataverse database`; rules = [res.ruleId, 'ENV-002']; }
      else if (res.id === 'ai-builder') {
        allowed = MAKER_AI_PROFILE.every((g) => depth(g.table, g.privilege) >= g.depth);
        rules = ['AIB-006'];
        why = allowed ? 'the role holds the AI Builder table access of Environment Maker' : 'the role lacks the AI Builder table access of Environment Maker';
      } else {
        const need = CUSTOM_ROLE_NEEDS[res.id];
        if (!need) why = `a custom role cannot author ${res.name} by itself: the summary table gives it only to predefined roles`;
        else if (need.misc) { allowed = [...role.misc].some((m) => m.toLowerCase() === need.misc!.toLowerCase()); why = `${allowed ? 'holds' : 'lacks'} ${need.misc}`; }
        else { allowed = depth(need.table!, 0) > 0; why = `${allowed ? 'holds' : 'lacks'} Create on ${need.table}`; }
        if (allowed && res.id === 'cloud-flow') condition = 'solution-aware only';
        if (allowed && role.inheritance === 'team-only') why += ' (held through a team, a team-only role does not let members create rows of their own)';
      }
      const verdict = allowed ? 'allow' : 'deny';
      out.push({ type: 'matrix-cell', role: role.name, resource: res.id, custom: true,
        expected: { decision: verdict, ...(condition ? { condition } : {}) }, actual: { decision: verdict, ...(condition ? { condition } : {}) },
        rules, via: allowed ? [role.name] : [], explanation: `${allowed ? 'Allowed' : 'Denied'}: custom role ${role.name} ${why}.` });
    }
  }
  return out;
}
