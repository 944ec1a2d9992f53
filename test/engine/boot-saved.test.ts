// bootGuest with saved guests on: the first boot of a key saves it, later boots restore it, and a
// state that cannot be used falls back to a cold boot with a warning. QEMU is a fake child whose
// monitor is a real QMP server on the socket its argv names.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootGuest } from '../../src/engine/boot.js';
import { savedGuestParts } from '../../src/engine/boot-spec.js';
import { stopGuest, type BootContext } from '../../src/engine/boot-vm.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';
import {
  findSavedGuest,
  savedGuestKey,
  savedGuestStore,
  statePath,
  type SavedGuestStore,
} from '../../src/engine/saved-guests.js';
import type { BootJob, GuestImage } from '../../src/guest/os.js';
import type { LinkProfile, TuningProfile } from '../../src/model/plan.js';
import { Ledger } from '../../src/net/ledger.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../proc/fakes.js';
import { startFakeQmp, type FakeQmp, type QmpAnswer, type QmpCommand } from '../qemu/fake-qmp.js';

const QEMU_VERSION = 'QEMU emulator version 7.2.22';
const HOST_CPU = 'emulated (tcg)';
const STATE = Buffer.from('the guest, waiting for its job '.repeat(1000));
const lan: LinkProfile = { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 };
const tuned: TuningProfile = {
  name: 'tuned',
  source: 'builtin',
  sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
};
const READY = [
  'NICGATE:job:received',
  'NICGATE:kernel:6.1.0-test',
  'NICGATE:sysctl:net.core.rmem_max=16777216',
  'NICGATE:ready:5201',
];

let dir: string;
let monitors: FakeQmp[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-boot-saved-'));
  mkdirSync(join(dir, 'work'));
  monitors = [];
});
afterEach(async () => {
  for (const monitor of monitors) await monitor.close();
  rmSync(dir, { recursive: true, force: true });
});

function fakeImage(): GuestImage & { awaiting: string[]; jobs: BootJob[] } {
  const awaiting: string[] = [];
  const jobs: BootJob[] = [];
  return {
    awaiting,
    jobs,
    kernelRelease: '6.1.0-test',
    kernelSource: 'test kernel',
    contentHash: 'a'.repeat(64),
    canSave: true,
    bootMedia: async (job, stem) => {
      jobs.push(job);
      writeFileSync(`${stem}.cpio`, 'job');
      return {
        boot: { kind: 'kernel', kernel: '/cache/vmlinuz', initrd: `${stem}.cpio`, append: [] },
        files: [`${stem}.cpio`],
      };
    },
    awaitingMedia: async (nic, stem) => {
      awaiting.push(nic);
      writeFileSync(`${stem}.cpio`, `awaiting ${nic}`);
      return {
        boot: { kind: 'kernel', kernel: '/cache/vmlinuz', initrd: `${stem}.cpio`, append: [] },
        files: [`${stem}.cpio`],
      };
    },
    controlJob: (job) => `address ${job.address}\nend\n`,
  };
}

function valueAfter(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at < 0 ? undefined : argv[at + 1];
}

interface QemuScript {
  /** What the fake QEMU does when started with `-incoming`: load the state, or exit as a bad load does. */
  restore?: 'loads' | 'exits';
  /** How a save ends. */
  save?: 'completes' | 'fails';
}

/** A QEMU: serves QMP on the socket its argv names, streams STATE on `migrate`, answers its job with READY. */
function fakeQemu(script: QemuScript) {
  return (child: FakeChild): void => {
    const qmp = valueAfter(child.argv, '-qmp');
    const restoring = child.argv.includes('-incoming');
    if (restoring && script.restore === 'exits') {
      child.printError("qemu-system-x86_64: Unknown savevm section or instance '0000:00:02.0/e1000' 0\n");
      child.printError('qemu-system-x86_64: load of migration failed: Invalid argument\n');
      child.exit({ code: 1, signal: null });
      return;
    }
    let migration = 'none';
    let status = restoring ? 'inmigrate' : 'running';
    const answer = (command: QmpCommand): QmpAnswer => {
      switch (command.execute) {
        case 'stop':
          status = 'paused';
          return { return: {} };
        case 'cont':
          status = 'running';
          return { return: {} };
        case 'query-status':
          if (status === 'inmigrate') {
            status = 'paused';
            return { return: { status: 'inmigrate' } };
          }
          return { return: { status } };
        case 'migrate': {
          migration = 'active';
          const socket = connect(String(command.arguments?.uri).replace(/^unix:/, ''));
          if (script.save === 'fails') {
            socket.destroy();
            migration = 'failed';
          } else socket.end(STATE, () => (migration = 'completed'));
          return { return: {} };
        }
        case 'query-migrate':
          return {
            return:
              migration === 'failed'
                ? { status: 'failed', 'error-desc': 'Unable to write' }
                : { status: migration },
          };
        default:
          return { return: {} };
      }
    };
    if (qmp)
      void startFakeQmp(qmp.replace(/^unix:/, '').replace(/,server=on,wait=off$/, ''), answer).then((m) =>
        monitors.push(m),
      );
    child.onWrite = (text) => {
      if (text.endsWith('end\n')) child.print(...READY);
    };
    if (!restoring) child.print('NICGATE:kernel:6.1.0-test', 'NICGATE:awaiting:job');
  };
}

