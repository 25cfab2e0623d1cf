// The commands that read an environment export: `audit`, `check` and `explain`. Registered by main.ts.
// Each command's module is imported when the command runs: `rolecheck --help` loads none of them.
import { Option, type Command } from 'commander';
import type { AuditOptions } from './audit.ts';
import { InputError } from './errors.ts';
import { printError } from './terminal.ts';

export function registerExportCommands(program: Command, setCode: (code: number) => void): void {
  const run = (f: () => Promise<number>) => async () => {
    try { setCode(await f()); } catch (e) {
      if (e instanceof InputError) { printError(e.message); setCode(2); return; }
      throw e;
    }
  };

  program.command('audit')
    .description('audit an environment export: validate it, run the documented specification and the organisation\'s policies against it, and write the report')
    .argument('<export-folder>', 'folder of CSV files (see docs/export-format.md)')
    .option('--out <dir>', 'output folder for the report', 'reports')
    .option('--tags <expr>', 'cucumber tag expression to select rules and policies')
    .option('--policies <dir>', 'folder of the organisation\'s policy features (default: <export-folder>/policies when present)')
    .option('--parallel <n>', 'run scenarios in N worker processes')
    .option('--shard <i/n>', 'run only shard i of n (for CI matrices)')
    .option('--step-timeout <seconds>', 'how long one step may take (default 5); a step that exceeds it makes the run INCOMPLETE (exit code 3)')
    .addOption(new Option('--fail-on <when>', 'exit with code 1 on: none, findings (export findings and failed policies), any (also failed rules); an incomplete run exits with 3 whatever this says').choices(['none', 'findings', 'any']).default('any'))
    .option('--json', 'print the audit summary as JSON on stdout')
    .option('-q, --quiet', 'no progress and no summary on stderr')
    .action((folder: string, opts: AuditOptions) => run(async () => (await import('./audit.ts')).auditCommand(folder, opts))());

  program.command('check')
    .description('answer a CSV of access questions (user, privilege, table, record) against an export: decision, depth, via, reason per row')
    .argument('<export-folder>', 'folder of CSV files (see docs/export-format.md)')
    .requiredOption('--queries <file.csv>', 'CSV with the columns user, privilege, table, record')
    .option('--out <file.csv>', 'write the answers to this file instead of stdout')
    .option('-q, --quiet', 'no summary on stderr')
    .action((folder: string, opts: { queries: string; out?: string; quiet?: boolean }) => run(async () => (await import('./check.ts')).checkCommand(folder, opts))());

  program.command('explain')
    .description('explain one decision: every path that grants it, or what would be needed')
    .argument('<export-folder>', 'folder of CSV files (see docs/export-format.md)')
    .requiredOption('--user <upn>', 'the user asking')
    .requiredOption('--privilege <privilege>', 'Create, Read, Write, Delete, Append, AppendTo, Assign or Share')
    .requiredOption('--table <name>', 'logical table name')
    .option('--record <id>', 'record id from records.csv (not for Create or organization-owned tables)')
    .option('--json', 'the full decision as JSON')
    .action((folder: string, opts: { user: string; privilege: string; table: string; record?: string; json?: boolean }) => run(async () => (await import('./explain.ts')).explainCommand(folder, opts))());
}
