// TypeScript steps and formatters load through tsx. The npm scripts and the rolecheck command start node with
// `--import tsx`; a plain `npx cucumber-js` gets it here, and NODE_OPTIONS passes it on to --parallel workers.
// Keep `paths` here only: CLI paths are merged with profile paths.
import { register } from 'tsx/esm/api';

const tsxLoaded = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /\btsx\b/.test(a));
if (!tsxLoaded) {
  register();
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim();
}

// The project's own configuration, for `npm run bdd` and `npx cucumber-js` in a checkout. (`rolecheck audit` and
// `run` do not read it: they configure cucumber themselves, in src/cli/cucumber.ts.) Where the outputs go:
// ROLECHECK_REPORT_DIR when set, else reports/.
const reports = process.env.ROLECHECK_REPORT_DIR || 'reports';

export default {
  paths: ['features/**/*.feature'],
  import: ['steps/**/*.ts'],
  format: [
    'progress',
    // undefined steps: the three closest known phrases (src/authoring/undefined-hints.ts), also echoed on stderr
    [new URL('./src/authoring/undefined-hints.ts', import.meta.url).href, `${reports}/undefined-steps.txt`],
    // the compliance report (src/report/): compliance.html/.json/.csv, junit.xml, messages.ndjson, manifest.json
    [new URL('./src/report/formatter.ts', import.meta.url).href, `${reports}/.rolecheck-formatter.log`],
  ],
  strict: true,
};
