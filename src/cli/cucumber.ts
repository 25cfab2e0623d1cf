// cucumber-js run in this process through its JavaScript API (`loadConfiguration`, `runCucumber`), for `audit`
// and `run`. The step definitions and the report formatter load as compiled JavaScript from the installed package,
// or as TypeScript through tsx in a checkout (bin/rolecheck.mjs registers it; --parallel workers get it through
// NODE_OPTIONS). The report formatter hands the built report back through src/report/handoff.ts.
//
// Paths reach cucumber as literal paths, never as glob patterns: cucumber runs in the package root, so the package's
// own features and steps are given relative to it (an install folder named `[x]` is never part of a pattern), and
// every other feature file is listed one by one with its glob characters escaped, then checked to match itself only.
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { escape as globEscape, globSync } from 'glob';
import type { Envelope } from '@cucumber/messages';
import type { ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { ComplianceReport } from '../report/build.ts';
import { takeReport } from '../report/handoff.ts';
import { displayUri } from '../report/uris.ts';
import { codeUrl, FROM_SOURCES, PACKAGE_ROOT, STEPS_DIR, stepFiles } from '../paths.ts';
import { InputError } from './errors.ts';

export interface CucumberRunOptions {
  /** Feature files and folders (folders are searched for .feature files, node_modules and dot folders skipped). */
  paths: readonly string[];
  /** Where the report formatter writes its outputs (the run's temporary output folder). */
  out: string;
  /** Where side files go that are not outputs (the formatters' own logs). */
  scratch: string;
  tags?: string;
  parallel?: number;
  shard?: string;
  /** Extra environment for --parallel workers (which load the export themselves). */
  env?: Record<string, string>;
  /** cucumber's progress output, as it is written. */
  onProgress?: (chunk: string) => void;
  /** Also write cucumber's standard HTML report (cucumber.html) into `out`. */
  cucumberHtml?: boolean;
  /** Feature files of the organisation's policies (the report counts their scenarios as policies). */
  policies?: readonly string[];
}

export interface CucumberRunResult {
  success: boolean;
  /** The report the formatter built; undefined when no run took place (a parse error, a crash). */
  report?: ComplianceReport;
  /** Whether cucumber finished the run (a testRunFinished message). */
  finished: boolean;
  /** Everything cucumber wrote (progress, errors). */
  log: string;
}

/** Every .feature file under `p` (or `p` itself), sorted; node_modules and dot folders are skipped. */
export function featureFilesUnder(p: string): string[] {
  const st = statSync(p);
  if (st.isFile()) return [p];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const q = join(dir, e.name);
      if (e.isDirectory()) walk(q);
      else if (e.name.endsWith('.feature')) out.push(q);
    }
  };
  walk(p);
  return out.sort();
}

/**
 * A path as cucumber must be given it to mean that file and nothing else. Glob characters are escaped as
 * character classes (cucumber globs with windowsPathsNoEscape); braces cannot be escaped that way (brace
 * expansion runs first), so each becomes `?` and the pattern is checked to match the one file.
 */
export function literalPattern(file: string, cwd = PACKAGE_ROOT): string {
  const rel = relative(cwd, file);
  const p = isAbsolute(rel) ? file : rel;
  // A name starting with @ would be read as a list of paths (cucumber's rerun files).
  const pattern = globEscape(p, { windowsPathsNoEscape: true })
    .replace(/[{}]/g, '?')
    .replace(/(^|[\\/])@([^\\/]*)$/, '$1[@]$2');
  if (pattern === p) return p;
  const matches = globSync(pattern, { absolute: true, windowsPathsNoEscape: true, cwd });
  if (matches.length !== 1 || resolve(matches[0]!) !== resolve(cwd, p)) {
    throw new InputError(
      `${file}: this path cannot be given to cucumber without also naming ${matches.filter((m) => resolve(m) !== resolve(cwd, p)).join(', ')}; rename the folder (the characters { } make it ambiguous)`,
    );
  }
  return pattern;
}

