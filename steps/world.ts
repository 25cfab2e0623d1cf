// The scenario World: the environment being described (an EnvironmentSpec), the model built from it on first
// use, and the last decision asserted. Steps stay thin: they describe the environment, ask the model, and call
// `verdict` / `attachEvidence`, which attach the evidence and fail with a business sentence.
import { After, Before, setWorldConstructor, World, type IWorldOptions } from '@cucumber/cucumber';
import { buildModel, emptySpec, UnknownNameError, type EnvironmentSpec, type Model } from '../src/model/index.ts';
import { ruleIdsOfTags } from '../src/vocabulary/index.ts';
import { EVIDENCE_MEDIA_TYPE, type DecisionEvidence, type Evidence } from '../src/evidence/evidence.ts';

/** Anything the model answers with: a record Decision or an environment / AI Builder decision. */
export interface Answer {
  allowed: boolean;
  reason: string;
  rules: string[];
  via: string[];
  condition?: string;
}

export class RoleWorld extends World {
  spec: EnvironmentSpec = emptySpec();
  private built: Model | undefined;
  private adopted = false;
  lastDecision: Answer | undefined;
  /** Set once an AI model exists: its state lives in the model, so the environment may no longer change. */
  hasAiState = false;
  /** The scenario's tags, such as `@DV-010` or `@severity-high` (set by the Before hook below). */
  tags: string[] = [];
  /** Rule ids of the scenario's tags (set by a Before hook), for evidence that has no rule of its own. */
  ruleTags: string[] = [];
  /** How many assertions the scenario made; a scenario that asserts nothing fails (see the After hook below). */
  assertions = 0;

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** The model of the environment described so far, built on first use (and rebuilt after a change). */
  get model(): Model {
    this.built ??= buildModel(this.spec);
    return this.built;
  }

  /** Changes the environment description; the model is rebuilt at the next question. */
  describe(change: (spec: EnvironmentSpec) => void): void {
    if (this.hasAiState) {
      throw new Error('The environment cannot change after AI models were created: describe it with Given steps first.');
    }
    // Copy on write: an adopted environment (an export) is shared by every scenario of the run.
    if (this.adopted) {
      this.spec = structuredClone(this.spec);
      this.adopted = false;
    }
    change(this.spec);
    this.built = undefined;
  }

  /** Makes an already built environment (a loaded export) the scenario's own, without copying it until it changes. */
  adopt(spec: EnvironmentSpec, model: Model): void {
    this.spec = spec;
    this.built = model;
    this.adopted = true;
  }

  /** The root business unit (users and teams go there unless a step names another one). */
  get rootUnit(): string | undefined {
    return this.spec.businessUnits.find((b) => !b.parent)?.name;
  }

  attachEvidence(e: Evidence): void {
    this.assertions++;
    this.attach(JSON.stringify(e), EVIDENCE_MEDIA_TYPE);
  }

  /**
   * Attaches a `decision` evidence for `answer`, then fails unless it matches `expected`, with a sentence such as
   * "Expected ana to be denied Read on row i1 of new_invoice, but ana is allowed: role Sales Manager grants …".
   */
  verdict(subject: string, question: string, expected: boolean, answer: Answer, extra: Partial<DecisionEvidence> = {}): void {
    this.lastDecision = answer;
    this.attachEvidence({
      type: 'decision',
      question: `${subject} ${question}`,
      expected: expected ? 'allow' : 'deny',
      actual: answer.allowed ? 'allow' : 'deny',
      rules: answer.rules,
      explanation: answer.reason,
      ...extra,
    });
    if (answer.allowed !== expected) {
      throw new Error(
        `Expected ${subject} to be ${expected ? 'allowed' : 'denied'} ${question}, but ${subject} is ${answer.allowed ? 'allowed' : 'denied'}${answer.via.length ? ` through ${answer.via.join(', ')}` : ''}: ${plain(answer.reason)} [rules ${answer.rules.join(', ')}]`,
      );
    }
  }
}

/** "Allowed: role X grants …" -> "role X grants …" */
export function plain(reason: string): string {
  return reason.replace(/^(Allowed|Denied)( with a condition)?: /, '');
}

setWorldConstructor(RoleWorld);

// The World's hooks live with it rather than in a module of their own: under tsx every module is a round trip to
// the loader thread at each start. A scenario that asserted nothing fails: every Then step attaches evidence, and
// the After hook counts them. The Before hook remembers the scenario's tags (policy findings take their rule and
// severity from them) and rule ids (for evidence that has no rule of its own). It is the only Before hook: cucumber
// runs each hook as a test step of every scenario, with its own events.
After(function (this: RoleWorld, { result }) {
  if (result?.status === 'PASSED' && this.assertions === 0) {
    throw new Error('This scenario checked nothing: add a Then step that states what is allowed or denied.');
  }
});

Before(function (this: RoleWorld, { pickle }) {
  this.tags = pickle.tags.map((t) => t.name);
  this.ruleTags = ruleIdsOfTags(this.tags);
});

/**
 * A name of the environment's, as written there (a step of the specification or of an organisation's policy); an
 * unknown one fails the step with the closest names.
 */
export function knownName<T>(what: () => T, kind: string, where: 'step' | 'policy'): T {
  try {
    return what();
  } catch (e) {
    if (e instanceof UnknownNameError)
      throw new Error(
        `Unknown ${kind} "${e.value}" in the ${where}${e.suggestions.length ? `; did you mean ${e.suggestions.map((x) => `"${x}"`).join(' or ')}?` : ''}`,
      );
    throw e;
  }
}
