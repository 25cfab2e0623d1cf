// What changed between two access snapshots (an approved baseline and today's export, development and production,
// an export and an edited copy of it). Every change is one item with a stable id, the principal, role, table and
// privilege it concerns, the value before and after, and the path that caused it (a new direct assignment, a new
// team membership, a role assigned to a team, a role's grant widened). Items that add access are escalations:
// a new or wider grant in a role, a new miscellaneous privilege, a role reaching a user it did not reach, a user
// reaching a table privilege (or a wider depth of it) they did not, a disabled user enabled again while holding roles.
import { DEPTH_NAMES, key, PRIVILEGES, type DepthName, type Privilege } from '../vocabulary/index.ts';
import { byName, holdingLabel, type AccessSnapshot, type SnapshotHolding, type SnapshotRole, type SnapshotUser } from './snapshot.ts';

export const DELTA_KINDS = [
  'user-added',
  'user-removed',
  'user-enabled',
  'user-disabled',
  'user-moved',
  'team-added',
  'team-removed',
  'membership-added',
  'membership-removed',
  'team-role-added',
  'team-role-removed',
  'role-added',
  'role-removed',
  'grant-added',
  'grant-widened',
  'grant-narrowed',
  'grant-removed',
  'misc-added',
  'misc-removed',
  'holding-added',
  'holding-removed',
  'access-added',
  'access-widened',
  'access-narrowed',
  'access-removed',
] as const;
export type DeltaKind = (typeof DELTA_KINDS)[number];

const ESCALATING: ReadonlySet<DeltaKind> = new Set<DeltaKind>([
  'user-enabled',
  'grant-added',
  'grant-widened',
  'misc-added',
  'holding-added',
  'access-added',
  'access-widened',
]);

export interface DeltaItem {
  /** Stable across runs: the kind and the names it concerns (`access-added:lee.gu@contoso.com:new_invoice:Delete`). */
  id: string;
  kind: DeltaKind;
  /** The change adds access. */
  escalation: boolean;
  user?: string;
  team?: string;
  role?: string;
  table?: string;
  privilege?: Privilege;
  misc?: string;
  before?: string;
  after?: string;
  /** The role reached a new user and is privileged: why (src/review/privileged.ts). */
  privileged?: string[];
  /** What caused the change, one step a line (the role and how it reaches the user, and what is new about it). */
  path: string[];
  text: string;
}

export interface SnapshotRef {
  label: string;
  environment: string;
  kind: 'export' | 'baseline';
  approvedUtc?: string;
}

export interface AccessDelta {
  from: SnapshotRef;
  to: SnapshotRef;
  items: DeltaItem[];
  counts: { total: number; escalations: number; byKind: Partial<Record<DeltaKind, number>> };
}

const depthRank = (d: string | undefined): number => (d ? DEPTH_NAMES.indexOf(d as DepthName) : 0);
const holdingKey = (h: SnapshotHolding): string => `${key(h.role)}|${h.via}|${key(h.team ?? '')}|${key(h.businessUnit)}`;
const byKey = <T>(list: readonly T[], name: (x: T) => string): Map<string, T> => new Map(list.map((x) => [key(name(x)), x]));

