// The plain-data description of an environment that the model is built from. Steps build it by hand; the export
// readers (src/exports/: CSV folders, solutions, Web API bundles) build it from files, filling `origin` so that
// every problem can point at its row. Every name is compared by the one rule of src/vocabulary/names.ts.
import type { Origin } from '../vocabulary/index.ts';

export interface BusinessUnitSpec {
  name: string;
  parent?: string | null;
  origin?: Origin;
}
export interface UserSpec {
  name: string;
  businessUnit?: string;
  /** false: a disabled user, who can do nothing (contract version 2). Default true. */
  enabled?: boolean;
  /** The user's manager (a user name), for the manager hierarchy model. */
  manager?: string;
  /** The user's position (a name from `positions`), for the position hierarchy model. */
  position?: string;
  origin?: Origin;
}
export interface TeamSpec {
  name: string;
  businessUnit: string;
  type: string;
  origin?: Origin;
}
export interface TeamMemberSpec {
  team: string;
  user: string;
  origin?: Origin;
}
export interface RoleSpec {
  name: string;
  businessUnit?: string;
  inheritance?: string;
  origin?: Origin;
}
/**
 * One privilege row of a role. `depth` is the text as written; `depthScheme` says how a bare number is read:
 * `enum` (the Web API's PrivilegeDepth: 0 Basic … 3 Global, 4 RecordFilter) or `mask` (privilegedepthmask:
 * 1 Basic, 2 Local, 4 Deep, 8 Global). Readers that know their source set it; names are read either way.
 */
export interface RolePrivilegeSpec {
  role: string;
  privilege: string;
  depth: string;
  depthScheme?: 'enum' | 'mask';
  origin?: Origin;
}
export interface TableSpec {
  /** Logical name. */
  name: string;
  ownership: string;
  custom?: boolean;
  /** The schema name privilege names are made from (`prvReadnew_Project`), when it is not the logical name. */
  schemaName?: string;
  origin?: Origin;
}
/** A privilege name that acts on a table (entitydefinitions.json's Privileges), beyond `prv` + verb + schema name. */
export interface PrivilegeNameSpec {
  name: string;
  table: string;
  privilege: string;
  origin?: Origin;
}
export interface AssignmentSpec {
  principal: string;
  principalType: string;
  role: string;
  /** The business unit whose copy of the role is assigned (modernized business units). Default: the principal's. */
  businessUnit?: string;
  origin?: Origin;
}
export interface RecordSpec {
  id: string;
  table: string;
  owner: string;
  ownerType?: string;
  businessUnit?: string;
  origin?: Origin;
}
export interface ShareSpec {
  record: string;
  principal?: string;
  principalType: string;
  rights: string[];
  origin?: Origin;
}
export interface PositionSpec {
  name: string;
  parent?: string | null;
  origin?: Origin;
}
/** Hierarchy security settings (hierarchy.csv / hierarchy.json). */
export interface HierarchySpec {
  model: string;
  /** Whole number 1 to 100; default 3. */
  depth?: number;
  excludedTables?: string[];
  /** Manager model only: managers must be in the same or the parent business unit of their reports. Default true. */
  managersInSameOrParentUnit?: boolean;
  origin?: Origin;
}

export interface EnvironmentSpec {
  name: string;
  type: string;
  dataverse: boolean;
  origin?: Origin;
  businessUnits: BusinessUnitSpec[];
  users: UserSpec[];
  teams?: TeamSpec[];
  teamMembers?: TeamMemberSpec[];
  roles?: RoleSpec[];
  rolePrivileges?: RolePrivilegeSpec[];
  tables?: TableSpec[];
  privilegeNames?: PrivilegeNameSpec[];
  assignments?: AssignmentSpec[];
  records?: RecordSpec[];
  shares?: ShareSpec[];
  positions?: PositionSpec[];
  hierarchy?: HierarchySpec;
}

/** An environment with nothing in it yet, every list present: what the export readers fill as they read. */
export function blankSpec(): EnvironmentSpec {
  return {
    name: '',
    type: '',
    dataverse: true,
    businessUnits: [],
    users: [],
    teams: [],
    teamMembers: [],
    roles: [],
    rolePrivileges: [],
    tables: [],
    privilegeNames: [],
    assignments: [],
    records: [],
    shares: [],
    positions: [],
  };
}

/** A blank environment with Dataverse and one root business unit, for scenarios that build their own. */
export function emptySpec(name = 'Scenario', dataverse = true): EnvironmentSpec {
  return { ...blankSpec(), name, type: 'Production', dataverse, businessUnits: dataverse ? [{ name: 'Root', parent: null }] : [] };
}
