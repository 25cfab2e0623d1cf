// The reviewable state of an environment's access, as `rolecheck baseline approve` writes it and as every delta
// compares it: each role's grants on the tables of interest and its other privileges, each team's members and roles,
// each user's roles with the path (directly, through a team, from another business unit's copy), and the effective
// access (for each table of interest and privilege, every enabled user who holds it, at which depth, through which
// roles). Names are written as the export spells them; everything is sorted by the one name rule (key()), so the same
// environment always gives the same bytes and a change shows as a small, readable diff of a committed file.
import type { LoadedExport } from '../exports/load.ts';
import type { Model } from '../model/index.ts';
import { DEPTH_NAMES, key, PRIVILEGES, type DepthName, type Privilege } from '../vocabulary/index.ts';
import { privilegedReasons, reasonText, ruleSources, type PrivilegedReason } from './privileged.ts';

export const BASELINE_FORMAT = 'rolecheck-access-baseline';
export const BASELINE_VERSION = 1;

/** How a role reaches a user. */
export interface SnapshotHolding {
  role: string;
  /** `direct`: assigned to the user; `team`: assigned to a team the user is a member of. */
  via: 'direct' | 'team';
  team?: string;
  /** The business unit of the assignment (which copy of the role: Local and Deep are measured from it). */
  businessUnit: string;
  /** The assignment is of another business unit's copy than the holder's own. */
  copy?: true;
  /** A team role with "team privileges only" inheritance. */
  teamOnly?: true;
}

export interface SnapshotRole {
  role: string;
  custom: boolean;
  /** Grants on the tables of interest: table -> privilege -> depth (no None). */
  grants: Record<string, Partial<Record<Privilege, DepthName>>>;
  /** Miscellaneous privileges, sorted. */
  misc: string[];
  /** Why the role is privileged (empty when it is not), each with its rule (the page is in `sources`). */
  privileged: string[];
}

export interface SnapshotTeam {
  team: string;
  businessUnit: string;
  type: string;
  members: string[];
  roles: Array<{ role: string; businessUnit: string }>;
}

export interface SnapshotUser {
  user: string;
  businessUnit: string;
  enabled: boolean;
  teams: string[];
  roles: SnapshotHolding[];
}

/** One enabled user's widest depth of one privilege on one table, and the roles that give it (path labels). */
export interface SnapshotHolder {
  user: string;
  depth: DepthName;
  via: string[];
}

export interface AccessSnapshot {
  format: typeof BASELINE_FORMAT;
  version: typeof BASELINE_VERSION;
  /** When the baseline was approved (UTC): the one field that differs between two approvals of the same export. */
  approvedUtc?: string;
  approval?: { approver?: string; note?: string };
  environment: { name: string; type: string; dataverse: boolean };
  /** The input files the snapshot was made from (path inside the export or solution, SHA-256). */
  inputs: Array<{ path: string; sha256: string }>;
  /** Tables of interest: custom tables, Account, Contact and the activity tables, and every table the export describes. */
  tables: string[];
  roles: SnapshotRole[];
  teams: SnapshotTeam[];
  users: SnapshotUser[];
  /** table -> privilege -> holders (enabled users only: a disabled user can do nothing, DV-015). */
  access: Record<string, Partial<Record<Privilege, SnapshotHolder[]>>>;
  /** The Microsoft page of every rule the `privileged` reasons cite. */
  sources: Record<string, string>;
}

