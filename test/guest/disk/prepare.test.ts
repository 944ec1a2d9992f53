import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  prepareDiskGuest,
  PREPARE_COMMANDS,
  retryRequest,
  sshArgv,
} from '../../../src/guest/disk/prepare.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../../proc/fakes.js';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nicgate-prepare-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function request() {
  return {
    base: { file: join(dir, 'disk.raw'), format: 'raw' as const },
    target: join(dir, 'prepared.qcow2'),
    accel: 'tcg' as const,
    memoryMiB: 256,
    consoleLog: join(dir, 'prepare-console.log'),
    controlNicModel: 'virtio-net-pci',
    install: Buffer.from('an install archive'),
    timeouts: { readyMs: 2000, stepMs: 2000 },
  };
}

/** qemu-img writes the overlay; ssh answers; the guest exits when told to power off. */
function host(guest: (child: FakeChild) => void, sshFails = 0) {
  let guestChild: FakeChild | undefined;
  let failures = sshFails;
  const exec = fakeExec((argv) => {
    if (argv[0] === 'qemu-img') writeFileSync(argv.at(-1)!, 'overlay');
    if (argv[0] === 'ssh' && argv.at(-1) === PREPARE_COMMANDS.install && failures-- > 0)
      return new Error('ssh: connection reset');
    if (argv[0] === 'ssh' && argv.at(-1) === PREPARE_COMMANDS.powerOff)
      queueMicrotask(() => guestChild?.exit({ code: 0, signal: null }));
    return {};
  });
  const spawn = fakeSpawn((child) => {
    guestChild = child;
    guest(child);
  });
  const tracked: number[] = [];
  const untracked: number[] = [];
  return {
    exec,
    spawn,
    tracked,
    untracked,
    host: {
      exec,
      spawn,
      freePort: async () => 40022,
      track: (pid: number) => tracked.push(pid),
      untrack: (pid: number) => untracked.push(pid),
    },
  };
}

describe('prepareDiskGuest', () => {
  it('boots the base on an overlay with the control NIC, sends the archive over SSH, powers off, keeps the overlay', async () => {
    const h = host((child) => child.print('NICGATE:sshd:22'));
    await prepareDiskGuest(request(), h.host);
    const [create, install, powerOff] = h.exec.calls;
    expect(create!.argv.slice(0, 8)).toEqual(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'raw', '-b']);
    // The backing file relative to the overlay, so the pair can move together.
    expect(create!.argv[8]).toBe('disk.raw');
    expect(install!.argv).toEqual(sshArgv(40022, PREPARE_COMMANDS.install));
    expect(install!.options.input).toEqual(Buffer.from('an install archive'));
    expect(powerOff!.argv).toEqual(sshArgv(40022, PREPARE_COMMANDS.powerOff));
    expect(powerOff!.options.allowFailure).toBe(true);
    const qemu = h.spawn.children[0]!.argv.join(' ');
    expect(qemu).toContain('-netdev user,id=ctl,ipv6=off,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22');
    expect(qemu).toMatch(/-drive file=.*prepared\.qcow2\.partial-\d+,if=virtio,format=qcow2/);
    // The base is pinned on the command line, whatever the overlay's header names.
    const argv = h.spawn.children[0]!.argv;
    const drive = argv[argv.indexOf('-drive') + 1]!.split(',');
    expect(drive).toEqual(
      expect.arrayContaining([
        'backing.driver=raw',
        'backing.file.driver=file',
        `backing.file.filename=${join(dir, 'disk.raw')}`,
      ]),
    );
    expect(qemu).not.toContain('tap');
    expect(readFileSync(join(dir, 'prepared.qcow2'), 'utf8')).toBe('overlay');
    expect(h.tracked).toEqual([40000]);
    expect(h.untracked).toEqual([40000]);
  });

  it('tries once more on a fresh overlay when the first try fails, and succeeds', async () => {
    const h = host((child) => child.print('NICGATE:sshd:22'), 1);
    await prepareDiskGuest(request(), h.host);
    expect(h.spawn.children).toHaveLength(2);
    expect(h.spawn.children[0]!.kills).toContain('SIGTERM');
    expect(h.exec.calls.filter((c) => c.argv[0] === 'qemu-img')).toHaveLength(2);
    expect(existsSync(join(dir, 'prepared.qcow2'))).toBe(true);
  });

  it('fails after the second try, naming both reasons and the console log, and leaves no overlay', async () => {
    const h = host((child) => child.print('NICGATE:error:no control interface appeared'));
    await expect(prepareDiskGuest(request(), h.host)).rejects.toThrow(
      /prepare failed twice, each time on a fresh overlay: the guest failed before prepare: no control interface appeared \(first try: .*; console log .*prepare-console\.log\)/,
    );
    expect(h.exec.calls.filter((c) => c.argv[0] === 'ssh')).toEqual([]);
    expect(existsSync(join(dir, 'prepared.qcow2'))).toBe(false);
    expect(h.untracked).toEqual([40000, 40001]);
  });

  it('times out when the guest never offers SSH', async () => {
    const h = host(() => undefined);
    await expect(
      prepareDiskGuest({ ...request(), timeouts: { readyMs: 50, stepMs: 50 } }, h.host),
    ).rejects.toThrow(/prepare failed twice.*did not finish within/);
    expect(existsSync(join(dir, 'prepared.qcow2'))).toBe(false);
  });
});

describe('retryRequest', () => {
  const abort = readFileSync(
    join(import.meta.dirname, '../../../fixtures/qemu/kvm-msr-0x10a-abort.stderr'),
    'utf8',
  );

  it('retries under KVM without arch-capabilities after QEMU aborted on MSR 0x10a, as the probe does', () => {
    const first = new Error(
      `QEMU exited with 134 before SSH answered: ${abort.trim().split('\n').slice(-3).join(' | ')}`,
    );
    expect(retryRequest<{ accel: 'kvm'; cpuModel?: string }>({ accel: 'kvm' }, first).cpuModel).toBe(
      'host,-arch-capabilities',
    );
  });

  it('keeps the request for any other failure, and under TCG', () => {
    expect(retryRequest({ accel: 'kvm' as const }, new Error('ssh: connection reset'))).toEqual({
      accel: 'kvm',
    });
    expect(retryRequest({ accel: 'tcg' as const }, new Error(abort))).toEqual({ accel: 'tcg' });
  });
});
