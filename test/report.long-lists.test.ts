// The report page's long lists (issue 13/16): a list of more than OPEN_LIST_ROWS rows is in the page whole but closed,
// a shorter one is open; either way every row the page holds is in the HTML, in document order, so the page reads
// without JavaScript.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/build.ts';
import { renderHtml, HTML_LIMITS } from '../src/report/html.ts';
import { OPEN_LIST_ROWS } from '../src/report/access.ts';
import { fixtureEnvironment, largeEnvironment } from './fixtures/report/environment.ts';
import type { EnvironmentData } from '../src/evidence/environment.ts';

const page = (environment: EnvironmentData) => renderHtml(buildReport([], { audit: { environment, findings: [] } }));
/** The opening tag of each long list's <details>. */
const detailsTags = (html: string) =>
  [...html.matchAll(/<details class="long" id="([a-z-]+)"( open)?>/g)].map((m) => `${m[1]}${m[2] ?? ''}`);
const attrs = (html: string, table: string, attr: string) => {
  const body = html.slice(html.indexOf(`id="${table}"`), html.indexOf('</table>', html.indexOf(`id="${table}"`)));
  return [...body.matchAll(new RegExp(`<tr ${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);
};

describe('long lists of the environment', () => {
  it('are closed above OPEN_LIST_ROWS rows, whole and in order', () => {
    const env = largeEnvironment({ users: 5000, roles: 400, tables: 150 });
    const html = page(env);
    expect(OPEN_LIST_ROWS).toBeLessThan(2000);
    expect(detailsTags(html)).toEqual(['users-details', 'rp-details']);
    expect(attrs(html, 'users-table', 'data-user')).toEqual(env.users!.map((u) => u.user));
    expect(attrs(html, 'role-privileges-table', 'data-role')).toEqual(env.roleGrants!.slice(0, HTML_LIMITS.roleGrants).map((g) => g.role));
    expect(html).toContain(
      '<summary>5000 users <span class="muted">(a long list, closed; every row is also in <code>access/users.csv</code>)</span></summary>',
    );
  });

  it('are open when short (the example-sized fixture)', () => {
    const env = fixtureEnvironment();
    const html = page(env);
    expect(detailsTags(html)).toEqual(['users-details open', 'rp-details open']);
    expect(attrs(html, 'users-table', 'data-user')).toHaveLength(env.users!.length);
    expect(html).toContain('<summary>3 users</summary>');
  });

  it('a list of exactly OPEN_LIST_ROWS rows is still open; one more closes it', () => {
    const at = largeEnvironment({ users: OPEN_LIST_ROWS, roles: 10, tables: 3 });
    const over = largeEnvironment({ users: OPEN_LIST_ROWS + 1, roles: 10, tables: 3 });
    expect(detailsTags(page(at))).toEqual(['users-details open', 'rp-details open']);
    expect(detailsTags(page(over))).toEqual(['users-details', 'rp-details open']);
  });
});
