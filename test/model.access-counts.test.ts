// The packed forms of the effective access (src/model/access.ts: thermometer-coded words, bit-sliced counters) against
// the plain definition, computed here from the compiled role depths: a user's widest depth of a table privilege is
// the maximum over every role that reaches them; the counts are the enabled users at each exact depth. On the example
// and on a generated export with thousands of users (profiles with several users, and with one).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateLarge, largeDefaults } from '../bench/gen-large.ts';
import { loadExport } from '../src/exports/load.ts';
import { EffectiveAccess, type Model } from '../src/model/index.ts';

/** The widest depth of every table privilege, per user, by definition. */
function plainRows(m: Model): Uint8Array[] {
  const c = m.compiled;
  const TP = c.tables.length * 8;
  return c.users.map((_, u) => {
    const row = new Uint8Array(TP);
    for (let h = c.holdStart[u]!; h < c.holdStart[u + 1]!; h++) {
      const base = c.holdRole[h]! * TP;
      for (let i = 0; i < TP; i++) if (c.roleDepth[base + i]! > row[i]!) row[i] = c.roleDepth[base + i]!;
    }
    return row;
  });
}

function check(m: Model): { cells: number; deep: number } {
  const c = m.compiled;
  const TP = c.tables.length * 8;
  const access = new EffectiveAccess(c);
  const rows = plainRows(m);
  const want = new Uint32Array(TP * 5);
  c.users.forEach((u, i) => {
    if (u.enabled) for (let k = 0; k < TP; k++) want[k * 5 + rows[i]![k]!]++;
  });
  expect(Array.from(access.userCounts())).toEqual(Array.from(want));
  // Compared cell by cell (a deep equality per user would be most of the test's time); the first difference named.
  const row = new Uint8Array(TP);
  let diff = '';
  for (let u = 0; u < c.users.length && !diff; u++) {
    access.profileRow(access.profileOf[u]!, row);
    for (let k = 0; k < TP; k++)
      if (row[k] !== rows[u]![k]) {
        diff = `${c.users[u]!.name}, table privilege ${k}: ${row[k]} instead of ${rows[u]![k]}`;
        break;
      }
  }
  expect(diff).toBe('');
  let deep = 0;
  for (let k = 0; k < TP; k++) deep += want[k * 5 + 3]! + want[k * 5 + 4]!;
  return { cells: TP * c.users.length, deep };
}

describe('effective access: packed words and bit-sliced counts equal the plain definition', () => {
  it('on examples/contoso', async () => {
    const r = check((await loadExport('examples/contoso')).model);
    expect(r.deep).toBeGreaterThan(0);
  });

  it("on a generated export of 3,000 users (disabled users, team roles, other units' copies)", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'rolecheck-access-')), 'export');
    await generateLarge(dir, { ...largeDefaults(3000), queries: 0 });
    const m = (await loadExport(dir)).model;
    const access = new EffectiveAccess(m.compiled);
    // Profiles shared by several users and profiles of one user both occur.
    expect(access.profiles.some((p) => p.users > 1)).toBe(true);
    expect(access.profiles.some((p) => p.users === 1)).toBe(true);
    expect(m.compiled.users.some((u) => !u.enabled)).toBe(true);
    const r = check(m);
    expect(r.cells).toBeGreaterThan(1_000_000);
    // The holders of every role (from the index by role) are those of a walk over every user's holdings, in order.
    const c = m.compiled;
    let holdings = 0;
    for (let ri = 0; ri < c.roles.length; ri++) {
      const want: string[] = [];
      for (let u = 0; u < c.users.length; u++)
        for (let h = c.holdStart[u]!; h < c.holdStart[u + 1]!; h++)
          if (c.holdRole[h] === ri) want.push(`${c.users[u]!.name}|${c.holdTeam[h]}`);
      const got = m.q
        .holders(c.roles[ri]!.name)
        .map((x) => `${x.user}|${x.team === undefined ? -1 : c.teams.findIndex((t) => t.name === x.team)}`);
      expect(got).toEqual(want);
      holdings += got.length;
    }
    expect(holdings).toBe(c.holdRole.length);
  });
});
