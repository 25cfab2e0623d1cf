// Steps for reviewers: each pins a whole expected set (SpiceDB's "expected relations", OpenFGA's list_users tests),
// so that a policy states the approved state in words a reviewer signs, and fails on any difference with what is
// missing and what is extra, each extra one with the path that gives it. They read the scenario's environment (the
// audited export after "Given the environment export", or one the scenario describes). A table with only its
// header row means "nobody". Every user compared attaches a decision (expected / actual), and every difference a
// finding of the scenario's rule tag, so that a waiver can name it by principal.
import { Then, type DataTable } from '@cucumber/cucumber';
import { DEPTH_NAMES, depthName, key, parseDepth, PRIVILEGES } from '../src/model/index.ts';
import { isSeverity, ruleIdsOfTags, severityOfTags } from '../src/vocabulary/index.ts';
import { knownName, type RoleWorld } from './world.ts';

const known = <T>(what: () => T, kind: string): T => knownName(what, kind, 'step');

/** The rows of a table with a `user` column (and the optional columns given); header only: nobody. */
function listed(table: DataTable, optional: readonly string[]): Array<Record<string, string>> {
  const rows = table.raw();
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => h !== 'user' && !optional.includes(h));
  if (!header.includes('user') || unknown.length)
    throw new Error(
      `The table needs a "user" column${optional.length ? ` (and may have ${optional.map((o) => `"${o}"`).join(', ')})` : ''}${unknown.length ? `; unknown column ${unknown.map((u) => `"${u}"`).join(', ')}` : ''}.`,
    );
  const out = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, (r[i] ?? '').trim()])));
  const twice = out.filter((r, i) => out.findIndex((x) => key(x['user']!) === key(r['user']!)) !== i).map((r) => r['user']);
  if (twice.length) throw new Error(`The table lists ${twice.join(', ')} twice.`);
  return out;
}

function violation(world: RoleWorld, message: string, principal: string): void {
  const rule = ruleIdsOfTags(world.tags)[0] ?? 'POLICY';
  const tagged = severityOfTags(world.tags);
  world.attachEvidence({
    type: 'finding',
    id: `${rule}:${principal}`,
    rule,
    severity: tagged && isSeverity(tagged) ? tagged : 'high',
    principal,
    message,
  });
}

/** Fails with the differences only: a reviewer needs no stack trace. */
function fail(title: string, parts: Array<[string, string[]]>): never {
  const body = parts
    .filter(([, xs]) => xs.length)
    .map(([head, xs]) => `  ${head}:\n${xs.map((x) => `    - ${x}`).join('\n')}`)
    .join('\n');
  const e = new Error(`${title}\n${body}`);
  e.stack = e.message;
  throw e;
}

// glossary: Then exactly these users can "Delete" rows of "new_invoice":
Then(
  'exactly these users can {string} rows of {string}:',
  function (this: RoleWorld, privilege: string, table: string, expected: DataTable) {
    const q = this.model.q;
    const c = this.model.compiled;
    const p = PRIVILEGES[known(() => q.privilege(privilege), 'privilege')]!;
    const t = c.tables[known(() => q.table(table), 'table')]!.name;
    const rows = listed(expected, ['depth']);
    const want = new Map(
      rows.map((r) => {
        const user = known(() => c.users[q.user(r['user']!)]!.name, 'user');
        const d = r['depth'] ? parseDepth(r['depth']) : undefined;
        if (r['depth'] && d === undefined)
          throw new Error(
            `"${r['depth']}" is not a depth; expected one of ${DEPTH_NAMES.slice(1).join(', ')} (or User, Business Unit, Parent: Child Business Units, Organization)`,
          );
        return [key(user), { user, depth: d === undefined ? undefined : depthName(d) }] as const;
      }),
    );
    // A disabled user can do nothing (DV-015): only enabled users can.
    const actual = new Map<string, { user: string; depth: string; via: string }>();
    for (const u of q.users()) {
      if (!u.enabled) continue;
      const r = q.reach(u.name, p, t);
      if (r.depth !== 'None')
        actual.set(key(u.name), {
          user: u.name,
          depth: r.depth,
          via: r.via.map((h) => (h.team ? `${h.role} (team ${h.team})` : h.role)).join(', '),
        });
    }
    const missing: string[] = [];
    const extra: string[] = [];
    const depth: string[] = [];
    for (const [k, w] of want) {
      const a = actual.get(k);
      this.attachEvidence({
        type: 'decision',
        question: `${w.user} can ${p} rows of ${t}${w.depth ? ` at ${w.depth} depth` : ''}`,
        expected: 'allow',
        actual: a && (!w.depth || a.depth === w.depth) ? 'allow' : 'deny',
        rules: this.ruleTags,
        explanation: a ? `${w.user} reaches ${a.depth} through ${a.via}` : `${w.user} holds no role that grants ${p} on ${t}`,
      });
      if (!a) {
        missing.push(w.user);
        violation(this, `${w.user} is listed as able to ${p} rows of ${t}, but cannot.`, w.user);
      } else if (w.depth && a.depth !== w.depth) {
        depth.push(`${w.user}: ${a.depth} through ${a.via}, listed ${w.depth}`);
        violation(this, `${w.user} can ${p} rows of ${t} at ${a.depth} depth, listed at ${w.depth}.`, w.user);
      }
    }
    for (const [k, a] of actual) {
      if (want.has(k)) continue;
      this.attachEvidence({
        type: 'decision',
        question: `${a.user} can ${p} rows of ${t}`,
        expected: 'deny',
        actual: 'allow',
        rules: this.ruleTags,
        explanation: `${a.user} reaches ${a.depth} through ${a.via}`,
      });
      extra.push(`${a.user}: ${a.depth} through ${a.via}`);
      violation(this, `${a.user} can ${p} rows of ${t} at ${a.depth} depth through ${a.via}, and is not listed.`, a.user);
    }
    this.assertions++;
    if (missing.length || extra.length || depth.length)
      fail(`Not exactly the listed users can ${p} rows of ${t}:`, [
        ['missing (listed, but cannot)', missing],
        ['extra (can, but not listed)', extra],
        ['other depth', depth],
      ]);
  },
);

