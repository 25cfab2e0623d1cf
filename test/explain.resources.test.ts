// Environment and AI Builder decisions carry a structured cause; src/explain/environment.ts and ai-builder.ts word
// it. Every kind of cause is met here by a real question, with its complete decision and its exact sentence (the
// sentences of the model before the causes were structured, except three that were wrong English, marked below).
import { describe, expect, it } from 'vitest';
import { MATRIX_ROLES, RESOURCES, type FlowKind } from '../src/catalog/resources.ts';
import {
  ADMIN_ACTIONS,
  buildModel,
  emptySpec,
  SHARE_TARGETS,
  UnknownNameError,
  type EnvironmentSpec,
  type Model,
} from '../src/model/index.ts';
import type { EnvCause, EnvDecision } from '../src/model/environment.ts';
import { AiActionDenied, type AiCause, type AiDecision } from '../src/model/aibuilder.ts';
import { ENV_CAUSE_KINDS, envSentence, explainEnv } from '../src/explain/environment.ts';
import { AI_CAUSE_KINDS, aiSentence, explainAi, worded } from '../src/explain/ai-builder.ts';

const EM = 'Environment Maker',
  EA = 'Environment Admin',
  SC = 'System Customizer',
  SA = 'System Administrator';
const MAKER_VIA = 'Environment Maker (automatic when added to the environment)';
const AI_TABLES = ['msdyn_aimodel', 'msdyn_aiconfiguration', 'msdyn_aibdatasetscontainer', 'msdyn_aibdataset', 'msdyn_aibfile'];

/** The AI Builder table access of Environment Maker as export rows (AIB-006). */
function makerAiRows(s: EnvironmentSpec, role: string): void {
  for (const t of AI_TABLES)
    for (const p of ['Create', 'Read', 'Write']) s.rolePrivileges!.push({ role, privilege: `prv${p}${t}`, depth: 'Basic' });
  s.rolePrivileges!.push({ role, privilege: 'prvReadmsdyn_aitemplate', depth: 'Global' });
}

/**
 * maker@ Environment Maker only, admin@ Environment Admin, cust@ System Customizer, sys@ System Administrator,
 * both@ System Customizer and Environment Admin, teamsys@ System Administrator through the group team Admins,
 * off@ a disabled Environment Admin, dev@ custom role Dev (Create on workflow), aiprof@ custom role AI Maker.
 */
function environment(dataverse: boolean, type = 'Production'): EnvironmentSpec {
  const s = emptySpec('env', dataverse);
  s.type = type;
  for (const u of ['maker@x', 'admin@x', 'cust@x', 'sys@x', 'both@x', 'teamsys@x', 'off@x', 'dev@x', 'aiprof@x']) {
    s.users.push({ name: u, ...(dataverse ? { businessUnit: 'Root' } : {}), ...(u === 'off@x' ? { enabled: false } : {}) });
  }
  const a = (principal: string, role: string, principalType = 'user') => s.assignments!.push({ principal, principalType, role });
  a('admin@x', EA);
  a('off@x', EA);
  if (dataverse) {
    a('cust@x', SC);
    a('sys@x', SA);
    a('both@x', SC);
    a('both@x', EA);
    s.teams!.push({ name: 'Admins', businessUnit: 'Root', type: 'group' });
    s.teamMembers!.push({ team: 'Admins', user: 'teamsys@x' });
    a('Admins', SA, 'team');
    s.roles!.push({ name: 'Dev' }, { name: 'AI Maker' });
    s.rolePrivileges!.push({ role: 'Dev', privilege: 'prvCreateworkflow', depth: 'Basic' });
    makerAiRows(s, 'AI Maker');
    a('dev@x', 'Dev');
    a('aiprof@x', 'AI Maker');
  }
  return s;
}

interface Case<D> {
  ask: string;
  decide: () => D;
  want: D;
  sentence: string;
}
const dv = buildModel(environment(true));
const nodv = buildModel(environment(false));
const teams = buildModel(environment(true, 'Teams'));

