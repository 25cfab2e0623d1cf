// Bounded outputs (issue 16): on a generated 20,000-user export (bench/gen-large.ts, seeded), one complete
// `rolecheck audit` writes messages.ndjson, cucumber.html and compliance.json under 20 MB each and compliance.html
// under 10 MB: the per-user detail goes to the data files beside them. Sizes, not times (performance is measured by
// `npm run bench`). The export is generated once and audited once for every assertion.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLarge, largeDefaults } from '../bench/gen-large.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const MB = 2 ** 20;
const tmp = mkdtempSync(join(tmpdir(), 'rolecheck-bounded-'));
const out = join(tmp, 'report');
let audit: { status: number | null; stderr: string };
let users = 0;

beforeAll(async () => {
  const o = { ...largeDefaults(20_000), queries: 0 };
  users = o.users;
  await generateLarge(join(tmp, 'export'), o);
  const r = spawnSync(process.execPath, [ROLECHECK, 'audit', join(tmp, 'export'), '--out', out, '--fail-on', 'none', '--quiet'], {
    encoding: 'utf8',
    timeout: 170_000,
  });
  audit = { status: r.status, stderr: r.stderr };
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a 20,000-user audit', () => {
  it('completes: every scenario ran (no timeout, nothing skipped)', () => {
    expect(audit.status, audit.stderr.slice(-2000)).toBe(0);
    expect(users).toBe(20_000);
  });

  it.each([
    ['messages.ndjson', 20],
    ['cucumber.html', 20],
    ['compliance.json', 20],
    ['compliance.html', 10],
  ])('%s stays under %i MB', (file, limit) => {
    const size = statSync(join(out, file)).size;
    expect(size / MB, `${file}: ${(size / MB).toFixed(1)} MB`).toBeLessThan(limit);
    expect(size).toBeGreaterThan(0);
  });

  it('the per-user detail is in data files beside the report', () => {
    const data = readdirSync(join(out, 'access')).sort();
    expect(data).toContain('users.csv');
    // One row per role that reaches a user: at least one per user (each holds Basic User).
    expect(statSync(join(out, 'access', 'users.csv')).size).toBeGreaterThan(users * 40);
  });
});
