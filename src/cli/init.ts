// `rolecheck init <dir>`: scaffolds an organisation's policy folder so that a team can start writing its own
// policies in five minutes: an example policy feature (only phrases the audit steps define), a README for the
// people who review policies, and the cucumber wiring to run the folder on its own. Everything it writes is
// portable: no path of this machine, only relative paths and the package name `rolecheck`, resolved where the
// folder is used (`npm install rolecheck` there); the next steps it prints name only files that exist.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { packageStepPhrases } from '../specification/package-phrases.ts';
import { DOCS_DIR } from '../paths.ts';

export interface InitOptions {
  force?: boolean;
  organisation?: string;
  quiet?: boolean;
}
export interface InitResult {
  dir: string;
  written: string[];
  skipped: string[];
}

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
  const own = packageStepPhrases().filter((p) => /environment-export/.test(p.group ?? '') && !/ is reported$/.test(p.phrase));
  const phrases = own.map((p) => `${p.keyword ?? 'Then'} ${p.phrase}`);
  return phrases.length ? phrases : ['Given the environment export'];
}

export function reviewerReadme(organisation: string): string {
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

rolecheck is an npm package: \`npm install --save-dev rolecheck\` in the repository that holds this folder
(Node.js 20.19 or later). The commands below are run from that repository.

1. Open \`${POLICY_FILE}\`: it is a working example. Copy a \`Rule:\` block and change the names and the title.
2. Only use sentences the tool knows: they are listed below, and all of them in rolecheck's \`docs/steps.md\`
   (\`node_modules/rolecheck/docs/steps.md\` once installed). A sentence it does not know fails the run and
   prints the three closest known phrases.
3. Check the layout and the language (\`--fix\` lays the files out for you):

       npx rolecheck lint <this folder>

4. Run the policies against an environment export:

       npx rolecheck audit <export folder> --policies <this folder> --fail-on findings

   It exits 0 when every policy holds and the export has no findings, 1 otherwise; the reports go to \`reports/\`.

House style (one policy per \`Rule:\`, a \`Then\` in every example, no user-interface or technical words, data
tables for lists and matrices) is described in rolecheck's \`docs/writing-rules.md\`.

## Sentences for policies

A policy scenario starts with \`Given the environment export\`; then it may use these sentences
(\`{string}\` is a name in double quotes, \`{int}\` a number):

${policyPhrases()
  .map((p) => `- \`${p}\``)
  .join('\n')}

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

- \`npx rolecheck audit <export> --policies <this folder>\` runs these features with rolecheck's own step
  definitions; nothing else is needed. An export folder that contains a \`policies/\` folder is picked up
  without \`--policies\`.
- \`cucumber.js\` in this folder runs the policies alone with plain cucumber-js, from this folder, with the step
  definitions of the rolecheck package installed for it:

       ${STANDALONE_COMMAND}

- Keep this folder under version control, and let changes go through review like any other policy document.
`;
}

/** How the scaffold's cucumber.js is used, from the policy folder. */
export const STANDALONE_COMMAND = 'ROLECHECK_EXPORT=<export folder> npx cucumber-js';

/** The scaffold's cucumber.js: the package name only; rolecheck/cucumber finds the steps where it is installed. */
export function cucumberWiring(): string {
  return `// Runs this folder's policies alone with cucumber-js (rolecheck audit --policies does the same, with the report).
// Usage, from this folder:
//   ${STANDALONE_COMMAND}
// Generated by \`rolecheck init\`: the step definitions come from the rolecheck package installed for this folder.
import { policyProfile } from 'rolecheck/cucumber';

export default policyProfile(import.meta.url);
`;
}

function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Scaffolds `dir`. Existing files are kept unless `force`. */
export function initPolicyFolder(dir: string, opts: InitOptions = {}): InitResult {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new Error(`${dir} exists and is not a folder`);
  const organisation = opts.organisation ?? 'Our organisation';
  const files: Array<[string, string]> = [
    [POLICY_FILE, examplePolicy(organisation)],
    ['README.md', reviewerReadme(organisation)],
    ['cucumber.js', cucumberWiring()],
  ];
  mkdirSync(target, { recursive: true });
  const written: string[] = [];
  const skipped: string[] = [];
  for (const [name, text] of files) {
    const p = join(target, name);
    if (existsSync(p) && !opts.force) {
      skipped.push(name);
      continue;
    }
    writeAtomic(p, text);
    written.push(name);
  }
  return { dir: target, written, skipped };
}

/** A path as the user should type it from the current folder. */
const shownPath = (p: string): string => relative(process.cwd(), p) || '.';

export async function initCommand(dir: string, opts: { organisation: string; force?: boolean }): Promise<number> {
  const r = initPolicyFolder(dir, { organisation: opts.organisation, ...(opts.force ? { force: true } : {}) });
  const shown = shownPath(r.dir);
  for (const f of r.written) process.stderr.write(`  created ${join(shown, f)}\n`);
  for (const f of r.skipped) process.stderr.write(`  kept    ${join(shown, f)} (exists; --force to overwrite)\n`);
  const features = readdirSync(r.dir).filter((f) => f.endsWith('.feature')).length;
  process.stderr.write(
    `rolecheck init: ${shown} is ready (${features} policy file${features === 1 ? '' : 's'}). Next:\n` +
      `  npx rolecheck audit <export folder> --policies ${shown} --fail-on findings\n` +
      `  npx rolecheck lint ${shown}\n` +
      `  read ${join(shown, 'README.md')} and ${shownPath(join(DOCS_DIR, 'writing-rules.md'))}\n`,
  );
  return 0;
}
