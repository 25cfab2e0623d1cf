// Then steps about rows of Dataverse tables: may a user read, change, create… a row, directly or acting for
// someone else (Delegate). Each attaches the model's Decision with its explanation.
import { Then } from '@cucumber/cucumber';
import { explain, explainActFor } from '../src/explain/explain.ts';
import type { RoleWorld } from './world.ts';

// glossary: Then "ana" may not Read the row "i1" of "new_invoice"
Then(
  '{string} {may} {word} the row {string} of {string}',
  function (this: RoleWorld, user: string, may: boolean, privilege: string, record: string, table: string) {
    const d = explain(this.model, { user, privilege, table, record });
    this.verdict(user, `${privilege} on row ${record} of ${table}`, may, d, { decision: d });
  },
);

// glossary: Then "ana" may Create rows of "new_invoice"
Then('{string} {may} {word} rows of {string}', function (this: RoleWorld, user: string, may: boolean, privilege: string, table: string) {
  const d = explain(this.model, { user, privilege, table });
  this.verdict(user, `${privilege} on rows of ${table}`, may, d, { decision: d });
});

// glossary: Then "dan" acting for "ana" may not Write the row "i1" of "new_invoice"
Then(
  '{string} acting for {string} {may} {word} the row {string} of {string}',
  function (this: RoleWorld, caller: string, target: string, may: boolean, privilege: string, record: string, table: string) {
    const d = explainActFor(this.model, caller, target, { privilege, table, record });
    this.verdict(caller, `${privilege} on row ${record} of ${table} acting for ${target}`, may, d, { decision: d });
  },
);

// glossary: Then "eva" may not use data in the database
Then('{string} {may} use data in the database', function (this: RoleWorld, user: string, may: boolean) {
  const allowed = this.model.env.hasDataAccess(user);
  const roles = this.model.q.rolesOf(user).map((r) => (r.team ? `${r.role} (team ${r.team})` : r.role));
  const reason = allowed
    ? `Allowed: a security role of ${user} (${roles.join(', ')}) grants a privilege on at least one table.`
    : `Denied: no security role of ${user}${roles.length ? ` (${roles.join(', ')})` : ''} grants any privilege on any table; environment roles give no data access.`;
  this.verdict(user, 'to use data in the database', may, { allowed, reason, rules: ['ENV-011'], via: allowed ? roles : [] });
});
