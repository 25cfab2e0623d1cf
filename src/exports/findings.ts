// Findings: everything in an export that contradicts a documented rule. The model already keeps ignored
// assignments out of every decision (model.q.ignored()); here each becomes a finding with the rule it
// breaks, the rule's severity, the principal and role, and the file:line of the row that causes it.
import { ACT_ON_BEHALF, predefinedRole } from '../catalog/roles.ts';
import { ruleById } from '../catalog/rules.ts';
import { buildModel, PRIVILEGES, type Model } from '../model/index.ts';
import type { Origin } from '../vocabulary/index.ts';
import { countBySeverity } from '../vocabulary/index.ts';
import type { FindingEvidence } from '../evidence/evidence.ts';
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

export type FindingKind =
  | 'not-assignable'
  | 'office-collaborator-placement'
  | 'access-team-role'
  | 'unsupported-role'
  | 'disabled-user'
  | 'predefined-role-changed'
  | 'environment-admin-with-dataverse'
  | 'act-on-behalf-through-team'
  | 'tenant-admin-role';

const where = (o?: Origin) => (o ? (o.path !== undefined ? `${o.file}: ${o.path}` : `${o.file}:${o.line}`) : undefined);
const severityOf = (rule: string) => ruleById(rule)?.severity ?? 'medium';

/** Every finding of the export, in file and line order, numbered F001, F002, … */
export function findings(loaded: Pick<LoadedExport, 'spec' | 'model'>): Finding[] {
  const { model, spec } = loaded;
  const q = model.q;
  const out: Array<Omit<Finding, 'id' | 'severity'> & { origin?: Origin }> = [];
  const label = (t: 'user' | 'team', name: string) => (t === 'user' ? name : `team ${name}`);

  // Ignored assignments: roles that cannot be assigned, Office Collaborator elsewhere, roles on access teams, Global Reader.
  for (const g of q.ignored()) {
    const who = label(g.principalType, g.principal);
    switch (g.reason) {
      case 'not-assignable': {
        // The baseline says "can't be assigned" of Service Deleter only; the later revision of the others (REV-002).
        const rule = g.role === 'Service Deleter' ? 'ROLE-006' : 'REV-002';
        out.push({
          kind: 'not-assignable',
          rule,
          principal: who,
          role: g.role,
          origin: g.origin,
          message: `${g.role} is assigned to ${who}, but it cannot be assigned to a user or team (it is for the service only); the assignment grants nothing (see CONF-004).`,
        });
        break;
      }
      case 'office-collaborator-placement':
        out.push({
          kind: 'office-collaborator-placement',
          rule: 'ROLE-012',
          principal: who,
          role: g.role,
          origin: g.origin,
          message: `Office Collaborator is assigned to ${who}; it belongs only to the "Office Collaborators" owner team, so this assignment grants nothing.`,
        });
        break;
      case 'access-team':
        out.push({
          kind: 'access-team-role',
          rule: 'DV-007',
          principal: who,
          role: g.role,
          origin: g.origin,
          message: `${g.role} is assigned to access team ${g.principal}; access teams hold no security roles, so its members get nothing from it.`,
        });
        break;
      case 'unsupported':
        out.push({
          kind: 'unsupported-role',
          rule: 'ROLE-013',
          principal: who,
          role: g.role,
          origin: g.origin,
          message: `${g.role} is assigned to ${who}, but it is not supported in the Power Platform admin center yet and grants nothing.`,
        });
        break;
      default:
        break;
    }
  }

  const assignments = q.assignments();
  // Roles assigned to disabled users (DV-010).
  for (const a of assignments) {
    if (!a.disabled) continue;
    out.push({
      kind: 'disabled-user',
      rule: 'DV-010',
      principal: a.principal,
      role: a.role,
      origin: a.origin,
      message: `${a.role} is assigned to ${a.principal}, whose account is disabled; roles are assigned only to enabled users (and a disabled user can do nothing).`,
    });
  }

  // Predefined roles whose export rows differ from what the documentation states (DV-014, or the role's own rule).
  const changed = q.roles().filter((r) => r.predefined && r.fromExport);
  if (changed.length) {
    const documented: Model = buildModel({ ...spec, rolePrivileges: (spec.rolePrivileges ?? []).filter((rp) => !predefinedRole(rp.role)) });
    for (const r of changed) {
      const diffs = differences(model, documented, r.name);
      if (!diffs.length) continue;
      // The row to point at: the first of the role's rows that differs from the definition, else its first row.
      const rows = (spec.rolePrivileges ?? []).filter((rp) => predefinedRole(rp.role)?.name === r.name);
      const differs = rows.find((rp) => {
        const read = q.readPrivilege(rp.privilege);
        return read?.kind === 'table' && read.grants.some((g) => diffs.some((d) => d.startsWith(`prv${g.privilege}${g.table}:`)));
      });
      const firstRow = differs ?? rows[0];
      const rule =
        r.predefined!.name === 'App Opener' || r.predefined!.name === 'Website Owner' || r.predefined!.name === 'System Administrator'
          ? r.predefined!.ruleId
          : 'DV-014';
      out.push({
        kind: 'predefined-role-changed',
        rule,
        role: r.name,
        origin: firstRow?.origin,
        message: `Predefined role ${r.name} differs from its documented definition in ${diffs.length} place${diffs.length === 1 ? '' : 's'} (predefined roles cannot be edited): ${diffs.slice(0, 5).join('; ')}${diffs.length > 5 ? `; and ${diffs.length - 5} more` : ''}.`,
      });
    }
  }

  // A tenant admin role assigned in the environment: it grants nothing until its holder self-elevates (REV-001).
  for (const a of assignments) {
    if (q.roleFacts(a.role).predefined?.name !== 'Dynamics 365 Admin') continue;
    const who = a.principalType === 'user' ? a.principal : `team ${a.principal}`;
    out.push({
      kind: 'tenant-admin-role',
      rule: 'REV-001',
      principal: who,
      role: a.role,
      origin: a.origin,
      message: `${a.role} is assigned to ${who}; a tenant admin role gives nothing in the environment until its holder self-elevates to System Administrator there, so this assignment grants nothing.`,
    });
  }

  // Environment Admin relied on in an environment with Dataverse (ENV-013).
  if (q.environment().dataverse) {
    for (const a of assignments) {
      if (a.role !== 'Environment Admin') continue;
      const holders = a.principalType === 'user' ? [a.principal] : q.membersOf(a.principal);
      const without = holders.filter((h) => !model.env.matrixRoles(h).has('System Administrator'));
      if (!without.length && holders.length) continue;
      const who = a.principalType === 'user' ? a.principal : `team ${a.principal}`;
      out.push({
        kind: 'environment-admin-with-dataverse',
        rule: 'ENV-013',
        principal: who,
        role: a.role,
        origin: a.origin,
        message: `Environment Admin is assigned to ${who} in an environment with Dataverse, where full administration needs System Administrator; ${without.length ? `${without.join(', ')} ${without.length === 1 ? 'does' : 'do'} not hold System Administrator` : 'the team has no members'}.`,
      });
    }
  }

  // prvActOnBehalfOfAnotherUser held only through a team (DV-009): it works only when assigned directly.
  for (const a of assignments) {
    if (a.principalType !== 'team' || q.teamType(a.principal) === 'access') continue;
    const role = q.roleFacts(a.role);
    if (![...role.misc].some((m) => m.toLowerCase() === ACT_ON_BEHALF.toLowerCase())) continue;
    if (role.predefined?.assignable === 'none' || role.predefined?.assignable === 'unsupported') continue;
    const lacking = q.membersOf(a.principal).filter((u) => !q.holdsMiscDirectly(u, ACT_ON_BEHALF));
    if (!lacking.length) continue;
    out.push({
      kind: 'act-on-behalf-through-team',
      rule: 'DV-009',
      principal: `team ${a.principal}`,
      role: role.name,
      origin: a.origin,
      message: `${role.name} gives ${ACT_ON_BEHALF} to team ${a.principal}, but impersonation needs the privilege from a role assigned directly: ${lacking.join(', ')} cannot act on behalf of other users through this team.`,
    });
  }

  const fileRank = (o?: Origin) => o?.file ?? '~';
  out.sort((a, b) => fileRank(a.origin).localeCompare(fileRank(b.origin)) || (a.origin?.line ?? 0) - (b.origin?.line ?? 0));
  return out.map(({ origin, ...f }, n) => ({
    id: `F${String(n + 1).padStart(3, '0')}`,
    ...f,
    severity: severityOf(f.rule),
    ...(origin ? { location: where(origin) } : {}),
  }));
}

