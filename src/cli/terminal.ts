// Everything the CLI prints goes through here: text that holds names from the input (the audit summary, input
// errors, warnings, check's summary, explain's answer) is written with every control and invisible character
// shown as an escape (`\x1b`, `\u{202E}`), so that an export cannot set the window title, write the clipboard
// (OSC 52), clear the screen or reorder a line with bidi overrides. docs/input-limits.md lists what is escaped.
import { visibleLines } from '../vocabulary/echo.ts';

/** Text of one or more lines as the terminal shows it: line breaks kept, every other control or invisible character escaped. */
export const forTerminal = (text: string): string => visibleLines(text);

/**
 * JSON text (JSON.stringify escapes C0 controls) with the characters it leaves raw written as \u escapes too: DEL,
 * C1 controls (U+009B is a CSI on some terminals), default-ignorable and bidi characters, line and paragraph
 * separators. They can only be inside strings, where \uXXXX is the same character: the JSON means the same.
 */
export function jsonForTerminal(json: string): string {
  return json.replace(/[\x7f-\x9f\p{Default_Ignorable_Code_Point}\u2028\u2029]/gu, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/** Writes text to stderr, escaped, ending with a line break. */
export function printError(text: string): void {
  const safe = forTerminal(text);
  process.stderr.write(safe.endsWith('\n') ? safe : safe + '\n');
}
