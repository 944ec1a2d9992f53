// The guests' console logs a run leaves in its work directory, for the job's artifact: one
// `console-<n>.log` per boot and `prepare-console.log` for a disk guest's prepare boot.
import { join, resolve } from 'node:path';

export const CONSOLE_LOG = /^(console-\d+|prepare-console)\.log$/;

/** The `console-logs` output: patterns `actions/upload-artifact` takes as its `path`, one per line. */
export function consoleLogPatterns(workDir: string): string {
  const dir = resolve(workDir);
  return [join(dir, 'console-*.log'), join(dir, 'prepare-console.log')].join('\n');
}