export function findingEvidence(f: Finding): FindingEvidence {
  return {
    type: 'finding',
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    ...(f.principal ? { principal: f.principal } : {}),
    ...(f.role ? { role: f.role } : {}),
    message: f.message,
    ...(f.location ? { location: f.location } : {}),
  };
}

/** Counts by severity, most severe first, for summaries: `{ critical: 2, high: 3 }`. */
export function bySeverity(list: Finding[]): Record<string, number> {
  return countBySeverity(list);
}

/**
 * Where a predefined role's rows in the export differ from what the documentation states. The documentation speaks
 * of custom tables and of the Account, Contact and Activity tables by name; it never enumerates the hundreds of system
 * tables a real role lists, so those are not compared (a faithful export of a real role gives no finding). Assign
 * and Share do not exist on organization-owned tables (their rows have no owner), so they are not compared there.
 * Miscellaneous privileges: a documented one missing from the export differs; others are not enumerated.
 */
export function differences(actual: Model, documented: Model, role: string): string[] {
  const diffs: string[] = [];
  const def = actual.q.roleFacts(role);
  if (def.predefined?.orgSharedReadOnly)
    diffs.push('its documented definition reads only rows shared with the organization; the export lists its privileges instead');
  for (const t of actual.q.tables()) {
    if (!t.custom && !t.core) continue;
    for (const p of PRIVILEGES) {
      if (t.organizationOwned && (p === 'Assign' || p === 'Share')) continue;
      const a = actual.q.roleDepth(role, p, t.name);
      const d = documented.q.roleDepth(role, p, t.name);
      if (a !== d) diffs.push(`prv${p}${t.name}: documented ${d}, export ${a}`);
    }
  }
  const has = new Set([...def.misc].map((m) => m.toLowerCase()));
  for (const m of documented.q.grantsOf(role).misc) if (!has.has(m.toLowerCase())) diffs.push(`${m}: documented, missing from the export`);
  return diffs;
}
