// Waivers: approved exceptions, as a YAML or JSON file that is validated completely before an audit starts (a bad
// file stops the run: exit 2, every problem with file:line:column, nothing written). A waiver names what it waives
// by one or more fields (a finding kind, a rule, a principal, a role, a table and privilege, a matrix cell, a delta
// kind, or one item's id), says why, who wrote it and who approved it (two different people), the ticket, and the
// last day it holds. A waived item stays visible as waived, with its waiver; once the waiver has expired the item
// fails again as if it had never been waived; a waiver that matches nothing is reported; a critical item is waived
// only by a waiver that says `critical: true`. (InSpec's waivers are the anchor; the pitfalls avoided are those of
// its users reported: waived state missing from reports, expired waivers shown as waived, a broken file ignored.)
import type { FindingKind } from '../exports/findings.ts';
import { key, PRIVILEGES, SEVERITIES, type Severity } from '../vocabulary/index.ts';
import { DataFileError, readDataFile, schemaProblems, type ParsedFile } from './data-file.ts';
import { DELTA_KINDS } from './delta.ts';

export const WAIVERS_VERSION = 1;

/** Every kind of finding of src/exports/findings.ts (the type check below fails when a kind is added there). */
export const FINDING_KINDS = [
  'not-assignable',
  'office-collaborator-placement',
  'access-team-role',
  'unsupported-role',
  'disabled-user',
  'predefined-role-changed',
  'environment-admin-with-dataverse',
  'act-on-behalf-through-team',
  'tenant-admin-role',
] as const satisfies readonly FindingKind[];
const everyKind: Exclude<FindingKind, (typeof FINDING_KINDS)[number]> extends never ? true : false = true;
void everyKind;
/** A waiver file is small: a larger one is refused before it is parsed. */
export const MAX_WAIVER_FILE_BYTES = 4 * 2 ** 20;

/** The fields a waiver may name what it waives by; every field given must match the item. */
export const SELECTOR_FIELDS = [
  'item',
  'findingKind',
  'rule',
  'principal',
  'user',
  'team',
  'role',
  'table',
  'privilege',
  'resource',
  'delta',
] as const;
export type SelectorField = (typeof SELECTOR_FIELDS)[number];

export interface Waiver {
  id: string;
  waives: Partial<Record<SelectorField, string>>;
  justification: string;
  author: string;
  approver: string;
  ticket: string;
  /** The last day the waiver holds (YYYY-MM-DD, UTC). */
  expires: string;
  /** Needed to waive an item of critical severity. */
  critical?: boolean;
  /** `file:line` of the waiver. */
  location?: string;
}

const text = (description: string) => ({ type: 'string', pattern: '\\S', description });

export const WAIVERS_SCHEMA = {
  type: 'object',
  required: ['version', 'waivers'],
  additionalProperties: false,
  properties: {
    version: { const: WAIVERS_VERSION, description: `${WAIVERS_VERSION}` },
    waivers: {
      type: 'array',
      description: 'a list of waivers',
      items: {
        type: 'object',
        required: ['id', 'waives', 'justification', 'author', 'approver', 'ticket', 'expires'],
        additionalProperties: false,
        properties: {
          id: {
            type: 'string',
            pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
            description: 'an id of letters, digits, dots, dashes and underscores (W-001)',
          },
          waives: {
            type: 'object',
            minProperties: 1,
            additionalProperties: false,
            description: `at least one of ${SELECTOR_FIELDS.join(', ')}`,
            properties: {
              item: text('the id of one item: a delta item id, a matrix cell id'),
              findingKind: { enum: [...FINDING_KINDS], description: 'a kind of finding' },
              rule: { type: 'string', pattern: '^@?[A-Za-z]+-\\d{3}$', description: 'a rule id such as DV-010 or POL-001' },
              principal: text('a user or team as the finding names it ("team AP Team" for a team)'),
              user: text('a user name'),
              team: text('a team name'),
              role: text('a role name'),
              table: text('a table logical name'),
              privilege: { enum: [...PRIVILEGES], description: 'a table privilege' },
              resource: text('a resource of the compliance matrix'),
              delta: { enum: [...DELTA_KINDS], description: 'a kind of change since the baseline' },
            },
          },
          justification: {
            type: 'string',
            minLength: 10,
            pattern: '\\S',
            description: 'why the exception is accepted, in at least 10 characters',
          },
          author: text('who wrote the waiver'),
          approver: text('who approved it (not the author)'),
          ticket: text('the change or risk ticket'),
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the last day the waiver holds, as YYYY-MM-DD' },
          critical: { type: 'boolean', description: 'true to allow waiving a critical item' },
        },
      },
    },
  },
} as const;

export interface WaiverFile {
  file: string;
  waivers: Waiver[];
}

/** Reads and validates a waiver file; throws DataFileError with every problem. */
export async function readWaivers(file: string, label = file): Promise<WaiverFile> {
  const parsed = await readDataFile(file, { label, maxBytes: MAX_WAIVER_FILE_BYTES });
  return { file: label, waivers: validateWaivers(parsed) };
}

