// `npm run build` (also run by `prepack`): the compiled package. tsc emits src/ and steps/ as JavaScript into dist/
// (relative imports rewritten from .ts to .js); the plain-JavaScript workers of src/check are copied as they are;
// the step phrases, which the glossary and the "did you mean" hints read from the step sources, are saved as JSON
// because the package ships no TypeScript. The new dist/ is built beside the old one and switched in at the end.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { knownPhrases, readStepPhrases } from '../src/specification/phrases.ts';
import { PACKAGE_ROOT } from '../src/paths.ts';

const started = Date.now();
const dist = join(PACKAGE_ROOT, 'dist');
const tmp = join(PACKAGE_ROOT, `.dist.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
try {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(PACKAGE_ROOT, 'tsconfig.build.json'), '--outDir', tmp], {
    stdio: 'inherit',
    cwd: PACKAGE_ROOT,
  });
  if (r.status !== 0) throw new Error(`tsc failed (exit code ${r.status})`);
  const src = join(PACKAGE_ROOT, 'src');
  for (const f of readdirSync(src, { recursive: true }) as string[]) {
    if (!f.endsWith('.mjs')) continue;
    mkdirSync(dirname(join(tmp, 'src', f)), { recursive: true });
    cpSync(join(src, f), join(tmp, 'src', f));
  }
  const phrases = { known: knownPhrases(PACKAGE_ROOT), steps: readStepPhrases('steps', PACKAGE_ROOT) };
  writeFileSync(join(tmp, 'step-phrases.json'), JSON.stringify(phrases) + '\n');
  rmSync(dist, { recursive: true, force: true });
  renameSync(tmp, dist);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.stderr.write(`build: dist/ written in ${Date.now() - started} ms\n`);
