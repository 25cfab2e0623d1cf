// Hierarchy security (contract version 2): the settings, the positions tree, and each user's manager and position.
// Source: https://learn.microsoft.com/power-platform/admin/hierarchy-security (manager and position models, depth,
// excluded tables, managers in the same or parent business unit).
import { suggest } from '../errors.ts';
import { key } from '../../vocabulary/index.ts';
import type { HierarchyInfo, HierarchyModel } from '../compiled.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { Problems } from './problems.ts';
import type { Tables } from './tables.ts';
import type { Principals } from './users.ts';

export interface Hierarchy {
  positionNames: string[];
  positionParent: Int32Array;
  positionIndex: Map<string, number>;
  hierarchy?: HierarchyInfo;
}

const MODELS: readonly HierarchyModel[] = ['manager', 'position'];
export const MAX_HIERARCHY_DEPTH = 100;
export const DEFAULT_HIERARCHY_DEPTH = 3;

export function compileHierarchy(spec: EnvironmentSpec, P: Problems, pr: Principals, tables: Tables): Hierarchy {
  const positionIndex = new Map<string, number>();
  const positionNames: string[] = [];
  const accepted: Array<{ parent?: string | null; origin?: import('../../vocabulary/index.ts').Origin }> = [];
  for (const p of spec.positions ?? []) {
    const k = key(p.name);
    if (!k) {
      P.empty('position name', 'name', p.name, p.origin, 'a position name');
      continue;
    }
    if (positionIndex.has(k)) {
      P.duplicate(`duplicate position "${p.name.trim()}"`, 'name', p.name, p.origin, 'each position once');
      continue;
    }
    if (!spec.dataverse) {
      P.err({
        code: 'positions-without-dataverse',
        message: 'positions exist only in environments with Dataverse',
        field: 'name',
        value: p.name,
        origin: p.origin,
        expected: 'dataverse = true',
      });
      continue;
    }
    positionIndex.set(k, positionNames.length);
    positionNames.push(p.name.trim());
    accepted.push(p);
  }
  const positionParent = new Int32Array(positionNames.length).fill(-1);
  accepted.forEach((p, i) => {
    const parent = (p.parent ?? '').trim();
    if (!parent) return;
    const pi = positionIndex.get(key(parent));
    if (pi === undefined) P.unknown('position', 'parent', parent, positionNames, p.origin);
    else positionParent[i] = pi;
  });
  cycles(positionParent, (i) =>
    P.err({
      code: 'cycle',
      message: `position "${positionNames[i]}" is its own ancestor (a cycle)`,
      field: 'parent',
      value: positionNames[positionParent[i]!],
      origin: accepted[i]!.origin,
      expected: 'a tree of positions',
    }),
  );

  // Each user's manager and position.
  const specUsers = spec.users.filter((u) => pr.userIndex.get(key(u.name)) !== undefined);
  for (const u of specUsers) {
    const ui = pr.userIndex.get(key(u.name))!;
    const user = pr.users[ui]!;
    if (user.origin !== u.origin) continue; // a duplicate row (already reported)
    const m = (u.manager ?? '').trim();
    if (m) {
      const mi = pr.userIndex.get(key(m));
      if (mi === undefined) P.unknown('user', 'manager', m, pr.userNames(), u.origin, "the manager's user name, a user of users.csv");
      else user.manager = mi;
    }
    const pos = (u.position ?? '').trim();
    if (pos) {
      const pi = positionIndex.get(key(pos));
      if (pi === undefined) P.unknown('position', 'position', pos, positionNames, u.origin, 'a position from positions.csv');
      else user.position = pi;
    }
  }
  const managers = Int32Array.from(pr.users, (u) => u.manager);
  cycles(managers, (i) =>
    P.err({
      code: 'cycle',
      message: `user "${pr.users[i]!.name}" is their own manager through ${chain(
        managers,
        i,
        pr.users.map((x) => x.name),
      )} (a cycle)`,
      field: 'manager',
      value: pr.users[managers[i]!]!.name,
      origin: pr.users[i]!.origin,
      expected: 'managers that form a tree',
    }),
  );

  const h = spec.hierarchy;
  if (!h) return { positionNames, positionParent, positionIndex };
  if (!spec.dataverse) {
    P.err({
      code: 'hierarchy-without-dataverse',
      message: 'hierarchy security exists only in environments with Dataverse',
      field: 'model',
      value: h.model,
      origin: h.origin,
      expected: 'dataverse = true, or no hierarchy.csv',
    });
    return { positionNames, positionParent, positionIndex };
  }
  const model = MODELS.find((x) => x === key(h.model));
  if (!model)
    P.err({
      code: 'bad-value',
      message: 'unknown hierarchy model',
      field: 'model',
      value: h.model,
      origin: h.origin,
      expected: 'manager or position',
      suggestions: suggest(h.model, MODELS),
    });
  const depth = h.depth ?? DEFAULT_HIERARCHY_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_HIERARCHY_DEPTH)
    P.err({
      code: 'bad-value',
      message: 'hierarchy depth out of range',
      field: 'depth',
      value: String(h.depth),
      origin: h.origin,
      expected: `a whole number from 1 to ${MAX_HIERARCHY_DEPTH} (default ${DEFAULT_HIERARCHY_DEPTH})`,
    });
  const excluded = new Uint8Array(tables.tables.length);
  for (const t of h.excludedTables ?? []) {
    if (!t.trim()) continue;
    const ti = tables.index.get(key(t));
    if (ti === undefined)
      P.unknown(
        'table',
        'excluded_tables',
        t,
        tables.tables.map((x) => x.name),
        h.origin,
        'a table the export or the catalogue knows',
      );
    else excluded[ti] = 1;
  }
  return {
    positionNames,
    positionParent,
    positionIndex,
    hierarchy: { model: model ?? 'manager', depth, excluded, sameOrParentUnit: h.managersInSameOrParentUnit ?? true, origin: h.origin },
  };
}

/** Calls `report(i)` once for one member of every cycle of parent links. */
function cycles(parent: Int32Array, report: (i: number) => void): void {
  const state = new Uint8Array(parent.length); // 0 new, 1 on the current walk, 2 done
  for (let s = 0; s < parent.length; s++) {
    if (state[s]) continue;
    const walk: number[] = [];
    let i = s;
    while (i >= 0 && state[i] === 0) {
      state[i] = 1;
      walk.push(i);
      i = parent[i]!;
    }
    if (i >= 0 && state[i] === 1) report(i);
    for (const w of walk) state[w] = 2;
  }
}

function chain(parent: Int32Array, start: number, names: string[]): string {
  const out = [names[start]!];
  let i = parent[start]!;
  while (i !== start && i >= 0 && out.length < 10) {
    out.push(names[i]!);
    i = parent[i]!;
  }
  return out.join(' → ');
}
