// Then steps about the predefined security roles: which roles exist, what each grants on each class of table,
// to whom it can be assigned, and whether it may be changed. Table steps assert the complete expected set.
import { Then, type DataTable } from '@cucumber/cucumber';
import { predefinedRole, type PredefinedRole } from '../src/catalog/roles.ts';
import {
  ORG_SHARED_ROWS,
  DEPTH_LABELS,
  PRIVILEGES,
  buildModel,
  depthLabel,
  depthName,
  emptySpec,
  key,
  parseDepth,
  type Model,
} from '../src/model/index.ts';
import { findingEvidence, findings } from '../src/exports/findings.ts';
import { ignoredText } from '../src/explain/wording.ts';
import type { RoleWorld } from './world.ts';

const TABLE_CLASSES = ['custom table', 'core table', 'standard table'] as const;
/** The depth cell of a role that reads only rows shared with the organization. */
const PRINCIPALS = ['a user', 'an owner team', 'a group team', 'an access team', 'the Office Collaborators team'] as const;

function known(role: string): PredefinedRole {
  const r = predefinedRole(role);
  if (!r) throw new Error(`"${role}" is not a predefined role of the role table`);
  return r;
}

function rows(table: DataTable, what: string): Record<string, string>[] {
  const list = table.hashes();
  if (list.length === 0) throw new Error(`The table of ${what} is empty: it would check nothing. List every expected row.`);
  return list;
}

/** Names a complete expected set must contain exactly once each. */
function completeSet(listed: string[], expected: readonly string[], what: string): void {
  const missing = expected.filter((e) => !listed.some((l) => key(l) === key(e)));
  const extra = listed.filter((l) => !expected.some((e) => key(l) === key(e)));
  const twice = listed.filter((l, i) => listed.findIndex((x) => key(x) === key(l)) !== i);
  if (missing.length || extra.length || twice.length) {
    throw new Error(
      `The table of ${what} must list exactly ${expected.join(', ')}${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; unknown ${extra.join(', ')}` : ''}${twice.length ? `; listed twice ${twice.join(', ')}` : ''}.`,
    );
  }
}

type TableClass = (typeof TABLE_CLASSES)[number];

/** The names of the user-owned tables of each class, in the model's order. */
function tablesByClass(model: Model): Record<TableClass, string[]> {
  const out: Record<TableClass, string[]> = { 'custom table': [], 'core table': [], 'standard table': [] };
  for (const t of model.q.tables()) {
    if (!t.organizationOwned) out[t.custom ? 'custom table' : t.core ? 'core table' : 'standard table'].push(t.name);
  }
  return out;
}

/** The depth a role grants on every user-owned table of a class; "mixed (…)" when the tables disagree. */
function classDepth(model: Model, role: string, privilege: string, cls: TableClass, tables: readonly string[]): string {
  if (tables.length === 0)
    throw new Error(`The environment has no ${cls}: describe one (Given a custom table "new_invoice" owned by users).`);
  // Office Collaborator reads only rows shared with the whole organization, whatever the table (ROLE-012).
  if (privilege === 'Read' && model.q.roleFacts(role).orgSharedReadOnly) return ORG_SHARED_ROWS;
  // Tables the documentation names for this role (App Opener's Process) are stated by name, not by class.
  const named = new Set((predefinedRole(role)?.namedTableGrants ?? []).flatMap((g) => g.tables));
  const depths = new Map<string, string[]>();
  for (const t of tables) {
    if (named.has(t)) continue;
    const d = model.q.roleDepth(role, privilege, t);
    const same = depths.get(d);
    if (same) same.push(t);
    else depths.set(d, [t]);
  }
  if (depths.size === 1) return [...depths.keys()][0]!;
  return `mixed (${[...depths].map(([d, ts]) => `${d} on ${ts.join(', ')}`).join('; ')})`;
}

/** A depth written like the expected cell: admin-center labels (User … Organization) or names (Basic … Global). */
function sameWords(expected: string, actual: string): string {
  const d = actual === 'None' ? 0 : parseDepth(actual);
  if (d === undefined) return actual;
  return (DEPTH_LABELS as readonly string[]).some((l) => key(l) === key(expected)) ? depthLabel(d) : depthName(d);
}

// glossary: Then the environment offers exactly these security roles:
Then('the environment offers exactly these security roles:', function (this: RoleWorld, table: DataTable) {
  const listed = rows(table, 'security roles').map((r) => r['role'] ?? '');
  const actual = this.model.q.roles().map((r) => r.name);
  this.attachEvidence({
    type: 'decision',
    question: `The environment offers exactly: ${listed.join(', ')}`,
    expected: 'allow',
    actual: listed.length === actual.length && listed.every((l) => actual.some((a) => key(a) === key(l))) ? 'allow' : 'deny',
    rules: ['ENV-002'],
    explanation: `The model offers: ${actual.join(', ')}.`,
  });
  completeSet(listed, actual, `security roles offered by this environment (the model offers ${actual.join(', ')})`);
});

// glossary: Then the role "System Customizer" holds these table privileges:
Then('the role {string} holds these table privileges:', function (this: RoleWorld, role: string, table: DataTable) {
  const def = known(role);
  const expected = rows(table, `${role}'s table privileges`);
  const header = Object.keys(expected[0]!);
  completeSet(header, ['table', ...PRIVILEGES], `${role}'s table privileges (columns)`);
  completeSet(
    expected.map((r) => r['table'] ?? ''),
    TABLE_CLASSES,
    `${role}'s table privileges (rows)`,
  );
  const wrong: string[] = [];
  // Sorted into classes once per table step rather than once per cell (24 cells per step).
  const byClass = tablesByClass(this.model);
  for (const row of expected) {
    const cls = TABLE_CLASSES.find((c) => c === key(row['table'] ?? ''))!;
    for (const p of PRIVILEGES) {
      const want = row[p]!;
      const actual = sameWords(want, classDepth(this.model, def.name, p, cls, byClass[cls]));
      this.attachEvidence({
        type: 'privilege-cell',
        role: def.name,
        table: cls,
        privilege: p,
        expected: want,
        actual,
        rules: [def.ruleId, 'ROLE-016'],
      });
      if (key(actual) !== key(want)) wrong.push(`${p} on ${cls} rows at ${want}, but the model gives ${actual}`);
    }
  }
  if (wrong.length) throw new Error(`Expected ${def.name} to hold ${wrong.join('; ')}.`);
});

