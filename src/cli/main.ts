// Entry point of the `rolecheck` command: argument parsing only; each command lives in its own file.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { rulesJson, rulesTable } from './rules.ts';
import { runSpecification } from './run.ts';
import { reportCommand } from '../report/rebuild.ts';
import { registerExportCommands } from './export-commands.ts';
import { registerInitCommand } from './init.ts';
import { printError } from './terminal.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('rolecheck')
    .description('Executable specification of Power Platform security roles, and audits of environment exports')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();

  program.command('rules')
    .description('print the rule catalogue: every documented rule, its source and how many scenarios test it')
    .option('--json', 'machine-readable JSON on stdout')
    .action((opts: { json?: boolean }) => {
      process.stdout.write(opts.json ? JSON.stringify(rulesJson(), null, 2) + '\n' : rulesTable());
    });

  program.command('report')
    .description('rebuild every report output from saved cucumber message logs (several logs, e.g. CI shards, are merged)')
    .requiredOption('--from <messages.ndjson...>', 'one or more message logs (messages.ndjson)')
    .option('--out <dir>', 'output folder', 'reports')
    .action((opts: { from: string[]; out: string }) => { code = reportCommand(opts); });

  program.command('run')
    .description('run the whole specification against the documented baseline and write the reports')
    .option('--out <dir>', 'output folder', 'reports')
    .option('--tags <expr>', 'cucumber tag expression to select rules')
    .action(async (opts: { out: string; tags?: string }) => { code = await runSpecification(opts); });

  registerExportCommands(program, (c) => { code = c; });
  registerInitCommand(program, (c) => { code = c; });

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    printError(`rolecheck: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  return code;
}
