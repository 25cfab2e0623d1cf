// Cucumber formatter plugin: for every step that matches no step definition, print the three closest known step
// phrases (from the glossary, or from the step definitions of the run), so that a policy author sees
// "did you mean …" in business words instead of only cucumber's code snippet.
// Works in dry runs too: undefined steps are read from the test cases, not from results.
// Registered in cucumber.js as ['./src/authoring/undefined-hints.ts', 'reports/undefined-steps.txt'];
// the hints also go to stderr (formatOptions `undefinedHints: { stderr: false }` turns that off).
import type * as messages from '@cucumber/messages';
import { Query } from '@cucumber/query';
import { closestPhrases, regexToPhrase, type StepPhrase } from '../specification/phrases.ts';
import { packageKnownPhrases } from '../specification/package-phrases.ts';

export interface UndefinedStep {
  text: string;
  keyword: string;
  uri: string;
  line?: number;
  scenario: string;
}
export interface UndefinedHint extends UndefinedStep {
  suggestions: StepPhrase[];
}

/**
 * Collects undefined steps from a message stream through @cucumber/query (as the report reads it): a test step of
 * a pickle step with no step definition, read from the test cases, so that it works in dry runs too.
 */
export class UndefinedStepCollector {
  private readonly query = new Query();

  update(envelope: messages.Envelope): void {
    this.query.update(envelope);
  }

  get definitions(): StepPhrase[] {
    return this.query
      .findAllStepDefinitions()
      .map((d) => ({ phrase: d.pattern.type === 'REGULAR_EXPRESSION' ? regexToPhrase(d.pattern.source) : d.pattern.source }));
  }

  get undefinedSteps(): UndefinedStep[] {
    const pickleOf = new Map<string, messages.Pickle>();
    for (const p of this.query.findAllPickles()) for (const s of p.steps) pickleOf.set(s.id, p);
    const found = new Map<string, UndefinedStep>();
    for (const ts of this.query.findAllTestSteps()) {
      if (!ts.pickleStepId || (ts.stepDefinitionIds && ts.stepDefinitionIds.length > 0)) continue;
      const ps = this.query.findPickleStepBy(ts);
      const pickle = pickleOf.get(ts.pickleStepId);
      if (!ps || !pickle) continue;
      const step = this.query.findStepBy(ps);
      const line = step?.location.line;
      const key = `${pickle.uri}:${line ?? ''}:${ps.text}`;
      if (!found.has(key))
        found.set(key, {
          text: ps.text,
          keyword: step?.keyword.trim() ?? '',
          uri: pickle.uri,
          ...(line !== undefined ? { line } : {}),
          scenario: pickle.name,
        });
    }
    return [...found.values()];
  }

  /** Each undefined step with its `n` closest phrases among `known` (or the step definitions seen in the stream). */
  hints(known?: readonly StepPhrase[], n = 3): UndefinedHint[] {
    const pool = known && known.length ? known : this.definitions;
    return this.undefinedSteps.map((u) => ({ ...u, suggestions: closestPhrases(u.text, pool, n) }));
  }
}

/** The hints as text for a person writing features. Empty string when every step is defined. */
export function renderHints(hints: readonly UndefinedHint[], source = 'step definitions'): string {
  if (hints.length === 0) return '';
  const lines = [`${hints.length} step(s) match no known phrase. Closest known phrases (from the ${source}; see docs/steps.md):`, ''];
  for (const h of hints) {
    lines.push(`  ${h.uri}${h.line ? `:${h.line}` : ''}: ${h.keyword ? `${h.keyword} ` : ''}${h.text}`);
    if (h.suggestions.length === 0) lines.push('      (no known phrases to compare with)');
    h.suggestions.forEach((s, i) => {
      lines.push(`      ${i + 1}. ${s.keyword ? `${s.keyword} ` : ''}${s.phrase}${s.example ? `   e.g. ${s.example}` : ''}`);
    });
    lines.push('');
  }
  lines.push(
    'Reword the step to one of these phrases ({string} = a name in double quotes, {int} = a number), or ask a developer to add the phrase.',
    '',
  );
  return lines.join('\n');
}

interface FormatterContext {
  on: (key: 'message', handler: (envelope: messages.Envelope) => void) => void;
  write: (chunk: string) => void;
  options: { stderr?: boolean };
}

export default {
  type: 'formatter' as const,
  optionsKey: 'undefinedHints',
  formatter({ on, write, options }: FormatterContext) {
    const collector = new UndefinedStepCollector();
    on('message', (envelope) => collector.update(envelope));
    return () => {
      if (collector.undefinedSteps.length === 0) return;
      let known: { source: 'glossary' | 'steps'; phrases: StepPhrase[] } = { source: 'steps', phrases: [] };
      try {
        known = packageKnownPhrases();
      } catch {
        /* rank among the step definitions of the run */
      }
      const { source, phrases } = known;
      const text = renderHints(
        collector.hints(phrases),
        phrases.length ? (source === 'glossary' ? 'glossary' : 'step definitions') : 'step definitions',
      );
      write(text);
      if (options?.stderr !== false) process.stderr.write(`\n${text}`);
    };
  },
};
