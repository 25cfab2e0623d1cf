// Name-level questions about an environment, so that steps, findings and the report never read compiled arrays:
// who holds a role and how, who is in a team, which roles reach a user (with the path), which units are below a
// unit, what a role grants, and the widest depth a user reaches on a table.
import { DEPTH_NAMES, depthName, key, PRIVILEGES, privilegeIndex, type DepthName, type Privilege } from '../vocabulary/index.ts';
import { Hold, type Compiled, type IgnoredAssignment } from './compiled.ts';
import type { DataverseDecisions } from './dataverse.ts';
import { UnknownNameError } from './errors.ts';
import { EffectiveAccess } from './access.ts';
import { readPrivilegeName } from '../catalog/privilege-names.ts';

/** How a role reaches a user: assigned directly, or through a team (with the team's inheritance setting). */
export interface HeldRole {
  role: string;
  /** The team the role is assigned to; absent for a direct assignment. */
  team?: string;
  /** The business unit of the assignment: which business unit's copy of the role (Local and Deep count from it). */
  businessUnit: string;
  /** The assignment is of another business unit's copy than the holder's own (modernized business units). */
  copy: boolean;
  teamOnly: boolean;
}

export interface Holder extends HeldRole {
  user: string;
  enabled: boolean;
}

export interface Grant {
  table: string;
  privilege: Privilege;
  depth: DepthName;
}

/** What the model holds about a role. */
export interface RoleFacts {
  name: string;
  /** The predefined role's catalogue entry, absent for a custom role. */
  predefined?: import('../catalog/roles.ts').PredefinedRole;
  /** Its table privileges come from the export's rows (a custom role, or a predefined one the export lists). */
  fromExport: boolean;
  misc: string[];
  /** Office Collaborator by its documented definition: Read only of rows shared with the organization. */
  orgSharedReadOnly: boolean;
}

/** What the model holds about a table. */
export interface TableFacts {
  name: string;
  custom: boolean;
  core: boolean;
  organizationOwned: boolean;
  describedBy?: string;
}

/** A role assignment of the export, by name, with the row it came from. */
export interface Assignment {
  principal: string;
  principalType: 'user' | 'team';
  role: string;
  businessUnit: string;
  /** The principal is a disabled user. */
  disabled: boolean;
  origin?: import('../vocabulary/index.ts').Origin;
}

export interface UserFacts {
  name: string;
  businessUnit: string;
  enabled: boolean;
  manager?: string;
  position?: string;
  teams: string[];
}

/** The widest depth a user reaches for one privilege on one table, and the roles that give it. */
export interface Reach {
  depth: DepthName;
  via: HeldRole[];
}

export class Questions {
  constructor(
    private readonly c: Compiled,
    private readonly data: DataverseDecisions,
  ) {}

  user(name: string): number {
    const u = this.c.index.user.get(key(name));
    if (u === undefined)
      throw new UnknownNameError(
        'user',
        name,
        this.c.users.map((x) => x.name),
      );
    return u;
  }
  team(name: string): number {
    const m = this.c.index.team.get(key(name));
    if (m === undefined)
      throw new UnknownNameError(
        'team',
        name,
        this.c.teams.map((x) => x.name),
      );
    return m;
  }
  role(name: string): number {
    const r = this.c.index.role.get(key(name));
    if (r === undefined)
      throw new UnknownNameError(
        'role',
        name,
        this.c.roles.map((x) => x.name),
      );
    return r;
  }
  table(name: string): number {
    const t = this.c.index.table.get(key(name));
    if (t === undefined)
      throw new UnknownNameError(
        'table',
        name,
        this.c.tables.map((x) => x.name),
      );
    return t;
  }
  unit(name: string): number {
    const b = this.c.index.bu.get(key(name));
    if (b === undefined) throw new UnknownNameError('business unit', name, this.c.buNames);
    return b;
  }
  privilege(name: string): number {
    const p = privilegeIndex(name);
    if (p < 0) throw new UnknownNameError('privilege', name, PRIVILEGES);
    return p;
  }

  /** The environment itself. */
  environment(): { name: string; type: string; dataverse: boolean } {
    return { name: this.c.name, type: this.c.type, dataverse: this.c.dataverse };
  }

  /** Every role of the environment (predefined ones first, as the model lists them). */
  roles(): RoleFacts[] {
    return this.c.roles.map((_, r) => this.roleFactsIdx(r));
  }
  roleFacts(name: string): RoleFacts {
    return this.roleFactsIdx(this.role(name));
  }
  private roleFactsIdx(r: number): RoleFacts {
    const x = this.c.roles[r]!;
    return {
      name: x.name,
      ...(x.predefined ? { predefined: x.predefined } : {}),
      fromExport: x.fromExport,
      misc: [...x.misc],
      orgSharedReadOnly: this.c.orgSharedReadOnly[r] === 1,
    };
  }

