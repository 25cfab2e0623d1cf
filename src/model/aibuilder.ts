// The AI Builder layer: models with an owner, a type and source tables; create, publish, run, use results.
// It keeps the small amount of state these rules need (first publish, first run, shares) and decides from the
// Dataverse and environment layers below it.
import type { Compiled } from './compiled.ts';
import type { DataverseDecisions } from './dataverse.ts';
import type { DisabledCause, EnvCause, EnvDecision, EnvironmentDecisions } from './environment.ts';
import { UnknownNameError } from './errors.ts';
import { R } from '../catalog/model-rules.ts';
import { Depth, key } from '../vocabulary/index.ts';

export const MODEL_TYPES = [
  'prediction',
  'category classification',
  'object detection',
  'entity extraction',
  'document processing',
] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
/** Model types whose training reads Dataverse tables (AIB-007). */
const READS_SOURCE: readonly ModelType[] = ['prediction', 'category classification', 'object detection'];

/**
 * Why an AI Builder decision came out as it did, as structure; src/explain/ai-builder.ts words it. `customizer` and
 * `by` are the label of the System Administrator or System Customizer role that decides, as the via gives it.
 */
export type AiCause =
  | DisabledCause
  /** AI Builder relies on Dataverse security, and there is no database (AIB-001). */
  | { kind: 'ai-needs-dataverse' }
  /** Neither a customizer nor the AI Builder table access of Environment Maker (AIB-006, RES-011). */
  | { kind: 'cannot-create-models'; user: string }
  /** Training reads the source tables, and the user cannot read these (AIB-007). */
  | { kind: 'missing-source-read'; modelType: ModelType; tables: string[]; user: string }
  /** A customizer, or (without `customizer`) the maker's table access, creates the model; `reads`: source tables read. */
  | { kind: 'may-create-models'; customizer?: string; modelType: ModelType; user: string; reads: string[] }
  /** The first publish of a prediction model changes the schema (AIB-009). */
  | { kind: 'first-publish-by-customizer'; by: string }
  | { kind: 'first-publish-needs-customizer' }
  /** Later publishes: the owner or a customizer (AIB-008). */
  | { kind: 'owner-publishes'; model: string; again: boolean }
  | { kind: 'customizer-publishes'; model: string; by: string; again: boolean }
  | { kind: 'publish-needs-owner'; model: string }
  /** The first run of a category classification model creates a table (AIB-010). */
  | { kind: 'first-run-by-customizer'; by: string }
  | { kind: 'first-run-needs-customizer' }
  /** Running or using a model (AIB-005, REV-004): every model, none, owned, shared, or private to its owner. */
  | { kind: 'reads-every-model'; user: string }
  | { kind: 'no-model-read'; user: string }
  | { kind: 'owns-model'; user: string; model: string; action: ModelUse }
  | { kind: 'model-shared'; user: string; model: string; action: ModelUse }
  | { kind: 'model-private'; model: string; owner: string }
  /** The results table of a category classification model (AIB-010, AIB-011). */
  | { kind: 'no-results-yet'; model: string }
  | { kind: 'customizer-reaches-results'; by: string }
  | { kind: 'results-opened'; model: string; user: string }
  | { kind: 'results-closed'; model: string }
  /** Actions that change the models' state: sharing needs the owner or a customizer (REV-004). */
  | { kind: 'share-needs-owner'; user: string; model: string }
  /** Opening a results table needs "manage security roles", which `because` denies. */
  | { kind: 'cannot-change-access'; user: string; because: EnvCause };

export type ModelUse = 'run' | 'use';
export type AiDecision = EnvDecision<AiCause>;

/** An action (create, publish, run, share, open results) that its decision denies; src/explain words the decision. */
export class AiActionDenied extends Error {
  readonly decision: AiDecision;
  constructor(decision: AiDecision) {
    super(`AI Builder action denied (${decision.because.kind}; rules ${decision.rules.join(', ')})`);
    this.name = 'AiActionDenied';
    this.decision = decision;
  }
}

export interface AiModel {
  name: string;
  type: ModelType;
  owner: string;
  sourceTables: string[];
  published: boolean;
  hasRun: boolean;
  sharedWith: Set<string>;
  /** Users an administrator opened the category classification results table to (AIB-011). */
  resultsOpenTo: Set<string>;
}

export class AiBuilder {
  private readonly c: Compiled;
  private readonly data: DataverseDecisions;
  private readonly env: EnvironmentDecisions;
  private readonly models = new Map<string, AiModel>();
  constructor(c: Compiled, data: DataverseDecisions, env: EnvironmentDecisions) {
    this.c = c;
    this.data = data;
    this.env = env;
  }

