// Pure renderers: report data (+ the raw envelopes) -> the bytes of every output file of the report. No clock, no
// paths. Each format is in its own file:
//   compliance.json  the report data (schema.ts)            compliance.html  the page (html.ts, templates/)
//   compliance.csv, findings.csv, rules.csv, summary.csv (csv.ts)   compliance.xlsx  the workbook (workbook.ts)
//   review.csv       with an access review only (csv.ts)
//   specification.html  the book of the specification       junit.xml, messages.ndjson (junit.ts)
//   manifest.json    SHA-256 and size of every other file (manifest.ts)
import { parseFeature } from '../specification/features.ts';
import { packageKnownPhrases } from '../specification/package-phrases.ts';
import type { Envelope } from '@cucumber/messages';
import { buildSpecificationView, renderSpecification, resultsFromCompliance } from './specification.ts';
import { renderCsv, renderFindingsCsv, renderReviewCsv, renderRulesCsv, renderSummaryCsv } from './csv.ts';
import { renderHtml } from './html.ts';
import { renderJunit, renderMessages } from './junit.ts';
import { manifestEntry, manifestJson, MANIFEST } from './manifest.ts';
import { reportJson, type ComplianceReport } from './schema.ts';

export { neutralise, renderCsv } from './csv.ts';
export { HTML_LIMITS, HTML_LIST_LIMIT, renderHtml, scenarioAnchor, TEMPLATE_DIR } from './html.ts';
export { renderJunit, renderMessages } from './junit.ts';

export const OUTPUT_FILES = [
  'compliance.json',
  'compliance.html',
  'compliance.csv',
  'findings.csv',
  'rules.csv',
  'summary.csv',
  'compliance.xlsx',
  'specification.html',
  'junit.xml',
  'messages.ndjson',
  MANIFEST,
] as const;
/** Written besides OUTPUT_FILES when the report has an access review (`review` not null). */
export const REVIEW_OUTPUT_FILES = ['review.csv'] as const;

/**
 * The specification book of this run: the feature files come from the message log's `source` envelopes (so a
 * rebuild from saved logs shows the specification that actually ran), the results from this report.
 */
export function renderBook(report: ComplianceReport, envelopes: readonly Envelope[]): string {
  // Merged shards each carry every source: one chapter per file (a file that differs between the runs is a
  // warning of the report; the first version is shown).
  const sources = new Map<string, string>();
  for (const e of envelopes) if (e.source && !sources.has(e.source.uri)) sources.set(e.source.uri, e.source.data);
  const features = [...sources]
    .map(([uri, data]) => parseFeature(uri, data))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const known = packageKnownPhrases();
  return renderSpecification(
    buildSpecificationView({
      features,
      results: resultsFromCompliance(JSON.parse(reportJson(report))),
      glossary: known.phrases,
      glossarySource: known.source === 'glossary' ? 'glossary (docs/steps.md)' : 'step definitions',
    }),
  );
}

export async function renderOutputs(report: ComplianceReport, envelopes: readonly Envelope[]): Promise<Map<string, string | Uint8Array>> {
  const files = new Map<string, string | Uint8Array>();
  files.set('compliance.json', reportJson(report));
  files.set('compliance.html', renderHtml(report));
  files.set('compliance.csv', renderCsv(report));
  files.set('findings.csv', renderFindingsCsv(report));
  files.set('rules.csv', renderRulesCsv(report));
  files.set('summary.csv', renderSummaryCsv(report));
  const review = renderReviewCsv(report);
  if (review !== null) files.set('review.csv', review);
  // exceljs is loaded here only, when a report is written.
  const { renderWorkbook } = await import('./workbook.ts');
  files.set('compliance.xlsx', await renderWorkbook(report));
  files.set('specification.html', renderBook(report, envelopes));
  files.set('junit.xml', renderJunit(envelopes, report));
  files.set('messages.ndjson', renderMessages(envelopes));
  files.set(
    MANIFEST,
    manifestJson(
      report,
      [...files].map(([path, body]) => manifestEntry(path, body)),
    ),
  );
  return files;
}
