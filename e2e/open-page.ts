// Opens a report page for a browser test and collects every sign that it is not self-contained and quiet: a console
// error or warning, an uncaught error, a dialog (alert), or any request other than the file itself.
import { expect, type Page } from '@playwright/test';

/** Opens `url`, waits for `ready` to be visible, and returns the list the page's problems are collected in. */
export async function openPage(page: Page, url: string, ready = '#matrix-table'): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url().split('#')[0] !== url) problems.push(`request: ${r.url()}`);
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.goto(url);
  await expect(page.locator(ready)).toBeVisible();
  return problems;
}
