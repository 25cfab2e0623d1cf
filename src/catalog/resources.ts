// The "summary of resources available for predefined security roles" table (seed lines 43-55), as data.
// Each cell: who may author the resource. `condition` qualifies a partial grant (cloud flows).

export const MATRIX_ROLES = ['Environment Maker', 'Environment Admin', 'System Customizer', 'System Administrator'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export type FlowKind = 'solution-aware' | 'non-solution-aware';

export interface Cell {
  allow: boolean;
  /** Only flows of this kind (cloud flows). */
  only?: FlowKind;
}

/** What creating the resource needs in Dataverse, for custom roles (DV-013): Create on a table, or a misc privilege. */
export interface CustomRoleNeed {
  table?: string;
  misc?: string;
}

export interface Resource {
  id: string;
  name: string;
  customRoleNeeds?: CustomRoleNeed;
  /** Needs a Dataverse database to exist in the environment at all. */
  needsDataverse: boolean;
  cells: Record<MatrixRole, Cell>;
  line: number;
  ruleId: string;
}

const X: Cell = { allow: true };
const NO: Cell = { allow: false };
const row = (
  id: string,
  name: string,
  line: number,
  ruleId: string,
  needsDataverse: boolean,
  em: Cell,
  ea: Cell,
  sc: Cell,
  sa: Cell,
): Resource => ({
  id,
  name,
  line,
  ruleId,
  needsDataverse,
  cells: { 'Environment Maker': em, 'Environment Admin': ea, 'System Customizer': sc, 'System Administrator': sa },
});

export const RESOURCES: readonly Resource[] = [
  row('canvas-app', 'Canvas app', 45, 'RES-001', false, X, X, X, X),
  row(
    'cloud-flow',
    'Cloud flow',
    46,
    'RES-002',
    false,
    { allow: true, only: 'non-solution-aware' },
    X,
    { allow: true, only: 'solution-aware' },
    X,
  ),
  row('connector', 'Connector', 47, 'RES-003', false, X, X, NO, X),
  row('connection', 'Connection', 48, 'RES-004', false, X, X, NO, X),
  row('data-gateway', 'Data gateway', 49, 'RES-005', false, X, X, NO, X),
  row('dataflow', 'Dataflow', 50, 'RES-006', false, X, X, NO, X),
  row('dataverse-tables', 'Dataverse tables', 51, 'RES-007', true, NO, NO, X, X),
  row('model-driven-app', 'Model-driven app', 52, 'RES-008', true, X, NO, X, X),
  row('solution-framework', 'Solution framework', 53, 'RES-009', true, X, NO, X, X),
  row('desktop-flow', 'Desktop flow', 54, 'RES-010', true, NO, NO, X, X),
  row('ai-builder', 'AI Builder', 55, 'RES-011', true, NO, NO, X, X),
];

const NEEDS: Record<string, CustomRoleNeed> = {
  'canvas-app': { table: 'canvasapp' },
  'cloud-flow': { table: 'workflow' },
  connector: { table: 'connector' },
  'dataverse-tables': { misc: 'prvCreateEntity' },
  'model-driven-app': { misc: 'prvCreateEntity' },
  'solution-framework': { misc: 'prvCreateEntity' },
  'desktop-flow': { table: 'workflow' },
};
for (const r of RESOURCES as Resource[]) if (NEEDS[r.id]) r.customRoleNeeds = NEEDS[r.id];

const byKey = new Map<string, Resource>();
for (const r of RESOURCES) {
  byKey.set(r.id, r);
  byKey.set(r.name.toLowerCase(), r);
}
export function resource(name: string): Resource | undefined {
  return byKey.get(name.trim().toLowerCase());
}
