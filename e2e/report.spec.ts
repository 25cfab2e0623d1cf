// The compliance report (issue 3) in Chromium. The report is generated first from real cucumber runs of the
// report's own fixture specification (test/fixtures/report/: the whole summary table, plus an audited environment
// whose custom role and users are named like HTML and spreadsheet formulas), merged from two shards, exactly as
// `rolecheck report --from a.ndjson b.ndjson` does.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axe, seriousViolations } from './axe.ts';
import { NODE_TSX } from './command.ts';
import { openPage } from './open-page.ts';

// Outside test-results/ (Playwright owns that folder); one folder per worker process.
const out = join(tmpdir(), `rolecheck-e2e-report-${process.pid}`);
let reportUrl = '';

test.beforeAll(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // The audit's environment data and findings as `rolecheck audit` saves them, for `report --from --environment`.
  const script = `
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { recordRun } = await import(${JSON.stringify(pathToFileURL(resolve('test/fixtures/report/record.ts')).href)});
    const { fixtureEnvironment, fixtureFindings } = await import(${JSON.stringify(pathToFileURL(resolve('test/fixtures/report/environment.ts')).href)});
    const { rebuild } = await import(${JSON.stringify(pathToFileURL(resolve('src/report/rebuild.ts')).href)});
    const dir = ${JSON.stringify(out)};
    mkdirSync(dir + '/audit', { recursive: true });
    writeFileSync(dir + '/audit/environment.json', JSON.stringify(fixtureEnvironment()));
    writeFileSync(dir + '/audit/findings.json', JSON.stringify({ findings: fixtureFindings }));
    const a = recordRun(['--shard', '1/2'], undefined, dir);
    const b = recordRun(['--shard', '2/2'], undefined, dir);
    await rebuild([a, b], ${JSON.stringify(join(out, 'reports'))}, process.cwd(), { environment: dir + '/audit' });`;
  execFileSync(process.execPath, [...NODE_TSX, '--input-type=module', '-e', script], { stdio: 'inherit' });
  reportUrl = pathToFileURL(join(out, 'reports', 'compliance.html')).href;
});

/** Opens the report, failing on any console error, page error, dialog (alert) or request other than the file. */
async function open(page: Page): Promise<{ problems: string[] }> {
  return { problems: await openPage(page, reportUrl) };
}

// The summary table of the environment roles page (the Learn training unit "Understand environment roles", its summary table).
const SUMMARY: Array<[string, string, string, string, string]> = [
  // resource,           Environment Maker,                 Environment Admin, System Customizer,            System Administrator
  ['Canvas app', 'allow', 'allow', 'allow', 'allow'],
  ['Cloud flow', 'allow (non-solution-aware only)', 'allow', 'allow (solution-aware only)', 'allow'],
  ['Connector', 'allow', 'allow', 'deny', 'allow'],
  ['Connection', 'allow', 'allow', 'deny', 'allow'],
  ['Data gateway', 'allow', 'allow', 'deny', 'allow'],
  ['Dataflow', 'allow', 'allow', 'deny', 'allow'],
  ['Dataverse tables', 'deny', 'deny', 'allow', 'allow'],
  ['Model-driven app', 'allow', 'deny', 'allow', 'allow'],
  ['Solution framework', 'allow', 'deny', 'allow', 'allow'],
  ['Desktop flow', 'deny', 'deny', 'allow', 'allow'],
  ['AI Builder', 'deny', 'deny', 'allow', 'allow'],
];
const ROLES = ['Environment Maker', 'Environment Admin', 'System Customizer', 'System Administrator'];
/** How a cell words a decision of the summary table: an allowance for one kind of flow is "conditional". */
const shown = (want: string) => want.replace(/^allow \((.+)\)$/, 'conditional $1');
const HOSTILE_ROLE = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://x")';