  private u(name: string): number {
    const u = this.c.index.user.get(key(name));
    if (u === undefined)
      throw new UnknownNameError(
        'user',
        name,
        this.c.users.map((x) => x.name),
      );
    return u;
  }
  private type(t: string): ModelType {
    const found = MODEL_TYPES.find((x) => x === t.trim().toLowerCase());
    if (!found) throw new UnknownNameError('AI model type', t, MODEL_TYPES);
    return found;
  }
  model(name: string): AiModel {
    const m = this.models.get(key(name));
    if (!m)
      throw new UnknownNameError(
        'AI model',
        name,
        [...this.models.values()].map((x) => x.name),
      );
    return m;
  }
  /** No Dataverse (AIB-001), or a disabled user, who can do nothing (DV-015). */
  private blocked(u: number): AiDecision | undefined {
    if (!this.c.dataverse) return { allowed: false, via: [], rules: ['AIB-001'], because: { kind: 'ai-needs-dataverse' } };
    const user = this.c.users[u]!;
    return user.enabled ? undefined : { allowed: false, via: [], rules: [R.disabledUsers], because: { kind: 'disabled', user: user.name } };
  }
  /** System Administrator or System Customizer, directly or through a team. */
  private customizer(user: string): string | undefined {
    const held = this.env.matrixRoles(user);
    return held.get('System Administrator') ?? held.get('System Customizer');
  }
  private read(u: number, table: string, depth: Depth = Depth.Basic): boolean {
    const t = this.c.index.table.get(key(table));
    if (t === undefined)
      throw new UnknownNameError(
        'table',
        table,
        this.c.tables.map((x) => x.name),
      );
    return this.data.evaluator.reach(u, t * 8 + 1) >= depth;
  }

  canCreate(user: string, typeName: string, sourceTables: string[] = []): AiDecision {
    const u = this.u(user);
    const type = this.type(typeName);
    const nd = this.blocked(u);
    if (nd) return nd;
    const admin = this.customizer(user);
    const profile = this.env.holdsMakerAiProfile(u);
    if (!admin && !profile) {
      return { allowed: false, via: [], rules: ['AIB-006', 'RES-011'], because: { kind: 'cannot-create-models', user } };
    }
    if (READS_SOURCE.includes(type)) {
      const missing = sourceTables.filter((t) => !this.read(u, t));
      if (missing.length)
        return {
          allowed: false,
          via: [],
          rules: ['AIB-007'],
          because: { kind: 'missing-source-read', modelType: type, tables: missing, user },
        };
    }
    const via = admin ?? 'AI Builder table access of Environment Maker';
    return {
      allowed: true,
      via: [via],
      rules: admin ? ['RES-011', 'AIB-005'] : ['AIB-006'],
      because: {
        kind: 'may-create-models',
        ...(admin ? { customizer: admin } : {}),
        modelType: type,
        user,
        reads: READS_SOURCE.includes(type) ? [...sourceTables] : [],
      },
    };
  }

  create(user: string, name: string, typeName: string, sourceTables: string[] = []): AiModel {
    const d = this.canCreate(user, typeName, sourceTables);
    if (!d.allowed) throw new AiActionDenied(d);
    if (this.models.has(key(name))) throw new Error(`an AI model named "${name}" already exists`);
    const m: AiModel = {
      name: name.trim(),
      type: this.type(typeName),
      owner: this.c.users[this.u(user)]!.name,
      sourceTables,
      published: false,
      hasRun: false,
      sharedWith: new Set(),
      resultsOpenTo: new Set(),
    };
    this.models.set(key(name), m);
    return m;
  }

  canPublish(user: string, modelName: string): AiDecision {
    const m = this.model(modelName);
    const u = this.u(user);
    const nd = this.blocked(u);
    if (nd) return nd;
    const admin = this.customizer(user);
    const owner = key(m.owner) === key(user);
    if (m.type === 'prediction' && !m.published) {
      return admin
        ? { allowed: true, via: [admin], rules: ['AIB-009'], because: { kind: 'first-publish-by-customizer', by: admin } }
        : { allowed: false, via: [], rules: ['AIB-009', 'AIB-008'], because: { kind: 'first-publish-needs-customizer' } };
    }
    if (owner || admin)
      return {
        allowed: true,
        via: [owner ? 'model owner' : admin!],
        rules: ['AIB-008'],
        because: owner
          ? { kind: 'owner-publishes', model: m.name, again: m.published }
          : { kind: 'customizer-publishes', model: m.name, by: admin!, again: m.published },
      };
    return { allowed: false, via: [], rules: ['AIB-008'], because: { kind: 'publish-needs-owner', model: m.name } };
  }

