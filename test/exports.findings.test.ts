// Findings of the example export: at least one of every kind, each with its rule, severity and the row causing it.
import { describe, expect, it } from 'vitest';
import { findings } from '../src/exports/findings.ts';
import { loadExport } from '../src/exports/load.ts';
import { customRoleCells, principalEvidence } from '../src/exports/principals.ts';

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

  it('principals view: each user\'s effective access per resource and table privilege', () => {
    const p = principalEvidence(loaded.model);
    expect(p).toHaveLength(loaded.model.compiled.users.length);
    const joni = p.find((x) => x.user === 'joni.sherman@contoso.com')!;
    expect(joni.businessUnit).toBe('Finance');
    expect(joni.tables!.new_invoice).toMatchObject({ Delete: 'Deep', Read: 'Deep' });
    expect(joni.privileges.Delete!.Deep).toBeGreaterThanOrEqual(1);
    expect(joni.resources['canvas-app']).toBe('allow');
    const irvin = p.find((x) => x.user === 'irvin.sayers@contoso.com')!;
    expect(irvin.tables).toEqual({});
    expect(Object.values(irvin.privileges).every((byDepth) => Object.keys(byDepth).length === 0)).toBe(true);
  });

  it('custom roles in the resource matrix', () => {
    const cells = customRoleCells(loaded);
    const maker = cells.filter((c) => c.role === 'Maker Plus');
    expect(maker.find((c) => c.resource === 'ai-builder')?.actual.decision).toBe('allow');
    expect(maker.find((c) => c.resource === 'dataverse-tables')?.actual.decision).toBe('allow');
    expect(cells.find((c) => c.role === 'Salesperson' && c.resource === 'canvas-app')?.actual.decision).toBe('deny');
    expect(cells.every((c) => c.custom === true)).toBe(true);
    // Expected (the export's rows read directly) and actual (the model) are independent readings: they agree here.
    expect(cells.filter((c) => c.expected.decision !== c.actual.decision || c.expected.condition !== c.actual.condition)).toEqual([]);
    expect(cells.some((c) => c.actual.decision === 'allow') && cells.some((c) => c.actual.decision === 'deny')).toBe(true);
  });
});