const ENV_CASES: Array<Case<EnvDecision>> = [
  {
    ask: 'disabled off@x authors a canvas app',
    decide: () => dv.env.canAuthor('off@x', 'canvas-app'),
    want: { allowed: false, via: [], rules: ['DV-015'], because: { kind: 'disabled', user: 'off@x' } },
    sentence: 'Denied: off@x is disabled, and a disabled user can do nothing.',
  },
  {
    ask: 'no Dataverse: maker@x authors Dataverse tables',
    decide: () => nodv.env.canAuthor('maker@x', 'dataverse-tables'),
    want: { allowed: false, via: [], rules: ['RES-007', 'ENV-002'], because: { kind: 'needs-dataverse', resource: 'dataverse-tables' } },
    sentence: 'Denied: Dataverse tables needs a Dataverse database, and this environment has none.',
  },
  {
    ask: 'Teams: sys@x authors a desktop flow',
    decide: () => teams.env.canAuthor('sys@x', 'desktop-flow'),
    want: { allowed: false, via: [], rules: ['RES-012'], because: { kind: 'teams-no-desktop-flows' } },
    sentence:
      'Denied: Dataverse for Teams environments get no desktop flows until they are upgraded to full Dataverse and desktop flow licences are bought.',
  },
  {
    ask: 'maker@x authors a canvas app',
    decide: () => dv.env.canAuthor('maker@x', 'canvas-app'),
    want: { allowed: true, via: [MAKER_VIA], rules: ['RES-001'], because: { kind: 'summary-allows', resource: 'canvas-app', roles: [EM] } },
    sentence: 'Allowed: Environment Maker may author Canvas app (summary table).',
  },
  {
    ask: 'admin@x authors a connector (two roles)',
    decide: () => nodv.env.canAuthor('admin@x', 'connector'),
    want: {
      allowed: true,
      via: [MAKER_VIA, 'Environment Admin (assigned)'],
      rules: ['RES-003'],
      because: { kind: 'summary-allows', resource: 'connector', roles: [EM, EA] },
    },
    sentence: 'Allowed: Environment Maker and Environment Admin may author Connector (summary table).',
  },
  {
    ask: 'maker@x authors non-solution-aware cloud flows',
    decide: () => dv.env.canAuthor('maker@x', 'cloud-flow', 'non-solution-aware'),
    want: {
      allowed: true,
      condition: 'non-solution-aware only',
      via: [MAKER_VIA],
      rules: ['RES-002'],
      because: { kind: 'summary-allows-kind', resource: 'cloud-flow', roles: [EM], flowKind: 'non-solution-aware' },
    },
    sentence: 'Allowed: Environment Maker may author non-solution-aware cloud flows (summary table).',
  },
  {
    ask: 'cust@x authors any cloud flow',
    decide: () => dv.env.canAuthor('cust@x', 'cloud-flow'),
    want: {
      allowed: true,
      via: [MAKER_VIA, SC],
      rules: ['RES-002'],
      because: {
        kind: 'summary-allows-together',
        resource: 'cloud-flow',
        grants: [
          { role: EM, only: 'non-solution-aware' },
          { role: SC, only: 'solution-aware' },
        ],
      },
    },
    sentence:
      'Allowed: Environment Maker authors non-solution-aware cloud flows and System Customizer authors solution-aware cloud flows, so together every cloud flow (summary table).',
  },
  {
    ask: 'System Customizer alone authors cloud flows',
    decide: () => dv.env.authorWith([SC], RESOURCES.find((r) => r.id === 'cloud-flow')!),
    want: {
      allowed: true,
      condition: 'solution-aware only',
      via: [SC],
      rules: ['RES-002'],
      because: { kind: 'summary-allows-partly', resource: 'cloud-flow', grants: [{ role: SC, only: 'solution-aware' }] },
    },
    sentence: 'Allowed with a condition: System Customizer authors solution-aware cloud flows (summary table).',
  },
  {
    ask: 'maker@x authors solution-aware cloud flows',
    decide: () => dv.env.canAuthor('maker@x', 'cloud-flow', 'solution-aware'),
    want: {
      allowed: false,
      via: [],
      rules: ['RES-002'],
      because: { kind: 'summary-denies', resource: 'cloud-flow', roles: [EM], flowKind: 'solution-aware' },
    },
    sentence: 'Denied: Environment Maker may not author Cloud flow (solution-aware) (summary table).',
  },
  {
    ask: 'admin@x authors Dataverse tables (two roles)',
    decide: () => dv.env.canAuthor('admin@x', 'dataverse-tables'),
    want: {
      allowed: false,
      via: [],
      rules: ['RES-007'],
      because: { kind: 'summary-denies', resource: 'dataverse-tables', roles: [EA, EM] },
    },
    sentence: 'Denied: Environment Admin, Environment Maker may not author Dataverse tables (summary table).',
  },
  // Before: "Denied: no role may not author Canvas app", a double negative that said the opposite.
  {
    ask: 'Basic User alone authors a canvas app',
    decide: () => dv.env.roleAuthors('Basic User', 'canvas-app'),
    want: { allowed: false, via: [], rules: ['RES-001'], because: { kind: 'summary-denies', resource: 'canvas-app', roles: [] } },
    sentence: 'Denied: no role of the summary table is held, and only those roles may author Canvas app (summary table).',
  },
  {
    ask: 'role AI Maker creates AI models',
    decide: () => dv.env.roleAuthors('AI Maker', 'ai-builder'),
    want: { allowed: true, via: ['AI Maker'], rules: ['AIB-006'], because: { kind: 'role-has-maker-ai-access', role: 'AI Maker' } },
    sentence:
      'Allowed: role AI Maker holds at least the AI Builder table access of Environment Maker, which lets custom roles create AI models.',
  },
  {
    ask: 'role Dev creates AI models',
    decide: () => dv.env.roleAuthors('Dev', 'ai-builder'),
    want: { allowed: false, via: [], rules: ['AIB-006'], because: { kind: 'role-lacks-maker-ai-access', role: 'Dev' } },
    sentence: 'Denied: role Dev lacks the AI Builder table access of Environment Maker.',
  },
  {
    ask: 'aiprof@x authors AI Builder',
    decide: () => dv.env.canAuthor('aiprof@x', 'ai-builder'),
    want: {
      allowed: true,
      via: ['AI Builder table access of Environment Maker'],
      rules: ['AIB-006'],
      because: { kind: 'user-has-maker-ai-access', user: 'aiprof@x' },
    },
    sentence:
      "Allowed: the user's roles give at least the access to the AI Builder tables that Environment Maker has, which lets custom roles create AI models.",
  },
  {
    ask: 'role Dev authors non-solution-aware cloud flows',
    decide: () => dv.env.roleAuthors('Dev', 'cloud-flow', 'non-solution-aware'),
    want: {
      allowed: false,
      via: [],
      rules: ['DV-013', 'RES-002'],
      because: { kind: 'custom-role-cannot-author', resource: 'cloud-flow', flowKind: 'non-solution-aware' },
    },
    sentence:
      'Denied: a custom role alone cannot author Cloud flow (non-solution-aware); the summary table gives it only to predefined roles.',
  },
  {
    ask: 'role Dev authors a connection',
    decide: () => dv.env.roleAuthors('Dev', 'connection'),
    want: { allowed: false, via: [], rules: ['DV-013', 'RES-004'], because: { kind: 'custom-role-cannot-author', resource: 'connection' } },
    sentence: 'Denied: a custom role alone cannot author Connection; the summary table gives it only to predefined roles.',
  },
  {
    ask: 'dev@x authors a desktop flow',
    decide: () => dv.env.canAuthor('dev@x', 'desktop-flow'),
    want: {
      allowed: true,
      via: ['Dev'],
      rules: ['DV-013'],
      because: { kind: 'role-holds-need', role: 'Dev', resource: 'desktop-flow', need: { table: 'workflow' } },
    },
    sentence: 'Allowed: role Dev holds Create on workflow, which authoring Desktop flow needs.',
  },
  {
    ask: 'role Dev authors Dataverse tables',
    decide: () => dv.env.roleAuthors('Dev', 'dataverse-tables'),
    want: {
      allowed: false,
      via: [],
      rules: ['DV-013'],
      because: { kind: 'role-lacks-need', role: 'Dev', resource: 'dataverse-tables', need: { misc: 'prvCreateEntity' } },
    },
    sentence: 'Denied: role Dev lacks prvCreateEntity, which authoring Dataverse tables needs.',
  },
  {
    ask: 'with Dataverse: provision a database',
    decide: () => dv.env.canAdminister('sys@x', 'provision a database'),
    want: { allowed: false, via: [], rules: ['ENV-006'], because: { kind: 'database-exists' } },
    sentence: 'Denied: this environment already has a Dataverse database.',
  },
  {
    ask: 'no Dataverse: admin@x provisions a database',
    decide: () => nodv.env.canAdminister('admin@x', 'provision a database'),
    want: { allowed: true, via: ['Environment Admin (assigned)'], rules: ['ENV-006'], because: { kind: 'admin-provisions' } },
    sentence: 'Allowed: Environment Admin may provision a Dataverse database.',
  },
  {
    ask: 'no Dataverse: maker@x provisions a database',
    decide: () => nodv.env.canAdminister('maker@x', 'provision a database'),
    want: { allowed: false, via: [], rules: ['ENV-006', 'ENV-009'], because: { kind: 'provision-needs-admin' } },
    sentence: 'Denied: only Environment Admin may provision a database.',
  },
  {
    ask: 'no Dataverse: admin@x views all data',
    decide: () => nodv.env.canAdminister('admin@x', 'view all data'),
    want: { allowed: false, via: [], rules: ['ENV-002'], because: { kind: 'action-needs-dataverse', action: 'view all data' } },
    sentence: 'Denied: "view all data" needs a Dataverse database.',
  },
  {
    ask: 'no Dataverse: admin@x sets DLP policies',
    decide: () => nodv.env.canAdminister('admin@x', 'set data loss prevention policies'),
    want: {
      allowed: true,
      via: ['Environment Admin (assigned)'],
      rules: ['ENV-004', 'ENV-008'],
      because: { kind: 'admin-without-dataverse', action: 'set data loss prevention policies' },
    },
    sentence:
      'Allowed: without Dataverse, Environment Admin performs every administrative action, including "set data loss prevention policies".',
  },
  {
    ask: 'no Dataverse: maker@x manages role members',
    decide: () => nodv.env.canAdminister('maker@x', 'manage environment role members'),
    want: {
      allowed: false,
      via: [],
      rules: ['ENV-005'],
      because: { kind: 'action-needs-admin', action: 'manage environment role members' },
    },
    sentence:
      'Denied: only Environment Admin may manage environment role members; Environment Maker creates resources but does not administer.',
  },
  {
    ask: 'teamsys@x manages security roles',
    decide: () => dv.env.canAdminister('teamsys@x', 'manage security roles'),
    want: {
      allowed: true,
      via: [`${SA} through team Admins`],
      rules: ['ENV-013', 'ROLE-003'],
      because: { kind: 'system-administrator', action: 'manage security roles' },
    },
    sentence: 'Allowed: with Dataverse, System Administrator holds full administration, including "manage security roles".',
  },
  {
    ask: 'cust@x views all data',
    decide: () => dv.env.canAdminister('cust@x', 'view all data'),
    want: {
      allowed: false,
      via: [],
      rules: ['ENV-013'],
      because: { kind: 'needs-system-administrator', action: 'view all data', environmentAdmin: false },
    },
    sentence: 'Denied: with a Dataverse database, full administration needs System Administrator.',
  },
  {
    ask: 'both@x (Environment Admin) views all data',
    decide: () => dv.env.canAdminister('both@x', 'view all data'),
    want: {
      allowed: false,
      via: [],
      rules: ['ENV-013'],
      because: { kind: 'needs-system-administrator', action: 'view all data', environmentAdmin: true },
    },
    sentence: 'Denied: with a Dataverse database, full administration needs System Administrator; Environment Admin is not enough.',
  },
  {
    ask: 'maker@x shares her app with a security group',
    decide: () => dv.env.canShareApp('maker@x', 'maker@x', 'security group'),
    want: { allowed: true, via: [MAKER_VIA], rules: ['ENV-010'], because: { kind: 'maker-shares-own-app', target: 'security group' } },
    sentence: 'Allowed: makers distribute the apps they build to a security group.',
  },
  // Before: "… to a organization."
  {
    ask: 'maker@x shares her app with the organization',
    decide: () => dv.env.canShareApp('maker@x', 'maker@x', 'organization'),
    want: { allowed: true, via: [MAKER_VIA], rules: ['ENV-010'], because: { kind: 'maker-shares-own-app', target: 'organization' } },
    sentence: 'Allowed: makers distribute the apps they build to the whole organization.',
  },
  {
    ask: 'teamsys@x shares an app of maker@x',
    decide: () => dv.env.canShareApp('teamsys@x', 'maker@x', 'user'),
    want: {
      allowed: true,
      via: [`${SA} through team Admins`],
      rules: ['ENV-013', 'ROLE-003'],
      because: { kind: 'manages-every-app', by: [`${SA} through team Admins`] },
    },
    sentence: 'Allowed: System Administrator through team Admins manages every resource of the environment, apps included.',
  },
  {
    ask: 'no Dataverse: admin@x shares an app of maker@x',
    decide: () => nodv.env.canShareApp('admin@x', 'maker@x', 'user'),
    want: {
      allowed: true,
      via: ['Environment Admin (assigned)'],
      rules: ['ENV-004', 'ENV-007'],
      because: { kind: 'manages-every-app', by: ['Environment Admin (assigned)'] },
    },
    sentence: 'Allowed: Environment Admin (assigned) manages every resource of the environment, apps included.',
  },
  {
    ask: 'maker@x shares an app of admin@x',
    decide: () => dv.env.canShareApp('maker@x', 'admin@x', 'user'),
    want: { allowed: false, via: [], rules: ['ENV-010'], because: { kind: 'not-app-maker', user: 'maker@x', owner: 'admin@x' } },
    sentence: 'Denied: maker@x did not build this app and does not administer the environment.',
  },
];

