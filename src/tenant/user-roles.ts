// "Which roles does each user have, in every environment": one row per role a user holds in one environment, for a
// whole tenant. Each environment's rows are written while its model is loaded, sorted by the user's name key; the
// tenant's file is a k-way merge of the environments' files (and the merge of CI shards is the same merge of the
// shards' files), so no file is ever held whole in memory, whatever the number of users and environments.
//
// The sort key is the name key (src/vocabulary/names.ts: the same user written Ana@… in one environment and ana@… in
// another is one user) of the user cell as written (after the formula rule), so that the merge can read it back
// from any of these files and order rows exactly as they were written. Ties: the environments' order, then the
// order of the rows within one environment.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ignoredText } from '../explain/wording.ts';
import type { Model } from '../model/index.ts';
import { CsvOut, type FileStats } from '../exports/csv-out.ts';
import { key } from '../vocabulary/index.ts';
import { neutralise } from '../vocabulary/formula.mjs';

// csv-parse's CommonJS build: one module instead of many (see src/exports/csv.ts).
const require = createRequire(import.meta.url);
const { parse } = require('csv-parse') as typeof import('csv-parse');

export const USER_ROLES_FILE = 'user-roles.csv';
export const USER_ROLES_HEADER = [
  'user',
  'environment',
  'environment_name',
  'role',
  'kind',
  'team',
  'business_unit',
  'copy',
  'user_enabled',
  'note',
] as const;

export type { FileStats };

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Writes every role of every user of one environment, sorted by user: security roles that reach the user (directly
 * or through a team, from which business unit's copy), environment roles (Environment Maker is automatic for every
 * user, ENV-003), and assignments the model ignores (with why).
 * `environment` is the environment's folder name (unique in the tenant), `environmentName` its environment.csv name.
 */
export async function writeUserRoles(path: string, environment: string, environmentName: string, model: Model): Promise<FileStats> {
  const c = model.compiled;
  const env = neutralise(environment);
  const envName = neutralise(environmentName);
  const written = c.users.map((u) => neutralise(u.name));
  const keys = written.map(key);
  const order = c.users.map((_, i) => i).sort((a, b) => cmp(keys[a]!, keys[b]!) || a - b);
  const out = new CsvOut(path, USER_ROLES_HEADER);
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  for (const u of order) {
    const user = c.users[u]!;
    const name = written[u]!;
    const enabled = yes(user.enabled);
    const row = (role: string, kind: string, team: string, bu: string, copy: string, note: string) =>
      out.rowAsIs([name, env, envName, neutralise(role), kind, neutralise(team), neutralise(bu), copy, enabled, neutralise(note)]);
    for (let h = c.holdStart[u]!, e = c.holdStart[u + 1]!; h < e; h++) {
      const m = c.holdTeam[h]!;
      const bu = c.holdBu[h]!;
      const own = m >= 0 ? c.teams[m]!.businessUnit : user.businessUnit;
      await row(
        c.roles[c.holdRole[h]!]!.name,
        'security role',
        m >= 0 ? c.teams[m]!.name : '',
        c.buNames[bu] ?? '',
        yes(bu !== own),
        c.holdKind[h] === 2 ? 'team privileges only' : '',
      );
    }
    const assigned = c.environmentRoles[u]!;
    if (assigned.has('Environment Admin')) await row('Environment Admin', 'environment role', '', '', '', '');
    // Every user holds Environment Maker (ENV-003), assigned or not: so every user has at least this row.
    await row('Environment Maker', 'environment role', '', '', '', assigned.has('Environment Maker') ? '' : 'automatic (ENV-003)');
    for (const g of model.data.ignoredFor(u)) {
      await row(g.role, 'security role', g.principalType === 'team' ? g.principal : '', '', '', `ignored: ${ignoredText(g.reason)}`);
    }
  }
  return out.close();
}

/** Reads a CSV file written by this module, record by record, without a promise per record. */
class Source {
  private readonly parser;
  private buffered: string[][] = [];
  private at = 0;
  private ended = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;
  head: string[] | undefined;
  headKey = '';
  headEnv = 0;
  constructor(
    readonly path: string,
    readonly index: number,
    private readonly envOrder: ReadonlyMap<string, number>,
  ) {
    this.parser = createReadStream(path).pipe(parse({ bom: true, from_line: 2 }));
    const wake = () => {
      const w = this.wake;
      this.wake = undefined;
      w?.();
    };
    this.parser.on('readable', wake);
    this.parser.on('end', () => {
      this.ended = true;
      wake();
    });
    this.parser.on('error', (e: Error) => {
      this.error = e;
      wake();
    });
  }
  /** Moves to the next record; false at the end. */
  async next(): Promise<boolean> {
    while (this.at >= this.buffered.length) {
      this.buffered = [];
      this.at = 0;
      let rec: string[] | null;
      while ((rec = this.parser.read() as string[] | null) !== null) this.buffered.push(rec);
      if (this.error) throw new Error(`${this.path}: ${this.error.message}`);
      if (this.buffered.length) break;
      if (this.ended) {
        this.head = undefined;
        return false;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    const rec = this.buffered[this.at++]!;
    if (rec.length !== USER_ROLES_HEADER.length)
      throw new Error(`${this.path}: a row of ${rec.length} cells; expected ${USER_ROLES_HEADER.length} (${USER_ROLES_HEADER.join(',')})`);
    const env = this.envOrder.get(rec[1]!);
    if (env === undefined) throw new Error(`${this.path}: environment "${rec[1]}" is not one of the environments merged`);
    this.head = rec;
    this.headKey = key(rec[0]!);
    this.headEnv = env;
    return true;
  }
}

const before = (a: Source, b: Source) =>
  a.headKey < b.headKey || (a.headKey === b.headKey && (a.headEnv < b.headEnv || (a.headEnv === b.headEnv && a.index < b.index)));

/** At most this many files are read at once; more are merged in groups first (each group into a scratch file). */
const FAN_IN = 64;

/**
 * Merges files of user-roles rows (each sorted as writeUserRoles sorts) into `out`. `envOrder`: each environment's
 * position in the tenant (the order of ties). `scratch`: a folder for intermediate files when there are many inputs.
 */
export async function mergeUserRoles(
  inputs: readonly string[],
  out: string,
  envOrder: ReadonlyMap<string, number>,
  scratch: string,
): Promise<FileStats> {
  if (inputs.length > FAN_IN) {
    const groups: string[] = [];
    for (let i = 0; i < inputs.length; i += FAN_IN) {
      const p = join(scratch, `user-roles.${groups.length}.csv`);
      await mergeUserRoles(inputs.slice(i, i + FAN_IN), p, envOrder, join(scratch, String(groups.length)));
      groups.push(p);
    }
    return mergeUserRoles(groups, out, envOrder, scratch);
  }
  const writer = new CsvOut(out, USER_ROLES_HEADER);
  // A binary heap of the sources that still have a record, by (user key, environment, source).
  const heap: Source[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < inputs.length; i++) {
    const s = new Source(inputs[i]!, i, envOrder);
    if (await s.next()) {
      heap.push(s);
      up(heap.length - 1);
    }
  }
  while (heap.length) {
    const s = heap[0]!;
    await writer.rowAsIs(s.head!);
    if (await s.next()) down(0);
    else {
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        down(0);
      }
    }
  }
  return writer.close();
}
