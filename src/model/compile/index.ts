// Turns an EnvironmentSpec into the compact arrays the evaluator reads: one function per kind of fact, in the
// order their references need. Every problem is collected (never only the first) and raised together.
import { SpecError } from '../errors.ts';
import { ENVIRONMENT_TYPES, key } from '../../vocabulary/index.ts';
import { Hold, type Compiled } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import { compileAssignments, type Held } from './assignments.ts';
import { compileBusinessUnits } from './business-units.ts';
import { compileHierarchy } from './hierarchy.ts';
import { csr, Problems } from './problems.ts';
import { compileRecords } from './records.ts';
import { compileRolePrivileges, compileRoles } from './roles.ts';
import { compileTables } from './tables.ts';
import { compilePrincipals } from './users.ts';
import { suggest } from '../errors.ts';

export function compile(spec: EnvironmentSpec): Compiled {
  const P = new Problems();
  const envType = ENVIRONMENT_TYPES.find((t) => t.toLowerCase() === key(spec.type));
  if (!envType)
    P.err({
      code: 'bad-value',
      message: 'unknown environment type',
      field: 'type',
      value: spec.type,
      origin: spec.origin,
      expected: ENVIRONMENT_TYPES.join(', '),
      suggestions: suggest(spec.type, ENVIRONMENT_TYPES),
    });
  const bu = compileBusinessUnits(spec, P);
  const tables = compileTables(spec, P);
  const pr = compilePrincipals(spec, P, bu);
  const roles = compileRoles(spec, P, bu);
  const privileges = compileRolePrivileges(spec, P, roles, tables);
  const as = compileAssignments(spec, P, bu, pr, roles);
  const recs = compileRecords(spec, P, bu, pr, tables);
  const hier = compileHierarchy(spec, P, pr, tables);
  if (P.errors.length) throw new SpecError(P.errors);

  const holdings = holdingsOf(
    pr.members,
    pr.teams.map((t) => t.type),
    as.userRoles,
    as.teamRoles,
    roles.roles.map((r) => r.inheritance === 'team-only'),
  );
  for (const l of pr.members) l.sort((a, b) => a - b);
  const [userTeamStart, userTeams] = csr(pr.members);
  const [teamRoleStart, teamRoles] = csr(as.teamRoles.map((l) => l.map((h) => h.role)));
  const [, teamRoleBu] = csr(as.teamRoles.map((l) => l.map((h) => h.bu)));
  const perRecord: number[][] = recs.records.map(() => []);
  recs.shares.forEach((s, i) => perRecord[s.record]!.push(i));
  const [recordShareStart, recordShares] = csr(perRecord);

  return {
    name: spec.name,
    type: envType ?? 'Production',
    dataverse: spec.dataverse,
    origin: spec.origin,
    buNames: bu.names,
    buParent: bu.parent,
    buIn: bu.in,
    buOut: bu.out,
    root: bu.root,
    users: pr.users,
    teams: pr.teams,
    tables: tables.tables,
    roles: roles.roles,
    records: recs.records,
    shares: recs.shares,
    assignments: as.assignments,
    ignored: as.ignored,
    positionNames: hier.positionNames,
    positionParent: hier.positionParent,
    ...(hier.hierarchy ? { hierarchy: hier.hierarchy } : {}),
    roleDepth: privileges.roleDepth,
    orgSharedReadOnly: privileges.orgSharedReadOnly,
    ...holdings,
    userTeamStart,
    userTeams,
    teamRoleStart,
    teamRoles,
    teamRoleBu,
    recordShareStart,
    recordShares,
    environmentRoles: as.environmentRoles,
    index: {
      user: pr.userIndex,
      team: pr.teamIndex,
      table: tables.index,
      role: roles.index,
      record: recs.index,
      bu: bu.index,
      position: hier.positionIndex,
    },
    privilegeNames: { parts: tables.nameParts, explicit: tables.explicit },
    unknownTables: privileges.unknownTables,
    unknownMisc: privileges.unknownMisc,
    notEvaluated: privileges.notEvaluated,
    warnings: P.warnings,
  };
}

/**
 * Every role that reaches each user, flattened (CSR): the roles assigned to the user (by role index), then for each
 * owner or group team the user belongs to (by team index) the team's roles in assignment order. Access teams hold
 * no roles (their assignments are ignored already).
 */
function holdingsOf(
  members: number[][],
  teamTypes: string[],
  userRoles: Held[][],
  teamRoles: Held[][],
  teamOnly: boolean[],
): Pick<Compiled, 'holdStart' | 'holdRole' | 'holdTeam' | 'holdBu' | 'holdKind'> {
  const n = userRoles.length;
  let total = 0;
  const teamsOf = members.map((l) => [...l].sort((a, b) => a - b).filter((m) => teamTypes[m] !== 'access' && teamRoles[m]!.length > 0));
  for (let u = 0; u < n; u++) {
    total += userRoles[u]!.length;
    for (const m of teamsOf[u]!) total += teamRoles[m]!.length;
  }
  const holdStart = new Int32Array(n + 1);
  const holdRole = new Int32Array(total);
  const holdTeam = new Int32Array(total);
  const holdBu = new Int32Array(total);
  const holdKind = new Uint8Array(total);
  let j = 0;
  for (let u = 0; u < n; u++) {
    holdStart[u] = j;
    const direct = [...userRoles[u]!].sort((a, b) => a.role - b.role || a.bu - b.bu);
    for (const h of direct) {
      holdRole[j] = h.role;
      holdTeam[j] = -1;
      holdBu[j] = h.bu;
      holdKind[j] = Hold.Direct;
      j++;
    }
    for (const m of teamsOf[u]!) {
      for (const h of teamRoles[m]!) {
        holdRole[j] = h.role;
        holdTeam[j] = m;
        holdBu[j] = h.bu;
        holdKind[j] = teamOnly[h.role] ? Hold.TeamOnly : Hold.TeamInherited;
        j++;
      }
    }
  }
  holdStart[n] = j;
  return { holdStart, holdRole, holdTeam, holdBu, holdKind };
}
