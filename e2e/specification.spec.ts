// The specification book (issue 6) in Chromium: search, every rule with source and result, no console errors,
// no network requests. The book is built from the project's features and catalogue, plus a small
// compliance.json so that results and links into the compliance report are exercised.
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axe, seriousViolations } from './axe.ts';
import { NODE_TSX } from './command.ts';

// A private temporary folder: test-results/ is emptied by any Playwright run that starts meanwhile.
let out = '';
let bookUrl = '';

test.beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'rolecheck-book-'));
  writeFileSync(
    join(out, 'compliance.json'),
    JSON.stringify({
      run: { timestampUtc: '2026-11-25T22:00:00.000Z', subject: { kind: 'baseline', name: 'documented baseline' } },
      rules: [
        { id: 'ENV-003', status: 'passed' },
        { id: 'RES-006', status: 'failed' },
      ],
      scenarios: [],
    }),
  );
  execFileSync(
    process.execPath,
    [
      ...NODE_TSX,
      '-e',
      `const { writeSpecificationBook } = await import(${JSON.stringify(pathToFileURL(resolve('src/report/specification.ts')).href)}); await writeSpecificationBook(${JSON.stringify(out)});`,
    ],
    { stdio: 'inherit' },
  );
  bookUrl = pathToFileURL(join(out, 'specification.html')).href;
});

test.afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

test('the specification book reads as a book: search, sources, results, offline', async ({ page }, testInfo) => {
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== bookUrl) requests.push(r.url());
  });

  await page.goto(bookUrl);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('specification');
  await expect(page.getByRole('navigation', { name: 'Table of contents' })).toBeVisible();

  // Every rule of the book shows its source (document, section, link) and a result.
  const rules = page.locator('[data-rule]');
  const n = await rules.count();
  expect(n).toBeGreaterThanOrEqual(50);
  const missing = await rules.evaluateAll((els) =>
    els
      .filter((el) => {
        const link = el.querySelector('.source a[href^="https://"]');
        const result = el.querySelector('[data-result]')?.getAttribute('data-result');
        return (
          !link || !el.querySelector('.source')?.textContent?.includes('section') || !['pass', 'fail', 'not-tested'].includes(result ?? '')
        );
      })
      .map((el) => el.id),
  );
  expect(missing).toEqual([]);

  // Latest results and the link into the compliance matrix.
  const env003 = page.locator('#rule-ENV-003').first();
  await expect(env003.locator('[data-result]')).toHaveAttribute('data-result', 'pass');
  await expect(env003.locator('a.matrix-link')).toHaveAttribute('href', 'compliance.html#rule-ENV-003');
  await expect(page.locator('#rule-RES-006').first().locator('[data-result]')).toHaveAttribute('data-result', 'fail');
  await expect(page.locator('#rule-ENV-004').first().locator('[data-result]')).toHaveAttribute('data-result', 'not-tested');

  // Search by a word of a rule's statement (RES-006: "Dataflows may be created by …").
  const search = page.getByLabel('Find a rule');
  await expect(search).toBeVisible();
  await search.fill('dataflows');
  await expect(page.locator('#rule-RES-006').first()).toBeVisible();
  await expect(page.locator('#rule-ENV-003').first()).toBeHidden();
  await expect(page.locator('#search-count')).toContainText('match');
  const visible = await page.locator('[data-rule]:visible').count();
  expect(visible).toBeGreaterThanOrEqual(1);
  expect(visible).toBeLessThan(n);
  await search.fill('');
  await expect(page.locator('#rule-ENV-003').first()).toBeVisible();

  // Glossary and conflicts are part of the book.
  await expect(page.locator('#conflicts .conflict')).not.toHaveCount(0);

  // A rule whose page changed since the baseline says so, with both sources (ROLE-013: Global Reader, DRIFT-001).
  const changed = page.locator('#rule-ROLE-013').first().locator('.drift-note');
  await expect(changed.getByRole('heading', { level: 4 })).toHaveText('The documentation has changed since the baseline');
  await expect(changed.locator('dd a[href^="https://learn.microsoft.com/"]')).toHaveCount(2);
  await expect(changed).toContainText('not verified');
  // Every drift entry and every limitation of the book names its sources.
  const drift = page.locator('#drift .drift-item');
  expect(await drift.count()).toBeGreaterThanOrEqual(10);
  expect(
    await drift.evaluateAll((els) => els.filter((el) => el.querySelectorAll('dd a[href^="https://"]').length !== 2).map((el) => el.id)),
  ).toEqual([]);
  const limits = page.locator('#limitations .limitation');
  expect(await limits.count()).toBeGreaterThanOrEqual(10);
  expect(await limits.evaluateAll((els) => els.filter((el) => !el.querySelector('li a[href^="https://"]')).map((el) => el.id))).toEqual([]);
  await expect(page.locator('#limitation-LIM-001')).toContainText('Column (field) security');
  await expect(page.locator('#glossary')).toBeVisible();

  // No code in the book.
  const body = await page.locator('main').innerText();
  expect(body).not.toMatch(/function\s*\(|=>|import |\.ts:\d/);

  await page.screenshot({ path: testInfo.outputPath('specification.png'), fullPage: false });
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.search')).toBeHidden();

  expect(errors).toEqual([]);
  expect(requests).toEqual([]);
});

test('the book has no serious accessibility violations (axe)', async ({ page }) => {
  await page.goto(bookUrl);
  // A representative sample (axe on the whole 60-rule book takes ~40 s): header, contents, one rule, a rule with a
  // documentation change, conflicts, one drift entry and one limitation.
  const results = await axe(page)
    .include('header')
    .include('nav')
    .include('#rule-ENV-004')
    .include('#rule-ROLE-013')
    .include('#conflicts')
    .include('#drift-DRIFT-003')
    .include('#limitation-LIM-007')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(seriousViolations(results)).toEqual([]);
});

test('the book is readable without JavaScript', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(bookUrl);
  await expect(page.locator('#rule-ENV-003').first()).toBeVisible();
  await expect(page.locator('#search-box')).toBeHidden();
  await expect(page.locator('#rule-ROLE-013').first().locator('.drift-note')).toBeVisible();
  await expect(page.locator('#limitations')).toBeVisible();
  await ctx.close();
});
