// Red team, look-alike names: one documented rule (src/vocabulary/names.ts, docs/names.md). NFC and NFD spellings,
// zero-width characters and final sigma no longer make two users who print the same; spellings that meet only
// under the rule are warned about; a control character in a name is an input error.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collisions, forbiddenCharacter, key } from '../src/vocabulary/names.ts';
import { exportWith, load } from './fixtures/hardening/exports.ts';

const USERS = (rows: string[]) => `user,business_unit,enabled\n${rows.map((r) => `${r},Sales,true`).join('\n')}\n`;

describe('key(): NFC, full case folding, no default-ignorable code points, trimmed', () => {
  it.each([
    ['NFC and NFD', 'jos\u00e9@x.com', 'jose\u0301@x.com'],
    ['final sigma', 'ΟΔΟΣ', 'οδος'],
    ['sigma and final sigma', 'οδοσ', 'οδος'],
    ['sharp s', 'Straße', 'STRASSE'],
    ['capital sharp s', 'ẞ', 'ss'],
    ['Kelvin sign', '\u212aelvin', 'kelvin'],
    ['ligature fi', 'ﬁnance', 'FINANCE'],
    ['zero-width space', 'ad\u200bmin@x.com', 'admin@x.com'],
    ['zero-width joiner and word joiner', 'a\u200dd\u2060min', 'admin'],
    ['soft hyphen', 'ad\u00admin', 'admin'],
    ['bidi marks', '\u200eadmin\u200f', 'admin'],
    ['byte order mark and spaces', '\ufeff admin ', 'admin'],
  ])('%s: one name', (_, a, b) => {
    expect(key(a)).toBe(key(b));
  });

  it.each([
    ['fullwidth letters (compatibility forms are not folded)', 'ａｄｍｉｎ', 'admin'],
    ['dotless i', 'ı', 'i'],
    ['different letters', 'ana@x.com', 'anna@x.com'],
  ])('%s: two names', (_, a, b) => {
    expect(key(a)).not.toBe(key(b));
  });

  it('is idempotent (a key is its own key: check looks names up by their key)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 16 }), (s) => key(key(s)) === key(s)),
      { numRuns: 5000 },
    );
  });

  it('reads ASCII as before: trimmed and lower-cased', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 20 }),
        (s) => key(s) === s.trim().toLowerCase(),
      ),
    );
  });
});

describe('collisions()', () => {
  it('groups the spellings that meet only under the rule, not those that differ by case alone', () => {
    expect(
      collisions([
        'Ana@x.com',
        'ana@x.com',
        'jos\u00e9@x.com',
        'JOSE\u0301@x.com',
        'ad\u200bmin',
        'admin',
        'Admin',
        'straße',
        'STRASSE',
        'lee',
        'jos\u00e9@x.com',
      ]),
    ).toEqual([
      ['jos\u00e9@x.com', 'JOSE\u0301@x.com'],
      ['ad\u200bmin', 'admin', 'Admin'],
      ['straße', 'STRASSE'],
    ]);
    expect(collisions(['Ana', 'ANA', 'ana'])).toEqual([]);
  });
});

describe('forbiddenCharacter()', () => {
  it('finds C0, DEL, C1 and bidi embedding, override and isolate characters; nothing else', () => {
    expect(forbiddenCharacter('evil\u001b]0;x\u0007')).toEqual({ index: 4, code: 'U+001B' });
    expect(forbiddenCharacter('a\u007f')).toEqual({ index: 1, code: 'U+007F' });
    expect(forbiddenCharacter('a\u009bb')).toEqual({ index: 1, code: 'U+009B' });
    expect(forbiddenCharacter('moc.\u202enimda')).toEqual({ index: 4, code: 'U+202E' });
    expect(forbiddenCharacter('x\u2066y')).toEqual({ index: 1, code: 'U+2066' });
    expect(forbiddenCharacter('José Ωμέγα 山田 ad\u200bmin')).toBeUndefined();
  });
});

describe('look-alike names in an export', () => {
  it('NFC and NFD spellings of one user are a duplicate, not two users', async () => {
    const { errors } = await load(
      exportWith({ 'users.csv': USERS(['ana@fabrikam.com', 'ben@fabrikam.com', 'jos\u00e9@fabrikam.com', 'jose\u0301@fabrikam.com']) }),
    );
    expect(errors).toEqual([
      'users.csv:5:1: duplicate user "jose\u0301@fabrikam.com" [column user] (got "jose\u0301@fabrikam.com"); expected each user once',
    ]);
  });

  it('a zero-width character and final sigma do not make a second user', async () => {
    const { errors } = await load(
      exportWith({
        'users.csv': USERS(['ana@fabrikam.com', 'ben@fabrikam.com', 'a\u200bna@fabrikam.com', 'οδοσ@fabrikam.com', 'οδος@fabrikam.com']),
      }),
    );
    expect(errors).toEqual([
      'users.csv:4:1: duplicate user "a\\u{200B}na@fabrikam.com" [column user] (got "a\\u{200B}na@fabrikam.com"); expected each user once',
      'users.csv:6:1: duplicate user "οδος@fabrikam.com" [column user] (got "οδος@fabrikam.com"); expected each user once',
    ]);
  });

  it('a reference written in another form reaches the user, with a warning naming both spellings', async () => {
    const { errors, warnings, loaded } = await load(
      exportWith({
        'users.csv': USERS(['ana@fabrikam.com', 'ben@fabrikam.com', 'jos\u00e9@fabrikam.com']),
        'role-assignments.csv':
          'principal,principal_type,role\nana@fabrikam.com,user,Invoice Clerk\nJOSE\u0301@fabrikam.com,user,Invoice Clerk\n',
      }),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'warning: role-assignments.csv:3:1: user "JOSE\u0301@fabrikam.com" is the same name as "jos\u00e9@fabrikam.com" (users.csv:4) but written differently (Unicode normalisation, case folding or an invisible character; docs/names.md); both mean one user',
    ]);
    expect(loaded!.model.data.can({ user: 'jos\u00e9@fabrikam.com', privilege: 'Read', table: 'new_rate' })).toBe(true);
  });

  it('a control character or a bidi override in a name is an input error at its line and column', async () => {
    const { errors } = await load(
      exportWith({
        'users.csv': USERS(['ana@fabrikam.com', 'ben@fabrikam.com', 'evil\u001b]0;pwned\u0007@fabrikam.com', 'moc.mikarbaf@\u202eadmin']),
      }),
    );
    expect(errors).toEqual([
      'users.csv:4:1: a control character (U+001B) in a name [column user] (got "evil\\x1b]0;pwned\\x07@fabrikam.com"); expected a name without control characters (C0, DEL, C1) or bidi embedding, override and isolate characters',
      'users.csv:5:1: a control character (U+202E) in a name [column user] (got "moc.mikarbaf@\\u{202E}admin"); expected a name without control characters (C0, DEL, C1) or bidi embedding, override and isolate characters',
    ]);
  });
});