/** Every change from `a` to `b`, sorted by kind then by the names it concerns. */
export function diffSnapshots(a: AccessSnapshot, b: AccessSnapshot, from: SnapshotRef, to: SnapshotRef): AccessDelta {
  const items: DeltaItem[] = [];
  const push = (
    kind: DeltaKind,
    subject: Omit<DeltaItem, 'id' | 'kind' | 'escalation' | 'path' | 'text'>,
    path: string[],
    text: string,
  ) => {
    const escalation = ESCALATING.has(kind) && !(kind === 'user-enabled' && subject.after === '0 roles');
    const id = [kind, subject.user, subject.team, subject.role, subject.table, subject.privilege, subject.misc]
      .filter((x) => x !== undefined)
      .join(':');
    items.push({ id, kind, escalation, ...subject, path, text });
  };

  const usersA = byKey(a.users, (u) => u.user);
  const usersB = byKey(b.users, (u) => u.user);
  const rolesA = byKey(a.roles, (r) => r.role);
  const rolesB = byKey(b.roles, (r) => r.role);
  const teamsA = byKey(a.teams, (t) => t.team);
  const teamsB = byKey(b.teams, (t) => t.team);

  // Users.
  for (const [k, u] of usersB) {
    const old = usersA.get(k);
    if (!old) {
      push(
        'user-added',
        { user: u.user, after: u.enabled ? 'enabled' : 'disabled' },
        [`new in ${to.label}`],
        `${u.user} is new (business unit ${u.businessUnit}, ${u.roles.length} role${u.roles.length === 1 ? '' : 's'}).`,
      );
      continue;
    }
    if (!old.enabled && u.enabled)
      push(
        'user-enabled',
        { user: u.user, before: 'disabled', after: `${u.roles.length} role${u.roles.length === 1 ? '' : 's'}` },
        u.roles.map(holdingLabel),
        `${u.user} was disabled and is enabled, holding ${u.roles.length ? u.roles.map(holdingLabel).join(', ') : 'no role'}.`,
      );
    if (old.enabled && !u.enabled)
      push('user-disabled', { user: u.user, before: 'enabled', after: 'disabled' }, [], `${u.user} is disabled.`);
    if (key(old.businessUnit) !== key(u.businessUnit))
      push(
        'user-moved',
        { user: u.user, before: old.businessUnit, after: u.businessUnit },
        [],
        `${u.user} moved from business unit ${old.businessUnit} to ${u.businessUnit}: business-unit depths now count from ${u.businessUnit}.`,
      );
  }
  for (const [k, u] of usersA)
    if (!usersB.has(k))
      push('user-removed', { user: u.user, before: u.enabled ? 'enabled' : 'disabled' }, [`absent from ${to.label}`], `${u.user} is gone.`);

  // Teams: existence, members, roles.
  for (const [k, t] of teamsB) {
    const old = teamsA.get(k);
    if (!old)
      push(
        'team-added',
        { team: t.team, after: t.type },
        [],
        `Team ${t.team} (${t.type}, ${t.businessUnit}) is new, with ${t.members.length} member${t.members.length === 1 ? '' : 's'}.`,
      );
    const oldMembers = new Set((old?.members ?? []).map(key));
    for (const m of t.members)
      if (!oldMembers.has(key(m)))
        push(
          'membership-added',
          { team: t.team, user: m },
          t.roles.map((r) => `team ${t.team} holds ${r.role}`),
          `${m} joined team ${t.team}${t.roles.length ? ` (which holds ${t.roles.map((r) => r.role).join(', ')})` : ''}.`,
        );
    const newMembers = new Set(t.members.map(key));
    for (const m of old?.members ?? [])
      if (!newMembers.has(key(m))) push('membership-removed', { team: t.team, user: m }, [], `${m} left team ${t.team}.`);
    const oldRoles = new Set((old?.roles ?? []).map((r) => `${key(r.role)}|${key(r.businessUnit)}`));
    for (const r of t.roles)
      if (!oldRoles.has(`${key(r.role)}|${key(r.businessUnit)}`))
        push(
          'team-role-added',
          { team: t.team, role: r.role },
          t.members.length ? [`members: ${t.members.join(', ')}`] : ['the team has no members'],
          `${r.role} (copy of ${r.businessUnit}) is assigned to team ${t.team}.`,
        );
    const newRoles = new Set(t.roles.map((r) => `${key(r.role)}|${key(r.businessUnit)}`));
    for (const r of old?.roles ?? [])
      if (!newRoles.has(`${key(r.role)}|${key(r.businessUnit)}`))
        push('team-role-removed', { team: t.team, role: r.role }, [], `${r.role} is no longer assigned to team ${t.team}.`);
  }
  for (const [k, t] of teamsA) if (!teamsB.has(k)) push('team-removed', { team: t.team, before: t.type }, [], `Team ${t.team} is gone.`);

  // Role definitions.
  const tables = [...new Set([...a.tables, ...b.tables].map(key))];
  const tableName = new Map([...a.tables, ...b.tables].map((t) => [key(t), t]));
  for (const [k, r] of rolesB) {
    const old = rolesA.get(k);
    if (!old) push('role-added', { role: r.role }, [], `Role ${r.role} is new.`);
    for (const tk of tables) {
      const t = tableName.get(tk)!;
      for (const p of PRIVILEGES) {
        const before = grantOf(old, t, p);
        const after = grantOf(r, t, p);
        const rb = depthRank(before);
        const ra = depthRank(after);
        if (rb === ra) continue;
        const kind: DeltaKind = rb === 0 ? 'grant-added' : ra === 0 ? 'grant-removed' : ra > rb ? 'grant-widened' : 'grant-narrowed';
        const holders = b.users.filter((u) => u.enabled && u.roles.some((h) => key(h.role) === k)).length;
        push(
          kind,
          { role: r.role, table: t, privilege: p, before: before ?? 'None', after: after ?? 'None' },
          [
            `role ${r.role}: prv${p}${t} ${before ?? 'None'} → ${after ?? 'None'}`,
            `reaches ${holders} enabled user${holders === 1 ? '' : 's'}`,
          ],
          `Role ${r.role}: ${p} on ${t} ${before ?? 'None'} → ${after ?? 'None'}.`,
        );
      }
    }
    const oldMisc = new Set((old?.misc ?? []).map(key));
    for (const m of r.misc)
      if (!oldMisc.has(key(m)))
        push('misc-added', { role: r.role, misc: m }, [`role ${r.role} holds ${m}`], `Role ${r.role} now holds ${m}.`);
    const newMisc = new Set(r.misc.map(key));
    for (const m of old?.misc ?? [])
      if (!newMisc.has(key(m))) push('misc-removed', { role: r.role, misc: m }, [], `Role ${r.role} no longer holds ${m}.`);
  }
  for (const [k, r] of rolesA) if (!rolesB.has(k)) push('role-removed', { role: r.role }, [], `Role ${r.role} is gone.`);

  // Holdings: which roles reach each user, and how.
  const cause = (u: SnapshotUser, h: SnapshotHolding): string => holdingCause(u, h, usersA, teamsA);
  for (const [k, u] of usersB) {
    const old = usersA.get(k);
    const had = new Set((old?.roles ?? []).map(holdingKey));
    for (const h of u.roles) {
      if (had.has(holdingKey(h))) continue;
      const role = rolesB.get(key(h.role));
      const privileged = role?.privileged.length ? role.privileged : undefined;
      push(
        'holding-added',
        {
          user: u.user,
          role: h.role,
          ...(h.team !== undefined ? { team: h.team } : {}),
          after: holdingLabel(h),
          ...(privileged ? { privileged } : {}),
        },
        [`${holdingLabel(h)}: ${cause(u, h)}`, ...(privileged ?? []).map((p) => `privileged: ${p}`)],
        `${u.user} now holds ${holdingLabel(h)}${privileged ? ', a privileged role' : ''} (${cause(u, h)}).`,
      );
    }
    const has = new Set(u.roles.map(holdingKey));
    for (const h of old?.roles ?? [])
      if (!has.has(holdingKey(h)))
        push(
          'holding-removed',
          { user: u.user, role: h.role, ...(h.team !== undefined ? { team: h.team } : {}), before: holdingLabel(h) },
          [],
          `${u.user} no longer holds ${holdingLabel(h)}.`,
        );
  }

  // Effective access on the tables of interest.
  for (const tk of tables) {
    const t = tableName.get(tk)!;
    const accA = accessRow(a, t);
    const accB = accessRow(b, t);
    for (const p of PRIVILEGES) {
      const ha = new Map((accA?.[p] ?? []).map((h) => [key(h.user), h]));
      const hb = new Map((accB?.[p] ?? []).map((h) => [key(h.user), h]));
      for (const [uk, h] of hb) {
        const before = ha.get(uk);
        const rb = depthRank(before?.depth);
        const ra = depthRank(h.depth);
        if (ra <= rb) continue;
        const u = usersB.get(uk);
        const path = h.via.map((label) => `${label}: ${accessCause(label, u, usersA.get(uk), rolesA, rolesB, t, p, cause)}`);
        push(
          rb === 0 ? 'access-added' : 'access-widened',
          { user: h.user, table: t, privilege: p, before: before?.depth ?? 'None', after: h.depth },
          path,
          `${h.user} can ${p} rows of ${t} at ${h.depth} depth${before ? ` (was ${before.depth})` : ''}, through ${h.via.join(', ')}.`,
        );
      }
      for (const [uk, h] of ha) {
        const after = hb.get(uk);
        const rb = depthRank(h.depth);
        const ra = depthRank(after?.depth);
        if (ra >= rb) continue;
        push(
          ra === 0 ? 'access-removed' : 'access-narrowed',
          { user: h.user, table: t, privilege: p, before: h.depth, after: after?.depth ?? 'None' },
          after ? after.via : [],
          ra === 0
            ? `${h.user} can no longer ${p} rows of ${t} (was ${h.depth}).`
            : `${h.user} can ${p} rows of ${t} at ${after!.depth} depth only (was ${h.depth}).`,
        );
      }
    }
  }

  const order = new Map(DELTA_KINDS.map((k, i) => [k, i]));
  items.sort(
    (x, y) =>
      order.get(x.kind)! - order.get(y.kind)! ||
      byName(x.user ?? '', y.user ?? '') ||
      byName(x.team ?? '', y.team ?? '') ||
      byName(x.role ?? '', y.role ?? '') ||
      byName(x.table ?? '', y.table ?? '') ||
      PRIVILEGES.indexOf(x.privilege ?? 'Create') - PRIVILEGES.indexOf(y.privilege ?? 'Create') ||
      byName(x.misc ?? '', y.misc ?? ''),
  );
  const byKind: Partial<Record<DeltaKind, number>> = {};
  for (const i of items) byKind[i.kind] = (byKind[i.kind] ?? 0) + 1;
  return { from, to, items, counts: { total: items.length, escalations: items.filter((i) => i.escalation).length, byKind } };
}

