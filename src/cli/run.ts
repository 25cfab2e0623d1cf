// `rolecheck run`: the specification against the documented baseline, through cucumber-js in a child process
// (it loads the TypeScript steps with tsx) with the standard reports written into the output folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function cucumberBin(): string {
  return join(require.resolve('@cucumber/cucumber/package.json'), '..', 'bin', 'cucumber.js');
}

export async function runSpecification(opts: { out: string; tags?: string }): Promise<number> {
  // The project's own specification and configuration (cucumber.js), wherever the command is run from: cucumber
  // runs in the project folder, and the output folder is resolved from where the command was started.
  const out = resolve(opts.out);
  mkdirSync(out, { recursive: true });
  const args = ['--import', 'tsx', cucumberBin(),
    // compliance.html/.json/.csv, junit.xml, messages.ndjson and manifest.json come from the report formatter
    // registered in cucumber.js (src/report/formatter.ts), written atomically into the output folder.
    '--format-options', JSON.stringify({ rolecheck: { out } }),
    '--format', `html:${join(out, 'cucumber.html')}`,
    ...(opts.tags ? ['--tags', opts.tags] : [])];
  const child = spawn(process.execPath, args, { stdio: 'inherit', cwd: PROJECT_ROOT, env: { ...process.env, ROLECHECK_REPORT_DIR: out } });
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 2)));
  if (!existsSync(join(out, 'compliance.html'))) {
    process.stderr.write(`rolecheck: the specification could not run (cucumber exit code ${code}); no report was written.\n`);
    return 2;
  }
  process.stderr.write(`rolecheck: reports written to ${opts.out}/\n`);
  return code === 0 ? 0 : 1;
}
