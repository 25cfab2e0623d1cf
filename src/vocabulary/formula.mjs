// Which values a spreadsheet would run as a formula when a CSV is opened: one rule for compliance.csv
// (src/report/render.ts) and for check's answers (src/check/answer-rows.mjs, which worker threads run without the
// TypeScript loader: hence plain JavaScript, with types in formula.d.mts). Values come from the export, so a name
// such as =HYPERLINK(…) must be shown as text, never evaluated (OWASP, CSV injection:
// https://owasp.org/www-community/attacks/CSV_Injection).

/**
 * First characters that start a formula: = + - @, tab and carriage return; their fullwidth forms ＝ ＋ － ＠
 * (U+FF1D, U+FF0B, U+FF0D, U+FF20), which spreadsheets in East Asian locales take for the ASCII ones; and the small
 * forms ﹦ ﹢ ﹣ ﹫ (U+FE66, U+FE62, U+FE63, U+FE6B), which normalise to them (NFKC). Escaping one too many is harmless.
 */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d, 0xff1d, 0xff0b, 0xff0d, 0xff20, 0xfe66, 0xfe62, 0xfe63, 0xfe6b]);

/** Whether a value, as written, starts like a formula. @param {string} v */
export function startsLikeFormula(v) {
  return v.length > 0 && FORMULA_START.has(v.charCodeAt(0));
}

/** The value a spreadsheet shows as text: a leading apostrophe when it starts like a formula. @param {string} v */
export function neutralise(v) {
  return startsLikeFormula(v) ? `'${v}` : v;
}
