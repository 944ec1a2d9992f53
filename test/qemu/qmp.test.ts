import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunError, TimeoutError } from '../../src/common/errors.js';
import { resumeLoadedVm, saveVmState } from '../../src/qemu/migrate.js';
import { QmpClient, QmpError, type RetryClock } from '../../src/qemu/qmp.js';
import { startFakeQmp, type FakeQmp, type QmpAnswer, type QmpCommand } from './fake-qmp.js';

let dir: string;
let server: FakeQmp | undefined;
let client: QmpClient | undefined;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-qmp-'));
});
afterEach(async () => {
  client?.close();
  client = undefined;
  await server?.close();
  server = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const socketPath = (): string => join(dir, 'qmp.sock');

/** A clock whose sleeps return at once, moving its time on by what was asked; it keeps each sleep. */
function steppingClock(
  onSleep: () => Promise<void> | void = () => undefined,
): RetryClock & { sleeps: number[] } {
  let time = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms) => {
      sleeps.push(ms);
      time += ms;
      await onSleep();
    },
  };
}

/** The command's arrival at the server, and a way to answer it then. */
function heldAnswer<T extends QmpAnswer>(answer: (command: QmpCommand) => T) {
  let arrived!: () => void;
  let release!: () => void;
  return {
    arrived: new Promise<void>((resolve) => (arrived = resolve)),
    release: () => release(),
    answer: (command: QmpCommand) =>
      new Promise<T>((resolve) => {
        release = () => resolve(answer(command));
        arrived();
      }),
  };
}

async function connected(
  answer?: (command: QmpCommand) => QmpAnswer | Promise<QmpAnswer>,
): Promise<QmpClient> {
  server = await startFakeQmp(socketPath(), answer);
  client = await QmpClient.connect(socketPath(), 5000, () => true);
  return client;
}

describe('QmpClient', () => {
  it('negotiates capabilities, then returns each command’s return value, matched by id', async () => {
    const qmp = await connected((command) =>
      command.execute === 'query-status' ? { return: { status: 'running', running: true } } : { return: {} },
    );
    const [status, other] = await Promise.all([qmp.execute('query-status'), qmp.execute('cont')]);
    expect(status).toEqual({ status: 'running', running: true });
    expect(other).toEqual({});
    expect(server!.commands).toEqual([{ execute: 'query-status' }, { execute: 'cont' }]);
  });

  it('sends arguments and ignores events between replies', async () => {
    const held = heldAnswer((command) => ({ return: { echoed: command.arguments } }));
    const qmp = await connected(held.answer);
    const reply = qmp.execute('migrate-set-parameters', { 'max-bandwidth': 5 });
    await held.arrived;
    server!.event('STOP');
    held.release();
    expect(await reply).toEqual({ echoed: { 'max-bandwidth': 5 } });
  });

  it('rejects with QEMU’s error text', async () => {
    const qmp = await connected(() => ({
      error: { class: 'GenericError', desc: 'No migration in progress' },
    }));
    const failure = qmp.execute('migrate_cancel');
    await expect(failure).rejects.toThrow(QmpError);
    await expect(failure).rejects.toThrow('QEMU refused the command: No migration in progress');
  });

  it('waits for a monitor socket QEMU has not created yet', async () => {
    // QEMU creates the socket while the client waits to try again.
    const clock = steppingClock(async () => {
      server ??= await startFakeQmp(socketPath());
    });
    client = await QmpClient.connect(socketPath(), 5000, () => true, clock);
    expect(await client.execute('cont')).toEqual({});
    expect(clock.sleeps).toHaveLength(1);
  });

  it('gives up at once when QEMU has ended: it asks once and never waits', async () => {
    const clock = steppingClock();
    let asked = 0;
    const alive = (): boolean => {
      asked += 1;
      return false;
    };
    await expect(QmpClient.connect(socketPath(), 5000, alive, clock)).rejects.toThrow(
      'QEMU ended before its monitor answered',
    );
    expect({ asked, sleeps: clock.sleeps }).toEqual({ asked: 1, sleeps: [] });
  });

  it('times out when nothing ever listens, once the time is up and not before', async () => {
    const clock = steppingClock();
    const error = await QmpClient.connect(socketPath(), 200, () => true, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).what).toBe('the QEMU monitor');
    const waited = clock.sleeps.reduce((sum, ms) => sum + ms, 0);
    expect(waited).toBeGreaterThanOrEqual(200);
    // The last wait began before the deadline.
    expect(waited - clock.sleeps.at(-1)!).toBeLessThan(200);
  });

  it('fails commands under way when QEMU closes the monitor', async () => {
    // Never answered: QEMU closes the monitor once the command has reached it.
    const held = heldAnswer(() => ({ return: {} }));
    const qmp = await connected(held.answer);
    const pending = qmp.execute('query-migrate');
    await held.arrived;
    await server!.close();
    server = undefined;
    await expect(pending).rejects.toThrow('QEMU closed its monitor connection');
    await expect(qmp.execute('cont')).rejects.toThrow(QmpError);
  });
});

