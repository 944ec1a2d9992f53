// A build-like load on both cores, as a self-hosted runner or this project's own CI brings: a loop
// of this repository's unit tests and a loop of its type check. The benchmark's verdict-quality part
// runs jobs beside it, and one end-to-end test runs its A/B beside it on purpose.
import { spawn } from 'node:child_process';

/**
 * Starts both loops in `root` (a checkout of this repository with its node_modules), each in a
 * process group of its own; the returned function ends both groups (also called on exit).
 */
export function startBuildLoad(root: string): () => void {
  const loops = [
    'while :; do node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit >/dev/null 2>&1; done',
    'while :; do node node_modules/typescript/bin/tsc --noEmit >/dev/null 2>&1; done',
  ].map((script) => spawn('bash', ['-c', script], { cwd: root, stdio: 'ignore', detached: true }));
  const end = (): void => {
    for (const child of loops) {
      if (child.pid === undefined || child.exitCode !== null) continue;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    }
  };
  process.once('exit', end);
  return () => {
    end();
    process.removeListener('exit', end);
  };
}
