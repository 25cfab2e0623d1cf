// The one rule by which names (users, teams, roles, business units, tables, record ids) are compared, written out
// in docs/names.md. Two names are the same name when their keys are equal:
//   1. every default-ignorable code point is removed (zero-width space and joiners, soft hyphen, word joiner,
//      byte order mark, bidi marks, variation selectors, …: Default_Ignorable_Code_Point of the Unicode Character
//      Database, https://www.unicode.org/reports/tr44/), since they are invisible and two names that print the
//      same must not be two principals;
//   2. white space at both ends is trimmed;
//   3. the rest is compared as a canonical caseless match: NFD, full case folding (CaseFolding.txt statuses C and F,
//      not the Turkic T), then NFC (The Unicode Standard, chapter 3, D145:
//      https://www.unicode.org/versions/Unicode11.0.0/ch03.pdf; https://www.unicode.org/reports/tr15/). So NFC and
//      NFD spellings, final sigma and sigma, ß and ss, the Kelvin sign and K are each one name.
// Compatibility forms (fullwidth letters, superscripts) are not folded: NFC, not NFKC, as Dataverse keeps them apart.
import { caseFold } from 'unicode-case-folding';

const NON_ASCII = /[^\x00-\x7f]/;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

export const key = (name: string): string => {
  // ASCII (nearly every name) has no ignorable code point, is its own NFC, and folds to its lower case.
  if (!NON_ASCII.test(name)) return name.trim().toLowerCase();
  return caseFold(name.replace(IGNORABLE, '').trim().normalize('NFD')).normalize('NFC');
};

/**
 * Groups of spellings that have one key but are written differently: more than by letter case (which Dataverse
 * ignores, and which is no look-alike), for example NFC against NFD, a zero-width character, ß against ss.
 * Each group lists its spellings in order of first appearance; groups come in the order of their first spelling.
 */
export function collisions(names: Iterable<string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const raw of names) {
    const name = raw.trim();
    const k = key(name);
    if (!k) continue;
    const g = groups.get(k);
    if (!g) groups.set(k, [name]);
    else if (!g.includes(name)) g.push(name);
  }
  const out: string[][] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    // Spellings that differ only by case (String.prototype.toLowerCase) are one spelling here.
    const lowered = new Set(g.map((s) => s.toLowerCase()));
    if (lowered.size > 1) out.push(g);
  }
  return out;
}

/**
 * Characters a name must not hold: C0 and C1 controls and DEL (general category Cc), and the bidi embedding,
 * override and isolate controls U+202A–U+202E and U+2066–U+2069, which make a name display as another
 * ("Trojan Source", https://www.unicode.org/reports/tr9/#Explicit_Directional_Formatting_Characters).
 */
const FORBIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/u;

/** The first forbidden character of a name (see FORBIDDEN), as `U+001B` with its 0-based index; undefined when none. */
export function forbiddenCharacter(name: string): { index: number; code: string } | undefined {
  const m = FORBIDDEN.exec(name);
  if (!m) return undefined;
  return { index: m.index, code: `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` };
}
