// rolecheck's own step phrases, wherever it runs: read from steps/*.ts in a checkout, and from the JSON the build
// saved (dist/step-phrases.json) in the installed package, which ships no TypeScript sources.
import { readFileSync } from 'node:fs';
import { FROM_SOURCES, PACKAGE_ROOT, STEP_PHRASES_JSON } from '../paths.ts';
import { knownPhrases, readStepPhrases, type StepPhrase } from './phrases.ts';

type Known = ReturnType<typeof knownPhrases>;
let saved: { known: Known; steps: StepPhrase[] } | undefined;
const built = () => (saved ??= JSON.parse(readFileSync(STEP_PHRASES_JSON, 'utf8')) as { known: Known; steps: StepPhrase[] });

/** The glossary phrases (or, failing that, the phrases scanned from the step sources). */
export function packageKnownPhrases(): Known {
  return FROM_SOURCES ? knownPhrases(PACKAGE_ROOT) : built().known;
}

/** Every step phrase with the file that defines it (`group`), scanned from the step sources. */
export function packageStepPhrases(): StepPhrase[] {
  return FROM_SOURCES ? readStepPhrases('steps', PACKAGE_ROOT) : built().steps;
}
