// Names that are one name by the rule of src/vocabulary/names.ts (docs/names.md) but are written differently in
// the export: NFC against NFD, a zero-width character, ß against ss… They resolve to one user, team or role, which
// is right, but two spellings that print alike are how a look-alike account hides: each is named in a warning.
// Readers of other formats (solutions, Web API bundles) call it on their spec too.
import { collisions, echo, key, type EnvironmentSpec, type Origin, type Problem } from '../model/index.ts';

interface Use {
  name: string;
  origin?: Origin;
  field: string;
}
const NON_ASCII = /[^\x00-\x7f]/;

/** One warning per spelling that differs from the first spelling of the same name, at its first use. */
export function nameCollisionWarnings(spec: EnvironmentSpec): Problem[] {
  // Spellings that differ by more than case always include a non-ASCII one: an export without any (nearly every
  // export) is done after one cheap pass; otherwise the kinds that have one are looked at closely.
  const wide = new Set<string>();
  walk(spec, (kind, name) => {
    if (NON_ASCII.test(name)) wide.add(kind);
  });
  if (wide.size === 0) return [];
  const kinds = new Map<string, Use[]>([...wide].map((k) => [k, []]));
  walk(spec, (kind, name, origin, field) => {
    kinds.get(kind)?.push({ name, ...(origin ? { origin } : {}), field });
  });

  const warnings: Problem[] = [];
  for (const [kind, all] of kinds) {
    const wideKeys = new Set(all.filter((u) => NON_ASCII.test(u.name)).map((u) => key(u.name)));
    const uses = all.filter((u) => NON_ASCII.test(u.name) || wideKeys.has(key(u.name)));
    for (const group of collisions(uses.map((u) => u.name))) {
      const [first, ...others] = group;
      const firstUse = uses.find((u) => u.name.trim() === first)!;
      const at = firstUse.origin ? ` (${firstUse.origin.file}${firstUse.origin.line > 0 ? `:${firstUse.origin.line}` : ''})` : '';
      for (const other of others) {
        const u = uses.find((x) => x.name.trim() === other)!;
        warnings.push({
          code: 'look-alike-name',
          field: u.field,
          value: other,
          ...(u.origin ? { origin: u.origin } : {}),
          message: `${kind} "${echo(other)}" is the same name as "${echo(first!)}"${at} but written differently (Unicode normalisation, case folding or an invisible character; docs/names.md); both mean one ${kind}`,
        });
      }
    }
  }
  return warnings;
}

/** Calls `visit` with every name of the spec: its kind, the name as written, where, and its column. */
function walk(spec: EnvironmentSpec, visit: (kind: string, name: string, origin: Origin | undefined, field: string) => void): void {
  const use = (kind: string, name: string | null | undefined, origin: Origin | undefined, field: string) => {
    if (name && name.trim()) visit(kind, name, origin, field);
  };
  const principal = (type: string | undefined) => (key(type ?? '') === 'team' ? 'team' : 'user');
  for (const b of spec.businessUnits) {
    use('business unit', b.name, b.origin, 'name');
    use('business unit', b.parent, b.origin, 'parent');
  }
  for (const u of spec.users) {
    use('user', u.name, u.origin, 'user');
    use('business unit', u.businessUnit, u.origin, 'business_unit');
    use('user', u.manager, u.origin, 'manager');
  }
  for (const t of spec.teams ?? []) {
    use('team', t.name, t.origin, 'name');
    use('business unit', t.businessUnit, t.origin, 'business_unit');
  }
  for (const m of spec.teamMembers ?? []) {
    use('team', m.team, m.origin, 'team');
    use('user', m.user, m.origin, 'user');
  }
  for (const r of spec.roles ?? []) {
    use('role', r.name, r.origin, 'name');
    use('business unit', r.businessUnit, r.origin, 'business_unit');
  }
  for (const rp of spec.rolePrivileges ?? []) use('role', rp.role, rp.origin, 'role');
  for (const t of spec.tables ?? []) use('table', t.name, t.origin, 'name');
  for (const a of spec.assignments ?? []) {
    use(principal(a.principalType), a.principal, a.origin, 'principal');
    use('role', a.role, a.origin, 'role');
    use('business unit', a.businessUnit, a.origin, 'business_unit');
  }
  for (const r of spec.records ?? []) {
    use('record', r.id, r.origin, 'id');
    use('table', r.table, r.origin, 'table');
    use(principal(r.ownerType), r.owner, r.origin, 'owner');
    use('business unit', r.businessUnit, r.origin, 'business_unit');
  }
  for (const s of spec.shares ?? []) {
    use('record', s.record, s.origin, 'record');
    use(principal(s.principalType), s.principal, s.origin, 'principal');
  }
}
