// Red team: junit.xml injection. A name from the export holding "]]>" (several times) must not end a CDATA section
// and write its own elements; characters XML 1.0 cannot hold are written visibly. The file is checked with a real
// XML parser, and the names read back from it.
import { beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Envelope } from '@cucumber/messages';
import { renderJunit } from '../src/report/render.ts';
import { readEnvelopes, recordRun } from './fixtures/report/record.ts';

const HOSTILE = 'x]]>y]]><injected-by-export/><![CDATA[@x.com';
const CONTROL = 'bell\u0007 esc\u001b[2J vt\u000b';

/** The failing fixture's run with its scenario named HOSTILE + CONTROL, and its role named HOSTILE in every step and failure. */
function hostileRun(base: Envelope[]): Envelope[] {
  const text = JSON.stringify(base)
    .replaceAll('A wrong expectation about System Customizer and connectors', JSON.stringify(`${HOSTILE} ${CONTROL}`).slice(1, -1))
    .replaceAll('System Customizer', JSON.stringify(`${HOSTILE} ${HOSTILE}`).slice(1, -1));
  return JSON.parse(text) as Envelope[];
}

let xml: string;
beforeAll(() => {
  const base = readEnvelopes(recordRun([], ['test/fixtures/report/failing']));
  xml = renderJunit(hostileRun(base));
});

describe('junit.xml with hostile names', () => {
  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it("creates no element from a name: only the printer's own elements", () => {
    // The element tree as a parser reads it (text and CDATA are not elements, whatever they hold).
    const tree = new XMLParser({ preserveOrder: true, ignoreAttributes: false, cdataPropName: '#cdata' }).parse(xml) as unknown[];
    const names = new Set<string>();
    const walk = (nodes: unknown[]): void => {
      for (const n of nodes)
        for (const [k, v] of Object.entries(n as Record<string, unknown>)) {
          if (k === ':@' || k === '#text' || k === '#cdata') continue;
          names.add(k);
          if (Array.isArray(v)) walk(v);
        }
    };
    walk(tree);
    expect(names).toEqual(new Set(['?xml', 'testsuite', 'testcase', 'failure', 'system-out']));
  });

  it('keeps every "]]>" of a name inside its CDATA: the text read back is the name itself', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuite: { testcase: { name: string; failure: unknown; 'system-out': string } };
    };
    const tc = doc.testsuite.testcase;
    const out = String(tc['system-out']);
    expect(out).toContain(`${HOSTILE} ${HOSTILE}`);
    expect(tc.name).toContain(HOSTILE);
    expect(xml.split(']]]]><![CDATA[>').length - 1).toBeGreaterThanOrEqual(4);
  });

  it('writes the characters XML 1.0 cannot hold visibly, not raw and not dropped', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).toContain('bell\\x07 esc\\x1b[2J vt\\x0b');
  });
});
