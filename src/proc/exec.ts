// The executor: runs a command from an argv array (never through a shell) with a time limit.
// Modules that run commands take an `Exec`, so tests hand them a fake; `runCommand` is the real one.
import { spawn } from 'node:child_process';
import { RunError, TimeoutError } from '../common/errors.js';
import { scrubEnv } from './env.js';
import { isRoot, privilegedArgv, type Limits } from './privilege.js';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Raw standard output, kept only with `binaryOutput`. */
  stdoutBytes?: Buffer;
}

export interface RunOptions {
  timeoutMs?: number;
  /** After the time limit: SIGTERM, then SIGKILL this much later (default 3 s). */
  killGraceMs?: number;
  /** Run as root (directly, or via `sudo -n`). */
  privileged?: boolean;
  /** Accept a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** The child's environment (ours by default); credentials are removed from either. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Keep standard output as bytes too (for binary data). */
  binaryOutput?: boolean;
  /** Bytes or text for standard input. */
  input?: string | Buffer;
}

export class CommandError extends RunError {
  override readonly name = 'CommandError';
  constructor(
    readonly argv: readonly string[],
    readonly result: CommandResult,
  ) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' | ');
    super(
      `\`${argv.join(' ')}\` ${result.signal ? `was killed by ${result.signal}` : `exited with ${result.code}`}${detail ? `: ${detail}` : ''}`,
    );
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_KILL_GRACE_MS = 3000;

export function commandArgv(argv: readonly string[], privileged = false, limits?: Limits): string[] {
  return privileged ? privilegedArgv(argv, isRoot(), limits) : [...argv];
}

/** Runs one command to its end. Throws CommandError on a non-zero exit unless `allowFailure`. */
export type Exec = (argv: readonly string[], options?: RunOptions) => Promise<CommandResult>;

/** Signals a whole process group; one that is already gone is no error. */
function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has ended.
  }
}

/** Process groups of commands still running: told to stop when nicgate exits (they are detached). */
const running = new Set<number>();
let stopOnExit = false;

function track(pid: number | undefined): void {
  if (pid === undefined) return;
  if (!stopOnExit) {
    stopOnExit = true;
    process.once('exit', () => {
      for (const group of running) signalGroup(group, 'SIGTERM');
    });
  }
  running.add(pid);
}

/**
 * Starts a timer that calls `fire` after `ms`; returns its cancel. `unref`: the timer alone does
 * not keep the process alive.
 */
export type StartTimer = (ms: number, fire: () => void, options?: { unref?: boolean }) => () => void;

export const systemTimer: StartTimer = (ms, fire, options) => {
  const timer = setTimeout(fire, ms);
  if (options?.unref) timer.unref();
  return () => clearTimeout(timer);
};

/** The real executor. `startTimer` runs its time limits (tests decide when those run out). */
export async function runCommand(
  argv: readonly string[],
  options: RunOptions = {},
  startTimer: StartTimer = systemTimer,
): Promise<CommandResult> {
  const limits = {
    limitMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    graceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
  };
  const full = commandArgv(argv, options.privileged, limits);
  return await new Promise<CommandResult>((resolve, reject) => {
    // Its own process group, so a time limit reaches the command's children (and sudo) too.
    const child = spawn(full[0]!, full.slice(1), {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: scrubEnv(options.env ?? process.env),
      cwd: options.cwd,
      detached: true,
    });
    track(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    if (options.input !== undefined) {
      // A command may stop reading early (it found what it wanted); that is not our error.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(options.input);
    }
    let timedOut = false;
    const cancelLimit = startTimer(limits.limitMs, () => {
      timedOut = true;
      signalGroup(child.pid, 'SIGTERM');
      // Not cleared when the command ends: a child that ignored SIGTERM may outlive its parent.
      startTimer(limits.graceMs, () => signalGroup(child.pid, 'SIGKILL'), { unref: true });
    });
    const stopTimers = (): void => {
      cancelLimit();
      if (child.pid !== undefined) running.delete(child.pid);
    };
    child.on('error', (error) => {
      stopTimers();
      reject(new RunError(`cannot start \`${full[0]}\``, { cause: error }));
    });
    child.on('close', (code, signal) => {
      stopTimers();
      const stdoutBytes = Buffer.concat(out);
      const result: CommandResult = {
        code,
        signal,
        stdout: options.binaryOutput ? '' : stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(options.binaryOutput ? { stdoutBytes } : {}),
      };
      if (timedOut) reject(new TimeoutError(`\`${argv.join(' ')}\``, limits.limitMs));
      else if (code !== 0 && !options.allowFailure) reject(new CommandError(full, result));
      else resolve(result);
    });
  });
}
