// Prepare of a user's BSD image, driven by a scripted QEMU whose serial console is a real unix
// socket the test serves at the path QEMU's command line names, playing the recipes' transcripts,
// and a scripted SSH executor: the boots it makes, what it types and runs in what order, which
// step a failure names, the retry on a fresh overlay, and what is left after (nothing).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FREEBSD_RECIPE } from '../../../src/guest/freebsd/prepare-recipe.js';
import {
  BSD_IMAGE_COMMANDS,
  prepareBsdImage,
  type BsdPrepareRequest,
} from '../../../src/guest/image/bsd-prepare.js';
import { ImagePrepareError } from '../../../src/guest/image/prepare-commands.js';
import { NETBSD_RECIPE } from '../../../src/guest/netbsd/prepare-recipe.js';
import type { ImageRecipe } from '../../../src/guest/recipe/recipe.js';
import { CommandError } from '../../../src/proc/exec.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../../proc/fakes.js';
import { firstTurns, serveTranscript, type ConsolePeer } from '../recipe/console-peer.js';
import { readTranscript, TEST_KEY } from '../recipe/replay.js';

let dir: string;
const peers: ConsolePeer[] = [];
beforeEach(() => {
  // Short: the console socket's path must fit a unix socket's.
  dir = mkdtempSync(join(tmpdir(), 'ng-bsd-'));
  mkdirSync(join(dir, 'scratch'));
});
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

// The test's key with prepare's comment, as ssh-keygen would print the one-run key.
const ONE_RUN_KEY = `${TEST_KEY.split(' ').slice(0, 2).join(' ')} nicgate-prepare`;

function request(recipe: ImageRecipe): BsdPrepareRequest {
  return {
    image: { file: join(dir, 'bsd.qcow2'), format: 'qcow2', virtualBytes: 2 ** 31 },
    dir: join(dir, 'prepared'),
    accel: 'tcg',
    memoryMiB: 1024,
    consoleLog: join(dir, 'prepare-console.log'),
    controlNicModel: 'virtio-net-pci',
    recipe,
    installArchive: Buffer.from('the install archive'),
    scratchDir: join(dir, 'scratch'),
    timeouts: { readyMs: 60_000, stepMs: 5000, installMs: 5000 },
  };
}

/** The recipe with every step's time limit `ms`. */
const hurried = (recipe: ImageRecipe, ms: number): ImageRecipe => ({
  ...recipe,
  console: recipe.console.map((step) => ({ ...step, timeoutMs: ms })),
});

interface Script {
  transcript: string;
  /** Turns of the transcript the console plays (all by default). */
  turns?: number;
  /** Whether iperf3 is in the image before an install. */
  iperf3?: boolean;
  /** The hook install fails this many times. */
  hookFailures?: number;
}

function scripted(script: Script) {
  let guest: FakeChild | undefined;
  let installed = script.iperf3 ?? false;
  let hookFailures = script.hookFailures ?? 0;
  const remote: string[] = [];
  const inputs: (Buffer | undefined)[] = [];
  const exec = fakeExec((argv, options) => {
    const tool = argv[0]!.split('/').pop();
    if (tool === 'qemu-img') writeFileSync(argv.at(-2)!, 'overlay');
    if (tool === 'ssh-keygen') {
      const key = argv[argv.indexOf('-f') + 1]!;
      writeFileSync(key, 'PRIVATE');
      writeFileSync(`${key}.pub`, `${ONE_RUN_KEY}\n`);
    }
    if (tool !== 'ssh') return {};
    const command = argv.at(-1)!;
    remote.push(command);
    inputs.push(options.input as Buffer | undefined);
    const fail = () => new CommandError(argv, { code: 1, signal: null, stdout: '', stderr: 'failed\n' });
    if (command === BSD_IMAGE_COMMANDS.hasIperf3)
      return installed ? { stdout: '/usr/local/bin/iperf3\n' } : fail();
    if (command === BSD_IMAGE_COMMANDS.release) return { stdout: '14.3-RELEASE\n' };
    if (command.startsWith('env ')) installed = true;
    if (command.startsWith('tar -x') && hookFailures-- > 0) return fail();
    if (command.includes('shutdown -p now')) queueMicrotask(() => guest?.exit({ code: 0, signal: null }));
    return {};
  });
  const transcript = readTranscript(script.transcript);
  const spawn = fakeSpawn((child) => {
    guest = child;
    const chardev = child.argv[child.argv.indexOf('-chardev') + 1]!;
    const path = /path=([^,]+),/.exec(chardev)![1]!;
    void serveTranscript(
      path,
      script.turns === undefined ? transcript : firstTurns(transcript, script.turns),
      { quietMs: 60 },
    ).then((peer) => {
      peers.push(peer);
      // QEMU's end closes its console.
      child.onExit(() => void peer.close());
    });
  });
  const host = {
    exec,
    spawn,
    findTool: async (tool: string) => `/usr/bin/${tool}`,
    freePort: async () => 40022,
    sleep: async () => undefined,
    typingDelayMs: 1,
  };
  return { exec, spawn, host, remote, inputs, peers };
}

