export * from './rules.ts';
export * from './roles.ts';
export * from './resources.ts';
export * from './tables.ts';
export { R as MODEL_RULE_IDS } from './model-rules.ts';
export * from './drift.ts';
export * from './limitations.ts';
export * from './misc-privileges.ts';
export * from './privilege-names.ts';
