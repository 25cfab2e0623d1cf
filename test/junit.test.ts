// junit.xml with hostile text (issue 15, red team): a name or message holding `]]>` several times, markup and
// control characters stays text: no element is injected, the XML stays well-formed, and a reader gets the text back.
import { describe, expect, it } from 'vitest';
import type { Envelope } from '@cucumber/messages';
import { renderJunit } from '../src/report/render.ts';
import { readEnvelopes, recordRun } from './fixtures/report/record.ts';

const EVIL = 'x]]>y]]><injected-by-export/><![CDATA[@x.com\u0001\u001b[31m]]>';
/** What an XML 1.0 reader keeps of EVIL: the characters XML cannot carry are dropped. */
const KEPT = EVIL.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** The document as an XML parser tokenises it: CDATA sections end at their first `]]>`. */
function tokens(xml: string): { markup: string; cdata: string[] } {
  const cdata: string[] = [];
  const markup = xml.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) => { cdata.push(text); return '\u0000'; });
  return { markup, cdata };
}

describe('junit.xml', () => {
  const envelopes: Envelope[] = readEnvelopes(recordRun([], ['test/fixtures/report/features', 'test/fixtures/report/failing']));
  for (const e of envelopes) {
    const r = e.testStepFinished?.testStepResult;
    if (r?.status === 'FAILED') { r.message = `failed: ${EVIL}`; if (r.exception) { r.exception.message = `failed: ${EVIL}`; r.exception.stackTrace = `stack: ${EVIL}`; } }
    if (e.pickle) for (const s of e.pickle.steps) s.text = `${s.text} ${EVIL}`;
  }
  const xml = renderJunit(envelopes);
  const { markup, cdata } = tokens(xml);

  it('injects no element and no stray CDATA end', () => {
    const outsideAttributes = markup.replace(/="[^"]*"/g, '=""');
    expect(outsideAttributes).not.toContain('injected-by-export');
    expect(outsideAttributes).not.toContain(']]>');
    expect(outsideAttributes).not.toContain('<![CDATA[');
    // attribute values are escaped text
    expect(markup).toContain('message="failed: x]]>y]]>&lt;injected-by-export/>&lt;![CDATA[@x.com[31m]]>"');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('gives the text back: the split CDATA sections of a failure join into the original stack', () => {
    const failure = /<failure(?: [a-z]+="[^"]*")*>((?:\u0000)+)<\/failure>/.exec(markup);
    expect(failure).not.toBeNull();
    const before = markup.slice(0, failure!.index + failure![0].indexOf('>') + 1).split('\u0000').length - 1;
    const joined = cdata.slice(before, before + failure![1]!.length).join('');
    expect(joined).toBe(`stack: ${KEPT}`);
  });
});
