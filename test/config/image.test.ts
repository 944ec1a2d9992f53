// `--image`, `--image-os`, `--image-name` against real files: every refusal comes before anything
// boots, as an input error naming the input and quoting the value.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../src/common/errors.js';
import { planFromOptions } from '../../src/config/host-paths.js';
import { shortNameOf } from '../../src/config/image.js';
import type { RawOptions } from '../../src/config/options.js';
import { requiredTool } from '../host/required-tool.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nicgate-image-'));
  const qemuImg = requiredTool('qemu-img');
  execFileSync(qemuImg, ['create', '-q', '-f', 'qcow2', join(dir, 'app-vm.qcow2'), '2G']);
  execFileSync(qemuImg, ['create', '-q', '-f', 'qcow2', join(dir, 'huge.qcow2'), '65G']);
  execFileSync(qemuImg, ['create', '-q', '-f', 'raw', join(dir, 'base.raw'), '1M']);
  execFileSync(qemuImg, [
    'create',
    '-q',
    '-f',
    'qcow2',
    '-F',
    'raw',
    '-b',
    join(dir, 'base.raw'),
    join(dir, 'planted.qcow2'),
  ]);
  const mbr = Buffer.alloc(4096);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  writeFileSync(join(dir, 'router.img'), mbr);
  mkdirSync(join(dir, 'other'));
  writeFileSync(join(dir, 'other', 'router.raw'), mbr);
  writeFileSync(join(dir, 'app-vm.qcow2.gz'), gzipSync(readFileSync(join(dir, 'app-vm.qcow2'))));
  writeFileSync(join(dir, 'vmlinuz'), readFileSync(process.execPath).subarray(0, 4096));
  writeFileSync(join(dir, 'notes.txt'), 'not a disk\n');
  writeFileSync(join(dir, 'bsd.conf'), '# nicgate: os=freebsd\nkern.ipc.maxsockbuf=16777216\n');
  // Sparse: over the file cap without taking the disk.
  writeFileSync(join(dir, 'big.img'), mbr);
  truncateSync(join(dir, 'big.img'), 17 * 1024 ** 3);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string): string => join(dir, name);
const base = (): RawOptions => ({
  out: at('results.json'),
  'work-dir': at('work'),
  nic: 'e1000',
  profile: 'stock',
});

