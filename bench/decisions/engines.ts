// The engines of the decision benchmark. Each one is built from the same Workload and answers check i.
// `decideRange(from, to, out)` writes 1/0 into out[i] so that the timed decisions are verified afterwards.
import { buildModel } from '../../src/model/index.ts';
import { explainRow } from '../../src/explain/explain.ts';
import { DEPTHS, PRIVS, roleName, tableName, toSpec, userName, type Workload } from './workload.ts';

export interface Engine {
  name: string;
  /** true when the engine is slow and is time-boxed */
  slow: boolean;
  decideRange(from: number, to: number, out: Uint8Array, deadline?: number): number;
}

export const ENGINE_NAMES = ['floor', 'fast', 'explain', 'cedar', 'casbin'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Floor: `native-packed` of toolchain.md §4.3 — role → table → Uint32 holding 8 × 3-bit depths. */
function floor(w: Workload): Engine {
  const T = w.opts.tables;
  const packed = new Uint32Array(w.opts.roles * T);
  for (let ro = 0; ro < w.opts.roles; ro++)
    for (let t = 0; t < T; t++) {
      let v = 0;
      for (let p = 0; p < 8; p++) v |= w.depth[ro * T * 8 + t * 8 + p]! << (p * 3);
      packed[ro * T + t] = v;
    }
  const start = new Int32Array(w.opts.users + 1);
  const flat: number[] = [];
  for (let u = 0; u < w.opts.users; u++) {
    start[u] = flat.length;
    flat.push(...w.userRoles[u]!);
  }
  start[w.opts.users] = flat.length;
  const roles = Int32Array.from(flat);
  const { userBu, buIn, buOut, cu, cp, ct, co, cb } = w;
  return {
    name: 'floor',
    slow: false,
    decideRange(from, to, out) {
      for (let i = from; i < to; i++) {
        const u = cu[i]!,
          t = ct[i]!,
          sh = cp[i]! * 3;
        let d = 0;
        for (let j = start[u]!, e = start[u + 1]!; j < e; j++) {
          const v = (packed[roles[j]! * T + t]! >>> sh) & 7;
          if (v > d) d = v;
        }
        let ok = 0;
        if (d === 4) ok = 1;
        else if (d >= 1) {
          const ub = userBu[u]!,
            b = cb[i]!;
          if (co[i] === u) ok = 1;
          else if (d >= 2 && b === ub) ok = 1;
          else if (d === 3 && buIn[b]! >= buIn[ub]! && buIn[b]! < buOut[ub]!) ok = 1;
        }
        out[i] = ok;
      }
      return to;
    },
  };
}

/** rolecheck, built from the workload as an EnvironmentSpec; table and user indices mapped once. */
function rolecheck(w: Workload, explain: boolean): Engine {
  const model = buildModel(toSpec(w));
  const c = model.compiled;
  const data = model.data;
  const tIdx = Int32Array.from({ length: w.opts.tables }, (_, t) => c.index.table.get(tableName(t))!);
  const uIdx = Int32Array.from({ length: w.opts.users }, (_, u) => c.index.user.get(userName(u))!);
  const bIdx = Int32Array.from(w.buParent, (_, b) => c.index.bu.get(b === 0 ? 'root' : `bu ${String(b).padStart(2, '0')}`)!);
  const n = w.opts.checks;
  // Translate the checks into the model's indices once (not timed): tp = table * 8 + privilege.
  const U = new Int32Array(n),
    TPx = new Int32Array(n),
    O = new Int32Array(n),
    B = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    U[i] = uIdx[w.cu[i]!]!;
    TPx[i] = tIdx[w.ct[i]!]! * 8 + w.cp[i]!;
    O[i] = uIdx[w.co[i]!]!;
    B[i] = bIdx[w.cb[i]!]!;
  }
  if (explain) {
    return {
      name: 'explain',
      slow: false,
      decideRange(from, to, out) {
        for (let i = from; i < to; i++) out[i] = explainRow(model, U[i]!, TPx[i]!, O[i]!, B[i]!).allowed ? 1 : 0;
        return to;
      },
    };
  }
  return {
    name: 'fast',
    slow: false,
    decideRange(from, to, out) {
      for (let i = from; i < to; i++) out[i] = data.canRow(U[i]!, TPx[i]!, O[i]!, B[i]!) ? 1 : 0;
      return to;
    },
  };
}

/**
 * cedar-wasm, the `cedar-tags` encoding (toolchain.md §4.3, gotcha 15): 4 policies (one per depth scope), each
 * role grant a tag `role:privilege` → depth on the Table entity (the resource); the user's role keys for the
 * requested privilege in the context (k0..k3; Cedar has no loops); the row's owner and BU interval in the
 * context; the user's BU interval on the principal. Preparsed policy set + statefulIsAuthorized.
 */
