// What `rolecheck audit` hands the report in its own process: the environment data and the findings it computed
// once (src/exports/registry.ts). A run with nothing registered (cucumber-js by hand, `rolecheck run`) has none.
import { registeredAudits } from '../exports/registry.ts';
import type { BuildContext } from './build.ts';

export function registeredAuditContext(): BuildContext['audit'] | undefined {
  const list = registeredAudits();
  // One report describes one environment: several registered exports (a multi-environment audit) are each
  // reported by their own run.
  if (list.length !== 1) return undefined;
  const a = list[0]!;
  return { findings: a.findings, ...(a.environment ? { environment: a.environment } : {}) };
}