  publish(user: string, modelName: string): void {
    const d = this.canPublish(user, modelName);
    if (!d.allowed) throw new AiActionDenied(d);
    this.model(modelName).published = true;
  }

  canRun(user: string, modelName: string): AiDecision {
    const m = this.model(modelName);
    const u = this.u(user);
    const nd = this.blocked(u);
    if (nd) return nd;
    const admin = this.customizer(user);
    if (m.type === 'category classification' && !m.hasRun) {
      return admin
        ? { allowed: true, via: [admin], rules: ['AIB-010'], because: { kind: 'first-run-by-customizer', by: admin } }
        : { allowed: false, via: [], rules: ['AIB-010'], because: { kind: 'first-run-needs-customizer' } };
    }
    return this.access(u, user, m, 'run');
  }

  run(user: string, modelName: string): void {
    const d = this.canRun(user, modelName);
    if (!d.allowed) throw new AiActionDenied(d);
    this.model(modelName).hasRun = true;
  }

  /** Using a model embedded in an app: owned, shared, or every model for administrators and customizers. */
  canUse(user: string, modelName: string): AiDecision {
    const m = this.model(modelName);
    const u = this.u(user);
    const nd = this.blocked(u);
    if (nd) return nd;
    return this.access(u, user, m, 'use');
  }

  private access(u: number, user: string, m: AiModel, action: ModelUse): AiDecision {
    if (this.read(u, 'msdyn_aimodel', Depth.Global))
      return {
        allowed: true,
        via: [this.customizer(user) ?? 'Read on every AI model'],
        rules: ['AIB-005'],
        because: { kind: 'reads-every-model', user },
      };
    if (!this.read(u, 'msdyn_aimodel'))
      return { allowed: false, via: [], rules: ['REV-004', 'AIB-001'], because: { kind: 'no-model-read', user } };
    const owner = key(m.owner) === key(user);
    const shared = m.sharedWith.has(key(user));
    if (owner || shared)
      return {
        allowed: true,
        via: [owner ? 'model owner' : `model shared by ${m.owner}`],
        rules: ['REV-004'],
        because: { kind: owner ? 'owns-model' : 'model-shared', user, model: m.name, action },
      };
    return { allowed: false, via: [], rules: ['REV-004'], because: { kind: 'model-private', model: m.name, owner: m.owner } };
  }

  share(owner: string, modelName: string, withUser: string): void {
    const m = this.model(modelName);
    this.u(withUser);
    if (key(m.owner) !== key(owner) && !this.customizer(owner)) {
      throw new AiActionDenied({
        allowed: false,
        via: [],
        rules: ['REV-004'],
        because: { kind: 'share-needs-owner', user: owner, model: m.name },
      });
    }
    m.sharedWith.add(key(withUser));
  }

  /** Results of category classification: the created table is closed until an administrator opens it (AIB-011). */
  canUseResults(user: string, modelName: string): AiDecision {
    const m = this.model(modelName);
    this.u(user);
    if (m.type !== 'category classification') return this.canUse(user, modelName);
    if (!m.hasRun) return { allowed: false, via: [], rules: ['AIB-010'], because: { kind: 'no-results-yet', model: m.name } };
    const admin = this.customizer(user);
    if (admin) return { allowed: true, via: [admin], rules: ['AIB-011'], because: { kind: 'customizer-reaches-results', by: admin } };
    if (m.resultsOpenTo.has(key(user)))
      return {
        allowed: true,
        via: ['access granted by an administrator'],
        rules: ['AIB-011'],
        because: { kind: 'results-opened', model: m.name, user },
      };
    return { allowed: false, via: [], rules: ['AIB-011'], because: { kind: 'results-closed', model: m.name } };
  }

  openResults(admin: string, modelName: string, toUser: string): void {
    const m = this.model(modelName);
    this.u(toUser);
    const d = this.env.canAdminister(admin, 'manage security roles');
    if (!d.allowed)
      throw new AiActionDenied({
        allowed: false,
        via: [],
        rules: d.rules,
        because: { kind: 'cannot-change-access', user: admin, because: d.because },
      });
    m.resultsOpenTo.add(key(toUser));
  }
}
