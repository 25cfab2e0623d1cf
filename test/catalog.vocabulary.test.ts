// The privilege vocabulary as catalogue data: name exceptions, miscellaneous and privacy privileges, catalogued
// tables with their ownership, and the reader of privilege names and depth values.
import { describe, expect, it } from 'vitest';
import { CATALOGUE_TABLES, catalogueTable, STANDARD_TABLES, SYSTEM_TABLES } from '../src/catalog/tables.ts';
import { KNOWN_MISC, MISCELLANEOUS_PRIVILEGES, PRIVACY_PRIVILEGES, miscPrivilege } from '../src/catalog/misc-privileges.ts';
import { catalogueNameParts, PRIVILEGE_NAME_EXCEPTIONS, readPrivilegeName } from '../src/catalog/privilege-names.ts';
import { KNOWN_MISC_PRIVILEGES } from '../src/catalog/roles.ts';
import { Depth, inferDepthScheme, PRIVILEGES, readDepthValue as readDepth } from '../src/vocabulary/index.ts';

const parts = catalogueNameParts();
const read = (n: string) => readPrivilegeName(n, parts);
const P = (p: string) => PRIVILEGES.indexOf(p as never);

describe('privilege name exceptions', () => {
  it('are exactly the documented ones, each with its tables and a source', () => {
    expect(Object.fromEntries(PRIVILEGE_NAME_EXCEPTIONS.map((e) => [e.namePart, [...e.tables]]))).toEqual({
      Activity: [
        'activitypointer',
        'email',
        'phonecall',
        'task',
        'appointment',
        'letter',
        'fax',
        'serviceappointment',
        'recurringappointmentmaster',
        'campaignresponse',
        'bulkoperation',
      ],
      Note: ['annotation'],
      User: ['systemuser'],
      Query: ['savedquery'],
      SavedQueryVisualizations: ['savedqueryvisualization'],
      UserQueryVisualizations: ['userqueryvisualization'],
      NewsArticle: ['businessunitnewsarticle'],
    });
    for (const e of PRIVILEGE_NAME_EXCEPTIONS) expect(e.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
  });

  it('every table an exception names is catalogued', () => {
    for (const e of PRIVILEGE_NAME_EXCEPTIONS) for (const t of e.tables) expect(catalogueTable(t), t).toBeDefined();
  });

  it('prvReadNote is Read on annotation, prvReadActivity on every activity table, prvReadUser on systemuser', () => {
    expect(read('prvReadNote')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['annotation'] });
    expect(read('prvreadactivity')).toEqual({ kind: 'table', privilege: P('Read'), tables: PRIVILEGE_NAME_EXCEPTIONS[0]!.tables });
    expect(read('prvWriteUser')).toEqual({ kind: 'table', privilege: P('Write'), tables: ['systemuser'] });
    expect(read('prvReadQuery')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['savedquery'] });
    expect(read('prvReadSavedQueryVisualizations')).toEqual({ kind: 'table', privilege: P('Read'), tables: ['savedqueryvisualization'] });
    expect(read('prvAppendToNewsArticle')).toEqual({ kind: 'table', privilege: P('AppendTo'), tables: ['businessunitnewsarticle'] });
  });
});

describe('readPrivilegeName', () => {
  it('reads a known miscellaneous privilege first, in its canonical spelling', () => {
    expect(read(' PRVEXPORTTOEXCEL ')).toEqual({ kind: 'misc', name: 'prvExportToExcel', known: true });
    // Starts like Assign + a table, but is the documented miscellaneous privilege.
    expect(read('prvAssignTerritory')).toEqual({ kind: 'misc', name: 'prvAssignTerritory', known: true });
    expect(read('prvReadOwnCalendar')).toEqual({ kind: 'misc', name: 'prvReadOwnCalendar', known: true });
  });

  it('tries the longest verb first, and prefers a known part over an unknown one', () => {
    expect(read('prvAppendToaccount')).toEqual({ kind: 'table', privilege: P('AppendTo'), tables: ['account'] });
    expect(read('prvAppendaccount')).toEqual({ kind: 'table', privilege: P('Append'), tables: ['account'] });
    const m = new Map([['total_x', ['total_x']]]);
    expect(readPrivilegeName('prvAppendTotal_x', m)).toEqual({ kind: 'table', privilege: P('Append'), tables: ['total_x'] });
  });

  it('a verb and an unknown part is an unknown table, named by its lower-case part (longest verb)', () => {
    expect(read('prvReadWorkflowSession')).toEqual({ kind: 'unknown-table', privilege: P('Read'), table: 'workflowsession' });
    expect(read('prvAppendTocr84c_PromptLibrary')).toEqual({
      kind: 'unknown-table',
      privilege: P('AppendTo'),
      table: 'cr84c_promptlibrary',
    });
  });

  it('prv without a verb is an unknown miscellaneous privilege; anything else is not a privilege name', () => {
    expect(read('prvFlow')).toEqual({ kind: 'misc', name: 'prvFlow', known: false });
    expect(read('prvRead')).toEqual({ kind: 'misc', name: 'prvRead', known: false });
    expect(read('ReadAccount')).toBeUndefined();
    expect(read('')).toBeUndefined();
  });

  it('the tables of a name part come from the map it is given (entitydefinitions, solutions)', () => {
    const m = new Map(parts);
    m.set('new_project', ['new_project']);
    m.set('crab_sheet', ['crab_sheetdata']);
    expect(readPrivilegeName('prvCreatenew_Project', m)).toEqual({ kind: 'table', privilege: P('Create'), tables: ['new_project'] });
    expect(readPrivilegeName('prvSharecrab_Sheet', m)).toEqual({ kind: 'table', privilege: P('Share'), tables: ['crab_sheetdata'] });
  });
});

