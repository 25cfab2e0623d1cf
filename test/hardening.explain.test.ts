// "Every problem at once" for explain: a misspelled user gets a suggestion (it got none), every unknown name of the
// question is reported in one run, and each with suggestions of its own kind (users for --user, tables for --table).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROLECHECK } from './helpers/rolecheck.ts';

const explain = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ROLECHECK, 'explain', 'examples/contoso', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('explain with misspelled names', () => {
  it('names every unknown name of the question at once, each with suggestions of its kind', () => {
    const r = explain('--user', 'leegu', '--privilege', 'Raed', '--table', 'new_invoic', '--record', 'INV-102');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      '--user: unknown user "leegu"; did you mean "lee.gu@contoso.com"?',
      '--privilege: unknown privilege "Raed"; did you mean "Read"?',
      '--table: unknown table "new_invoic"; did you mean "new_invoice"?',
      '--record: unknown record "INV-102"; did you mean "INV-1002"?',
    ]);
  });

  it('suggests only the nearest user for a typo in the domain, never a name of another kind', () => {
    const r = explain('--user', 'lee.gu@contoso.co', '--privilege', 'Read', '--table', 'new_invoice', '--record', 'INV-1002');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('--user: unknown user "lee.gu@contoso.co"; did you mean "lee.gu@contoso.com"?');
    const t = explain('--user', 'lee.gu@contoso.com', '--privilege', 'Read', '--table', 'lee.gu@contoso.co', '--record', 'INV-1002');
    expect(t.stderr.trim()).toBe('--table: unknown table "lee.gu@contoso.co"');
  });
});
