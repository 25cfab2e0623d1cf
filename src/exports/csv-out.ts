// A CSV file written as a stream (CRLF), hashed as it goes, so that what grows with a tenant (the effective access
// data files, the rows of every user in every environment) is never held whole in memory and its SHA-256 and size
// are known when it is closed.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { neutralise } from '../vocabulary/formula.mjs';

// csv-stringify's CommonJS build: one module instead of many through the TypeScript loader (see csv.ts).
const { stringify } = createRequire(import.meta.url)('csv-stringify/sync') as typeof import('csv-stringify/sync');

export interface FileStats {
  rows: number;
  bytes: number;
  sha256: string;
}

export class CsvOut {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private batch: string[][] = [];
  rows = 0;
  bytes = 0;
  constructor(
    readonly path: string,
    header: readonly string[],
  ) {
    mkdirSync(dirname(path), { recursive: true });
    this.out = createWriteStream(path);
    this.put(stringify([[...header]], { record_delimiter: '\r\n' }));
  }
  private put(text: string): boolean {
    const b = Buffer.from(text, 'utf8');
    this.hash.update(b);
    this.bytes += b.length;
    return this.out.write(b);
  }
  /** A row; every cell neutralised (the one formula rule, src/vocabulary/formula.mjs). */
  row(cells: ReadonlyArray<string | number | boolean>): Promise<void> {
    return this.rowAsIs(cells.map((x) => neutralise(String(x))));
  }
  /** A row whose cells are already neutralised (the caller needed them so, e.g. to sort by them). */
  async rowAsIs(cells: string[]): Promise<void> {
    this.batch.push(cells);
    this.rows++;
    if (this.batch.length >= 10_000) await this.flush();
  }
  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const text = stringify(this.batch, { record_delimiter: '\r\n' });
    this.batch = [];
    if (!this.put(text)) await once(this.out, 'drain');
  }
  async close(): Promise<FileStats> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.out.on('error', reject);
      this.out.end(resolve);
    });
    return { rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
