// How many columns a line of text takes in a monospace font: what a chart's width is counted in.
// Pure.

/**
 * Code points drawn two columns wide (East Asian Wide and Fullwidth, UAX #11, and the emoji
 * blocks), as [first, last] ranges.
 */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Combining marks: drawn on the character before them. */
const COMBINING = /^[\p{Mn}\p{Me}]$/u;

/** Zero-width spaces and joiners, the word joiner, variation selectors and the byte-order mark. */
const ZERO_WIDTH: readonly (readonly [number, number])[] = [
  [0x200b, 0x200d],
  [0x2060, 0x2060],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];

const within = (ranges: readonly (readonly [number, number])[], code: number): boolean =>
  ranges.some(([first, last]) => code >= first && code <= last);

/**
 * Columns `text` takes: two for a wide code point, none for a combining one, one for the rest. The
 * chart's box and dot characters (`─│├┤┼●`, `·`) are East Asian Ambiguous: one column, as in
 * GitHub's monospace fonts and every non-CJK terminal (test/render/ measures it in a browser).
 */
export function textColumns(text: string): number {
  // Labels and numbers: printable ASCII, a column each.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let columns = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (COMBINING.test(char) || within(ZERO_WIDTH, code)) continue;
    columns += within(WIDE, code) ? 2 : 1;
  }
  return columns;
}
