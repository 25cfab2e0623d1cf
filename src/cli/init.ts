// `rolecheck init <dir>`: scaffolds an organisation's policy folder so that a team can start writing its own
// policies in five minutes: an example policy feature (only phrases the audit steps define), a README for the
// people who review policies, and the cucumber wiring to run the folder on its own.
import type { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lintAll } from '../authoring/lint.ts';
import { readStepPhrases } from '../authoring/phrases.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface InitOptions { force?: boolean; organisation?: string; quiet?: boolean }
export interface InitResult { dir: string; written: string[]; skipped: string[] }

export const POLICY_FILE = 'example-policy.feature';

/**
 * The example policy. It uses only the audit's policy phrases (steps/environment-export.steps.ts) and is written
 * to hold for the bundled example export (examples/contoso), so `rolecheck audit examples/contoso --policies <dir>`
 * is green right after `init`.
 */
export function examplePolicy(organisation: string): string {
  return `@policy
Feature: ${organisation} policies for administering the environment
  Our own rules, on top of the documented Power Platform rules. Each example is checked against the
  environment export given to rolecheck audit. Copy a Rule block to add a policy; keep the sentences, change
  the names and numbers (see README.md for every sentence you may use).

  Background:
    Given the environment export

  @POL-001 @severity-critical
  Rule: Only a few people administer the environment
    Change the number to what your organisation has approved.

    Scenario: At most five people are System Administrators
      Then at most 5 users hold "System Administrator"

  @POL-002 @severity-high
  Rule: Back-end service roles are never given to people
    Service Reader, Service Writer and Service Deleter are meant for back-end services only.

    Scenario Outline: Nobody holds <role>
      Then no user holds "<role>"

      Examples:
        | role            |
        | Service Reader  |
        | Service Writer  |
        | Service Deleter |
`;
}

/** The policy sentences the audit knows (read from its step definitions), for the README. */
export function policyPhrases(): string[] {
  const own = readStepPhrases('steps', PROJECT_ROOT).filter((p) => /environment-export/.test(p.group ?? '') && !/ is reported$/.test(p.phrase));
  const phrases = own.map((p) => `${p.keyword ?? 'Then'} ${p.phrase}`);
  return phrases.length ? phrases : ['Given the environment export'];
}

export function reviewerReadme(organisation: string, dir: string): string {
  return `# ${organisation} — security policies

This folder holds **${organisation}'s own security policies** for Power Platform, written as examples in plain
language (Gherkin). They are checked automatically against an export of an environment, together with the
documented Microsoft rules, every time someone runs an audit.

## For reviewers (security officers, business owners)

- Each \`.feature\` file is a group of policies. Each \`Rule:\` is one policy, stated in its title.
- Under a rule, each \`Scenario:\` is an example: *Given* describes the situation, *Then* states what must be
  true. A policy **holds** when all its examples pass in the audit.
- Review a change like a contract: is the rule stated correctly? do the examples show both what is allowed and
  what is not? are the names (people, roles, tables) the ones your organisation uses?
- The audit report (\`compliance.html\`) lists each policy with its result; \`specification.html\` shows the
  documented rules as a readable book.

## For authors: your first policy in five minutes

1. Open \`${POLICY_FILE}\`: it is a working example. Copy a \`Rule:\` block and change the names and the title.
2. Only use sentences the tool knows. They are listed in \`docs/steps.md\` of rolecheck and at the end of the
   specification book. A sentence it does not know fails the run and prints the three closest known phrases.
3. Check the layout and the language:

       npm run lint -- --policies ${dir}

   (\`npm run lint -- --policies ${dir} --fix\` lays the files out for you.)
4. Run the policies against an environment export:

       rolecheck audit <export folder> --policies ${dir} --fail-on findings

   It exits 0 when every policy holds and the export has no findings, 1 otherwise; the reports go to \`reports/\`.

House style (one policy per \`Rule:\`, a \`Then\` in every example, no user-interface or technical words, data
tables for lists and matrices) is described in \`docs/writing-rules.md\` of rolecheck.

## Sentences for policies

A policy scenario starts with \`Given the environment export\`; then it may use these sentences
(\`{string}\` is a name in double quotes, \`{int}\` a number):

${policyPhrases().map((p) => `- \`${p}\``).join('\n')}

