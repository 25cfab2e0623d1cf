// Section: effective access views over the environment data: role privileges (roles x tables of interest), user
// access (each user's widest depth per table and privilege, and the roles that give it) and who can (the reverse
// look-up). The data comes whole from the audit (src/evidence/environment.ts); here it is only arranged into rows,
// the same rows for the HTML, the workbook and the CSV.
import type { HeldRoleData } from '../evidence/environment.ts';
import { PRIVILEGES, type DepthName, type Privilege } from '../vocabulary/index.ts';
import { cmp, type EnvironmentSection } from './schema.ts';

export const DEPTH_ORDER: readonly DepthName[] = ['None', 'Basic', 'Local', 'Deep', 'Global'];

/**
 * The longest list the page shows open. A longer one (users, role privileges) is in the page whole but closed
 * (`<details>`): a closed list costs its parse only, while an open one of thousands of rows is laid out again at
 * every frame of the page's load (docs/performance.md, "The report page at the audit's limits").
 */
export const OPEN_LIST_ROWS = 200;

/** How a role reaches a user, in words: `Finance Controller (team Finance, copy of Sales)`. */
export function pathText(h: HeldRoleData): string {
  const how = [
    h.team ? `team ${h.team}` : 'direct',
    ...(h.copy ? [`copy of ${h.businessUnit}`] : []),
    ...(h.teamOnly ? ['team privileges only'] : []),
  ];
  return `${h.role} (${how.join(', ')})`;
}

export interface UserAccessRow {
  user: string;
  enabled: boolean;
  table: string;
  depths: Record<Privilege, DepthName>;
  via: string[];
}

/** Users x tables: for each user and table of interest they reach, the widest depth of each privilege and the paths. */
export function userAccessRows(env: EnvironmentSection): UserAccessRow[] | null {
  if (!env.whoCan) return null;
  const rows = new Map<string, UserAccessRow>();
  for (const w of env.whoCan) {
    for (const h of w.holders) {
      const k = `${h.user}\u0000${w.table}`;
      let r = rows.get(k);
      if (!r) {
        r = {
          user: h.user,
          enabled: h.enabled,
          table: w.table,
          depths: Object.fromEntries(PRIVILEGES.map((p) => [p, 'None'])) as Record<Privilege, DepthName>,
          via: [],
        };
        rows.set(k, r);
      }
      r.depths[w.privilege] = h.depth;
      for (const v of h.via) {
        const t = pathText(v);
        if (!r.via.includes(t)) r.via.push(t);
      }
    }
  }
  return [...rows.values()].map((r) => ({ ...r, via: r.via.sort(cmp) })).sort((a, b) => cmp(a.user, b.user) || cmp(a.table, b.table));
}

export interface WhoCanRow {
  table: string;
  privilege: Privilege;
  user: string;
  enabled: boolean;
  depth: DepthName;
  via: string;
}

/** The reverse look-up as flat rows: table, privilege, holder, depth and the paths that give it. */
export function whoCanRows(env: EnvironmentSection): WhoCanRow[] | null {
  if (!env.whoCan) return null;
  return env.whoCan.flatMap((w) =>
    w.holders.map((h) => ({
      table: w.table,
      privilege: w.privilege,
      user: h.user,
      enabled: h.enabled,
      depth: h.depth,
      via: h.via.map(pathText).join('; '),
    })),
  );
}

/** Enabled users per table and privilege that reach it at any depth (the aggregate shown whatever the tenant size). */
export function reachCount(counts: Record<DepthName, number>): number {
  return DEPTH_ORDER.slice(1).reduce((n, d) => n + (counts[d] ?? 0), 0);
}

/** The data of the in-page look-up: compact (indexes instead of repeated names), so a large list stays small. */
export function lookupData(env: EnvironmentSection): unknown {
  const users: string[] = [];
  const enabled: number[] = [];
  const userIdx = new Map<string, number>();
  const paths: string[] = [];
  const pathIdx = new Map<string, number>();
  const u = (name: string, on: boolean) => {
    let i = userIdx.get(name);
    if (i === undefined) {
      i = users.length;
      users.push(name);
      enabled.push(on ? 1 : 0);
      userIdx.set(name, i);
    }
    return i;
  };
  const pi = (h: HeldRoleData) => {
    const t = pathText(h);
    let i = pathIdx.get(t);
    if (i === undefined) {
      i = paths.length;
      paths.push(t);
      pathIdx.set(t, i);
    }
    return i;
  };
  const holders: Record<string, Array<[number, number, number[]]>> = {};
  for (const w of env.whoCan ?? [])
    holders[`${w.table}|${w.privilege}`] = w.holders.map((h) => [u(h.user, h.enabled), DEPTH_ORDER.indexOf(h.depth), h.via.map(pi)]);
  const grants: Record<string, Array<[string, number]>> = {};
  for (const g of env.roleGrants ?? []) {
    for (const p of PRIVILEGES) {
      const d = DEPTH_ORDER.indexOf(g.depths[p]);
      if (d > 0) (grants[`${g.table}|${p}`] ??= []).push([g.role, d]);
    }
  }
  for (const list of Object.values(grants)) list.sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const counts: Record<string, number[]> = {};
  for (const t of env.tables) for (const p of PRIVILEGES) counts[`${t.table}|${p}`] = DEPTH_ORDER.map((d) => t.users[p]?.[d] ?? 0);
  return {
    tables: env.tables.map((t) => t.table),
    privileges: PRIVILEGES,
    depths: DEPTH_ORDER,
    users,
    enabled,
    paths,
    holders: env.whoCan ? holders : null,
    grants: env.roleGrants ? grants : null,
    counts,
    where: env.whoCan ? null : (env.cuts.find((c) => c.what.startsWith('who can'))?.where ?? 'access/who-can.csv'),
  };
}
