// AI Builder decisions into sentences: the model answers with a structured cause (src/model/aibuilder.ts, `AiCause`),
// and a denied action (create, publish, run, share, open results) throws `AiActionDenied` with its decision; both are
// worded here.
import { AiActionDenied, type AiCause, type AiDecision, type ModelType } from '../model/aibuilder.ts';
import { ENV_WORDS, envSentence, type CauseWords, type Worded } from './environment.ts';

const article = (type: ModelType) => (/^[aeiou]/.test(type) ? 'an' : 'a');

export const AI_WORDS = {
  disabled: ENV_WORDS.disabled,
  'ai-needs-dataverse': () => 'Denied: AI Builder relies on Dataverse security, and this environment has no Dataverse database.',
  'cannot-create-models': (c) =>
    `Denied: ${c.user} holds neither System Customizer nor System Administrator, nor the AI Builder table access that Environment Maker is documented to have.`,
  'missing-source-read': (c) =>
    `Denied: ${article(c.modelType)} ${c.modelType} model needs Read access on its source table${c.tables.length > 1 ? 's' : ''} ${c.tables.join(', ')}, which ${c.user} lacks.`,
  'may-create-models': (c) =>
    `Allowed: ${c.customizer ?? 'AI Builder table access of Environment Maker'} may create ${c.modelType} models${c.reads.length ? `, and ${c.user} can read ${c.reads.join(', ')}` : ''}.`,
  'first-publish-by-customizer': (c) =>
    `Allowed: the first publish of a prediction model adds a column to its input table, and ${c.by} may change the schema.`,
  'first-publish-needs-customizer': () =>
    'Denied: the first publish of a prediction model adds a column to the input table, which needs at least System Customizer.',
  'owner-publishes': (c) => `Allowed: the owner may publish this model${c.again ? ' again' : ''}.`,
  'customizer-publishes': (c) => `Allowed: ${c.by} may publish this model${c.again ? ' again' : ''}.`,
  'publish-needs-owner': (c) => `Denied: only the model's owner or a customizer may publish ${c.model}.`,
  'first-run-by-customizer': (c) => `Allowed: the first run of a category classification model creates a table, and ${c.by} may do that.`,
  'first-run-needs-customizer': () =>
    'Denied: the first run of a category classification model creates a table, so only System Customizers or administrators may run it.',
  'reads-every-model': (c) => `Allowed: ${c.user} reads every AI model of the environment.`,
  'no-model-read': (c) => `Denied: ${c.user} holds no Dataverse role with Read on AI models.`,
  'owns-model': (c) => `Allowed: ${c.user} may ${c.action} ${c.model}, which they own.`,
  'model-shared': (c) => `Allowed: ${c.user} may ${c.action} ${c.model}, which they were given through a share.`,
  'model-private': (c) => `Denied: ${c.model} is private to ${c.owner} until it is shared.`,
  'no-results-yet': (c) => `Denied: ${c.model} has not run yet, so it has no results table.`,
  'customizer-reaches-results': (c) => `Allowed: ${c.by} reaches the results table created by the first run.`,
  'results-opened': (c) => `Allowed: an administrator opened the results table of ${c.model} to ${c.user}.`,
  'results-closed': (c) =>
    `Denied: an administrator must change the access rights of the table created by ${c.model}'s first run before users can use its results.`,
  'share-needs-owner': (c) => `${c.user} neither owns ${c.model} nor administers AI Builder`,
  'cannot-change-access': (c) => `${c.user} cannot change access rights: ${envSentence(c.because)}`,
} satisfies CauseWords<AiCause>;

/** Every kind of AI Builder cause, from the wording (which the type above keeps complete). */
export const AI_CAUSE_KINDS = Object.keys(AI_WORDS) as Array<AiCause['kind']>;

export function aiSentence(c: AiCause): string {
  return (AI_WORDS[c.kind] as (c: AiCause) => string)(c);
}

export function explainAi<D extends AiDecision>(d: D): Worded<D> {
  return { ...d, reason: aiSentence(d.because) };
}

/** Runs a state-changing AI Builder action; a denial is rethrown as an error that says why in words. */
export function worded<T>(action: () => T): T {
  try {
    return action();
  } catch (e) {
    if (e instanceof AiActionDenied) throw new Error(aiSentence(e.decision.because), { cause: e });
    throw e;
  }
}
