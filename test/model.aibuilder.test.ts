// The AI Builder layer: who creates, publishes, runs and uses models, and the first-publish / first-run rules.
import { describe, expect, it } from 'vitest';
import { buildModel, emptySpec, MAKER_AI_PROFILE, MODEL_TYPES, PRIVILEGES, type EnvironmentSpec } from '../src/model/index.ts';
import { worded } from '../src/explain/ai-builder.ts';

const AI_TABLES_CRW = ['msdyn_aimodel', 'msdyn_aiconfiguration', 'msdyn_aibdatasetscontainer', 'msdyn_aibdataset', 'msdyn_aibfile'];
const READS_SOURCE = new Set(['prediction', 'category classification', 'object detection']);

/**
 * sys@ System Administrator, cust@ System Customizer, maker@ Environment Maker only, basic@ Basic User,
 * prof@ a custom role "AI Maker" with the maker profile (Create/Read/Write Basic on the AI tables, Read Global on
 * AI templates) and nothing on new_project, profread@ the same plus Read Basic on new_project,
 * teamprof@ the profile through a team-only team role, viewer@ Basic User only (Read Basic on AI models).
 */
function env(profileDrop?: string): EnvironmentSpec {
  const s = emptySpec('ai');
  for (const u of ['sys@x', 'cust@x', 'maker@x', 'basic@x', 'prof@x', 'profread@x', 'teamprof@x', 'viewer@x'])
    s.users.push({ name: u, businessUnit: 'Root' });
  s.tables!.push({ name: 'new_project', ownership: 'user' });
  const a = (principal: string, role: string, principalType = 'user') => s.assignments!.push({ principal, principalType, role });
  a('sys@x', 'System Administrator');
  a('cust@x', 'System Customizer');
  a('maker@x', 'Environment Maker');
  a('basic@x', 'Basic User');
  a('viewer@x', 'Basic User');
  for (const [name, inheritance] of [
    ['AI Maker', 'direct-and-team'],
    ['AI Maker TO', 'team-only'],
  ] as const) {
    s.roles!.push({ name, inheritance });
    for (const t of AI_TABLES_CRW)
      for (const p of ['Create', 'Read', 'Write']) {
        if (`${p} ${t}` !== profileDrop) s.rolePrivileges!.push({ role: name, privilege: `prv${p}${t}`, depth: 'Basic' });
      }
    s.rolePrivileges!.push({ role: name, privilege: 'prvReadmsdyn_aitemplate', depth: 'Global' });
  }
  s.roles!.push({ name: 'Project reader' });
  s.rolePrivileges!.push({ role: 'Project reader', privilege: 'prvReadnew_project', depth: 'Basic' });
  a('prof@x', 'AI Maker');
  a('profread@x', 'AI Maker');
  a('profread@x', 'Project reader');
  s.teams!.push({ name: 'AI team', businessUnit: 'Root', type: 'owner' });
  s.teamMembers!.push({ team: 'AI team', user: 'teamprof@x' });
  a('AI team', 'AI Maker TO', 'team');
  return s;
}

describe('the maker AI table profile matches what the tests assume', () => {
  it('Create/Read/Write Basic on five AI tables and Read Global on AI templates', () => {
    const expected = AI_TABLES_CRW.flatMap((t) => ['Create', 'Read', 'Write'].map((p) => `${p} ${t} Basic`)).concat(
      'Read msdyn_aitemplate Global',
    );
    const actual = MAKER_AI_PROFILE.map(
      (g) => `${PRIVILEGES[g.privilege]} ${g.table} ${['None', 'Basic', 'Local', 'Deep', 'Global'][g.depth]}`,
    );
    expect(actual.sort()).toEqual(expected.sort());
  });
});

