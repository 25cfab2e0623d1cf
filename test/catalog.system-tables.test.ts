// The system tables that real solution roles name (desktop flows, work queues, business process flows, plug-in
// tracing, customization metadata, application users): their catalogued ownership, how their privilege names are
// read, and that a solution role naming them keeps its grants (no "no file describes" warning for them).
import { describe, expect, it } from 'vitest';
import { catalogueTable, SYSTEM_TABLES } from '../src/catalog/tables.ts';
import { catalogueNameParts, readPrivilegeName } from '../src/catalog/privilege-names.ts';
import { loadExport } from '../src/exports/load.ts';
import { PRIVILEGES } from '../src/vocabulary/index.ts';
import { exportDir } from './helpers/exports.ts';

const FIXTURE = 'test/fixtures/solutions/system-tables';
const parts = catalogueNameParts();
const read = (n: string) => readPrivilegeName(n, parts);
const P = (p: string) => PRIVILEGES.indexOf(p as never);

/** The OwnershipType each table's reference page states (learn.microsoft.com/…/reference/entities/<name>). */
const SOLUTION_ROLE_TABLES: Record<string, string> = {
  flowmachine: 'UserOwned',
  flowmachinegroup: 'UserOwned',
  flowmachineimage: 'UserOwned',
  flowmachinenetwork: 'UserOwned',
  desktopflowbinary: 'UserOwned',
  desktopflowmodule: 'UserOwned',
  workflowbinary: 'UserOwned',
  workqueue: 'UserOwned',
  workqueueitem: 'UserOwned',
  connectionreference: 'UserOwned',
  callbackregistration: 'UserOwned',
  msdyn_dataflow: 'UserOwned',
  msdyn_workflowactionstatus: 'OrganizationOwned',
  newprocess: 'OrganizationOwned',
  translationprocess: 'OrganizationOwned',
  sdkmessageprocessingstepimage: 'OrganizationOwned',
  serviceendpoint: 'OrganizationOwned',
  plugintracelog: 'OrganizationOwned',
  tracelog: 'OrganizationOwned',
  complexcontrol: 'OrganizationOwned',
  optionset: 'None',
  relationship: 'None',
  theme: 'OrganizationOwned',
  importjob: 'OrganizationOwned',
  applicationuser: 'BusinessOwned',
};

describe('system tables of solution roles', () => {
  it('are catalogued once each, with the ownership their reference states', () => {
    const got = Object.fromEntries(Object.keys(SOLUTION_ROLE_TABLES).map((n) => [n, catalogueTable(n)?.ownershipType]));
    expect(got).toEqual(SOLUTION_ROLE_TABLES);
    for (const [n, type] of Object.entries(SOLUTION_ROLE_TABLES)) {
      expect(
        SYSTEM_TABLES.filter((x) => x.name === n),
        n,
      ).toHaveLength(1);
      expect(catalogueTable(n)!.ownership, n).toBe(type === 'OrganizationOwned' || type === 'None' ? 'organization' : 'user');
    }
  });

  it('tables whose reference page could not be read stay out of the catalogue (a role naming them gets the warning)', () => {
    for (const n of ['workflowsession', 'hierarchyrule', 'expanderevent', 'systemapplicationmetadata', 'userapplicationmetadata'])
      expect(catalogueTable(n), n).toBeUndefined();
  });

  it('their privilege names resolve in logical-name and schema-name casing', () => {
    expect(read('prvReadworkqueueitem')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['workqueueitem'] });
    expect(read('prvReadNewProcess')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['newprocess'] });
    expect(read('prvAppendToTranslationProcess')).toEqual({ kind: 'table', privilege: P('AppendTo'), tables: ['translationprocess'] });
    expect(read('prvReadSdkMessageProcessingStepImage')).toEqual({
      kind: 'table',
      privilege: P('Read'),
      tables: ['sdkmessageprocessingstepimage'],
    });
    expect(read('prvAppendmsdyn_workflowactionstatus')).toEqual({
      kind: 'table',
      privilege: P('Append'),
      tables: ['msdyn_workflowactionstatus'],
    });
    // ApplicationUser ends in User (the systemuser exception) but is its own table.
    expect(read('prvReadApplicationUser')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['applicationuser'] });
    expect(read('prvReadTraceLog')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['tracelog'] });
    expect(read('prvReadPluginTraceLog')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['plugintracelog'] });
  });
});

describe('a solution whose roles name them', () => {
  const load = () =>
    loadExport(
      exportDir({
        'role-assignments.csv':
          'principal,principal_type,role\nana@fabrikam.com,user,Automation Runner\nben@fabrikam.com,user,Queue Viewer\n',
      }),
      { solutions: [FIXTURE] },
    );

  it('warns only about the table no file describes and the unpublished miscellaneous privilege', async () => {
    const loaded = await load();
    expect(loaded.warnings.map((w) => `${w.code} ${w.value}`).sort()).toEqual([
      'unknown-misc-privilege prvFlow',
      'unknown-table prvReadworkflowsession',
    ]);
    expect(loaded.model.compiled.unknownTables.map((u) => u.name)).toEqual(['workflowsession']);
  });

  it('keeps every grant on a catalogued table in the compiled roles', async () => {
    const { model } = await load();
    const grants = (role: string) =>
      model.q
        .grantsOf(role)
        .tables.map((g) => `${g.privilege} ${g.table} ${g.depth}`)
        .sort();
    expect(grants('Automation Runner')).toEqual([
      'AppendTo translationprocess Global',
      'Create workqueueitem Basic',
      'Read applicationuser Local',
      'Read flowmachine Local',
      'Read flowmachinegroup Deep',
      'Read newprocess Global',
      'Read optionset Global',
      'Read plugintracelog Global',
      'Read workqueueitem Global',
      'Write flowmachine Basic',
      'Write newprocess Global',
    ]);
    expect(model.q.grantsOf('Automation Runner').misc).toEqual(['prvFlow']);
    expect(grants('Queue Viewer')).toEqual([
      'Read connectionreference Local',
      'Read msdyn_workflowactionstatus Global',
      'Read tracelog Global',
      'Read workqueue Basic',
    ]);
  });

  it('decides questions about those tables from the grants', async () => {
    const { model } = await load();
    const can = (user: string, privilege: string, table: string) => model.data.can({ user, privilege, table });
    expect(can('ana@fabrikam.com', 'Read', 'newprocess')).toBe(true);
    expect(can('ana@fabrikam.com', 'Delete', 'newprocess')).toBe(false);
    expect(can('ana@fabrikam.com', 'Read', 'plugintracelog')).toBe(true);
    expect(can('ben@fabrikam.com', 'Read', 'plugintracelog')).toBe(false);
    expect(can('ben@fabrikam.com', 'Read', 'tracelog')).toBe(true);
    expect(can('ana@fabrikam.com', 'Create', 'workqueueitem')).toBe(true);
    expect(can('ben@fabrikam.com', 'Create', 'workqueueitem')).toBe(false);
  });
});
