// The commands that read an environment export: `audit`, `check`, `explain` and `import`, and `pull`, which makes
// one from a live environment. Registered by main.ts. The export format: docs/export-format.md.
// Each command's module is imported when the command runs: `rolecheck --help` loads none of them.
import { Option, type Command } from 'commander';
import type { AuditOptions } from './audit.ts';
import { actionRunner, collectSolutions, SOLUTION_HELP } from './command-kit.ts';

const EXPORT_ARG = 'a folder of CSV files or a Web API bundle (see docs/export-format.md)';
const FORMAT_HELP = '\nThe export format (CSV files, solutions, Web API bundles) is described in docs/export-format.md.\n';

export function registerExportCommands(program: Command, setCode: (code: number) => void): void {
  const run = actionRunner(setCode);

  program
    .command('audit')
    .description(
      "audit an environment export: validate it, run the documented specification and the organisation's policies against it, and write the report",
    )
    .argument(
      '<export-folder>',
      `${EXPORT_ARG}; or a folder of environments, each sub-folder one export (every environment audited, with a combined summary)`,
    )
    .option('--solution <path>', SOLUTION_HELP, collectSolutions)
    .option('--out <dir>', 'output folder for the report', 'reports')
    .option('--tags <expr>', 'cucumber tag expression to select rules and policies')
    .option('--policies <dir>', "folder of the organisation's policy features (default: <export-folder>/policies when present)")
    .option('--parallel <n>', 'run scenarios in N worker processes')
    .option(
      '--shard <i/n>',
      'run only shard i of n (for CI matrices): of the scenarios, or of the environments of a folder of environments',
    )
    .option(
      '--step-timeout <seconds>',
      'how long one step may take (default 5); a step that exceeds it makes the run INCOMPLETE (exit code 3)',
    )
    .addOption(
      new Option(
        '--fail-on <when>',
        'exit with code 1 on: none, findings (export findings and failed policies), any (also failed rules), escalation (only changes since --baseline that add access and no waiver covers); waived items never fail; an incomplete run exits with 3 whatever this says',
      )
        .choices(['none', 'findings', 'any', 'escalation'])
        .default('any'),
    )
    .option(
      '--baseline <baseline.json>',
      'the approved baseline (rolecheck baseline approve): every change since, with its path, in review.json and the summary',
    )
    .option('--waivers <file>', 'approved exceptions (YAML or JSON, docs/reviews.md), validated before anything runs')
    .option('--history <dir>', 'keep a summary of each run in this folder and show the trend of the last runs')
    .option('--json', 'print the audit summary as JSON on stdout')
    .option('-q, --quiet', 'no progress and no summary on stderr')
    .addHelpText('after', FORMAT_HELP)
    .action((folder: string, opts: AuditOptions) => run(async () => (await import('./audit.ts')).auditCommand(folder, opts))());

  program
    .command('check')
    .description(
      'answer a CSV of access questions (user, privilege, table, record) against an export: decision, depth, via, reason per row',
    )
    .argument('<export-folder>', EXPORT_ARG)
    .requiredOption('--queries <file.csv>', 'CSV with the columns user, privilege, table, record')
    .option('--solution <path>', SOLUTION_HELP, collectSolutions)
    .option('--out <file.csv>', 'write the answers to this file instead of stdout')
    .option('-q, --quiet', 'no summary on stderr')
    .addHelpText('after', FORMAT_HELP)
    .action((folder: string, opts: { queries: string; out?: string; quiet?: boolean; solution?: string[] }) =>
      run(async () => (await import('./check.ts')).checkCommand(folder, opts))(),
    );

  program
    .command('explain')
    .description('explain one decision: every path that grants it, or what would be needed')
    .argument('<export-folder>', EXPORT_ARG)
    .requiredOption('--user <upn>', 'the user asking')
    .requiredOption('--privilege <privilege>', 'Create, Read, Write, Delete, Append, AppendTo, Assign or Share')
    .requiredOption('--table <name>', 'logical table name')
    .option('--record <id>', 'record id from records.csv (not for Create or organization-owned tables)')
    .option('--json', 'the full decision as JSON')
    .option('--solution <path>', SOLUTION_HELP, collectSolutions)
    .addHelpText('after', FORMAT_HELP)
    .action(
      (folder: string, opts: { user: string; privilege: string; table: string; record?: string; json?: boolean; solution?: string[] }) =>
        run(async () => (await import('./explain.ts')).explainCommand(folder, opts))(),
    );

  program
    .command('import')
    .description('write an export (a Web API bundle, or CSV files with solutions) as the CSV files of the export format, validated first')
    .argument('<export-folder>', EXPORT_ARG)
    .requiredOption('--out <folder>', 'folder to write the CSV files into (new, empty, or an earlier import)')
    .option('--solution <path>', SOLUTION_HELP, collectSolutions)
    .option('-q, --quiet', 'no summary on stderr')
    .addHelpText('after', FORMAT_HELP)
    .action((folder: string, opts: { out: string; solution?: string[]; quiet?: boolean }) =>
      run(async () => (await import('./import.ts')).importCommand(folder, opts))(),
    );

  program
    .command('pull')
    .description(
      'read a live environment (Dataverse Web API, read-only) into a Web API bundle; sign-in with Microsoft Entra (device code, or client credentials from AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)',
    )
    .requiredOption('--url <url>', 'the environment URL, https://ORG.crm.dynamics.com')
    .requiredOption('--out <bundle>', 'folder for the bundle; a failed run leaves <bundle>.partial, which the same command continues')
    .option('--environment-type <type>', 'the environment type written to environment.json (the Web API does not tell it)', 'Production')
    .option('-q, --quiet', 'no progress and no summary on stderr')
    .addHelpText('after', FORMAT_HELP)
    .action((opts: { url: string; out: string; environmentType?: string; quiet?: boolean }) =>
      run(async () => (await import('./pull.ts')).pullCommand(opts))(),
    );
}
