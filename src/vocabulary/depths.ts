// Access levels (depths) of a grant. Each level covers every level below it.
// Sources: https://learn.microsoft.com/power-platform/admin/security-roles-privileges (levels and admin-center
// labels); https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/privilegedepth (the
// Web API's PrivilegeDepth: Basic 0, Local 1, Deep 2, Global 3, RecordFilter 4);
// https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/gg308072(v=crm.8) (depth masks
// 1, 2, 4, 8 of roleprivileges.privilegedepthmask).

export const enum Depth {
  None = 0,
  Basic = 1,
  Local = 2,
  Deep = 3,
  Global = 4,
}
export const DEPTH_NAMES = ['None', 'Basic', 'Local', 'Deep', 'Global'] as const;
export type DepthName = (typeof DEPTH_NAMES)[number];
/** The labels of the Power Platform admin center, in the same order. */
export const DEPTH_LABELS = ['None', 'User', 'Business Unit', 'Parent: Child Business Units', 'Organization'] as const;

export function depthName(d: number): DepthName {
  return DEPTH_NAMES[d] ?? 'None';
}

export function depthLabel(d: number): string {
  return DEPTH_LABELS[d] ?? 'None';
}

/** Parses `Basic`/`User`, `Local`/`Business Unit`, `Deep`/`Parent: Child Business Units`, `Global`/`Organization`. */
export function parseDepth(text: string): Depth | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  switch (t) {
    case 'basic':
    case 'user':
      return Depth.Basic;
    case 'local':
    case 'business unit':
      return Depth.Local;
    case 'deep':
    case 'parent: child business units':
    case 'parent:child business units':
      return Depth.Deep;
    case 'global':
    case 'organization':
      return Depth.Global;
    default:
      return undefined;
  }
}

/** A depth value as written in an export: a grant at a depth, no grant (`None`), or a RecordFilter grant (not evaluated). */
export type DepthReading = { kind: 'depth'; depth: Depth } | { kind: 'none' } | { kind: 'record-filter' };

/**
 * Reads every accepted form of a depth: names and admin-center labels (parseDepth), `None`, `RecordFilter`, and a
 * bare number by `scheme`: `enum` is the Web API's PrivilegeDepth (0 Basic, 1 Local, 2 Deep, 3 Global,
 * 4 RecordFilter), `mask` is privilegedepthmask (1 Basic, 2 Local, 4 Deep, 8 Global). Undefined when unreadable.
 */
export function readDepthValue(text: string, scheme: 'enum' | 'mask' = 'enum'): DepthReading | undefined {
  const t = text.trim();
  const named = parseDepth(t);
  if (named !== undefined) return { kind: 'depth', depth: named };
  const lower = t.toLowerCase();
  if (lower === 'none') return { kind: 'none' };
  if (lower === 'recordfilter' || lower === 'record filter') return { kind: 'record-filter' };
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  if (scheme === 'enum') {
    if (n <= 3) return { kind: 'depth', depth: (n + 1) as Depth };
    if (n === 4) return { kind: 'record-filter' };
    return undefined;
  }
  switch (n) {
    case 0:
      return { kind: 'none' };
    case 1:
      return { kind: 'depth', depth: Depth.Basic };
    case 2:
      return { kind: 'depth', depth: Depth.Local };
    case 4:
      return { kind: 'depth', depth: Depth.Deep };
    case 8:
      return { kind: 'depth', depth: Depth.Global };
    default:
      return undefined;
  }
}

/** Every spelling readDepthValue accepts by name, for suggestions. */
export const DEPTH_SPELLINGS: readonly string[] = [
  'Basic',
  'Local',
  'Deep',
  'Global',
  'User',
  'Business Unit',
  'Parent: Child Business Units',
  'Organization',
  'None',
  'RecordFilter',
];

/**
 * How a bare number in a depth column is read: `enum` is the Web API's PrivilegeDepth (0 Basic, 1 Local, 2 Deep,
 * 3 Global, 4 RecordFilter); `mask` is roleprivileges.privilegedepthmask (1 Basic, 2 Local, 4 Deep, 8 Global).
 */
export type DepthScheme = 'enum' | 'mask';

/** What the bare numbers of one file say about their scheme (see inferDepthScheme). */
export interface DepthSchemeInference {
  scheme: DepthScheme;
  /** Numbers were seen, but only 1, 2 and 4: read as `enum`, which the file cannot confirm (the reader warns once). */
  ambiguous: boolean;
  /** Both an enum-only number (0, 3) and a mask-only number (8) were seen: the numbers contradict each other. */
  contradictory: boolean;
}

/**
 * Infers how the bare numbers of one file are meant: any 0 or 3 means `enum` (masks have neither), any 8 means
 * `mask` (the enum stops at 4); both at once contradict; only 1, 2 and 4 (valid either way) are read as `enum`,
 * the Web API's own numbering, and flagged as ambiguous. Texts that are not bare numbers are not looked at.
 */
export function inferDepthScheme(values: Iterable<string>): DepthSchemeInference {
  let enumOnly = false;
  let maskOnly = false;
  let any = false;
  for (const v of values) {
    const t = v.trim();
    if (!/^\d+$/.test(t)) continue;
    any = true;
    const n = Number(t);
    if (n === 0 || n === 3) enumOnly = true;
    else if (n === 8) maskOnly = true;
  }
  return { scheme: maskOnly && !enumOnly ? 'mask' : 'enum', ambiguous: any && !enumOnly && !maskOnly, contradictory: enumOnly && maskOnly };
}

/** Whether a depth text is a bare number (read by a scheme). */
export function isDepthNumber(text: string): boolean {
  return /^\s*\d+\s*$/.test(text);
}

/**
 * Office Collaborator's reach, shown where a depth would be: Read of rows shared with the whole organization only
 * (ROLE-012). The one name of this concept in data is `orgSharedReadOnly` (catalogue, compiled model, evaluator).
 */
export const ORG_SHARED_ROWS = 'Organization-shared rows';