/** A QEMU that, on `migrate`, connects to the URI's socket and streams `state`, then completes. */
function migratingQemu(state: Buffer, outcome: 'completed' | 'failed' = 'completed') {
  let status = 'none';
  return (command: QmpCommand): QmpAnswer => {
    if (command.execute === 'migrate') {
      const uri = String(command.arguments?.uri);
      status = 'active';
      const socket = connect(uri.replace(/^unix:/, ''));
      // A receiver that refuses the stream resets the connection; QEMU sees a failed migration.
      socket.on('error', () => (status = 'failed'));
      socket.end(state, () => (status = outcome));
      return { return: {} };
    }
    if (command.execute === 'query-migrate')
      return {
        return:
          outcome === 'failed' && status === 'failed' ? { status, 'error-desc': 'disk full' } : { status },
      };
    return { return: {} };
  };
}

describe('saveVmState', () => {
  it('stops the guest, lifts the bandwidth cap, and writes the whole stream with its size and digest', async () => {
    const state = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const qmp = await connected(migratingQemu(state));
    const target = join(dir, 'guest.state');
    const written = await saveVmState(qmp, { socket: join(dir, 'save.sock'), target }, 10_000);
    expect(written).toEqual({
      path: target,
      bytes: state.length,
      sha256: createHash('sha256').update(state).digest('hex'),
    });
    expect(readFileSync(target).equals(state)).toBe(true);
    expect(server!.commands.slice(0, 3)).toEqual([
      { execute: 'stop' },
      { execute: 'migrate-set-parameters', arguments: { 'max-bandwidth': 64 * 1024 ** 3 } },
      { execute: 'migrate', arguments: { uri: `unix:${join(dir, 'save.sock')}` } },
    ]);
    expect(server!.commands.at(-1)).toEqual({ execute: 'query-migrate' });
    expect(existsSync(join(dir, 'save.sock'))).toBe(false);
  });

  it('rejects with QEMU’s reason when the migration fails', async () => {
    const qmp = await connected(migratingQemu(Buffer.from('partial'), 'failed'));
    await expect(
      saveVmState(qmp, { socket: join(dir, 'save.sock'), target: join(dir, 'guest.state') }, 10_000),
    ).rejects.toThrow('QEMU could not save the guest (migration failed: disk full)');
    expect(existsSync(join(dir, 'save.sock'))).toBe(false);
  });

  it('times out when the migration never ends', async () => {
    const qmp = await connected((command) =>
      command.execute === 'query-migrate' ? { return: { status: 'active' } } : { return: {} },
    );
    await expect(
      saveVmState(qmp, { socket: join(dir, 'save.sock'), target: join(dir, 'guest.state') }, 200),
    ).rejects.toThrow(TimeoutError);
  });

  it('never overwrites an existing file', async () => {
    const qmp = await connected(migratingQemu(Buffer.from('new state')));
    const target = join(dir, 'guest.state');
    writeFileSync(target, 'old');
    await expect(saveVmState(qmp, { socket: join(dir, 'save.sock'), target }, 2000)).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('old');
  });
});

describe('resumeLoadedVm', () => {
  it('polls until the state is loaded (paused), then resumes it', async () => {
    const statuses = ['inmigrate', 'inmigrate', 'paused'];
    const qmp = await connected((command) =>
      command.execute === 'query-status'
        ? { return: { status: statuses.shift() ?? 'running' } }
        : { return: {} },
    );
    await resumeLoadedVm(qmp, 5000);
    expect(server!.commands.map((c) => c.execute)).toEqual([
      'query-status',
      'query-status',
      'query-status',
      'cont',
    ]);
  });

  it('does nothing more for a guest already running', async () => {
    const qmp = await connected(() => ({ return: { status: 'running' } }));
    await resumeLoadedVm(qmp, 5000);
    expect(server!.commands.map((c) => c.execute)).toEqual(['query-status']);
  });

  it('fails on any other state, naming it', async () => {
    const qmp = await connected(() => ({ return: { status: 'postmigrate' } }));
    await expect(resumeLoadedVm(qmp, 5000)).rejects.toThrow(RunError);
    await expect(resumeLoadedVm(qmp, 5000)).rejects.toThrow(
      'the restored guest is in state "postmigrate", not paused',
    );
  });

  it('times out when the state never loads', async () => {
    const qmp = await connected(() => ({ return: { status: 'inmigrate' } }));
    await expect(resumeLoadedVm(qmp, 150)).rejects.toThrow(TimeoutError);
  });
});
