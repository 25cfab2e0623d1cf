// The access review of an audited example, in Chromium (issue 14): a baseline approved from a copy of the example
// without megan.bowen's System Administrator, a waiver file, and two audits into one history folder. The section
// "Changes since the approved baseline" shows the escalation with its path, a waived finding stays in the findings,
// muted, with its waiver id, the trend has both runs; no serious accessibility violation. Everything is written into
// a temporary folder.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROLECHECK } from './command.ts';
import { axe, seriousViolations } from './axe.ts';
import { openPage } from './open-page.ts';

let dir = '';
let url = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecheck-e2e-review-'));
  const approved = join(dir, 'approved');
  cpSync('examples/contoso', approved, { recursive: true });
  const assignments = join(approved, 'role-assignments.csv');
  writeFileSync(assignments, readFileSync(assignments, 'utf8').replace('megan.bowen@contoso.com,user,System Administrator\n', ''));
  const rolecheck = (...args: string[]) => execFileSync(process.execPath, [...ROLECHECK, ...args], { stdio: 'inherit' });
  rolecheck('baseline', 'approve', approved, '--out', join(dir, 'baseline.json'), '--approver', 'Adele Vance', '--quiet');
  writeFileSync(
    join(dir, 'waivers.yaml'),
    `version: 1
waivers:
  - id: W-007
    waives: { item: F004 }
    justification: Debra's account is kept for the audit trail until March.
    author: joni.sherman@contoso.com
    approver: adele.vance@contoso.com
    ticket: RISK-17
    expires: 2099-03-31
`,
  );
  const audit = (out: string) =>
    rolecheck(
      'audit',
      'examples/contoso',
      '--out',
      join(dir, out),
      '--fail-on',
      'none',
      '--quiet',
      '--baseline',
      join(dir, 'baseline.json'),
      '--waivers',
      join(dir, 'waivers.yaml'),
      '--history',
      join(dir, 'history'),
    );
  audit('first');
  audit('report');
  url = pathToFileURL(join(dir, 'report', 'compliance.html')).href;
});
test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const open = (page: Page): Promise<string[]> => openPage(page, url, '#review');

test('the escalation since the baseline, first, with its path and its status', async ({ page }) => {
  const problems = await open(page);
  await expect(page.locator('#review-title')).toHaveText('Changes since the approved baseline');
  const first = page.locator('#review-escalations > li').first();
  await expect(first.locator('.change-text')).toHaveText(
    'megan.bowen@contoso.com now holds System Administrator, a privileged role (new direct assignment).',
  );
  await expect(first.locator('.wv')).toHaveText('open');
  await expect(first.locator('ul.path > li').first()).toHaveText('System Administrator: new direct assignment');
  await expect(first.locator('ul.path')).toContainText(
    'privileged: System Administrator: every privilege, security roles included (ROLE-003)',
  );
  // The section's counts are the review's; every escalation of this export is open (none is waived).
  const escalations = Number(await page.locator('#review-count-escalations').textContent());
  expect(escalations).toBeGreaterThan(1);
  await expect(page.locator('#review-count-open-escalations')).toHaveText(String(escalations));
  await expect(page.locator('#review-signoff')).toContainText('rolecheck signoff');
  await expect(page.locator('#review-signoff')).toContainText('rolecheck verify');
  expect(problems).toEqual([]);
});

test('a waived finding stays in the findings, muted, with its waiver id; the waivers table says what it matches', async ({ page }) => {
  const problems = await open(page);
  const row = page.locator('#findings-table tbody tr', { hasText: 'F004' });
  await expect(row).toHaveClass('waived');
  await expect(row.locator('.wv')).toHaveText('waived W-007 until 2099-03-31');
  // Muted, not hidden: its text is grey, and the other findings keep the ink colour.
  const colour = (sel: string) =>
    page
      .locator(sel)
      .first()
      .evaluate((td) => getComputedStyle(td).color);
  expect(await colour('#findings-table tbody tr.waived td:nth-child(6)')).not.toBe(
    await colour('#findings-table tbody tr:not(.waived) td:nth-child(6)'),
  );
  await expect(page.locator('#findings-table tbody tr')).toHaveCount(14);
  const waiver = page.locator('#waivers-table tr[data-waiver="W-007"]');
  await expect(waiver.locator('td').nth(1)).toHaveText('active');
  await expect(waiver.locator('td').nth(7)).toHaveText('1: F004');
  expect(problems).toEqual([]);
});

test('the trend lists both runs, this one last', async ({ page }) => {
  const problems = await open(page);
  const rows = page.locator('#trend-table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toHaveClass('current');
  await expect(rows.nth(1).locator('td').nth(2)).toHaveText('14');
  // The first run's manifest is known; this run's is the folder's own (written after the page).
  await expect(rows.nth(0).locator('td').nth(7)).toHaveText(/^[0-9a-f]{12}…$/);
  await expect(rows.nth(1).locator('td').nth(7)).toHaveText("this folder's");
  expect(problems).toEqual([]);
});

test('the review section and the marked findings: no serious or critical accessibility violation', async ({ page }) => {
  const problems = await open(page);
  const result = await axe(page).include('#review').include('#findings').include('#policies').analyze();
  expect(seriousViolations(result)).toEqual([]);
  expect(problems).toEqual([]);
});
