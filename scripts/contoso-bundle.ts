// Writes examples/contoso-bundle/: the environment of examples/contoso as a Web API bundle, in the shapes the
// Dataverse Web API returns (a business-unit copy of every role, lookups as _name_value, two pages of users, role
// privileges as RetrieveRolePrivilegesRole returns them, a few ids in upper case with braces as other tools write
// them). Ids are derived from names, so that the output is the same on every run.
//   node --import tsx scripts/contoso-bundle.ts
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { predefinedRole } from '../src/catalog/roles.ts';
import { readExport } from '../src/exports/load.ts';
import { ACCESS_RIGHTS, depthName, key, PRIVILEGES, readDepthValue, type Privilege } from '../src/vocabulary/index.ts';

const OUT = 'examples/contoso-bundle';
const API = 'https://contoso.crm.dynamics.com/api/data/v9.2';
const guid = (s: string) => {
  const h = createHash('sha1').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const loud = (id: string) => `{${id.toUpperCase()}}`;
const SCHEMA: Record<string, string> = {
  new_invoice: 'new_Invoice',
  new_project: 'new_Project',
  new_expense: 'new_Expense',
  new_taxrate: 'new_TaxRate',
  new_region: 'new_Region',
};

const { spec } = await readExport('examples/contoso');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'roleprivileges'), { recursive: true });
const write = (file: string, doc: unknown) => writeFileSync(join(OUT, file), JSON.stringify(doc, null, 1) + '\n');
const collection = (set: string, rows: unknown[], next?: string) => ({
  '@odata.context': `${API}/$metadata#${set}`,
  value: rows,
  ...(next ? { '@odata.nextLink': next } : {}),
});

const buId = new Map(spec.businessUnits.map((b) => [key(b.name), guid(`bu:${b.name}`)]));
const root = spec.businessUnits.find((b) => !b.parent)!;
const userBu = new Map(spec.users.map((u) => [key(u.name), u.businessUnit!]));
const userId = (n: string) => guid(`user:${key(n)}`);
const teams = spec.teams ?? [];
const teamBu = new Map(teams.map((t) => [key(t.name), t.businessUnit]));
const teamId = (n: string) => guid(`team:${key(n)}`);

