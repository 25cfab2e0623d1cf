// `rolecheck run`: the specification against the documented baseline, through cucumber-js in this process, with
// every report written into a new folder that replaces --out as a whole when the run completed.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEATURES_DIR } from '../paths.ts';
import { summaryLine } from '../report/generate.ts';
import { folderManifest, MANIFEST } from '../report/manifest.ts';
import { cucumberLogTail, runCucumberInProcess } from './cucumber.ts';
import { InputError } from './errors.ts';
import { EXIT_INCOMPLETE, incompleteness } from './incomplete.ts';
import { openOutputFolder } from './output-folder.ts';

export async function runSpecification(opts: { out: string; tags?: string }): Promise<number> {
  const output = openOutputFolder(opts.out);
  const scratch = mkdtempSync(join(tmpdir(), 'rolecheck-'));
  try {
    const run = await runCucumberInProcess({
      paths: [FEATURES_DIR],
      out: output.dir,
      scratch,
      cucumberHtml: true,
      ...(opts.tags ? { tags: opts.tags } : {}),
      onProgress: (t) => {
        process.stdout.write(t);
      },
    });
    if (!run.finished || !run.report)
      throw new InputError(`${cucumberLogTail(run.log)}\nrolecheck: the specification could not run; no report was written.`);
    const hintsFile = join(scratch, 'undefined-steps.txt');
    const hints = existsSync(hintsFile) ? readFileSync(hintsFile, 'utf8') : '';
    writeFileSync(join(output.dir, 'undefined-steps.txt'), hints);
    if (hints) process.stderr.write(hints);
    // One run per folder: the manifest lists every file of the folder (cucumber.html and the hints included).
    writeFileSync(join(output.dir, MANIFEST), folderManifest(output.dir, run.report));
    output.commit();
    const incomplete = incompleteness(run.report, run.success);
    process.stderr.write(`${summaryLine(run.report)}\nrolecheck: reports written to ${opts.out}/\n`);
    if (incomplete) {
      process.stderr.write(
        `rolecheck: INCOMPLETE RUN (exit code ${EXIT_INCOMPLETE}): ${incomplete.reasons.join('; ')}\n${incomplete.scenarios
          .slice(0, 20)
          .map((s) => `    ${s}\n`)
          .join('')}`,
      );
      return EXIT_INCOMPLETE;
    }
    return run.success ? 0 : 1;
  } finally {
    output.abandon();
    rmSync(scratch, { recursive: true, force: true });
  }
}
