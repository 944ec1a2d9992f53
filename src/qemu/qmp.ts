// A minimal QMP client (QEMU Machine Protocol, JSON lines over a unix socket): the greeting, the
// capabilities handshake, then one command at a time matched by id. Events are ignored. A class:
// it owns a live socket.
import { connect, type Socket } from 'node:net';
import { RunError, TimeoutError } from '../common/errors.js';
import { LineSplitter } from '../proc/lines.js';

/** QEMU answered a command with an error, or the monitor connection failed. */
export class QmpError extends RunError {
  override readonly name = 'QmpError';
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface QmpReply {
  id?: unknown;
  return?: unknown;
  error?: { class?: unknown; desc?: unknown };
  QMP?: unknown;
  event?: unknown;
}

/** The time a retry loop reads and waits on. */
export interface RetryClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const SYSTEM_CLOCK: RetryClock = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** How long to wait before trying a monitor socket again. */
const RETRY_MS = 20;

export class QmpClient {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private greeted: Promise<void>;
  private closedError: Error | undefined;

  private constructor(private readonly socket: Socket) {
    // A reply is one JSON line; a long one (a query's answer) is kept whole up to 1 MiB.
    const lines = new LineSplitter(1 << 20);
    let greet: (() => void) | undefined;
    this.greeted = new Promise((resolve) => (greet = resolve));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) {
        const reply = parseReply(line);
        if (!reply) continue;
        if (reply.QMP !== undefined) greet?.();
        else if (typeof reply.id === 'number') this.settle(reply.id, reply);
      }
    });
    const fail = (error: Error): void => {
      this.closedError ??= error;
      for (const [id, waiter] of this.pending) {
        this.pending.delete(id);
        waiter.reject(this.closedError);
      }
    };
    socket.on('error', (error) => fail(new QmpError('QEMU monitor connection failed', { cause: error })));
    socket.on('close', () => fail(new QmpError('QEMU closed its monitor connection')));
  }

  /**
   * Connects to QEMU's monitor at `path` (QEMU creates it while it starts, so a missing socket is
   * retried), then negotiates capabilities. Gives up when `alive` says QEMU has ended, or on timeout.
   * `clock` paces the retries (tests pass one that does not wait).
   */
  static async connect(
    path: string,
    timeoutMs: number,
    alive: () => boolean,
    clock: RetryClock = SYSTEM_CLOCK,
  ): Promise<QmpClient> {
    const deadline = clock.now() + timeoutMs;
    for (;;) {
      try {
        const socket = await openSocket(path);
        const client = new QmpClient(socket);
        await withTimeout(client.greeted, deadline - clock.now(), 'the QEMU monitor greeting');
        await client.execute('qmp_capabilities');
        return client;
      } catch (error) {
        if (!alive()) throw new QmpError('QEMU ended before its monitor answered', { cause: error });
        if (clock.now() >= deadline) throw new TimeoutError('the QEMU monitor', timeoutMs, { cause: error });
        await clock.sleep(RETRY_MS);
      }
    }
  }

  /** Runs one command; resolves with its `return` value, rejects with QEMU's error text. */
  async execute(command: string, args?: Record<string, unknown>): Promise<unknown> {
    if (this.closedError) throw this.closedError;
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.socket.write(`${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\n`);
    return await reply;
  }

  private settle(id: number, reply: QmpReply): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if (reply.error) {
      const desc = typeof reply.error.desc === 'string' ? reply.error.desc : 'unknown error';
      waiter.reject(new QmpError(`QEMU refused the command: ${desc}`));
    } else waiter.resolve(reply.return);
  }

  close(): void {
    this.socket.destroy();
  }
}

function parseReply(line: string): QmpReply | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' ? (value as QmpReply) : undefined;
  } catch {
    return undefined;
  }
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, Math.max(0, ms))), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
