// Where the CLI writes: results and tables to stdout, progress and messages to stderr.
import { terminalText } from '../report/console-text.js';

export interface Io {
  /** Standard output, as given. */
  out: (text: string) => void;
  /** One line on standard error. */
  log: (line: string) => void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  log: (line) => void process.stderr.write(`${line}\n`),
};

/**
 * The same Io with every message line made safe for a terminal: branch names, paths and file
 * contents reach warnings, and their control characters (ESC, BEL, bidi) are shown escaped.
 */
export function terminalSafe(io: Io): Io {
  return { out: io.out, log: (line) => io.log(terminalText(line)) };
}