describe('miscellaneous and privacy-related privileges', () => {
  it('the privacy-related tab is complete', () => {
    expect(PRIVACY_PRIVILEGES.map((x) => x.name)).toEqual([
      'prvDocumentGeneration',
      'prvUseTabletApp',
      'prvExportToExcel',
      'prvGoOffline',
      'prvMailMerge',
      'prvPrint',
      'prvSyncToOutlook',
      'prvUseOfficeApps',
    ]);
  });

  it('the miscellaneous tab holds the names real roles use, each once, each with a source and a description', () => {
    for (const n of [
      'prvWorkflowExecution',
      'prvActivateSynchronousWorkflow',
      'prvReadRecordAuditHistory',
      'prvReadAuditSummary',
      'prvReadAuditPartitions',
      'prvBulkDelete',
    ]) {
      expect(
        MISCELLANEOUS_PRIVILEGES.some((x) => x.name === n),
        n,
      ).toBe(true);
    }
    const names = KNOWN_MISC.map((x) => x.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const x of KNOWN_MISC) {
      expect(x.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      expect(x.allows.length).toBeGreaterThan(3);
    }
  });

  it('KNOWN_MISC_PRIVILEGES (roles.ts) is every known name, and keeps the ones the predefined roles hold', () => {
    expect(KNOWN_MISC_PRIVILEGES).toEqual(KNOWN_MISC.map((x) => x.name));
    for (const n of [
      'prvActOnBehalfOfAnotherUser',
      'prvCreateEntity',
      'prvReadCustomization',
      'prvReadBusinessManagement',
      'prvAssignRole',
    ])
      expect(miscPrivilege(n)?.name).toBe(n);
  });
});

describe('catalogued tables', () => {
  it('keep the standard tables and their fields; add system tables with the ownership their reference states', () => {
    expect(STANDARD_TABLES.filter((x) => x.core).map((x) => x.name)).toEqual([
      'account',
      'contact',
      'activitypointer',
      'email',
      'phonecall',
      'task',
      'appointment',
      'letter',
      'fax',
    ]);
    expect(CATALOGUE_TABLES.length).toBe(STANDARD_TABLES.length + SYSTEM_TABLES.length);
    const byOwnership = (o: string) => SYSTEM_TABLES.filter((x) => x.ownershipType === o).map((x) => x.name);
    expect(byOwnership('BusinessOwned')).toEqual(['systemuser', 'team', 'businessunit', 'role', 'usersettings', 'applicationuser']);
    expect(byOwnership('None')).toEqual(['attribute', 'entity', 'entitykey', 'optionset', 'relationship']);
    for (const x of SYSTEM_TABLES) {
      expect(x.ownership, x.name).toBe(x.ownershipType === 'OrganizationOwned' || x.ownershipType === 'None' ? 'organization' : 'user');
      expect(x.system).toBe(true);
    }
    expect(catalogueTable('SharePointDocument')?.ownership).toBe('user');
    expect(catalogueTable('webresource')?.ownership).toBe('organization');
    const names = CATALOGUE_TABLES.map((x) => x.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('depth values', () => {
  const g = (depth: Depth) => ({ kind: 'depth', depth });
  it('reads names, admin-center labels, Web API numbers, masks, None and RecordFilter', () => {
    expect(
      ['Basic', 'User', ' local ', 'Business Unit', 'Deep', 'Parent: Child Business Units', 'GLOBAL', 'Organization'].map((t) =>
        readDepth(t),
      ),
    ).toEqual([
      g(Depth.Basic),
      g(Depth.Basic),
      g(Depth.Local),
      g(Depth.Local),
      g(Depth.Deep),
      g(Depth.Deep),
      g(Depth.Global),
      g(Depth.Global),
    ]);
    expect(['0', '1', '2', '3', '4', '5'].map((t) => readDepth(t, 'enum'))).toEqual([
      g(Depth.Basic),
      g(Depth.Local),
      g(Depth.Deep),
      g(Depth.Global),
      { kind: 'record-filter' },
      undefined,
    ]);
    expect(['1', '2', '4', '8', '0', '3'].map((t) => readDepth(t, 'mask'))).toEqual([
      g(Depth.Basic),
      g(Depth.Local),
      g(Depth.Deep),
      g(Depth.Global),
      { kind: 'none' },
      undefined,
    ]);
    expect(readDepth('None')).toEqual({ kind: 'none' });
    expect(readDepth('RecordFilter')).toEqual({ kind: 'record-filter' });
    expect(readDepth('record filter')).toEqual({ kind: 'record-filter' });
    expect(readDepth('Regional')).toBeUndefined();
    expect(readDepth('-1')).toBeUndefined();
  });

  it('infers the scheme of a file from its numbers', () => {
    expect(inferDepthScheme(['Basic', '0', '2'])).toEqual({ scheme: 'enum', ambiguous: false, contradictory: false });
    expect(inferDepthScheme(['8', '1', 'Global'])).toEqual({ scheme: 'mask', ambiguous: false, contradictory: false });
    expect(inferDepthScheme(['1', '2', '4'])).toEqual({ scheme: 'enum', ambiguous: true, contradictory: false });
    expect(inferDepthScheme(['3', '8'])).toEqual({ scheme: 'enum', ambiguous: false, contradictory: true });
    expect(inferDepthScheme(['Basic', 'Global'])).toEqual({ scheme: 'enum', ambiguous: false, contradictory: false });
  });
});
