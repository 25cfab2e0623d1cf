// Writes the generated solution of the solution section (bench/solution.ts): ROLES role files of PRIVILEGES
// privilege rows each, over PRIVILEGES / 8 tables (one Entity.xml each, one in five organization-owned).
//   node --import tsx bench/solution-data.ts DIR ROLES PRIVILEGES
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const VERBS = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'];
const LEVELS = ['Basic', 'Local', 'Deep', 'Global'];

export function generate(dir: string, roles: number, privileges: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'Roles'), { recursive: true });
  const tables = Math.ceil(privileges / VERBS.length);
  for (let t = 0; t < tables; t++) {
    const name = `bench_Table${t}`;
    mkdirSync(join(dir, 'Entities', name), { recursive: true });
    writeFileSync(
      join(dir, 'Entities', name, 'Entity.xml'),
      `\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<Entity>\r\n  <Name LocalizedName="T${t}" OriginalName="T${t}">${name}</Name>\r\n  <EntityInfo>\r\n    <entity Name="${name}">\r\n      <OwnershipTypeMask>${t % 5 === 0 ? 'OrgOwned' : 'UserOwned'}</OwnershipTypeMask>\r\n    </entity>\r\n  </EntityInfo>\r\n</Entity>\r\n`,
    );
  }
  for (let r = 0; r < roles; r++) {
    const rows: string[] = [];
    for (let p = 0; p < privileges; p++)
      rows.push(
        `    <RolePrivilege name="prv${VERBS[p % VERBS.length]}bench_Table${Math.floor(p / VERBS.length)}" level="${LEVELS[(p + r) % LEVELS.length]}" />`,
      );
    writeFileSync(
      join(dir, 'Roles', `Bench Role ${r}.xml`),
      `\ufeff<?xml version="1.0" encoding="utf-8"?>\r\n<Role id="{00000000-0000-4000-a000-${String(r).padStart(12, '0')}}" name="Bench Role ${r}" isinherited="${r % 7 === 0 ? 0 : 1}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\r\n  <IsCustomizable>1</IsCustomizable>\r\n  <RolePrivileges>\r\n${rows.join('\r\n')}\r\n  </RolePrivileges>\r\n</Role>\r\n`,
    );
  }
}

const [dir, roles, privileges] = process.argv.slice(2);
if (dir) {
  generate(dir, Number(roles), Number(privileges));
  writeFileSync(join(dir, 'done'), '');
}
