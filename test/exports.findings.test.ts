// Findings of the example export: at least one of every kind, each with its rule, severity and the row causing it.
import { describe, expect, it } from 'vitest';
import { findings } from '../src/exports/findings.ts';
import { loadExport } from '../src/exports/load.ts';
import { roleResourceCells } from '../src/exports/role-resources.ts';
import { accessDigest } from '../src/exports/access-digest.ts';
import { environmentData } from '../src/exports/environment-data.ts';

describe('findings of examples/contoso', async () => {
  const loaded = await loadExport('examples/contoso');
  const list = findings(loaded);
  const find = (rule: string, principal?: string) => list.find((f) => f.rule === rule && (!principal || f.principal === principal));

  it.each([
    ['ROLE-006', 'irvin.sayers@contoso.com', 'critical', 'role-assignments.csv:26', 'Service Deleter'],
    // The baseline says "can't be assigned" only of Service Deleter; the later revision of the others (REV-002).
    ['REV-002', 'nestor.wilke@contoso.com', 'high', 'role-assignments.csv:19', 'Service Reader'],
    ['REV-002', 'allan.deyoung@contoso.com', 'high', 'role-assignments.csv:27', 'Service Writer'],
    ['REV-002', 'patti.fernandez@contoso.com', 'high', 'role-assignments.csv:20', 'Support User'],
    ['ROLE-012', 'christie.cline@contoso.com', 'high', 'role-assignments.csv:24', 'Office Collaborator'],
    ['ROLE-013', 'enrico.cattaneo@contoso.com', 'low', 'role-assignments.csv:25', 'Global Reader'],
    ['DV-010', 'debra.berger@contoso.com', 'medium', 'role-assignments.csv:23', 'Salesperson'],
    ['DV-007', 'team Invoice Reviewers', 'high', 'role-assignments.csv:39', 'Basic User'],
    ['DV-009', 'team Delegates', 'critical', 'role-assignments.csv:40', 'Delegate'],
    ['ENV-013', 'alex.wilber@contoso.com', 'critical', 'role-assignments.csv:4', 'Environment Admin'],
  ])('%s: %s', (rule, principal, severity, location, role) => {
    const f = find(rule, principal);
    expect(f, `${rule} for ${principal}`).toBeDefined();
    expect(f).toMatchObject({ severity, location, role });
    expect(f!.message.length).toBeGreaterThan(20);
  });

  it('predefined roles that differ from their documented definition, pointing at the differing row', () => {
    expect(find('ROLE-001')).toMatchObject({ role: 'App Opener', location: 'role-privileges.csv:164' });
    expect(find('ROLE-001')!.message).toContain('prvReadnew_invoice: documented None, export Global');
    expect(find('ROLE-015')).toMatchObject({ role: 'Website Owner', location: 'role-privileges.csv:165' });
    expect(find('DV-014')).toMatchObject({ role: 'Delegate', location: 'role-privileges.csv:167' });
  });

  it('no finding for a predefined role whose rows match the documented definition (Basic User)', () => {
    expect(list.filter((f) => f.role === 'Basic User' && f.kind === 'predefined-role-changed')).toEqual([]);
  });

  it('no finding for Office Collaborator on the Office Collaborators owner team, nor for Delegate held directly', () => {
    expect(list.some((f) => f.principal === 'team Office Collaborators')).toBe(false);
    expect(find('DV-009')!.message).toContain('emily.braun@contoso.com');
    expect(find('DV-009')!.message).not.toContain('pradeep.gupta@contoso.com');
  });

  it('numbers findings in file and line order', () => {
    expect(list.map((f) => f.id)).toEqual(list.map((_, i) => `F${String(i + 1).padStart(3, '0')}`));
    expect(list).toHaveLength(14);
  });

  it("the effective access digest: the environment data reconciles with each user's roles, and a wrong count fails it", () => {
    const data = environmentData(loaded);
    const ok = accessDigest(loaded.model, data);
    expect(ok.problems).toEqual([]);
    expect(ok.evidence).toMatchObject({ type: 'access-digest', environment: 'Contoso Production', users: 29, recount: 'every user' });
    expect(ok.evidence.checks).toBeGreaterThan(1000);
    // What the report shows for joni: Delete and Read on new_invoice at Deep.
    const del = data.whoCan!.find((w) => w.table === 'new_invoice' && w.privilege === 'Delete')!;
    expect(del.holders.find((h) => h.user === 'joni.sherman@contoso.com')?.depth).toBe('Deep');
    // Each kind of disagreement is named: a count, a holder's depth, a role's holders, a user's roles.
    const bad = structuredClone(data);
    const inv = bad.tables.find((t) => t.table === 'new_invoice')!;
    inv.users.Read.Global += 1;
    inv.users.Read.None -= 1;
    bad
      .whoCan!.find((w) => w.table === 'new_invoice' && w.privilege === 'Delete')!
      .holders.find((h) => h.user === 'joni.sherman@contoso.com')!.depth = 'Global';
    bad.roles.find((r) => r.role === 'System Administrator')!.holders += 1;
    bad.users!.find((u) => u.user === 'joni.sherman@contoso.com')!.roles.pop();
    const sa = data.roles.find((r) => r.role === 'System Administrator')!.holders;
    expect(accessDigest(loaded.model, bad).problems.sort()).toEqual(
      [
        `role System Administrator: ${sa + 1} holders reported, ${sa} reached`,
        `table new_invoice, Delete: joni.sherman@contoso.com listed at Global, their roles give Deep`,
        `table new_invoice, Read at Global: ${inv.users.Read.Global} users reported, ${inv.users.Read.Global - 1} recounted`,
        `table new_invoice, Read at None: ${inv.users.Read.None} users reported, ${inv.users.Read.None + 1} recounted`,
        `table new_invoice, Read: ${data.population.enabledUsers - inv.users.Read.None - 1} enabled holders listed, ${data.population.enabledUsers - inv.users.Read.None} counted`,
        `user joni.sherman@contoso.com: ${data.users!.find((u) => u.user === 'joni.sherman@contoso.com')!.roles.length - 1} roles listed, ${data.users!.find((u) => u.user === 'joni.sherman@contoso.com')!.roles.length} reach them`,
      ].sort(),
    );
  });

  it('custom roles in the resource matrix', () => {
    const cells = roleResourceCells(loaded);
    const maker = cells.filter((c) => c.role === 'Maker Plus');
    expect(maker.find((c) => c.resource === 'ai-builder')?.actual.decision).toBe('allow');
    expect(maker.find((c) => c.resource === 'dataverse-tables')?.actual.decision).toBe('allow');
    expect(cells.find((c) => c.role === 'Salesperson' && c.resource === 'canvas-app')?.actual.decision).toBe('deny');
    // Expected (the export's rows read directly) and actual (the model) are independent readings: they agree here.
    expect(cells.filter((c) => c.expected.decision !== c.actual.decision || c.expected.condition !== c.actual.condition)).toEqual([]);
    expect(cells.some((c) => c.actual.decision === 'allow') && cells.some((c) => c.actual.decision === 'deny')).toBe(true);
  });
});
