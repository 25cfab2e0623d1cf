// Types of bin/tiering.mjs, for the TypeScript that imports it (vitest.config.ts, test/tiering.test.ts).
/** The interrupt budget the command runs with: 16 × V8's default (67,584). */
export declare const INTERRUPT_BUDGET: number;