// glossary: Then the role "App Opener" holds Read on the table "workflow" at "Organization" depth
Then(
  'the role {string} holds {word} on the table {string} at {string} depth',
  function (this: RoleWorld, role: string, privilege: string, table: string, depth: string) {
    const def = known(role);
    const actual = sameWords(depth, this.model.q.roleDepth(def.name, privilege, table));
    this.attachEvidence({ type: 'privilege-cell', role: def.name, table, privilege, expected: depth, actual, rules: [def.ruleId] });
    if (key(actual) !== key(depth))
      throw new Error(`Expected ${def.name} to hold ${privilege} on ${table} at ${depth}, but the model gives ${actual}.`);
  },
);

// glossary: Then the role "Delegate" holds exactly these other privileges:
Then('the role {string} holds exactly these other privileges:', function (this: RoleWorld, role: string, table: DataTable) {
  const listed = rows(table, `${role}'s other privileges`).map((r) => r['privilege'] ?? '');
  const info = this.model.q.roleFacts(role);
  const actual = info.misc;
  for (const l of listed) {
    const has = actual.some((a) => key(a) === key(l));
    this.attachEvidence({
      type: 'decision',
      question: `${info.name} holds ${l}`,
      expected: 'allow',
      actual: has ? 'allow' : 'deny',
      rules: [info.predefined?.ruleId ?? 'DV-013'],
      explanation: `${info.name} holds: ${actual.join(', ') || 'nothing besides table privileges'}.`,
    });
  }
  completeSet(listed, actual, `${info.name}'s other privileges (the model gives ${actual.join(', ') || 'none'})`);
});

// glossary: Then the role "Basic User" holds no other privileges
Then('the role {string} holds no other privileges', function (this: RoleWorld, role: string) {
  const info = this.model.q.roleFacts(role);
  const actual = info.misc;
  this.attachEvidence({
    type: 'decision',
    question: `${info.name} holds no privileges besides table privileges`,
    expected: 'deny',
    actual: actual.length ? 'allow' : 'deny',
    rules: [info.predefined?.ruleId ?? 'DV-013'],
    explanation: actual.length ? `${info.name} holds ${actual.join(', ')}.` : `${info.name} holds no other privilege.`,
  });
  if (actual.length) throw new Error(`Expected ${info.name} to hold no other privileges, but it holds ${actual.join(', ')}.`);
});

