// The specification book builder (issue 6): pure view model, results from compliance.json, escaping, CSP.
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { parseFeature } from '../src/specification/features.ts';
import { RULES } from '../src/catalog/rules.ts';
import { DRIFT } from '../src/catalog/drift.ts';
import { LIMITATIONS } from '../src/catalog/limitations.ts';
import { buildSpecificationView, renderSpecification, resultsFromCompliance, specificationBookHtml } from '../src/report/specification.ts';

const feature = parseFeature(
  'features/demo.feature',
  `Feature: Demo <b>bold</b>

  @ENV-003 @severity-high
  Rule: A user added becomes a maker

    Scenario: Added user "<script>alert(1)</script>"
      Given a user "ana"
      Then "ana" is a member of the environment role "Environment Maker"

    Scenario Outline: A maker may <action>
      Given a user "mia"
      Then "mia" may "<action>" in the environment

      Examples:
        | action     |
        | share apps |
`,
);

describe('specification book', () => {
  it('relates features, rules, catalogue and latest results', () => {
    const results = resultsFromCompliance({
      run: { timestampUtc: '2026-01-01T00:00:00.000Z', subject: { kind: 'baseline', name: 'b' } },
      rules: [{ id: 'ENV-003', status: 'failed' }],
      scenarios: [
        { uri: 'features/demo.feature', line: 6, status: 'passed' },
        { uri: 'features/demo.feature', line: 16, status: 'failed' },
      ],
    });
    const v = buildSpecificationView({ features: [feature], results });
    const r = v.features[0]!.rules[0]!;
    expect(r).toMatchObject({
      id: 'ENV-003',
      severity: 'high',
      result: 'fail',
      complianceLink: 'compliance.html#rule-ENV-003',
      anchor: 'rule-ENV-003',
    });
    expect(r.statement).toBe(RULES.find((x) => x.id === 'ENV-003')!.statement);
    expect(r.source).toMatchObject({ section: 'Understand environment roles', lines: 'lines 7–8' });
    expect(r.conflicts.map((c) => c.id)).toContain('CONF-002');
    expect(r.examples[0]!.result).toBe('pass');
    expect(r.examples[1]!.examples[0]!.rows[0]!.result).toBe('fail');
    expect(r.examples[1]!.result).toBe('fail');
    expect(v.unspecified).toHaveLength(RULES.length - 1);
    expect(v.summary).toMatchObject({ rules: RULES.length, specifiedRules: 1, fail: 1, pass: 0 });
  });

  it('without results every rule is not tested and has no compliance link', () => {
    const v = buildSpecificationView({ features: [feature] });
    expect(v.features[0]!.rules[0]).toMatchObject({ result: 'not-tested', complianceLink: null });
    expect(v.results.available).toBe(false);
  });

  it('escapes every text and allows only its own inline style and script', () => {
    const html = renderSpecification(buildSpecificationView({ features: [feature] }));
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<b>bold</b>');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/
      .exec(html)![1]!
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, '=');
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|https?:/);
    expect(html.match(/<script[\s>]/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(link|img|iframe)\b|src="http/);
  });

  it('renders the project specification with every catalogued rule', () => {
    const html = specificationBookHtml();
    for (const r of RULES) expect(html).toContain(`id="rule-${r.id}"`);
  });
});

