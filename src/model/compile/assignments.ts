// Role assignments: to users and teams, each of a business unit's copy of the role (modernized business units:
// Local and Deep are measured from the assignment's unit; default the principal's own). Assignments that grant
// nothing are kept out of every decision and listed with their reason (ignored).
import { OFFICE_COLLABORATORS_TEAM, predefinedRole } from '../../catalog/roles.ts';
import { suggest } from '../errors.ts';
import { key } from '../../vocabulary/index.ts';
import type { AssignmentInfo, IgnoredAssignment } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { BusinessUnits } from './business-units.ts';
import type { Problems } from './problems.ts';
import type { Roles } from './roles.ts';
import type { Principals } from './users.ts';

/** A kept assignment: role and the business unit of its copy. */
export interface Held {
  role: number;
  bu: number;
}

export interface Assignments {
  assignments: AssignmentInfo[];
  ignored: IgnoredAssignment[];
  userRoles: Held[][];
  teamRoles: Held[][];
  environmentRoles: Array<Set<string>>;
}

export function compileAssignments(spec: EnvironmentSpec, P: Problems, bu: BusinessUnits, pr: Principals, roles: Roles): Assignments {
  const { users, teams } = pr;
  const assignments: AssignmentInfo[] = [];
  const ignored: IgnoredAssignment[] = [];
  const userRoles: Held[][] = users.map(() => []);
  const teamRoles: Held[][] = teams.map(() => []);
  const environmentRoles: Array<Set<string>> = users.map(() => new Set());
  const seen = new Set<string>();
  for (const a of spec.assignments ?? []) {
    const pt = key(a.principalType);
    if (pt !== 'user' && pt !== 'team') {
      P.err({
        code: 'bad-value',
        message: 'unknown principal type',
        field: 'principal_type',
        value: a.principalType,
        origin: a.origin,
        expected: 'user or team',
        suggestions: suggest(a.principalType, ['user', 'team']),
      });
      continue;
    }
    const pi = pt === 'user' ? pr.userIndex.get(key(a.principal)) : pr.teamIndex.get(key(a.principal));
    if (pi === undefined) P.unknown(pt, 'principal', a.principal, pt === 'user' ? pr.userNames() : pr.teamNames(), a.origin);
    const ri = roles.index.get(key(a.role));
    if (ri === undefined) {
      const pre = predefinedRole(a.role);
      if (pre && !spec.dataverse)
        P.err({
          code: 'role-needs-dataverse',
          message: `"${pre.name}" exists only in environments with Dataverse`,
          field: 'role',
          value: a.role,
          origin: a.origin,
          expected: 'Environment Admin or Environment Maker in an environment without Dataverse',
        });
      else
        P.unknown(
          'role',
          'role',
          a.role,
          roles.roles.map((r) => r.name),
          a.origin,
        );
    }
    const own = pi === undefined ? bu.root : pt === 'user' ? users[pi]!.businessUnit : teams[pi]!.businessUnit;
    const abu = (a.businessUnit ?? '').trim() ? bu.ref(a.businessUnit, 'business_unit', a.origin) : own;
    if (pi === undefined || ri === undefined) continue;
    const dk = `${pt}|${pi}|${ri}|${abu}`;
    if (seen.has(dk)) {
      P.duplicate(
        `role "${roles.roles[ri]!.name}" is assigned twice to ${pt} "${a.principal.trim()}"`,
        'role',
        a.role,
        a.origin,
        'each assignment once',
      );
      continue;
    }
    seen.add(dk);
    assignments.push({ principal: pi, principalType: pt, role: ri, businessUnit: abu, origin: a.origin });
    const r = roles.roles[ri]!;
    const pre = r.predefined;
    const ignore = (reason: IgnoredAssignment['reason']) =>
      ignored.push({ principal: a.principal.trim(), principalType: pt, role: r.name, reason, origin: a.origin });
    if (pt === 'team' && teams[pi]!.type === 'access') {
      ignore('access-team');
      continue;
    }
    if (pre?.assignable === 'none') {
      ignore('not-assignable');
      continue;
    }
    if (pre?.assignable === 'unsupported') {
      ignore('unsupported');
      continue;
    }
    if (
      pre?.assignable === 'office-collaborators-team' &&
      !(pt === 'team' && teams[pi]!.type === 'owner' && key(teams[pi]!.name) === key(OFFICE_COLLABORATORS_TEAM))
    ) {
      ignore('office-collaborator-placement');
      continue;
    }
    if (pre?.environmentRole) {
      if (pt === 'user') environmentRoles[pi]!.add(pre.name);
      else for (let u = 0; u < users.length; u++) if (pr.members[u]!.includes(pi)) environmentRoles[u]!.add(pre.name);
      if (!pre.dataverseRole) continue;
    }
    (pt === 'user' ? userRoles[pi]! : teamRoles[pi]!).push({ role: ri, bu: abu });
  }
  return { assignments, ignored, userRoles, teamRoles, environmentRoles };
}
