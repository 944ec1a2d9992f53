// The spawner for long-lived processes (QEMU): standard output as lines, standard error as text,
// one exit report. Modules take a `Spawn`, so tests hand them a fake child; `spawnProcess` is real.
import { spawn } from 'node:child_process';
import { scrubEnv } from './env.js';
import { LineSplitter } from './lines.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** What the owner of a long-lived process sees of it. */
export interface ChildLike {
  /** Undefined when the process could not be started. */
  readonly pid: number | undefined;
  /** Every complete line of standard output, in order. */
  onLine(listener: (line: string) => void): void;
  /** Standard error as it arrives (and why a start failed). */
  onStderr(listener: (text: string) => void): void;
  /** Called once, when the process has ended or could not start. */
  onExit(listener: (exit: ProcessExit) => void): void;
  kill(signal: NodeJS.Signals): void;
  /** Writes to standard input (QEMU's `-serial stdio`: the guest's control port). */
  write(text: string): void;
}

export interface SpawnOptions {
  /** Open file descriptors handed to the child as its fds 3, 4, ... (QEMU's `-incoming fd:3`). */
  fds?: readonly number[];
}

export type Spawn = (argv: readonly string[], options?: SpawnOptions) => ChildLike;

export const spawnProcess: Spawn = (argv, options = {}) => {
  // stdin stays a pipe: QEMU's `-serial stdio` expects one.
  const child = spawn(argv[0]!, argv.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe', ...(options.fds ?? [])],
    env: scrubEnv(process.env),
  });
  // A child that has ended closes its stdin; a late write must not crash the run.
  child.stdin!.on('error', () => undefined);
  const lineListeners: ((line: string) => void)[] = [];
  const stderrListeners: ((text: string) => void)[] = [];
  const exitListeners: ((exit: ProcessExit) => void)[] = [];
  let exited: ProcessExit | undefined;
  const exit = (report: ProcessExit): void => {
    if (exited) return;
    exited = report;
    for (const listener of exitListeners) listener(report);
  };
  const lines = new LineSplitter();
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    for (const line of lines.push(chunk)) for (const listener of lineListeners) listener(line);
  });
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    for (const listener of stderrListeners) listener(chunk);
  });
  child.on('error', (error) => {
    for (const listener of stderrListeners) listener(`\n${error.message}`);
    exit({ code: null, signal: null });
  });
  child.on('exit', (code, signal) => exit({ code, signal }));
  return {
    get pid() {
      return child.pid;
    },
    onLine: (listener) => void lineListeners.push(listener),
    onStderr: (listener) => void stderrListeners.push(listener),
    onExit: (listener) => {
      exitListeners.push(listener);
      if (exited) listener(exited);
    },
    kill: (signal) => void child.kill(signal),
    write: (text) => void child.stdin!.write(text),
  };
};
