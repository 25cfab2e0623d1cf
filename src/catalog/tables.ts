// Standard Dataverse tables the catalogue knows; an export needs no tables.csv row for them.
// `core` marks the Account, Contact and Activity tables, which the role table singles out.
import type { TableOwnership } from '../vocabulary/index.ts';

export interface StandardTable {
  name: string;
  displayName: string;
  ownership: TableOwnership;
  core: boolean;
  aiBuilder: boolean;
}

const t = (name: string, displayName: string, extra: Partial<StandardTable> = {}): StandardTable => ({
  name, displayName, ownership: 'user', core: false, aiBuilder: false, ...extra,
});

export const ACTIVITY_TABLES = ['activitypointer', 'email', 'phonecall', 'task', 'appointment', 'letter', 'fax'];

export const STANDARD_TABLES: readonly StandardTable[] = [
  t('account', 'Account', { core: true }),
  t('contact', 'Contact', { core: true }),
  t('activitypointer', 'Activity', { core: true }),
  t('email', 'Email', { core: true }),
  t('phonecall', 'Phone Call', { core: true }),
  t('task', 'Task', { core: true }),
  t('appointment', 'Appointment', { core: true }),
  t('letter', 'Letter', { core: true }),
  t('fax', 'Fax', { core: true }),
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

export const AI_BUILDER_TABLES = STANDARD_TABLES.filter((x) => x.aiBuilder).map((x) => x.name);
