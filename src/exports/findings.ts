// Findings: everything in an export that contradicts a documented rule. The model already keeps ignored
// assignments out of every decision (model.compiled.ignored); here each becomes a finding with the rule it
// breaks, the rule's severity, the principal and role, and the file:line of the row that causes it.
import { ACT_ON_BEHALF, predefinedRole } from '../catalog/roles.ts';
import { ruleById } from '../catalog/rules.ts';
import { buildModel, depthName, parsePrivilegeName, PRIVILEGES, type Model } from '../model/index.ts';
import type { Origin } from '../vocabulary/index.ts';
import { countBySeverity } from '../vocabulary/index.ts';
import type { FindingEvidence } from '../report/evidence.ts';
import type { LoadedExport } from './load.ts';

export interface Finding {
  id: string;
  rule: string;
  severity: string;
  kind: FindingKind;
  principal?: string;
  role?: string;
  message: string;
  /** `file:line` of the row that causes the finding. */
  location?: string;
}

export type FindingKind = 'not-assignable' | 'office-collaborator-placement' | 'access-team-role' | 'unsupported-role'
  | 'disabled-user' | 'predefined-role-changed' | 'environment-admin-with-dataverse' | 'act-on-behalf-through-team';

const where = (o?: Origin) => (o ? (o.path !== undefined ? `${o.file}: ${o.path}` : `${o.file}:${o.line}`) : undefined);
const severityOf = (rule: string) => ruleById(rule)?.severity ?? 'medium';

