// Vocabulary shared by every layer of the model. Numbers are used on the hot path; names at the edges.

export const PRIVILEGES = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
export type Privilege = (typeof PRIVILEGES)[number];

/** Access level of a grant. Each level covers every level below it. */
export const enum Depth { None = 0, Basic = 1, Local = 2, Deep = 3, Global = 4 }
export const DEPTH_NAMES = ['None', 'Basic', 'Local', 'Deep', 'Global'] as const;
export type DepthName = (typeof DEPTH_NAMES)[number];
/** The labels of the Power Platform admin center, in the same order. */
export const DEPTH_LABELS = ['None', 'User', 'Business Unit', 'Parent: Child Business Units', 'Organization'] as const;

export type TableOwnership = 'user' | 'organization';
export type TeamType = 'owner' | 'group' | 'access';
export type Inheritance = 'direct-and-team' | 'team-only';
export type PrincipalType = 'user' | 'team';
export type ShareTarget = 'user' | 'team' | 'organization';

export const ENVIRONMENT_TYPES = ['Default', 'Production', 'Sandbox', 'Developer', 'Trial', 'Teams'] as const;
export type EnvironmentType = (typeof ENVIRONMENT_TYPES)[number];

/** Where a fact came from, so that errors and findings can point at it (file:line:column). */
export interface Origin {
  file: string;
  line: number;
  /** 1-based column number of each field of the row, by field name. */
  columns?: Record<string, number>;
}

const PRIVILEGE_BY_LOWER = new Map<string, number>(PRIVILEGES.map((x, i) => [x.toLowerCase(), i]));

export function privilegeIndex(p: string): number {
  return PRIVILEGE_BY_LOWER.get(p.trim().toLowerCase()) ?? -1;
}

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
    case 'basic': case 'user': return Depth.Basic;
    case 'local': case 'business unit': return Depth.Local;
    case 'deep': case 'parent: child business units': case 'parent:child business units': return Depth.Deep;
    case 'global': case 'organization': return Depth.Global;
    default: return undefined;
  }
}

export const key = (name: string): string => name.trim().toLowerCase();
