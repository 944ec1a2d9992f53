// Text from files (results, verdicts: possibly a fork's artifact) made safe for one console line.
// The runner reads every line of a step's output for workflow commands (`::error::`,
// `::add-mask::`), and terminals act on escape sequences: neither may come from such text.

/** Line and paragraph breaks: each becomes a space, so a row stays one line. */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/** Other C0 and C1 controls, DEL, and the bidi controls that make text read otherwise than it is. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `\x1b`, `\u202e`: visible, so a reader sees that something was there. */
function escaped(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line without control characters: breaks become spaces, tabs a space, the rest escapes. */
export function consoleText(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(/\t/g, ' ').replace(INVISIBLE, escaped);
}

/** What terminalText escapes: every control character but the newline and tab, and the bidi controls. */
/* eslint-disable no-control-regex -- matching control characters is the point */
const TERMINAL_UNSAFE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/**
 * Text for a terminal, lines kept: ESC, BEL, carriage returns and the bidi controls are escaped so
 * a branch name or a file's text cannot move the cursor, retitle the window or read backwards.
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, escaped);
}
