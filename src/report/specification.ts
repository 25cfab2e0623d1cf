// The specification book (`reports/specification.html`, issue 6): the whole specification as a readable document
// for security officers and business owners — features → rules → examples, each rule with its plain-language
// statement, severity, documented source, documentation conflicts, how the documentation changed since the baseline
// (drift) and latest result (from compliance.json), followed by what the model does not decide (limitations).
// `buildSpecificationView` is pure (data in, view model out); `renderSpecification` applies the Handlebars
// templates (templates/specification*.hbs; `{{ }}` only, so everything is escaped); `writeSpecificationBook`
// does the I/O and writes atomically. Self-contained: inline CSS and JS, a CSP that forbids any network access.
import { RULE_TAG } from '../vocabulary/index.ts';
import Handlebars from 'handlebars';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../paths.ts';
import { template } from './templates.ts';
import type { Background, DataTable, Examples, Rule as GherkinRule, Scenario, Step } from '@cucumber/messages';
import { loadFeatures, type LoadedFeature } from '../specification/features.ts';
import { CONFLICTS, DOCUMENTS, RULES, type Conflict, type Rule, type RuleSource } from '../catalog/rules.ts';
import { DRIFT, type Drift } from '../catalog/drift.ts';
import { LIMITATIONS, type Limitation } from '../catalog/limitations.ts';
import { knownPhrases, type StepPhrase } from '../specification/phrases.ts';

export type BookResult = 'pass' | 'fail' | 'not-tested';

/** The parts of compliance.json the book reads (docs/report-schema.md); anything else is ignored. */
export interface LatestResults {
  timestampUtc?: string;
  subject?: string;
  rules: Record<string, BookResult>;
  /** `uri:line` of a scenario or example row → its status (passed, failed, …). */
  scenarios: Record<string, string>;
}

export interface BookInput {
  features: readonly LoadedFeature[];
  rules?: readonly Rule[];
  conflicts?: readonly Conflict[];
  drift?: readonly Drift[];
  limitations?: readonly Limitation[];
  results?: LatestResults | undefined;
  glossary?: readonly StepPhrase[];
  glossarySource?: string;
  /** Link target of the compliance matrix, relative to the book. */
  complianceHref?: string;
}

interface TextPart {
  text: string;
  param?: boolean;
}
interface StepView {
  keyword: string;
  parts: TextPart[];
  table?: { header: string[]; rows: string[][] };
  docString?: string;
}
interface ExampleView {
  id: string;
  keyword: string;
  name: string;
  nameParts: TextPart[];
  line: number;
  location: string;
  tags: string[];
  steps: StepView[];
  description: string[];
  examples: Array<{ name: string; header: string[]; rows: Array<{ cells: string[]; result?: string }> }>;
  result?: string;
}
interface CitedText {
  says: string;
  cite: string;
  url: string;
}
export interface DriftView {
  id: string;
  anchor: string;
  title: string;
  rules: string[];
  baseline: CitedText;
  later: CitedText & { revision: string; verified: boolean; note: string };
  follows: string;
  why: string;
  conflict: string | null;
}
export interface LimitationView {
  id: string;
  anchor: string;
  title: string;
  notDecided: string;
  soDoNotConclude: string;
  sources: Array<{ title: string; url: string; verified: boolean }>;
  rules: Array<{ id: string; anchor: string }>;
}
interface RuleView {
  anchor: string;
  id: string | null;
  name: string;
  statement: string | null;
  severity: string | null;
  topic: string | null;
  source: { title: string; section: string; lines: string; url: string } | null;
  conflicts: Array<{ id: string; title: string; anchor: string; sides: Array<{ rule: string; says: string }>; modelFollows: string }>;
  /** "The documentation has changed since the baseline": the drift entries of the rule, with both sources. */
  drift: DriftView[];
  /** What the model does not decide next to this rule (links into the limitations section). */
  limitations: Array<{ id: string; title: string; anchor: string }>;
  result: BookResult;
  resultLabel: string;
  complianceLink: string | null;
  description: string[];
  background: StepView[];
  examples: ExampleView[];
  search: string;
  location: string;
  specified: boolean;
  /** An organisation's own policy (not a catalogued rule): its title is the rule, its file the source. */
  policy: boolean;
}
export type FeatureKind = 'specification' | 'policy' | 'audit';
interface FeatureView {
  anchor: string;
  name: string;
  path: string;
  kind: FeatureKind;
  kindLabel: string;
  description: string[];
  background: StepView[];
  rules: RuleView[];
  looseExamples: ExampleView[];
}

