// Section: the principals of the environment: each user's real assignments (direct and through teams, with the
// business unit's copy of the role), the environment roles every user holds automatically labelled as such (never
// shown as an assignment), the assignments that grant nothing (with the reason) and the disabled flag.
import type { UserData } from '../evidence/environment.ts';
import { pathText } from './access.ts';

export interface PrincipalRow {
  user: string;
  businessUnit: string;
  enabled: boolean;
  teams: string[];
  /** Roles that reach the user: `role (direct)`, `role (team T)`, `role (team T, copy of BU)`. */
  assigned: string[];
  /** Environment roles assigned to the user. */
  environmentRoles: string[];
  /** Environment roles the user holds automatically, with the rule that says so. */
  automatic: string[];
  /** Assignments that grant nothing, with the reason. */
  ignored: string[];
  manager: string | null;
}

const REASON: Record<string, string> = {
  'not-assignable': 'cannot be assigned',
  'office-collaborator-placement': 'only for the Office Collaborators owner team',
  'access-team': 'on an access team',
  unsupported: 'not supported yet',
  'disabled-user': 'disabled user',
};

export function principalRows(users: readonly UserData[]): PrincipalRow[] {
  return users.map((u) => ({
    user: u.user,
    businessUnit: u.businessUnit,
    enabled: u.enabled,
    teams: [...u.teams],
    assigned: u.roles.map(pathText),
    environmentRoles: u.environmentRoles.filter((r) => !r.automatic).map((r) => r.role),
    automatic: u.environmentRoles.filter((r) => r.automatic).map((r) => `${r.role}${r.rule ? ` (automatic, ${r.rule})` : ' (automatic)'}`),
    ignored: u.ignored.map((g) => `${g.role}${g.team ? ` (team ${g.team})` : ''}: grants nothing, ${REASON[g.reason] ?? g.reason}`),
    manager: u.manager ?? null,
  }));
}