// glossary: Then exactly these users hold "System Administrator":
Then('exactly these users hold {string}:', function (this: RoleWorld, role: string, expected: DataTable) {
  const q = this.model.q;
  const c = this.model.compiled;
  const name = c.roles[known(() => q.role(role), 'role')]!.name;
  const want = new Map(
    listed(expected, []).map((r) => {
      const user = known(() => c.users[q.user(r['user']!)]!.name, 'user');
      return [key(user), user] as const;
    }),
  );
  // Every holder, disabled ones too: a disabled holder still holds the role (and is a finding of DV-010).
  const actual = new Map<string, { user: string; how: string[]; enabled: boolean }>();
  for (const h of q.holders(name)) {
    let e = actual.get(key(h.user));
    if (!e) actual.set(key(h.user), (e = { user: h.user, how: [], enabled: h.enabled }));
    e.how.push(h.team ? `through team ${h.team}` : 'assigned directly');
  }
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [k, user] of want) {
    const a = actual.get(k);
    this.attachEvidence({
      type: 'decision',
      question: `${user} holds ${name}`,
      expected: 'allow',
      actual: a ? 'allow' : 'deny',
      rules: this.ruleTags,
      explanation: a ? `${user} holds ${name} ${a.how.join(' and ')}` : `${user} does not hold ${name}`,
    });
    if (!a) {
      missing.push(user);
      violation(this, `${user} is listed as holding ${name}, but does not.`, user);
    }
  }
  for (const [k, a] of actual) {
    if (want.has(k)) continue;
    const how = `${a.how.join(', ')}${a.enabled ? '' : ' (disabled user)'}`;
    this.attachEvidence({
      type: 'decision',
      question: `${a.user} holds ${name}`,
      expected: 'deny',
      actual: 'allow',
      rules: this.ruleTags,
      explanation: `${a.user} holds ${name} ${how}`,
    });
    extra.push(`${a.user}: ${how}`);
    violation(this, `${a.user} holds ${name} (${how}), and is not listed.`, a.user);
  }
  this.assertions++;
  if (missing.length || extra.length)
    fail(`Not exactly the listed users hold ${name}:`, [
      ['missing (listed, but do not hold it)', missing],
      ['extra (hold it, but not listed)', extra],
    ]);
});

// glossary: Then exactly these users are members of the team "AP Team":
Then('exactly these users are members of the team {string}:', function (this: RoleWorld, team: string, expected: DataTable) {
  const q = this.model.q;
  const c = this.model.compiled;
  const name = c.teams[known(() => q.team(team), 'team')]!.name;
  const want = new Map(
    listed(expected, []).map((r) => {
      const user = known(() => c.users[q.user(r['user']!)]!.name, 'user');
      return [key(user), user] as const;
    }),
  );
  const actual = new Map(q.membersOf(name).map((u) => [key(u), u] as const));
  const missing = [...want].filter(([k]) => !actual.has(k)).map(([, u]) => u);
  const extra = [...actual].filter(([k]) => !want.has(k)).map(([, u]) => u);
  for (const [k, u] of new Map([...want, ...actual]))
    this.attachEvidence({
      type: 'decision',
      question: `${u} is a member of team ${name}`,
      expected: want.has(k) ? 'allow' : 'deny',
      actual: actual.has(k) ? 'allow' : 'deny',
      rules: this.ruleTags,
      explanation: actual.has(k) ? `${u} is a member of ${name}` : `${u} is not a member of ${name}`,
    });
  for (const u of missing) violation(this, `${u} is listed as a member of team ${name}, but is not.`, u);
  for (const u of extra) violation(this, `${u} is a member of team ${name}, and is not listed.`, u);
  this.assertions++;
  if (missing.length || extra.length)
    fail(`Not exactly the listed users are members of team ${name}:`, [
      ['missing (listed, but not members)', missing],
      ['extra (members, but not listed)', extra],
    ]);
});