function grantOf(r: SnapshotRole | undefined, table: string, p: Privilege): DepthName | undefined {
  if (!r) return undefined;
  const row = Object.entries(r.grants).find(([t]) => key(t) === key(table))?.[1];
  return row?.[p];
}

function accessRow(s: AccessSnapshot, table: string) {
  return Object.entries(s.access).find(([t]) => key(t) === key(table))?.[1];
}

/** Why a user holds a role now that they did not: the assignment, the team membership or the team's role that is new. */
function holdingCause(
  u: SnapshotUser,
  h: SnapshotHolding,
  usersA: Map<string, SnapshotUser>,
  teamsA: Map<string, { members: string[]; roles: Array<{ role: string; businessUnit: string }> }>,
): string {
  const old = usersA.get(key(u.user));
  if (!old)
    return h.via === 'direct' ? `assigned directly to ${u.user}, a new user` : `${u.user}, a new user, is a member of team ${h.team}`;
  if (h.via === 'direct') return 'new direct assignment';
  const team = teamsA.get(key(h.team ?? ''));
  if (!team) return `team ${h.team} is new`;
  const member = team.members.some((m) => key(m) === key(u.user));
  const teamHad = team.roles.some((r) => key(r.role) === key(h.role));
  if (!member && !teamHad) return `new member of team ${h.team}, and the role is newly assigned to the team`;
  if (!member) return `new member of team ${h.team}`;
  if (!teamHad) return `role newly assigned to team ${h.team}`;
  return `the team's assignment changed business unit (${h.businessUnit})`;
}

/** Why a holding gives a user wider access on a table than before. */
function accessCause(
  label: string,
  u: SnapshotUser | undefined,
  old: SnapshotUser | undefined,
  rolesA: Map<string, SnapshotRole>,
  rolesB: Map<string, SnapshotRole>,
  table: string,
  p: Privilege,
  cause: (u: SnapshotUser, h: SnapshotHolding) => string,
): string {
  const h = u?.roles.find((x) => holdingLabel(x) === label);
  if (!u || !h) return 'as held';
  if (!old) return `new user (${cause(u, h)})`;
  if (!old.roles.some((x) => holdingKey(x) === holdingKey(h))) return cause(u, h);
  if (!old.enabled && u.enabled) return 'the user was disabled and is enabled';
  if (!rolesA.has(key(h.role))) return 'new role';
  const before = grantOf(rolesA.get(key(h.role)), table, p);
  const after = grantOf(rolesB.get(key(h.role)), table, p);
  if (depthRank(after) > depthRank(before)) return `role changed: ${p} on ${table} ${before ?? 'None'} → ${after}`;
  return 'held before; the table was not followed then';
}
