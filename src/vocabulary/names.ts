// The one rule by which names (users, teams, roles, business units, tables, record ids) are compared: trimmed,
// then compared case-insensitively.
export const key = (name: string): string => name.trim().toLowerCase();
