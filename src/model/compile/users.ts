// Users, teams and team memberships.
import { suggest } from '../errors.ts';
import { key, TEAM_TYPES } from '../../vocabulary/index.ts';
import type { TeamInfo, UserInfo } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { BusinessUnits } from './business-units.ts';
import type { Problems } from './problems.ts';

export interface Principals {
  users: UserInfo[];
  userIndex: Map<string, number>;
  teams: TeamInfo[];
  teamIndex: Map<string, number>;
  /** user -> teams the user belongs to (every type), in the order of the export. */
  members: number[][];
  /** The names of each kind, made once (suggestions index a list once; a fresh list per unknown name cost seconds). */
  userNames(): string[];
  teamNames(): string[];
}

export function compilePrincipals(spec: EnvironmentSpec, P: Problems, bu: BusinessUnits): Principals {
  const userIndex = new Map<string, number>();
  const users: UserInfo[] = [];
  for (const u of spec.users) {
    const k = key(u.name);
    if (!k) {
      P.empty('user', 'user', u.name, u.origin, 'a user principal name such as ana@contoso.com');
      continue;
    }
    if (userIndex.has(k)) {
      P.duplicate(`duplicate user "${u.name.trim()}"`, 'user', u.name, u.origin, 'each user once');
      continue;
    }
    userIndex.set(k, users.length);
    users.push({
      name: u.name.trim(),
      businessUnit: bu.ref(u.businessUnit, 'business_unit', u.origin),
      enabled: u.enabled ?? true,
      manager: -1,
      position: -1,
      origin: u.origin,
    });
  }
  const teamIndex = new Map<string, number>();
  const teams: TeamInfo[] = [];
  for (const t of spec.teams ?? []) {
    const k = key(t.name);
    if (!k) {
      P.empty('team name', 'name', t.name, t.origin, 'a team name');
      continue;
    }
    if (teamIndex.has(k)) {
      P.duplicate(`duplicate team "${t.name.trim()}"`, 'name', t.name, t.origin, 'each team once');
      continue;
    }
    const type = TEAM_TYPES.find((x) => x === key(t.type));
    if (!type)
      P.err({
        code: 'bad-value',
        message: 'unknown team type',
        field: 'type',
        value: t.type,
        origin: t.origin,
        expected: 'owner, group or access',
        suggestions: suggest(t.type, TEAM_TYPES),
      });
    if (!spec.dataverse)
      P.err({
        code: 'teams-without-dataverse',
        message: 'teams exist only in environments with Dataverse',
        field: 'name',
        value: t.name,
        origin: t.origin,
        expected: 'dataverse = true',
      });
    if (userIndex.has(k))
      P.warn({
        code: 'ambiguous-name',
        message: `team "${t.name.trim()}" has the same name as a user`,
        origin: t.origin,
        field: 'name',
        value: t.name,
      });
    teamIndex.set(k, teams.length);
    // A bad type is already reported; 'owner' (owns rows, holds roles) keeps it from causing further, false problems.
    teams.push({
      name: t.name.trim(),
      businessUnit: bu.ref(t.businessUnit, 'business_unit', t.origin),
      type: type ?? 'owner',
      origin: t.origin,
    });
  }
  const members: number[][] = users.map(() => []);
  let ul: string[] | undefined;
  const userList = () => (ul ??= users.map((u) => u.name));
  const seen = new Set<number>();
  for (const m of spec.teamMembers ?? []) {
    const ti = teamIndex.get(key(m.team));
    const ui = userIndex.get(key(m.user));
    if (ti === undefined)
      P.unknown(
        'team',
        'team',
        m.team,
        teams.map((t) => t.name),
        m.origin,
      );
    if (ui === undefined) P.unknown('user', 'user', m.user, userList(), m.origin);
    if (ti === undefined || ui === undefined) continue;
    const dk = ui * teams.length + ti;
    if (seen.has(dk)) {
      P.duplicate(
        `user "${users[ui]!.name}" is listed twice in team "${teams[ti]!.name}"`,
        'user',
        m.user,
        m.origin,
        'each membership once',
      );
      continue;
    }
    seen.add(dk);
    members[ui]!.push(ti);
  }
  let un: string[] | undefined;
  let tn: string[] | undefined;
  return {
    users,
    userIndex,
    teams,
    teamIndex,
    members,
    userNames: () => (un ??= users.map((u) => u.name)),
    teamNames: () => (tn ??= teams.map((t) => t.name)),
  };
}
