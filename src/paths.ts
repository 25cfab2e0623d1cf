// Where rolecheck's own files are, found from this module's location and never from the caller's working
// directory: the same code runs as TypeScript from a checkout (src/paths.ts, through tsx) and as compiled
// JavaScript from an installed package (dist/src/paths.js), in any folder, under any name.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** True when running the TypeScript sources (development); false for the compiled package. */
export const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** The package root: the folder of package.json (a checkout, or node_modules/rolecheck). */
export const PACKAGE_ROOT = FROM_SOURCES
  ? dirname(dirname(fileURLToPath(import.meta.url)))
  : dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The compiled code of src/ and steps/ (built by `npm run build`; what the installed package runs). */
export const DIST_DIR = join(PACKAGE_ROOT, 'dist');
/** The code being run: src/ of the checkout, or dist/src/ of the package. */
export const CODE_ROOT = FROM_SOURCES ? PACKAGE_ROOT : DIST_DIR;

/** The documented specification. */
export const FEATURES_DIR = join(PACKAGE_ROOT, 'features');
/** The audit's own features (findings, principals, custom-role matrix): shipped beside, not inside, features/. */
export const AUDIT_FEATURES_DIR = join(PACKAGE_ROOT, 'src', 'exports', 'features');
/** Handlebars templates, stylesheet and script of the report and the book. */
export const TEMPLATES_DIR = join(PACKAGE_ROOT, 'templates');
/** User documentation shipped with the package. */
export const DOCS_DIR = join(PACKAGE_ROOT, 'docs');
/** The bundled example export. */
export const EXAMPLE_EXPORT = join(PACKAGE_ROOT, 'examples', 'contoso');
/** The step definitions cucumber loads: steps/*.ts from sources, dist/steps/*.js when compiled. */
export const STEPS_DIR = join(CODE_ROOT, 'steps');
/** The step phrases read from the step sources at build time (the package has no TypeScript sources). */
export const STEP_PHRASES_JSON = join(DIST_DIR, 'step-phrases.json');

/** A module of src/ as cucumber (or a worker) must import it: `report/formatter` -> its .ts or .js file URL. */
export function codeUrl(modulePath: string): string {
  return pathToFileURL(join(CODE_ROOT, 'src', `${modulePath}${FROM_SOURCES ? '.ts' : '.js'}`)).href;
}

/** The step definition files, sorted (the extension of the code being run). */
export function stepFiles(): string[] {
  if (!existsSync(STEPS_DIR)) return [];
  const ext = FROM_SOURCES ? '.ts' : '.js';
  return readdirSync(STEPS_DIR)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => join(STEPS_DIR, f));
}