/**
 * sys@ System Administrator, cust@ System Customizer, teamcust@ System Customizer through the group team Admins,
 * maker@ Environment Maker only, viewer@ Basic User, prof@ AI Maker (the maker's AI table access, no project read),
 * profread@ AI Maker and Read on new_project, off@ a disabled System Administrator.
 */
function aiEnvironment(): EnvironmentSpec {
  const s = emptySpec('ai');
  for (const u of ['sys@x', 'cust@x', 'teamcust@x', 'maker@x', 'viewer@x', 'prof@x', 'profread@x', 'off@x'])
    s.users.push({ name: u, businessUnit: 'Root', ...(u === 'off@x' ? { enabled: false } : {}) });
  s.tables!.push({ name: 'new_project', ownership: 'user' }, { name: 'new_case', ownership: 'user' });
  const a = (principal: string, role: string, principalType = 'user') => s.assignments!.push({ principal, principalType, role });
  a('sys@x', SA);
  a('cust@x', SC);
  a('maker@x', EM);
  a('viewer@x', 'Basic User');
  a('off@x', SA);
  s.teams!.push({ name: 'Admins', businessUnit: 'Root', type: 'group' });
  s.teamMembers!.push({ team: 'Admins', user: 'teamcust@x' });
  a('Admins', SC, 'team');
  s.roles!.push({ name: 'AI Maker' }, { name: 'Project reader' });
  makerAiRows(s, 'AI Maker');
  s.rolePrivileges!.push({ role: 'Project reader', privilege: 'prvReadnew_project', depth: 'Basic' });
  a('prof@x', 'AI Maker');
  a('profread@x', 'AI Maker');
  a('profread@x', 'Project reader');
  return s;
}

