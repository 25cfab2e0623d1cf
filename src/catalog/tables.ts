// Dataverse tables the catalogue knows, with their ownership; an export needs no tables.csv row for them.
// - STANDARD_TABLES: the tables the predefined roles' documented grants are stated for. `core` marks the Account,
//   Contact and Activity tables, which the role table singles out; `aiBuilder` the AI Builder tables.
// - SYSTEM_TABLES: further system tables that real security roles name (flows, plug-ins, solutions, users, teams,
//   SharePoint, …), each with the ownership its Microsoft table/entity reference page states. The documentation of
//   the predefined roles says nothing about them table by table.
// Sources: each table's page https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/<name>
// (its OwnershipType and SchemaName rows); OwnershipType values:
// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/reference/ownershiptypes
import type { TableOwnership } from '../vocabulary/index.ts';

/** The OwnershipType a table's reference page states. */
export type OwnershipType = 'UserOwned' | 'TeamOwned' | 'BusinessOwned' | 'OrganizationOwned' | 'None';

export interface StandardTable {
  /** Logical name. */
  name: string;
  displayName: string;
  /**
   * user: rows have an owner (UserOwned, TeamOwned, BusinessOwned); organization: rows have none
   * (OrganizationOwned, and None: a table without an owner can only be granted organization-wide).
   */
  ownership: TableOwnership;
  core: boolean;
  aiBuilder: boolean;
  /** As the reference page states it; absent for the tables this catalogue held before it recorded the type. */
  ownershipType?: OwnershipType;
  /** The schema name (privilege names are made from it), when it differs from the logical name other than by case. */
  schemaName?: string;
  /** An activity table (its primary id is activityid): its privileges are the Activity ones (prvReadActivity …). */
  activity?: boolean;
  /** Listed in SYSTEM_TABLES. */
  system?: boolean;
}

const t = (name: string, displayName: string, extra: Partial<StandardTable> = {}): StandardTable => ({
  name,
  displayName,
  ownership: 'user',
  core: false,
  aiBuilder: false,
  ...extra,
});

export const ACTIVITY_TABLES = ['activitypointer', 'email', 'phonecall', 'task', 'appointment', 'letter', 'fax'];

export const STANDARD_TABLES: readonly StandardTable[] = [
  t('account', 'Account', { core: true }),
  t('contact', 'Contact', { core: true }),
  t('activitypointer', 'Activity', { core: true, activity: true, ownershipType: 'UserOwned' }),
  t('email', 'Email', { core: true, activity: true, ownershipType: 'UserOwned' }),
  t('phonecall', 'Phone Call', { core: true, activity: true }),
  t('task', 'Task', { core: true, activity: true }),
  t('appointment', 'Appointment', { core: true, activity: true, ownershipType: 'UserOwned' }),
  t('letter', 'Letter', { core: true, activity: true }),
  t('fax', 'Fax', { core: true, activity: true }),
  t('workflow', 'Process'),
  t('annotation', 'Note'),
  t('canvasapp', 'Canvas App', { ownership: 'user' }),
  t('connector', 'Connector'),
  t('msdyn_aibdataset', 'AI Builder Dataset', { aiBuilder: true }),
  t('msdyn_aibdatasetfile', 'AI Builder Dataset File', { aiBuilder: true }),
  t('msdyn_aibdatasetrecord', 'AI Builder Dataset Record', { aiBuilder: true }),
  t('msdyn_aibdatasetscontainer', 'AI Builder Dataset Container', { aiBuilder: true }),
  t('msdyn_aibfile', 'AI Builder File', { aiBuilder: true }),
  t('msdyn_aibfileattacheddata', 'AI Builder File Attached Data', { aiBuilder: true }),
  t('msdyn_aiconfiguration', 'AI Configuration', { aiBuilder: true }),
  t('msdyn_aievent', 'AI Event', { aiBuilder: true }),
  t('msdyn_aimodel', 'AI Model', { aiBuilder: true }),
  t('msdyn_aitemplate', 'AI Template', { aiBuilder: true }),
];

const own = (type: OwnershipType): TableOwnership =>
  type === 'UserOwned' || type === 'TeamOwned' || type === 'BusinessOwned' ? 'user' : 'organization';
/** A system table: logical name, display name, OwnershipType from its reference page, and its schema name when it
 *  is not the logical name in other casing. */
const s = (name: string, displayName: string, type: OwnershipType, extra: Partial<StandardTable> = {}): StandardTable =>
  t(name, displayName, { ownership: own(type), ownershipType: type, system: true, ...extra });

