// Reads the security roles and tables of a Power Platform solution, as the Power Platform CLI unpacks it (a folder
// with Roles/<name>.xml and Entities/<table>/Entity.xml; other files are ignored) or as it is exported (a .zip whose
// customizations.xml holds the same elements). XML is parsed by saxes (a streaming, validating parser: bad XML is
// reported with file:line:column, and no external entity is ever fetched); zip archives are read by fflate.
// Format: docs/export-format.md, "Solutions". Solution layout (Roles, Entities, customizations.xml):
// https://learn.microsoft.com/power-platform/alm/solution-packager-tool
import { hash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { catalogueTable } from '../catalog/tables.ts';
import type { RolePrivilegeSpec, RoleSpec, TableSpec } from '../model/spec.ts';
import type { Origin, Problem } from '../vocabulary/index.ts';
import type { InputFile } from './source.ts';
import { PrivilegeRow } from './privilege-row.ts';

/** A bound on one XML file or zip archive (hostile input is bounded): far above any real solution. */
export const MAX_SOLUTION_BYTES = 256 * 1024 * 1024;

export interface SolutionRead {
  /** The solution as the user named it. */
  label: string;
  roles: RoleSpec[];
  rolePrivileges: RolePrivilegeSpec[];
  tables: TableSpec[];
  files: InputFile[];
  problems: Problem[];
  warnings: Problem[];
  fileOrder: string[];
}

/** OwnershipTypeMask values of Entity.xml: user-or-team-owned or organization-owned. */
const OWNERSHIP_MASKS = new Map<string, 'user' | 'organization'>([
  ['userowned', 'user'],
  ['teamowned', 'user'],
  ['businessowned', 'user'],
  ['orgowned', 'organization'],
]);

/** Reads the solution at `path` (folder or .zip). Problems are returned, never thrown. */
export function readSolution(path: string): SolutionRead {
  const label = path.replace(/\\/g, '/').replace(/\/+$/, '');
  const out: SolutionRead = { label, roles: [], rolePrivileges: [], tables: [], files: [], problems: [], warnings: [], fileOrder: [label] };
  if (!existsSync(path)) {
    out.problems.push({
      code: 'no-solution',
      message: `solution "${label}" does not exist`,
      origin: { file: label, line: 0 },
      expected: 'an unpacked solution folder (Roles/*.xml, Entities/*/Entity.xml) or a solution .zip',
    });
    return out;
  }
  const st = statSync(path);
  try {
    if (st.isDirectory()) readFolder(path, label, out);
    else readZip(path, label, st.size, out);
  } finally {
    NAMES.clear();
    NAME_CACHE.fill(undefined);
  }
  return out;
}

function readFolder(dir: string, label: string, out: SolutionRead): void {
  const rolesDir = join(dir, 'Roles');
  const entitiesDir = join(dir, 'Entities');
  const hasRoles = existsSync(rolesDir) && statSync(rolesDir).isDirectory();
  const hasEntities = existsSync(entitiesDir) && statSync(entitiesDir).isDirectory();
  if (!hasRoles && !hasEntities) {
    out.problems.push({
      code: 'not-a-solution',
      message: `"${label}" is neither an unpacked solution folder nor a solution .zip: it has no Roles or Entities folder`,
      origin: { file: label, line: 0 },
      expected: 'the folder `pac solution unpack` writes (Roles/<role>.xml, Entities/<table>/Entity.xml), or the solution .zip',
    });
    return;
  }
  // Sorted by name, so that the same folder gives the same spec (and the same messages) on every machine.
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  if (hasRoles) {
    for (const d of readdirSync(rolesDir, { withFileTypes: true })
      .filter((x) => x.isFile() && x.name.toLowerCase().endsWith('.xml'))
      .sort((a, b) => byName(a.name, b.name))) {
      parseFile(join(rolesDir, d.name), `${label}/Roles/${d.name}`, 'role', out);
    }
  }
  if (hasEntities) {
    for (const d of readdirSync(entitiesDir).sort(byName)) {
      const p = join(entitiesDir, d, 'Entity.xml');
      if (!existsSync(p)) continue;
      parseFile(p, `${label}/Entities/${d}/Entity.xml`, 'entity', out);
    }
  }
}

function parseFile(path: string, file: string, kind: 'role' | 'entity', out: SolutionRead): void {
  out.fileOrder.push(file);
  const size = statSync(path).size;
  if (size > MAX_SOLUTION_BYTES) {
    tooLarge(file, size, out);
    return;
  }
  const bytes = readFileSync(path);
  const input: InputFile = { path: file, sha256: hash('sha256', bytes, 'hex'), rows: 0 };
  out.files.push(input);
  input.rows = parseXml(bytes, file, kind, out);
}

function tooLarge(file: string, size: number, out: SolutionRead): void {
  out.problems.push({
    code: 'too-large',
    message: `${file} is ${size} bytes, more than rolecheck reads (${MAX_SOLUTION_BYTES})`,
    origin: { file, line: 0 },
    expected: `a file of at most ${MAX_SOLUTION_BYTES} bytes`,
  });
}

function readZip(path: string, label: string, size: number, out: SolutionRead): void {
  if (size > MAX_SOLUTION_BYTES) {
    tooLarge(label, size, out);
    return;
  }
  const bytes = readFileSync(path);
  const input: InputFile = { path: label, sha256: hash('sha256', bytes, 'hex'), rows: 0 };
  out.files.push(input);
  let entries: Record<string, Uint8Array>;
  let oversized: { name: string; size: number } | undefined;
  try {
    // Only customizations.xml is inflated, and only when its declared size is within bounds (a zip bomb is data).
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.toLowerCase() !== 'customizations.xml') return false;
        if (f.originalSize > MAX_SOLUTION_BYTES) {
          oversized = { name: f.name, size: f.originalSize };
          return false;
        }
        return true;
      },
    });
  } catch (e) {
    out.problems.push({
      code: 'bad-zip',
      message: `${label} is not a readable zip archive (${e instanceof Error ? e.message : String(e)})`,
      origin: { file: label, line: 0 },
      expected: 'a solution .zip as Power Platform exports it, or an unpacked solution folder',
    });
    return;
  }
  if (oversized) {
    tooLarge(`${label}!${oversized.name}`, oversized.size, out);
    return;
  }
  const name = Object.keys(entries)[0];
  if (!name) {
    out.problems.push({
      code: 'no-customizations',
      message: `${label} has no customizations.xml`,
      origin: { file: label, line: 0 },
      expected: 'a solution .zip with customizations.xml at its root (as Power Platform exports it), or an unpacked solution folder',
    });
    return;
  }
  input.rows = parseXml(Buffer.from(entries[name]!), `${label}!${name}`, 'customizations', out);
}

