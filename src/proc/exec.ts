// The executor: runs a command from an argv array (never through a shell) with a time limit.
// Modules that run commands take an `Exec`, so tests hand them a fake; `runCommand` is the real one.
import { spawn } from 'node:child_process';
import { RunError, TimeoutError } from '../common/errors.js';
import { isRoot, privilegedArgv } from './privilege.js';

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
  /** Run as root (directly, or via `sudo -n`). */
  privileged?: boolean;
  /** Accept a non-zero exit instead of throwing. */
  allowFailure?: boolean;
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

export function commandArgv(argv: readonly string[], privileged = false): string[] {
  return privileged ? privilegedArgv(argv, isRoot()) : [...argv];
}

/** Runs one command to its end. Throws CommandError on a non-zero exit unless `allowFailure`. */
export type Exec = (argv: readonly string[], options?: RunOptions) => Promise<CommandResult>;

export const runCommand: Exec = async (argv, options = {}) => {
  const full = commandArgv(argv, options.privileged);
  const timeoutMs = options.timeoutMs ?? 60_000;
  return await new Promise<CommandResult>((resolve, reject) => {
    const child = spawn(full[0]!, full.slice(1), {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
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
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new RunError(`cannot start \`${full[0]}\``, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      const result: CommandResult = {
        code,
        signal,
        stdout: options.binaryOutput ? '' : stdoutBytes.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(options.binaryOutput ? { stdoutBytes } : {}),
      };
      if (timedOut) reject(new TimeoutError(`\`${argv.join(' ')}\``, timeoutMs));
      else if (code !== 0 && !options.allowFailure) reject(new CommandError(full, result));
      else resolve(result);
    });
  });
};
