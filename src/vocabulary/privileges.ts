// The eight table privileges of Dataverse, in the order used everywhere (numbers on the hot path, names at the
// edges), and their AccessRights bits (the Web API's AccessRights flags; shares carry them as a mask).
// Source: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/accessrights

export const PRIVILEGES = ['Create', 'Read', 'Write', 'Delete', 'Append', 'AppendTo', 'Assign', 'Share'] as const;
export type Privilege = (typeof PRIVILEGES)[number];

/** AccessRights value of each privilege, in PRIVILEGES order. */
export const ACCESS_RIGHTS: Readonly<Record<Privilege, number>> = {
  Create: 32,
  Read: 1,
  Write: 2,
  Delete: 65536,
  Append: 4,
  AppendTo: 16,
  Assign: 524288,
  Share: 262144,
};

/** The privileges a share can carry (every privilege but Create: a share is about an existing row). */
export const SHARE_RIGHTS: readonly Privilege[] = PRIVILEGES.filter((p) => p !== 'Create');

const PRIVILEGE_BY_LOWER = new Map<string, number>(PRIVILEGES.map((x, i) => [x.toLowerCase(), i]));

/** Index of a privilege name (case-insensitive, trimmed), or -1. */
export function privilegeIndex(p: string): number {
  return PRIVILEGE_BY_LOWER.get(p.trim().toLowerCase()) ?? -1;
}

/** The privileges set in an AccessRights mask, in PRIVILEGES order; `rest` holds bits that name no privilege. */
export function privilegesOfMask(mask: number): { privileges: Privilege[]; rest: number } {
  const privileges: Privilege[] = [];
  let rest = mask;
  for (const p of PRIVILEGES) {
    const bit = ACCESS_RIGHTS[p];
    if ((mask & bit) !== 0) {
      privileges.push(p);
      rest &= ~bit;
    }
  }
  return { privileges, rest };
}
