// Decisions as structure only (kind, role, team, depth, business unit, share, hierarchy, rule ids), in the manner of
// Cedar's responses: a decision carries what determined it, never prose. Sentences are made from it in src/explain/.
import { R } from '../catalog/model-rules.ts';
import { depthName, Depth, type DepthName, type Privilege } from '../vocabulary/index.ts';
import { Hold, type Compiled, type IgnoredAssignment } from './compiled.ts';
import { Path, type PathVisitor } from './evaluate.ts';

export type PathKind =
  | 'organization-owned'
  | 'create'
  | 'owner'
  | 'team-owner'
  | 'business-unit'
  | 'child-business-unit'
  | 'organization'
  | 'share'
  | 'hierarchy';
export const PATH_KINDS: readonly PathKind[] = [
  'organization-owned',
  'create',
  'owner',
  'team-owner',
  'business-unit',
  'child-business-unit',
  'organization',
  'share',
  'hierarchy',
];

/** One way in which access is granted. */
export interface GrantPath {
  kind: PathKind;
  /** The role that grants the privilege (for a hierarchy path: the superior's role that holds it). */
  role?: string;
  /** The team through which the role is held; absent for a role assigned to the user. */
  team?: string;
  /** The depth of the role's grant (role and hierarchy paths). */
  depth?: DepthName;
  /** The business unit a Local or Deep grant is measured from: the unit of the assignment (the role's copy). */
  businessUnit?: string;
  /** The role is held from another business unit's copy than the holder's own (modernized business units). */
  copy?: boolean;
  /** "team privileges only" inheritance. */
  teamOnly?: boolean;
  share?: { with: 'user' | 'team' | 'organization'; principal?: string };
  hierarchy?: { model: 'manager' | 'position'; level: number; of: string };
  rule: string;
}

/** Why nothing grants it. */
export interface Denial {
  /** The user is disabled: nothing is allowed; `wouldAllow` lists what the roles would give if enabled. */
  disabled: boolean;
  wouldAllow: GrantPath[];
  /** The deepest grant of P on T among the user's roles (None: no role grants it). */
  best: DepthName;
  /** Assignments of the user (or their teams) that grant nothing, and why. */
  ignored: IgnoredAssignment[];
}

export interface Decision {
  allowed: boolean;
  user: string;
  privilege: Privilege;
  table: string;
  record?: string | undefined;
  /** The row asked about (a record's owner and business unit, or a row given by them): absent for Create and organization-owned tables. */
  row?: { owner: string; ownerType: 'user' | 'team'; businessUnit: string } | undefined;
  /** The deepest depth among the role paths that allowed it; absent when denied or allowed by a share or hierarchy only. */
  depth?: DepthName | undefined;
  paths: GrantPath[];
  /** Rule ids that determined the decision. */
  rules: string[];
  denial?: Denial | undefined;
  /** Impersonation: the target's decision, whether the caller holds the privilege directly, and whether the caller may do it too. */
  actingFor?: { user: string; decision: Decision; directPrivilege: boolean; callerAllowed: boolean } | undefined;
}

/** The path kind's name and rule. */
export function pathRule(kind: Path, teamOnly: boolean): string {
  switch (kind) {
    case Path.OrgOwned:
      return R.organizationOwned;
    case Path.Create:
      return R.create;
    case Path.Owner:
      return R.ownership;
    case Path.TeamOwner:
      return teamOnly ? R.teamOnly : R.ownership;
    case Path.Share:
      return R.sharing;
    case Path.Hierarchy:
      return R.hierarchy;
    default:
      return R.businessUnitScope;
  }
}

/** A visitor that records every path as a GrantPath. */
export class PathCollector implements PathVisitor {
  paths: GrantPath[] = [];
  protected u = 0;
  /** The name of the row's owner, which hierarchy paths name. */
  private ownerName = '';
  constructor(protected readonly c: Compiled) {}
  reset(u: number, ownerName = ''): void {
    this.paths = [];
    this.u = u;
    this.ownerName = ownerName;
  }

  role(kind: Path, h: number, d: number): boolean {
    const c = this.c;
    const role = c.roles[c.holdRole[h]!]!.name;
    const m = c.holdTeam[h]!;
    const teamOnly = c.holdKind[h] === Hold.TeamOnly;
    const path: GrantPath = { kind: PATH_KINDS[kind]!, role, depth: depthName(d), rule: pathRule(kind, teamOnly) };
    if (m >= 0) path.team = c.teams[m]!.name;
    if (teamOnly) path.teamOnly = true;
    if (kind === Path.BusinessUnit || kind === Path.ChildBusinessUnit) {
      const hb = c.holdBu[h]!;
      path.businessUnit = c.buNames[hb];
      if (hb !== (m >= 0 ? c.teams[m]!.businessUnit : c.users[this.u]!.businessUnit)) path.copy = true;
    }
    this.paths.push(path);
    return false;
  }

  share(s: number, privileged: boolean): boolean {
    const c = this.c;
    const sh = c.shares[s]!;
    const principal = sh.target === 'user' ? c.users[sh.principal]!.name : sh.target === 'team' ? c.teams[sh.principal]!.name : undefined;
    this.paths.push({
      kind: 'share',
      share: { with: sh.target, ...(principal !== undefined ? { principal } : {}) },
      rule: privileged ? R.sharing : R.officeCollaborator,
    });
    return false;
  }

  hierarchy(level: number, h: number, d: number): boolean {
    const c = this.c;
    const hier = c.hierarchy!;
    const m = c.holdTeam[h]!;
    const path: GrantPath = {
      kind: 'hierarchy',
      role: c.roles[c.holdRole[h]!]!.name,
      depth: depthName(d),
      hierarchy: { model: hier.model, level, of: this.ownerName },
      rule: level === 1 ? R.hierarchy : R.hierarchyDeeper,
    };
    if (m >= 0) path.team = c.teams[m]!.name;
    this.paths.push(path);
    return false;
  }
}

/** The deepest depth among the role paths (shares and hierarchy carry no depth of their own). */
export function bestDepth(paths: readonly GrantPath[]): number {
  let best = 0;
  for (const pa of paths) {
    if (pa.kind === 'share' || pa.kind === 'hierarchy' || !pa.depth) continue;
    const d =
      pa.depth === 'Global'
        ? Depth.Global
        : pa.depth === 'Deep'
          ? Depth.Deep
          : pa.depth === 'Local'
            ? Depth.Local
            : pa.depth === 'Basic'
              ? Depth.Basic
              : 0;
    if (d > best) best = d;
  }
  return best;
}
