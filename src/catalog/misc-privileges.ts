// Microsoft's published miscellaneous and privacy-related privileges: privileges that are not `prv` + verb + table
// and act on no row. Pure data. The descriptions are short summaries in the project's own words.
// Sources:
// - https://learn.microsoft.com/power-platform/admin/miscellaneous-privileges (the Miscellaneous privileges tab)
// - https://learn.microsoft.com/power-platform/admin/privacy-related-privileges (the Privacy-related privileges tab)
// - https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/hh547441(v=crm.8) (security role
//   UI to privilege mapping: the customization and security privileges the predefined roles hold, below)
// - https://learn.microsoft.com/power-platform/admin/database-security (Support User's two read privileges)

export type MiscPrivilegeKind = 'miscellaneous' | 'privacy';

export interface MiscPrivilege {
  /** The privilege name in Microsoft's spelling (compared case-insensitively). */
  name: string;
  kind: MiscPrivilegeKind;
  /** What it allows, in a few words. */
  allows: string;
  source: string;
}

const MISC_URL = 'https://learn.microsoft.com/power-platform/admin/miscellaneous-privileges';
const PRIVACY_URL = 'https://learn.microsoft.com/power-platform/admin/privacy-related-privileges';
const MAPPING_URL = 'https://learn.microsoft.com/previous-versions/dynamicscrm-2016/developers-guide/hh547441(v=crm.8)';
/** The Support User row of the predefined roles: reads customizations and business-management settings. */
const SUPPORT_USER_URL = 'https://learn.microsoft.com/power-platform/admin/database-security';

const m = (name: string, allows: string): MiscPrivilege => ({ name, kind: 'miscellaneous', allows, source: MISC_URL });
const p = (name: string, allows: string): MiscPrivilege => ({ name, kind: 'privacy', allows, source: PRIVACY_URL });
const ui = (name: string, allows: string): MiscPrivilege => ({ name, kind: 'miscellaneous', allows, source: MAPPING_URL });

/**
 * The Miscellaneous privileges tab, in the page's order (rows that name no privilege are left out). One such row is
 * Run Flows; real solution roles hold `prvFlow`, which may be its privilege, but the page names none, so prvFlow stays
 * an unknown miscellaneous privilege.
 */
export const MISCELLANEOUS_PRIVILEGES: readonly MiscPrivilege[] = [
  m('prvActOnBehalfOfAnotherUser', 'impersonate another user'),
  m('prvActivateBusinessProcessFlow', 'activate business process flows'),
  m('prvActivateBusinessRule', 'activate business rules'),
  m('prvActivateSynchronousWorkflow', 'activate real-time processes'),
  m('prvPublishRSReport', 'add Reporting Services reports'),
  m('prvApproveRejectEmailAddress', 'approve email addresses of users and queues'),
  m('prvApproveKnowledgeArticle', 'approve knowledge articles'),
  m('prvAssignManager', 'set the manager of a user'),
  m('prvAssignPosition', 'set the position of a user'),
  m('prvAssignTerritory', 'assign a sales territory to a user'),
  m('prvBrowseAvailability', 'browse availability'),
  m('prvBulkEdit', 'edit many rows at once'),
  m('prvBulkDelete', 'delete rows in bulk'),
  m('prvWriteHierarchicalSecurityConfiguration', 'change hierarchy security settings'),
  m('prvConfigureInternetMarketing', 'configure the internet marketing module'),
  m('prvConfigureYammer', 'configure Yammer'),
  m('prvCreateOwnCalendar', "create one's own calendar"),
  m('prvAllowQuickCampaign', 'create quick campaigns'),
  m('prvDeleteAuditPartitions', 'delete audit partitions'),
  m('prvDeleteRecordChangeHistory', 'delete the audit change history of rows'),
  m('prvDeleteOwnCalendar', "delete one's own calendar"),
  m('prvAddressBook', 'use the Dynamics 365 address book'),
  m('prvDisableBusinessUnit', 'enable or disable a business unit'),
  m('prvDisableUser', 'enable or disable a user'),
  m('prvWorkflowExecution', 'run workflow jobs'),
  m('prvExportCustomization', 'export customizations (solutions)'),
  m('prvImportCustomization', 'import customizations (solutions)'),
  m('prvISVExtensions', 'ISV extensions (not in use)'),
  m('prvLanguageSettings', 'change language settings'),
  m('prvAdminFilter', 'manage user synchronization filters'),
  m('prvMerge', 'merge rows'),
  m('prvOverrideCreatedOnCreatedBy', 'set created on and created by during data import'),
  m('prvOverridePriceEngineInvoice', 'override invoice pricing'),
  m('prvOverridePriceEngineOpportunity', 'override opportunity pricing'),
  m('prvOverridePriceEngineOrder', 'override order pricing'),
  m('prvQOIOverrideDelete', 'delete quotes, orders and invoices despite their state'),
  m('prvOverridePriceEngineQuote', 'override quote pricing'),
  m('prvRollupGoal', 'roll up goals synchronously'),
  m('prvPublishArticle', 'publish articles'),
  m('prvPublishDuplicateRule', 'publish duplicate detection rules'),
  m('prvCreateOrgEmailTemplates', 'publish email templates'),
  m('prvPublishCustomization', 'publish customizations (deprecated)'),
  m('prvPublishKnowledgeArticle', 'publish knowledge articles'),
  m('prvPublishOrgMailMergeTemplate', 'publish mail merge templates to the organization'),
  m('prvPublishOrgReport', 'publish reports'),
  m('prvReadLicense', 'read license information'),
  m('prvReadOwnCalendar', "read one's own calendar"),
  m('prvReparentBusinessUnit', 'move a business unit under another parent'),
  m('prvRetrieveMultipleSocialInsights', 'retrieve social insights'),
  m('prvConfigureSharePoint', 'run the SharePoint integration wizard'),
  m('prvReparentTeam', 'move a team to another business unit'),
  m('prvReparentUser', 'move a user to another business unit'),
  m('prvSearchAvailability', 'search availability'),
  m('prvSendAsUser', 'send email as another user'),
  m('prvSendInviteForLive', 'send invitations'),
  m('prvUseInternetMarketing', 'use the internet marketing module'),
  m('prvReadRecordAuditHistory', 'view the audit history of rows'),
  m('prvReadAuditPartitions', 'view audit partitions'),
  m('prvReadAuditSummary', 'view the audit summary'),
  m('prvWebMailMerge', 'use web mail merge'),
  m('prvWriteOwnCalendar', "change one's own calendar"),
];

