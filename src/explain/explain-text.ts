// `rolecheck explain`: one question, answered with every path that grants it, or what would be needed.
import type { Model, Query } from '../model/index.ts';
import type { Explanation } from './explain.ts';

export function explainText(model: Model, d: Explanation, q: Query): string {
  const lines: string[] = [];
  const subject = `${d.user} ${d.privilege} ${d.record ? `row ${d.record} of ${d.table}` : d.privilege === 'Create' ? `a new row of ${d.table}` : `rows of ${d.table}`}`;
  lines.push(`${d.allowed ? 'ALLOW' : 'DENY'}: ${subject}${d.depth ? ` (depth ${d.depth})` : ''}`);
  if (d.allowed) {
    lines.push(`${d.paths.length} path${d.paths.length === 1 ? '' : 's'} grant${d.paths.length === 1 ? 's' : ''} it:`);
    d.paths.forEach((p, i) => lines.push(`  ${i + 1}. ${p.sentence} [${p.rule}]`));
  } else {
    lines.push(d.reason);
    lines.push('It would be allowed by any of these:');
    for (const s of needed(model, q)) lines.push(`  - ${s}`);
  }
  lines.push(`Rules: ${d.rules.join(', ')}`);
  return lines.join('\n') + '\n';
}

const LEVELS = ['None', 'Basic (User)', 'Local (Business Unit)', 'Deep (Parent: Child Business Units)', 'Global (Organization)'];

/** What would make a denied question allowed, as sentences (from the model's name-level questions). */
export function needed(model: Model, q: Query): string[] {
  const out: string[] = [];
  const user = model.q.userFacts(q.user);
  const d = model.data.decide(q);
  const u = user.name;
  const p = d.privilege;
  const t = d.table;
  if (!user.enabled)
    out.push(
      `${u} enabled again: a disabled user can do nothing, whatever the roles (DV-015);${d.denial?.wouldAllow.length ? ' the roles would then allow it' : ' and then one of the following'}`,
    );
  if (!d.row) {
    if (p === 'Create') {
      out.push(`a role that grants Create on ${t} assigned to ${u} directly;`);
      out.push(
        `or such a role assigned to an owner or group team of ${u} with the inheritance "direct-and-team" (a "team privileges only" role lets members create rows owned by the team, not by themselves).`,
      );
    } else {
      out.push(
        `a role that grants ${p} on the organization-owned table ${t} at Global, assigned to ${u} or to an owner or group team ${u} belongs to.`,
      );
    }
    return out;
  }
  const row = d.row;
  const rowUnit = row.businessUnit;
  const ownsIt = row.ownerType === 'user' ? row.owner === u : user.teams.includes(row.owner);
  const below = model.q.unitsBelow(user.businessUnit).includes(rowUnit);
  const level = ownsIt ? 1 : rowUnit === user.businessUnit ? 2 : below ? 3 : 4;
  const why = ownsIt
    ? `the row is owned by ${row.ownerType === 'user' ? u : `team ${row.owner}, which ${u} belongs to`}`
    : rowUnit === user.businessUnit
      ? `the row is in ${u}'s business unit ${rowUnit}`
      : level === 3
        ? `the row's business unit ${rowUnit} is below ${u}'s business unit ${user.businessUnit}`
        : `the row's business unit ${rowUnit} is outside ${u}'s business unit ${user.businessUnit} and the units below it`;
  out.push(
    `a role assigned to ${u} (or to an owner or group team of ${u} with "direct-and-team" inheritance) that grants ${p} on ${t} at ${LEVELS[level]}${level < 4 ? ' or more' : ''}, because ${why};`,
  );
  out.push(
    `or a role granting ${p} on ${t} at Local or more assigned from business unit ${rowUnit}'s copy (to ${u} or to a team of ${u}), or at Deep from a unit above it;`,
  );
  const reach = model.q.reach(u, p, t).depth;
  out.push(
    `or a share of row ${d.record ?? ''} with ${u}, with one of ${u}'s teams or with the organization, with the right ${p}${reach !== 'None' ? ` (${u} already holds ${p} on ${t} at ${reach}, which a share needs)` : `, together with a role that grants ${p} on ${t} at any depth (a share alone is not enough)`}.`,
  );
  const hier = model.compiled.hierarchy;
  if (hier && row.ownerType === 'user' && ['Read', 'Write', 'Append', 'AppendTo'].includes(p) && !hier.excluded[model.q.table(t)]) {
    out.push(
      `or hierarchy security (${hier.model} model): being ${row.owner}'s ${hier.model === 'manager' ? 'manager' : 'superior by position'}${p === 'Read' ? ` within ${hier.depth} level${hier.depth === 1 ? '' : 's'}` : ' directly (level 1)'}${hier.model === 'manager' && hier.sameOrParentUnit ? ', in the same or the parent business unit,' : ''} with a role that grants ${p} on ${t} at any depth.`,
    );
  }
  return out;
}