// glossary: Then assigning the role "Service Reader" takes effect for:
Then('assigning the role {string} takes effect for:', function (this: RoleWorld, role: string, table: DataTable) {
  const def = known(role);
  const expected = rows(table, `principals ${role} can be assigned to`);
  completeSet(
    expected.map((r) => r['principal'] ?? ''),
    PRINCIPALS,
    `principals ${def.name} can be assigned to`,
  );
  // A separate small environment with one principal of each kind, each assigned the role.
  const spec = emptySpec('Assignment check');
  const names: Record<(typeof PRINCIPALS)[number], { name: string; type: 'user' | 'team' }> = {
    'a user': { name: 'a user', type: 'user' },
    'an owner team': { name: 'an owner team', type: 'team' },
    'a group team': { name: 'a group team', type: 'team' },
    'an access team': { name: 'an access team', type: 'team' },
    'the Office Collaborators team': { name: 'Office Collaborators', type: 'team' },
  };
  spec.users.push({ name: 'a user', businessUnit: 'Root' });
  spec.teams!.push(
    { name: 'an owner team', businessUnit: 'Root', type: 'owner' },
    { name: 'a group team', businessUnit: 'Root', type: 'group' },
    { name: 'an access team', businessUnit: 'Root', type: 'access' },
    { name: 'Office Collaborators', businessUnit: 'Root', type: 'owner' },
  );
  for (const p of Object.values(names)) spec.assignments!.push({ principal: p.name, principalType: p.type, role: def.name });
  const probe = buildModel(spec);
  const wrong: string[] = [];
  for (const row of expected) {
    const label = PRINCIPALS.find((p) => key(p) === key(row['principal'] ?? ''))!;
    const want = key(row['takes effect'] ?? '');
    if (want !== 'yes' && want !== 'no') throw new Error(`"takes effect" must be yes or no, not "${row['takes effect']}"`);
    const p = names[label];
    const ignored = probe.q.ignored().find((g) => key(g.principal) === key(p.name) && g.principalType === p.type);
    const actual = ignored ? 'no' : 'yes';
    this.attachEvidence({
      type: 'decision',
      question: `Assigning ${def.name} to ${label} takes effect`,
      expected: want === 'yes' ? 'allow' : 'deny',
      actual: ignored ? 'deny' : 'allow',
      rules: [def.ruleId, ...(label === 'an access team' ? ['DV-007'] : [])],
      explanation: ignored
        ? `The assignment is ignored: ${ignoredText(ignored.reason)}.`
        : `The assignment to ${label} is kept and grants the role's privileges.`,
    });
    if (actual !== want)
      wrong.push(
        `${label}: expected ${want === 'yes' ? 'to take effect' : 'to be ignored'}, but it ${ignored ? `is ignored (${ignoredText(ignored.reason)})` : 'takes effect'}`,
      );
  }
  if (wrong.length) throw new Error(`Assigning ${def.name}: ${wrong.join('; ')}.`);
});

// glossary: Then the role "App Opener" is protected from changes
Then('the role {string} {is} protected from changes', function (this: RoleWorld, role: string, is: boolean) {
  const def = known(role);
  this.verdict(`the role ${def.name}`, 'to stay unchanged (protected or managed)', is, {
    allowed: !def.editable,
    rules: [def.ruleId, 'DV-014'],
    via: [],
    reason: def.editable
      ? `${def.name} may be edited in the environment.`
      : `${def.name} is a predefined role that cannot be edited: ${def.summary}`,
  });
});

// glossary: Then the role "App Opener" is changed from its documented definition
Then('the role {string} {is} changed from its documented definition', function (this: RoleWorld, role: string, is: boolean) {
  const info = this.model.q.roleFacts(role);
  if (!info.predefined) throw new Error(`"${role}" is not a predefined role of this environment`);
  const changed = info.fromExport;
  this.verdict(`the role ${info.name}`, 'to differ from its documented definition', is, {
    allowed: changed,
    rules: ['DV-014', info.predefined.ruleId],
    via: [],
    reason: changed
      ? `The environment defines ${info.name}'s privileges itself, although the role cannot be edited.`
      : `${info.name} follows its documented definition.`,
  });
});

// glossary: Then the assignment of "System Administrator" to "old" is flagged under rule "DV-010"
Then(
  'the assignment of {string} to {string} {is} flagged under rule {string}',
  function (this: RoleWorld, role: string, principal: string, is: boolean, rule: string) {
    const flagged = findings({ spec: this.spec, model: this.model }).filter(
      (f) => f.rule === rule && key(f.role ?? '') === key(role) && key(f.principal ?? '').endsWith(key(principal)),
    );
    for (const f of flagged) this.attachEvidence(findingEvidence(f));
    this.verdict(`the assignment of ${role} to ${principal}`, `to be flagged under ${rule}`, is, {
      allowed: flagged.length > 0,
      rules: [rule],
      via: [],
      reason: flagged.length ? flagged.map((f) => f.message).join(' ') : `No finding of rule ${rule} names ${role} on ${principal}.`,
    });
  },
);
