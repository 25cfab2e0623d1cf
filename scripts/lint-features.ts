// `npm run lint`: authoring guardrails for feature files (see src/authoring/lint.ts and docs/writing-rules.md).
// Usage: node --import tsx scripts/lint-features.ts [--fix] [--policies <dir>]... [<spec file or dir>...]
// --fix rewrites the layout, and the `Source:` lines of specification files from the catalogue.
// Default: every .feature file of the project (see below).
import { existsSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fixFeature, formatProblem, lintAll, type FeatureKind, type LintInput } from '../src/authoring/lint.ts';

function featuresUnder(p: string): string[] {
  if (!existsSync(p)) return [];
  if (statSync(p).isFile()) return p.endsWith('.feature') ? [p] : [];
  return (readdirSync(p, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.feature') && !f.split(/[\\/]/).includes('node_modules'))
    .map((f) => join(p, f))
    .sort();
}

const args = process.argv.slice(2);
const fix = args.includes('--fix');
const spec: string[] = [];
const policies: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--fix') continue;
  if (a === '--policies') {
    const d = args[++i];
    if (d) policies.push(d);
    continue;
  }
  if (a === '--help' || a === '-h') {
    console.log('usage: lint-features [--fix] [--policies <dir>]... [<spec file or dir>...]');
    process.exit(0);
  }
  spec.push(a);
}
// Default: every .feature file of the project. features/** is the specification; the others (examples/**/policies,
// the audit's own features) are checked as policies. Lint fixtures (deliberately bad) and generated output are skipped.
const SKIP = new Set(['node_modules', '.git', 'fixtures', 'reports', 'test-results', 'coverage']);
function projectFeatures(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
    const p = dir === '.' ? e.name : join(dir, e.name);
    if (e.isDirectory()) out.push(...projectFeatures(p));
    else if (e.name.endsWith('.feature')) out.push(p);
  }
  return out;
}
const defaults = spec.length === 0 && policies.length === 0;
if (defaults) {
  spec.push('features');
  policies.push(...projectFeatures('.').filter((f) => !f.startsWith('features/')));
}

const files = new Map<string, FeatureKind>();
for (const p of policies) for (const f of featuresUnder(p)) files.set(f, 'policy');
for (const p of spec) for (const f of featuresUnder(p)) files.set(f, 'specification');

const inputs: LintInput[] = [];
for (const [f, kind] of files) {
  const path = relative(process.cwd(), f).split('\\').join('/') || f;
  let source = readFileSync(f, 'utf8');
  if (fix) {
    const fixed = fixFeature(source, kind);
    if (fixed !== undefined) {
      const tmp = `${f}.tmp-${process.pid}`;
      writeFileSync(tmp, fixed);
      renameSync(tmp, f);
      source = fixed;
      console.log(`formatted ${path}`);
    }
  }
  inputs.push({ path, source, kind });
}

const problems = lintAll(inputs);
for (const p of problems) console.error(formatProblem(p));
const nSpec = inputs.filter((i) => i.kind === 'specification').length;
if (problems.length) {
  console.error(
    `\n${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} of ${inputs.length} feature file(s). See docs/writing-rules.md.`,
  );
  process.exit(1);
}
console.log(`lint: ${inputs.length} feature file(s) clean (${nSpec} specification, ${inputs.length - nSpec} policy).`);
