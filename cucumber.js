// TypeScript steps load through tsx: run with NODE_OPTIONS='--import tsx' (the npm scripts and the
// rolecheck command do this). Keep `paths` here only: CLI paths are merged with profile paths.
export default {
  paths: ['features/**/*.feature'],
  import: ['steps/**/*.ts'],
  format: ['progress',
    // undefined steps: the three closest known phrases (src/authoring/undefined-hints.ts), also echoed on stderr
    [new URL('./src/authoring/undefined-hints.ts', import.meta.url).href, 'reports/undefined-steps.txt'],
    // the compliance report (src/report/): compliance.html/.json/.csv, junit.xml, messages.ndjson, manifest.json
    [new URL('./src/report/formatter.ts', import.meta.url).href, 'reports/.rolecheck-formatter.log']],
  strict: true,
};
