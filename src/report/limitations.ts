// Section: the limitations of the model (src/catalog/limitations.ts): what it does not decide, so that an auditor
// never reads an absence (no finding, a denial) as an assurance. Always in the report, whatever was audited.
import { LIMITATIONS, type Limitation } from '../catalog/limitations.ts';
import { cmp } from './schema.ts';

export function buildLimitations(): Limitation[] {
  return [...LIMITATIONS].sort((a, b) => cmp(a.id, b.id));
}
