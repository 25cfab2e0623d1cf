// The plain-data description of an environment that the model is built from. Steps build it by hand; the
// tenant reader builds it from an export, filling `origin` so that every problem can point at its row.
import type { Origin } from '../vocabulary/index.ts';

export interface BusinessUnitSpec { name: string; parent?: string | null; origin?: Origin }
export interface UserSpec { name: string; businessUnit?: string; enabled?: boolean; origin?: Origin }
export interface TeamSpec { name: string; businessUnit: string; type: string; origin?: Origin }
export interface TeamMemberSpec { team: string; user: string; origin?: Origin }
export interface RoleSpec { name: string; businessUnit?: string; inheritance?: string; origin?: Origin }
export interface RolePrivilegeSpec { role: string; privilege: string; depth: string; origin?: Origin }
export interface TableSpec { name: string; ownership: string; custom?: boolean; origin?: Origin }
export interface AssignmentSpec { principal: string; principalType: string; role: string; origin?: Origin }
export interface RecordSpec { id: string; table: string; owner: string; ownerType?: string; businessUnit?: string; origin?: Origin }
export interface ShareSpec { record: string; principal?: string; principalType: string; rights: string[]; origin?: Origin }

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
  assignments?: AssignmentSpec[];
  records?: RecordSpec[];
  shares?: ShareSpec[];
}

/** A blank environment with Dataverse and one root business unit, for scenarios that build their own. */
export function emptySpec(name = 'Scenario', dataverse = true): EnvironmentSpec {
  return {
    name, type: 'Production', dataverse,
    businessUnits: dataverse ? [{ name: 'Root', parent: null }] : [],
    users: [], teams: [], teamMembers: [], roles: [], rolePrivileges: [], tables: [], assignments: [], records: [], shares: [],
  };
}
