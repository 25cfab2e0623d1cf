// What every reader of an export source returns (a CSV folder, a Web API bundle, a solution): the facts it read,
// the files with their SHA-256, and every problem and warning, never thrown one by one.
import type { EnvironmentSpec } from '../model/spec.ts';
import type { Problem } from '../vocabulary/index.ts';

export interface InputFile {
  path: string;
  sha256: string;
  rows: number;
}

export interface SourceRead {
  spec: EnvironmentSpec;
  files: InputFile[];
  problems: Problem[];
  warnings: Problem[];
  /** Files that could not be read to the end (or are missing): checks that depend on their rows are not run. */
  broken: Set<string>;
  /** The order in which problems are listed, by file. */
  fileOrder: readonly string[];
}
