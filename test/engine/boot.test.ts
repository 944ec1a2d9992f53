import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shapingCommands } from '../../src/net/link-shaping.js';
import { bootGuest } from '../../src/engine/boot.js';
import { probeBoot } from '../../src/engine/boot-probe.js';
import { stopGuest, type BootContext } from '../../src/engine/boot-vm.js';
import { GUEST_CATALOG } from '../../src/guest/registry.js';
import { GuestError } from '../../src/guest/control.js';
import type { BootJob, GuestImage } from '../../src/guest/os.js';
import type { LinkProfile, TuningProfile } from '../../src/model/plan.js';
import { Ledger, LedgerClosedError, type LedgerData } from '../../src/net/ledger.js';
import { VmExitError } from '../../src/qemu/vm.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../proc/fakes.js';

const NETNS = 'nicgate-abc123';
const TAP = 'ngtabc123-1';
const lan: LinkProfile = { name: 'lan', spec: 'lan', rttMs: 0, lossPct: 0, rateBitsPerSec: 0 };
const rtt50: LinkProfile = { name: 'rtt50ms', spec: 'rtt=50ms', rttMs: 50, lossPct: 0, rateBitsPerSec: 0 };
const NETEM = ['delay', '50ms', 'limit', '100000'];
/** Half the RTT on each side of the tap, where the host and the guest both shape. */
const HALF_NETEM = ['delay', '25ms', 'limit', '100000'];
const tuned: TuningProfile = {
  name: 'tuned',
  source: 'builtin',
  sysctls: [{ name: 'net.core.rmem_max', value: '16777216' }],
};
const READY = [
  'NICGATE:kernel:6.1.0-test',
  'NICGATE:sysctl:net.core.rmem_max=16777216',
  'NICGATE:ready:5201',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-boot-test-'));
  mkdirSync(join(dir, 'work'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A guest image whose boot media are a file per boot in the scratch directory. */
function fakeImage(): GuestImage & { jobs: BootJob[] } {
  const jobs: BootJob[] = [];
  return {
    jobs,
    kernelRelease: '6.1.0-test',
    kernelSource: 'test kernel',
    contentHash: 'a'.repeat(64),
    canSave: true,
    bootMedia: async (job, stem) => {
      jobs.push(job);
      writeFileSync(`${stem}.cpio`, 'initrd');
      return {
        boot: { kind: 'kernel', kernel: '/cache/vmlinuz', initrd: `${stem}.cpio`, append: ['console=ttyS0'] },
        files: [`${stem}.cpio`],
      };
    },
    awaitingMedia: async (nic, stem) => {
      writeFileSync(`${stem}.cpio`, `awaiting ${nic}`);
      return {
        boot: {
          kind: 'kernel',
          kernel: '/cache/vmlinuz',
          initrd: `${stem}.cpio`,
          append: ['console=ttyS0', 'nicgate.await'],
        },
        files: [`${stem}.cpio`],
      };
    },
    controlJob: (job) => `JOB ${JSON.stringify(job)}\n`,
  };
}

function setUp(options: { hostNetem: boolean; guest: (child: FakeChild) => void }) {
  const ledger = new Ledger(join(dir, 'state'), 'abc123');
  const ledgerOnDisk = (): LedgerData => JSON.parse(readFileSync(ledger.path, 'utf8')) as LedgerData;
  const snapshots: { argv: string[]; ledger: LedgerData }[] = [];
  const exec = fakeExec((argv) => {
    snapshots.push({ argv, ledger: ledgerOnDisk() });
    return {};
  });
  const spawn = fakeSpawn(options.guest);
  const image = fakeImage();
  const ctx: BootContext = {
    image,
    accel: 'tcg',
    ledger,
    netns: NETNS,
    hostNetem: options.hostNetem,
    workDir: join(dir, 'work'),
    scratchDir: dir,
    uid: 1000,
    deps: { exec, spawn, tapCarrierUp: async () => true, guests: GUEST_CATALOG },
  };
  return { ctx, exec, spawn, image, snapshots, ledgerOnDisk };
}

const priv = { privileged: true, timeoutMs: 30_000 };

describe('bootGuest', () => {
  it("shapes a Linux guest's link on both sides of the tap, half the RTT each, when the host has netem", async () => {
    const { ctx, exec, spawn, image } = setUp({ hostNetem: true, guest: (c) => c.print(...READY) });
    const guest = await bootGuest(ctx, 1, { guest: 'linux', nic: 'e1000', profile: tuned, link: rtt50 });

    expect(exec.calls).toEqual([
      { argv: ['ip', 'tuntap', 'add', 'dev', TAP, 'mode', 'tap', 'user', '1000'], options: priv },
      { argv: ['ip', 'link', 'set', 'dev', TAP, 'up'], options: priv },
      { argv: ['ip', 'link', 'set', 'dev', TAP, 'netns', NETNS], options: priv },
      { argv: ['ip', '-n', NETNS, 'addr', 'add', '198.18.0.5/30', 'dev', TAP], options: priv },
      { argv: ['ip', '-n', NETNS, 'link', 'set', 'dev', TAP, 'up'], options: priv },
      {
        argv: [
          'ip',
          '-n',
          NETNS,
          'route',
          'replace',
          '198.18.0.4/30',
          'dev',
          TAP,
          'proto',
          'kernel',
          'scope',
          'link',
          'src',
          '198.18.0.5',
          'congctl',
          'cubic',
        ],
        options: priv,
      },
      ...shapingCommands(TAP, HALF_NETEM, 5201, true).map((words) => ({
        argv: ['tc', '-n', NETNS, ...words],
        options: priv,
      })),
    ]);
    expect(image.jobs).toEqual([
      {
        nic: 'e1000',
        sysctls: tuned.sysctls,
        address: '198.18.0.6/30',
        netem: HALF_NETEM,
        iperf3Port: 5201,
        mac: '52:54:00:00:01:02',
      },
    ]);
    expect(guest.linkAppliedAt).toBe('both');
    expect(guest.addresses.guest).toBe('198.18.0.6');
    expect(guest.report).toMatchObject({ kernelRelease: '6.1.0-test', sysctls: tuned.sysctls });

    const argv = spawn.children[0]!.argv;
    expect(argv[0]).toBe('qemu-system-x86_64');
    expect(argv[argv.indexOf('-initrd') + 1]).toBe(join(dir, 'boot-1.cpio'));
    expect(argv[argv.indexOf('-kernel') + 1]).toBe('/cache/vmlinuz');
    expect(argv[argv.indexOf('-m') + 1]).toBe('512M');
    expect(argv[argv.indexOf('-device') + 1]).toBe('e1000,netdev=net0,mac=52:54:00:00:01:02');
    expect(argv[argv.indexOf('-netdev') + 1]).toContain(`ifname=${TAP}`);
    expect(argv).toContain('file,id=console,path=/dev/fdset/3');
    expect(spawn.options[0]?.fds).toHaveLength(1);
    expect(lstatSync(join(dir, 'work', 'console-1.log')).isFile()).toBe(true);
  });

  it('creates the console log itself: a link committed where it goes is replaced, its target untouched', async () => {
    const victim = join(dir, 'passwd');
    writeFileSync(victim, 'root:x:0:0\n');
    symlinkSync(victim, join(dir, 'work', 'console-1.log'));
    const { ctx, spawn } = setUp({ hostNetem: true, guest: (c) => c.print(...READY) });
    await bootGuest(ctx, 1, { guest: 'linux', nic: 'e1000', profile: tuned, link: lan });
    expect(spawn.children[0]!.argv.join(' ')).not.toContain('console-1.log');
    expect(readFileSync(victim, 'utf8')).toBe('root:x:0:0\n');
    expect(lstatSync(join(dir, 'work', 'console-1.log')).isFile()).toBe(true);
  });

  it('leaves the shaping to the guest, with the netem words in its job, when the host has no netem', async () => {
    const { ctx, exec, image } = setUp({ hostNetem: false, guest: (c) => c.print(...READY) });
    const guest = await bootGuest(ctx, 1, {
      guest: 'linux',
      nic: 'virtio-net-pci',
      profile: tuned,
      link: rtt50,
    });
    expect(guest.linkAppliedAt).toBe('guest');
    expect(image.jobs[0]).toEqual({
      nic: 'virtio-net-pci',
      sysctls: tuned.sysctls,
      address: '198.18.0.6/30',
      netem: NETEM,
      iperf3Port: 5201,
      mac: '52:54:00:00:01:02',
    });
    expect(exec.calls.map((call) => call.argv[0])).toEqual(['ip', 'ip', 'ip', 'ip', 'ip', 'ip']);
  });

  it('shapes nothing on an unshaped link', async () => {
    const { ctx, exec, image } = setUp({ hostNetem: true, guest: (c) => c.print(...READY) });
    const guest = await bootGuest(ctx, 0, { guest: 'linux', nic: 'e1000', profile: tuned, link: lan });
    expect(guest.linkAppliedAt).toBe('none');
    expect(image.jobs[0]?.netem).toBeUndefined();
    expect(exec.calls.some((call) => call.argv[0] === 'tc')).toBe(false);
  });

  it('records the tap before creating it and the VM once it runs; stopping removes both', async () => {
    const { ctx, exec, spawn, snapshots, ledgerOnDisk } = setUp({
      hostNetem: true,
      guest: (c) => c.print(...READY),
    });
    const guest = await bootGuest(ctx, 1, { guest: 'linux', nic: 'e1000', profile: tuned, link: lan });
    expect(snapshots[0]!.ledger.taps).toEqual([TAP]);
    // The exact argv, which is what teardown matches before it kills the PID.
    expect(ledgerOnDisk().vms).toEqual([
      { pid: spawn.children[0]!.pid, argv: spawn.children[0]!.argv, tap: TAP },
    ]);
    expect(existsSync(join(dir, 'boot-1.cpio'))).toBe(true);

    exec.calls.length = 0;
    await stopGuest(ctx, guest);
    expect(spawn.children[0]!.kills).toEqual(['SIGTERM']);
    expect(exec.calls.map((call) => call.argv)).toEqual([
      ['ip', '-n', NETNS, 'link', 'del', 'dev', TAP],
      ['ip', 'link', 'del', 'dev', TAP],
    ]);
    expect(ledgerOnDisk()).toMatchObject({ taps: [], vms: [] });
    expect(existsSync(join(dir, 'boot-1.cpio'))).toBe(false);
  });

  it('stops the VM, deletes the tap and clears the ledger when the guest reports a failure', async () => {
    const { ctx, exec, spawn, ledgerOnDisk } = setUp({
      hostNetem: true,
      guest: (c) => c.print('NICGATE:kernel:6.1', 'NICGATE:error:no network interface appeared'),
    });
    const error = await bootGuest(ctx, 1, { guest: 'linux', nic: 'e1000', profile: tuned, link: lan }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GuestError);
    expect((error as Error).message).toBe('guest reported: no network interface appeared');
    expect(spawn.children[0]!.kills).toEqual(['SIGTERM']);
    expect(exec.calls.slice(-2).map((call) => call.argv)).toEqual([
      ['ip', '-n', NETNS, 'link', 'del', 'dev', TAP],
      ['ip', 'link', 'del', 'dev', TAP],
    ]);
    expect(ledgerOnDisk()).toMatchObject({ taps: [], vms: [] });
    expect(existsSync(join(dir, 'boot-1.cpio'))).toBe(false);
  });

  it('does not move the tap of a QEMU that exited before opening it', async () => {
    const { ctx, exec, spawn } = setUp({
      hostNetem: true,
      guest: (c) => {
        c.printError('qemu: could not open tap\n');
        c.exit({ code: 1, signal: null });
      },
    });
    ctx.deps.tapCarrierUp = async () => false;
    const error = await bootGuest(ctx, 1, {
      guest: 'linux',
      nic: 'e1000',
      profile: tuned,
      link: rtt50,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VmExitError);
    expect((error as Error).message).toBe(
      'QEMU exited with 1 before the guest reported in: qemu: could not open tap',
    );
    expect(exec.calls.some((call) => call.argv.includes('netns') && call.argv.includes('set'))).toBe(false);
    expect(exec.calls.some((call) => call.argv[0] === 'tc')).toBe(false);
    expect(spawn.children[0]!.kills).toEqual([]);
  });
});

describe('probeBoot', () => {
  const probeLedger = (): Ledger => new Ledger(join(dir, 'state'), 'abc123');

  it('boots without a NIC and succeeds once the guest kernel reports', async () => {
    const image = fakeImage();
    const spawn = fakeSpawn((c) => c.print('NICGATE:kernel:6.1'));
    const ledger = probeLedger();
    const result = await probeBoot(
      image,
      { accel: 'kvm', cpu: 'host' },
      { workDir: dir, scratchDir: dir },
      1000,
      { spawn, ledger },
    );
    expect(result.ok).toBe(true);
    expect(result.detail).toMatch(/^guest reached user space in \d+\.\d s$/);
    expect(image.jobs).toEqual([{ sysctls: [], address: '198.18.255.254/30', iperf3Port: 5201 }]);
    const argv = spawn.children[0]!.argv;
    expect(argv[argv.indexOf('-nic') + 1]).toBe('none');
    expect(argv[argv.indexOf('-accel') + 1]).toBe('kvm');
    expect(argv[argv.indexOf('-m') + 1]).toBe('256M');
    expect(argv[argv.indexOf('-initrd') + 1]).toBe(join(dir, 'probe.cpio'));
    expect(spawn.children[0]!.kills).toEqual(['SIGTERM']);
  });

  it('fails, with the reason, when QEMU dies first', async () => {
    const spawn = fakeSpawn((c) => {
      c.printError('failed to set MSR 0x10a\n');
      c.exit({ code: null, signal: 'SIGABRT' });
    });
    const result = await probeBoot(
      fakeImage(),
      { accel: 'kvm', cpu: 'host' },
      { workDir: dir, scratchDir: dir },
      1000,
      {
        spawn,
        ledger: probeLedger(),
      },
    );
    expect(result).toEqual({
      ok: false,
      detail: 'QEMU was killed by SIGABRT before the guest reported in: failed to set MSR 0x10a',
      // All of it, for the accelerator choice (qemu/accel.ts) to read.
      stderr: 'failed to set MSR 0x10a\n',
    });
  });
});

describe('the ledger around a boot', () => {
  it('records the probe VM with its argv while it runs, and forgets it once stopped', async () => {
    const ledger = new Ledger(join(dir, 'state'), 'abc123');
    const seen: LedgerData['vms'][] = [];
    const spawn = fakeSpawn((c) => {
      seen.push((JSON.parse(readFileSync(ledger.path, 'utf8')) as LedgerData).vms);
      c.print('NICGATE:kernel:6.1');
    });
    await probeBoot(fakeImage(), { accel: 'kvm', cpu: 'host' }, { workDir: dir, scratchDir: dir }, 1000, {
      spawn,
      ledger,
    });
    expect(seen).toEqual([[{ pid: spawn.children[0]!.pid, argv: spawn.children[0]!.argv }]]);
    expect(ledger.data.vms).toEqual([]);
    expect(existsSync(join(dir, 'probe.cpio'))).toBe(false);
  });

  it('creates no tap and starts no QEMU once teardown has begun', async () => {
    const { ctx, exec, spawn } = setUp({ hostNetem: true, guest: (c) => c.print(...READY) });
    await ctx.ledger.seal();
    await expect(
      bootGuest(ctx, 1, { guest: 'linux', nic: 'e1000', profile: tuned, link: lan }),
    ).rejects.toBeInstanceOf(LedgerClosedError);
    await expect(
      probeBoot(fakeImage(), { accel: 'kvm', cpu: 'host' }, { workDir: dir, scratchDir: dir }, 1000, {
        spawn,
        ledger: ctx.ledger,
      }),
    ).rejects.toBeInstanceOf(LedgerClosedError);
    expect(exec.calls).toEqual([]);
    expect(spawn.children).toEqual([]);
  });
});
