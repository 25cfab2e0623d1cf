// Red team, terminal injection: escape sequences in names from the input (window title, OSC 52 clipboard, clear
// screen, bidi overrides) are printed escaped by every command: input errors, warnings, check's stderr, explain's
// output, the audit summary and its JSON.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forTerminal, jsonForTerminal } from '../src/cli/terminal.ts';
import { exportWith } from './fixtures/hardening/exports.ts';
import { ROLECHECK } from './helpers/rolecheck.ts';

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [ROLECHECK, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** Any character that can drive a terminal: C0 controls but the line break, DEL, C1 controls, bidi and invisible characters. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;
const OSC52 = '\u001b]52;c;SGVsbG8=\u0007';
const TITLE = '\u001b]0;pwned\u0007';

describe('forTerminal and jsonForTerminal', () => {
  it('show every controlling or invisible character as an escape, and keep line breaks', () => {
    expect(forTerminal(`a${OSC52}b\n${TITLE}\u009b2J\u202ec\u200bd\re`)).toBe(
      'a\\x1b]52;c;SGVsbG8=\\x07b\n\\x1b]0;pwned\\x07\\x9b2J\\u{202E}c\\u{200B}d\\re',
    );
  });
  it('JSON keeps its meaning: the same data, with \\u escapes for what JSON.stringify leaves raw', () => {
    const data = { name: `x\u009b\u202e\u200b\u007f${OSC52}y` };
    const text = jsonForTerminal(JSON.stringify(data));
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(data);
  });
});

describe('every command prints names from the input escaped', () => {
  it('input errors and warnings (an export with hostile names and columns)', () => {
    const dir = exportWith({
      'users.csv': `user,business_unit,enabled,note${TITLE}\nana@fabrikam.com,Sales,true,\nben@fabrikam.com,Service,true,\nevil${OSC52}@fabrikam.com,Sales,true,\n`,
    });
    const r = run('audit', dir, '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('warning: users.csv:1:4: unknown column "note\\x1b]0;pwned\\x07" is ignored');
    expect(r.stderr).toContain(
      'error: users.csv:4:1: a control character (U+001B) in a name [column user] (got "evil\\x1b]52;c;SGVsbG8=\\x07@fabrikam.com")',
    );
  });

  it('check: an unknown user in a queries file', () => {
    const dir = exportWith();
    const queries = join(dir, 'queries.csv');
    writeFileSync(queries, `user,privilege,table,record\nghost${TITLE}@fabrikam.com,Read,new_rate,\n`);
    const r = run('check', dir, '--queries', queries);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('(got "ghost\\x1b]0;pwned\\x07@fabrikam.com")');
  });

  it('explain: a hostile --user, and an answer that names a user with an invisible character', () => {
    const bad = run('explain', 'test/fixtures/exports/valid', '--user', `x\u001b[2J${OSC52}`, '--privilege', 'Read', '--table', 'new_rate');
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(RAW);
    expect(bad.stderr).toContain('--user: unknown user "x\\x1b[2J\\x1b]52;c;SGVsbG8=\\x07"');
    const dir = exportWith({
      'users.csv':
        'user,business_unit,enabled\nana@fabrikam.com,Sales,true\nben@fabrikam.com,Service,true\nad\u200bmin@fabrikam.com,Sales,true\n',
      'role-assignments.csv': 'principal,principal_type,role\nad\u200bmin@fabrikam.com,user,Invoice Clerk\n',
    });
    for (const json of [false, true]) {
      const r = run(
        'explain',
        dir,
        '--user',
        'ad\u200bmin@fabrikam.com',
        '--privilege',
        'Read',
        '--table',
        'new_rate',
        ...(json ? ['--json'] : []),
      );
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(RAW);
      expect(r.stdout).toContain(json ? 'ad\\u200bmin@fabrikam.com' : 'ad\\u{200B}min@fabrikam.com');
    }
  });

  it('audit: the summary and its JSON name a failed policy escaped', () => {
    const dir = exportWith();
    const policies = join(mkdtempSync(join(tmpdir(), 'rolecheck-policies-')), 'policies');
    mkdirSync(policies);
    writeFileSync(
      join(policies, 'hostile.feature'),
      [
        '@policy',
        'Feature: Hostile policy',
        '',
        '  Background:',
        '    Given the environment export',
        '',
        '  @POL-900 @severity-high',
        '  Rule: A rule that fails',
        '',
        `    Scenario: Evil ${OSC52} \u202eworb \u009b2J`,
        '      Then at most 0 users hold "Invoice Clerk"',
        '',
      ].join('\n'),
    );
    const r = run('audit', dir, '--policies', policies, '--out', join(dir, 'out'), '--json', '--fail-on', 'none');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain('failed policy: Evil \\x1b]52;c;SGVsbG8=\\x07 \\u{202E}worb \\x9b2J');
    expect(r.stdout).not.toMatch(RAW);
    const summary = JSON.parse(r.stdout) as { policies: { failedNames: string[] } };
    expect(summary.policies.failedNames[0]).toMatch(/^Evil \u001b\]52;c;SGVsbG8=\u0007 \u202eworb \u009b2J \(/);
  });
});
