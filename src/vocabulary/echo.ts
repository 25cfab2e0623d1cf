// How a value from the input is echoed back in a message: bounded (a 50 MB header is not repeated whole) and with
// every invisible or terminal-controlling character shown as an escape, so that a message is one line of plain
// text whatever the input holds. docs/input-limits.md lists the limits.

/** Longest echo of one value, in characters; a longer value is cut and its size in bytes is given. */
export const ECHO_LIMIT = 200;

/**
 * Characters shown as escapes: C0 controls, DEL and C1 controls (ESC, BEL, CSI U+009B, line breaks…), the
 * default-ignorable code points (zero-width characters, bidi marks, embedding, override and isolate controls,
 * soft hyphen, variation selectors), line and paragraph separators, and lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Default_Ignorable_Code_Point}\u2028\u2029]|\p{Cs}/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0)!;
  return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16).toUpperCase().padStart(4, '0')}}`;
}

/** `s` with every invisible or controlling character (see INVISIBLE) written as `\x1b`, `\n`, `\u{202E}`. */
export function visible(s: string): string {
  return s.replace(INVISIBLE, escapeOne);
}

/** Like `visible`, but line breaks (\n) are kept: for text of several lines printed as it is. */
export function visibleLines(s: string): string {
  return s.replace(INVISIBLE, (ch) => (ch === '\n' ? ch : escapeOne(ch)));
}

/** `value` cut to `limit` characters (never inside a surrogate pair), with an ellipsis and its size in bytes. */
export function bounded(value: string, limit = ECHO_LIMIT): string {
  if (value.length <= limit) return value;
  let cut = limit;
  const c = value.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${value.slice(0, cut)}… (${Buffer.byteLength(value, 'utf8')} bytes in all)`;
}

/** A value from the input as a message shows it: bounded, then made visible. */
export function echo(value: string, limit = ECHO_LIMIT): string {
  return visible(bounded(value, limit));
}

/** Longest message line (one problem), in characters, echoes included. */
export const MESSAGE_LIMIT = 2000;

/** A whole message as one bounded line of visible text. */
export function oneLine(text: string): string {
  return visible(bounded(text, MESSAGE_LIMIT));
}