/** Models in three states: Churn (prediction, unpublished), Tags (category classification, not run), Cards. */
function aiModel(): Model {
  const m = buildModel(aiEnvironment());
  m.ai.create('profread@x', 'Churn', 'prediction', ['new_project']);
  m.ai.create('profread@x', 'Tags', 'category classification', ['new_project']);
  m.ai.create('prof@x', 'Cards', 'entity extraction');
  return m;
}
const fresh = aiModel();
const later = aiModel();
later.ai.publish('cust@x', 'Churn');
later.ai.run('teamcust@x', 'Tags');
later.ai.publish('prof@x', 'Cards');
later.ai.share('prof@x', 'Cards', 'viewer@x');
later.ai.openResults('sys@x', 'Tags', 'viewer@x');
const noDataverse = (() => {
  const s = emptySpec('nodv', false);
  s.users.push({ name: 'a@x' });
  s.assignments!.push({ principal: 'a@x', principalType: 'user', role: EA });
  return buildModel(s);
})();

const AI_CASES: Array<Case<AiDecision>> = [
  {
    ask: 'disabled off@x creates a model',
    decide: () => fresh.ai.canCreate('off@x', 'prediction'),
    want: { allowed: false, via: [], rules: ['DV-015'], because: { kind: 'disabled', user: 'off@x' } },
    sentence: 'Denied: off@x is disabled, and a disabled user can do nothing.',
  },
  {
    ask: 'no Dataverse: a@x creates a model',
    decide: () => noDataverse.ai.canCreate('a@x', 'entity extraction'),
    want: { allowed: false, via: [], rules: ['AIB-001'], because: { kind: 'ai-needs-dataverse' } },
    sentence: 'Denied: AI Builder relies on Dataverse security, and this environment has no Dataverse database.',
  },
  {
    ask: 'maker@x creates a prediction model',
    decide: () => fresh.ai.canCreate('maker@x', 'prediction'),
    want: { allowed: false, via: [], rules: ['AIB-006', 'RES-011'], because: { kind: 'cannot-create-models', user: 'maker@x' } },
    sentence:
      'Denied: maker@x holds neither System Customizer nor System Administrator, nor the AI Builder table access that Environment Maker is documented to have.',
  },
  {
    ask: 'prof@x creates a prediction model on two tables',
    decide: () => fresh.ai.canCreate('prof@x', 'prediction', ['new_project', 'new_case']),
    want: {
      allowed: false,
      via: [],
      rules: ['AIB-007'],
      because: { kind: 'missing-source-read', modelType: 'prediction', tables: ['new_project', 'new_case'], user: 'prof@x' },
    },
    sentence: 'Denied: a prediction model needs Read access on its source tables new_project, new_case, which prof@x lacks.',
  },
  // Before: "Denied: a object detection model …"
  {
    ask: 'profread@x creates an object detection model on new_case',
    decide: () => fresh.ai.canCreate('profread@x', 'object detection', ['new_project', 'new_case']),
    want: {
      allowed: false,
      via: [],
      rules: ['AIB-007'],
      because: { kind: 'missing-source-read', modelType: 'object detection', tables: ['new_case'], user: 'profread@x' },
    },
    sentence: 'Denied: an object detection model needs Read access on its source table new_case, which profread@x lacks.',
  },
  {
    ask: 'teamcust@x creates a category classification model',
    decide: () => fresh.ai.canCreate('teamcust@x', 'category classification', ['new_project']),
    want: {
      allowed: true,
      via: [`${SC} through team Admins`],
      rules: ['RES-011', 'AIB-005'],
      because: {
        kind: 'may-create-models',
        customizer: `${SC} through team Admins`,
        modelType: 'category classification',
        user: 'teamcust@x',
        reads: ['new_project'],
      },
    },
    sentence:
      'Allowed: System Customizer through team Admins may create category classification models, and teamcust@x can read new_project.',
  },
  {
    ask: 'prof@x creates a document processing model (no source tables read)',
    decide: () => fresh.ai.canCreate('prof@x', 'document processing', ['new_project']),
    want: {
      allowed: true,
      via: ['AI Builder table access of Environment Maker'],
      rules: ['AIB-006'],
      because: { kind: 'may-create-models', modelType: 'document processing', user: 'prof@x', reads: [] },
    },
    sentence: 'Allowed: AI Builder table access of Environment Maker may create document processing models.',
  },
  {
    ask: 'cust@x publishes Churn first',
    decide: () => fresh.ai.canPublish('cust@x', 'Churn'),
    want: { allowed: true, via: [SC], rules: ['AIB-009'], because: { kind: 'first-publish-by-customizer', by: SC } },
    sentence:
      'Allowed: the first publish of a prediction model adds a column to its input table, and System Customizer may change the schema.',
  },
  {
    ask: 'profread@x publishes Churn first',
    decide: () => fresh.ai.canPublish('profread@x', 'Churn'),
    want: { allowed: false, via: [], rules: ['AIB-009', 'AIB-008'], because: { kind: 'first-publish-needs-customizer' } },
    sentence: 'Denied: the first publish of a prediction model adds a column to the input table, which needs at least System Customizer.',
  },
  {
    ask: 'prof@x publishes Cards',
    decide: () => fresh.ai.canPublish('prof@x', 'Cards'),
    want: { allowed: true, via: ['model owner'], rules: ['AIB-008'], because: { kind: 'owner-publishes', model: 'Cards', again: false } },
    sentence: 'Allowed: the owner may publish this model.',
  },
  {
    ask: 'profread@x publishes Churn again',
    decide: () => later.ai.canPublish('profread@x', 'Churn'),
    want: { allowed: true, via: ['model owner'], rules: ['AIB-008'], because: { kind: 'owner-publishes', model: 'Churn', again: true } },
    sentence: 'Allowed: the owner may publish this model again.',
  },
  {
    ask: 'sys@x publishes Cards again',
    decide: () => later.ai.canPublish('sys@x', 'Cards'),
    want: { allowed: true, via: [SA], rules: ['AIB-008'], because: { kind: 'customizer-publishes', model: 'Cards', by: SA, again: true } },
    sentence: 'Allowed: System Administrator may publish this model again.',
  },
  {
    ask: 'viewer@x publishes Cards',
    decide: () => fresh.ai.canPublish('viewer@x', 'Cards'),
    want: { allowed: false, via: [], rules: ['AIB-008'], because: { kind: 'publish-needs-owner', model: 'Cards' } },
    sentence: "Denied: only the model's owner or a customizer may publish Cards.",
  },
  {
    ask: 'teamcust@x runs Tags first',
    decide: () => fresh.ai.canRun('teamcust@x', 'Tags'),
    want: {
      allowed: true,
      via: [`${SC} through team Admins`],
      rules: ['AIB-010'],
      because: { kind: 'first-run-by-customizer', by: `${SC} through team Admins` },
    },
    sentence:
      'Allowed: the first run of a category classification model creates a table, and System Customizer through team Admins may do that.',
  },
  {
    ask: 'profread@x runs Tags first',
    decide: () => fresh.ai.canRun('profread@x', 'Tags'),
    want: { allowed: false, via: [], rules: ['AIB-010'], because: { kind: 'first-run-needs-customizer' } },
    sentence:
      'Denied: the first run of a category classification model creates a table, so only System Customizers or administrators may run it.',
  },
  {
    ask: 'cust@x uses Cards',
    decide: () => fresh.ai.canUse('cust@x', 'Cards'),
    want: { allowed: true, via: [SC], rules: ['AIB-005'], because: { kind: 'reads-every-model', user: 'cust@x' } },
    sentence: 'Allowed: cust@x reads every AI model of the environment.',
  },
  {
    ask: 'maker@x uses Cards',
    decide: () => fresh.ai.canUse('maker@x', 'Cards'),
    want: { allowed: false, via: [], rules: ['REV-004', 'AIB-001'], because: { kind: 'no-model-read', user: 'maker@x' } },
    sentence: 'Denied: maker@x holds no Dataverse role with Read on AI models.',
  },
  {
    ask: 'profread@x runs Churn',
    decide: () => fresh.ai.canRun('profread@x', 'Churn'),
    want: {
      allowed: true,
      via: ['model owner'],
      rules: ['REV-004'],
      because: { kind: 'owns-model', user: 'profread@x', model: 'Churn', action: 'run' },
    },
    sentence: 'Allowed: profread@x may run Churn, which they own.',
  },
  {
    ask: 'viewer@x uses Cards, shared',
    decide: () => later.ai.canUse('viewer@x', 'Cards'),
    want: {
      allowed: true,
      via: ['model shared by prof@x'],
      rules: ['REV-004'],
      because: { kind: 'model-shared', user: 'viewer@x', model: 'Cards', action: 'use' },
    },
    sentence: 'Allowed: viewer@x may use Cards, which they were given through a share.',
  },
  {
    ask: 'viewer@x uses Cards, not shared',
    decide: () => fresh.ai.canUse('viewer@x', 'Cards'),
    want: { allowed: false, via: [], rules: ['REV-004'], because: { kind: 'model-private', model: 'Cards', owner: 'prof@x' } },
    sentence: 'Denied: Cards is private to prof@x until it is shared.',
  },
  {
    ask: 'sys@x uses the results of Tags before its first run',
    decide: () => fresh.ai.canUseResults('sys@x', 'Tags'),
    want: { allowed: false, via: [], rules: ['AIB-010'], because: { kind: 'no-results-yet', model: 'Tags' } },
    sentence: 'Denied: Tags has not run yet, so it has no results table.',
  },
  {
    ask: 'sys@x uses the results of Tags',
    decide: () => later.ai.canUseResults('sys@x', 'Tags'),
    want: { allowed: true, via: [SA], rules: ['AIB-011'], because: { kind: 'customizer-reaches-results', by: SA } },
    sentence: 'Allowed: System Administrator reaches the results table created by the first run.',
  },
  {
    ask: 'viewer@x uses the results of Tags, opened to her',
    decide: () => later.ai.canUseResults('viewer@x', 'Tags'),
    want: {
      allowed: true,
      via: ['access granted by an administrator'],
      rules: ['AIB-011'],
      because: { kind: 'results-opened', model: 'Tags', user: 'viewer@x' },
    },
    sentence: 'Allowed: an administrator opened the results table of Tags to viewer@x.',
  },
  {
    ask: 'profread@x uses the results of Tags',
    decide: () => later.ai.canUseResults('profread@x', 'Tags'),
    want: { allowed: false, via: [], rules: ['AIB-011'], because: { kind: 'results-closed', model: 'Tags' } },
    sentence:
      "Denied: an administrator must change the access rights of the table created by Tags's first run before users can use its results.",
  },
  {
    ask: 'viewer@x shares Cards',
    decide: () => denial(() => aiModel().ai.share('viewer@x', 'Cards', 'maker@x')),
    want: { allowed: false, via: [], rules: ['REV-004'], because: { kind: 'share-needs-owner', user: 'viewer@x', model: 'Cards' } },
    sentence: 'viewer@x neither owns Cards nor administers AI Builder',
  },
  {
    ask: 'cust@x opens the results of Tags',
    decide: () => denial(() => aiModel().ai.openResults('cust@x', 'Tags', 'viewer@x')),
    want: {
      allowed: false,
      via: [],
      rules: ['ENV-013'],
      because: {
        kind: 'cannot-change-access',
        user: 'cust@x',
        because: { kind: 'needs-system-administrator', action: 'manage security roles', environmentAdmin: false },
      },
    },
    sentence: 'cust@x cannot change access rights: Denied: with a Dataverse database, full administration needs System Administrator.',
  },
];