export interface SpecificationView {
  title: string;
  summary: { features: number; rules: number; specifiedRules: number; examples: number; pass: number; fail: number; notTested: number };
  results: { available: boolean; timestampUtc: string | null; subject: string | null };
  features: FeatureView[];
  unspecified: RuleView[];
  conflicts: Array<{
    id: string;
    anchor: string;
    title: string;
    sides: Array<{ rule: string; ruleAnchor: string; says: string; source: string; url: string }>;
    modelFollows: string;
  }>;
  drift: DriftView[];
  limitations: LimitationView[];
  glossary: {
    source: string;
    groups: Array<{ name: string; phrases: Array<{ keyword: string; phrase: string; description: string; example: string }> }>;
  };
  complianceHref: string;
}

const RESULT_LABEL: Record<BookResult, string> = { pass: 'Holds (passed)', fail: 'Does not hold (failed)', 'not-tested': 'Not tested yet' };

const paragraphs = (d: string | undefined): string[] =>
  (d ?? '')
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .split('\n')
        .map((l) => l.trim())
        .join(' ')
        .trim(),
    )
    .filter(Boolean);
/** A catalogued rule's description without its `Source:` line, which the book shows from the catalogue. */
const withoutSourceLine = (d: string | undefined): string =>
  (d ?? '')
    .split('\n')
    .filter((l) => !l.trim().startsWith('Source:'))
    .join('\n');

/** "title, section "…", lines a–b" of a source, for a reader. */
function citeOf(src: RuleSource): string {
  const doc = DOCUMENTS[src.document];
  const [a, b] = src.lines;
  const dated = doc && /^\d{4}-\d{2}-\d{2}$/.test(doc.revision) ? ` (revision of ${doc.revision})` : '';
  return `${doc?.title ?? src.document}${dated}, section “${src.section}”, ${a === b ? `line ${a}` : `lines ${a}–${b}`}`;
}

const FOLLOWS: Record<Drift['modelFollows'], string> = {
  baseline: 'the baseline text',
  later: 'the later revision',
  'in part': 'the later revision in part',
};

function driftView(d: Drift): DriftView {
  return {
    id: d.id,
    anchor: `drift-${d.id}`,
    title: d.title,
    rules: [...d.rules],
    baseline: { says: d.baseline.says, cite: citeOf(d.baseline.source), url: d.baseline.source.url },
    later: {
      says: d.later.says,
      cite: citeOf(d.later.source),
      url: d.later.source.url,
      revision: d.later.revision,
      verified: d.later.verified,
      note: d.later.note,
    },
    follows: FOLLOWS[d.modelFollows],
    why: d.why,
    conflict: d.conflict ?? null,
  };
}

function limitationView(l: Limitation): LimitationView {
  return {
    id: l.id,
    anchor: `limitation-${l.id}`,
    title: l.title,
    notDecided: l.notDecided,
    soDoNotConclude: l.soDoNotConclude,
    sources: l.sources.map((x) => ({ ...x })),
    rules: l.rules.map((id) => ({ id, anchor: `rule-${id}` })),
  };
}

function parts(text: string): TextPart[] {
  const out: TextPart[] = [];
  for (const piece of text.split(/(<[^<>]+>)/)) {
    if (!piece) continue;
    if (/^<[^<>]+>$/.test(piece)) out.push({ text: piece.slice(1, -1), param: true });
    else out.push({ text: piece });
  }
  return out;
}