describe('creating models', () => {
  const m = buildModel(env());
  for (const type of MODEL_TYPES) {
    it(`${type}: SA/SC or the maker profile; source-table Read ${READS_SOURCE.has(type) ? 'required' : 'not needed'}`, () => {
      const can = (u: string, src: string[] = ['new_project']) => m.ai.canCreate(u, type, src).allowed;
      expect(can('sys@x')).toBe(true);
      expect(can('cust@x')).toBe(true);
      expect(can('profread@x')).toBe(true);
      // prof@x holds the profile but cannot read new_project.
      expect(can('prof@x')).toBe(!READS_SOURCE.has(type));
      expect(can('prof@x', [])).toBe(true);
      // Environment Maker alone: the summary table wins (CONF-001); Basic User lacks Read Global on AI templates.
      expect(can('maker@x')).toBe(false);
      expect(can('basic@x')).toBe(false);
      // The profile through a team-only team role does not act for the member.
      expect(can('teamprof@x', [])).toBe(false);
    });
  }
  it('denials name the rule', () => {
    expect(m.ai.canCreate('maker@x', 'prediction').rules).toEqual(expect.arrayContaining(['AIB-006', 'RES-011']));
    expect(m.ai.canCreate('prof@x', 'object detection', ['new_project']).rules).toEqual(['AIB-007']);
  });
  it('every part of the profile is needed', () => {
    for (const drop of ['Create msdyn_aimodel', 'Write msdyn_aibfile', 'Read msdyn_aiconfiguration']) {
      expect(buildModel(env(drop)).ai.canCreate('prof@x', 'entity extraction').allowed, drop).toBe(false);
    }
  });
  it('unknown users, types and tables fail closed; names are unique', () => {
    expect(() => m.ai.canCreate('ghost@x', 'prediction')).toThrow(expect.objectContaining({ kind: 'user' }));
    expect(() => m.ai.canCreate('sys@x', 'predicton')).toThrow(
      expect.objectContaining({ kind: 'AI model type', suggestions: ['prediction'] }),
    );
    expect(() => m.ai.canCreate('sys@x', 'prediction', ['new_projec'])).toThrow(expect.objectContaining({ kind: 'table' }));
    const mm = buildModel(env());
    mm.ai.create('sys@x', 'M', 'prediction');
    expect(() => mm.ai.create('cust@x', 'm', 'prediction')).toThrow(/already exists/);
    expect(() => worded(() => mm.ai.create('maker@x', 'N', 'prediction'))).toThrow(/Denied/);
    expect(() => mm.ai.canRun('sys@x', 'nope')).toThrow(expect.objectContaining({ kind: 'AI model' }));
  });
  it('no AI Builder without Dataverse', () => {
    const s = emptySpec('nodv', false);
    s.users.push({ name: 'a@x' });
    s.assignments!.push({ principal: 'a@x', principalType: 'user', role: 'Environment Admin' });
    const d = buildModel(s).ai.canCreate('a@x', 'entity extraction');
    expect(d).toMatchObject({ allowed: false, rules: ['AIB-001'] });
  });
});

describe('publishing', () => {
  it('the first publish of a prediction model needs System Customizer or more; later publishes the owner may do', () => {
    const m = buildModel(env());
    m.ai.create('profread@x', 'Churn', 'prediction', ['new_project']);
    const first = m.ai.canPublish('profread@x', 'Churn');
    expect(first).toMatchObject({ allowed: false });
    expect(first.rules).toContain('AIB-009');
    expect(m.ai.canPublish('cust@x', 'Churn').allowed).toBe(true);
    expect(m.ai.canPublish('sys@x', 'Churn').allowed).toBe(true);
    expect(() => m.ai.publish('profread@x', 'Churn')).toThrow();
    m.ai.publish('cust@x', 'Churn');
    expect(m.ai.canPublish('profread@x', 'Churn').allowed).toBe(true);
    expect(m.ai.canPublish('basic@x', 'Churn').allowed).toBe(false);
  });
  it('other types: owner or customizer from the first publish', () => {
    const m = buildModel(env());
    m.ai.create('prof@x', 'Invoices', 'document processing');
    expect(m.ai.canPublish('prof@x', 'Invoices').allowed).toBe(true);
    expect(m.ai.canPublish('cust@x', 'Invoices').allowed).toBe(true);
    expect(m.ai.canPublish('profread@x', 'Invoices').allowed).toBe(false);
  });
});

