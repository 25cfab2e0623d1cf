// `rolecheck lint <policy folder or file>... [--fix]`: the authoring guardrails (src/authoring/lint.ts) for an
// organisation's policy features, for people who installed rolecheck (the project itself runs `npm run lint`).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fixFormatting, formatProblem, lintAll, type LintInput } from '../authoring/lint.ts';
import { featureFilesUnder } from './cucumber.ts';
import { InputError } from './errors.ts';

export async function lintCommand(paths: string[], opts: { fix?: boolean }): Promise<number> {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length)
    throw new InputError(missing.map((p) => `${p}: no such file or folder; expected a folder of policy .feature files`).join('\n'));
  const inputs: LintInput[] = [];
  for (const f of [...new Set(paths.flatMap((p) => featureFilesUnder(p)))]) {
    let source = readFileSync(f, 'utf8');
    const shown = relative(process.cwd(), f).split('\\').join('/') || f;
    if (opts.fix) {
      const fixed = fixFormatting(source);
      if (fixed !== undefined) {
        const tmp = join(dirname(f), `.${basename(f)}.tmp-${process.pid}`);
        writeFileSync(tmp, fixed);
        renameSync(tmp, f);
        source = fixed;
        process.stderr.write(`formatted ${shown}\n`);
      }
    }
    inputs.push({ path: shown, source, kind: 'policy' });
  }
  if (inputs.length === 0) throw new InputError(`${paths.join(', ')}: no .feature files found`);
  const problems = lintAll(inputs);
  for (const p of problems) process.stderr.write(`${formatProblem(p)}\n`);
  if (problems.length) {
    process.stderr.write(
      `\n${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} of ${inputs.length} policy file(s).\n`,
    );
    return 1;
  }
  process.stderr.write(`rolecheck lint: ${inputs.length} policy file(s) clean.\n`);
  return 0;
}
