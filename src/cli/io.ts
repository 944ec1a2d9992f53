// Where the CLI writes: results and tables to stdout, progress and messages to stderr.
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