and every sentence of the documented specification, which then asks about the exported environment, e.g.
\`Then "ana@example.com" may not Read the row "INV-1004" of "new_invoice"\`.

A third policy to start from, reserving deletions of one of your tables to some roles:

\`\`\`gherkin
  @POL-003 @severity-high
  Rule: Only finance roles delete invoices

    Scenario: Everybody who can delete invoices holds a finance role
      Then every user who can "Delete" rows of "new_invoice" holds one of these roles:
        | System Administrator |
        | Finance Controller   |
\`\`\`

## Wiring

- \`rolecheck audit <export> --policies <this folder>\` runs these features with rolecheck's own step
  definitions; nothing else is needed. An export folder that contains a \`policies/\` folder is picked up
  without \`--policies\`.
- \`cucumber.js\` in this folder runs the policies alone with plain cucumber-js, from this folder:

       ${standaloneCommand()}

  It imports the step definitions from the rolecheck installation it was generated from
  (\`${relative(process.cwd(), PROJECT_ROOT) || '.'}\`); regenerate it with \`rolecheck init --force\` if rolecheck moves.
- Keep this folder under version control, and let changes go through review like any other policy document.
`;
}

/** The command that runs a policy folder alone with this installation's cucumber-js and tsx (from that folder). */
export function standaloneCommand(): string {
  const tsx = join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  const bin = join(PROJECT_ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
  return `ROLECHECK_EXPORT=<export folder> node --import ${JSON.stringify(pathToFileURL(tsx).href)} ${JSON.stringify(bin)}`;
}

export function cucumberWiring(): string {
  const steps = join(PROJECT_ROOT, 'steps', '**', '*.ts').split('\\').join('/');
  const hints = new URL('../authoring/undefined-hints.ts', import.meta.url).href;
  return `// Runs this folder's policies alone with cucumber-js (rolecheck audit --policies does the same for you).
// Usage, from this folder:
//   ${standaloneCommand()}
// Generated by \`rolecheck init\`: the step definitions come from the rolecheck installation below.
export default {
  paths: ['**/*.feature'],
  import: [${JSON.stringify(steps)}],
  format: ['progress', [${JSON.stringify(hints)}, 'reports/undefined-steps.txt']],
  strict: true,
};
`;
}

function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Scaffolds `dir`. Existing files are kept unless `force`; the example policy is linted before it is written. */
export function initPolicyFolder(dir: string, opts: InitOptions = {}): InitResult {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
  const organisation = opts.organisation ?? 'Our organisation';
  const shown = relative(process.cwd(), target) || '.';
  const files: Array<[string, string]> = [
    [POLICY_FILE, examplePolicy(organisation)],
    ['README.md', reviewerReadme(organisation, shown)],
    ['cucumber.js', cucumberWiring()],
  ];
  const problems = lintAll([{ path: POLICY_FILE, source: files[0]![1], kind: 'policy' }]);
  if (problems.length) throw new Error(`the example policy does not pass the lint (a rolecheck bug): ${problems.map((p) => p.message).join('; ')}`);
  mkdirSync(target, { recursive: true });
  const written: string[] = []; const skipped: string[] = [];
  for (const [name, text] of files) {
    const p = join(target, name);
    if (existsSync(p) && !opts.force) { skipped.push(name); continue; }
    writeAtomic(p, text);
    written.push(name);
  }
  return { dir: target, written, skipped };
}

export function registerInitCommand(program: Command, setCode: (code: number) => void): void {
  program.command('init')
    .description("scaffold an organisation's policy folder: an example policy, a README for reviewers, cucumber wiring")
    .argument('<dir>', 'folder to create (or complete)')
    .option('--organisation <name>', 'organisation name used in the example and the README', 'Our organisation')
    .option('--force', 'overwrite files that already exist')
    .action((dir: string, opts: { organisation: string; force?: boolean }) => {
      const r = initPolicyFolder(dir, { organisation: opts.organisation, ...(opts.force ? { force: true } : {}) });
      const shown = relative(process.cwd(), r.dir) || '.';
      for (const f of r.written) process.stderr.write(`  created ${join(shown, f)}\n`);
      for (const f of r.skipped) process.stderr.write(`  kept    ${join(shown, f)} (exists; --force to overwrite)\n`);
      const features = readdirSync(r.dir).filter((f) => f.endsWith('.feature')).length;
      process.stderr.write(`rolecheck init: ${shown} is ready (${features} policy file${features === 1 ? '' : 's'}). Next:\n`
        + `  rolecheck audit <export folder> --policies ${shown} --fail-on findings\n`
        + `  npm run lint -- --policies ${shown}\n`
        + `  read ${join(shown, 'README.md')} and docs/writing-rules.md\n`);
      setCode(0);
    });
}
