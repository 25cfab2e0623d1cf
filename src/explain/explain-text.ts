// `rolecheck explain`: one question, answered with every path that grants it, or what would be needed.
import { Depth, PRIVILEGES, type Decision, type Model } from '../model/index.ts';

export function explainText(model: Model, d: Decision, q: { user: string; privilege: string; table: string; record?: string }): string {
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

/** What would make a denied question allowed, as sentences. */
export function needed(model: Model, q: { user: string; privilege: string; table: string; record?: string }): string[] {
  const c = model.compiled; const data = model.data;
  const r = data.resolve(q);
  const u = c.users[r.user]!; const t = c.tables[r.table]!; const p = PRIVILEGES[r.privilege]!;
  const tp = r.table * 8 + r.privilege;
  const out: string[] = [];
  if (t.organizationOwned) {
    out.push(`a role that grants ${p} on the organization-owned table ${t.name} (at Global), assigned to ${u.name} or to an owner or group team ${u.name} belongs to.`);
    return out;
  }
  if (r.privilege === 0) {
    out.push(`a role that grants Create on ${t.name} assigned to ${u.name} directly;`);
    out.push(`or such a role assigned to an owner or group team of ${u.name} with the inheritance "direct-and-team" (team-only roles never let members create rows of their own).`);
    return out;
  }
  const rec = c.records[r.record]!;
  const userBu = u.businessUnit; const recBu = rec.businessUnit;
  const ownsIt = rec.owner === r.user || (rec.owner >= c.users.length && (() => { for (let i = c.userTeamStart[r.user]!; i < c.userTeamStart[r.user + 1]!; i++) if (c.userTeams[i] === rec.owner - c.users.length) return true; return false; })());
  const level = ownsIt ? Depth.Basic : recBu === userBu ? Depth.Local : c.buIn[recBu]! >= c.buIn[userBu]! && c.buIn[recBu]! < c.buOut[userBu]! ? Depth.Deep : Depth.Global;
  const names = ['None', 'Basic (User)', 'Local (Business Unit)', 'Deep (Parent: Child Business Units)', 'Global (Organization)'];
  const why = ownsIt ? `the row is owned by ${rec.owner === r.user ? u.name : `team ${c.teams[rec.owner - c.users.length]!.name}, which ${u.name} belongs to`}`
    : recBu === userBu ? `the row is in ${u.name}'s business unit ${c.buNames[userBu]}`
      : level === Depth.Deep ? `the row's business unit ${c.buNames[recBu]} is below ${u.name}'s business unit ${c.buNames[userBu]}`
        : `the row's business unit ${c.buNames[recBu]} is outside ${u.name}'s business unit ${c.buNames[userBu]} and the units below it`;
  out.push(`a role assigned to ${u.name} (or to an owner or group team of ${u.name} with "direct-and-team" inheritance) that grants ${p} on ${t.name} at ${names[level]}${level < Depth.Global ? ' or more' : ''}, because ${why};`);
  out.push(`or a team role granting ${p} on ${t.name} at Local or more held by a team whose business unit is ${c.buNames[recBu]}${recBu !== c.root ? ' (or Deep from a unit above it)' : ''}, with ${u.name} a member of that team;`);
  const reach = data.reach(r.user, tp);
  out.push(`or a share of row ${rec.id} with ${u.name}, with one of ${u.name}'s teams or with the organization, with the right ${p}${reach > 0 ? ` (${u.name} already holds ${p} on ${t.name} at some depth, which a share needs)` : `, together with a role that grants ${p} on ${t.name} at any depth (a share alone is not enough)`}.`);
  return out;
}
