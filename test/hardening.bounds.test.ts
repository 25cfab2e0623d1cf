// Red team, unbounded output and cost: a 50 MB header is not echoed whole (nor twice), 100,000 unknown columns make
// one warning line, every printed list is bounded, and suggestions for thousands of misspelled names index the
// known names once instead of comparing every pair (the time is measured by `npm run bench -- --only suggest`).
import { describe, expect, it } from 'vitest';
import { bounded, echo, ECHO_LIMIT, MESSAGE_LIMIT, visible } from '../src/vocabulary/echo.ts';
import { NameIndex, nameIndex } from '../src/vocabulary/near-names.ts';
import { suggest } from '../src/model/errors.ts';
import { sayWarnings } from '../src/cli/common.ts';
import { MAX_REPORTED_ERRORS } from '../src/exports/load.ts';
import type { Problem } from '../src/vocabulary/origin.ts';
import { exportWith, load } from './fixtures/hardening/exports.ts';

describe('bounded echoes', () => {
  it('cuts a value at ECHO_LIMIT characters with an ellipsis and its size in bytes, never inside a surrogate pair', () => {
    expect(bounded('a'.repeat(ECHO_LIMIT))).toBe('a'.repeat(ECHO_LIMIT));
    expect(bounded('é'.repeat(300))).toBe(`${'é'.repeat(ECHO_LIMIT)}… (600 bytes in all)`);
    expect(bounded(`${'a'.repeat(ECHO_LIMIT - 1)}𝄞z`)).toBe(`${'a'.repeat(ECHO_LIMIT - 1)}… (${ECHO_LIMIT - 1 + 5} bytes in all)`);
    expect(echo('\u001b[2J'.repeat(100), 10)).toBe('\\x1b[2J\\x1b[2J\\x1b[… (400 bytes in all)');
    expect(visible('a\u0000b\u009bc\u202ed\u200be\nf')).toBe('a\\x00b\\x9bc\\u{202E}d\\u{200B}e\\nf');
  });

  it('a 50 MB header is echoed once, cut, in an error line of bounded length', async () => {
    const header = `name,${'x'.repeat(50 * 2 ** 20)}`;
    const { errors, warnings } = await load(exportWith({ 'teams.csv': `${header}\nSales Team,Sales\n` }));
    const all = [...errors, ...warnings];
    expect(all.every((l) => l.length <= MESSAGE_LIMIT)).toBe(true);
    const got = `(got "name,${'x'.repeat(ECHO_LIMIT - 5)}… (52428805 bytes in all)")`;
    expect(errors).toEqual([
      `teams.csv:1: missing required column "business_unit" [column business_unit] ${got}; expected a header with the columns name, business_unit, type`,
      `teams.csv:1: missing required column "type" [column type] ${got}; expected a header with the columns name, business_unit, type`,
    ]);
    expect(warnings).toEqual([`warning: teams.csv:1:2: unknown column "${'x'.repeat(ECHO_LIMIT)}… (52428800 bytes in all)" is ignored`]);
  });

  it('100,000 unknown columns make one warning that counts them', async () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const { errors, warnings } = await load(
      exportWith({ 'teams.csv': `name,business_unit,type,${extra.join(',')}\nSales Team,Sales,owner,${extra.map(() => '').join(',')}\n` }),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      'warning: teams.csv:1: 100000 unknown columns: "c0" (column 4), "c1" (column 5), "c2" (column 6) and 99997 more; each is ignored',
    ]);
  });

  it('a few unknown columns are named one by one, each with its suggestion', async () => {
    const { warnings } = await load(exportWith({ 'teams.csv': 'name,business_unit,typ,type\nSales Team,Sales,x,owner\n' }));
    expect(warnings).toEqual(['warning: teams.csv:1:3: unknown column "typ" is ignored; did you mean "type"?']);
  });

  it('prints at most MAX_REPORTED_ERRORS warnings, then how many more', () => {
    const lines: string[] = [];
    const ws: Problem[] = Array.from({ length: 150 }, (_, i) => ({ code: 'x', message: `w${i}` }));
    sayWarnings(ws, (t) => lines.push(t));
    expect(lines).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(lines[0]).toBe('warning: w0');
    expect(lines.at(-1)).toBe('warning: … and 50 more warnings (150 in all)');
  });
});

describe('suggestions for thousands of misspelled names', () => {
  // 8,000 distinct users (a fixed pseudo-random local part each) and one typo each: a letter swapped, dropped or wrong.
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const word = (n: number) => Array.from({ length: n }, () => 'abcdefghijklmnopqrstuvwxyz'[next() % 26]).join('');
  const users = [...new Set(Array.from({ length: 8200 }, () => `${word(5)}.${word(6)}@contoso.com`))].slice(0, 8000);
  const misspell = (u: string, i: number) =>
    i % 3 === 0 ? u[1]! + u[0]! + u.slice(2) : i % 3 === 1 ? u.slice(0, 3) + u.slice(4) : u.replace('@contoso.com', '@contoso.con');

  it('finds the intended user for each of 8,000 misspellings, against a fresh copy of the names every time', () => {
    let right = 0;
    for (let i = 0; i < users.length; i++)
      if (
        suggest(
          misspell(users[i]!, i),
          users.map((u) => u),
        )[0] === users[i]
      )
        right++;
    expect(right).toBe(users.length);
  });

  it('indexes the names of one kind once: a copy with the same names gets the same index, other names another', () => {
    const a = nameIndex(users.slice());
    expect(nameIndex(users.slice())).toBe(a);
    expect(nameIndex(['Sales', 'Service'])).not.toBe(a);
    expect(nameIndex(['Sales', 'Service']).suggest('Sals')).toEqual(['Sales']);
  });

  it('suggests names of the kind it was given only, nearest first, within one edit of the nearest', () => {
    const ix = new NameIndex(['lee.gu@contoso.com', 'adele.vance@contoso.com', 'alex.wilber@contoso.com', 'Lee Gu Team']);
    expect(ix.suggest('lee.gu@contoso.co')).toEqual(['lee.gu@contoso.com']);
    expect(ix.suggest('leegu')).toEqual(['lee.gu@contoso.com']);
    expect(ix.suggest('nobody@contoso.com')).toEqual([]);
    expect(ix.suggest('zzzzzzzzzz')).toEqual([]);
    expect(new NameIndex(['Production', 'Sandbox', 'Default']).suggest('Prod')).toEqual(['Production']);
    expect(new NameIndex(['ana@x.com', 'ben@x.com']).suggest('bne@x.com')).toEqual(['ben@x.com']);
  });
});
