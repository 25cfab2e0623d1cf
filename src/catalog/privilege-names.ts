// How a Dataverse privilege name is read. A table privilege is `prv` + verb + the table's schema name
// (https://learn.microsoft.com/power-apps/developer/data-platform/security-access-coding); for most tables the
// schema name is the logical name in other casing, but a few tables carry privileges named otherwise. Those
// documented exceptions are data here, and readPrivilegeName reads any name against a map of name parts.
import { PRIVILEGES } from '../vocabulary/index.ts';
import { miscPrivilege } from './misc-privileges.ts';
import { CATALOGUE_TABLES } from './tables.ts';

export interface PrivilegeNameException {
  /** The name part after `prv` + verb, in Microsoft's spelling (`Note` in prvReadNote). */
  namePart: string;
  /** The logical names of the tables it acts on. */
  tables: readonly string[];
  source: string;
}

const ACTIVITY_PRIVILEGES_SOURCES =
  'https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/hh547441(v=crm.8) (Core Records: one Activity row for every activity type); https://learn.microsoft.com/previous-versions/dynamicscrm-2013/developers-guide/dn689052(v=crm.6) (an activity type, SocialActivity, holds the prv…Activity privileges)';

/** Every activity table of the catalogue (its primary id is activityid), activitypointer first. */
const ACTIVITY_TABLE_NAMES: readonly string[] = CATALOGUE_TABLES.filter((x) => x.activity).map((x) => x.name);

/** The documented privilege names whose name part is not a table's logical name. */
export const PRIVILEGE_NAME_EXCEPTIONS: readonly PrivilegeNameException[] = [
  { namePart: 'Activity', tables: ACTIVITY_TABLE_NAMES, source: ACTIVITY_PRIVILEGES_SOURCES },
  {
    namePart: 'Note',
    tables: ['annotation'],
    source: 'https://learn.microsoft.com/previous-versions/dynamicscrm-2013/developers-guide/gg334624(v=crm.6)',
  },
  {
    namePart: 'User',
    tables: ['systemuser'],
    source: 'https://learn.microsoft.com/previous-versions/dynamicscrm-2013/developers-guide/gg328102(v=crm.6)',
  },
  {
    namePart: 'Query',
    tables: ['savedquery'],
    source: 'https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/hh547441(v=crm.8) (Customization: View)',
  },
  {
    namePart: 'SavedQueryVisualizations',
    tables: ['savedqueryvisualization'],
    source: 'https://learn.microsoft.com/previous-versions/dynamicscrm-2015/developers-guide/gg327948(v=crm.7)',
  },
  {
    namePart: 'UserQueryVisualizations',
    tables: ['userqueryvisualization'],
    source: 'https://learn.microsoft.com/previous-versions/dynamicscrm-2013/developers-guide/gg334318(v=crm.6)',
  },
  {
    namePart: 'NewsArticle',
    tables: ['businessunitnewsarticle'],
    source:
      'https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/hh547441(v=crm.8) (Core Records: Announcement)',
  },
];

export type PrivilegeNameReading =
  | { kind: 'table'; privilege: number /* index in PRIVILEGES */; tables: string[] /* lower-case logical names */ }
  | { kind: 'misc'; name: string /* canonical spelling */; known: boolean }
  | { kind: 'unknown-table'; privilege: number; table: string /* lower-case name part */ };

// Longest verb first, so that AppendTo is tried before Append.
const VERBS_LONGEST_FIRST = PRIVILEGES.map((p, i) => [p.toLowerCase(), i] as const).sort((a, b) => b[0].length - a[0].length);

/**
 * Reads a privilege name (case-insensitive, trimmed). In order: a known miscellaneous privilege; `prv` + verb
 * (longest first) + a name part of `tablesByNamePart`; `prv` + verb + any other part (`unknown-table`, with the
 * longest verb that leaves a part); `prv` + no verb (`misc`, not known). A name that does not start with `prv`
 * gives undefined.
 * `tablesByNamePart`: lower-case name part (logical name, schema name, exception) -> logical table names.
 */
export function readPrivilegeName(
  name: string,
  tablesByNamePart: ReadonlyMap<string, readonly string[]>,
): PrivilegeNameReading | undefined {
  const n = name.trim();
  const known = miscPrivilege(n);
  if (known) return { kind: 'misc', name: known.name, known: true };
  const lower = n.toLowerCase();
  if (!lower.startsWith('prv')) return undefined;
  const rest = lower.slice(3);
  let fallback: PrivilegeNameReading | undefined;
  for (const [verb, i] of VERBS_LONGEST_FIRST) {
    if (!rest.startsWith(verb)) continue;
    const part = rest.slice(verb.length);
    if (!part) continue;
    const tables = tablesByNamePart.get(part);
    if (tables && tables.length) return { kind: 'table', privilege: i, tables: [...tables] };
    fallback ??= { kind: 'unknown-table', privilege: i, table: part };
  }
  return fallback ?? { kind: 'misc', name: n, known: false };
}

/** The catalogue's own name parts: every standard/system table's logical name, plus the exceptions. */
export function catalogueNameParts(): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  const add = (part: string, table: string) => {
    const k = part.toLowerCase();
    const list = parts.get(k);
    if (!list) parts.set(k, [table]);
    else if (!list.includes(table)) list.push(table);
  };
  for (const x of CATALOGUE_TABLES) {
    add(x.name, x.name);
    if (x.schemaName) add(x.schemaName, x.name);
  }
  for (const e of PRIVILEGE_NAME_EXCEPTIONS) for (const tb of e.tables) add(e.namePart, tb);
  return parts;
}