describe('specification book: documentation drift and limitations (issue 12)', () => {
  const role013 = parseFeature(
    'features/roles.feature',
    `Feature: Roles

  @ROLE-013 @severity-low
  Rule: Global Reader is not yet supported
    Source: copied from the catalogue
    rolecheck reads "not supported" as granting nothing.

    Scenario: x
      Then the role "Global Reader" is protected from changes
`,
  );

  it('shows under a rule every drift entry of it, with the baseline and the later source, and what the model follows', () => {
    const v = buildSpecificationView({ features: [role013] });
    const r = v.features[0]!.rules[0]!;
    expect(r.drift.map((d) => d.id)).toEqual(DRIFT.filter((d) => d.rules.includes('ROLE-013')).map((d) => d.id));
    const d = r.drift[0]!;
    expect(d.baseline.url).toMatch(/^https:\/\/learn\.microsoft\.com\/training\/modules\/get-started-security-roles\/2-roles/);
    expect(d.baseline.cite).toContain('line 37');
    expect(d.later).toMatchObject({ revision: '2025-02-11', verified: false });
    expect(d.later.url).toMatch(/^https:\/\/learn\.microsoft\.com\/power-platform\/admin\/database-security/);
    expect(d.follows).toBe('the baseline text');
    // The description keeps the reading, not the Source: line (the book shows the catalogue's source instead).
    expect(r.description).toEqual(['rolecheck reads "not supported" as granting nothing.']);
    const html = renderSpecification(v);
    expect(html).toContain('The documentation has changed since the baseline');
    expect(html).toContain('Later revision (2025-02-11, not verified)');
  });

  it('lists every drift entry and every limitation, with their sources and rules', () => {
    const v = buildSpecificationView({ features: [role013] });
    expect(v.drift.map((d) => d.id)).toEqual(DRIFT.map((d) => d.id));
    expect(v.limitations.map((l) => l.id)).toEqual(LIMITATIONS.map((l) => l.id));
    const html = renderSpecification(v);
    for (const l of LIMITATIONS) {
      expect(html).toContain(`id="limitation-${l.id}"`);
      for (const src of l.sources) expect(html).toContain(`href="${Handlebars.escapeExpression(src.url)}"`);
    }
    for (const d of DRIFT) expect(html).toContain(`id="drift-${d.id}"`);
    expect(html).toContain('What the model does not decide');
    // Rules name the limitations next to them.
    const dv006 = v.unspecified.find((r) => r.id === 'DV-006')!;
    expect(dv006.limitations.map((l) => l.id)).toContain('LIM-007');
  });

  it('escapes drift and limitation text like everything else', () => {
    const v = buildSpecificationView({
      features: [role013],
      limitations: [
        {
          id: 'LIM-999',
          title: '<img src=x onerror=alert(1)>',
          notDecided: '<b>x</b> not decided at all',
          soDoNotConclude: 'anything at all',
          sources: [{ title: 't', url: 'https://learn.microsoft.com/x', verified: true }],
          rules: ['ENV-003'],
        },
      ],
    });
    const html = renderSpecification(v);
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });
});

describe('specification book with audit and policy features (rolecheck audit)', () => {
  const policy = parseFeature(
    'examples/acme/policies/admins.feature',
    `@policy
Feature: Acme policies

  Background:
    Given the environment export

  @POL-001 @severity-high
  Rule: At most five administrators

    Scenario: Few administrators
      Then at most 5 users hold "System Administrator"
`,
  );
  const audit = parseFeature(
    'src/exports/features/audit.feature',
    `@audit
Feature: Audit

  @ENV-003 @severity-high
  Rule: again

    Scenario: x
      Then the export has no findings of rule "ENV-003"
`,
  );

  it('orders specification, policies, audit; keeps anchors unique; policies are labelled with their own source', () => {
    const results = resultsFromCompliance({
      rules: [],
      scenarios: [{ uri: 'examples/acme/policies/admins.feature', line: 10, status: 'failed' }],
    });
    const v = buildSpecificationView({ features: [audit, policy, feature], results });
    expect(v.features.map((f) => f.kind)).toEqual(['specification', 'policy', 'audit']);
    const anchors = [...v.features.flatMap((f) => [f.anchor, ...f.rules.map((r) => r.anchor)]), ...v.unspecified.map((r) => r.anchor)];
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(v.features[0]!.rules[0]!.anchor).toBe('rule-ENV-003');
    const pol = v.features[1]!.rules[0]!;
    expect(pol).toMatchObject({ id: 'POL-001', policy: true, result: 'fail', complianceLink: null, statement: null, severity: 'high' });
    const html = renderSpecification(v);
    expect(html).toContain('Organisation policy:</strong> At most five administrators');
    expect(html).toContain("the organisation's own policy, written in examples/acme/policies/admins.feature:8");
    expect(html).not.toContain('not in the catalogue');
  });
});
