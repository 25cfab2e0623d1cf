// The Handlebars templates of the report and the book, as the pages use them. The compiled package carries them
// precompiled (`npm run build` writes dist/src/report/templates.compiled.cjs from templates/*.hbs): compiling the
// report's templates took some 150 ms of every audit's CPU, about a tenth of a small one. The checkout's sources
// (tsx) compile them from templates/ at first use, so an edited template shows at once. The two give the same
// pages (test/templates.test.ts renders both ways and compares the bytes).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../paths.ts';

/** The options every template is compiled with, here and by the build. */
export const COMPILE_OPTIONS: CompileOptions = { strict: false, noEscape: false };

/** The file the build writes next to this module's compiled form: template path (relative to templates/) -> spec. */
export const PRECOMPILED_FILE = 'templates.compiled.cjs';

type Specs = Record<string, TemplateSpecification>;
let precompiled: Specs | null | undefined;

/** The build's precompiled templates, or null when this code runs from the sources (or the file is not there). */
function precompiledSpecs(): Specs | null {
  if (precompiled === undefined) {
    const file = new URL(PRECOMPILED_FILE, import.meta.url);
    precompiled =
      !import.meta.url.endsWith('.ts') && existsSync(file) ? (createRequire(import.meta.url)(fileURLToPath(file)) as Specs) : null;
  }
  return precompiled;
}

/** True when the templates come precompiled (the compiled package), false when they are compiled from templates/. */
export function templatesPrecompiled(): boolean {
  return precompiledSpecs() !== null;
}

/**
 * The template at `name` (a path under `dir`, such as `partials/verdict.hbs`) for `hb`: precompiled when the package
 * carries it and `dir` is the package's own templates/ folder, else compiled from the file.
 */
export function template(hb: typeof Handlebars, name: string, dir = TEMPLATES_DIR): Handlebars.TemplateDelegate {
  const spec = dir === TEMPLATES_DIR ? precompiledSpecs()?.[name] : undefined;
  return spec ? hb.template(spec) : hb.compile(readFileSync(join(dir, name), 'utf8'), COMPILE_OPTIONS);
}
