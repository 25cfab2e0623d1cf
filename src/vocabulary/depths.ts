// Access levels (depths) of a grant. Each level covers every level below it.
// Sources: https://learn.microsoft.com/power-platform/admin/security-roles-privileges (levels and admin-center
// labels); https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/privilegedepth (the
// Web API's PrivilegeDepth: Basic 0, Local 1, Deep 2, Global 3, RecordFilter 4);
// https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/gg308072(v=crm.8) (depth masks
// 1, 2, 4, 8 of roleprivileges.privilegedepthmask).

export const enum Depth { None = 0, Basic = 1, Local = 2, Deep = 3, Global = 4 }
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
    case 'basic': case 'user': return Depth.Basic;
    case 'local': case 'business unit': return Depth.Local;
    case 'deep': case 'parent: child business units': case 'parent:child business units': return Depth.Deep;
    case 'global': case 'organization': return Depth.Global;
    default: return undefined;
  }
}