function setUp(script: QemuScript, store: SavedGuestStore = savedGuestStore(join(dir, 'cache'))) {
  const ledger = new Ledger(join(dir, 'state'), 'abc123');
  const exec = fakeExec();
  const spawn = fakeSpawn(fakeQemu(script));
  const image = fakeImage();
  const warnings: string[] = [];
  const ctx: BootContext = {
    image,
    accel: 'tcg',
    ledger,
    netns: 'nicgate-abc123',
    hostNetem: true,
    workDir: join(dir, 'work'),
    scratchDir: dir,
    uid: 1000,
    saved: { store, qemuVersion: QEMU_VERSION, hostCpu: HOST_CPU },
    warn: (message) => warnings.push(message),
    deps: { exec, spawn, tapCarrierUp: async () => true, guests: GUEST_CATALOG },
  };
  const key = savedGuestKey(savedGuestParts(ctx, 'e1000', { qemuVersion: QEMU_VERSION, hostCpu: HOST_CPU }));
  return { ctx, spawn, image, warnings, store, key };
}

const setup = { guest: 'linux' as const, nic: 'e1000', profile: tuned, link: lan };

describe('bootGuest with saved guests', () => {
  it('boots the first guest of a key to its wait, saves it, then hands it its job', async () => {
    const { ctx, spawn, image, warnings, store, key } = setUp({});
    const guest = await bootGuest(ctx, 1, setup);
    expect(guest.start).toBe('saved');
    expect(warnings).toEqual([]);
    expect(image.awaiting).toEqual(['e1000']);
    expect(image.jobs).toEqual([]);
    const child = spawn.children[0]!;
    expect(valueAfter(child.argv, '-qmp')).toBe(`unix:${join(dir, 'qmp-1.sock')},server=on,wait=off`);
    expect(child.argv).not.toContain('-incoming');
    // One MAC for every saved guest: a restored copy keeps the MAC it was saved with.
    expect(valueAfter(child.argv, '-device')).toBe('e1000,netdev=net0,mac=52:54:00:00:00:02');
    expect(child.written).toEqual(['address 198.18.0.6/30\nend\n']);
    expect(guest.report).toMatchObject({ kernelRelease: '6.1.0-test', sysctls: tuned.sysctls });

    expect(readFileSync(statePath(store, key)).equals(STATE)).toBe(true);
    const record = JSON.parse(readFileSync(join(store.dir, `${key}.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(record).toMatchObject({
      key,
      stateBytes: STATE.length,
      stateSha256: createHash('sha256').update(STATE).digest('hex'),
      parts: {
        nic: 'e1000',
        qemuVersion: QEMU_VERSION,
        accel: 'tcg',
        image: 'a'.repeat(64),
        memoryMiB: 512,
        cpus: 1,
      },
    });
    // The guest was stopped for the save and resumed after it.
    expect(monitors[0]!.commands.map((c) => c.execute)).toEqual(
      expect.arrayContaining(['stop', 'migrate-set-parameters', 'migrate', 'query-migrate', 'cont']),
    );
    expect(monitors[0]!.commands.at(-1)).toEqual({ execute: 'cont' });
    await stopGuest(ctx, guest);
    expect(existsSync(join(dir, 'boot-1.cpio'))).toBe(false);
  });

  it('restores a later guest of the key from its state, fed to QEMU as descriptor 4 (after the console log), and sends its job', async () => {
    const first = setUp({});
    await stopGuest(first.ctx, await bootGuest(first.ctx, 1, setup));

    const { ctx, spawn, image, warnings } = setUp({ restore: 'loads' }, savedGuestStore(join(dir, 'cache')));
    const guest = await bootGuest(ctx, 2, setup);
    expect(guest.start).toBe('restored');
    expect(warnings).toEqual([]);
    const child = spawn.children[0]!;
    expect(valueAfter(child.argv, '-incoming')).toBe('fd:4');
    expect(spawn.options[0]?.fds).toHaveLength(2);
    expect(image.awaiting).toEqual(['e1000']);
    expect(child.written).toEqual(['address 198.18.0.10/30\nend\n']);
    expect(monitors.at(-1)!.commands.map((c) => c.execute)).toEqual(['query-status', 'query-status', 'cont']);
    expect(guest.addresses.guest).toBe('198.18.0.10');
    await stopGuest(ctx, guest);
  });

  it('falls back to a cold boot, with a warning, when QEMU cannot load the state, and saves it again', async () => {
    const first = setUp({});
    await stopGuest(first.ctx, await bootGuest(first.ctx, 1, setup));

    const { ctx, spawn, warnings, store, key } = setUp(
      { restore: 'exits' },
      savedGuestStore(join(dir, 'cache')),
    );
    const guest = await bootGuest(ctx, 2, setup);
    expect(guest.start).toBe('saved');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^saved guest ${key} did not restore \\(QEMU exited with 1 .*load of migration failed.*\\); booting cold and saving it again$`,
      ),
    );
    expect(spawn.children).toHaveLength(2);
    expect(spawn.children[0]!.argv).toContain('-incoming');
    expect(spawn.children[1]!.argv).not.toContain('-incoming');
    expect(
      (
        await findSavedGuest(
          store,
          savedGuestParts(ctx, 'e1000', { qemuVersion: QEMU_VERSION, hostCpu: HOST_CPU }),
        )
      ).status,
    ).toBe('found');
    await stopGuest(ctx, guest);
    expect(ctx.ledger.data).toMatchObject({ taps: [], vms: [] });
  });

  it('does not try a state whose file does not match its record: warns, removes it, boots cold', async () => {
    const first = setUp({});
    await stopGuest(first.ctx, await bootGuest(first.ctx, 1, setup));
    writeFileSync(statePath(first.store, first.key), Buffer.alloc(STATE.length));

    const { ctx, spawn, warnings, key } = setUp({ restore: 'loads' }, savedGuestStore(join(dir, 'cache')));
    const guest = await bootGuest(ctx, 2, setup);
    expect(warnings).toEqual([
      `saved guest ${key} is not used: its state file does not match the digest in its record; booting cold and saving it again`,
    ]);
    expect(spawn.children.map((c) => c.argv.includes('-incoming'))).toEqual([false]);
    expect(guest.start).toBe('saved');
    await stopGuest(ctx, guest);
  });

  it('never restores across another QEMU version: that key has no state, so the guest boots and saves its own', async () => {
    const first = setUp({});
    await stopGuest(first.ctx, await bootGuest(first.ctx, 1, setup));

    const { ctx, spawn, warnings } = setUp({ restore: 'loads' }, savedGuestStore(join(dir, 'cache')));
    ctx.saved = { ...ctx.saved!, qemuVersion: 'QEMU emulator version 8.2.2' };
    const guest = await bootGuest(ctx, 2, setup);
    expect(guest.start).toBe('saved');
    expect(warnings).toEqual([]);
    expect(spawn.children[0]!.argv).not.toContain('-incoming');
    expect(readdirSync(join(dir, 'cache', 'saved')).filter((n) => n.endsWith('.state'))).toHaveLength(2);
    await stopGuest(ctx, guest);
  });

  it('keeps a guest whose save failed, with a warning, and leaves no state behind', async () => {
    const { ctx, warnings, store, key } = setUp({ save: 'fails' });
    const guest = await bootGuest(ctx, 1, setup);
    expect(guest.start).toBe('cold');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^the guest could not be saved \(.*\); later boots start cold$/);
    expect(existsSync(statePath(store, key))).toBe(false);
    expect(readdirSync(store.dir).filter((name) => !name.startsWith('.'))).toEqual([]);
    expect(readdirSync(store.dir)).toEqual([]);
    await stopGuest(ctx, guest);
  });

  it('saves a key once when two guests of it boot side by side', async () => {
    const store = savedGuestStore(join(dir, 'cache'));
    const { ctx } = setUp({}, store);
    const [a, b] = await Promise.all([bootGuest(ctx, 1, setup), bootGuest(ctx, 2, setup)]);
    expect([a.start, b.start].sort()).toEqual(['cold', 'saved']);
    await stopGuest(ctx, a);
    await stopGuest(ctx, b);
  });

  it('boots with the job in the initrd, no monitor and no state, when saved guests are off', async () => {
    const { ctx, spawn, image } = setUp({});
    delete ctx.saved;
    spawn.children.length = 0;
    const coldSpawn = fakeSpawn((child) => child.print(...READY.slice(1)));
    ctx.deps = { ...ctx.deps, spawn: coldSpawn };
    const guest = await bootGuest(ctx, 1, setup);
    expect(guest.start).toBe('cold');
    expect(image.jobs).toHaveLength(1);
    expect(image.awaiting).toEqual([]);
    expect(coldSpawn.children[0]!.argv).not.toContain('-qmp');
    expect(valueAfter(coldSpawn.children[0]!.argv, '-device')).toBe(
      'e1000,netdev=net0,mac=52:54:00:00:01:02',
    );
    expect(existsSync(join(dir, 'cache'))).toBe(false);
    await stopGuest(ctx, guest);
  });
});
