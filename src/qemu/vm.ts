// One QEMU process and its guest's control channel. The only class here: it owns a live process.
import { spawn, type ChildProcess } from 'node:child_process';
import { RunError, TimeoutError } from '../common/errors.js';
import { LineSplitter, parseGuestLine, type GuestEvent } from '../guest/protocol.js';

export interface GuestReport {
  kernelRelease?: string;
  iface?: string;
  netem?: string;
  sysctls: { name: string; value: string }[];
}

export class GuestError extends RunError {
  override readonly name = 'GuestError';
}

export class GuestVm {
  private readonly child: ChildProcess;
  private readonly events: GuestEvent[] = [];
  private readonly waiters = new Set<() => void>();
  private stderr = '';
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly startedAt = Date.now();

  constructor(argv: readonly string[]) {
    this.child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const lines = new LineSplitter();
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) {
        const event = parseGuestLine(line);
        if (event) this.record(event);
      }
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    this.child.on('error', (error) => {
      this.stderr += `\n${error.message}`;
      this.exited ??= { code: null, signal: null };
      this.notify();
    });
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.notify();
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exited === undefined;
  }

  private record(event: GuestEvent): void {
    this.events.push(event);
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private report(): GuestReport {
    const report: GuestReport = { sysctls: [] };
    for (const event of this.events) {
      if (event.type === 'kernel') report.kernelRelease = event.release;
      if (event.type === 'iface') report.iface = event.name;
      if (event.type === 'netem') report.netem = event.qdisc;
      if (event.type === 'sysctl') report.sysctls.push({ name: event.name, value: event.value });
    }
    return report;
  }

  /** Resolves at the first event that `matches`; rejects if QEMU exits first or on timeout. */
  async waitFor(matches: (event: GuestEvent) => boolean, timeoutMs: number): Promise<GuestEvent> {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new TimeoutError('guest boot (waiting for the guest to report in)', timeoutMs)),
        timeoutMs,
      );
      const done = (outcome: Error | GuestEvent): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      const check = (): void => {
        const event = this.events.find(matches);
        if (event) return done(event);
        if (this.exited) done(this.exitError('before the guest reported in'));
      };
      this.waiters.add(check);
      check();
    });
  }

  private exitError(when: string): GuestError {
    const how = this.exited?.signal
      ? `was killed by ${this.exited.signal}`
      : `exited with ${this.exited?.code}`;
    const detail = this.stderr.trim().split('\n').slice(-3).join(' | ');
    return new GuestError(`QEMU ${how} ${when}${detail ? `: ${detail}` : ''}`);
  }

  /** Resolves when the guest reports `ready`; rejects on its `error`, on QEMU exiting, or on timeout. */
  async waitReady(timeoutMs: number): Promise<GuestReport & { seconds: number }> {
    const event = await this.waitFor((e) => e.type === 'ready' || e.type === 'error', timeoutMs);
    if (event.type === 'error') throw new GuestError(`guest reported: ${event.message}`);
    return { ...this.report(), seconds: (Date.now() - this.startedAt) / 1000 };
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