/** Every finding of the export, in file and line order, numbered F001, F002, … */
export function findings(loaded: Pick<LoadedExport, 'spec' | 'model'>): Finding[] {
  const { model, spec } = loaded;
  const c = model.compiled;
  const out: Array<Omit<Finding, 'id' | 'severity'> & { origin?: Origin }> = [];
  const label = (t: 'user' | 'team', name: string) => (t === 'user' ? name : `team ${name}`);

  // Ignored assignments: roles that cannot be assigned, Office Collaborator elsewhere, roles on access teams, Global Reader.
  for (const g of c.ignored) {
    const who = label(g.principalType, g.principal);
    switch (g.reason) {
      case 'not-assignable': {
        const rule = predefinedRole(g.role)?.ruleId ?? 'ROLE-006';
        out.push({ kind: 'not-assignable', rule, principal: who, role: g.role, origin: g.origin,
          message: `${g.role} is assigned to ${who}, but it cannot be assigned to a user or team (it is for the service only); the assignment grants nothing (see CONF-004).` });
        break;
      }
      case 'office-collaborator-placement':
        out.push({ kind: 'office-collaborator-placement', rule: 'ROLE-012', principal: who, role: g.role, origin: g.origin,
          message: `Office Collaborator is assigned to ${who}; it belongs only to the "Office Collaborators" owner team, so this assignment grants nothing.` });
        break;
      case 'access-team':
        out.push({ kind: 'access-team-role', rule: 'DV-007', principal: who, role: g.role, origin: g.origin,
          message: `${g.role} is assigned to access team ${g.principal}; access teams hold no security roles, so its members get nothing from it.` });
        break;
      case 'unsupported':
        out.push({ kind: 'unsupported-role', rule: 'ROLE-013', principal: who, role: g.role, origin: g.origin,
          message: `${g.role} is assigned to ${who}, but it is not supported in the Power Platform admin center yet and grants nothing.` });
        break;
      default:
        break;
    }
  }

  // Roles assigned to disabled users (DV-010).
  for (const a of c.assignments) {
    if (a.principalType !== 'user') continue;
    const u = c.users[a.principal]!;
    if (u.enabled) continue;
    out.push({ kind: 'disabled-user', rule: 'DV-010', principal: u.name, role: c.roles[a.role]!.name, origin: a.origin,
      message: `${c.roles[a.role]!.name} is assigned to ${u.name}, whose account is disabled; roles are assigned only to enabled users.` });
  }

  // Predefined roles whose export rows differ from the documented definition (DV-014, or the role's own rule).
  const changed = c.roles.map((r, i) => ({ r, i })).filter(({ r }) => r.predefined && r.fromExport);
  if (changed.length) {
    const documented: Model = buildModel({ ...spec, rolePrivileges: (spec.rolePrivileges ?? []).filter((rp) => !predefinedRole(rp.role)) });
    const dc = documented.compiled;
    const TP = c.tables.length * 8;
    for (const { r, i } of changed) {
      const di = dc.index.role.get(r.name.toLowerCase())!;
      const diffs: string[] = [];
      for (let t = 0; t < c.tables.length; t++) {
        for (let p = 0; p < 8; p++) {
          const actual = c.roleDepth[i * TP + t * 8 + p]!; const doc = dc.roleDepth[di * TP + t * 8 + p]!;
          if (actual !== doc) diffs.push(`prv${PRIVILEGES[p]}${c.tables[t]!.name}: documented ${depthName(doc)}, export ${depthName(actual)}`);
        }
      }
      if (r.predefined!.orgSharedReadOnly) diffs.unshift('its documented definition reads only rows shared with the organization; the export lists its privileges instead');
      const docMisc = new Set([...dc.roles[di]!.misc].map((m) => m.toLowerCase()));
      const expMisc = new Set([...r.misc].map((m) => m.toLowerCase()));
      for (const m of dc.roles[di]!.misc) if (!expMisc.has(m.toLowerCase())) diffs.push(`${m}: documented, missing from the export`);
      for (const m of r.misc) if (!docMisc.has(m.toLowerCase())) diffs.push(`${m}: not documented, present in the export`);
      if (!diffs.length) continue;
      // The row to point at: the first one that differs from the definition, else the role's first row.
      const rows = (spec.rolePrivileges ?? []).filter((rp) => predefinedRole(rp.role)?.name === r.name);
      const differs = rows.find((rp) => {
        const parsed = parsePrivilegeName(rp.privilege, c.index.table);
        if (parsed?.kind === 'misc') return !docMisc.has(parsed.name.toLowerCase());
        if (parsed?.kind !== 'table') return false;
        return dc.roleDepth[di * TP + parsed.table * 8 + parsed.privilege] !== c.roleDepth[i * TP + parsed.table * 8 + parsed.privilege];
      });
      const firstRow = differs ?? rows[0];
      const rule = r.predefined!.name === 'App Opener' || r.predefined!.name === 'Website Owner' || r.predefined!.name === 'System Administrator' ? r.predefined!.ruleId : 'DV-014';
      out.push({ kind: 'predefined-role-changed', rule, role: r.name, origin: firstRow?.origin,
        message: `Predefined role ${r.name} differs from its documented definition in ${diffs.length} place${diffs.length === 1 ? '' : 's'} (predefined roles cannot be edited): ${diffs.slice(0, 5).join('; ')}${diffs.length > 5 ? `; and ${diffs.length - 5} more` : ''}.` });
    }
  }

  // Environment Admin relied on in an environment with Dataverse (ENV-013).
  if (c.dataverse) {
    for (const a of c.assignments) {
      const role = c.roles[a.role]!;
      if (role.predefined?.name !== 'Environment Admin') continue;
      const holders = a.principalType === 'user' ? [c.users[a.principal]!.name]
        : c.users.filter((_, u) => { for (let k = c.userTeamStart[u]!; k < c.userTeamStart[u + 1]!; k++) if (c.userTeams[k] === a.principal) return true; return false; }).map((u) => u.name);
      const without = holders.filter((h) => !model.env.matrixRoles(h).has('System Administrator'));
      if (!without.length && holders.length) continue;
      const who = a.principalType === 'user' ? c.users[a.principal]!.name : `team ${c.teams[a.principal]!.name}`;
      out.push({ kind: 'environment-admin-with-dataverse', rule: 'ENV-013', principal: who, role: role.name, origin: a.origin,
        message: `Environment Admin is assigned to ${who} in an environment with Dataverse, where full administration needs System Administrator; ${without.length ? `${without.join(', ')} ${without.length === 1 ? 'does' : 'do'} not hold System Administrator` : 'the team has no members'}.` });
    }
  }

  // prvActOnBehalfOfAnotherUser held only through a team (DV-009): it works only when assigned directly.
  for (const a of c.assignments) {
    if (a.principalType !== 'team') continue;
    const team = c.teams[a.principal]!;
    if (team.type === 'access') continue;
    const role = c.roles[a.role]!;
    if (![...role.misc].some((m) => m.toLowerCase() === ACT_ON_BEHALF.toLowerCase())) continue;
    if (role.predefined?.assignable === 'none' || role.predefined?.assignable === 'unsupported') continue;
    const members = c.users.map((u, i) => ({ u, i })).filter(({ i }) => { for (let k = c.userTeamStart[i]!; k < c.userTeamStart[i + 1]!; k++) if (c.userTeams[k] === a.principal) return true; return false; });
    const lacking = members.filter(({ i }) => !model.data.holdsMiscDirectly(i, ACT_ON_BEHALF)).map(({ u }) => u.name);
    if (!lacking.length) continue;
    out.push({ kind: 'act-on-behalf-through-team', rule: 'DV-009', principal: `team ${team.name}`, role: role.name, origin: a.origin,
      message: `${role.name} gives ${ACT_ON_BEHALF} to team ${team.name}, but impersonation needs the privilege from a role assigned directly: ${lacking.join(', ')} cannot act on behalf of other users through this team.` });
  }

  const fileRank = (o?: Origin) => o?.file ?? '~';
  out.sort((a, b) => fileRank(a.origin).localeCompare(fileRank(b.origin)) || (a.origin?.line ?? 0) - (b.origin?.line ?? 0));
  return out.map(({ origin, ...f }, n) => ({ id: `F${String(n + 1).padStart(3, '0')}`, ...f, severity: severityOf(f.rule), ...(origin ? { location: where(origin) } : {}) }));
}

export function findingEvidence(f: Finding): FindingEvidence {
  return { type: 'finding', id: f.id, rule: f.rule, severity: f.severity, ...(f.principal ? { principal: f.principal } : {}), ...(f.role ? { role: f.role } : {}), message: f.message, ...(f.location ? { location: f.location } : {}) };
}

/** Counts by severity, most severe first, for summaries: `{ critical: 2, high: 3 }`. */
export function bySeverity(list: Finding[]): Record<string, number> {
  return countBySeverity(list);
}
