// `npm run glossary`: writes docs/steps.md, the glossary of every step phrase with an example and the file that
// defines it, from the step definitions' source (src/specification/glossary.ts). `--check` fails when the committed
// page is out of date instead of writing it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { glossaryMarkdown, stepPhrases } from '../src/specification/glossary.ts';

const target = 'docs/steps.md';
const text = glossaryMarkdown();
const missing = stepPhrases().filter((p) => !p.example);
for (const p of missing) console.warn(`warning: ${p.file}:${p.line}: step "${p.phrase}" has no "// glossary:" example above it`);

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    console.error(`${target} is out of date: run \`npm run glossary\`.`);
    process.exit(1);
  }
  console.log(`${target} is up to date.`);
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target} (${stepPhrases().length} step phrases)`);
}