export const SYSTEM_TABLES: readonly StandardTable[] = [
  // Activity tables beyond the core ones (primary id activityid).
  s('serviceappointment', 'Service Activity', 'UserOwned', { activity: true }),
  s('recurringappointmentmaster', 'Recurring Appointment', 'UserOwned', { activity: true }),
  s('campaignresponse', 'Campaign Response', 'UserOwned', { activity: true }),
  s('bulkoperation', 'Quick Campaign', 'UserOwned', { activity: true }),
  // Background processing and flows.
  s('asyncoperation', 'System Job', 'UserOwned'),
  s('flowsession', 'Flow Session', 'UserOwned'),
  s('flowrun', 'Flow Run', 'UserOwned'),
  s('flowcapacityassignment', 'Flow Capacity Assignment', 'UserOwned'),
  s('environmentvariabledefinition', 'Environment Variable Definition', 'UserOwned'),
  // Plug-ins and SDK messages.
  s('pluginassembly', 'Plug-in Assembly', 'OrganizationOwned'),
  s('plugintype', 'Plug-in Type', 'OrganizationOwned'),
  s('plugintypestatistic', 'Plug-in Type Statistic', 'OrganizationOwned'),
  s('sdkmessage', 'Sdk Message', 'OrganizationOwned'),
  s('sdkmessagefilter', 'Sdk Message Filter', 'OrganizationOwned'),
  s('sdkmessagepair', 'Sdk Message Pair', 'OrganizationOwned'),
  s('sdkmessagerequest', 'Sdk Message Request', 'OrganizationOwned'),
  s('sdkmessagerequestfield', 'Sdk Message Request Field', 'OrganizationOwned'),
  s('sdkmessageresponsefield', 'Sdk Message Response Field', 'OrganizationOwned'),
  s('sdkmessageprocessingstep', 'Sdk Message Processing Step', 'OrganizationOwned'),
  s('sdkmessageprocessingstepsecureconfig', 'Sdk Message Processing Step Secure Configuration', 'OrganizationOwned'),
  // Customization and apps.
  s('attribute', 'Attribute', 'None'),
  // prvCreateEntity, prvReadEntity and prvWriteEntity are read as miscellaneous privileges first (misc-privileges.ts).
  s('entity', 'Entity', 'None'),
  s('attributemap', 'Attribute Map', 'OrganizationOwned'),
  s('entitykey', 'Entity Key', 'None'),
  s('entitymap', 'Entity Map', 'OrganizationOwned'),
  s('entitydatasource', 'Entity Data Source', 'OrganizationOwned'),
  s('entitydataprovider', 'Virtual Entity Data Provider', 'OrganizationOwned'),
  s('entityanalyticsconfig', 'Entity Analytics Config', 'OrganizationOwned'),
  s('systemform', 'System Form', 'OrganizationOwned'),
  s('savedquery', 'View', 'OrganizationOwned'),
  s('savedqueryvisualization', 'System Chart', 'OrganizationOwned'),
  s('userquery', 'Saved View', 'UserOwned'),
  s('userqueryvisualization', 'User Chart', 'UserOwned'),
  s('webresource', 'Web Resource', 'OrganizationOwned'),
  s('appmodule', 'Model-driven App', 'OrganizationOwned'),
  s('appconfig', 'App Configuration', 'OrganizationOwned'),
  s('appconfiginstance', 'App Configuration Instance', 'OrganizationOwned'),
  s('appconfigmaster', 'App Configuration Master', 'OrganizationOwned'),
  s('appaction', 'App Action', 'OrganizationOwned'),
  s('solution', 'Solution', 'OrganizationOwned'),
  s('solutioncomponentconfiguration', 'Solution Component Configuration', 'OrganizationOwned'),
  s('solutioncomponentattributeconfiguration', 'Solution Component Attribute Configuration', 'OrganizationOwned'),
  s('solutioncomponentrelationshipconfiguration', 'Solution Component Relationship Configuration', 'OrganizationOwned'),
  s('publisher', 'Publisher', 'OrganizationOwned'),
  s('connectionrole', 'Connection Role', 'OrganizationOwned'),
  s('usermobileofflineprofilemembership', 'User Mobile Offline Profile Membership', 'OrganizationOwned'),
  s('teammobileofflineprofilemembership', 'Team Mobile Offline Profile Membership', 'OrganizationOwned'),
  s('datalakeworkspace', 'Data Lake Workspace', 'OrganizationOwned'),
  s('organizationdatasyncsubscription', 'Organization Data Sync Subscription', 'OrganizationOwned'),
  s('textanalyticsentitymapping', 'Text Analytics Entity Mapping', 'OrganizationOwned'),
  // Business management and security.
  s('systemuser', 'User', 'BusinessOwned'),
  s('team', 'Team', 'BusinessOwned'),
  s('businessunit', 'Business Unit', 'BusinessOwned'),
  s('role', 'Security Role', 'BusinessOwned'),
  s('usersettings', 'User Settings', 'BusinessOwned'),
  s('userentityuisettings', 'User Entity UI Settings', 'UserOwned'),
  s('userentityinstancedata', 'User Entity Instance Data', 'UserOwned'),
  s('organization', 'Organization', 'OrganizationOwned'),
  s('transactioncurrency', 'Currency', 'OrganizationOwned'),
  s('businessunitnewsarticle', 'Announcement', 'OrganizationOwned'),
  s('queue', 'Queue', 'UserOwned'),
  s('report', 'Report', 'UserOwned'),
  s('connection', 'Connection', 'UserOwned'),
  // Documents.
  s('sharepointdocument', 'Sharepoint Document', 'UserOwned'),
  s('sharepointdocumentlocation', 'Document Location', 'UserOwned'),
  s('sharepointsite', 'SharePoint Site', 'UserOwned'),
  s('sharepointdata', 'SharePoint Data', 'OrganizationOwned'),
  // The tables below are the ones the roles of two public solutions (the Power CAT Automation Kit, PnP Power Platform
  // samples) name beyond the ones above; each reference page was read for its OwnershipType, DisplayName and
  // SchemaName (the schema names differ from the logical names only by case). Those roles also name workflowsession,
  // hierarchyrule, userapplicationmetadata, systemapplicationmetadata and expanderevent, whose reference pages were not
  // found: they stay out, and a role naming them gets the unknown-table warning.
  // Desktop flows, work queues and cloud-flow plumbing (Power Automate). Their pages list Assign and GrantAccess
  // among the messages of every user-owned one.
  s('flowmachine', 'Flow Machine', 'UserOwned'),
  s('flowmachinegroup', 'Flow Machine Group', 'UserOwned'),
  s('flowmachineimage', 'Flow Machine Image', 'UserOwned'),
  s('flowmachinenetwork', 'Flow Machine Network', 'UserOwned'),
  s('desktopflowbinary', 'Desktop Flow Binary', 'UserOwned'),
  s('desktopflowmodule', 'Desktop Flow Module', 'UserOwned'),
  s('workflowbinary', 'Workflow Binary', 'UserOwned'),
  s('workqueue', 'Work Queue', 'UserOwned'),
  s('workqueueitem', 'Work Queue Item', 'UserOwned'),
  s('connectionreference', 'Connection Reference', 'UserOwned'),
  s('callbackregistration', 'Callback Registration', 'UserOwned'),
  s('msdyn_dataflow', 'Dataflow', 'UserOwned'),
  s('msdyn_workflowactionstatus', 'Workflow Action Status', 'OrganizationOwned'),
  // Business process flow tables that Dataverse ships (privilege names use the schema names NewProcess,
  // TranslationProcess).
  s('newprocess', 'New Process', 'OrganizationOwned'),
  s('translationprocess', 'Translation Process', 'OrganizationOwned'),
  // Plug-ins, service endpoints and tracing.
  s('sdkmessageprocessingstepimage', 'Sdk Message Processing Step Image', 'OrganizationOwned'),
  s('serviceendpoint', 'Service Endpoint', 'OrganizationOwned'),
  s('plugintracelog', 'Plug-in Trace Log', 'OrganizationOwned'),
  s('tracelog', 'Trace', 'OrganizationOwned'),
  // Customization metadata and solution import.
  s('complexcontrol', 'Process Configuration', 'OrganizationOwned'),
  s('optionset', 'OptionSet', 'None'),
  s('relationship', 'Relationship Entity', 'None'),
  s('theme', 'Theme', 'OrganizationOwned'),
  s('importjob', 'Import Job', 'OrganizationOwned'),
  // Security.
  s('applicationuser', 'ApplicationUser', 'BusinessOwned'),
];

/** Every table the catalogue knows: the standard tables, then the system tables. */
export const CATALOGUE_TABLES: readonly StandardTable[] = [...STANDARD_TABLES, ...SYSTEM_TABLES];

const BY_NAME = new Map<string, StandardTable>(CATALOGUE_TABLES.map((x) => [x.name, x]));

/** The catalogued table of that logical name (case-insensitive, trimmed), or undefined. */
export function catalogueTable(name: string): StandardTable | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export const AI_BUILDER_TABLES = STANDARD_TABLES.filter((x) => x.aiBuilder).map((x) => x.name);