const netdevs = (child: FakeChild): string[] =>
  child.argv.flatMap((word, i) => (child.argv[i - 1] === '-netdev' ? [word] : []));
const drives = (child: FakeChild): string[] =>
  child.argv.flatMap((word, i) => (child.argv[i - 1] === '-drive' ? [word] : []));

function expectNothingLeft(s: ReturnType<typeof scripted>): void {
  expect(readdirSync(join(dir, 'scratch'))).toEqual([]);
  expect(s.spawn.children.every((child) => child.ended)).toBe(true);
}

describe('prepareBsdImage', () => {
  it('FreeBSD: a restricted boot finds no iperf3; the second, with a way out, logs in on the console, installs iperf3 with pkg, the hook, powers off', async () => {
    const s = scripted({ transcript: 'freebsd-basic-ci.txt' });
    const found = await prepareBsdImage(request(FREEBSD_RECIPE), s.host);
    expect(found).toEqual({ kernelRelease: '14.3-RELEASE', iperf3: 'pkg' });
    expect(s.spawn.children.map((child) => netdevs(child)[0]!.match(/restrict=(on|off)/)![1])).toEqual([
      'on',
      'off',
    ]);
    const qemu = s.spawn.children[1]!;
    expect(netdevs(qemu)[0]).toContain('hostfwd=tcp:127.0.0.1:40022-:22');
    expect(drives(qemu)[0]).toContain(`backing.file.filename=${join(dir, 'bsd.qcow2')}`);
    expect(drives(qemu)[1]).toMatch(/seed\.img,if=virtio,format=raw,readonly=on$/);
    expect(qemu.argv.join(' ')).toMatch(
      /-chardev socket,id=console,path=\S+\/console\.sock,server=on,wait=on,logfile=\/dev\/fdset\/3/,
    );
    expect(qemu.argv).toContain('pc');
    // What reached the guest, in order, over both boots.
    expect(s.remote).toEqual([
      BSD_IMAGE_COMMANDS.probe,
      BSD_IMAGE_COMMANDS.hasIperf3,
      BSD_IMAGE_COMMANDS.probe,
      BSD_IMAGE_COMMANDS.hasIperf3,
      FREEBSD_RECIPE.overSsh['iperf3 install'],
      BSD_IMAGE_COMMANDS.hasIperf3,
      BSD_IMAGE_COMMANDS.release,
      FREEBSD_RECIPE.overSsh['hook install'],
      FREEBSD_RECIPE.overSsh.powerOff,
    ]);
    expect(s.inputs[s.remote.indexOf(FREEBSD_RECIPE.overSsh['hook install'])]).toEqual(
      Buffer.from('the install archive'),
    );
    // Each boot played the console dialogue: root, the key, sshd.
    const typed = s.peers.map((peer) => peer.typed.join(''));
    for (const text of typed) {
      expect(text).toMatch(/^root\r/);
      expect(text).toContain(`echo '${ONE_RUN_KEY}' >> authorized_keys`);
      expect(text).toContain('service sshd restart');
    }
    expect(existsSync(join(dir, 'prepared', 'prepared.qcow2'))).toBe(true);
    expectNothingLeft(s);
  });

  it('NetBSD with iperf3 already in: one restricted boot, the boot loader reached through the BIOS console', async () => {
    const s = scripted({ transcript: 'netbsd-live.txt', iperf3: true });
    const found = await prepareBsdImage(request(NETBSD_RECIPE), s.host);
    expect(found).toEqual({ kernelRelease: '14.3-RELEASE', iperf3: 'image' });
    expect(s.spawn.children).toHaveLength(1);
    const qemu = s.spawn.children[0]!;
    expect(qemu.argv).toContain('pc,graphics=off');
    expect(netdevs(qemu)[0]).toContain('restrict=on');
    // No seed: the recipe has none.
    expect(drives(qemu)).toHaveLength(1);
    expect(s.peers[0]!.typed.slice(0, 5)).toEqual([' ', '5\r', 'consdev com0\r', 'boot\r', 'root\r']);
    expect(s.remote).not.toContain(NETBSD_RECIPE.overSsh['iperf3 install']);
    expectNothingLeft(s);
  });

  it('a console step that times out is named, after one more try on a fresh overlay', async () => {
    const s = scripted({ transcript: 'freebsd-basic-ci.txt', turns: 1 });
    const error = await prepareBsdImage(request(hurried(FREEBSD_RECIPE, 300)), s.host).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImagePrepareError);
    expect((error as ImagePrepareError).step).toBe('login');
    expect((error as Error).message).toMatch(
      /^preparing the image failed twice at step "login", each time on a fresh overlay: the console dialogue failed at step "login": the console did not show root's shell prompt within 0 s; the guest console ended with: .*login:/,
    );
    expect(s.spawn.children).toHaveLength(2);
    expect(s.exec.calls.filter((c) => c.argv[0] === 'qemu-img')).toHaveLength(2);
    expect(s.remote).toEqual([]);
    expectNothingLeft(s);
  });

  it('a failure the console shows is its step (root asks for a password)', async () => {
    const s = scripted({ transcript: 'freebsd-login-refused.txt' });
    const error = await prepareBsdImage(request(FREEBSD_RECIPE), s.host).catch((e: unknown) => e);
    expect((error as ImagePrepareError).step).toBe('login');
    expect((error as Error).message).toContain('root asks for a password on the serial console');
    expectNothingLeft(s);
  });

  it('a hook install that fails once is done again on a fresh overlay; twice, it is the step named', async () => {
    const once = scripted({ transcript: 'freebsd-basic-ci.txt', iperf3: true, hookFailures: 1 });
    await expect(prepareBsdImage(request(FREEBSD_RECIPE), once.host)).resolves.toEqual({
      kernelRelease: '14.3-RELEASE',
      iperf3: 'image',
    });
    expect(once.spawn.children).toHaveLength(2);
    expectNothingLeft(once);

    const twice = scripted({ transcript: 'freebsd-basic-ci.txt', iperf3: true, hookFailures: 2 });
    const error = await prepareBsdImage(request(FREEBSD_RECIPE), twice.host).catch((e: unknown) => e);
    expect((error as ImagePrepareError).step).toBe('hook install');
    expect((error as Error).message).toContain('installing the hook failed');
    expectNothingLeft(twice);
  });

  it('QEMU that ends before its console opens fails the boot step', async () => {
    const s = scripted({ transcript: 'freebsd-basic-ci.txt' });
    const crashing = fakeSpawn((child) => child.exit({ code: 1, signal: null }));
    const error = await prepareBsdImage(request(FREEBSD_RECIPE), { ...s.host, spawn: crashing }).catch(
      (e: unknown) => e,
    );
    expect((error as ImagePrepareError).step).toBe('boot');
    expect((error as Error).message).toContain('QEMU ended before its console could be reached');
    expect(readdirSync(join(dir, 'scratch'))).toEqual([]);
  });
});