  /** Every table the model knows (the catalogue's, then the export's). */
  tables(): TableFacts[] {
    return this.c.tables.map((t) => ({
      name: t.name,
      custom: t.custom,
      core: t.core,
      organizationOwned: t.organizationOwned,
      ...(t.origin ? { describedBy: t.origin.file } : {}),
    }));
  }

  /** Every assignment the model keeps out of decisions, with the reason. */
  ignored(): IgnoredAssignment[] {
    return [...this.c.ignored];
  }

  /** Every user, in export order. */
  users(): UserFacts[] {
    return this.c.users.map((_, u) => this.factsOf(u));
  }
  userFacts(name: string): UserFacts {
    return this.factsOf(this.user(name));
  }
  private factsOf(u: number): UserFacts {
    const c = this.c;
    const x = c.users[u]!;
    const out: UserFacts = { name: x.name, businessUnit: c.buNames[x.businessUnit] ?? '', enabled: x.enabled, teams: this.teamsOfIdx(u) };
    if (x.manager >= 0) out.manager = c.users[x.manager]!.name;
    if (x.position >= 0) out.position = c.positionNames[x.position]!;
    return out;
  }

  /** Teams of a user, every type, by team index. */
  teamsOf(user: string): string[] {
    return this.teamsOfIdx(this.user(user));
  }
  private teamsOfIdx(u: number): string[] {
    const c = this.c;
    const out: string[] = [];
    for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++) out.push(c.teams[c.userTeams[i]!]!.name);
    return out;
  }

  /** Members of a team, in user order. */
  membersOf(team: string): string[] {
    const m = this.team(team);
    const c = this.c;
    const out: string[] = [];
    for (let u = 0; u < c.users.length; u++) {
      for (let i = c.userTeamStart[u]!, e = c.userTeamStart[u + 1]!; i < e; i++)
        if (c.userTeams[i] === m) {
          out.push(c.users[u]!.name);
          break;
        }
    }
    return out;
  }

  /** Every role that reaches a user, with the path: direct roles first, then each team's roles. */
  rolesOf(user: string): HeldRole[] {
    return this.heldIdx(this.user(user));
  }
  heldIdx(u: number): HeldRole[] {
    const c = this.c;
    const out: HeldRole[] = [];
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) out.push(this.holding(u, h));
    return out;
  }
  private holding(u: number, h: number): HeldRole {
    const c = this.c;
    const m = c.holdTeam[h]!;
    const bu = c.holdBu[h]!;
    const own = m >= 0 ? c.teams[m]!.businessUnit : c.users[u]!.businessUnit;
    const out: HeldRole = {
      role: c.roles[c.holdRole[h]!]!.name,
      businessUnit: c.buNames[bu] ?? '',
      copy: bu !== own,
      teamOnly: c.holdKind[h] === Hold.TeamOnly,
    };
    if (m >= 0) out.team = c.teams[m]!.name;
    return out;
  }

  /** Every user a role reaches, and how (a user through two teams appears twice). */
  holders(role: string): Holder[] {
    const r = this.role(role);
    const c = this.c;
    const out: Holder[] = [];
    const ix = this.holdingsByRole();
    for (let i = ix.start[r]!, e = ix.start[r + 1]!; i < e; i++) {
      const u = ix.user[i]!;
      out.push({ user: c.users[u]!.name, enabled: c.users[u]!.enabled, ...this.holding(u, ix.holding[i]!) });
    }
    return out;
  }

  /**
   * Every holding by role (CSR), in user order then holding order: made once, so that asking for the holders of each
   * of 2,000 roles does not walk 100,000 users' holdings 2,000 times (4.7 s of the 100,000-user audit's digest,
   * profiled).
   */
  private byRole: { start: Int32Array; user: Int32Array; holding: Int32Array } | undefined;
  private holdingsByRole(): { start: Int32Array; user: Int32Array; holding: Int32Array } {
    if (this.byRole) return this.byRole;
    const c = this.c;
    const n = c.holdRole.length;
    const start = new Int32Array(c.roles.length + 1);
    for (let h = 0; h < n; h++) start[c.holdRole[h]! + 1]++;
    for (let r = 0; r < c.roles.length; r++) start[r + 1] += start[r]!;
    const at = start.slice(0, c.roles.length);
    const user = new Int32Array(n);
    const holding = new Int32Array(n);
    for (let u = 0; u < c.users.length; u++) {
      for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
        const i = at[c.holdRole[h]!]!++;
        user[i] = u;
        holding[i] = h;
      }
    }
    return (this.byRole = { start, user, holding });
  }

  /** The environment roles of a user: assigned ones, and Environment Maker, which every user holds automatically (ENV-003). */
  environmentRolesOf(user: string): Array<{ role: string; automatic: boolean; rule?: string }> {
    const u = this.user(user);
    const assigned = this.c.environmentRoles[u]!;
    const out: Array<{ role: string; automatic: boolean; rule?: string }> = [];
    if (assigned.has('Environment Admin')) out.push({ role: 'Environment Admin', automatic: false });
    out.push(
      assigned.has('Environment Maker')
        ? { role: 'Environment Maker', automatic: false }
        : { role: 'Environment Maker', automatic: true, rule: 'ENV-003' },
    );
    return out;
  }

  /** The business unit and every unit below it, in tree order. */
  unitsBelow(unit: string): string[] {
    const b = this.unit(unit);
    const c = this.c;
    const out: Array<[number, string]> = [];
    for (let i = 0; i < c.buNames.length; i++)
      if (c.buIn[i]! >= c.buIn[b]! && c.buIn[i]! < c.buOut[b]!) out.push([c.buIn[i]!, c.buNames[i]!]);
    return out.sort((a, b2) => a[0] - b2[0]).map((x) => x[1]);
  }

  /** What a role grants on tables (non-None cells, by table then privilege) and its miscellaneous privileges. */
  grantsOf(role: string): { tables: Grant[]; misc: string[] } {
    const r = this.role(role);
    const c = this.c;
    const TP = c.tables.length * 8;
    const tables: Grant[] = [];
    for (let t = 0; t < c.tables.length; t++)
      for (let p = 0; p < 8; p++) {
        const d = c.roleDepth[r * TP + t * 8 + p]!;
        if (d > 0) tables.push({ table: c.tables[t]!.name, privilege: PRIVILEGES[p]!, depth: depthName(d) });
      }
    return { tables, misc: [...c.roles[r]!.misc].sort() };
  }

  /** The depth a role grants for a privilege on a table (None when it grants nothing). */
  roleDepth(role: string, privilege: string, table: string): DepthName {
    const r = this.role(role);
    const t = this.table(table);
    const p = this.privilege(privilege);
    return depthName(this.c.roleDepth[r * this.c.tables.length * 8 + t * 8 + p]!);
  }

  /** The widest depth of a privilege on a table over the roles that reach a user, and the roles that give it. */
  reach(user: string, privilege: string, table: string): Reach {
    const u = this.user(user);
    const t = this.table(table);
    const p = this.privilege(privilege);
    return this.reachIdx(u, p, t);
  }
  reachIdx(u: number, p: number, t: number): Reach {
    const c = this.c;
    const TP = c.tables.length * 8;
    let best = 0;
    const via: HeldRole[] = [];
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
      const d = c.roleDepth[c.holdRole[h]! * TP + t * 8 + p]!;
      if (d === 0 || d < best) continue;
      if (d > best) {
        best = d;
        via.length = 0;
      }
      via.push(this.holding(u, h));
    }
    return { depth: DEPTH_NAMES[best]!, via };
  }

  /** Every role assignment of the export that names a known principal and role (ignored ones included), in row order. */
  assignments(): Assignment[] {
    const c = this.c;
    return c.assignments.map((a) => ({
      principal: a.principalType === 'user' ? c.users[a.principal]!.name : c.teams[a.principal]!.name,
      principalType: a.principalType,
      role: c.roles[a.role]!.name,
      businessUnit: c.buNames[a.businessUnit] ?? '',
      disabled: a.principalType === 'user' && !c.users[a.principal]!.enabled,
      ...(a.origin ? { origin: a.origin } : {}),
    }));
  }

  /** What a privilege name acts on: table privileges (one table, or several for the activity privileges), or a miscellaneous privilege. */
  readPrivilege(
    name: string,
  ):
    | { kind: 'table'; grants: Array<{ table: string; privilege: Privilege }> }
    | { kind: 'misc'; name: string; known: boolean }
    | { kind: 'unknown-table'; table: string }
    | undefined {
    const c = this.c;
    const explicit = c.privilegeNames.explicit.get(key(name));
    if (explicit) return { kind: 'table', grants: [{ table: c.tables[explicit.table]!.name, privilege: PRIVILEGES[explicit.privilege]! }] };
    const r = readPrivilegeName(name, c.privilegeNames.parts);
    if (!r) return undefined;
    if (r.kind === 'table')
      return {
        kind: 'table',
        grants: r.tables.map((t) => ({ table: c.tables[c.index.table.get(t)!]!.name, privilege: PRIVILEGES[r.privilege]! })),
      };
    return r.kind === 'misc' ? r : { kind: 'unknown-table', table: r.table };
  }

  /** The team's type (owner, group or access). */
  teamType(team: string): string {
    return this.c.teams[this.team(team)]!.type;
  }

  /** The effective access of the whole environment (made on first use, once per model). */
  access(): EffectiveAccess {
    return (this.effective ??= new EffectiveAccess(this.c));
  }
  private effective: EffectiveAccess | undefined;

  /** Assignments that grant a user nothing (to the user or a team of theirs), with the reason. */
  ignoredFor(user: string): IgnoredAssignment[] {
    return this.data.ignoredFor(this.user(user));
  }

  /** Whether the user holds a miscellaneous privilege through a role assigned directly. */
  holdsMiscDirectly(user: string, misc: string): boolean {
    return this.data.holdsMiscDirectly(this.user(user), misc);
  }
}
