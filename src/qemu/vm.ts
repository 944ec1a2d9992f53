// One QEMU process and the raw lines of its control serial port (ttyS1 on stdout). It knows
// nothing of what the guest says; the guest side reads meaning into the lines. The only class
// here: it owns a live process.
import { RunError, TimeoutError } from '../common/errors.js';
import type { ChildLike, ProcessExit, Spawn, SpawnOptions } from '../proc/spawn.js';

/** QEMU ended while someone was waiting for a line. */
export class VmExitError extends RunError {
  override readonly name = 'VmExitError';
}

/** The guest said more on its control port than any guest of nicgate's ever needs to. */
export class VmOutputError extends RunError {
  override readonly name = 'VmOutputError';
}

/**
 * The most control-port lines kept. A guest reports a few dozen; past this nicgate stops reading
 * them (memory stays bounded) and every wait fails, naming the cap. Lines are capped in length
 * where they are split (proc/lines.ts).
 */
export const MAX_CONTROL_LINES = 50_000;

/** How a wait is described in its errors. */
export interface WaitLabels {
  /** What timed out, e.g. `guest boot (waiting for the guest to report in)`. */
  waitingFor: string;
  /** What QEMU exited before, e.g. `the guest reported in`. */
  before: string;
}

export class VmProcess {
  private readonly child: ChildLike;
  private readonly seen: string[] = [];
  private readonly waiters = new Set<() => void>();
  private stderr = '';
  private overflowed = false;
  private exited: ProcessExit | undefined;
  readonly startedAt = Date.now();

  constructor(argv: readonly string[], spawn: Spawn, options?: SpawnOptions) {
    this.child = options ? spawn(argv, options) : spawn(argv);
    this.child.onLine((line) => {
      if (this.seen.length >= MAX_CONTROL_LINES) {
        if (this.overflowed) return;
        this.overflowed = true;
      } else this.seen.push(line);
      this.notify();
    });
    this.child.onStderr((text) => {
      this.stderr = (this.stderr + text).slice(-4000);
    });
    this.child.onExit((exit) => {
      this.exited = exit;
      this.notify();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  /** Every control-port line so far, in order. */
  get lines(): readonly string[] {
    return this.seen;
  }

  /** Sends text to the guest's control port. */
  send(text: string): void {
    if (this.running) this.child.write(text);
  }

  /** QEMU's standard error as kept (its last 4000 characters): what the accelerator probe reads. */
  get errorText(): string {
    return this.stderr;
  }

  /** The last of QEMU's standard error, for messages. */
  get errorTail(): string {
    return this.stderr.trim().split('\n').slice(-3).join(' | ');
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /**
   * Resolves with the first line, already seen or still to come, for which `pick` gives a value;
   * rejects if QEMU exits first, once the guest has sent more than MAX_CONTROL_LINES, or on
   * timeout. Each line is handed to `pick` once per wait.
   */
  async waitFor<T>(pick: (line: string) => T | undefined, timeoutMs: number, labels: WaitLabels): Promise<T> {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done({ error: new TimeoutError(labels.waitingFor, timeoutMs) }),
        timeoutMs,
      );
      const done = (outcome: { error: Error } | { value: T }): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      let next = 0;
      const check = (): void => {
        while (next < this.seen.length) {
          const value = pick(this.seen[next]!);
          next += 1;
          if (value !== undefined) return done({ value });
        }
        if (this.overflowed) done({ error: this.overflowError(`before ${labels.before}`) });
        else if (this.exited) done({ error: this.exitError(`before ${labels.before}`) });
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Why QEMU ended (its exit and the end of its stderr), `when` saying at what point. */
  exitError(when: string): VmExitError {
    const how = this.exited?.signal
      ? `was killed by ${this.exited.signal}`
      : `exited with ${this.exited?.code}`;
    const detail = this.stderr.trim().split('\n').slice(-3).join(' | ');
    return new VmExitError(`QEMU ${how} ${when}${detail ? `: ${detail}` : ''}`);
  }

  private overflowError(when: string): VmOutputError {
    return new VmOutputError(
      `the guest sent more than ${MAX_CONTROL_LINES} lines on its control port ${when}; nicgate stopped reading them`,
    );
  }

  /** Resolves when QEMU exits by itself (a guest that powered off); rejects on timeout. */
  async waitExit(timeoutMs: number, waitingFor: string): Promise<ProcessExit> {
    return await new Promise((resolve, reject) => {
      const check = (): void => {
        if (!this.exited) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.exited);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new TimeoutError(waitingFor, timeoutMs));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Ends QEMU: SIGTERM, then SIGKILL if it lingers. Safe to call more than once. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.waiters.add(() => !this.running && resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
