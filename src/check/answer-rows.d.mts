// Types of answer-rows.mjs (plain JavaScript, so that a worker thread can load it without the TypeScript loader).
export declare function csvField(v: string): string;
export declare function writeAllAt(fd: number, bytes: Uint8Array, pos: number): number;
export declare function startsLikeFormula(v: string): boolean;
export declare function bomLength(bytes: Uint8Array): number;
export declare class RowBuilder {
  constructor(source: Uint8Array | string, reuse?: boolean);
  pieces: string[];
  add(pieces: readonly string[]): void;
  build(desc: Int32Array, length: number, extras: readonly string[], emit: (block: Uint8Array) => void): void;
  flush(emit: (block: Uint8Array) => void): void;
}
