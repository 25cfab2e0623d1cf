// Steps of contract version 2: role assignments of another business unit's copy of a role (modernized business
// units), and hierarchy security (the manager and position models).
import { Given, Then } from '@cucumber/cucumber';
import type { RoleWorld } from './world.ts';

// glossary: Given "ana" holds the role "Unit Reader" from business unit "Finance"
Given('{string} holds the role {string} from business unit {string}', function (this: RoleWorld, user: string, role: string, unit: string) {
  this.describe((s) => {
    s.assignments!.push({ principal: user, principalType: 'user', role, businessUnit: unit });
  });
});

// glossary: Given the team "Finance Desk" holds the role "Unit Reader" from business unit "Sales"
Given(
  'the team {string} holds the role {string} from business unit {string}',
  function (this: RoleWorld, team: string, role: string, unit: string) {
    this.describe((s) => {
      s.assignments!.push({ principal: team, principalType: 'team', role, businessUnit: unit });
    });
  },
);

// glossary: Given hierarchy security with the manager model at depth 2
Given('hierarchy security with the {word} model at depth {int}', function (this: RoleWorld, model: string, depth: number) {
  this.describe((s) => {
    s.hierarchy = { ...s.hierarchy, model, depth };
  });
});

// glossary: Given managers need not be in the same or parent business unit as their reports
Given('managers need not be in the same or parent business unit as their reports', function (this: RoleWorld) {
  this.describe((s) => {
    s.hierarchy = { model: 'manager', ...s.hierarchy, managersInSameOrParentUnit: false };
  });
});

// glossary: Given "new_invoice" is excluded from hierarchy security
Given('{string} is excluded from hierarchy security', function (this: RoleWorld, table: string) {
  this.describe((s) => {
    s.hierarchy = { model: 'manager', ...s.hierarchy, excludedTables: [...(s.hierarchy?.excludedTables ?? []), table] };
  });
});

// glossary: Given "ben" reports to "ana"
Given('{string} reports to {string}', function (this: RoleWorld, user: string, manager: string) {
  this.describe((s) => {
    const u = s.users.find((x) => x.name === user);
    if (!u) throw new Error(`Describe the user "${user}" before saying whom they report to.`);
    u.manager = manager;
  });
});

// glossary: Given a position "Lead" under "Director"
Given('a position {string} under {string}', function (this: RoleWorld, name: string, parent: string) {
  this.describe((s) => {
    s.positions = [...(s.positions ?? []), { name, parent }];
  });
});

// glossary: Given a top position "Director"
Given('a top position {string}', function (this: RoleWorld, name: string) {
  this.describe((s) => {
    s.positions = [...(s.positions ?? []), { name, parent: null }];
  });
});

// glossary: Given "ana" holds the position "Director"
Given('{string} holds the position {string}', function (this: RoleWorld, user: string, position: string) {
  this.describe((s) => {
    const u = s.users.find((x) => x.name === user);
    if (!u) throw new Error(`Describe the user "${user}" before giving them a position.`);
    u.position = position;
  });
});

// glossary: Then the answer explains "is disabled"
Then('the answer explains {string}', function (this: RoleWorld, words: string) {
  const d = this.lastDecision;
  if (!d) throw new Error('Ask a question first (a "may" step), then say what its answer explains.');
  this.attachEvidence({
    type: 'decision',
    question: `the explanation of the last answer mentions "${words}"`,
    expected: 'allow',
    actual: d.reason.includes(words) ? 'allow' : 'deny',
    rules: d.rules,
    explanation: d.reason,
  });
  if (!d.reason.includes(words)) throw new Error(`Expected the answer to explain "${words}", but it says: ${d.reason}`);
});