/** cucumber runs in the package root; the report names other features from the command's folder. */
const URI_BASE = { from: PACKAGE_ROOT, to: process.cwd() };

/** The name a feature file has in the report (src/report/uris.ts). */
export function reportUri(file: string): string {
  return displayUri(relative(PACKAGE_ROOT, file).split('\\').join('/'), URI_BASE);
}

/** The support code library of the last serial run in this process, by the coordinates it was loaded from. */
let supportLibrary: { key: string; library: ISupportCodeLibrary } | undefined;

/** Runs cucumber on `opts.paths` with rolecheck's steps and report formatter. */
export async function runCucumberInProcess(opts: CucumberRunOptions): Promise<CucumberRunResult> {
  const { loadConfiguration, runCucumber } = await import('@cucumber/cucumber/api');
  const features = opts.paths.flatMap((p) => featureFilesUnder(resolve(p)));
  const steps = stepFiles();
  if (steps.length === 0) throw new Error(`no step definitions in ${STEPS_DIR}: the package is not built (npm run build)`);
  let log = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      const text = chunk.toString();
      log += text;
      opts.onProgress?.(text);
      done();
    },
  });
  const filters = { tags: opts.tags ? [opts.tags] : [], names: [], paths: [], ...(opts.shard ? { shard: opts.shard } : {}) };
  // The workers of --parallel are new processes: in a checkout they need tsx to load the TypeScript steps.
  const nodeOptions =
    FROM_SOURCES && !/--import[= ]tsx\b/.test(process.env.NODE_OPTIONS ?? '')
      ? `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim()
      : process.env.NODE_OPTIONS;
  const env = { ...process.env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...opts.env, FORCE_COLOR: '0' };
  const environment = { cwd: PACKAGE_ROOT, stdout: sink, stderr: sink, env };
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: features.map((f) => literalPattern(f)),
        import: steps.map((f) => literalPattern(f)),
        format: [
          'progress',
          [codeUrl('authoring/undefined-hints'), join(opts.scratch, 'undefined-steps.txt')],
          [codeUrl('report/formatter'), join(opts.scratch, 'formatter.log')],
          ...(opts.cucumberHtml ? [['html', join(opts.out, 'cucumber.html')] as [string, string]] : []),
        ],
        formatOptions: {
          rolecheck: {
            out: opts.out,
            filters,
            uris: URI_BASE,
            policies: (opts.policies ?? []).map((f) => relative(PACKAGE_ROOT, resolve(f)).split('\\').join('/')),
          },
          undefinedHints: { stderr: false },
        },
        strict: true,
        ...(opts.tags ? { tags: opts.tags } : {}),
        ...(opts.parallel ? { parallel: opts.parallel } : {}),
        ...(opts.shard ? { shard: opts.shard } : {}),
      },
    },
    environment,
  );
  let finished = false;
  takeReport(); // a report left by an earlier run in this process is not this run's
  // The step files are ES modules, evaluated once per process: a second run in the same process (an audit of many
  // environments) must reuse the support code library the first run built, or it finds no step definitions.
  const supportKey = JSON.stringify(runConfiguration.support);
  const reuse = !opts.parallel && supportLibrary?.key === supportKey;
  const { success, support } = await runCucumber(
    reuse ? { ...runConfiguration, support: supportLibrary!.library } : runConfiguration,
    environment,
    (e: Envelope) => {
      if (e.testRunFinished) finished = true;
    },
  );
  if (!opts.parallel) supportLibrary = { key: supportKey, library: support };
  const report = takeReport();
  return { success, finished, log, ...(report ? { report } : {}) };
}

/** The end of cucumber's output: where it says why a run could not take place (a parse error, a step file error). */
export function cucumberLogTail(log: string): string {
  // cucumber names files from the package root it runs in; the user knows them from their own folder.
  const named = log.replace(
    /^(Parse error in ")([^"]+)"/gm,
    (_, head: string, uri: string) => `${head}${relative(process.cwd(), resolve(PACKAGE_ROOT, uri)) || uri}"`,
  );
  return named.trimEnd().split('\n').slice(-25).join('\n').trim();
}