/** The decision of a denied action (which must be denied). */
function denial(action: () => void): AiDecision {
  try {
    action();
  } catch (e) {
    if (e instanceof AiActionDenied) return e.decision;
    throw e;
  }
  throw new Error('the action was not denied');
}

function sortedKinds(list: Array<{ kind: string }>): string[] {
  return [...new Set(list.map((c) => c.kind))].sort();
}

describe('environment decisions: a structured cause, worded in src/explain/environment.ts', () => {
  it('the examples meet every kind of cause, and the wording has a sentence for each', () => {
    expect(sortedKinds(ENV_CASES.map((c) => c.want.because))).toEqual([...ENV_CAUSE_KINDS].sort());
  });
  for (const c of ENV_CASES) {
    it(c.ask, () => {
      const d = c.decide();
      expect(d).toEqual(c.want);
      expect(envSentence(d.because)).toBe(c.sentence);
      expect(explainEnv(d)).toEqual({ ...c.want, reason: c.sentence });
    });
  }
});

describe('AI Builder decisions: a structured cause, worded in src/explain/ai-builder.ts', () => {
  it('the examples meet every kind of cause, and the wording has a sentence for each', () => {
    expect(sortedKinds(AI_CASES.map((c) => c.want.because))).toEqual([...AI_CAUSE_KINDS].sort());
  });
  for (const c of AI_CASES) {
    it(c.ask, () => {
      const d = c.decide();
      expect(d).toEqual(c.want);
      expect(aiSentence(d.because)).toBe(c.sentence);
      expect(explainAi(d)).toEqual({ ...c.want, reason: c.sentence });
    });
  }
});

