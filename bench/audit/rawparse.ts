// The peer of the import: raw csv-parse over the same files, streaming, doing nothing with the rows. `plain`
// is csv-parse's default record stream (the strict peer); `reader` adds the options the tenant reader uses
// (bom, relax_column_count, skip_empty_lines, on_record — on_record makes csv-parse build an info object per row).
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';

export async function rawParse(folder: string, mode: 'plain' | 'reader' = 'plain'): Promise<{ bytes: number; rows: number; ms: number }> {
  return rawParseFiles(
    readdirSync(folder)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => join(folder, f)),
    mode,
  );
}

/** rawParse over the given files. */
export async function rawParseFiles(
  paths: string[],
  mode: 'plain' | 'reader' = 'plain',
): Promise<{ bytes: number; rows: number; ms: number }> {
  let bytes = 0;
  let rows = 0;
  const t0 = performance.now();
  for (const path of paths) {
    bytes += statSync(path).size;
    await new Promise<void>((resolve, reject) => {
      const parser =
        mode === 'reader'
          ? parse({
              bom: true,
              relax_column_count: true,
              skip_empty_lines: true,
              on_record: ((rec: string[]) => {
                rows++;
                void rec;
                return null;
              }) as never,
            })
          : parse();
      if (mode === 'plain')
        parser.on('data', () => {
          rows++;
        });
      parser.on('error', reject);
      parser.on('end', resolve);
      parser.resume();
      const input = createReadStream(path);
      input.on('error', reject);
      input.pipe(parser);
    });
  }
  return { bytes, rows, ms: performance.now() - t0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await rawParse(process.argv[2]!, (process.argv[3] ?? 'plain') as 'plain' | 'reader');
  process.stdout.write(JSON.stringify({ ...r, mbPerSec: r.bytes / 2 ** 20 / (r.ms / 1000) }) + '\n');
}