test('opens offline with no error and no request, and the matrix shows every documented cell', async ({ page }, testInfo) => {
  const { problems } = await open(page);
  const headers = await page.locator('#matrix-table thead th[data-resource] .rname').allTextContents();
  expect(headers).toEqual(SUMMARY.map((r) => r[0]));
  let checked = 0;
  for (const [resourceName, ...cells] of SUMMARY) {
    const col = headers.indexOf(resourceName) + 2; // +1 for the role header, 1-based
    for (const [i, want] of cells.entries()) {
      const td = page.locator(`#matrix-table tbody tr[data-role="${ROLES[i]}"] > :nth-child(${col})`);
      const conflict = ROLES[i] === 'Environment Maker' && resourceName === 'AI Builder';
      await expect(td, `${ROLES[i]} × ${resourceName}`).toHaveAttribute('data-status', conflict ? 'conflict' : 'pass');
      // Issue 13: the decision first (allow / deny / conditional), the check as a separate, quieter mark after it.
      const text = (await td.evaluate((el) => [...el.querySelectorAll('.dec, .cond, .chk')].map((x) => x.textContent).join(' ')))
        .replace(/\s+/g, ' ')
        .trim();
      expect(text, `${ROLES[i]} × ${resourceName}`).toBe(`${shown(want)} ${conflict ? '≠' : '✓'}`);
      checked++;
    }
  }
  expect(checked).toBe(44);
  await expect(page.locator('.verdict-word')).toHaveText('FAIL');
  await page.screenshot({ path: testInfo.outputPath('compliance.png'), fullPage: true });
  await testInfo.attach('compliance.png', { path: testInfo.outputPath('compliance.png'), contentType: 'image/png' });
  expect(problems).toEqual([]);
});

test('filters by role, resource, status and text', async ({ page }) => {
  const { problems } = await open(page);
  const visibleRows = () => page.locator('#matrix-table tbody tr:not(.hide)');
  // The documented matrix holds the predefined roles; the environment's custom roles are in a table of their own.
  await expect(visibleRows()).toHaveCount(4);
  await expect(page.locator('#custom-matrix-table tbody tr')).toHaveCount(2);

  await page.locator('#f-role').selectOption('System Customizer');
  await expect(visibleRows()).toHaveCount(1);
  await expect(visibleRows().locator('th')).toHaveText('System Customizer');
  await expect(page.locator('#f-count')).toHaveText('11 of 44 cells');

  await page.locator('#f-resource').selectOption('connector');
  await expect(page.locator('#matrix-table thead th[data-resource]:not(.hide)')).toHaveCount(1);
  await expect(page.locator('#matrix-table tbody tr:not(.hide) td.cell:not(.hide)')).toHaveCount(1);
  await expect(page.locator('#f-count')).toHaveText('1 of 4 cells');

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('#f-count')).toHaveText('44 of 44 cells');
  await expect(page.locator('#matrix-table thead th[data-resource]:not(.hide)')).toHaveCount(11);
  await page.locator('#f-status').selectOption('fail');
  await expect(page.locator('#matrix-table td.cell[data-match="1"]')).toHaveCount(0);
  // The failed custom-role cell is in the environment's table, marked as a failed check.
  await expect(page.locator('#custom-matrix-table td.cell[data-status="fail"]')).toHaveCount(1);
  await expect(page.locator('#custom-matrix-table td.cell[data-status="fail"]')).toHaveAttribute('data-role', FORMULA);

  await page.locator('#f-status').selectOption('conflict');
  await expect(page.locator('td.cell[data-match="1"]')).toHaveCount(1);
  await expect(page.locator('td.cell[data-match="1"]')).toHaveAttribute('data-resource', 'ai-builder');

  await page.getByRole('button', { name: 'Reset' }).click();
  await page.locator('#f-search').fill('RES-007');
  await expect(page.locator('td.cell[data-match="1"]')).toHaveCount(4);
  await expect(page.locator('#rules-table tbody tr:not(.hide)')).toHaveCount(1);
  expect(problems).toEqual([]);
});

