// The command line's output captured in memory, for tests that run a command in-process.
import type { Io } from '../../src/cli/io.js';

export function capture(): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    log: (line: string) => void (io.stderr += `${line}\n`),
  };
  return io;
}