describe('denied AI Builder actions', () => {
  it('the model throws the decision; worded() says it in words, and lets other errors through unchanged', () => {
    const m = aiModel();
    const d = denial(() => m.ai.create('maker@x', 'New', 'prediction'));
    expect(d).toEqual({
      allowed: false,
      via: [],
      rules: ['AIB-006', 'RES-011'],
      because: { kind: 'cannot-create-models', user: 'maker@x' },
    });
    expect(() => worded(() => m.ai.create('maker@x', 'New', 'prediction'))).toThrow(new Error(aiSentence(d.because)));
    expect(() => worded(() => m.ai.publish('profread@x', 'Churn'))).toThrow(
      'Denied: the first publish of a prediction model adds a column to the input table, which needs at least System Customizer.',
    );
    expect(() => worded(() => m.ai.run('prof@x', 'Tags'))).toThrow(
      'Denied: the first run of a category classification model creates a table, so only System Customizers or administrators may run it.',
    );
    expect(() => worded(() => m.ai.create('ghost@x', 'New', 'prediction'))).toThrow(UnknownNameError);
    expect(worded(() => m.ai.create('sys@x', 'New', 'prediction')).name).toBe('New');
  });
});

describe('a cause holds no sentence: every string in it is a name', () => {
  /** Every string leaf of a cause other than its kind. */
  function names(c: unknown, out: string[] = []): string[] {
    if (typeof c === 'string') out.push(c);
    else if (Array.isArray(c)) for (const x of c) names(x, out);
    else if (c && typeof c === 'object') for (const [k, v] of Object.entries(c)) if (k !== 'kind') names(v, out);
    return out;
  }
  it('over every user, resource, flow kind, action and share target of three environments', () => {
    const kinds: Array<FlowKind | undefined> = [undefined, 'solution-aware', 'non-solution-aware'];
    const seen = new Set<string>();
    for (const m of [dv, nodv, teams]) {
      const users = m.compiled.users.map((u) => u.name);
      const known = new Set<string>([
        ...users,
        ...m.compiled.roles.map((r) => r.name),
        ...m.compiled.tables.map((t) => t.name),
        ...RESOURCES.map((r) => r.id),
        ...MATRIX_ROLES,
        ...kinds.filter((k): k is FlowKind => !!k),
        ...ADMIN_ACTIONS,
        ...SHARE_TARGETS,
        'prvCreateEntity',
      ]);
      const check = (d: EnvDecision) => {
        seen.add(d.because.kind);
        // `by` repeats the via labels of the roles that decide (names of roles as matrixRoles labels them).
        const vias = new Set(d.via);
        for (const n of names(d.because as EnvCause)) expect(known.has(n) || vias.has(n), `${d.because.kind}: ${n}`).toBe(true);
        expect(envSentence(d.because).startsWith(d.allowed ? 'Allowed' : 'Denied'), envSentence(d.because)).toBe(true);
      };
      for (const u of users) {
        for (const r of RESOURCES) for (const k of kinds) check(m.env.canAuthor(u, r.id, k));
        for (const a of ADMIN_ACTIONS) check(m.env.canAdminister(u, a));
        for (const o of users) for (const t of SHARE_TARGETS) check(m.env.canShareApp(u, o, t));
      }
      for (const role of m.compiled.roles) for (const r of RESOURCES) for (const k of kinds) check(m.env.roleAuthors(role.name, r.id, k));
    }
    // The sweep meets every kind of cause, so the check above covers them all.
    expect(ENV_CAUSE_KINDS.filter((k) => !seen.has(k))).toEqual([]);
  });
  it('AI Builder causes name users, models, tables, model types and customizer labels only', () => {
    const m = later;
    const users = m.compiled.users.map((u) => u.name);
    const known = new Set<string>([
      ...users,
      'Churn',
      'Tags',
      'Cards',
      'new_project',
      'new_case',
      'prediction',
      'category classification',
      'entity extraction',
      'document processing',
      'object detection',
      'run',
      'use',
      'prof@x',
      'profread@x',
    ]);
    for (const u of users) {
      const ds: AiDecision[] = [m.ai.canCreate(u, 'prediction', ['new_project']), m.ai.canCreate(u, 'entity extraction')];
      for (const model of ['Churn', 'Tags', 'Cards'])
        ds.push(m.ai.canPublish(u, model), m.ai.canRun(u, model), m.ai.canUse(u, model), m.ai.canUseResults(u, model));
      for (const d of ds) {
        for (const n of names(d.because as AiCause)) expect(known.has(n) || d.via.includes(n), `${d.because.kind}: ${n}`).toBe(true);
        expect(aiSentence(d.because).startsWith(d.allowed ? 'Allowed' : 'Denied')).toBe(true);
      }
    }
  });
});