test('a click on a cell opens its evidence: explanation, rules, sources, scenario', async ({ page }) => {
  const { problems } = await open(page);
  await page.locator('td[data-role="Environment Maker"][data-resource="ai-builder"] a').click();
  const panel = page.getByRole('dialog', { name: 'Evidence' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('Environment Maker × AI Builder');
  await expect(panel).toContainText('documentation conflict');
  await expect(panel).toContainText('Denied: Environment Maker may not author AI Builder');
  await expect(panel).toContainText('RES-011');
  await expect(panel).toContainText('AIB-003');
  await expect(panel).toContainText('Summary of resources available for predefined security roles, line 55');
  await expect(panel).toContainText('CONF-001');
  await expect(panel.getByRole('link', { name: 'source' }).first()).toHaveAttribute('href', /^https:\/\/learn\.microsoft\.com\//);
  await expect(panel).toContainText(/test\/fixtures\/report\/features\/matrix\.feature:\d+/);
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  expect(problems).toEqual([]);
});

test('hostile names are shown literally and run nothing; the CSV neutralises formulas', async ({ page }) => {
  const { problems } = await open(page);
  await expect(page.locator('#custom-matrix-table tbody th', { hasText: HOSTILE_ROLE })).toHaveCount(1);
  await expect(page.locator('#custom-matrix-table tbody th', { hasText: FORMULA })).toHaveCount(1);
  await expect(page.locator('#users-table')).toContainText(HOSTILE_ROLE);
  await expect(page.locator('#users-table')).toContainText('Finance <i>');
  await expect(page.locator('#findings-table')).toContainText(HOSTILE_ROLE);
  await expect(page.locator('#findings-table')).toContainText(FORMULA);
  await expect(page.locator('header .subject')).toHaveText('Compliance of Contoso <b>Prod</b>');
  expect(await page.locator('img, b, iframe, object, embed').count()).toBe(0);
  expect(await page.locator('script').count()).toBe(2);
  expect(await page.locator('script:not([type="application/json"])').count()).toBe(1);
  await page.locator(`td[data-role="${HOSTILE_ROLE}"][data-resource="dataverse-tables"] a`).click();
  await expect(page.getByRole('dialog', { name: 'Evidence' })).toContainText('<script>alert(2)</script> holds no prvCreateEntity');
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  expect(problems).toEqual([]);

  const csv = readFileSync(join(out, 'reports', 'compliance.csv'), 'utf8');
  expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
});

test('no serious or critical accessibility violation', async ({ page }) => {
  const { problems } = await open(page);
  const check = async (label: string, within?: string) => {
    const result = await (within ? axe(page).include(within) : axe(page)).analyze();
    expect(seriousViolations(result, label)).toEqual([]);
  };
  await check('page');
  await page.locator('td[data-role="System Customizer"][data-resource="cloud-flow"] a').click();
  // The panel is a copy of an evidence article the first check has seen: only the panel itself is checked again.
  await check('evidence panel open', '#panel');
  expect(problems).toEqual([]);
});

test('reads without JavaScript: a real table, and every cell links to its evidence', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(reportUrl);
  await expect(page.locator('#filters')).toBeHidden();
  await expect(page.locator('#matrix-table tbody tr')).toHaveCount(4);
  const link = page.locator('td[data-role="Environment Admin"][data-resource="model-driven-app"] a');
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^#cell-/);
  await link.click();
  const article = page.locator(href!);
  await expect(article).toBeVisible();
  await expect(article).toContainText('Environment Admin × Model-driven app');
  await expect(article).toContainText('RES-008');
  await context.close();
});

test('prints on landscape A4 without the interactive parts', async ({ page }, testInfo) => {
  await open(page);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#filters')).toBeHidden();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  writeFileSync(testInfo.outputPath('compliance.pdf'), pdf);
  // landscape A4: 297 x 210 mm = 842 x 595 points
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
  expect(box).not.toBeNull();
  expect(Math.round(Number(box![1]))).toBe(842);
  expect(Math.round(Number(box![2]))).toBe(595);
});
