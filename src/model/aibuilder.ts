// The AI Builder layer: models with an owner, a type and source tables; create, publish, run, use results.
// It keeps the small amount of state these rules need (first publish, first run, shares) and decides from the
// Dataverse and environment layers below it.
import type { Compiled } from './compiled.ts';
import type { DataverseDecisions } from './dataverse.ts';
import type { EnvDecision, EnvironmentDecisions } from './environment.ts';
import { UnknownNameError } from './errors.ts';
import { R } from '../catalog/model-rules.ts';
import { Depth, key } from '../vocabulary/index.ts';

export const MODEL_TYPES = ['prediction', 'category classification', 'object detection', 'entity extraction', 'document processing'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];
/** Model types whose training reads Dataverse tables (AIB-007). */
const READS_SOURCE: readonly ModelType[] = ['prediction', 'category classification', 'object detection'];

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
  constructor(c: Compiled, data: DataverseDecisions, env: EnvironmentDecisions) { this.c = c; this.data = data; this.env = env; }

  private u(name: string): number {
    const u = this.c.index.user.get(key(name));
    if (u === undefined) throw new UnknownNameError('user', name, this.c.users.map((x) => x.name));
    return u;
  }
  private type(t: string): ModelType {
    const found = MODEL_TYPES.find((x) => x === t.trim().toLowerCase());
    if (!found) throw new UnknownNameError('AI model type', t, MODEL_TYPES);
    return found;
  }
  model(name: string): AiModel {
    const m = this.models.get(key(name));
    if (!m) throw new UnknownNameError('AI model', name, [...this.models.values()].map((x) => x.name));
    return m;
  }
  /** No Dataverse (AIB-001), or a disabled user, who can do nothing (DV-015). */
  private blocked(u: number): EnvDecision | undefined {
    if (!this.c.dataverse) return { allowed: false, via: [], rules: ['AIB-001'], reason: 'Denied: AI Builder relies on Dataverse security, and this environment has no Dataverse database.' };
    const user = this.c.users[u]!;
    return user.enabled ? undefined : { allowed: false, via: [], rules: [R.disabledUsers], reason: `Denied: ${user.name} is disabled, and a disabled user can do nothing.` };
  }
  /** System Administrator or System Customizer, directly or through a team. */
  private customizer(user: string): string | undefined {
    const held = this.env.matrixRoles(user);
    return held.get('System Administrator') ?? held.get('System Customizer');
  }
  private read(u: number, table: string, depth: Depth = Depth.Basic): boolean {
    const t = this.c.index.table.get(key(table));
    if (t === undefined) throw new UnknownNameError('table', table, this.c.tables.map((x) => x.name));
    return this.data.evaluator.reach(u, t * 8 + 1) >= depth;
  }

  canCreate(user: string, typeName: string, sourceTables: string[] = []): EnvDecision {
    const u = this.u(user); const type = this.type(typeName);
    const nd = this.blocked(u); if (nd) return nd;
    const admin = this.customizer(user);
    const profile = this.env.holdsMakerAiProfile(u);
    if (!admin && !profile) {
      return { allowed: false, via: [], rules: ['AIB-006', 'RES-011'], reason: `Denied: ${user} holds neither System Customizer nor System Administrator, nor the AI Builder table access that Environment Maker is documented to have.` };
    }
    if (READS_SOURCE.includes(type)) {
      const missing = sourceTables.filter((t) => !this.read(u, t));
      if (missing.length) return { allowed: false, via: [], rules: ['AIB-007'], reason: `Denied: a ${type} model needs Read access on its source table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, which ${user} lacks.` };
    }
    const via = admin ?? 'AI Builder table access of Environment Maker';
    return { allowed: true, via: [via], rules: admin ? ['RES-011', 'AIB-005'] : ['AIB-006'], reason: `Allowed: ${via} may create ${type} models${READS_SOURCE.includes(type) && sourceTables.length ? `, and ${user} can read ${sourceTables.join(', ')}` : ''}.` };
  }

  create(user: string, name: string, typeName: string, sourceTables: string[] = []): AiModel {
    const d = this.canCreate(user, typeName, sourceTables);
    if (!d.allowed) throw new Error(d.reason);
    if (this.models.has(key(name))) throw new Error(`an AI model named "${name}" already exists`);
    const m: AiModel = { name: name.trim(), type: this.type(typeName), owner: this.c.users[this.u(user)]!.name, sourceTables, published: false, hasRun: false, sharedWith: new Set(), resultsOpenTo: new Set() };
    this.models.set(key(name), m);
    return m;
  }

  canPublish(user: string, modelName: string): EnvDecision {
    const m = this.model(modelName); const u = this.u(user);
    const nd = this.blocked(u); if (nd) return nd;
    const admin = this.customizer(user);
    const owner = key(m.owner) === key(user);
    if (m.type === 'prediction' && !m.published) {
      return admin ? { allowed: true, via: [admin], rules: ['AIB-009'], reason: `Allowed: the first publish of a prediction model adds a column to its input table, and ${admin} may change the schema.` }
        : { allowed: false, via: [], rules: ['AIB-009', 'AIB-008'], reason: 'Denied: the first publish of a prediction model adds a column to the input table, which needs at least System Customizer.' };
    }
    if (owner || admin) return { allowed: true, via: [owner ? 'model owner' : admin!], rules: ['AIB-008'], reason: `Allowed: ${owner ? 'the owner' : admin} may publish this model${m.published ? ' again' : ''}.` };
    return { allowed: false, via: [], rules: ['AIB-008'], reason: `Denied: only the model's owner or a customizer may publish ${m.name}.` };
  }

  publish(user: string, modelName: string): void {
    const d = this.canPublish(user, modelName); if (!d.allowed) throw new Error(d.reason);
    this.model(modelName).published = true;
  }

  canRun(user: string, modelName: string): EnvDecision {
    const m = this.model(modelName); const u = this.u(user);
    const nd = this.blocked(u); if (nd) return nd;
    const admin = this.customizer(user);
    if (m.type === 'category classification' && !m.hasRun) {
      return admin ? { allowed: true, via: [admin], rules: ['AIB-010'], reason: `Allowed: the first run of a category classification model creates a table, and ${admin} may do that.` }
        : { allowed: false, via: [], rules: ['AIB-010'], reason: 'Denied: the first run of a category classification model creates a table, so only System Customizers or administrators may run it.' };
    }
    return this.access(u, user, m, 'run');
  }

  run(user: string, modelName: string): void {
    const d = this.canRun(user, modelName); if (!d.allowed) throw new Error(d.reason);
    this.model(modelName).hasRun = true;
  }

  /** Using a model embedded in an app: owned, shared, or every model for administrators and customizers. */
  canUse(user: string, modelName: string): EnvDecision {
    const m = this.model(modelName); const u = this.u(user);
    const nd = this.blocked(u); if (nd) return nd;
    return this.access(u, user, m, 'use');
  }

  private access(u: number, user: string, m: AiModel, verb: string): EnvDecision {
    if (this.read(u, 'msdyn_aimodel', Depth.Global)) return { allowed: true, via: [this.customizer(user) ?? 'Read on every AI model'], rules: ['AIB-005'], reason: `Allowed: ${user} reads every AI model of the environment.` };
    if (!this.read(u, 'msdyn_aimodel')) return { allowed: false, via: [], rules: ['REV-004', 'AIB-001'], reason: `Denied: ${user} holds no Dataverse role with Read on AI models.` };
    const owner = key(m.owner) === key(user);
    const shared = m.sharedWith.has(key(user));
    if (owner || shared) return { allowed: true, via: [owner ? 'model owner' : `model shared by ${m.owner}`], rules: ['REV-004'], reason: `Allowed: ${user} may ${verb} ${m.name}, which they ${owner ? 'own' : 'were given through a share'}.` };
    return { allowed: false, via: [], rules: ['REV-004'], reason: `Denied: ${m.name} is private to ${m.owner} until it is shared.` };
  }

  share(owner: string, modelName: string, withUser: string): void {
    const m = this.model(modelName); this.u(withUser);
    if (key(m.owner) !== key(owner) && !this.customizer(owner)) throw new Error(`${owner} neither owns ${m.name} nor administers AI Builder`);
    m.sharedWith.add(key(withUser));
  }

  /** Results of category classification: the created table is closed until an administrator opens it (AIB-011). */
  canUseResults(user: string, modelName: string): EnvDecision {
    const m = this.model(modelName); this.u(user);
    if (m.type !== 'category classification') return this.canUse(user, modelName);
    if (!m.hasRun) return { allowed: false, via: [], rules: ['AIB-010'], reason: `Denied: ${m.name} has not run yet, so it has no results table.` };
    const admin = this.customizer(user);
    if (admin) return { allowed: true, via: [admin], rules: ['AIB-011'], reason: `Allowed: ${admin} reaches the results table created by the first run.` };
    if (m.resultsOpenTo.has(key(user))) return { allowed: true, via: ['access granted by an administrator'], rules: ['AIB-011'], reason: `Allowed: an administrator opened the results table of ${m.name} to ${user}.` };
    return { allowed: false, via: [], rules: ['AIB-011'], reason: `Denied: an administrator must change the access rights of the table created by ${m.name}'s first run before users can use its results.` };
  }

  openResults(admin: string, modelName: string, toUser: string): void {
    const m = this.model(modelName); this.u(toUser);
    const d = this.env.canAdminister(admin, 'manage security roles');
    if (!d.allowed) throw new Error(`${admin} cannot change access rights: ${d.reason}`);
    m.resultsOpenTo.add(key(toUser));
  }
}