function tableView(t: DataTable | undefined): StepView['table'] {
  if (!t || t.rows.length === 0) return undefined;
  const [head, ...body] = t.rows.map((r) => r.cells.map((c) => c.value));
  return { header: head!, rows: body };
}

function stepsView(steps: readonly Step[]): StepView[] {
  return steps.map((s) => ({
    keyword: s.keyword.trim(),
    parts: parts(s.text),
    ...(s.dataTable ? { table: tableView(s.dataTable) } : {}),
    ...(s.docString ? { docString: s.docString.content } : {}),
  }));
}

const resultOf = (status: string | undefined): string | undefined => {
  if (!status) return undefined;
  if (status === 'passed') return 'pass';
  if (status === 'failed' || status === 'undefined' || status === 'ambiguous' || status === 'pending') return 'fail';
  return 'not-tested';
};

function exampleView(s: Scenario, path: string, results: LatestResults | undefined): ExampleView {
  const exs = s.examples.map((e: Examples) => ({
    name: e.name,
    header: e.tableHeader ? e.tableHeader.cells.map((c) => c.value) : [],
    rows: e.tableBody.map((r) => {
      const res = resultOf(results?.scenarios[`${path}:${r.location.line}`]);
      return { cells: r.cells.map((c) => c.value), ...(res ? { result: res } : {}) };
    }),
  }));
  let result = resultOf(results?.scenarios[`${path}:${s.location.line}`]);
  if (!result && exs.length) {
    const rs = exs.flatMap((e) => e.rows.map((r) => r.result)).filter(Boolean);
    if (rs.length) result = rs.includes('fail') ? 'fail' : rs.every((r) => r === 'pass') ? 'pass' : 'not-tested';
  }
  return {
    id: `ex-${slug(path)}-${s.location.line}`,
    keyword: s.keyword.trim(),
    name: s.name,
    nameParts: parts(s.name),
    line: s.location.line,
    location: `${path}:${s.location.line}`,
    tags: s.tags.map((t) => t.name).filter((t) => !RULE_TAG.test(t) && !t.startsWith('@severity-')),
    steps: stepsView(s.steps),
    description: paragraphs(s.description),
    examples: exs,
    ...(result ? { result } : {}),
  };
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

function ruleSource(r: Rule): RuleView['source'] {
  const doc = DOCUMENTS[r.source.document];
  const [a, b] = r.source.lines;
  const dated = doc && /^\d{4}-\d{2}-\d{2}$/.test(doc.revision) ? ` (revision of ${doc.revision})` : '';
  return {
    title: `${doc?.title ?? r.source.document}${dated}`,
    section: r.source.section,
    lines: a === b ? `line ${a}` : `lines ${a}–${b}`,
    url: r.source.url,
  };
}

function conflictsOf(id: string | null, conflicts: readonly Conflict[]): RuleView['conflicts'] {
  if (!id) return [];
  return conflicts
    .filter((c) => c.sides.some((s) => s.rule === id))
    .map((c) => ({
      id: c.id,
      title: c.title,
      anchor: `conflict-${c.id}`,
      sides: c.sides.map((s) => ({ rule: s.rule, says: s.says })),
      modelFollows: c.modelFollows,
    }));
}

/** Pure: features + catalogue + latest results → the view model of the book. */
export function buildSpecificationView(input: BookInput): SpecificationView {
  const rules = input.rules ?? RULES;
  const conflicts = input.conflicts ?? CONFLICTS;
  const drift = (input.drift ?? DRIFT).map(driftView);
  const limitations = (input.limitations ?? LIMITATIONS).map(limitationView);
  const results = input.results;
  const complianceHref = input.complianceHref ?? 'compliance.html';
  const byId = new Map(rules.map((r) => [r.id, r]));
  const specified = new Set<string>();

  const anchors = new Set<string>();
  const uniqueAnchor = (base: string, where: string) => {
    let a = anchors.has(base) ? `${base}-in-${slug(where)}` : base;
    for (let i = 2; anchors.has(a); i++) a = `${base}-${i}`;
    anchors.add(a);
    return a;
  };
  // A rule's result: the catalogue status from the report, else (policies) the worst result of its examples.
  const fromExamples = (exs: readonly ExampleView[] | undefined): BookResult | undefined => {
    const rs = (exs ?? []).map((e) => e.result).filter(Boolean);
    if (!rs.length) return undefined;
    return rs.includes('fail') ? 'fail' : rs.every((r) => r === 'pass') ? 'pass' : 'not-tested';
  };
  const ruleView = (id: string | null, name: string, extra: Partial<RuleView>, where = ''): RuleView => {
    const r = id ? byId.get(id) : undefined;
    const result: BookResult = (r && results?.rules[r.id]) || fromExamples(extra.examples) || 'not-tested';
    const view: RuleView = {
      anchor: uniqueAnchor(id ? `rule-${id}` : `rule-${slug(name)}`, where),
      id,
      name,
      statement: r?.statement ?? null,
      severity: r?.severity ?? null,
      topic: r?.topic ?? null,
      source: r ? ruleSource(r) : null,
      conflicts: conflictsOf(id, conflicts),
      drift: r ? drift.filter((d) => d.rules.includes(r.id)) : [],
      limitations: r
        ? limitations.filter((l) => l.rules.some((x) => x.id === r.id)).map((l) => ({ id: l.id, title: l.title, anchor: l.anchor }))
        : [],
      result,
      resultLabel: RESULT_LABEL[result],
      complianceLink: r && results ? `${complianceHref}#rule-${r.id}` : null,
      description: [],
      background: [],
      examples: [],
      search: '',
      location: '',
      specified: false,
      policy: false,
      ...extra,
    };
    view.search = [
      id,
      name,
      view.statement,
      view.severity,
      view.topic,
      view.source?.title,
      view.source?.section,
      ...view.drift.flatMap((d) => [d.id, d.title, d.later.says]),
      ...view.description,
      ...view.examples.flatMap((e) => [e.name, ...e.steps.map((s) => s.parts.map((p) => p.text).join(''))]),
    ]
      .filter(Boolean)
      .join(' ')
      .toLowerCase();
    return view;
  };

  const kindOf = (f: LoadedFeature): FeatureKind => {
    const tags = (f.document.feature?.tags ?? []).map((t) => t.name.toLowerCase());
    if (tags.includes('@policy')) return 'policy';
    if (tags.includes('@audit')) return 'audit';
    return f.path.replace(/\\/g, '/').split('/').includes('policies') ? 'policy' : 'specification';
  };
  const ORDER: FeatureKind[] = ['specification', 'policy', 'audit'];
  const KIND_LABEL: Record<FeatureKind, string> = {
    specification: '',
    policy: 'Organisation policy',
    audit: 'Audit of an environment export',
  };
  const ordered = input.features
    .filter((f) => f.document.feature)
    .map((f, i) => ({ f, i, k: kindOf(f) }))
    .sort((a, b) => ORDER.indexOf(a.k) - ORDER.indexOf(b.k) || a.i - b.i);

  const features: FeatureView[] = ordered.map(({ f, k: kind }) => {
    const feat = f.document.feature!;
    let background: StepView[] = [];
    const rulesOut: RuleView[] = [];
    const loose: ExampleView[] = [];
    for (const c of feat.children) {
      if (c.background) background = stepsView((c.background as Background).steps);
      if (c.scenario) loose.push(exampleView(c.scenario, f.path, results));
      if (c.rule) {
        const gr = c.rule as GherkinRule;
        const idTag = gr.tags.map((t) => RULE_TAG.exec(t.name)?.[1]).find(Boolean) ?? null;
        if (idTag) specified.add(idTag);
        let rb: StepView[] = [];
        const exs: ExampleView[] = [];
        for (const rc of gr.children) {
          if (rc.background) rb = stepsView(rc.background.steps);
          if (rc.scenario) exs.push(exampleView(rc.scenario, f.path, results));
        }
        const policy = kind === 'policy' && !(idTag && byId.has(idTag));
        const tagSeverity = gr.tags.map((t) => /^@severity-(critical|high|medium|low)$/.exec(t.name)?.[1]).find(Boolean);
        const catalogued = !!(idTag && byId.has(idTag));
        rulesOut.push(
          ruleView(
            idTag,
            gr.name,
            {
              description: paragraphs(catalogued ? withoutSourceLine(gr.description) : gr.description),
              background: rb,
              examples: exs,
              location: `${f.path}:${gr.location.line}`,
              specified: true,
              policy,
              ...(policy && tagSeverity ? { severity: tagSeverity } : {}),
            },
            f.path.replace(/\.feature$/, ''),
          ),
        );
      }
    }
    return {
      anchor: uniqueAnchor(`feature-${slug(f.path.replace(/^features\//, '').replace(/\.feature$/, ''))}`, f.path),
      name: feat.name,
      path: f.path,
      kind,
      kindLabel: KIND_LABEL[kind],
      description: paragraphs(feat.description),
      background,
      rules: rulesOut,
      looseExamples: loose,
    };
  });

  const unspecified = rules.filter((r) => !specified.has(r.id)).map((r) => ruleView(r.id, r.statement, { specified: false }));
  const all = [...features.flatMap((f) => f.rules), ...unspecified].filter((r) => r.id);
  const seen = new Set<string>();
  const counted = all.filter((r) => (seen.has(r.id!) ? false : (seen.add(r.id!), true)));

  const groups = new Map<string, StepPhrase[]>();
  for (const p of input.glossary ?? []) {
    const g = (p.group ?? 'Steps').replace(/\.(ts|js)$/, '').replace(/^.*\//, '');
    let l = groups.get(g);
    if (!l) groups.set(g, (l = []));
    l.push(p);
  }

  return {
    title: 'Power Platform security roles — the specification',
    summary: {
      features: features.length,
      rules: rules.length,
      specifiedRules: specified.size,
      examples: features.reduce((n, f) => n + f.looseExamples.length + f.rules.reduce((m, r) => m + r.examples.length, 0), 0),
      pass: counted.filter((r) => r.result === 'pass').length,
      fail: counted.filter((r) => r.result === 'fail').length,
      notTested: counted.filter((r) => r.result === 'not-tested').length,
    },
    results: { available: !!results, timestampUtc: results?.timestampUtc ?? null, subject: results?.subject ?? null },
    features,
    unspecified,
    conflicts: conflicts.map((c) => ({
      id: c.id,
      anchor: `conflict-${c.id}`,
      title: c.title,
      modelFollows: c.modelFollows,
      sides: c.sides.map((s) => ({
        rule: s.rule,
        ruleAnchor: `rule-${s.rule}`,
        says: s.says,
        source: citeOf(s.source),
        url: s.source.url,
      })),
    })),
    drift,
    limitations,
    glossary: {
      source: input.glossarySource ?? 'step definitions',
      groups: [...groups].map(([name, ps]) => ({
        name,
        phrases: ps.map((p) => ({
          keyword: p.keyword ?? '',
          phrase: p.phrase,
          description: p.description ?? '',
          example: p.example ?? '',
        })),
      })),
    },
    complianceHref,
  };
}

/** Reads the per-rule and per-scenario results of a compliance.json (tolerant: unknown shapes give no results). */
export function resultsFromCompliance(json: unknown): LatestResults | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const j = json as { run?: { timestampUtc?: string; subject?: { kind?: string; name?: string } }; rules?: unknown; scenarios?: unknown };
  const rules: Record<string, BookResult> = {};
  const list = Array.isArray(j.rules)
    ? j.rules
    : j.rules && typeof j.rules === 'object'
      ? Object.entries(j.rules).map(([id, v]) => ({ id, ...(v as object) }))
      : [];
  for (const r of list as Array<{ id?: string; status?: string }>) {
    if (!r?.id) continue;
    const s = String(r.status ?? '').toLowerCase();
    rules[r.id] = s === 'passed' || s === 'pass' ? 'pass' : s === 'failed' || s === 'fail' ? 'fail' : 'not-tested';
  }
  const scenarios: Record<string, string> = {};
  for (const s of (Array.isArray(j.scenarios) ? j.scenarios : []) as Array<{ uri?: string; line?: number; status?: string }>) {
    if (s?.uri && s.line && s.status) scenarios[`${s.uri}:${s.line}`] = s.status;
  }
  const subject = j.run?.subject ? [j.run.subject.kind, j.run.subject.name].filter(Boolean).join(': ') : undefined;
  return { rules, scenarios, ...(j.run?.timestampUtc ? { timestampUtc: j.run.timestampUtc } : {}), ...(subject ? { subject } : {}) };
}

// ---------------------------------------------------------------------------------------------------------
// rendering

export { TEMPLATES_DIR };

const sha256b64 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/** The view model → a self-contained HTML page (templates/specification.hbs and its partials). */
export function renderSpecification(view: SpecificationView, templatesDir = TEMPLATES_DIR): string {
  const hb = Handlebars.create();
  const read = (name: string) => readFileSync(join(templatesDir, name), 'utf8');
  for (const f of readdirSync(templatesDir)) {
    const m = /^(specification-[a-z-]+)\.hbs$/.exec(f);
    if (m) hb.registerPartial(m[1]!, template(hb, f, templatesDir));
  }
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const style = read('specification-style.hbs');
  const script = read('specification-script.hbs');
  const page = template(hb, 'specification.hbs', templatesDir);
  // The inline style and script are the partials' exact text: the CSP allows them by hash, and nothing else.
  const csp = `default-src 'none'; style-src 'sha256-${sha256b64(style)}'; script-src 'sha256-${sha256b64(script)}'; img-src data:; connect-src 'none'; font-src 'none'; form-action 'none'; base-uri 'none'; frame-src 'none'; object-src 'none'`;
  return page({ ...view, csp });
}

function readResults(outDir: string): unknown {
  const p = join(outDir, 'compliance.json');
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The book's HTML, synchronously, for an output writer that already holds the compliance report in memory
 * (`results`: the ComplianceReport object or the parsed compliance.json). Step phrases: `glossary`, else the
 * phrases read from steps/*.ts.
 */
export function specificationBookHtml(
  opts: {
    cwd?: string;
    featuresDir?: string;
    results?: unknown;
    glossary?: readonly StepPhrase[];
    glossarySource?: string;
    templatesDir?: string;
  } = {},
): string {
  const cwd = opts.cwd ?? process.cwd();
  const dir = opts.featuresDir ?? 'features';
  const features = existsSync(join(cwd, dir)) ? loadFeatures(dir, cwd) : [];
  const known = opts.glossary ? { source: 'glossary', phrases: opts.glossary } : knownPhrases(cwd);
  const view = buildSpecificationView({
    features,
    results: resultsFromCompliance(opts.results),
    glossary: known.phrases,
    glossarySource: opts.glossarySource ?? (known.source === 'glossary' ? 'glossary (docs/steps.md)' : 'step definitions'),
  });
  return renderSpecification(view, opts.templatesDir);
}

/**
 * Writes `<outDir>/specification.html` (atomically: temporary file + rename) from the features of `cwd`, the rule
 * catalogue and, when present, `<outDir>/compliance.json`. Returns the written path.
 */
export function writeSpecificationBook(
  outDir = 'reports',
  opts: { cwd?: string; featuresDir?: string; templatesDir?: string } = {},
): string {
  const cwd = opts.cwd ?? process.cwd();
  const html = specificationBookHtml({
    cwd,
    ...(opts.featuresDir ? { featuresDir: opts.featuresDir } : {}),
    results: readResults(outDir),
    ...(opts.templatesDir ? { templatesDir: opts.templatesDir } : {}),
  });
  mkdirSync(outDir, { recursive: true });
  const target = join(outDir, 'specification.html');
  const tmp = `${target}.tmp-${process.pid}`;
  writeFileSync(tmp, html);
  renameSync(tmp, target);
  return target;
}
