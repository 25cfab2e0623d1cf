// The three ways `check` answers must write the same bytes: the threaded path (a large plain file: a scanner
// worker, the deciding thread, a writer worker), the one-thread path (resolveQueries + answerQueries) and the
// general reader (csv-parse, or a file the scanner does not take). And a bad row in a large file must leave
// nothing behind, whichever sink.
import { appendFileSync, closeSync, cpSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerQueries, checkQueries, resolveQueries } from '../src/check/check.ts';
import { ExportError, formatExportProblem, loadExport, type LoadedExport } from '../src/exports/load.ts';

const EXPORT = 'test/fixtures/exports/check-semantics';
const QUERIES: string[][] = [
  ['owner@x.com', 'Read', 'new_doc', 'D1'],
  ['owner@x.com', 'Read', 'new_doc', 'D2'],
  ['local@x.com', 'Read', 'new_doc', 'D7'],
  ['deep@x.com', 'Read', 'new_doc', 'D7'],
  ['global@x.com', 'Read', 'new_doc', 'D1'],
  ['teamonly@x.com', 'Write', 'new_doc', 'D4'],
  ['teamonly@x.com', 'Create', 'new_doc', ''],
  ['inherit@x.com', 'Create', 'new_doc', ''],
  ['inherit@x.com', 'Write', 'new_doc', 'D6'],
  ['sharer@x.com', 'Read', 'new_doc', 'D3'],
  ['acc@x.com', 'Read', 'new_doc', 'D3'],
  ['org@x.com', 'Read', 'new_doc', 'D8'],
  ['grp@x.com', 'Read', 'new_doc', 'D8'],
  ['owner@x.com', 'Read', 'new_setting', ''],
  ['sa@x.com', 'Delete', 'new_doc', 'D1'],
  ['bu@x.com', 'Read', 'account', 'ACC1'],
  ['sc@x.com', 'Read', 'account', 'ACC3'],
  ['em@x.com', 'Read', 'new_doc', 'D1'],
  [' OWNER@X.COM ', 'read', 'NEW_DOC', ' d1'],
];
/** Rows enough for a file over the threaded path's threshold (4 MB). */
const ROWS = 120_000;

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

let loaded: LoadedExport;
let work: string;
beforeAll(async () => {
  loaded = await loadExport(EXPORT);
  work = mkdtempSync(join(tmpdir(), 'rolecheck-paths-'));
});

function bigFile(name: string, opts: { crlf?: boolean; bom?: boolean; header?: string; last?: string } = {}): string {
  const nl = opts.crlf ? '\r\n' : '\n';
  const lines = [opts.header ?? 'user,privilege,table,record'];
  for (let i = 0; i < ROWS; i++) {
    lines.push(QUERIES[i % QUERIES.length]!.join(','));
    if (i % 1000 === 999) lines.push('');
  }
  if (opts.last) lines.push(opts.last);
  const path = join(work, name);
  writeFileSync(path, (opts.bom ? '\ufeff' : '') + lines.join(nl) + nl);
  return path;
}

async function oneThread(path: string): Promise<Buffer> {
  const out = new Collect();
  await answerQueries(loaded.model, path, await resolveQueries(loaded.model, path), out);
  return out.bytes;
}
async function toStream(path: string): Promise<Buffer> {
  const out = new Collect();
  await checkQueries(loaded.model, path, out);
  return out.bytes;
}
async function toFd(path: string): Promise<Buffer> {
  const target = join(work, 'answers.csv');
  const fd = openSync(target, 'w');
  try {
    await checkQueries(loaded.model, path, { kind: 'file', fd });
  } finally {
    closeSync(fd);
  }
  return readFileSync(target);
}

