// Business units: one root, parents that exist, no cycles; DFS intervals so that "B is below A" is two comparisons.
import { key, type Origin } from '../../vocabulary/index.ts';
import type { EnvironmentSpec } from '../spec.ts';
import type { Problems } from './problems.ts';

export interface BusinessUnits {
  names: string[];
  parent: Int32Array;
  in: Int32Array;
  out: Int32Array;
  root: number;
  index: Map<string, number>;
  /** Resolves a business unit name of a row (empty: the root, or a problem when `required`). */
  ref(value: string | undefined, field: string, origin?: Origin, required?: boolean): number;
}

export function compileBusinessUnits(spec: EnvironmentSpec, P: Problems): BusinessUnits {
  const index = new Map<string, number>();
  const names: string[] = [];
  const origins: Array<Origin | undefined> = [];
  // The rows kept (not duplicates): a duplicate's parent must not replace the first row's, nor add a second root.
  const accepted = new Set<object>();
  for (const b of spec.businessUnits) {
    const k = key(b.name);
    if (!k) {
      P.empty('business unit name', 'name', b.name, b.origin, 'a name');
      continue;
    }
    if (index.has(k)) {
      P.duplicate(`duplicate business unit "${b.name.trim()}"`, 'name', b.name, b.origin, 'each business unit once');
      continue;
    }
    index.set(k, names.length);
    names.push(b.name.trim());
    origins.push(b.origin);
    accepted.add(b);
  }
  const parent = new Int32Array(names.length).fill(-1);
  const roots: number[] = [];
  for (const b of spec.businessUnits) {
    const i = index.get(key(b.name));
    if (i === undefined || !accepted.has(b)) continue;
    const p = (b.parent ?? '').trim();
    if (!p) {
      roots.push(i);
      continue;
    }
    const pi = index.get(key(p));
    if (pi === undefined) P.unknown('business unit', 'parent', p, names, b.origin);
    else parent[i] = pi;
  }
  if (spec.dataverse) {
    if (roots.length === 0 && names.length > 0)
      P.err({
        code: 'no-root',
        message: 'no root business unit (a row with an empty parent)',
        field: 'parent',
        origin: origins[0] ? { file: origins[0].file, line: 1 } : undefined,
        expected: 'exactly one business unit with an empty parent',
      });
    if (names.length === 0)
      P.err({
        code: 'no-business-units',
        message: 'an environment with Dataverse needs at least its root business unit',
        origin: spec.origin,
        expected: 'business-units.csv with one root row',
      });
    for (const r of roots.slice(1))
      P.err({
        code: 'several-roots',
        message: `second root business unit "${names[r]}"; "${names[roots[0]!]}" is already the root`,
        field: 'parent',
        value: '',
        origin: origins[r],
        expected: 'exactly one business unit with an empty parent',
      });
  } else if (names.length > 0) {
    P.err({
      code: 'business-units-without-dataverse',
      message: 'business units are listed but the environment has no Dataverse database',
      origin: origins[0],
      expected: 'dataverse = true, or no business units',
    });
  }
  for (let i = 0; i < names.length; i++) {
    let steps = 0;
    let j = parent[i]!;
    while (j !== -1 && steps <= names.length) {
      if (j === i) break;
      j = parent[j]!;
      steps++;
    }
    if (j === i)
      P.err({
        code: 'cycle',
        message: `business unit "${names[i]}" is its own ancestor (a cycle)`,
        field: 'parent',
        value: names[parent[i]!],
        origin: origins[i],
        expected: 'a tree',
      });
  }
  const root = roots[0] ?? 0;
  const [buIn, buOut] = dfsIntervals(parent, roots);
  const ref = (value: string | undefined, field: string, origin?: Origin, required = spec.dataverse): number => {
    const v = (value ?? '').trim();
    if (!v) {
      if (required)
        P.err({
          code: 'missing-value',
          message: 'business unit is required in an environment with Dataverse',
          field,
          value: '',
          origin,
          expected: 'a business unit name',
        });
      return root;
    }
    if (!spec.dataverse) return root;
    const i = index.get(key(v));
    if (i === undefined) {
      P.unknown('business unit', field, v, names, origin);
      return root;
    }
    return i;
  };
  return { names, parent, in: buIn, out: buOut, root, index, ref };
}

/** Pre- and post-order numbers of a forest given by parent links (iterative: deep trees must not overflow the stack). */
export function dfsIntervals(parent: Int32Array, roots: readonly number[]): [Int32Array, Int32Array] {
  const n = parent.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) children[parent[i]!]!.push(i);
  const tin = new Int32Array(n);
  const tout = new Int32Array(n);
  let clock = 0;
  const seen = new Uint8Array(n);
  const visit = (start: number) => {
    const stack: Array<[number, number]> = [[start, 0]];
    seen[start] = 1;
    tin[start] = clock++;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const kids = children[top[0]]!;
      if (top[1] < kids.length) {
        const c = kids[top[1]++]!;
        if (!seen[c]) {
          seen[c] = 1;
          tin[c] = clock++;
          stack.push([c, 0]);
        }
      } else {
        tout[top[0]] = clock;
        stack.pop();
      }
    }
  };
  for (const r of roots) visit(r);
  for (let i = 0; i < n; i++) if (!seen[i]) visit(i);
  return [tin, tout];
}
