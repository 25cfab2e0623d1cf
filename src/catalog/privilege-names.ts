// Reading a Dataverse privilege name: `prv` + verb + the table's schema name (`prvAppendTonew_project`), a
// documented exception whose name part is not the table's logical name, or a miscellaneous privilege.
// Source: https://learn.microsoft.com/power-apps/developer/data-platform/security-access-coding (privilege names
// are prv + verb + schema name).
import { PRIVILEGES } from '../vocabulary/index.ts';
import { KNOWN_MISC_PRIVILEGES } from './roles.ts';
import { STANDARD_TABLES } from './tables.ts';

export type PrivilegeNameReading =
  | { kind: 'table'; privilege: number; tables: string[] }
  | { kind: 'misc'; name: string; known: boolean }
  | { kind: 'unknown-table'; privilege: number; table: string };

const MISC_BY_LOWER = new Map(KNOWN_MISC_PRIVILEGES.map((m) => [m.toLowerCase(), m] as const));
const VERBS_LONGEST_FIRST = PRIVILEGES.map((p, i) => [p.toLowerCase(), i] as const).sort((a, b) => b[0].length - a[0].length);

/** `tablesByNamePart`: lower-case name part (logical name, schema name, exception) -> logical table names. */
export function readPrivilegeName(name: string, tablesByNamePart: ReadonlyMap<string, readonly string[]>): PrivilegeNameReading | undefined {
  const lower = name.trim().toLowerCase();
  const misc = MISC_BY_LOWER.get(lower);
  if (misc) return { kind: 'misc', name: misc, known: true };
  if (!lower.startsWith('prv')) return undefined;
  const rest = lower.slice(3);
  let fallback: PrivilegeNameReading | undefined;
  for (const [verb, i] of VERBS_LONGEST_FIRST) {
    if (!rest.startsWith(verb)) continue;
    const part = rest.slice(verb.length);
    if (!part) continue;
    const tables = tablesByNamePart.get(part);
    if (tables) return { kind: 'table', privilege: i, tables: [...tables] };
    fallback ??= { kind: 'unknown-table', privilege: i, table: part };
  }
  return fallback ?? { kind: 'misc', name: name.trim(), known: false };
}

/** The catalogue's own name parts: every standard table's logical name. */
export function catalogueNameParts(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of STANDARD_TABLES) out.set(t.name, [t.name]);
  return out;
}