function refusal(options: RawOptions, planOnly = true): string {
  try {
    planFromOptions({ ...base(), ...options }, { planOnly });
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('--image', () => {
  it('plans each image as a guest of its OS, named by its base name, with its header, sizes and hash', () => {
    const plan = planFromOptions(
      { ...base(), image: `${at('app-vm.qcow2')},${at('router.img')}` },
      { planOnly: true },
    );
    expect(plan.scenarios.map((s) => s.key)).toEqual([
      'app-vm/e1000/stock/rtt100ms-rate300mbit/send',
      'router/e1000/stock/rtt100ms-rate300mbit/send',
    ]);
    const sha = (name: string): string =>
      createHash('sha256')
        .update(readFileSync(at(name)))
        .digest('hex');
    expect(plan.images).toEqual([
      {
        name: 'app-vm',
        os: 'linux',
        path: at('app-vm.qcow2'),
        format: 'qcow2',
        virtualBytes: 2 * 1024 ** 3,
        fileBytes: readFileSync(at('app-vm.qcow2')).length,
        contentHash: sha('app-vm.qcow2'),
      },
      {
        name: 'router',
        os: 'linux',
        path: at('router.img'),
        format: 'raw',
        virtualBytes: 4096,
        fileBytes: 4096,
        contentHash: sha('router.img'),
      },
    ]);
  });

  it('keeps the guests --guest names beside the images, other than its default', () => {
    const plan = planFromOptions(
      { ...base(), image: at('router.img'), guest: 'debian-12' },
      { planOnly: true },
    );
    expect(plan.scenarios.map((s) => s.guest)).toEqual(['debian-12', 'router']);
  });

  it('takes the names of --image-name, one per image, and the OS of --image-os', () => {
    const plan = planFromOptions(
      {
        ...base(),
        image: `${at('router.img')},${at('other/router.raw')}`,
        'image-name': 'edge,core',
        'image-os': 'freebsd',
        profile: `stock,${at('bsd.conf')}`,
      },
      { planOnly: true },
    );
    expect(plan.scenarios.map((s) => s.key)).toEqual([
      'edge/e1000/stock/rtt100ms-rate300mbit/send',
      'edge/e1000/bsd/rtt100ms-rate300mbit/send',
      'core/e1000/stock/rtt100ms-rate300mbit/send',
      'core/e1000/bsd/rtt100ms-rate300mbit/send',
    ]);
    // The OS folder's rows: FreeBSD's `stock` is its own.
    expect(plan.scenarios[0]!.profile.os).toBe('freebsd');
  });

  it('plans a run of a FreeBSD or NetBSD image (its recipe prepares it), and refuses OpenBSD and DragonFly images before anything boots', () => {
    for (const os of ['freebsd', 'netbsd'])
      expect(() =>
        planFromOptions({ ...base(), image: at('router.img'), 'image-os': os }, { planOnly: false }),
      ).not.toThrow();
    expect(refusal({ image: at('router.img'), 'image-os': 'openbsd' }, false)).toMatch(
      new RegExp(
        `^--image: "${at('router.img')}" cannot be measured yet: nicgate knows no way into OpenBSD images: `,
      ),
    );
    expect(refusal({ image: at('router.img'), 'image-os': 'dragonfly' }, false)).toMatch(
      /cannot be measured yet: nicgate knows no way into DragonFly BSD images: /,
    );
    expect(() => planFromOptions({ ...base(), image: at('router.img') }, { planOnly: false })).not.toThrow();
  });

  it('refuses a file that is missing, not a regular file, or under /dev', () => {
    expect(refusal({ image: at('missing.qcow2') })).toBe(`--image: "${at('missing.qcow2')}" does not exist`);
    expect(refusal({ image: at('other') })).toBe(`--image: "${at('other')}" is a directory, not a file`);
    expect(refusal({ image: '/dev/zero' })).toBe(
      '--image: "/dev/zero" is under /dev, where nicgate never reads or writes',
    );
  });

  it('refuses what is not a disk image, saying what its first bytes look like', () => {
    expect(refusal({ image: at('app-vm.qcow2.gz') })).toBe(
      `--image: "${at('app-vm.qcow2.gz')}" starts with a gzip header (1f 8b): not a disk image; decompress it first`,
    );
    expect(refusal({ image: at('vmlinuz') })).toBe(
      `--image: "${at('vmlinuz')}" starts with ELF (a program or a kernel): not a disk image`,
    );
    expect(refusal({ image: at('notes.txt') })).toBe(
      `--image: "${at('notes.txt')}" is plain text: not a disk image`,
    );
  });

  it('refuses a qcow2 image with a backing file', () => {
    expect(refusal({ image: at('planted.qcow2') })).toContain(
      `--image: "${at('planted.qcow2')}" is a qcow2 image with the backing file "${at('base.raw')}": refused, since QEMU would open that host file`,
    );
  });

  it('refuses an image over the size limits: 16 GiB of file, 64 GiB of disk', () => {
    expect(refusal({ image: at('big.img') })).toBe(
      `--image: "${at('big.img')}" is 17 GiB, more than the 16 GiB an image file may be`,
    );
    expect(refusal({ image: at('huge.qcow2') })).toBe(
      `--image: "${at('huge.qcow2')}" is a disk of 65 GiB, more than the 64 GiB an image may hold`,
    );
  });

  it('refuses an OS nicgate does not know', () => {
    expect(refusal({ image: at('router.img'), 'image-os': 'windows' })).toBe(
      '--image-os: "windows" is not an OS nicgate knows (linux, freebsd, netbsd, openbsd, dragonfly)',
    );
  });

  it('refuses two images with one short name, and a name that is a guest nicgate knows', () => {
    expect(refusal({ image: `${at('router.img')},${at('other/router.raw')}` })).toBe(
      `--image: "${at('other/router.raw')}" gives the short name "router", as ${at('router.img')} does: scenario keys would collide; name them apart with --image-name`,
    );
    expect(refusal({ image: at('router.img'), 'image-name': 'linux' })).toBe(
      '--image-name: "linux" gives the short name "linux", which is a guest nicgate knows',
    );
    expect(refusal({ image: at('router.img'), 'image-name': 'a/b' })).toContain(
      '--image-name: "a/b" gives the short name "a/b": a name is 1 to 64 letters',
    );
    expect(refusal({ image: at('router.img'), 'image-name': 'a,b' })).toBe(
      '--image-name: "a,b" names 2 image(s), and --image names 1',
    );
    expect(refusal({ 'image-name': 'edge' })).toBe('--image-name: "edge" needs --image: it names an image');
    expect(refusal({ 'image-os': 'freebsd' })).toBe(
      '--image-os: "freebsd" needs --image: it is the image\'s OS',
    );
  });

  it('refuses a profile file written for another OS than --image-os', () => {
    expect(refusal({ image: at('router.img'), profile: at('bsd.conf') })).toBe(
      `--profile: "${at('bsd.conf')}" is written for FreeBSD, and the guest router runs Linux: profiles for other OSes are refused (name the OS a file is for on a line "# nicgate: os=linux")`,
    );
  });
});

describe('shortNameOf', () => {
  it('is the base name without its last extension', () => {
    expect(shortNameOf('build/app-vm.qcow2')).toBe('app-vm');
    expect(shortNameOf('/images/router.img.raw')).toBe('router.img');
    expect(shortNameOf('disk')).toBe('disk');
  });
});

describe('--image-prepare', () => {
  it('takes an image as it is with none, and prepares it otherwise', () => {
    const plan = (mode?: string) =>
      planFromOptions(
        { ...base(), image: at('app-vm.qcow2'), ...(mode === undefined ? {} : { 'image-prepare': mode }) },
        { planOnly: true },
      ).images![0]!;
    expect(plan('none').prepare).toBe('none');
    expect(plan('auto').prepare).toBeUndefined();
    expect(plan().prepare).toBeUndefined();
  });

  it('refuses a mode it does not know, and a mode without --image', () => {
    expect(refusal({ image: at('app-vm.qcow2'), 'image-prepare': 'ssh' })).toBe(
      '--image-prepare: "ssh" is not one of auto, none',
    );
    expect(refusal({ 'image-prepare': 'none' })).toBe(
      '--image-prepare: "none" needs --image: it says how the image is made ready',
    );
  });
});
