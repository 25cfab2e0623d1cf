// A role privilege row read from an input file, which makes its origin when asked. A large solution or export has
// millions of these rows: an origin object per row (and a columns object in it) kept the garbage collector as busy
// as the parse itself (profiled, bench/solution.ts and the audit's phases). The position is kept in private fields,
// so the row reads and serializes as plain data.
import type { RolePrivilegeSpec } from '../model/spec.ts';
import type { Origin } from '../vocabulary/index.ts';

export class PrivilegeRow implements RolePrivilegeSpec {
  readonly #file: string;
  readonly #line: number;
  /** The columns of the file's header (shared by its rows), or the one column a whole XML element starts at. */
  readonly #columns: Readonly<Record<string, number>> | number;
  constructor(
    public role: string,
    public privilege: string,
    public depth: string,
    file: string,
    line: number,
    columns: Readonly<Record<string, number>> | number,
  ) {
    this.#file = file;
    this.#line = line;
    this.#columns = columns;
  }
  get origin(): Origin {
    const c = this.#columns;
    return { file: this.#file, line: this.#line, columns: typeof c === 'number' ? { privilege: c, depth: c } : { ...c } };
  }
}
