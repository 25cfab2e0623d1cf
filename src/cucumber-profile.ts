// `import { policyProfile } from 'rolecheck/cucumber'`: the cucumber-js configuration that runs a folder of
// organisation policies with rolecheck's step definitions, as written by `rolecheck init` into the folder's
// cucumber.js. It is computed where it runs (the steps of the installed package, the folder's own features), so
// the generated file holds no path of the machine that generated it.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { featureFilesUnder, literalPattern } from './cli/cucumber.ts';
import { codeUrl, stepFiles } from './paths.ts';

/** `configUrl`: the cucumber.js's own `import.meta.url`; its folder holds the policies. */
export function policyProfile(configUrl: string, cwd = process.cwd()) {
  const folder = dirname(fileURLToPath(configUrl));
  return {
    paths: featureFilesUnder(folder).map((f) => literalPattern(f, cwd)),
    import: stepFiles().map((f) => literalPattern(f, cwd)),
    format: ['progress', [codeUrl('authoring/undefined-hints'), 'reports/undefined-steps.txt']],
    strict: true,
  };
}
