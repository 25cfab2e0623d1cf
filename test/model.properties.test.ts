// Property-based tests of the permission model (fast-check): random environments, the invariants of the
// decision semantics, and agreement with a slow, obvious reference implementation written here straight from
// the contract (docs/export-format.md, "Decision semantics" and "Predefined roles in an export", with version 2:
// disabled users, the business unit of an assignment, hierarchy security in both models).
import fc from 'fast-check';
import {
  answers,
  arbPlan,
  canonRole,
  clone,
  DEPTHS,
  k,
  OC_TEAM,
  parseDepthRef,
  parsePriv,
  PREDEFINED_POOL,
  PRIVS,
  PROBE,
  qs,
  queries,
  reference,
  SHARE_RIGHTS,
  TABLES,
  toSpec,
  UNASSIGNABLE,
  type TableName,
} from './support/environments.ts';
import { describe, expect, it } from 'vitest';
import { briefer } from '../src/check/check.ts';
import { briefText } from '../src/check/brief.ts';
import { explain, explainActFor, explainIdx } from '../src/explain/explain.ts';
import { buildModel, SpecError, UnknownNameError } from '../src/model/index.ts';

const RUNS = 200;

describe('model properties (fast-check)', () => {
  it('the generator produces valid environments', () => {
    fc.assert(
      fc.property(arbPlan, (plan) => {
        buildModel(toSpec(plan));
      }),
      { numRuns: RUNS },
    );
  });

  it('can() agrees with the reference implementation and with explain(); allowed ⇔ at least one path', () => {
    fc.assert(
      fc.property(arbPlan, (plan) => {
        const spec = toSpec(plan);
        const m = buildModel(spec);
        const ref = reference(spec);
        for (const q of queries(spec)) {
          const can = m.data.can(q);
          const expected = ref(q.user, q.privilege, q.table, q.record);
          if (can !== expected) throw new Error(`model says ${can}, reference says ${expected}: ${qs(q)}`);
          const ex = explain(m, q);
          if (ex.allowed !== can) throw new Error(`explain disagrees with can: ${qs(q)}`);
          if (can ? ex.paths.length === 0 || ex.via.length === 0 : ex.paths.length !== 0)
            throw new Error(`paths do not match the decision: ${qs(q)}`);
          if (!ex.reason.startsWith(can ? 'Allowed' : 'Denied') || ex.rules.length === 0) throw new Error(`reason/rules missing: ${qs(q)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('brief() (what check writes) says exactly what explainIdx() says: decision, depth, via and reason', () => {
    fc.assert(
      fc.property(arbPlan, (plan) => {
        const spec = toSpec(plan);
        const m = buildModel(spec);
        for (const q of queries(spec)) {
          const r = m.data.resolve(q);
          const ex = explainIdx(m, r.user, r.privilege, r.table, r.record);
          const b = briefText(briefer(m).brief(r.user, r.privilege, r.table, r.record));
          const want = { allowed: ex.allowed, depth: ex.depth ?? '', via: ex.via.join('; '), reason: ex.reason };
          if (JSON.stringify(b) !== JSON.stringify(want))
            throw new Error(`brief ${JSON.stringify(b)} but explain ${JSON.stringify(want)}: ${qs(q)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the generated environments exercise allows and denies of every kind of path', () => {
    // Guards the agreement test against a generator that only ever produces denials.
    const kinds = new Set<string>();
    let allowed = 0;
    let denied = 0;
    let disabledDenials = 0;
    let copies = 0;
    const levels = new Set<string>();
    fc.assert(
      fc.property(arbPlan, (plan) => {
        const spec = toSpec(plan);
        const m = buildModel(spec);
        for (const q of queries(spec)) {
          const d = explain(m, q);
          if (d.allowed) allowed++;
          else denied++;
          if (d.denial?.disabled && d.denial.wouldAllow.length) disabledDenials++;
          for (const p of d.paths) {
            kinds.add(p.kind);
            if (p.copy) copies++;
            if (p.hierarchy) levels.add(`${p.hierarchy.model} ${p.hierarchy.level > 1 ? 'deeper' : 'direct'}`);
          }
        }
      }),
      { numRuns: RUNS, seed: 42 },
    );
    expect(allowed).toBeGreaterThan(0);
    expect(denied).toBeGreaterThan(0);
    expect([...kinds].sort()).toEqual([
      'business-unit',
      'child-business-unit',
      'create',
      'hierarchy',
      'organization',
      'organization-owned',
      'owner',
      'share',
      'team-owner',
    ]);
    // Version 2: disabled users whose roles would allow, business-unit copies, both hierarchy models at both kinds of level.
    expect(disabledDenials).toBeGreaterThan(0);
    expect(copies).toBeGreaterThan(0);
    expect([...levels].sort()).toEqual(['manager deeper', 'manager direct', 'position deeper', 'position direct']);
  });

  it('adding a role assignment never removes access', () => {
    fc.assert(
      fc.property(arbPlan, fc.boolean(), fc.nat(), fc.nat(), (plan, toTeam, pi, ri) => {
        const spec = toSpec(plan);
        const before = buildModel(spec);
        const more = clone(spec);
        const teams = more.teams!.map((t) => t.name);
        const users = more.users.map((u) => u.name);
        const pool = [...more.roles!.map((r) => r.name), ...PREDEFINED_POOL.filter((r) => r !== 'Service Deleted')];
        const type = toTeam && teams.length ? 'team' : 'user';
        const principal = type === 'team' ? teams[pi % teams.length]! : users[pi % users.length]!;
        const role = pool[ri % pool.length]!;
        fc.pre(
          !more.assignments!.some(
            (a) => k(a.principal) === k(principal) && a.principalType === type && canonRole(a.role) === canonRole(role),
          ),
        );
        more.assignments!.push({ principal, principalType: type, role });
        const after = buildModel(more);
        const qq = queries(spec);
        const a0 = answers(before, qq);
        const a1 = answers(after, qq);
        qq.forEach((q, i) => {
          if (a0[i] && !a1[i]) throw new Error(`assigning ${role} to ${principal} removed ${qs(q)}`);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a team membership never removes access', () => {
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.nat(), (plan, ti, ui) => {
        const spec = toSpec(plan);
        fc.pre(spec.teams!.length > 0);
        const team = spec.teams![ti % spec.teams!.length]!.name;
        const user = spec.users[ui % spec.users.length]!.name;
        fc.pre(!spec.teamMembers!.some((m) => m.team === team && m.user === user));
        const more = clone(spec);
        more.teamMembers!.push({ team, user });
        const qq = queries(spec);
        const a0 = answers(buildModel(spec), qq);
        const a1 = answers(buildModel(more), qq);
        qq.forEach((q, i) => {
          if (a0[i] && !a1[i]) throw new Error(`adding ${user} to ${team} removed ${qs(q)}`);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('adding a share (or a right to a share) never removes access', () => {
    fc.assert(
      fc.property(
        arbPlan,
        fc.nat(),
        fc.constantFrom('user', 'team', 'organization'),
        fc.nat(),
        fc.subarray(SHARE_RIGHTS, { minLength: 1 }),
        (plan, ri, target, pi, rights) => {
          const spec = toSpec(plan);
          fc.pre(spec.records!.length > 0 && (target !== 'team' || spec.teams!.length > 0));
          const record = spec.records![ri % spec.records!.length]!.id;
          const principal =
            target === 'user'
              ? spec.users[pi % spec.users.length]!.name
              : target === 'team'
                ? spec.teams![pi % spec.teams!.length]!.name
                : undefined;
          const more = clone(spec);
          const existing = more.shares!.find(
            (s) => s.record === record && s.principalType === target && (s.principal ?? undefined) === principal,
          );
          if (existing) existing.rights = [...new Set([...existing.rights, ...rights])];
          else more.shares!.push({ record, principalType: target, ...(principal ? { principal } : {}), rights });
          const qq = queries(spec);
          const a0 = answers(buildModel(spec), qq);
          const a1 = answers(buildModel(more), qq);
          qq.forEach((q, i) => {
            if (a0[i] && !a1[i]) throw new Error(`sharing ${record} removed ${qs(q)}`);
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('roles combine as a union: with roles A and B directly, exactly what A alone or B alone allows', () => {
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.nat(), (plan, ai, bi) => {
        const spec = toSpec(plan);
        // Roles the probe already holds directly (a superior holds 'Superior') would be assigned twice.
        const held = new Set(spec.assignments!.filter((a) => a.principal === PROBE && a.principalType === 'user').map((a) => a.role));
        const pool = [...spec.roles!.map((r) => r.name), ...PREDEFINED_POOL.filter((r) => r !== 'Service Deleted')].filter(
          (r) => !held.has(r),
        );
        const A = pool[ai % pool.length]!;
        const B = pool[bi % pool.length]!;
        fc.pre(A !== B);
        const withRoles = (roles: string[]) => {
          const s = clone(spec);
          for (const role of roles) s.assignments!.push({ principal: PROBE, principalType: 'user', role });
          return buildModel(s);
        };
        const mA = withRoles([A]);
        const mB = withRoles([B]);
        const mAB = withRoles([A, B]);
        const qq = queries(spec).filter((q) => q.user === PROBE);
        const a = answers(mA, qq);
        const b = answers(mB, qq);
        const ab = answers(mAB, qq);
        qq.forEach((q, i) => {
          if (ab[i] !== (a[i] || b[i])) throw new Error(`${A}+${B}: ${ab[i]}, ${A}: ${a[i]}, ${B}: ${b[i]} for ${qs(q)}`);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a deeper depth covers everything a shallower one does', () => {
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.integer({ min: 1, max: 3 }), (plan, ri, bump) => {
        const spec = toSpec(plan);
        const candidates = spec
          .rolePrivileges!.map((rp, i) => ({ rp, i }))
          .filter(({ rp }) => {
            const pp = parsePriv(rp.privilege)!;
            return !TABLES[pp.table as TableName].org && parseDepthRef(rp.depth) < 4;
          });
        fc.pre(candidates.length > 0);
        const { i } = candidates[ri % candidates.length]!;
        const deeper = clone(spec);
        const row = deeper.rolePrivileges![i]!;
        row.depth = DEPTHS[Math.min(4, parseDepthRef(row.depth) + bump) - 1]!;
        const qq = queries(spec);
        const a0 = answers(buildModel(spec), qq);
        const a1 = answers(buildModel(deeper), qq);
        qq.forEach((q, j) => {
          if (a0[j] && !a1[j]) throw new Error(`deepening ${row.role} ${row.privilege} to ${row.depth} removed ${qs(q)}`);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('a role that cannot be assigned (or Office Collaborator placed elsewhere) grants nothing: every answer unchanged', () => {
    fc.assert(
      fc.property(arbPlan, fc.constantFrom(...UNASSIGNABLE, 'Office Collaborator'), fc.boolean(), fc.nat(), (plan, role, toTeam, pi) => {
        const spec = toSpec(plan);
        const teams = spec.teams!.map((t) => t.name).filter((t) => t !== OC_TEAM);
        const type = toTeam && teams.length ? 'team' : 'user';
        const principal = type === 'team' ? teams[pi % teams.length]! : spec.users[pi % spec.users.length]!.name;
        fc.pre(
          !spec.assignments!.some((a) => a.principal === principal && a.principalType === type && canonRole(a.role) === canonRole(role)),
        );
        const more = clone(spec);
        more.assignments!.push({ principal, principalType: type, role });
        const after = buildModel(more);
        expect(after.compiled.ignored.length).toBe(buildModel(spec).compiled.ignored.length + 1);
        const qq = queries(spec);
        const a0 = answers(buildModel(spec), qq);
        const a1 = answers(after, qq);
        qq.forEach((q, i) => {
          if (a0[i] !== a1[i]) throw new Error(`${role} on ${principal} changed ${qs(q)}`);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('impersonation: allowed iff the caller holds the Delegate privilege through a direct role, and both may', () => {
    const ACTS = new Set(['delegate', 'system administrator']);
    fc.assert(
      fc.property(arbPlan, fc.nat(), fc.nat(), (plan, ci, ti) => {
        const spec = toSpec(plan);
        const m = buildModel(spec);
        const caller = spec.users[ci % spec.users.length]!.name;
        const target = spec.users[ti % spec.users.length]!.name;
        // Export rows replace a predefined role's misc privileges too; the generator never lists misc rows.
        const redefined = new Set(spec.rolePrivileges!.map((rp) => canonRole(rp.role)));
        const direct = spec.assignments!.some(
          (a) => a.principalType === 'user' && a.principal === caller && ACTS.has(canonRole(a.role)) && !redefined.has(canonRole(a.role)),
        );
        for (const q of queries(spec).filter((x) => x.user === caller)) {
          const { user: _u, ...rest } = q;
          const d = explainActFor(m, caller, target, rest);
          const expected = direct && m.data.can(q) && m.data.can({ ...q, user: target });
          if (d.allowed !== expected) throw new Error(`${caller} acting for ${target}: ${d.allowed}, expected ${expected} for ${qs(q)}`);
          if (d.allowed !== d.paths.length > 0) throw new Error(`paths do not match the decision: ${qs(q)}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('unknown names raise errors, never an answer', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(arbPlan, name, (plan, junk) => {
        const spec = toSpec(plan);
        const m = buildModel(spec);
        const rec = spec.records![0];
        const known = (list: string[]) => list.some((x) => k(x) === k(junk)) || !k(junk);
        const expectUnknown = (f: () => unknown, kind: string) => {
          try {
            f();
          } catch (e) {
            if (e instanceof UnknownNameError && e.kind === kind) return;
            throw e;
          }
          throw new Error(`no UnknownNameError (${kind}) for "${junk}"`);
        };
        if (!known(spec.users.map((u) => u.name)))
          expectUnknown(() => m.data.can({ user: junk, privilege: 'Read', table: 'new_org' }), 'user');
        if (!known([...PRIVS])) expectUnknown(() => m.data.can({ user: PROBE, privilege: junk, table: 'new_org' }), 'privilege');
        if (!known(m.compiled.tables.map((t) => t.name)))
          expectUnknown(() => m.data.can({ user: PROBE, privilege: 'Read', table: junk }), 'table');
        if (rec && !known(spec.records!.map((r) => r.id)))
          expectUnknown(() => m.data.can({ user: PROBE, privilege: 'Read', table: rec.table, record: junk }), 'record');
        // In the spec: an assignment of an unknown role is an input error naming the role.
        if (!known([...m.compiled.index.role.keys()])) {
          const bad = clone(spec);
          bad.assignments!.push({ principal: PROBE, principalType: 'user', role: junk });
          try {
            buildModel(bad);
            throw new Error('no SpecError');
          } catch (e) {
            if (!(e instanceof SpecError)) throw e;
            expect(e.problems).toEqual([expect.objectContaining({ code: 'unknown-role', value: junk })]);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
