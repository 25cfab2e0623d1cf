// Red team, check's formula escaping: a record id written with a fullwidth or small-form formula start
// (＝HYPERLINK(…), ＋, －, ＠, ﹦) is escaped like the ASCII ones on every path of `check` (one thread, the threaded
// path's fall-back for a large file, csv-parse for a quoted file; a stream and a file), by the one rule that
// compliance.csv follows (src/vocabulary/formula.mjs).
import { appendFileSync, closeSync, cpSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkQueries } from '../src/check/check.ts';
import { loadExport, type LoadedExport } from '../src/exports/load.ts';
import { neutralise } from '../src/report/render.ts';
import { startsLikeFormula } from '../src/vocabulary/formula.mjs';

const IDS = ['\uff1dHYPERLINK(1)', '\uff0bR7', '\uff0dR6', '\uff20R5', '\ufe66R4', '=R3', 'R2'];

class Collect extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

let loaded: LoadedExport;
let work: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rolecheck-formula-'));
  const dir = join(work, 'export');
  cpSync('test/fixtures/exports/check-semantics', dir, { recursive: true });
  appendFileSync(join(dir, 'records.csv'), IDS.map((id) => `${id},new_doc,owner@x.com,user,\n`).join(''));
  loaded = await loadExport(dir);
});

/** The answers of `lines` through a stream and through a file: both must be the same text. */
async function answers(name: string, lines: string[]): Promise<string[][]> {
  const path = join(work, name);
  writeFileSync(path, lines.join('\n') + '\n');
  if (name.includes('large')) expect(statSync(path).size).toBeGreaterThan(4 * 2 ** 20);
  const stream = new Collect();
  await checkQueries(loaded.model, path, stream);
  const out = join(work, `${name}.out`);
  const fd = openSync(out, 'w');
  try {
    await checkQueries(loaded.model, path, { kind: 'file', fd });
  } finally {
    closeSync(fd);
  }
  expect(readFileSync(out, 'utf8')).toBe(stream.text);
  return parse(stream.text) as string[][];
}

describe('check escapes every formula start that compliance.csv escapes', () => {
  it('one rule: fullwidth and small forms start a formula, as = + - @ do', () => {
    expect(IDS.map(startsLikeFormula)).toEqual([true, true, true, true, true, true, false]);
    expect(IDS.map(neutralise)).toEqual(IDS.map((id) => (id === 'R2' ? id : `'${id}`)));
  });

  it.each([
    ['a small plain file (one thread)', (rows: string[]) => rows],
    ['a quoted file (csv-parse)', (rows: string[]) => rows.map((r) => r.replace(/^owner@x\.com/, '"owner@x.com"'))],
    ["a large file (over the threaded path's 4 MB)", (rows: string[]) => Array.from({ length: 20_000 }, () => rows).flat()],
  ])('%s: stream and file', async (name, shape) => {
    const rows = IDS.map((id) => `owner@x.com,Read,new_doc,${id}`);
    const got = await answers(name.replace(/\W+/g, '-') + '.csv', ['user,privilege,table,record', ...shape(rows)]);
    const ids = got.slice(1, IDS.length + 1).map((r) => r[3]);
    expect(ids).toEqual(IDS.map(neutralise));
    expect(got.slice(1).every((r) => r[4] === 'allow')).toBe(true);
  });
});