/** The Privacy-related privileges tab. */
export const PRIVACY_PRIVILEGES: readonly MiscPrivilege[] = [
  p('prvDocumentGeneration', 'generate documents from templates'),
  p('prvUseTabletApp', 'use Dynamics 365 for mobile'),
  p('prvExportToExcel', 'export data to Excel'),
  p('prvGoOffline', 'go offline in Outlook'),
  p('prvMailMerge', 'use mail merge'),
  p('prvPrint', 'print'),
  p('prvSyncToOutlook', 'synchronize with Outlook'),
  p('prvUseOfficeApps', 'use the Dynamics 365 App for Outlook'),
];

/**
 * Customization and security privileges the catalogue's predefined roles hold (src/catalog/roles.ts). Dataverse
 * lists them among the customization and business-management privileges of the security role editor; rolecheck
 * reads them as miscellaneous privileges: none of them reaches a row of data.
 */
export const CUSTOMIZATION_AND_SECURITY_PRIVILEGES: readonly MiscPrivilege[] = [
  ui('prvCreateEntity', 'create tables'),
  ui('prvReadEntity', 'read table definitions'),
  ui('prvWriteEntity', 'change tables'),
  { name: 'prvReadCustomization', kind: 'miscellaneous', allows: 'read customizations', source: SUPPORT_USER_URL },
  { name: 'prvReadBusinessManagement', kind: 'miscellaneous', allows: 'read business-management settings', source: SUPPORT_USER_URL },
  ui('prvCreateRole', 'create security roles'),
  ui('prvReadRole', 'read security roles'),
  ui('prvWriteRole', 'change security roles'),
  ui('prvAssignRole', 'assign security roles'),
];

/** Every known miscellaneous privilege, each name once. */
export const KNOWN_MISC: readonly MiscPrivilege[] = [
  ...MISCELLANEOUS_PRIVILEGES,
  ...PRIVACY_PRIVILEGES,
  ...CUSTOMIZATION_AND_SECURITY_PRIVILEGES,
];

const BY_LOWER = new Map<string, MiscPrivilege>(KNOWN_MISC.map((x) => [x.name.toLowerCase(), x]));

/** The known miscellaneous privilege of that name (case-insensitive, trimmed), or undefined. */
export function miscPrivilege(name: string): MiscPrivilege | undefined {
  return BY_LOWER.get(name.trim().toLowerCase());
}
