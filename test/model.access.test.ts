// The effective access of a whole environment (src/model/access.ts) against the name-level questions, cell by cell:
// the reverse look-up, the user counts and the paths must say exactly what q.reach says for every user, table and
// privilege of the example export.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExport } from '../src/exports/load.ts';
import { DEPTH_NAMES, PRIVILEGES, type Model } from '../src/model/index.ts';

let m: Model;
beforeAll(async () => {
  m = (await loadExport('examples/contoso')).model;
});

describe('effective access of examples/contoso', () => {
  it('who can P on T is exactly the users q.reach gives a depth, at that depth, through the same roles', () => {
    const c = m.compiled;
    const access = m.q.access();
    let cells = 0;
    for (let t = 0; t < c.tables.length; t++)
      for (let p = 0; p < 8; p++) {
        const got = new Map(
          [...access.whoCan(t, p)].map((w) => [
            c.users[w.user]!.name,
            { depth: DEPTH_NAMES[w.depth], via: w.via.map((i) => access.paths(w.user)[i]!.role).sort() },
          ]),
        );
        for (const u of c.users) {
          const want = m.q.reach(u.name, PRIVILEGES[p]!, c.tables[t]!.name);
          if (want.depth === 'None') {
            expect(got.has(u.name), `${u.name} ${PRIVILEGES[p]} ${c.tables[t]!.name}`).toBe(false);
            continue;
          }
          cells++;
          expect(got.get(u.name), `${u.name} ${PRIVILEGES[p]} ${c.tables[t]!.name}`).toEqual({
            depth: want.depth,
            via: want.via.map((v) => v.role).sort(),
          });
        }
      }
    expect(cells).toBeGreaterThan(1000);
  });

  it('the counts per depth add up to the enabled users, and match the reverse look-up', () => {
    const c = m.compiled;
    const access = m.q.access();
    const counts = access.userCounts();
    const enabled = c.users.filter((u) => u.enabled).length;
    const t = m.q.table('new_invoice');
    const p = PRIVILEGES.indexOf('Delete');
    let sum = 0;
    for (let d = 0; d < 5; d++) sum += counts[(t * 8 + p) * 5 + d]!;
    expect(sum).toBe(enabled);
    const holders = [...access.whoCan(t, p)].filter((w) => c.users[w.user]!.enabled);
    for (let d = 1; d < 5; d++) expect(counts[(t * 8 + p) * 5 + d]).toBe(holders.filter((w) => w.depth === d).length);
    expect(holders.length).toBeGreaterThan(0);
  });

  it('profiles group users with the same set of roles, and every user is in one', () => {
    const access = m.q.access();
    const total = access.profiles.reduce((n, p) => n + p.users, 0);
    expect(total).toBe(m.compiled.users.length);
    expect(access.profiles.length).toBeLessThan(m.compiled.users.length);
  });
});
