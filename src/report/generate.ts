// Envelopes -> report data -> every output file. Shared by the cucumber formatter and `rolecheck report --from`.
import type { Envelope } from '@cucumber/messages';
import { buildReport, type BuildContext, type ComplianceReport } from './build.ts';
import { renderOutputs } from './render.ts';
import { writeSetAtomically, type WriteFs } from './write.ts';

export interface Generated {
  report: ComplianceReport;
  files: Map<string, string | Uint8Array>;
}

export async function generate(envelopes: readonly Envelope[], ctx: BuildContext = {}): Promise<Generated> {
  const report = buildReport(envelopes, ctx);
  return { report, files: await renderOutputs(report, envelopes) };
}

export async function generateAndWrite(
  out: string,
  envelopes: readonly Envelope[],
  ctx: BuildContext = {},
  fs?: WriteFs,
): Promise<Generated> {
  const g = await generate(envelopes, ctx);
  writeSetAtomically(out, g.files, fs);
  return g;
}

/** One line for logs: the verdict and the counts every output shares. */
export function summaryLine(r: ComplianceReport): string {
  const t = r.totals;
  const env =
    r.run.subject.kind === 'environment' ? `${t.findings} findings · policies ${t.policies.failed} of ${t.policies.total} failed · ` : '';
  return (
    `rolecheck: ${t.verdict.toUpperCase()} · ${env}rules ${t.rules.passed}/${t.rules.total} passed, ${t.rules.failed} failed, ` +
    `${t.rules['not-tested']} not tested · matrix ${t.matrix.pass + t.matrix.conflict}/${t.matrix.cells} verified, ${t.matrix.fail} failed`
  );
}