/** Code-unit order of the name keys, then of the names: independent of the locale. */
export const byName = (a: string, b: string): number => {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

/** The label of a holding in paths: "AP Clerk", "AP Team Role (team AP Team)", "Sales Manager (copy of Sales)". */
export function holdingLabel(h: {
  role: string;
  team?: string | undefined;
  businessUnit: string;
  copy?: boolean | undefined;
  teamOnly?: boolean | undefined;
}): string {
  const parts: string[] = [];
  if (h.team !== undefined) parts.push(`team ${h.team}${h.teamOnly ? ', team privileges only' : ''}`);
  if (h.copy) parts.push(`copy of ${h.businessUnit}`);
  return parts.length ? `${h.role} (${parts.join('; ')})` : h.role;
}

/** Which tables the review follows: custom tables, Account, Contact, the activity tables and every table the export describes. */
export function tablesOfInterest(model: Model): number[] {
  const out: number[] = [];
  model.compiled.tables.forEach((t, i) => {
    if (t.custom || t.core || t.origin !== undefined) out.push(i);
  });
  return out.sort((a, b) => byName(model.compiled.tables[a]!.name, model.compiled.tables[b]!.name));
}

/** A map keyed by names from the input: no prototype, so a table named `__proto__` is a key like any other. */
const byNames = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** The snapshot of a loaded export (no approval fields). */
export function snapshotOf(loaded: Pick<LoadedExport, 'model' | 'files'>): AccessSnapshot {
  const { model } = loaded;
  const c = model.compiled;
  const q = model.q;
  const interest = tablesOfInterest(model);
  const TP = c.tables.length * 8;

  const cited: PrivilegedReason[] = [];
  const roles: SnapshotRole[] = c.roles
    .map((r, ri) => {
      const grants: SnapshotRole['grants'] = byNames();
      for (const t of interest) {
        const row: Partial<Record<Privilege, DepthName>> = {};
        for (let p = 0; p < 8; p++) {
          const d = c.roleDepth[ri * TP + t * 8 + p]!;
          if (d > 0) row[PRIVILEGES[p]!] = DEPTH_NAMES[d]!;
        }
        if (Object.keys(row).length) grants[c.tables[t]!.name] = row;
      }
      const misc = [...r.misc].sort(byName);
      const reasons = privilegedReasons({ ...(r.predefined ? { predefined: r.predefined.name } : {}), misc, grants });
      cited.push(...reasons);
      return { role: r.name, custom: !r.predefined, grants, misc, privileged: reasons.map(reasonText) };
    })
    .sort((a, b) => byName(a.role, b.role));

  const members = new Map<number, string[]>();
  c.users.forEach((u, ui) => {
    for (let i = c.userTeamStart[ui]!, e = c.userTeamStart[ui + 1]!; i < e; i++) {
      const m = c.userTeams[i]!;
      let list = members.get(m);
      if (!list) members.set(m, (list = []));
      list.push(u.name);
    }
  });
  const teams: SnapshotTeam[] = c.teams
    .map((t, ti) => {
      const tr: Array<{ role: string; businessUnit: string }> = [];
      for (let i = c.teamRoleStart[ti]!, e = c.teamRoleStart[ti + 1]!; i < e; i++)
        tr.push({ role: c.roles[c.teamRoles[i]!]!.name, businessUnit: c.buNames[c.teamRoleBu[i]!] ?? '' });
      return {
        team: t.name,
        businessUnit: c.buNames[t.businessUnit] ?? '',
        type: t.type,
        members: (members.get(ti) ?? []).sort(byName),
        roles: tr.sort((a, b) => byName(a.role, b.role) || byName(a.businessUnit, b.businessUnit)),
      };
    })
    .sort((a, b) => byName(a.team, b.team));

  const users: SnapshotUser[] = q
    .users()
    .map((u) => ({
      user: u.name,
      businessUnit: u.businessUnit,
      enabled: u.enabled,
      teams: [...u.teams].sort(byName),
      roles: q
        .rolesOf(u.name)
        .map(
          (h): SnapshotHolding => ({
            role: h.role,
            via: h.team === undefined ? 'direct' : 'team',
            ...(h.team !== undefined ? { team: h.team } : {}),
            businessUnit: h.businessUnit,
            ...(h.copy ? { copy: true as const } : {}),
            ...(h.teamOnly ? { teamOnly: true as const } : {}),
          }),
        )
        .sort(holdingOrder),
    }))
    .sort((a, b) => byName(a.user, b.user));

  const eff = q.access();
  const access: AccessSnapshot['access'] = byNames();
  for (const t of interest) {
    const row: Partial<Record<Privilege, SnapshotHolder[]>> = {};
    for (let p = 0; p < 8; p++) {
      const holders: SnapshotHolder[] = [];
      for (const w of eff.whoCan(t, p)) {
        if (!c.users[w.user]!.enabled) continue;
        const paths = eff.paths(w.user);
        const via = [...new Set(w.via.map((i) => holdingLabel(paths[i]!)))].sort(byName);
        holders.push({ user: c.users[w.user]!.name, depth: DEPTH_NAMES[w.depth]!, via });
      }
      if (holders.length) row[PRIVILEGES[p]!] = holders.sort((a, b) => byName(a.user, b.user));
    }
    access[c.tables[t]!.name] = row;
  }

  return {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    environment: { name: c.name, type: c.type, dataverse: c.dataverse },
    inputs: loaded.files.map((f) => ({ path: f.path, sha256: f.sha256 })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    tables: interest.map((t) => c.tables[t]!.name),
    roles,
    teams,
    users,
    access,
    sources: ruleSources(cited),
  };
}

export function holdingOrder(a: SnapshotHolding, b: SnapshotHolding): number {
  return (
    byName(a.role, b.role) ||
    (a.via === b.via ? 0 : a.via === 'direct' ? -1 : 1) ||
    byName(a.team ?? '', b.team ?? '') ||
    byName(a.businessUnit, b.businessUnit)
  );
}
