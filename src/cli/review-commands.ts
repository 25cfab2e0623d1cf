// The access-review commands: approving a baseline, comparing any two exports or baselines, checking a waiver file,
// signing a report folder and verifying it. Registered by main.ts; each command's module is imported when it runs.
import type { Command } from 'commander';
import { actionRunner, collectSolutions, SOLUTION_HELP } from './command-kit.ts';
import { InputError } from './errors.ts';

export function registerReviewCommands(program: Command, setCode: (code: number) => void): void {
  const run = actionRunner(setCode);
  const review = () => import('./review.ts');

  const baseline = program.command('baseline').description("approved baselines of an environment's access (docs/reviews.md)");
  baseline
    .command('approve')
    .description(
      'write the reviewable access state of an export (roles and their grants, who holds what and how, effective access) as a baseline file to commit',
    )
    .argument('<export-folder>', 'a folder of CSV files or a Web API bundle')
    .requiredOption('--out <baseline.json>', 'the baseline file to write (replaced atomically)')
    .option('--solution <path>', SOLUTION_HELP, collectSolutions)
    .option('--approver <name>', 'who approves this state (recorded in the file)')
    .option('--note <text>', 'why, or the ticket of the review')
    .option('-q, --quiet', 'no summary on stderr')
    .action((folder: string, opts: { out: string; solution?: string[]; approver?: string; note?: string; quiet?: boolean }) =>
      run(async () => (await review()).baselineApproveCommand(folder, opts))(),
    );

  program
    .command('diff')
    .description(
      'what changed between two exports, two environments, or an export and a baseline: every change with the path that caused it, escalations first',
    )
    .argument('<a>', 'the earlier state: an export folder or a baseline file')
    .argument('<b>', 'the later state: an export folder or a baseline file')
    .option('--solution <path>', `${SOLUTION_HELP} (read with both exports)`, collectSolutions)
    .option('--json', 'every change as JSON on stdout')
    .option('--fail-on <when>', 'exit with code 1 on: escalation, change (default: never)')
    .option('--limit <n>', 'changes printed per group in the text (default 200)')
    .action((a: string, b: string, opts: { solution?: string[]; json?: boolean; failOn?: string; limit?: string }) =>
      run(async () => {
        if (opts.failOn !== undefined && !['escalation', 'change'].includes(opts.failOn))
          throw new InputError(`--fail-on: expected escalation or change, got "${opts.failOn}"`);
        return (await review()).diffCommand(a, b, opts);
      })(),
    );

  const waivers = program.command('waivers').description('waiver files (docs/reviews.md)');
  waivers
    .command('lint')
    .description('validate a waiver file: every problem with file:line:column (exit 2); expired waivers are listed (exit 1)')
    .argument('<file>', 'a YAML or JSON waiver file')
    .option('--json', 'the waivers and their expiry as JSON on stdout')
    .action((file: string, opts: { json?: boolean }) => run(async () => (await review()).waiversLintCommand(file, opts))());

  program
    .command('signoff')
    .description(
      'sign a report folder: append reviewer, UTC time, decision and note, bound to the SHA-256 of its manifest and files, to signoff.json',
    )
    .argument('<report-folder>', 'the --out folder of rolecheck audit')
    .requiredOption('--reviewer <name>', 'who signs')
    .requiredOption('--decision <decision>', 'approve or reject')
    .option('--note <text>', "the reviewer's note", '')
    .action((folder: string, opts: { reviewer: string; decision: string; note?: string }) =>
      run(async () => (await review()).signoffCommand(folder, opts))(),
    );

  program
    .command('verify')
    .description(
      'check every file of a report folder against its manifest and every sign-off against the folder; exit 1 when anything changed',
    )
    .argument('<report-folder>', 'the --out folder of rolecheck audit')
    .option('--json', "the sign-off state as JSON on stdout (the report's sign-off block reads this shape)")
    .action((folder: string, opts: { json?: boolean }) => run(async () => (await review()).verifyCommand(folder, opts))());
}