async function cedar(w: Workload): Promise<Engine> {
  const cw = await import('@cedar-policy/cedar-wasm/nodejs');
  const any = (op: string, n: number) =>
    [0, 1, 2, 3].map((k) => `(resource.hasTag(context.k${k}) && resource.getTag(context.k${k}) ${op} ${n})`).join(' || ');
  const policies = [
    `permit(principal, action, resource) when { ${any('==', 4)} };`,
    `permit(principal, action, resource) when { context.owner == principal && (${any('>=', 1)}) };`,
    `permit(principal, action, resource) when { context.rowIn == principal.buIn && (${any('>=', 2)}) };`,
    `permit(principal, action, resource) when { context.rowIn >= principal.buIn && context.rowIn < principal.buOut && (${any('>=', 3)}) };`,
  ].join('\n');
  const parsed = cw.preparsePolicySet('bench', { staticPolicies: policies });
  if (parsed.type !== 'success') throw new Error(`cedar: ${JSON.stringify(parsed.errors)}`);
  const T = w.opts.tables;
  const tableEntities = Array.from({ length: T }, (_, t) => {
    const tags: Record<string, number> = {};
    for (let ro = 0; ro < w.opts.roles; ro++)
      for (let p = 0; p < 8; p++) {
        const d = w.depth[ro * T * 8 + t * 8 + p]!;
        if (d > 0) tags[`${ro}:${p}`] = d;
      }
    return { uid: { type: 'Table', id: String(t) }, attrs: {}, parents: [], tags };
  });
  const userEntities = Array.from(w.userBu, (b, u) => ({
    uid: { type: 'User', id: String(u) },
    attrs: { buIn: w.buIn[b]!, buOut: w.buOut[b]! },
    parents: [],
  }));
  const action = { type: 'Action', id: 'check' };
  return {
    name: 'cedar',
    slow: true,
    decideRange(from, to, out, deadline = Infinity) {
      let i = from;
      for (; i < to; i++) {
        if ((i & 15) === 0 && performance.now() > deadline) break;
        const u = w.cu[i]!,
          p = w.cp[i]!,
          t = w.ct[i]!;
        const rs = w.userRoles[u]!;
        const key = (k: number) => (k < rs.length ? `${rs[k]}:${p}` : '-');
        const answer = cw.statefulIsAuthorized({
          principal: { type: 'User', id: String(u) },
          action,
          resource: { type: 'Table', id: String(t) },
          context: {
            k0: key(0),
            k1: key(1),
            k2: key(2),
            k3: key(3),
            owner: { __entity: { type: 'User', id: String(w.co[i]!) } },
            rowIn: w.buIn[w.cb[i]!]!,
          },
          preparsedPolicySetId: 'bench',
          entities: [userEntities[u]!, tableEntities[t]!],
        });
        if (answer.type !== 'success') throw new Error(`cedar: ${JSON.stringify(answer.errors)}`);
        if (answer.response.diagnostics.errors.length) throw new Error(`cedar: ${JSON.stringify(answer.response.diagnostics.errors)}`);
        out[i] = answer.response.decision === 'allow' ? 1 : 0;
      }
      return i;
    },
  };
}

/**
 * casbin, the encoding of toolchain.md §4.3: RBAC `g = _, _`, one `p` line per grant (role, table, privilege,
 * depth), cheap equality tests first (gotcha 16), the BU scope in a custom function; enforceSync.
 */
async function casbin(w: Workload): Promise<Engine> {
  const { newEnforcer, newModelFromString } = await import('casbin');
  const m = newModelFromString(`
[request_definition]
r = sub, tab, act, owner, bu
[policy_definition]
p = role, tab, act, depth
[role_definition]
g = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.tab == p.tab && r.act == p.act && g(r.sub, p.role) && (p.depth == "Global" || r.owner == r.sub || (p.depth != "Basic" && buScope(r.sub, r.bu, p.depth)))
`);
  const e = await newEnforcer(m);
  const T = w.opts.tables;
  const rules: string[][] = [];
  for (let ro = 0; ro < w.opts.roles; ro++)
    for (let t = 0; t < T; t++)
      for (let p = 0; p < 8; p++) {
        const d = w.depth[ro * T * 8 + t * 8 + p]!;
        if (d > 0) rules.push([roleName(ro), tableName(t), PRIVS[p]!, DEPTHS[d]!]);
      }
  await e.addPolicies(rules);
  await e.addGroupingPolicies(w.userRoles.flatMap((rs, u) => rs.map((ro) => [String(u), roleName(ro)])));
  await e.addFunction('buScope', (sub: string, bu: number, depth: string) => {
    const ub = w.userBu[Number(sub)]!;
    if (bu === ub) return true;
    return depth === 'Deep' && w.buIn[bu]! >= w.buIn[ub]! && w.buIn[bu]! < w.buOut[ub]!;
  });
  return {
    name: 'casbin',
    slow: true,
    decideRange(from, to, out, deadline = Infinity) {
      let i = from;
      for (; i < to; i++) {
        if (performance.now() > deadline) break;
        const u = String(w.cu[i]!);
        out[i] = e.enforceSync(u, tableName(w.ct[i]!), PRIVS[w.cp[i]!]!, String(w.co[i]!), w.cb[i]!) ? 1 : 0;
      }
      return i;
    },
  };
}

export async function makeEngine(name: EngineName, w: Workload): Promise<Engine> {
  switch (name) {
    case 'floor':
      return floor(w);
    case 'fast':
      return rolecheck(w, false);
    case 'explain':
      return rolecheck(w, true);
    case 'cedar':
      return cedar(w);
    case 'casbin':
      return casbin(w);
  }
}
