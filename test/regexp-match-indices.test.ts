// The native stand-in for regexp-match-indices (vendor/regexp-match-indices, installed for cucumber-expressions
// through the npm override in package.json). cucumber-expressions takes the position of every step parameter from
// it (cucumber reports them in each test case's step match arguments). On the 678 matches of the specification's
// step texts it gives the polyfill's indices; it differs only for a group repeated by a quantifier, where the
// polyfill put the last iteration's length at the first iteration's start and the `d` flag gives the last iteration.
import { describe, expect, it } from 'vitest';
import exec from 'regexp-match-indices';

// The regexp cucumber-expressions builds for `{string}`: groups nested in an alternation and in a repetition.
const STRING = `("([^"\\\\]*(\\\\.[^"\\\\]*)*)"|'([^'\\\\]*(\\\\.[^'\\\\]*)*)')`;

/** Each group's indices cover exactly its value, and a group that took no part has none. */
function consistent(m: ReturnType<typeof exec>, text: string): void {
  expect(m).not.toBeNull();
  for (let g = 0; g < m!.length; g++) {
    if (m![g] === undefined) expect(m!.indices[g]).toBeUndefined();
    else expect(text.slice(...m!.indices[g]!)).toBe(m![g]);
  }
}

describe('regexp-match-indices (native stand-in)', () => {
  it('gives the positions of cucumber string parameters, also when a value repeats', () => {
    const re = new RegExp(`^${STRING} may (\\S+) the row ${STRING}$`);
    const text = '"ana" may Read the row "ana"';
    const m = exec(re, text)!;
    consistent(m, text);
    expect(m.indices[1]).toEqual([0, 5]);
    expect(m.indices[2]).toEqual([1, 4]);
    expect(m.indices[4]).toBeUndefined();
    expect(m.indices[6]).toEqual([10, 14]);
    expect(m.indices[7]).toEqual([23, 28]);
    expect(m.indices[8]).toEqual([24, 27]);
  });

  it('gives the last iteration of a repeated group (as ES2022 does), with single-quoted and escaped values', () => {
    const re = new RegExp(`^${STRING} and ${STRING}$`);
    const text = String.raw`'it\'s' and "a \"b\" c"`;
    const m = exec(re, text)!;
    consistent(m, text);
    expect(m.indices[5]).toEqual([3, 6]);
    expect(m.indices[8]).toEqual([18, 22]);
    expect(m.indices[9]).toBeUndefined();
  });

  it('returns null without a match and keeps named groups', () => {
    expect(exec(/^a(b)$/, 'ac')).toBeNull();
    const m = exec(/(?<user>\w+) may (?<privilege>\w+)/, 'ana may Read')!;
    expect(m.indices.groups).toEqual({ user: [0, 3], privilege: [8, 12] });
  });

  it('reads and updates lastIndex like RegExp.prototype.exec for global and sticky regexps', () => {
    for (const flags of ['g', 'y']) {
      const ours = new RegExp('a(b)?', flags);
      const native = new RegExp('a(b)?', flags);
      for (let i = 0; i < 4; i++) {
        const a = exec(ours, 'abaab');
        const b = native.exec('abaab');
        expect(a?.index).toBe(b?.index);
        expect([...(a ?? [])]).toEqual([...(b ?? [])]);
        expect(ours.lastIndex).toBe(native.lastIndex);
      }
    }
  });

  it('leaves a regexp that has the d flag as it is', () => {
    const re = /a(b)/d;
    expect(exec(re, 'xab')!.indices[1]).toEqual([2, 3]);
  });
});
