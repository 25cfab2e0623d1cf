// Given steps that describe the environment: its type, business units, users, teams, tables, roles, rows and
// shares. Each one only adds facts to the EnvironmentSpec of the World; the model checks them when it is built.
import { Given, Then } from '@cucumber/cucumber';
import { MAKER_AI_PROFILE, PRIVILEGES, SpecError, buildModel, depthName, emptySpec, formatProblem } from '../src/model/index.ts';
import type { RoleWorld } from './world.ts';

const list = (text: string): string[] =>
  text
    .split(/\s*,\s*|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

// Must come first: an environment without a database has no business units, tables or security roles.
// glossary: Given an environment without a Dataverse database
Given('an environment without a Dataverse database', function (this: RoleWorld) {
  const s = this.spec;
  if (s.users.length || s.tables!.length || s.roles!.length || s.teams!.length || s.businessUnits.length > 1) {
    throw new Error('Say that the environment has no Dataverse database before describing its users, tables, roles or teams.');
  }
  this.describe((spec) => Object.assign(spec, emptySpec(spec.name, false)));
});

// The default of every scenario; says so explicitly for the reader.
// glossary: Given an environment with a Dataverse database
Given('an environment with a Dataverse database', function (this: RoleWorld) {
  if (!this.spec.dataverse) throw new Error('This scenario already said the environment has no Dataverse database.');
});

// glossary: Given the environment is of type "Teams"
Given('the environment is of type {string}', function (this: RoleWorld, type: string) {
  this.describe((s) => {
    s.type = type;
  });
});

// glossary: Given a business unit "Sales" under "Root"
Given('a business unit {string} under {string}', function (this: RoleWorld, name: string, parent: string) {
  this.describe((s) => {
    s.businessUnits.push({ name, parent });
  });
});

// glossary: Given a user "ana"
Given('a user {string}', function (this: RoleWorld, user: string) {
  this.describe((s) => {
    s.users.push({ name: user, businessUnit: this.rootUnit });
  });
});

// glossary: Given a user "ana" in business unit "Sales"
Given('a user {string} in business unit {string}', function (this: RoleWorld, user: string, unit: string) {
  this.describe((s) => {
    s.users.push({ name: user, businessUnit: unit });
  });
});

// glossary: Given a user "eva" with the role "Environment Admin"
Given('a user {string} with the role {string}', function (this: RoleWorld, user: string, role: string) {
  this.describe((s) => {
    s.users.push({ name: user, businessUnit: this.rootUnit });
    s.assignments!.push({ principal: user, principalType: 'user', role });
  });
});

// glossary: Given a user "ana" in business unit "Sales" with the role "Basic User"
Given(
  'a user {string} in business unit {string} with the role {string}',
  function (this: RoleWorld, user: string, unit: string, role: string) {
    this.describe((s) => {
      s.users.push({ name: user, businessUnit: unit });
      s.assignments!.push({ principal: user, principalType: 'user', role });
    });
  },
);

// glossary: Given a disabled user "old" with the role "System Administrator"
Given('a disabled user {string} with the role {string}', function (this: RoleWorld, user: string, role: string) {
  this.describe((s) => {
    s.users.push({ name: user, businessUnit: this.rootUnit, enabled: false });
    s.assignments!.push({ principal: user, principalType: 'user', role });
  });
});

// glossary: Given "ana" also holds the role "Delegate"
Given('{string} also holds the role {string}', function (this: RoleWorld, user: string, role: string) {
  this.describe((s) => {
    s.assignments!.push({ principal: user, principalType: 'user', role });
  });
});

// glossary: Given an owner team "Collectors" in business unit "Sales"
Given('a(n) {word} team {string} in business unit {string}', function (this: RoleWorld, type: string, team: string, unit: string) {
  this.describe((s) => {
    s.teams!.push({ name: team, businessUnit: unit, type });
  });
});

// glossary: Given the team "Collectors" holds the role "Invoice Clerk"
Given('the team {string} holds the role {string}', function (this: RoleWorld, team: string, role: string) {
  this.describe((s) => {
    s.assignments!.push({ principal: team, principalType: 'team', role });
  });
});

// glossary: Given "ana" is a member of the team "Collectors"
Given('{string} is a member of the team {string}', function (this: RoleWorld, user: string, team: string) {
  this.describe((s) => {
    s.teamMembers!.push({ team, user });
  });
});

// glossary: Given a custom table "new_invoice" owned by users
Given('a custom table {string} owned by users', function (this: RoleWorld, table: string) {
  this.describe((s) => {
    s.tables!.push({ name: table, ownership: 'user', custom: true });
  });
});

// glossary: Given a custom table "new_taxrate" owned by the organization
Given('a custom table {string} owned by the organization', function (this: RoleWorld, table: string) {
  this.describe((s) => {
    s.tables!.push({ name: table, ownership: 'organization', custom: true });
  });
});

function customRole(world: RoleWorld, role: string): NonNullable<ReturnType<typeof emptySpec>['roles']>[number] {
  let r = world.spec.roles!.find((x) => x.name === role);
  if (!r) {
    r = { name: role };
    world.spec.roles!.push(r);
  }
  return r;
}

// glossary: Given a custom role "Sales Manager" with Read on "new_invoice" at "Deep" depth
Given(
  'a custom role {string} with {word} on {string} at {string} depth',
  function (this: RoleWorld, role: string, privilege: string, table: string, depth: string) {
    this.describe((s) => {
      customRole(this, role);
      s.rolePrivileges!.push({ role, privilege: `prv${privilege}${table}`, depth });
    });
  },
);

// glossary: Given a custom role "Invoice Clerk" with team privileges only
Given('a custom role {string} with team privileges only', function (this: RoleWorld, role: string) {
  this.describe(() => {
    customRole(this, role).inheritance = 'team-only';
  });
});

// glossary: Given a custom role "Table Designer" with the privilege "prvCreateEntity"
Given('a custom role {string} with the privilege {string}', function (this: RoleWorld, role: string, privilege: string) {
  this.describe((s) => {
    customRole(this, role);
    s.rolePrivileges!.push({ role, privilege, depth: 'Global' });
  });
});

// glossary: Given a custom role "AI Maker" with the AI Builder table access of Environment Maker
Given('a custom role {string} with the AI Builder table access of Environment Maker', function (this: RoleWorld, role: string) {
  this.describe((s) => {
    customRole(this, role);
    for (const g of MAKER_AI_PROFILE)
      s.rolePrivileges!.push({ role, privilege: `prv${PRIVILEGES[g.privilege]}${g.table}`, depth: depthName(g.depth) });
  });
});

// glossary: Given the environment's own definition of "App Opener" grants Read on "new_invoice" at "Global" depth
Given(
  "the environment's own definition of {string} grants {word} on {string} at {string} depth",
  function (this: RoleWorld, role: string, privilege: string, table: string, depth: string) {
    this.describe((s) => {
      s.rolePrivileges!.push({ role, privilege: `prv${privilege}${table}`, depth });
    });
  },
);

// glossary: Given a row "i1" of "new_invoice" owned by "ana"
Given('a row {string} of {string} owned by {string}', function (this: RoleWorld, id: string, table: string, owner: string) {
  this.describe((s) => {
    s.records!.push({ id, table, owner, ownerType: 'user' });
  });
});

// glossary: Given a row "i2" of "new_invoice" owned by the team "Collectors"
Given('a row {string} of {string} owned by the team {string}', function (this: RoleWorld, id: string, table: string, team: string) {
  this.describe((s) => {
    s.records!.push({ id, table, owner: team, ownerType: 'team' });
  });
});

// glossary: Given the row "i1" is shared with "ben" for "Read, Write"
Given('the row {string} is shared with {string} for {string}', function (this: RoleWorld, id: string, user: string, rights: string) {
  this.describe((s) => {
    s.shares!.push({ record: id, principal: user, principalType: 'user', rights: list(rights) });
  });
});

// glossary: Given the row "i1" is shared with the team "Auditors" for "Read"
Given(
  'the row {string} is shared with the team {string} for {string}',
  function (this: RoleWorld, id: string, team: string, rights: string) {
    this.describe((s) => {
      s.shares!.push({ record: id, principal: team, principalType: 'team', rights: list(rights) });
    });
  },
);

// glossary: Given the row "i1" is shared with the organization for "Read"
Given('the row {string} is shared with the organization for {string}', function (this: RoleWorld, id: string, rights: string) {
  this.describe((s) => {
    s.shares!.push({ record: id, principalType: 'organization', rights: list(rights) });
  });
});

// glossary: Then the environment is rejected because "is its own ancestor"
Then('the environment is rejected because {string}', function (this: RoleWorld, because: string) {
  let problems: string[] = [];
  try {
    buildModel(this.spec);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    problems = e.problems.map(formatProblem);
  }
  const found = problems.find((p) => p.toLowerCase().includes(because.toLowerCase()));
  this.attachEvidence({
    type: 'decision',
    question: `The environment description is accepted (expected a rejection because "${because}")`,
    expected: 'deny',
    actual: found ? 'deny' : 'allow',
    rules: this.ruleTags,
    explanation: problems.length ? problems.join('\n') : 'The model accepted the environment.',
  });
  if (!found)
    throw new Error(
      `Expected the environment to be rejected because "${because}", but ${problems.length ? `the problems were: ${problems.join('; ')}` : 'the model accepted it'}.`,
    );
});
