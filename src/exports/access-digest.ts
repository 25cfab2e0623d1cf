// The audit's scenario "each user's effective access is reported" attaches this digest instead of one record per
// user: the message log stays small whatever the tenant's size (the per-user detail is in environment.json and the
// data files, listed in the manifest). The scenario is not a formality: it reconciles the environment data the report
// renders with the model, by a second computation. The effective access (src/model/access.ts) counts users per depth
// through profiles and packed words; here every count is recomputed from each user's roles one by one
// (`q.reachIdx`, a plain walk over the user's holdings), so a fault in either shows as a failed audit check.
import { createHash } from 'node:crypto';
import type { AccessDigestEvidence } from '../evidence/evidence.ts';
import type { EnvironmentData } from '../evidence/environment.ts';
import type { Model } from '../model/index.ts';
import { DEPTH_NAMES, key, PRIVILEGES } from '../vocabulary/index.ts';

/** Above this many (user, table, privilege) reaches the recount takes every k-th user (deterministic), not all. */
export const RECOUNT_LIMIT = 4_000_000;

export interface AccessDigest {
  evidence: AccessDigestEvidence;
  problems: string[];
}

export function accessDigest(model: Model, data: EnvironmentData): AccessDigest {
  const c = model.compiled;
  const q = model.q;
  const problems: string[] = [];
  let checks = 0;
  const expect = (ok: boolean, what: () => string) => {
    checks++;
    if (!ok) problems.push(what());
  };

  const pop = data.population;
  const enabled = c.users.filter((u) => u.enabled).length;
  expect(pop.users === c.users.length, () => `population: ${pop.users} users, the model holds ${c.users.length}`);
  expect(pop.enabledUsers === enabled, () => `population: ${pop.enabledUsers} enabled users, the model holds ${enabled}`);
  expect(
    pop.enabledUsers + pop.disabledUsers === pop.users,
    () => `population: ${pop.enabledUsers} enabled + ${pop.disabledUsers} disabled is not ${pop.users} users`,
  );

  // Role holders: distinct users the role reaches, directly or through a team.
  for (const r of data.roles) {
    const users = new Set(q.holders(r.role).map((h) => h.user));
    expect(r.holders === users.size, () => `role ${r.role}: ${r.holders} holders reported, ${users.size} reached`);
  }

  // User counts per table of interest, privilege and depth: recounted from each enabled user's roles.
  const tableIndex = new Map(c.tables.map((t, i) => [t.name, i]));
  const tables = data.tables.map((t) => ({ data: t, t: tableIndex.get(t.table) }));
  const enabledUsers = c.users.map((u, i) => (u.enabled ? i : -1)).filter((i) => i >= 0);
  const step = Math.max(1, Math.ceil((enabledUsers.length * tables.length * 8) / RECOUNT_LIMIT));
  for (const { data: td, t } of tables) {
    if (t === undefined) {
      expect(false, () => `table ${td.table}: not a table of the model`);
      continue;
    }
    for (let p = 0; p < 8; p++) {
      const counts = td.users[PRIVILEGES[p]!];
      const sum = DEPTH_NAMES.reduce((n, d) => n + (counts[d] ?? 0), 0);
      expect(
        sum === pop.enabledUsers,
        () => `table ${td.table}, ${PRIVILEGES[p]}: the depths count ${sum} users, not the ${pop.enabledUsers} enabled ones`,
      );
      if (step > 1) continue;
      const recount: Record<string, number> = Object.fromEntries(DEPTH_NAMES.map((d) => [d, 0]));
      for (const u of enabledUsers) recount[q.reachIdx(u, p, t).depth]!++;
      for (const d of DEPTH_NAMES)
        expect(
          recount[d] === counts[d],
          () => `table ${td.table}, ${PRIVILEGES[p]} at ${d}: ${counts[d]} users reported, ${recount[d]} recounted`,
        );
    }
  }
  // A large tenant: every step-th enabled user's widest depths (their profile's row, which the counts add up) must be
  // what the user's roles give one by one.
  if (step > 1) {
    const access = q.access();
    const row = new Uint8Array(c.tables.length * 8);
    for (let i = 0; i < enabledUsers.length; i += step) {
      const u = enabledUsers[i]!;
      access.profileRow(access.profileOf[u]!, row);
      for (const { t } of tables)
        if (t !== undefined)
          for (let p = 0; p < 8; p++) {
            const want = q.reachIdx(u, p, t).depth;
            const got = DEPTH_NAMES[row[t * 8 + p]!]!;
            expect(
              got === want,
              () =>
                `user ${c.users[u]!.name}, ${PRIVILEGES[p]} on ${c.tables[t]!.name}: effective access says ${got}, the user's roles give ${want}`,
            );
          }
    }
  }

  // The reverse look-up, when within limits: each holder at the depth their roles give, every enabled holder counted.
  if (data.whoCan) {
    const byKey = new Map(data.whoCan.map((w) => [`${w.table}\u0000${w.privilege}`, w]));
    for (const { data: td, t } of tables) {
      if (t === undefined) continue;
      for (let p = 0; p < 8; p++) {
        const w = byKey.get(`${td.table}\u0000${PRIVILEGES[p]}`);
        const holders = w?.holders ?? [];
        const enabledHolders = holders.filter((h) => h.enabled).length;
        const counted = pop.enabledUsers - (td.users[PRIVILEGES[p]!].None ?? 0);
        expect(
          enabledHolders === counted,
          () => `table ${td.table}, ${PRIVILEGES[p]}: ${enabledHolders} enabled holders listed, ${counted} counted`,
        );
        for (const h of holders) {
          const u = c.index.user.get(key(h.user)) ?? -1;
          const want = u >= 0 ? q.reachIdx(u, p, t).depth : '(unknown user)';
          expect(h.depth === want, () => `table ${td.table}, ${PRIVILEGES[p]}: ${h.user} listed at ${h.depth}, their roles give ${want}`);
        }
      }
    }
  }
  if (data.users) {
    expect(data.users.length === pop.users, () => `${data.users!.length} users listed, the population has ${pop.users}`);
    for (const u of data.users) {
      const held = q.rolesOf(u.user).length;
      expect(u.roles.length === held, () => `user ${u.user}: ${u.roles.length} roles listed, ${held} reach them`);
    }
  }

  const sha256 = createHash('sha256').update(JSON.stringify(data)).digest('hex');
  return {
    evidence: {
      type: 'access-digest',
      environment: data.name,
      users: pop.users,
      enabledUsers: pop.enabledUsers,
      roles: data.roles.length,
      tablesOfInterest: data.tables.length,
      checks,
      recount: step === 1 ? 'every user' : `every ${step}th user`,
      sha256,
      files: data.files.map((f) => f.name),
    },
    problems,
  };
}
