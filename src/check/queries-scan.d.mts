// Types of queries-scan.mjs (plain JavaScript, so that a worker thread can load it without the TypeScript loader).
export interface ByteIndexParts {
  table: Uint8Array;
  keys: Uint8Array;
  width: number;
}
export declare class ByteIndex {
  static build(entries: Iterable<[string, number]>): ByteIndex;
  constructor(parts: ByteIndexParts);
  parts(): ByteIndexParts;
  get(bytes: Uint8Array, from: number, to: number): number;
}
/** Column positions of a queries file (record -1 when the column is absent) and its line breaks. */
export interface ScanPlan {
  cols: number;
  user: number;
  privilege: number;
  table: number;
  record: number;
  crlf: boolean;
}
export interface ScanTables {
  user: ByteIndex;
  table: ByteIndex;
  record: ByteIndex;
  privilege: ByteIndex;
  undescribed: ByteIndex;
  recordTable: Int32Array;
  orgOwned: Uint8Array;
}
export interface ScanOut {
  user: Int32Array;
  privilege: Int8Array;
  table: Int32Array;
  record: Int32Array;
  start: Int32Array;
  end: Int32Array;
  formula: number[];
}
/** A code of validateQuery (src/model/query.ts), or `not-plain` for a line the scanner does not read. */
export type ScanCode = import('../model/query.ts').QueryProblemCode | 'not-plain';
export declare function scanRows(
  bytes: Uint8Array,
  at: number,
  max: number,
  plan: ScanPlan,
  tables: ScanTables,
  out: ScanOut,
): { rows: number; at: number; code?: ScanCode };
