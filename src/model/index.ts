// The permission model: pure, synchronous, no I/O, fail-closed. Build it from an EnvironmentSpec.
import { AiBuilder } from './aibuilder.ts';
import { compile, type Compiled } from './compile.ts';
import { DataverseDecisions } from './decide.ts';
import { EnvironmentDecisions } from './environment.ts';
import type { EnvironmentSpec } from './spec.ts';

export interface Model {
  compiled: Compiled;
  data: DataverseDecisions;
  env: EnvironmentDecisions;
  ai: AiBuilder;
}

/** Throws SpecError with every problem found when the spec is inconsistent. */
export function buildModel(spec: EnvironmentSpec): Model {
  const compiled = compile(spec);
  const data = new DataverseDecisions(compiled);
  const env = new EnvironmentDecisions(compiled, data);
  return { compiled, data, env, ai: new AiBuilder(compiled, data, env) };
}

export * from '../vocabulary/index.ts';
export * from './spec.ts';
export * from './errors.ts';
export type { Compiled, IgnoredAssignment } from './compile.ts';
export { parsePrivilegeName } from './compile.ts';
export type { Brief, Decision, GrantPath, Query } from './decide.ts';
export { briefText } from './decide.ts';
export { DataverseDecisions, ignoredText } from './decide.ts';
export { EnvironmentDecisions, ADMIN_ACTIONS, SHARE_TARGETS, MAKER_AI_PROFILE, type EnvDecision, type AdminAction } from './environment.ts';
export { AiBuilder, MODEL_TYPES, type ModelType } from './aibuilder.ts';
