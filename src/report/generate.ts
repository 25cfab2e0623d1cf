// Envelopes -> report data -> every output file. Shared by the cucumber formatter and `rolecheck report --from`.
import type { Envelope } from '@cucumber/messages';
import { buildReport, type BuildContext, type ComplianceReport } from './build.ts';
import { renderOutputs } from './render.ts';
import { writeSetAtomically, type WriteFs } from './write.ts';

export interface Generated { report: ComplianceReport; files: Map<string, string> }

export function generate(envelopes: readonly Envelope[], ctx: BuildContext = {}): Generated {
  const report = buildReport(envelopes, ctx);
  return { report, files: renderOutputs(report, envelopes) };
}

export function generateAndWrite(out: string, envelopes: readonly Envelope[], ctx: BuildContext = {}, fs?: WriteFs): Generated {
  const g = generate(envelopes, ctx);
  writeSetAtomically(out, g.files, fs);
  return g;
}

/** One line for logs: the verdict and the figures that matter. */
export function summaryLine(r: ComplianceReport): string {
  const t = r.totals;
  return `rolecheck: ${t.verdict.toUpperCase()} · matrix ${t.matrix.pass} pass, ${t.matrix.fail} fail, ${t.matrix.conflict} conflict, `
    + `${t.matrix['not-tested']} not tested · rules ${t.rules.passed}/${t.rules.total} passed, ${t.rules.failed} failed, `
    + `${t.rules['not-tested']} not tested · ${t.findings} findings`;
}
