// The permission model: pure, synchronous, no I/O, fail-closed. Build it from an EnvironmentSpec.
import { AiBuilder } from './aibuilder.ts';
import { compile } from './compile/index.ts';
import type { Compiled } from './compiled.ts';
import { DataverseDecisions } from './dataverse.ts';
import { EnvironmentDecisions } from './environment.ts';
import { Questions } from './questions.ts';
import type { EnvironmentSpec } from './spec.ts';

export interface Model {
  compiled: Compiled;
  /** Record-level decisions (the one evaluator). */
  data: DataverseDecisions;
  /** Name-level questions: holders, members, roles of a user, units below, grants, reach. */
  q: Questions;
  env: EnvironmentDecisions;
  ai: AiBuilder;
}

/** Throws SpecError with every problem found when the spec is inconsistent. */
export function buildModel(spec: EnvironmentSpec): Model {
  const compiled = compile(spec);
  const data = new DataverseDecisions(compiled);
  const q = new Questions(compiled, data);
  const env = new EnvironmentDecisions(compiled, data, q);
  return { compiled, data, q, env, ai: new AiBuilder(compiled, data, env) };
}

export * from '../vocabulary/index.ts';
export * from './spec.ts';
export * from './errors.ts';
export type { Compiled, IgnoredAssignment, IgnoredReason } from './compiled.ts';
export { Hold } from './compiled.ts';
export type { Decision, Denial, GrantPath, PathKind } from './decision.ts';
export { PATH_KINDS, PathCollector } from './decision.ts';
export { DataverseDecisions, type Query } from './dataverse.ts';
export { Evaluator, Path, type PathVisitor } from './evaluate.ts';
export { validateQuery, QueryError, QUERY_PROBLEM_CODES, type QueryProblem, type QueryProblemCode, type ResolvedQuery } from './query.ts';
export { EffectiveAccess, type AccessPath } from './access.ts';
export {
  Questions,
  type Assignment,
  type RoleFacts,
  type TableFacts,
  type HeldRole,
  type Holder,
  type Grant,
  type Reach,
  type UserFacts,
} from './questions.ts';
export {
  EnvironmentDecisions,
  ADMIN_ACTIONS,
  SHARE_TARGETS,
  MAKER_AI_PROFILE,
  type EnvDecision,
  type EnvCause,
  type AdminAction,
} from './environment.ts';
export { AiBuilder, AiActionDenied, MODEL_TYPES, type ModelType, type AiCause, type AiDecision } from './aibuilder.ts';
