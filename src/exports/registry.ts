// The export an audit loaded, and its findings, handed to the step definitions in the same process: `rolecheck
// audit` loads and checks the export once, computes the findings once, and registers both here before it runs
// cucumber in process; "Given the environment export" reads them from here. A process that has nothing registered
// (a --parallel worker, a plain cucumber-js run with ROLECHECK_EXPORT) loads the export itself.
import { resolve } from 'node:path';
import type { EnvironmentData } from '../evidence/environment.ts';
import type { Finding } from './findings.ts';
import type { LoadedExport } from './load.ts';

export interface AuditedExport {
  folder: string;
  loaded: LoadedExport;
  findings: Finding[];
  environment?: EnvironmentData;
}

const audited = new Map<string, AuditedExport>();

/** Registers what the command loaded for `folder` (the folder as given to the loader). */
export function registerAudited(folder: string, loaded: LoadedExport, findings: Finding[], environment?: EnvironmentData): void {
  audited.set(resolve(folder), { folder: resolve(folder), loaded, findings, ...(environment ? { environment } : {}) });
}

/** The environment data of the run, for the report (the only audited export of this process, when there is one). */
export function registeredEnvironment(): EnvironmentData | undefined {
  const list = [...audited.values()];
  return list.length === 1 ? list[0]!.environment : undefined;
}

export function registeredAudit(folder: string): AuditedExport | undefined {
  return audited.get(resolve(folder));
}

/** Every export registered in this process (the report of an audit reads the one it ran on). */
export function registeredAudits(): AuditedExport[] {
  return [...audited.values()];
}

export function clearAudited(): void {
  audited.clear();
}
