// Entry point of the `rolecheck` command: argument parsing only. Each command's module (and with it cucumber, the
// CSV reader, Handlebars, the Gherkin parser) is imported when that command runs, so `rolecheck --version` and
// `--help` load commander and nothing else (the start-up benchmark: `npm run bench -- --only startup`).
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerExportCommands } from './export-commands.ts';
import { registerReviewCommands } from './review-commands.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { printError } from './terminal.ts';
import { actionRunner } from './command-kit.ts';

const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const setCode = (c: number) => {
    code = c;
  };
  const run = actionRunner(setCode);
  const program = new Command('rolecheck')
    .description('Executable specification of Power Platform security roles, and audits of environment exports')
    .version(pkg.version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride();

  program
    .command('rules')
    .description('print the rule catalogue: every documented rule, its source and how many scenarios test it')
    .option('--json', 'machine-readable JSON on stdout')
    .action(async (opts: { json?: boolean }) => {
      const { rulesJson, rulesTable } = await import('./rules.ts');
      process.stdout.write(opts.json ? JSON.stringify(rulesJson(), null, 2) + '\n' : rulesTable());
    });

  program
    .command('report')
    .description('rebuild every report output from saved cucumber message logs (the logs of CI shards are merged: every shard once)')
    .requiredOption(
      '--from <messages.ndjson...>',
      'one or more message logs (messages.ndjson); or the environments.json of every shard of an audit of many environments',
    )
    .option('--out <dir>', 'output folder', 'reports')
    .option('--environment <dir>', "an audit's output folder (or its environment.json): its environment data and findings")
    .addOption(
      new Option(
        '--fail-on <when>',
        'for environments.json summaries: the exit code of each environment and of the tenant (none, findings, any; default: that of the shards)',
      ).choices(['none', 'findings', 'any']),
    )
    .action((opts: { from: string[]; out: string; environment?: string; failOn?: string }) =>
      run(async () => (await import('./report.ts')).reportCommand(opts))(),
    );

  program
    .command('run')
    .description('run the whole specification against the documented baseline and write the reports')
    .option('--out <dir>', 'output folder', 'reports')
    .option('--tags <expr>', 'cucumber tag expression to select rules')
    .action((opts: { out: string; tags?: string }) => run(async () => (await import('./run.ts')).runSpecification(opts))());

  registerExportCommands(program, setCode);
  registerReviewCommands(program, setCode);

  program
    .command('init')
    .description("scaffold an organisation's policy folder: an example policy, a README for reviewers, cucumber wiring")
    .argument('<dir>', 'folder to create (or complete)')
    .option('--organisation <name>', 'organisation name used in the example and the README', 'Our organisation')
    .option('--force', 'overwrite files that already exist')
    .action((dir: string, opts: { organisation: string; force?: boolean }) =>
      run(async () => (await import('./init.ts')).initCommand(dir, opts))(),
    );

  program
    .command('lint')
    .description('check policy features: layout, rule and severity tags, business language (--fix lays them out)')
    .argument('<paths...>', 'policy folders or .feature files')
    .option('--fix', 'rewrite the files in the standard layout')
    .action((paths: string[], opts: { fix?: boolean }) => run(async () => (await import('./lint.ts')).lintCommand(paths, opts))());

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    printError(`rolecheck: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  return code;
}
