// Helpful failures (issue 6): an undefined step gets the three closest known phrases, from a message stream.
import type * as messages from '@cucumber/messages';
import { describe, expect, it } from 'vitest';
import { closestPhrases, knownPhrases, normaliseStep, readStepPhrases, regexToPhrase } from '../src/specification/phrases.ts';
import plugin, { UndefinedStepCollector, renderHints } from '../src/authoring/undefined-hints.ts';

const loc = (line: number) => ({ line, column: 1 });
function stream(): messages.Envelope[] {
  const defs = [
    'a user {string} who holds the {string} role',
    'a user {string} who holds no environment role',
    '{string} is added to the environment',
    '{string} may create apps',
    '{string} is an Environment Maker',
    'an environment {string} without a Dataverse database',
  ];
  const env: messages.Envelope[] = defs.map(
    (source, i) =>
      ({
        stepDefinition: { id: `d${i}`, pattern: { source, type: 'CUCUMBER_EXPRESSION' }, sourceReference: { uri: 'steps/x.ts' } },
      }) as messages.Envelope,
  );
  env.push({
    gherkinDocument: {
      uri: 'policies/p.feature',
      comments: [],
      feature: {
        location: loc(1),
        tags: [],
        language: 'en',
        keyword: 'Feature',
        name: 'P',
        description: '',
        children: [
          {
            scenario: {
              id: 's1',
              location: loc(3),
              tags: [],
              keyword: 'Scenario',
              name: 'Alice',
              description: '',
              examples: [],
              steps: [
                {
                  id: 'a1',
                  location: loc(4),
                  keyword: 'Given ',
                  keywordType: 'Context',
                  text: 'a user "Alice" that holds the "Environment Admin" role',
                },
                { id: 'a2', location: loc(5), keyword: 'Then ', keywordType: 'Outcome', text: '"Alice" may create apps' },
                { id: 'a3', location: loc(6), keyword: 'And ', keywordType: 'Conjunction', text: 'Alice is a environment maker' },
              ],
            },
          },
        ],
      },
    },
  } as unknown as messages.Envelope);
  env.push({
    pickle: {
      id: 'p1',
      uri: 'policies/p.feature',
      name: 'Alice',
      language: 'en',
      tags: [],
      astNodeIds: ['s1'],
      steps: [
        { id: 'ps1', text: 'a user "Alice" that holds the "Environment Admin" role', astNodeIds: ['a1'], type: 'Context' },
        { id: 'ps2', text: '"Alice" may create apps', astNodeIds: ['a2'], type: 'Outcome' },
        { id: 'ps3', text: 'Alice is a environment maker', astNodeIds: ['a3'], type: 'Outcome' },
      ],
    },
  } as unknown as messages.Envelope);
  env.push({
    testCase: {
      id: 't1',
      pickleId: 'p1',
      testRunStartedId: 'r',
      testSteps: [
        { id: 'ts1', pickleStepId: 'ps1', stepDefinitionIds: [], stepMatchArgumentsLists: [] },
        { id: 'ts2', pickleStepId: 'ps2', stepDefinitionIds: ['d3'], stepMatchArgumentsLists: [] },
        { id: 'ts3', pickleStepId: 'ps3', stepDefinitionIds: [], stepMatchArgumentsLists: [] },
      ],
    },
  } as unknown as messages.Envelope);
  env.push({ testRunFinished: { success: false, timestamp: { seconds: 0, nanos: 0 } } } as messages.Envelope);
  return env;
}

describe('undefined step hints', () => {
  it('finds the undefined steps and ranks the closest known phrases first', () => {
    const c = new UndefinedStepCollector();
    for (const e of stream()) c.update(e);
    const hints = c.hints();
    expect(hints.map((h) => [h.uri, h.line, h.text])).toEqual([
      ['policies/p.feature', 4, 'a user "Alice" that holds the "Environment Admin" role'],
      ['policies/p.feature', 6, 'Alice is a environment maker'],
    ]);
    expect(hints[0]!.suggestions).toHaveLength(3);
    expect(hints[0]!.suggestions[0]!.phrase).toBe('a user {string} who holds the {string} role');
    expect(hints[1]!.suggestions[0]!.phrase).toBe('{string} is an Environment Maker');
    const text = renderHints(hints);
    expect(text).toContain('policies/p.feature:4: Given a user "Alice" that holds the "Environment Admin" role');
    expect(text).toMatch(/1\. a user \{string\} who holds the \{string\} role/);
  });

  it('runs as a cucumber formatter plugin and writes the hints at the end of the run', async () => {
    const written: string[] = [];
    let handler: ((e: messages.Envelope) => void) | undefined;
    const cleanup = plugin.formatter({
      on: (_k, h) => {
        handler = h;
      },
      write: (s) => {
        written.push(s);
      },
      options: { stderr: false },
    });
    for (const e of stream()) handler!(e);
    await cleanup();
    expect(written.join('')).toMatch(/2 step\(s\) match no known phrase/);
    expect(written.join('')).toMatch(/policies\/p\.feature:6: And Alice is a environment maker\n\s+1\. /);
  });

  it('writes nothing when every step is defined', async () => {
    const written: string[] = [];
    let handler: ((e: messages.Envelope) => void) | undefined;
    const cleanup = plugin.formatter({
      on: (_k, h) => {
        handler = h;
      },
      write: (s) => {
        written.push(s);
      },
      options: { stderr: false },
    });
    for (const e of stream().filter((x) => !x.testCase)) handler!(e);
    await cleanup();
    expect(written).toEqual([]);
  });

  it('ranks the project glossary for a misspelt step of the real vocabulary', () => {
    const { source, phrases } = knownPhrases();
    expect(source).toBe('glossary');
    const top = closestPhrases('"ana" may not Reed the row "i1" of "new_invoice"', phrases);
    expect(top[0]!.phrase).toBe('{string} {may} {word} the row {string} of {string}');
    const policy = closestPhrases('no more than 5 users hold "System Administrator"', phrases);
    expect(policy[0]!.phrase).toBe('at most {int} users hold {string}');
  });

  it('reads phrases from step sources', () => {
    expect(regexToPhrase('^a user "([^"]*)" has (\\d+) roles$')).toBe('a user {string} has {int} roles');
    expect(Array.isArray(readStepPhrases('steps'))).toBe(true);
    expect(normaliseStep('a user "Alice" has 3 roles')).toBe(normaliseStep('a user {string} has {int} roles'));
    expect(closestPhrases('x', [], 3)).toEqual([]);
  });
});
