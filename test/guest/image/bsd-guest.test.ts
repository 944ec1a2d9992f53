// A user's FreeBSD or NetBSD image as a guest: a run reaches its prepare (warned as not yet run
// on a real guest), the prepared folder is recorded and reused, and each boot starts the
// prepared overlay through the image's own boot loader with the BSD job disk. The prepare boot
// is a scripted QEMU whose console the test serves on a real unix socket; qemu-img is the real
// one (it only writes the overlay's header).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSD_IMAGE_COMMANDS } from '../../../src/guest/image/bsd-prepare.js';
import { userImageGuest } from '../../../src/guest/image/os.js';
import { GUEST_CATALOG } from '../../../src/guest/registry.js';
import type { ImageGuest } from '../../../src/model/plan.js';
import { parsePreparedBsdImageRecord } from '../../../src/model/prepared-image.js';
import { requiredTool } from '../../host/required-tool.js';
import { fakeExec, fakeSpawn, type FakeChild } from '../../proc/fakes.js';
import { serveTranscript, type ConsolePeer } from '../recipe/console-peer.js';
import { readTranscript, TEST_KEY } from '../recipe/replay.js';

let dir: string;
const peers: ConsolePeer[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ng-bsdg-'));
  mkdirSync(join(dir, 'scratch'));
});
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

const image = (os: string, extra: Partial<ImageGuest> = {}): ImageGuest => ({
  name: 'router',
  os,
  path: join(dir, 'router.qcow2'),
  format: 'qcow2',
  virtualBytes: 2 ** 30,
  fileBytes: 2 ** 20,
  contentHash: 'a'.repeat(64),
  ...extra,
});

const JOB = {
  nic: 'e1000',
  sysctls: [],
  address: '198.18.0.2/30',
  iperf3Port: 5201,
  mac: '52:54:00:00:00:02',
};

