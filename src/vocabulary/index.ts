// The ground floor: the words every layer shares. Imports nothing.
export * from './privileges.ts';
export * from './depths.ts';
export * from './principals.ts';
export * from './names.ts';
export * from './echo.ts';
export * from './origin.ts';
export * from './severity.ts';
export * from './rule-ids.ts';
