// The report of a real audit of the bundled example (issue 13), in Chromium: the reverse look-up, the users view,
// decisions shown apart from their checks, accessibility, and print. The audit writes into a temporary folder
// (never into the project's reports/).
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROLECHECK } from './command.ts';
import { axe, seriousViolations } from './axe.ts';
import { openPage } from './open-page.ts';

let out = '';
let url = '';

test.beforeAll(() => {
  out = join(mkdtempSync(join(tmpdir(), 'rolecheck-e2e-audit-')), 'report');
  execFileSync(process.execPath, [...ROLECHECK, 'audit', 'examples/contoso', '--out', out, '--fail-on', 'none', '--quiet'], {
    stdio: 'inherit',
  });
  url = pathToFileURL(join(out, 'compliance.html')).href;
});
test.afterAll(() => {
  if (out) rmSync(join(out, '..'), { recursive: true, force: true });
});

const open = (page: Page): Promise<string[]> => openPage(page, url);

test('the reverse look-up finds every holder of Delete on new_invoice, with depth and path', async ({ page }) => {
  const problems = await open(page);
  await page.locator('#wc-table').selectOption('new_invoice');
  await page.locator('#wc-privilege').selectOption('Delete');
  const rows = await page
    .locator('#wc-result tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(' | ')));
  expect(rows.sort()).toEqual([
    'adele.vance@contoso.com | enabled | organization | System Administrator (direct)',
    'alex.wilber@contoso.com | enabled | organization | System Customizer (direct)',
    'joni.sherman@contoso.com | enabled | parent: child business units | Finance Controller (direct)',
    'lee.gu@contoso.com | enabled | user | AP Team Role (team AP Team, team privileges only)',
    'lidia.holloway@contoso.com | enabled | user | AP Team Role (team AP Team, team privileges only)',
    'megan.bowen@contoso.com | enabled | organization | System Administrator (direct)',
    'pradeep.gupta@contoso.com | enabled | organization | System Customizer (direct)',
  ]);
  await expect(page.locator('#wc-summary')).toHaveText('7 holders of Delete on new_invoice (7 enabled users reach it).');
  // The search box narrows the holders.
  await page.locator('#wc-search').fill('AP Team');
  await expect(page.locator('#wc-result tbody tr')).toHaveCount(2);
  expect(problems).toEqual([]);
});

test('the users view: Office Collaborator on its owner team, automatic roles labelled, disabled users flagged', async ({ page }) => {
  const problems = await open(page);
  const mary = page.locator('#users-table tbody tr[data-user="mary.jones@contoso.com"]');
  await expect(mary.locator('td.roles')).toContainText('Office Collaborator (team Office Collaborators)');
  await expect(mary).toContainText('Environment Maker (automatic, ENV-003)');
  // An assignment that grants nothing is said so, never shown as a role the user holds.
  const christie = page.locator('#users-table tbody tr[data-user="christie.cline@contoso.com"]');
  await expect(christie.locator('td.roles')).not.toContainText('Office Collaborator');
  await expect(christie.locator('td.ignored')).toContainText('Office Collaborator: grants nothing');
  const disabled = await page
    .locator('#users-table tbody tr[data-enabled="no"]')
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-user')));
  expect(disabled.sort()).toEqual(['ben.walters@contoso.com', 'debra.berger@contoso.com']);
  for (const u of disabled) await expect(page.locator(`#users-table tbody tr[data-user="${u}"]`)).toContainText('⚑ disabled');
  await expect(page.locator('#users-table tbody tr')).toHaveCount(29);
  expect(problems).toEqual([]);
});

test('a cell shows its decision first and its check apart: no "✔ deny" anywhere, and the legend says so', async ({ page }) => {
  const problems = await open(page);
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/✔\s*(allow|deny|conditional)/);
  const cell = page.locator('#matrix-table td[data-role="Environment Admin"][data-resource="dataverse-tables"]');
  await expect(cell).toHaveAttribute('data-decision', 'deny');
  await expect(cell.locator('.dec')).toHaveText('deny');
  await expect(cell.locator('.chk')).toHaveText('✓');
  await expect(page.locator('#matrix .legend')).toContainText('Decision: allow deny conditional');
  await expect(page.locator('#matrix .legend')).toContainText('Check (the small mark): ✓ verified');
  await expect(page.locator('#matrix-table td[data-role="Environment Maker"][data-resource="cloud-flow"] .dec')).toHaveText('conditional');
  expect(problems).toEqual([]);
});

test('no serious or critical accessibility violation', async ({ page }) => {
  const problems = await open(page);
  await page.locator('#wc-table').selectOption('new_invoice');
  // The parts only an audit of a real export fills; the baseline and the appendices (the same templates) are checked
  // on the fixture report (report.spec.ts), which keeps the browser tests within their time.
  const result = await axe(page).include('.verdict').include('#scope').include('#review').include('#environment').analyze();
  expect(seriousViolations(result)).toEqual([]);
  expect(problems).toEqual([]);
});

test('prints the summary and the findings first, then the matrices, in at most 15 A4 pages before the appendix', async ({
  page,
}, testInfo) => {
  await open(page);
  await page.emulateMedia({ media: 'print' });
  const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  const whole = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  // The order of the printed page: verdict, scope, findings, policies, effective access, the matrices, then the appendix.
  const order = await page.evaluate(() =>
    [
      '.verdict',
      '#scope',
      '#findings',
      '#policies',
      '#principals',
      '#role-privileges',
      '#matrix',
      '#privileges',
      '#appendix',
      '#rules',
      '#evidence-section',
    ].map((s) => document.querySelector(s)!.getBoundingClientRect().top),
  );
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  await page.evaluate(() => document.querySelectorAll('.appendix').forEach((e) => e.remove()));
  const before = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  testInfo.annotations.push({ type: 'pages', description: `${pages(before)} pages before the appendix, ${pages(whole)} in all` });
  expect(pages(before)).toBeGreaterThan(1);
  expect(pages(before)).toBeLessThanOrEqual(15);
  expect(pages(whole)).toBeGreaterThan(pages(before));
});