write('environment.json', collection('environment', [{ name: spec.name, type: spec.type, dataverse: spec.dataverse }]));
write(
  'businessunits.json',
  collection(
    'businessunits(businessunitid,name,_parentbusinessunitid_value)',
    spec.businessUnits.map((b) => ({
      '@odata.etag': 'W/"1001"',
      businessunitid: buId.get(key(b.name)),
      name: b.name,
      _parentbusinessunitid_value: b.parent ? buId.get(key(b.parent)) : null,
    })),
  ),
);
const users = spec.users.map((u) => ({
  '@odata.etag': 'W/"2001"',
  systemuserid: userId(u.name),
  domainname: u.name,
  fullname: u.name.split('@')[0]!.replace('.', ' '),
  isdisabled: u.enabled === false,
  _businessunitid_value: buId.get(key(u.businessUnit!)),
  _parentsystemuserid_value: null,
  _positionid_value: null,
}));
const half = Math.ceil(users.length / 2);
write(
  'systemusers.json',
  collection(
    'systemusers(systemuserid,domainname,isdisabled,_businessunitid_value,_parentsystemuserid_value,_positionid_value)',
    users.slice(0, half),
    `${API}/systemusers?$select=systemuserid&$skiptoken=%3Ccookie%20pagenumber=%222%22%20/%3E`,
  ),
);
write(
  'systemusers.2.json',
  collection(
    'systemusers(systemuserid,domainname,isdisabled,_businessunitid_value,_parentsystemuserid_value,_positionid_value)',
    users.slice(half),
  ),
);
// The export's teams, and the default team of every business unit (holding its users, as Dataverse keeps it).
const TEAM_TYPE: Record<string, number> = { owner: 0, access: 1, group: 2 };
write(
  'teams.json',
  collection('teams(teamid,name,teamtype,_businessunitid_value)', [
    ...teams.map((t) => ({
      teamid: teamId(t.name),
      name: t.name,
      teamtype: TEAM_TYPE[key(t.type)],
      _businessunitid_value: buId.get(key(t.businessUnit)),
      isdefault: false,
    })),
    ...spec.businessUnits.map((b) => ({
      teamid: guid(`default-team:${b.name}`),
      name: `${b.name} (default team)`,
      teamtype: 0,
      _businessunitid_value: buId.get(key(b.name)),
      isdefault: true,
    })),
  ]),
);
write(
  'teammembership.json',
  collection('teammemberships(systemuserid,teamid)', [
    ...(spec.teamMembers ?? []).map((m, i) => ({
      teammembershipid: guid(`tm:${m.team}:${m.user}`),
      systemuserid: i % 3 === 0 ? loud(userId(m.user)) : userId(m.user),
      teamid: teamId(m.team),
    })),
    ...spec.users.map((u) => ({
      teammembershipid: guid(`dtm:${u.name}`),
      systemuserid: userId(u.name),
      teamid: guid(`default-team:${u.businessUnit}`),
    })),
  ]),
);
// Roles: every custom role and every predefined role the export uses, one copy per business unit.
const roleNames = [
  ...new Set([
    ...(spec.roles ?? []).map((r) => r.name),
    ...(spec.assignments ?? []).map((a) => a.role),
    ...(spec.rolePrivileges ?? []).map((r) => r.role),
  ]),
].map((n) => predefinedRole(n)?.name ?? (spec.roles ?? []).find((r) => key(r.name) === key(n))!.name);
const uniqueRoles = [...new Set(roleNames)];
const copyId = (role: string, bu: string) => (key(bu) === key(root.name) ? guid(`role:${role}`) : guid(`role:${role}@${bu}`));
const roleRows = uniqueRoles.flatMap((name) => {
  const custom = (spec.roles ?? []).find((r) => key(r.name) === key(name));
  return spec.businessUnits.map((b) => ({
    roleid: copyId(name, b.name),
    name,
    _businessunitid_value: buId.get(key(b.name)),
    _parentrootroleid_value: guid(`role:${name}`),
    isinherited: custom?.inheritance === 'team-only' ? 0 : 1,
    ismanaged: !custom,
  }));
});
write('roles.json', collection('roles(roleid,name,_businessunitid_value,_parentrootroleid_value,isinherited)', roleRows));
const roleOf = (n: string) => predefinedRole(n)?.name ?? n;
write(
  'systemuserroles.json',
  collection(
    'systemuserrolescollection(systemuserid,roleid)',
    (spec.assignments ?? [])
      .filter((a) => a.principalType === 'user')
      .map((a) => ({
        systemuserroleid: guid(`sur:${a.principal}:${a.role}`),
        systemuserid: userId(a.principal),
        roleid: copyId(roleOf(a.role), a.businessUnit ?? userBu.get(key(a.principal))!),
      })),
  ),
);
write(
  'teamroles.json',
  collection(
    'teamrolescollection(teamid,roleid)',
    (spec.assignments ?? [])
      .filter((a) => a.principalType === 'team')
      .map((a) => ({
        teamroleid: guid(`tr:${a.principal}:${a.role}`),
        teamid: teamId(a.principal),
        roleid: copyId(roleOf(a.role), a.businessUnit ?? teamBu.get(key(a.principal))!),
      })),
  ),
);
for (const name of uniqueRoles) {
  const rows = (spec.rolePrivileges ?? []).filter((r) => roleOf(r.role) === name);
  if (rows.length === 0) continue;
  write(`roleprivileges/${guid(`role:${name}`)}.json`, {
    '@odata.context': `${API}/$metadata#Microsoft.Dynamics.CRM.RetrieveRolePrivilegesRoleResponse`,
    RolePrivileges: rows.map((r) => {
      const m = /^prv(AppendTo|Append|Create|Read|Write|Delete|Assign|Share)(new_[a-z]+)$/i.exec(r.privilege);
      const privilegeName = m && SCHEMA[m[2]!.toLowerCase()] ? `prv${m[1]}${SCHEMA[m[2]!.toLowerCase()]}` : r.privilege;
      const d = readDepthValue(r.depth)!;
      return {
        Depth: d.kind === 'depth' ? depthName(d.depth) : 'RecordFilter',
        PrivilegeId: guid(`priv:${privilegeName}`),
        BusinessUnitId: buId.get(key(root.name)),
        PrivilegeName: privilegeName,
        RecordFilterId: null,
        RecordFilterUniqueName: null,
      };
    }),
  });
}
// Tables: the custom ones, and two standard tables with their documented privilege-name exceptions.
const verbs = (schema: string, part = schema) =>
  PRIVILEGES.map((p) => ({
    Name: `prv${p}${part}`,
    PrivilegeType: p,
    CanBeBasic: true,
    CanBeLocal: true,
    CanBeDeep: true,
    CanBeGlobal: true,
  }));