describe('check: every path writes the same answers', () => {
  it('a large plain file: threads (stream and file) and one thread agree byte for byte', async () => {
    const path = bigFile('big.csv');
    const one = await oneThread(path);
    expect((await toStream(path)).equals(one)).toBe(true);
    expect((await toFd(path)).equals(one)).toBe(true);
    const rows = parse(one) as string[][];
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[1]!.slice(4, 6)).toEqual(['allow', 'Basic']);
    expect(rows[19]!.slice(0, 6)).toEqual([' OWNER@X.COM ', 'read', 'NEW_DOC', ' d1', 'allow', 'Basic']);
  });

  it('CRLF line breaks and a byte-order mark give the same answers as LF', async () => {
    const lf = await oneThread(bigFile('lf.csv'));
    expect((await toStream(bigFile('crlf.csv', { crlf: true, bom: true }))).equals(lf)).toBe(true);
  });

  it('a file the scanner does not take (an extra column) goes through the general reader, with the column kept', async () => {
    const path = bigFile('extra.csv', { header: 'user,privilege,table,record,note' });
    // Every row has one field fewer than the header: the general reader reports each of them.
    await expect(checkQueries(loaded.model, path, new Collect())).rejects.toBeInstanceOf(ExportError);
    const lines = ['user,privilege,table,record,note'];
    for (let i = 0; i < ROWS; i++) lines.push([...QUERIES[i % QUERIES.length]!, i % 7 === 0 ? '=1+1' : `n${i}`].join(','));
    const p2 = join(work, 'extra2.csv');
    writeFileSync(p2, lines.join('\n') + '\n');
    const out = await toStream(p2);
    expect(out.equals(await oneThread(p2))).toBe(true);
    const rows = parse(out) as string[][];
    expect(rows[0]).toEqual(['user', 'privilege', 'table', 'record', 'note', 'decision', 'depth', 'via', 'reason']);
    expect(rows[1]![4]).toBe("'=1+1");
  });

  it('values that start like a formula (a record id "=R9", "-R8") are neutralised on every path', async () => {
    const dir = join(work, 'formula-export');
    cpSync(EXPORT, dir, { recursive: true });
    appendFileSync(join(dir, 'records.csv'), '=R9,new_doc,owner@x.com,user,\n-R8,new_doc,owner@x.com,user,\n');
    const model = (await loadExport(dir)).model;
    const lines = ['user,privilege,table,record'];
    for (let i = 0; i < ROWS; i++)
      lines.push(
        i % 3 === 0
          ? 'owner@x.com,Read,new_doc,=R9'
          : i % 3 === 1
            ? 'owner@x.com,Write,new_doc,-R8'
            : QUERIES[i % QUERIES.length]!.join(','),
      );
    const path = join(work, 'formula-big.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    const threaded = new Collect();
    await checkQueries(model, path, threaded);
    const one = new Collect();
    await answerQueries(model, path, await resolveQueries(model, path), one);
    expect(threaded.bytes.equals(one.bytes)).toBe(true);
    const rows = parse(threaded.bytes) as string[][];
    expect(rows[1]!.slice(0, 5)).toEqual(['owner@x.com', 'Read', 'new_doc', "'=R9", 'allow']);
    expect(rows[2]!.slice(0, 5)).toEqual(['owner@x.com', 'Write', 'new_doc', "'-R8", 'deny']);
  });

  it('a bad row at the end of a large file: every problem reported, nothing written to a stream or a file', async () => {
    const path = bigFile('bad.csv', { last: 'owner@x.com,Raed,new_doc,D1' });
    const out = new Collect();
    const err = await checkQueries(loaded.model, path, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExportError);
    const problems = (err as ExportError).problems.map(formatExportProblem);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:${ROWS + Math.floor(ROWS / 1000) + 2}:2: unknown privilege .*did you mean "Read"`,
      ),
    );
    expect(out.chunks).toHaveLength(0);
    const target = join(work, 'bad-answers.csv');
    const fd = openSync(target, 'w');
    try {
      await expect(checkQueries(loaded.model, path, { kind: 'file', fd })).rejects.toBeInstanceOf(ExportError);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(target)).toHaveLength(0);
  });
});
