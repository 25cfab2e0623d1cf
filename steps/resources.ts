// Then steps about the environment layer: who may author each resource of the summary table, who may perform
// the administrative actions, share apps, and which environment roles a user holds.
import { Then, type DataTable } from '@cucumber/cucumber';
import { MATRIX_ROLES, resource as findResource, type FlowKind, type MatrixRole, type Resource } from '../src/catalog/resources.ts';
import { key, type AdminAction, type EnvDecision } from '../src/model/index.ts';
import { explainEnv } from '../src/explain/environment.ts';
import type { RoleWorld } from './world.ts';

const FLOW_KINDS: readonly FlowKind[] = ['solution-aware', 'non-solution-aware'];

function res(name: string): Resource {
  const r = findResource(name);
  if (!r) throw new Error(`"${name}" is not a resource of the summary table`);
  return r;
}

/** "denied", "allowed", or the condition of a partial allow ("solution-aware only") when no kind was asked. */
function label(d: EnvDecision, kind: FlowKind | undefined): string {
  if (!d.allowed) return 'denied';
  return d.condition && !kind ? d.condition : 'allowed';
}

// glossary: Then each role of the summary table alone may author "Connector" as follows:
Then('each role of the summary table alone may author {string} as follows:', function (this: RoleWorld, name: string, table: DataTable) {
  const r = res(name);
  const rows = table.hashes();
  if (rows.length === 0) throw new Error(`The table for ${r.name} is empty: it would check nothing. List every role of the summary table.`);
  const withKind = Object.keys(rows[0]!).includes('flow kind');
  // The complete expected set: every matrix role (and every flow kind, when the table has that column) once.
  const expectedKeys = MATRIX_ROLES.flatMap((role) => (withKind ? FLOW_KINDS.map((k) => `${role} / ${k}`) : [role]));
  const listed = rows.map((row) => (withKind ? `${row['role']} / ${row['flow kind']}` : (row['role'] ?? '')));
  const missing = expectedKeys.filter((k) => !listed.some((l) => key(l) === key(k)));
  const extra = listed.filter((l) => !expectedKeys.some((k) => key(l) === key(k)));
  if (missing.length || extra.length || new Set(listed.map(key)).size !== listed.length) {
    throw new Error(
      `The table for ${r.name} must list each of ${expectedKeys.join(', ')} exactly once${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unknown ${extra.join(', ')}` : ''}.`,
    );
  }
  const wrong: string[] = [];
  for (const row of rows) {
    const role = MATRIX_ROLES.find((m) => key(m) === key(row['role'] ?? '')) as MatrixRole;
    const kind = withKind ? FLOW_KINDS.find((k) => k === key(row['flow kind'] ?? '')) : undefined;
    const want = key(row['authoring'] ?? '');
    const d = explainEnv(this.model.env.authorWith([role], r, kind));
    const actual = label(d, kind);
    const verdict = (s: string) => (s === 'denied' ? ('deny' as const) : ('allow' as const));
    const cond = (s: string) => (s !== 'denied' && s !== 'allowed' ? s : kind ? `${kind} flows` : undefined);
    const e = cond(want);
    const a = cond(actual);
    this.attachEvidence({
      type: 'matrix-cell',
      role,
      resource: r.id,
      expected: { decision: verdict(want), ...(e ? { condition: e } : {}) },
      actual: { decision: verdict(actual), ...(a ? { condition: a } : {}) },
      rules: d.rules,
      via: d.via,
      explanation: d.reason,
    });
    if (actual !== want)
      wrong.push(`${role}${kind ? ` (${kind} flows)` : ''}: expected ${want}, but the model says ${actual} (${d.reason})`);
  }
  if (wrong.length) throw new Error(`Authoring ${r.name}: ${wrong.join('; ')}.`);
});

// glossary: Then "mia" may not author "Dataverse tables"
Then('{string} {may} author {string}', function (this: RoleWorld, user: string, may: boolean, name: string) {
  const r = res(name);
  const d = explainEnv(this.model.env.canAuthor(user, r.id));
  // "may" means without condition: a partial allow (cloud flows of one kind) must be asked with its kind.
  this.verdict(user, `to author ${r.name}`, may, {
    ...d,
    allowed: d.allowed && !d.condition,
    reason: d.condition ? `${d.reason} (only ${d.condition})` : d.reason,
  });
});

// glossary: Then "mia" may not author "Cloud flow" of kind "solution-aware"
Then('{string} {may} author {string} of kind {string}', function (this: RoleWorld, user: string, may: boolean, name: string, kind: string) {
  const r = res(name);
  const k = FLOW_KINDS.find((x) => x === key(kind));
  if (!k) throw new Error(`"${kind}" is not a kind of flow; use ${FLOW_KINDS.join(' or ')}`);
  const d = explainEnv(this.model.env.canAuthor(user, r.id, k));
  this.verdict(user, `to author ${k} ${r.name}`, may, d);
});

// glossary: Then "eva" may "provision a database" in the environment
Then('{string} {may} {string} in the environment', function (this: RoleWorld, user: string, may: boolean, action: string) {
  const d = explainEnv(this.model.env.canAdminister(user, action as AdminAction));
  this.verdict(user, `to ${action}`, may, d);
});

// glossary: Then "mia" may share an app built by "mia" with a security group
Then(
  '{string} {may} share an app built by {string} with {audience}',
  function (this: RoleWorld, user: string, may: boolean, owner: string, audience: 'user' | 'security group' | 'organization') {
    const d = explainEnv(this.model.env.canShareApp(user, owner, audience));
    this.verdict(
      user,
      `to share an app built by ${owner} with ${audience === 'user' ? 'a single user' : audience === 'security group' ? 'a security group' : 'the whole organization'}`,
      may,
      d,
    );
  },
);

// glossary: Then "ana" is a member of the environment role "Environment Maker"
Then('{string} {is} a member of the environment role {string}', function (this: RoleWorld, user: string, is: boolean, role: string) {
  const held = this.model.env.matrixRoles(user);
  const how = held.get(role as MatrixRole);
  if (role !== 'Environment Maker' && role !== 'Environment Admin')
    throw new Error(`"${role}" is not an environment role; use Environment Maker or Environment Admin`);
  this.verdict(user, `to be a member of ${role}`, is, {
    allowed: how !== undefined,
    rules: role === 'Environment Maker' ? ['ENV-003', 'ENV-012'] : ['ENV-005'],
    via: how ? [how] : [],
    reason: how ? `${user} holds ${how}.` : `${user} does not hold ${role}; they hold ${[...held.values()].join(', ')}.`,
  });
});