write(
  'entitydefinitions.json',
  collection('EntityDefinitions(LogicalName,SchemaName,OwnershipType,IsCustomEntity,Privileges)', [
    ...(spec.tables ?? []).map((t) => ({
      MetadataId: guid(`table:${t.name}`),
      LogicalName: t.name,
      SchemaName: SCHEMA[t.name],
      OwnershipType: t.ownership === 'organization' ? 'OrganizationOwned' : 'UserOwned',
      IsCustomEntity: true,
      Privileges: verbs(SCHEMA[t.name]!),
    })),
    {
      MetadataId: guid('table:account'),
      LogicalName: 'account',
      SchemaName: 'Account',
      OwnershipType: 'UserOwned',
      IsCustomEntity: false,
      Privileges: verbs('Account'),
    },
    {
      MetadataId: guid('table:annotation'),
      LogicalName: 'annotation',
      SchemaName: 'Annotation',
      OwnershipType: 'UserOwned',
      IsCustomEntity: false,
      Privileges: verbs('Annotation', 'Note').filter((p) => p.PrivilegeType !== 'Share'),
    },
  ]),
);
// Rows and their shares.
const recordBu = (r: NonNullable<typeof spec.records>[number]) =>
  r.businessUnit || (r.ownerType === 'team' ? teamBu.get(key(r.owner)) : userBu.get(key(r.owner)))!;
write(
  'records.json',
  collection(
    'records',
    (spec.records ?? []).map((r) => ({
      id: r.id,
      table: r.table,
      _ownerid_value: r.ownerType === 'team' ? teamId(r.owner) : userId(r.owner),
      owneridtype: r.ownerType === 'team' ? 'team' : 'systemuser',
      _owningbusinessunit_value: buId.get(key(recordBu(r))),
    })),
  ),
);
write(
  'principalobjectaccess.json',
  collection(
    'principalobjectaccessset(objectid,principalid,principaltypecode,accessrightsmask)',
    (spec.shares ?? []).map((s) => ({
      principalobjectaccessid: guid(`poa:${s.record}:${s.principal ?? ''}`),
      objectid: s.record,
      principalid:
        s.principalType === 'organization'
          ? guid('organization')
          : s.principalType === 'team'
            ? teamId(s.principal!)
            : userId(s.principal!),
      principaltypecode: s.principalType === 'user' ? 'systemuser' : s.principalType,
      accessrightsmask: s.rights.reduce((m, r) => m | ACCESS_RIGHTS[PRIVILEGES.find((p) => key(p) === key(r)) as Privilege], 0),
      inheritedaccessrightsmask: 0,
    })),
  ),
);
process.stdout.write(`wrote ${OUT}\n`);