export function validateWaivers(parsed: ParsedFile): Waiver[] {
  const problems = schemaProblems(parsed, WAIVERS_SCHEMA);
  const list = (parsed.value as { waivers?: unknown } | null)?.waivers;
  const waivers = Array.isArray(list) ? (list as Waiver[]) : [];
  const at = (i: number, field: string) => {
    const l = parsed.locate(['waivers', i, field]);
    return { file: parsed.label, line: l.line, columns: { at: l.column }, path: `$.waivers[${i}].${field}` };
  };
  const seen = new Map<string, number>();
  waivers.forEach((w, i) => {
    if (!w || typeof w !== 'object') return;
    if (typeof w.id === 'string') {
      const prev = seen.get(key(w.id));
      if (prev !== undefined)
        problems.push({
          code: 'duplicate-id',
          message: `waiver id "${w.id}" is used twice (first by waiver ${prev + 1})`,
          origin: at(i, 'id'),
          field: 'at',
          expected: 'each waiver id once',
        });
      else seen.set(key(w.id), i);
    }
    if (typeof w.author === 'string' && typeof w.approver === 'string' && key(w.author) === key(w.approver)) {
      problems.push({
        code: 'self-approved',
        message: 'the approver is the author',
        origin: at(i, 'approver'),
        field: 'at',
        value: w.approver,
        expected: 'an approver other than the author',
      });
    }
    if (typeof w.expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(w.expires) && !isCalendarDate(w.expires)) {
      problems.push({
        code: 'bad-date',
        message: 'no such day',
        origin: at(i, 'expires'),
        field: 'at',
        value: w.expires,
        expected: 'a real calendar day, as YYYY-MM-DD',
      });
    }
  });
  problems.sort((a, b) => (a.origin?.line ?? 0) - (b.origin?.line ?? 0) || (a.origin?.columns?.at ?? 0) - (b.origin?.columns?.at ?? 0));
  if (problems.length) throw new DataFileError(problems);
  return waivers.map((w, i) => ({ ...w, location: `${parsed.label}:${parsed.locate(['waivers', i]).line}` }));
}

const isCalendarDate = (d: string): boolean => {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
};

/** Today's date in UTC (YYYY-MM-DD): a waiver holds through its expiry day. */
export const utcDay = (now: Date): string => now.toISOString().slice(0, 10);

/** Something a waiver can waive: a finding of the export, a failed policy, a failed matrix cell, a change since the baseline. */
export interface WaivableItem {
  source: 'finding' | 'policy' | 'cell' | 'delta';
  id: string;
  severity: Severity;
  text: string;
  /** The values the selector fields compare with (a field may hold several values: a cell's rules). */
  fields: Partial<Record<SelectorField, string | string[]>>;
}

export type ItemStatus = 'open' | 'waived' | 'expired';
export interface ItemState {
  item: WaivableItem;
  /** `waived`: an active waiver covers it; `expired`: only expired waivers match it (it fails again); `open`: none. */
  status: ItemStatus;
  waiver?: string;
  expires?: string;
  /** Why a matching waiver did not apply (a critical item without `critical: true`). */
  notes: string[];
}

export type WaiverStatus = 'active' | 'expired' | 'unused';
export interface WaiverState {
  waiver: Waiver;
  status: WaiverStatus;
  /** Ids of the items it matches (waived, or failing again when it has expired). */
  matches: string[];
  /** Items it matches but may not waive. */
  refused: Array<{ item: string; reason: string }>;
  /** Days left (0 on the expiry day; negative once expired). */
  daysLeft: number;
}

export interface WaiverOutcome {
  items: ItemState[];
  waivers: WaiverState[];
  today: string;
}

export function matches(w: Waiver, item: WaivableItem): boolean {
  for (const f of SELECTOR_FIELDS) {
    const want = w.waives[f];
    if (want === undefined) continue;
    const have = item.fields[f];
    if (have === undefined) return false;
    const wanted = f === 'rule' ? key(want.replace(/^@/, '')) : key(want);
    if (!(Array.isArray(have) ? have : [have]).some((h) => key(h) === wanted)) return false;
  }
  return true;
}

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Which items are waived on `today`, and the state of every waiver. */
export function applyWaivers(waivers: readonly Waiver[], items: readonly WaivableItem[], today: string): WaiverOutcome {
  const states: WaiverState[] = waivers.map((w) => ({
    waiver: w,
    status: w.expires < today ? 'expired' : 'active',
    matches: [],
    refused: [],
    daysLeft: daysBetween(today, w.expires),
  }));
  const out: ItemState[] = items.map((item) => {
    const st: ItemState = { item, status: 'open', notes: [] };
    let expired: WaiverState | undefined;
    for (const s of states) {
      if (!matches(s.waiver, item)) continue;
      if (item.severity === 'critical' && !s.waiver.critical) {
        const reason = `${item.id} is critical; waiver ${s.waiver.id} does not say "critical: true"`;
        s.refused.push({ item: item.id, reason });
        st.notes.push(reason);
        continue;
      }
      s.matches.push(item.id);
      if (s.status === 'expired') {
        expired ??= s;
        continue;
      }
      if (st.status !== 'waived') {
        st.status = 'waived';
        st.waiver = s.waiver.id;
        st.expires = s.waiver.expires;
      }
    }
    if (st.status !== 'waived' && expired) {
      st.status = 'expired';
      st.waiver = expired.waiver.id;
      st.expires = expired.waiver.expires;
      st.notes.push(`waiver ${expired.waiver.id} expired on ${expired.waiver.expires}`);
    }
    return st;
  });
  for (const s of states) if (s.status === 'active' && s.matches.length === 0) s.status = 'unused';
  return { items: out, waivers: states, today };
}

/** A severity for an item from its rule ids: the most severe of them (medium when none is known). */
export function severityOf(levels: readonly (Severity | undefined)[]): Severity {
  for (const s of SEVERITIES) if (levels.includes(s)) return s;
  return 'medium';
}
