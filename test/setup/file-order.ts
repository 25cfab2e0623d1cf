// The order vitest starts the test files in: the longest first, so that the two workers end together, except the
// files that wait for the install of the packed tarball (test/setup/installed-package.ts), which start third and
// fourth. Run first, as the longest, they held both workers idle for the 10-20 s the install takes, at the start of
// every run.
//
// vitest's own order uses the durations of the previous run, kept in node_modules/.vite: a fresh clone (CI) has
// none and ran the largest files first, whatever they cost. The seconds below are each file's wall time in a whole
// run on two cores (its process's uptime at its end, `npm test` of 2026-11-30); a file not listed counts 1 s. A stale
// figure only changes the order, never what is tested.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SECONDS: Readonly<Record<string, number>> = {
  'test/cli.run.test.ts': 17,
  'test/audit.environments.test.ts': 16,
  'test/cli.export.test.ts': 16,
  'test/package.test.ts': 14,
  'test/review.cli.test.ts': 14,
  'test/audit.bounded.test.ts': 12,
  'test/ci-workflow.test.ts': 12,
  'test/init.test.ts': 9,
  'test/check-paths.test.ts': 8,
  'test/output-folder.test.ts': 7,
  'test/report.build.test.ts': 6,
  'test/report.outputs.test.ts': 6,
  'test/report.review-audit.test.ts': 5,
  'test/hardening.bounds.test.ts': 5,
  'test/report.review.test.ts': 4,
  'test/hardening.check.test.ts': 4,
  'test/model.properties.test.ts': 4,
  'test/hardening.terminal.test.ts': 4,
  'test/lint.test.ts': 4,
  'test/report.audit.test.ts': 4,
  'test/check.v2.test.ts': 3,
};

/** How many files start before those that wait for the install: one per worker, as long as the install. */
const BEFORE_THE_INSTALL = 2;

export default class FileOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const name = (f: TestSpecification) => relative(this.ctx.config.root, f.moduleId).split('\\').join('/');
    const seconds = (f: TestSpecification) => SECONDS[name(f)] ?? 1;
    const longestFirst = [...files].sort((a, b) => seconds(b) - seconds(a) || (name(a) < name(b) ? -1 : 1));
    const waits = new Set(longestFirst.filter((f) => readFileSync(f.moduleId, 'utf8').includes('helpers/installed')));
    const others = longestFirst.filter((f) => !waits.has(f));
    return [...others.slice(0, BEFORE_THE_INSTALL), ...waits, ...others.slice(BEFORE_THE_INSTALL)];
  }
}
