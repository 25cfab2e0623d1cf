// junit.xml: cucumber's own JUnit printer (one <testsuite> per run; the runs of merged shards as one run), with the
// report's counts added as <properties> of the suite, so that a CI reading JUnit sees the same findings, rules and
// policies as every other output.
import { JUnitXmlPrinter } from '@cucumber/junit-xml-formatter';
import type { Envelope } from '@cucumber/messages';
import { visible } from '../vocabulary/index.ts';
import { splitRuns } from './runs.ts';
import type { ComplianceReport } from './schema.ts';

/** Characters XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets), lone surrogates included. */
const XML_INVALID = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const xmlVisible = (ch: string): string => {
  const v = visible(ch);
  return v !== ch ? v : `\\u{${ch.charCodeAt(0).toString(16).toUpperCase()}}`;
};

interface XmlStringifier {
  cdata(v: unknown): string;
  assertLegalChar(s: string): string;
}

/**
 * The printer's XML made safe for any name of the input. Its XML builder (xmlbuilder) splits a CDATA section at the
 * first "]]>" of a value only, so a name holding it twice ended the section and wrote its own elements; and it
 * drops the characters XML 1.0 cannot hold. Here every "]]>" splits the section, and those characters are written
 * visibly (`\x1b`). The printer keeps its builder in a field of its own: the test of junit.xml parses the file, so a
 * version of the printer built otherwise fails there rather than writing an unsafe file.
 */
function hardenedPrinter(write: (s: string) => void): JUnitXmlPrinter {
  const printer = new JUnitXmlPrinter({ suiteName: 'rolecheck' }, write);
  const stringify = (printer as unknown as { builder?: { stringify?: XmlStringifier } }).builder?.stringify;
  if (!stringify || typeof stringify.cdata !== 'function' || typeof stringify.assertLegalChar !== 'function') {
    throw new Error('the JUnit printer has changed: its XML stringifier was not found (see hardenedPrinter)');
  }
  const legal = (s: string): string => s.replace(XML_INVALID, xmlVisible);
  stringify.assertLegalChar = legal;
  stringify.cdata = (v: unknown) => legal(String(v ?? '')).replaceAll(']]>', ']]]]><![CDATA[>');
  return printer;
}

const attr = (s: string | number): string =>
  String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The report's counts as JUnit properties (`rolecheck.findings`, …). */
export function junitProperties(report: ComplianceReport): Array<[string, string | number]> {
  const t = report.totals;
  return [
    ['rolecheck.verdict', t.verdict],
    ['rolecheck.findings', t.findings],
    ...Object.entries(t.findingsBySeverity).map(([k, v]): [string, number] => [`rolecheck.findings.${k}`, v]),
    ['rolecheck.policies', t.policies.total],
    ['rolecheck.policies.failed', t.policies.failed],
    ['rolecheck.rules', t.rules.total],
    ['rolecheck.rules.passed', t.rules.passed],
    ['rolecheck.rules.failed', t.rules.failed],
    ['rolecheck.rules.not-tested', t.rules['not-tested']],
  ];
}

export function renderJunit(envelopes: readonly Envelope[], report?: ComplianceReport): string {
  // The runs of merged shards are fed to one printer as one run (their ids never collide: cucumber makes UUIDs),
  // starting with the first run's start and ending with the last run's end, so the merged junit.xml lists the
  // test cases in the same order, with the same totals, as one unsharded run.
  const runs = splitRuns(envelopes);
  let xml = '';
  const printer = hardenedPrinter((s) => {
    xml += s;
  });
  runs.forEach((run, i) => {
    for (const e of run) {
      if ((e.testRunStarted && i > 0) || (e.testRunFinished && i < runs.length - 1)) continue;
      printer.update(e as never);
    }
  });
  if (report) {
    const props = `\n  <properties>\n${junitProperties(report)
      .map(([k, v]) => `    <property name="${attr(k)}" value="${attr(v)}"/>`)
      .join('\n')}\n  </properties>`;
    xml = xml.replace(/(<testsuite\b[^>]*?)(\/?)>/, (_, open: string, selfClosing: string) =>
      selfClosing ? `${open}>${props}\n</testsuite>` : `${open}>${props}`,
    );
  }
  return xml === '' || xml.endsWith('\n') ? xml : xml + '\n';
}

export function renderMessages(envelopes: readonly Envelope[]): string {
  return envelopes.map((e) => JSON.stringify(e)).join('\n') + (envelopes.length ? '\n' : '');
}
