// `rolecheck run`: the specification against the documented baseline, through cucumber-js in a child process
// (it loads the TypeScript steps with tsx) with the standard reports written into the output folder.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

export function cucumberBin(): string {
  return join(require.resolve('@cucumber/cucumber/package.json'), '..', 'bin', 'cucumber.js');
}

export async function runSpecification(opts: { out: string; tags?: string }): Promise<number> {
  mkdirSync(opts.out, { recursive: true });
  const args = ['--import', 'tsx', cucumberBin(),
    // compliance.html/.json/.csv, junit.xml, messages.ndjson and manifest.json come from the report formatter
    // registered in cucumber.js (src/report/formatter.ts), written atomically into the output folder.
    '--format-options', JSON.stringify({ rolecheck: { out: opts.out } }),
    '--format', `html:${join(opts.out, 'cucumber.html')}`,
    ...(opts.tags ? ['--tags', opts.tags] : [])];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
  process.stderr.write(`rolecheck: reports written to ${opts.out}/\n`);
  return code === 0 ? 0 : 1;
}
