// What an audit knows about the environment it audited, handed to the report: small and bounded whatever the size of
// the tenant (the per-user detail is in data files the audit writes beside the report, listed in `files`). The
// audit computes it once, in the process that loaded the export (src/exports/environment-data.ts), from the model's
// name-level questions and its effective access (src/model/access.ts); the report's environment half renders it
// (the documented baseline half comes from the specification's messages). Saved as `environment.json` in the
// report folder, so that `rolecheck report --from` can rebuild the report with it.
import type { DepthName, Privilege } from '../vocabulary/index.ts';

// 2: the custom roles' cells of the resource matrix joined the data (`roleResources`, `roleResourceCounts`).
export const ENVIRONMENT_DATA_VERSION = 2;

/** One role that reaches a user, and how: directly or through a team, from which business unit's copy. */
export interface HeldRoleData {
  role: string;
  team?: string;
  /** The business unit of the assignment (the role's copy): Local and Deep are measured from it. */
  businessUnit: string;
  /** Another business unit's copy than the holder's own (modernized business units). */
  copy: boolean;
  /** The team role has "team privileges only" inheritance. */
  teamOnly: boolean;
}

export interface UserData {
  user: string;
  businessUnit: string;
  enabled: boolean;
  teams: string[];
  /** Every role that reaches the user (direct ones first, then each team's), as the model holds them. */
  roles: HeldRoleData[];
  /** Environment roles: assigned ones, and Environment Maker, which every user holds automatically (ENV-003). */
  environmentRoles: Array<{ role: string; automatic: boolean; rule?: string }>;
  /** Assignments to the user or their teams that grant nothing, and why (ignored by the model; findings say more). */
  ignored: Array<{ role: string; team?: string; reason: string }>;
  manager?: string;
  position?: string;
}

/** A table privilege's reach among the enabled users: how many reach it at each depth (None included). */
export type DepthCounts = Record<DepthName, number>;

export interface TableData {
  table: string;
  custom: boolean;
  organizationOwned: boolean;
  /** Per privilege, the enabled users at each depth (their widest, over every role that reaches them). */
  users: Record<Privilege, DepthCounts>;
}

export interface RoleData {
  role: string;
  custom: boolean;
  /** The role's rows come from the export (a custom role, or a predefined one the export lists). */
  fromExport: boolean;
  /** Users the role reaches (directly or through a team), and how many of them are enabled. */
  holders: number;
  enabledHolders: number;
  /** Non-None table privileges the role grants, and on how many tables. */
  grants: number;
  tables: number;
  misc: string[];
}

/** A role's grants on one table, one depth per privilege ('None' when it grants nothing). */
export interface RoleGrantRow {
  role: string;
  table: string;
  depths: Record<Privilege, DepthName>;
}

/** Who holds one privilege on one table, and how. */
export interface WhoCanData {
  table: string;
  privilege: Privilege;
  holders: Array<{ user: string; enabled: boolean; depth: DepthName; via: HeldRoleData[] }>;
}

/** A decision of the resource matrix: allowed or denied, and for which kind of cloud flow when only one. */
export interface RoleResourceVerdict {
  decision: 'allow' | 'deny';
  condition?: string;
}

/**
 * One cell of the resource matrix for a custom role: may the role author the resource (a resource id of the
 * catalogue)? `actual` is the model's answer; `expected` the export's own rows read without the model
 * (src/exports/role-resources.ts). The audit's check fails when the two differ.
 */
export interface RoleResourceCell {
  role: string;
  resource: string;
  expected: RoleResourceVerdict;
  actual: RoleResourceVerdict;
  rules: string[];
  via: string[];
  explanation: string;
}

/** A cell where the export's rows and the model disagree. */
export interface RoleResourceDisagreement {
  role: string;
  resource: string;
  expected: RoleResourceVerdict;
  actual: RoleResourceVerdict;
}

/** The custom roles' cells counted: always present, whatever the size of the environment. */
export interface RoleResourceCounts {
  cells: number;
  roles: number;
  /** Per resource id, the custom roles the model allows to author it (a conditional allow counts). */
  allowed: Record<string, number>;
  /** Cells where `expected` differs from `actual`, and the first of them (at most DISAGREEMENTS_LISTED). */
  disagreements: number;
  firstDisagreements: RoleResourceDisagreement[];
  /** SHA-256 of every cell in order (the cells as JSON, one per line): ties the data to the audit's check. */
  sha256: string;
}

/** The data file that holds every custom role's cell, whatever the size of the environment. */
export const ROLE_RESOURCES_FILE = 'access/role-resources.csv';

/** How many disagreements the counts and the check's evidence list by name. */
export const DISAGREEMENTS_LISTED = 50;

/** A data file the audit wrote beside the report. */
export interface DataFile {
  /** Path relative to the report folder (`access/users.csv`). */
  name: string;
  /** What one row is. */
  rows: number;
  bytes: number;
  sha256: string;
  description: string;
}

export interface EnvironmentData {
  version: typeof ENVIRONMENT_DATA_VERSION;
  name: string;
  type: string;
  dataverse: boolean;
  /** Where the export came from: a folder of CSV files or a Web API bundle, with the solutions read with it. */
  source: { kind: 'csv' | 'bundle'; folder: string; solutions: string[]; pulledAt?: string; url?: string };
  /** SHA-256 and rows of every input file. */
  inputs: Array<{ path: string; sha256: string; rows: number }>;
  /** The population, reconciled with the input rows. */
  population: {
    users: number;
    enabledUsers: number;
    disabledUsers: number;
    teams: number;
    businessUnits: number;
    roles: number;
    customRoles: number;
    privilegeRows: number;
    tables: number;
    customTables: number;
    assignments: number;
    ignoredAssignments: number;
    records: number;
    shares: number;
  };
  /** What the export holds that the model keeps but cannot decide on (warnings, each name once). */
  notDecided: {
    unknownTables: Array<{ name: string; rows: number; roles: string[] }>;
    unknownMiscPrivileges: Array<{ name: string; roles: string[] }>;
    recordFilterGrants: number;
  };
  /** Hierarchy security, when set. */
  hierarchy?: { model: string; depth: number; excludedTables: string[]; sameOrParentUnit: boolean };
  roles: RoleData[];
  /**
   * Tables of interest: custom tables, Account, Contact and the activity tables, and every table the export itself
   * describes; other catalogue tables are counted in `otherTables` only.
   */
  tables: TableData[];
  otherTables: number;
  /**
   * The parts that grow with the tenant, in full when within `limits`, else null (the data files always hold them).
   * `roleGrants` on the tables of interest; `users` every user; `whoCan` every table of interest x privilege;
   * `roleResources` below.
   */
  roleGrants: RoleGrantRow[] | null;
  users: UserData[] | null;
  whoCan: WhoCanData[] | null;
  /**
   * Each custom role x each resource of the summary table (roles by name, resources in catalogue order), in full
   * when within `limits.roleResourceCells`, else null; `access/role-resources.csv` always holds every cell.
   */
  roleResources: RoleResourceCell[] | null;
  roleResourceCounts: RoleResourceCounts;
  limits: { roleGrantRows: number; users: number; whoCanHolders: number; roleResourceCells: number };
  files: DataFile[];
  /** Data files not written because they would exceed their row limit (the files above hold the same facts). */
  omittedFiles: Array<{ name: string; rows: number; limit: number; instead: string }>;
}