class Stop extends Error {}

/** Privilege names seen while one solution is read (see parseXml); emptied when it is done. */
const NAMES = new Map<string, string>();
const NAME_CACHE: Array<string | undefined> = new Array<string | undefined>(1024).fill(undefined);

const PRIVILEGE_FIELDS = ['privilege', 'depth'] as const;
const ROLE_FIELDS = ['name', 'isinherited'] as const;
const MASK_FIELDS = ['ownership'] as const;
const ENTITY_FIELDS = ['name'] as const;
const ROW_FIELDS = ['row'] as const;

interface EntityState {
  origin: Origin;
  schemaName?: string;
  entityName?: string;
  mask?: string;
  maskOrigin?: Origin;
}

/**
 * Parses one XML document: a role file (<Role>), an Entity.xml (<Entity>) or customizations.xml (<ImportExportXml>
 * with <Roles><Role> and <Entities><Entity>). The first well-formedness error is reported with its line:column
 * and the rest of the file is not read; elements other than the ones below are ignored.
 * Roles hold nearly every element of a large solution, so they are read from open tags alone (a role ends where
 * the next begins): every further handler saxes calls costs time on each of millions of elements (profiled,
 * bench/solution.ts). Entities are small; their handlers run only inside an <Entity>.
 */
function parseXml(bytes: Buffer, file: string, kind: 'role' | 'entity' | 'customizations', out: SolutionRead): number {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parser = new SaxesParser({ position: true });
  let role: { spec: RoleSpec; inPrivileges: boolean; skip: boolean } | undefined;
  let entity: EntityState | undefined;
  let inEntities = kind === 'entity';
  let rootChecked = false;
  let count = 0;
  let prevEnd = 0;
  // Most rows share their indentation: one columns object per field list and column number.
  const columnsCache = new Map<readonly string[], Map<number, Record<string, number>>>();
  /** The origin of the element just opened: the line and 1-based column of its `<` (saxes is past its `>`). */
  const origin = (fields: readonly string[]): Origin => {
    const end = parser.position;
    const lt = text.lastIndexOf('<', end - 1);
    let line = parser.line;
    for (let i = text.indexOf('\n', lt); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) line--;
    const column = lt - text.lastIndexOf('\n', lt);
    let byColumn = columnsCache.get(fields);
    if (!byColumn) columnsCache.set(fields, (byColumn = new Map()));
    let columns = byColumn.get(column);
    if (!columns) byColumn.set(column, (columns = Object.fromEntries(fields.map((f) => [f, column]))));
    return { file, line, columns };
  };
  const bad = (message: string, value: string, expected: string) => {
    out.problems.push({ code: 'bad-root', message, origin: origin(ROW_FIELDS), field: 'row', value, expected });
    throw new Stop();
  };

  /** Inside an <Entity>: a stack of element names, <Name> and <OwnershipTypeMask> texts. */
  const readEntity = (e: EntityState) => {
    const stack: string[] = ['Entity'];
    let capture: 'name' | 'mask' | undefined;
    let captured = '';
    parser.on('text', (t) => {
      if (capture) captured += t;
    });
    parser.on('closetag', (tag) => {
      stack.pop();
      if (capture && (tag.name === 'Name' || tag.name === 'OwnershipTypeMask')) {
        if (capture === 'name') e.schemaName = captured.trim();
        else e.mask = captured.trim();
        capture = undefined;
      }
      if (stack.length === 0) {
        finishEntity(e, out);
        entity = undefined;
        parser.off('text');
        parser.off('closetag');
      }
    });
    return (name: string, attributes: Record<string, string | undefined>) => {
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (name === 'Name' && parent === 'Entity') {
        capture = 'name';
        captured = '';
      } else if (name === 'entity' && parent === 'EntityInfo') e.entityName = attributes.Name;
      else if (name === 'OwnershipTypeMask' && parent === 'entity') {
        capture = 'mask';
        captured = '';
        e.maskOrigin = origin(MASK_FIELDS);
      }
    };
  };
  let entityOpen: ((name: string, attributes: Record<string, string | undefined>) => void) | undefined;

  parser.on('opentag', (tag) => {
    const name = tag.name;
    const attributes = tag.attributes as Record<string, string | undefined>;
    if (entity && entityOpen) {
      entityOpen(name, attributes);
      return;
    }
    if (name === 'RolePrivilege') {
      if (!role || !role.inPrivileges || role.skip) return;
      const priv = attributes.name;
      const level = attributes.level;
      if (priv === undefined || level === undefined) {
        out.problems.push({
          code: 'missing-value',
          message: `<RolePrivilege> has no ${priv === undefined ? 'name' : 'level'} attribute`,
          origin: origin(PRIVILEGE_FIELDS),
          field: priv === undefined ? 'privilege' : 'depth',
          expected: '<RolePrivilege name="prvReadAccount" level="Global" />',
        });
        return;
      }
      // Levels repeat on every row: the four usual ones are kept as one string each (fewer objects for the garbage
      // collector to move, which took as long as the parse itself; profiled, bench/solution.ts).
      const l =
        level === 'Global' ? 'Global' : level === 'Basic' ? 'Basic' : level === 'Local' ? 'Local' : level === 'Deep' ? 'Deep' : level;
      // Where the `<` of this row is: saxes is past its `>`, on the row's last line (almost always its only one).
      // Searched forwards from the end of the previous row (indexOf is a builtin; lastIndexOf calls into the runtime,
      // and three of those per row were a fifth of the handler's time; profiled, bench/solution.ts).
      const end = parser.position;
      let lt = text.indexOf('<', prevEnd);
      for (let k = text.indexOf('<', lt + 1); k >= 0 && k < end; k = text.indexOf('<', k + 1)) lt = k;
      let nl = prevEnd - 1;
      for (let k = text.indexOf('\n', prevEnd); k >= 0 && k < lt; k = text.indexOf('\n', k + 1)) nl = k;
      if (nl < prevEnd) nl = text.lastIndexOf('\n', lt);
      let line = parser.line;
      for (let k = text.indexOf('\n', lt); k >= 0 && k < end; k = text.indexOf('\n', k + 1)) line--;
      prevEnd = end;
      // Names repeat across the roles of a solution: one copy of each is kept (the parser's copy points into the
      // whole file's text, which would then stay in memory with it).
      // A direct-mapped cache by length and two characters answers most rows with one comparison before the Map.
      const slot = (priv.length * 31 + priv.charCodeAt(priv.length - 1) * 7 + priv.charCodeAt(priv.length >> 1)) & 1023;
      let name = NAME_CACHE[slot];
      if (name !== priv) {
        name = NAMES.get(priv);
        if (name === undefined) NAMES.set(priv, (name = priv));
        NAME_CACHE[slot] = name;
      }
      out.rolePrivileges.push(new PrivilegeRow(role.spec.name, name, l, file, line, lt - nl));
      count++;
      return;
    }
    if (!rootChecked) {
      rootChecked = true;
      const expected = kind === 'role' ? 'Role' : kind === 'entity' ? 'Entity' : 'ImportExportXml';
      if (name !== expected) {
        bad(
          `the root element is <${name}>, not <${expected}>`,
          name,
          kind === 'role'
            ? 'a role file as pac solution unpack writes it: <Role name="…">'
            : kind === 'entity'
              ? 'an Entity.xml as pac solution unpack writes it: <Entity>'
              : 'customizations.xml: <ImportExportXml>',
        );
      }
    }
    if (name === 'RolePrivileges') {
      if (role) role.inPrivileges = true;
      return;
    }
    if (name === 'Role' && kind !== 'entity') {
      const o = origin(ROLE_FIELDS);
      const roleName = (attributes.name ?? '').trim();
      if (!roleName)
        out.problems.push({
          code: 'missing-value',
          message: '<Role> has no name attribute',
          origin: o,
          field: 'name',
          value: '',
          expected: '<Role name="…">',
        });
      const inh = attributes.isinherited;
      let inheritance: string | undefined;
      if (inh !== undefined) {
        if (inh.trim() === '1') inheritance = 'direct-and-team';
        else if (inh.trim() === '0') inheritance = 'team-only';
        else
          out.problems.push({
            code: 'bad-value',
            message: 'isinherited is neither 1 nor 0',
            origin: o,
            field: 'isinherited',
            value: inh,
            expected: '1 (Direct User (Basic) access level and Team privileges) or 0 (Team privileges only)',
          });
      }
      // A role without a name is already reported; its rows would only repeat that.
      role = { spec: { name: roleName, ...(inheritance ? { inheritance } : {}), origin: o }, inPrivileges: false, skip: !roleName };
      if (roleName) out.roles.push(role.spec);
      return;
    }
    if (name === 'Roles') {
      role = undefined;
      inEntities = false;
      return;
    }
    if (name === 'Entities') {
      inEntities = true;
      role = undefined;
      return;
    }
    if (name === 'Entity' && inEntities && !entity) {
      entity = { origin: origin(ENTITY_FIELDS) };
      entityOpen = readEntity(entity);
    }
  });
  parser.on('error', (err) => {
    const message = err.message.replace(/^\d+:\d+: /, '');
    out.problems.push({
      code: 'bad-xml',
      message: `malformed XML: ${message}`,
      origin: { file, line: parser.line, columns: { row: parser.column + 1 } },
      field: 'row',
      expected: 'well-formed XML as Power Platform writes it',
    });
    throw new Stop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return count;
}

function finishEntity(e: EntityState, out: SolutionRead): void {
  const schemaName = e.schemaName || e.entityName || '';
  if (!schemaName) {
    out.problems.push({
      code: 'missing-value',
      message: '<Entity> has no <Name>',
      origin: e.origin,
      expected: "<Name>new_Project</Name> (the table's schema name)",
    });
    return;
  }
  const name = schemaName.toLowerCase();
  const mask = e.mask ?? '';
  const ownership = OWNERSHIP_MASKS.get(mask.toLowerCase());
  if (!ownership) {
    out.problems.push({
      code: mask ? 'bad-value' : 'missing-value',
      message: mask ? `unknown OwnershipTypeMask of table "${name}"` : `table "${name}" has no OwnershipTypeMask`,
      origin: e.maskOrigin ?? e.origin,
      field: 'ownership',
      value: mask,
      expected: 'UserOwned, TeamOwned, BusinessOwned (user-or-team-owned) or OrgOwned (organization-owned)',
    });
    return;
  }
  // A solution may carry a system table (to add columns or forms): it is custom only when the catalogue does not know it.
  const custom = catalogueTable(name) === undefined;
  out.tables.push({ name, ownership, custom, ...(schemaName !== name ? { schemaName } : {}), origin: e.origin });
}
