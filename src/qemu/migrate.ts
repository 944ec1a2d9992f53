// Saving a guest's state to a file and waiting for a saved state to load, over QMP. The state is
// QEMU's migration stream: sent to a unix socket this process listens on (no shell, no `exec:`
// URI) and read back by a new QEMU from an inherited descriptor (`-incoming fd:3`).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { RunError, TimeoutError } from '../common/errors.js';
import type { QmpClient } from './qmp.js';

/** QEMU throttles migration to 32 MiB/s by default; a local file has no link to spare. */
const UNTHROTTLED_BYTES_PER_SEC = 64 * 1024 ** 3;
const POLL_MS = 10;

export interface WrittenState {
  path: string;
  bytes: number;
  sha256: string;
}

interface Status {
  status?: unknown;
  'error-desc'?: unknown;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Receiver {
  /** Settles once the whole stream is on disk, or on the first error. */
  done: Promise<{ bytes: number; sha256: string }>;
  /** Drops the connection and the listening socket (after success, failure or timeout alike). */
  close(): void;
}

/** Accepts QEMU's one migration connection and writes it to `target` (created, never overwritten). */
function receiveInto(server: Server, target: string): Receiver {
  let accepted: Socket | undefined;
  const done = new Promise<{ bytes: number; sha256: string }>((resolve, reject) => {
    server.once('error', reject);
    server.once('connection', (socket) => {
      accepted = socket;
      server.close();
      const hash = createHash('sha256');
      let bytes = 0;
      const file = createWriteStream(target, { flags: 'wx' });
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      socket.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      socket.on('error', fail);
      file.on('error', fail);
      file.on('close', () => resolve({ bytes, sha256: hash.digest('hex') }));
      socket.pipe(file);
    });
  });
  // Awaited only once QEMU reports completion; an early failure must not go unhandled meanwhile.
  done.catch(() => undefined);
  return {
    done,
    close: () => {
      accepted?.destroy();
      server.close();
    },
  };
}

/**
 * Pauses the guest and saves its whole state to `target` through a socket at `socketPath`. The
 * guest stays paused (`cont` resumes it). Rejects when QEMU reports the migration failed.
 */
export async function saveVmState(
  qmp: QmpClient,
  paths: { socket: string; target: string },
  timeoutMs: number,
): Promise<WrittenState> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(paths.socket, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  let receiver: Receiver | undefined;
  try {
    receiver = receiveInto(server, paths.target);
    // Stopped first: one pass over memory, nothing dirtied while it is copied.
    await qmp.execute('stop');
    await qmp.execute('migrate-set-parameters', { 'max-bandwidth': UNTHROTTLED_BYTES_PER_SEC });
    await qmp.execute('migrate', { uri: `unix:${paths.socket}` });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const state = (await qmp.execute('query-migrate')) as Status;
      if (state.status === 'completed') break;
      if (state.status === 'failed' || state.status === 'cancelled') {
        const why = typeof state['error-desc'] === 'string' ? `: ${state['error-desc']}` : '';
        throw new RunError(`QEMU could not save the guest (migration ${state.status}${why})`);
      }
      if (Date.now() > deadline) throw new TimeoutError('saving the guest', timeoutMs);
      await sleep(POLL_MS);
    }
    return { path: paths.target, ...(await receiver.done) };
  } finally {
    receiver?.close();
    server.close();
    await rm(paths.socket, { force: true });
  }
}

/**
 * Waits until a QEMU started with `-incoming` has loaded its state (it leaves `inmigrate`; a
 * state saved paused loads paused), then resumes the guest. QEMU exits if the load fails.
 */
export async function resumeLoadedVm(qmp: QmpClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await qmp.execute('query-status')) as Status;
    if (state.status === 'paused') break;
    if (state.status === 'running') return;
    if (state.status !== 'inmigrate')
      throw new RunError(`the restored guest is in state ${JSON.stringify(state.status)}, not paused`);
    if (Date.now() > deadline) throw new TimeoutError('loading the saved guest', timeoutMs);
    await sleep(POLL_MS);
  }
  await qmp.execute('cont');
}
