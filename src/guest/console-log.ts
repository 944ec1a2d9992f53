// What a guest's console log says about a boot that failed: a kernel panic, a firmware that
// started over, and its last lines, cleaned for a message (escape sequences and control
// characters removed, long lines cut). Pure.

export interface ConsoleFinding {
  /** The recognised cause, when there is one: `kernel panic: VFS: Unable to mount root fs ...`. */
  problem?: string;
  /** The last lines with text in them, oldest first. */
  tail: string[];
}

const MAX_LINE = 200;

/* eslint-disable no-control-regex -- removing escape sequences and control characters is the point */
/** `text` without escape sequences and control characters other than the newline; CR LF made LF. */
export function cleanConsoleText(text: string): string {
  return (
    text
      // ANSI escape sequences (colour, cursor movement: firmware and boot loaders draw with them)
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
      .replace(/\u001b[()][A-Za-z0-9]/g, '')
      .replace(/\r\n?/g, '\n')
      // other control characters, not the newline
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
  );
}
/* eslint-enable no-control-regex */

const PROBLEMS: readonly { pattern: RegExp; describe: (match: RegExpMatchArray) => string }[] = [
  { pattern: /Kernel panic - not syncing: ?(.*)/, describe: (m) => `kernel panic: ${m[1]!.trim()}` },
  // The BSDs: `panic: <message>` at the start of a line.
  { pattern: /^panic: (.+)$/m, describe: (m) => `panic: ${m[1]!.trim()}` },
];

/** The finding of a console log's text; `lines` is how many lines of its end to keep. */
export function readConsole(text: string, lines = 5): ConsoleFinding {
  const cleaned = cleanConsoleText(text);
  const tail = cleaned
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(-lines)
    .map((line) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line));
  for (const { pattern, describe } of PROBLEMS) {
    const match = cleaned.match(pattern);
    if (match) return { problem: describe(match).slice(0, MAX_LINE), tail };
  }
  const firmwareStarts = cleaned.match(/SeaBIOS \(version/g)?.length ?? 0;
  if (firmwareStarts > 1) return { problem: `boot loop: the firmware started ${firmwareStarts} times`, tail };
  return { tail };
}

/** A sentence for an error message, or '' when the log holds nothing. */
export function consoleSummary(finding: ConsoleFinding): string {
  if (finding.tail.length === 0) return '';
  const cause = finding.problem ? `${finding.problem}; ` : '';
  return `${cause}the guest console ended with: ${finding.tail.join(' | ')}`;
}