describe('running, sharing and using', () => {
  it('the first run of a category classification model is for SC/SA only; then owner and shares', () => {
    const m = buildModel(env());
    m.ai.create('profread@x', 'Tags', 'category classification', ['new_project']);
    expect(m.ai.canRun('profread@x', 'Tags')).toMatchObject({ allowed: false, rules: ['AIB-010'] });
    expect(m.ai.canRun('cust@x', 'Tags').allowed).toBe(true);
    m.ai.run('sys@x', 'Tags');
    expect(m.ai.canRun('profread@x', 'Tags').allowed).toBe(true);
    expect(m.ai.canRun('viewer@x', 'Tags').allowed).toBe(false);
    m.ai.share('profread@x', 'Tags', 'viewer@x');
    expect(m.ai.canRun('viewer@x', 'Tags').allowed).toBe(true);
  });
  it('a model is private to its owner until shared; SA/SC reach every model; a share needs a Dataverse role to use', () => {
    const m = buildModel(env());
    m.ai.create('prof@x', 'Cards', 'entity extraction');
    const use = (u: string) => m.ai.canUse(u, 'Cards').allowed;
    expect([use('prof@x'), use('sys@x'), use('cust@x'), use('viewer@x'), use('maker@x')]).toEqual([true, true, true, false, false]);
    expect(m.ai.canUse('viewer@x', 'Cards').rules).toContain('REV-004');
    m.ai.share('prof@x', 'Cards', 'viewer@x');
    m.ai.share('prof@x', 'Cards', 'maker@x');
    expect(use('viewer@x')).toBe(true);
    // maker@x holds no Dataverse role with Read on AI models (environment roles give no data, AIB-001).
    expect(m.ai.canUse('maker@x', 'Cards')).toMatchObject({ allowed: false, rules: ['REV-004', 'AIB-001'] });
    // Only the owner or a customizer shares.
    expect(() => worded(() => m.ai.share('viewer@x', 'Cards', 'basic@x'))).toThrow(/neither owns/);
    m.ai.share('cust@x', 'Cards', 'basic@x');
    expect(use('basic@x')).toBe(true);
  });
  it('category classification results need an administrator to open the new table', () => {
    const m = buildModel(env());
    m.ai.create('cust@x', 'Topics', 'category classification', ['new_project']);
    m.ai.share('cust@x', 'Topics', 'viewer@x');
    expect(m.ai.canUseResults('viewer@x', 'Topics')).toMatchObject({ allowed: false, rules: ['AIB-010'] });
    m.ai.run('cust@x', 'Topics');
    expect(m.ai.canUseResults('cust@x', 'Topics').allowed).toBe(true);
    expect(m.ai.canUseResults('viewer@x', 'Topics')).toMatchObject({ allowed: false, rules: ['AIB-011'] });
    // Opening needs administration of security (System Administrator), not System Customizer.
    expect(() => worded(() => m.ai.openResults('cust@x', 'Topics', 'viewer@x'))).toThrow(/cannot change access rights/);
    m.ai.openResults('sys@x', 'Topics', 'viewer@x');
    expect(m.ai.canUseResults('viewer@x', 'Topics').allowed).toBe(true);
    expect(m.ai.canUseResults('basic@x', 'Topics').allowed).toBe(false);
  });
  it('results of other model types follow use', () => {
    const m = buildModel(env());
    m.ai.create('prof@x', 'Boxes', 'object detection');
    expect(m.ai.canUseResults('prof@x', 'Boxes').allowed).toBe(true);
    expect(m.ai.canUseResults('viewer@x', 'Boxes').allowed).toBe(false);
  });
});
