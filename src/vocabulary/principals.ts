// Kinds of principals, teams, tables and environments, as the export contract names them.

export type TableOwnership = 'user' | 'organization';
export type TeamType = 'owner' | 'group' | 'access';
export const TEAM_TYPES: readonly TeamType[] = ['owner', 'group', 'access'];
/** A role's "member's privilege inheritance": direct-and-team (Direct User (Basic) access level and Team privileges) or team-only. */
export type Inheritance = 'direct-and-team' | 'team-only';
export const INHERITANCES: readonly Inheritance[] = ['direct-and-team', 'team-only'];
export type PrincipalType = 'user' | 'team';
export type ShareTarget = 'user' | 'team' | 'organization';

export const ENVIRONMENT_TYPES = ['Default', 'Production', 'Sandbox', 'Developer', 'Trial', 'Teams'] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];
