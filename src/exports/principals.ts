// Evidence for the report's audit views, computed from a loaded export: each custom role's cells of the resource
// matrix. (Each user's effective access is the audit's environment data, reconciled by src/exports/access-digest.ts.)
import { RESOURCES } from '../catalog/resources.ts';
import { Depth, key, parseDepth, PRIVILEGES, type EnvironmentSpec, type Model } from '../model/index.ts';
import { MAKER_AI_PROFILE } from '../model/environment.ts';
import { envSentence } from '../explain/environment.ts';
import type { MatrixCellEvidence } from '../evidence/evidence.ts';

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
