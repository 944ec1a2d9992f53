// Prepare of a user's image, its steps driven by a scripted executor and guest: which boots it
// makes, what reaches the guest over SSH, where the key lives and that it is gone after, and
// which step a failure names.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ImagePrepareError,
  IMAGE_COMMANDS,
  PACKAGE_MANAGERS,
} from '../../../src/guest/image/prepare-commands.js';
import { prepareUserImage, type ImagePrepareRequest } from '../../../src/guest/image/prepare.js';
import { CommandError } from '../../../src/proc/exec.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../../proc/fakes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-image-prepare-'));
  mkdirSync(join(dir, 'scratch'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function request(readyMs = 60_000): ImagePrepareRequest {
  return {
    image: { file: join(dir, 'app.qcow2'), format: 'qcow2', virtualBytes: 2 ** 31 },
    dir: join(dir, 'prepared'),
    accel: 'tcg',
    memoryMiB: 1024,
    consoleLog: join(dir, 'prepare-console.log'),
    controlNicModel: 'virtio-net-pci',
    hookArchive: Buffer.from('the hook archive'),
    scratchDir: join(dir, 'scratch'),
    timeouts: { readyMs, stepMs: 5000, installMs: 5000 },
  };
}

const INSPECTION = (iperf3: boolean): string =>
  [
    'release=6.1.0-41-cloud-amd64',
    'cmdline=BOOT_IMAGE=/boot/vmlinuz root=UUID=0f1e2d3c-0000-4000-8000-0123456789ab ro console=ttyS0',
    'tool=ip',
    'tool=tc',
    'tool=tar',
    ...(iperf3 ? ['tool=iperf3'] : []),
    'packages=apt-get',
  ].join('\n');

interface Script {
  /** What `ssh ... true` answers while the guest is not ready (default: it is ready). */
  probe?: () => { code: number; stderr: string };
  /** Whether iperf3 is in the image before an install (after one, it is). */
  iperf3?: boolean;
  /** The guest exits at once. */
  crash?: boolean;
  /** What the guest prints on its console. */
  console?: string;
  /** How many times the hook install's connection is cut before it goes through. */
  cuts?: number;
}

function scripted(script: Script = {}) {
  let guest: FakeChild | undefined;
  let installed = script.iperf3 ?? true;
  let cuts = script.cuts ?? 0;
  const keysSeen: string[] = [];
  const exec = fakeExec((argv, options) => {
    const tool = argv[0]!.split('/').pop();
    if (tool === 'qemu-img') writeFileSync(argv.at(-2)!, 'overlay');
    if (tool === 'ssh-keygen') {
      const key = argv[argv.indexOf('-f') + 1]!;
      writeFileSync(key, 'PRIVATE');
      writeFileSync(`${key}.pub`, `ssh-ed25519 ${'B'.repeat(68)} nicgate-prepare\n`);
    }
    if (tool !== 'ssh') return {};
    keysSeen.push(argv[argv.indexOf('-i') + 1]!);
    const command = argv.at(-1)!;
    if (command === IMAGE_COMMANDS.probe) return script.probe?.() ?? {};
    if (command === IMAGE_COMMANDS.inspect) return { stdout: INSPECTION(installed) };
    if (command === IMAGE_COMMANDS.installHook && cuts-- > 0)
      return new CommandError(argv, {
        code: 255,
        signal: null,
        stdout: '',
        stderr: 'kex_exchange_identification: read: Connection reset by peer\n',
      });
    if (command === PACKAGE_MANAGERS['apt-get']) installed = true;
    if (command === IMAGE_COMMANDS.kernel) return { stdoutBytes: Buffer.from('KERNEL') };
    if (command === IMAGE_COMMANDS.initrd) return { stdoutBytes: Buffer.from('INITRD') };
    if (command === IMAGE_COMMANDS.powerOff) queueMicrotask(() => guest?.exit({ code: 0, signal: null }));
    void options;
    return {};
  });
  const spawn = fakeSpawn((child) => {
    guest = child;
    if (script.console !== undefined) writeFileSync(join(dir, 'prepare-console.log'), script.console);
    if (script.crash === true) child.exit({ code: 1, signal: null });
  });
  const host = {
    exec,
    spawn,
    findTool: async (tool: string) => `/usr/bin/${tool}`,
    freePort: async () => 40022,
    sleep: async () => undefined,
  };
  return { exec, spawn, host, keysSeen };
}

const netdevs = (child: FakeChild): string[] =>
  child.argv.flatMap((word, i) => (child.argv[i - 1] === '-netdev' ? [word] : []));

describe('prepareUserImage', () => {
  it('boots once with the seed and a NIC that reaches nothing outside, installs the hook, copies the kernel out', async () => {
    const s = scripted();
    const found = await prepareUserImage(request(), s.host);
    expect(found).toEqual({
      kernelRelease: '6.1.0-41-cloud-amd64',
      rootArgs: ['root=UUID=0f1e2d3c-0000-4000-8000-0123456789ab'],
      iperf3: 'image',
    });
    expect(s.spawn.children).toHaveLength(1);
    const qemu = s.spawn.children[0]!;
    expect(netdevs(qemu)).toEqual(['user,id=ctl,ipv6=off,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22']);
    const drives = qemu.argv.flatMap((word, i) => (qemu.argv[i - 1] === '-drive' ? [word] : []));
    expect(drives[0]).toContain(`backing.file.filename=${join(dir, 'app.qcow2')}`);
    expect(drives[1]).toMatch(/seed\.img,if=virtio,format=raw,readonly=on$/);
    const remote = s.exec.calls.filter((c) => c.argv[0] === 'ssh').map((c) => c.argv.at(-1));
    expect(remote).toEqual([
      IMAGE_COMMANDS.probe,
      IMAGE_COMMANDS.settle,
      IMAGE_COMMANDS.inspect,
      IMAGE_COMMANDS.installHook,
      IMAGE_COMMANDS.kernel,
      IMAGE_COMMANDS.initrd,
      IMAGE_COMMANDS.powerOff,
    ]);
    expect(s.exec.calls.find((c) => c.argv.at(-1) === IMAGE_COMMANDS.installHook)!.options.input).toEqual(
      Buffer.from('the hook archive'),
    );
    expect(readFileSync(join(dir, 'prepared', 'vmlinuz'), 'utf8')).toBe('KERNEL');
    expect(readFileSync(join(dir, 'prepared', 'initrd'), 'utf8')).toBe('INITRD');
    // Every SSH call used the one key, made under the scratch directory and gone now.
    expect(new Set(s.keysSeen).size).toBe(1);
    expect(s.keysSeen[0]!.startsWith(join(dir, 'scratch'))).toBe(true);
    expect(existsSync(s.keysSeen[0]!)).toBe(false);
    expect(readdirSync(join(dir, 'scratch'))).toEqual([]);
  });

  it("boots a second time, that one with a way out, only to install a missing iperf3 with the image's package manager", async () => {
    const s = scripted({ iperf3: false });
    const found = await prepareUserImage(request(), s.host);
    expect(found.iperf3).toBe('apt-get');
    expect(s.spawn.children.map((child) => netdevs(child)[0]!.match(/restrict=(on|off)/)![1])).toEqual([
      'on',
      'off',
    ]);
    const installs = s.exec.calls.filter((c) => c.argv.at(-1) === PACKAGE_MANAGERS['apt-get']);
    expect(installs).toHaveLength(1);
    expect(installs[0]!.options.timeoutMs).toBe(5000);
  });

  it('names cloud-init when SSH keeps refusing the key, after one more try on a fresh overlay', async () => {
    const s = scripted({
      probe: () => ({ code: 255, stderr: 'root@127.0.0.1: Permission denied (publickey).' }),
      console: 'Debian GNU/Linux 12 nicgate-prepare ttyS0\nnicgate-prepare login:\n',
    });
    const error = await prepareUserImage(request(0), s.host).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImagePrepareError);
    expect((error as ImagePrepareError).step).toBe('cloud-init');
    expect((error as Error).message).toMatch(
      /^preparing the image failed twice at step "cloud-init", each time on a fresh overlay: SSH answered but refused the one-run key/,
    );
    expect((error as Error).message).toContain(
      'the guest console ended with: Debian GNU/Linux 12 nicgate-prepare ttyS0 | nicgate-prepare login:',
    );
    expect(s.spawn.children).toHaveLength(2);
    expect(readdirSync(join(dir, 'scratch'))).toEqual([]);
  });

  it('tries a command again when the image cuts its connection (an sshd restarted by cloud-init)', async () => {
    const s = scripted({ cuts: 2 });
    await prepareUserImage(request(), s.host);
    expect(s.exec.calls.filter((c) => c.argv.at(-1) === IMAGE_COMMANDS.installHook)).toHaveLength(3);
    expect(s.spawn.children).toHaveLength(1);
  });

  it('gives up on a connection cut three times in a row, naming the step', async () => {
    const s = scripted({ cuts: 6 });
    const error = await prepareUserImage(request(), s.host).catch((caught: unknown) => caught);
    expect((error as ImagePrepareError).step).toBe('hook install');
    expect((error as Error).message).toContain('Connection reset by peer');
  });

  it('names the boot when QEMU exits before SSH answers', async () => {
    const s = scripted({ crash: true, probe: () => ({ code: 255, stderr: 'Connection refused' }) });
    const error = await prepareUserImage(request(), s.host).catch((caught: unknown) => caught);
    expect((error as ImagePrepareError).step).toBe('boot');
    expect((error as Error).message).toContain('QEMU exited before SSH answered');
  });
});
