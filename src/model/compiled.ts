// The compiled form of an environment: compact arrays that the evaluator reads, built once by compile/. Names are
// kept for the edges (errors, questions, wording); decisions use indices only.
import type { PredefinedRole } from '../catalog/roles.ts';
import type { EnvironmentType, Inheritance, Origin, Problem, ShareTarget, TeamType } from '../vocabulary/index.ts';

export interface RoleInfo {
  name: string;
  predefined?: PredefinedRole;
  /** The business unit of the role's root copy (roles.csv), for display; decisions use the assignment's unit. */
  businessUnit: number;
  inheritance: Inheritance;
  /** Miscellaneous privileges held (canonical spelling). */
  misc: Set<string>;
  /** Table privileges come from the export's rows instead of the documented definition. */
  fromExport: boolean;
  origin?: Origin;
}

export interface TableInfo {
  name: string;
  organizationOwned: boolean;
  custom: boolean;
  /** Account, Contact and the activity tables, which the predefined-role table singles out. */
  core: boolean;
  aiBuilder: boolean;
  schemaName?: string;
  origin?: Origin;
}
export interface TeamInfo {
  name: string;
  businessUnit: number;
  type: TeamType;
  origin?: Origin;
}
export interface UserInfo {
  name: string;
  businessUnit: number;
  enabled: boolean;
  /** Index of the user's manager, or -1. */
  manager: number;
  /** Index of the user's position, or -1. */
  position: number;
  origin?: Origin;
}
/** `owner` is a user index, or users.length + a team index. */
export interface RecordInfo {
  id: string;
  table: number;
  owner: number;
  businessUnit: number;
  origin?: Origin;
}
/** `principal` is a user or team index, -1 for the organization; `rights` has bit i for PRIVILEGES[i]. */
export interface ShareInfo {
  record: number;
  target: ShareTarget;
  principal: number;
  rights: number;
  origin?: Origin;
}

/** Why an assignment is kept out of every decision (findings report these). */
export type IgnoredReason = 'not-assignable' | 'unsupported' | 'office-collaborator-placement' | 'access-team';
export interface IgnoredAssignment {
  principal: string;
  principalType: 'user' | 'team';
  role: string;
  reason: IgnoredReason;
  origin?: Origin;
}

/** Every assignment of the export that names a known principal and role, ignored ones included. */
export interface AssignmentInfo {
  principal: number;
  principalType: 'user' | 'team';
  role: number;
  businessUnit: number;
  origin?: Origin;
}

export type HierarchyModel = 'manager' | 'position';
export interface HierarchyInfo {
  model: HierarchyModel;
  depth: number;
  /** 1 for each table excluded from hierarchy security. */
  excluded: Uint8Array;
  sameOrParentUnit: boolean;
  origin?: Origin;
}

/** How a holding reaches its user: a role assigned directly, or held by a team with its inheritance setting. */
export const enum Hold {
  Direct = 0,
  TeamInherited = 1,
  TeamOnly = 2,
}

/** A privilege row that names a table no file and no catalogue describes (accepted with a warning). */
export interface UnknownTableUse {
  name: string;
  roles: string[];
  rows: number;
  origin?: Origin;
}
/** A privilege row the model keeps but does not evaluate (RecordFilter depth). */
export interface NotEvaluatedGrant {
  role: string;
  privilege: string;
  origin?: Origin;
}

export interface Compiled {
  name: string;
  type: EnvironmentType;
  dataverse: boolean;
  origin?: Origin;
  buNames: string[];
  buParent: Int32Array;
  /** DFS intervals: B is in the subtree of A iff buIn[A] <= buIn[B] < buOut[A]. */
  buIn: Int32Array;
  buOut: Int32Array;
  root: number;
  users: UserInfo[];
  teams: TeamInfo[];
  tables: TableInfo[];
  roles: RoleInfo[];
  records: RecordInfo[];
  shares: ShareInfo[];
  assignments: AssignmentInfo[];
  ignored: IgnoredAssignment[];
  positionNames: string[];
  positionParent: Int32Array;
  hierarchy?: HierarchyInfo;
  /** roles x (tables x 8 privileges): depth of each role's grant. */
  roleDepth: Uint8Array;
  /** Office Collaborator by its documented definition: Read only through a share with the organization. */
  orgSharedReadOnly: Uint8Array;
  /**
   * user -> every role that reaches the user (CSR): roles assigned directly (by role index), then the roles of each
   * owner or group team the user belongs to (by team index, then assignment order). For each: the role, the team
   * (-1 when direct), the business unit of the assignment (which copy of the role: Local and Deep are measured
   * from it) and how it is held (Hold).
   */
  holdStart: Int32Array;
  holdRole: Int32Array;
  holdTeam: Int32Array;
  holdBu: Int32Array;
  holdKind: Uint8Array;
  /** user -> teams the user belongs to, every type (CSR). */
  userTeamStart: Int32Array;
  userTeams: Int32Array;
  /** team -> its kept role assignments (CSR), with the business unit of each. */
  teamRoleStart: Int32Array;
  teamRoles: Int32Array;
  teamRoleBu: Int32Array;
  /** record -> shares (CSR over `shares`). */
  recordShareStart: Int32Array;
  recordShares: Int32Array;
  /** user -> environment roles assigned (Environment Admin, Environment Maker), directly or through a team. */
  environmentRoles: Array<Set<string>>;
  index: {
    user: Map<string, number>;
    team: Map<string, number>;
    table: Map<string, number>;
    role: Map<string, number>;
    record: Map<string, number>;
    bu: Map<string, number>;
    position: Map<string, number>;
  };
  /** How privilege names are read: lower-case name part -> logical table names; full names given by entity definitions. */
  privilegeNames: { parts: Map<string, string[]>; explicit: Map<string, { privilege: number; table: number }> };
  unknownTables: UnknownTableUse[];
  unknownMisc: Array<{ name: string; roles: string[]; origin?: Origin }>;
  notEvaluated: NotEvaluatedGrant[];
  warnings: Problem[];
}
