// Section: documentation drift. Where a page the rules cite says something else in a later revision than the
// baseline the specification restates (src/catalog/drift.ts), shown beside the rules so that a reader knows which
// text each decision follows.
import { DRIFT, type Drift } from '../catalog/drift.ts';
import { cmp } from './schema.ts';

export function buildDrift(): Drift[] {
  return [...DRIFT].sort((a, b) => cmp(a.id, b.id));
}