describe('a user BSD image as a guest', () => {
  it('FreeBSD and NetBSD images are runnable (their recipes prepare them); OpenBSD and DragonFly are refused', () => {
    expect(userImageGuest(image('freebsd'), GUEST_CATALOG).notRunnable).toBeUndefined();
    expect(userImageGuest(image('netbsd'), GUEST_CATALOG).notRunnable).toBeUndefined();
    expect(userImageGuest(image('openbsd'), GUEST_CATALOG).notRunnable).toMatch(
      /^nicgate knows no way into OpenBSD images: /,
    );
    expect(userImageGuest(image('dragonfly'), GUEST_CATALOG).notRunnable).toMatch(
      /^nicgate knows no way into DragonFly BSD images: /,
    );
  });

  it('previews the prepared overlay booted through its own loader, with the job disk', () => {
    expect(userImageGuest(image('freebsd'), GUEST_CATALOG).bootPreview(2)).toEqual({
      kind: 'disk',
      drives: [
        {
          file: `<cache>/user-images/${'a'.repeat(16)}-<recipe>/prepared.qcow2`,
          format: 'qcow2',
          snapshot: true,
          backing: { file: join(dir, 'router.qcow2'), format: 'qcow2' },
        },
        { file: '<scratch>/boot-2.tar', format: 'raw', readOnly: true },
      ],
    });
  });

  it('an image that carries the hook gets the BSD job (by MAC, no modules by name)', async () => {
    const guest = userImageGuest(image('freebsd', { prepare: 'none' }), GUEST_CATALOG);
    const prepared = await guest.prepareImage({ cacheDir: join(dir, 'cache') }, fakeExec());
    await prepared.bootMedia(JOB, join(dir, 'boot-0'));
    const disk = readFileSync(join(dir, 'boot-0.tar')).toString('latin1');
    expect(disk).toContain('mac 52:54:00:00:00:02\naddress 198.18.0.2/30\n');
    expect(disk).toContain('iperf3 5201\n');
  });

  it('NetBSD: prepared once with its recipe (said to be not yet run), recorded, reused, booted with the job disk', async () => {
    const oneRunKey = `${TEST_KEY.split(' ').slice(0, 2).join(' ')} nicgate-prepare`;
    let guestChild: FakeChild | undefined;
    const exec = fakeExec((argv) => {
      const tool = argv[0]!.split('/').pop();
      if (tool === 'qemu-img') execFileSync(requiredTool('qemu-img'), argv.slice(1), { stdio: 'pipe' });
      if (tool === 'ssh-keygen') {
        const key = argv[argv.indexOf('-f') + 1]!;
        writeFileSync(key, 'PRIVATE');
        writeFileSync(`${key}.pub`, `${oneRunKey}\n`);
      }
      if (tool !== 'ssh') return {};
      const command = argv.at(-1)!;
      if (command === BSD_IMAGE_COMMANDS.hasIperf3) return { stdout: '/usr/pkg/bin/iperf3\n' };
      if (command === BSD_IMAGE_COMMANDS.release) return { stdout: '10.1\n' };
      if (command.includes('shutdown -p now'))
        queueMicrotask(() => guestChild?.exit({ code: 0, signal: null }));
      return {};
    });
    const spawn = fakeSpawn((child) => {
      guestChild = child;
      const chardev = child.argv[child.argv.indexOf('-chardev') + 1]!;
      void serveTranscript(/path=([^,]+),/.exec(chardev)![1]!, readTranscript('netbsd-live.txt'), {
        quietMs: 60,
      }).then((peer) => {
        peers.push(peer);
        child.onExit(() => void peer.close());
      });
    });
    const warnings: string[] = [];
    const request = {
      cacheDir: join(dir, 'cache'),
      prepare: {
        accel: 'tcg' as const,
        spawn,
        consoleLog: join(dir, 'prepare.log'),
        track: () => undefined,
        untrack: () => undefined,
        warn: (message: string) => warnings.push(message),
        scratchDir: join(dir, 'scratch'),
      },
    };
    const guest = userImageGuest(image('netbsd'), GUEST_CATALOG);
    const prepared = await guest.prepareImage(request, exec);
    expect(warnings).toEqual([
      "preparing a NetBSD image is written from the publisher's documentation and not yet run on a real NetBSD guest: a failure is reported with its step and the console's last lines",
    ]);
    expect(prepared.kernelRelease).toBe('10.1');
    expect(prepared.kernelSource).toBe(
      `image router (sha256 ${'a'.repeat(16)}) through its own boot loader, the hook from /etc/rc.local; the image's iperf3; prepared with nicgate's NetBSD recipe, not yet run on a real guest before`,
    );
    const media = await prepared.bootMedia(JOB, join(dir, 'boot-0'));
    expect(media.boot.kind === 'disk' && media.boot.direct).toBeUndefined();
    const drives = media.boot.kind === 'disk' ? media.boot.drives : [];
    expect(drives[0]).toMatchObject({
      format: 'qcow2',
      snapshot: true,
      backing: { file: join(dir, 'router.qcow2'), format: 'qcow2' },
    });
    const folder = drives[0]!.file.replace(/\/prepared\.qcow2$/, '');
    const record = parsePreparedBsdImageRecord(readFileSync(join(folder, 'prepared.json'), 'utf8'), 'test');
    expect(record).toMatchObject({
      os: 'netbsd',
      imageSha256: 'a'.repeat(64),
      kernelRelease: '10.1',
      iperf3: 'image',
    });
    expect(readFileSync(join(dir, 'boot-0.tar')).toString('latin1')).toContain('mac 52:54:00:00:00:02\n');
    // The key, the console socket and the prepare's folder are gone.
    expect(readdirSync(join(dir, 'scratch'))).toEqual([]);

    // The next run reuses the folder: nothing boots.
    const again = await userImageGuest(image('netbsd'), GUEST_CATALOG).prepareImage(request, exec);
    expect(spawn.children).toHaveLength(1);
    expect(again.kernelRelease).toBe('10.1');
  }, 60_000);
});
