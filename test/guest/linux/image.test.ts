import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { RunError } from '../../../src/common/errors.js';
import {
  buildLinuxGuest,
  imageFolderNames,
  imageFolderProblem,
  writeBootInitrd,
} from '../../../src/guest/linux/image.js';
import type { LinuxBuildHost } from '../../../src/guest/linux/host.js';
import type { KernelTree } from '../../../src/guest/linux/kernel.js';
import { fakeExec } from '../../proc/fakes.js';
import { readNewcEntries } from './newc.js';

let root: string;
let cacheDir: string;
let kernel: KernelTree;
let lib: string;

const MODULES_DEP = [
  'kernel/drivers/net/ethernet/intel/e1000/e1000.ko:',
  'kernel/drivers/net/virtio_net.ko: kernel/drivers/virtio/virtio.ko',
  'kernel/drivers/virtio/virtio.ko:',
  'kernel/net/sched/sch_netem.ko:',
  'kernel/net/ipv4/tcp_bbr.ko:',
  'kernel/drivers/usb/unrelated.ko:',
].join('\n');

function write(path: string, data: string | Buffer): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nicgate-image-test-'));
  cacheDir = join(root, 'cache');
  mkdirSync(cacheDir);
  for (const tool of ['busybox', 'iperf3', 'ip', 'tc']) write(join(root, 'bin', tool), `${tool} binary`);
  lib = write(join(root, 'lib', 'libiperf.so.0'), 'library');
  const modulesDir = join(root, 'modules', '6.1.0-test');
  write(join(modulesDir, 'modules.dep'), MODULES_DEP);
  for (const line of MODULES_DEP.split('\n')) {
    const path = line.slice(0, line.indexOf(':'));
    write(join(modulesDir, path), `module ${path}`);
  }
  kernel = {
    image: write(join(root, 'vmlinuz'), 'not a bzImage'),
    modulesDir,
    release: '6.1.0-test',
    source: 'linux-image-test 1.0',
  };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** ldd answers: busybox is static, the others need `lib` (or what `libs` says). */
function host(libs: Record<string, string> = {}): LinuxBuildHost & { exec: ReturnType<typeof fakeExec> } {
  const exec = fakeExec((argv) => {
    if (argv[0] !== 'ldd') throw new Error(`unexpected command ${argv.join(' ')}`);
    const tool = argv[1]!.slice(argv[1]!.lastIndexOf('/') + 1);
    if (libs[tool] !== undefined) return { stdout: libs[tool] };
    if (tool === 'busybox') return { code: 1, stdout: '\tnot a dynamic executable\n' };
    return { stdout: `\tlinux-vdso.so.1 (0x00007ffd)\n\tlibiperf.so.0 => ${lib} (0x00007f00)\n` };
  });
  return { exec, findTool: async (name) => join(root, 'bin', name) };
}

describe('buildLinuxGuest', () => {
  it('assembles the initramfs from /init, the tools, their libraries and the wanted modules', async () => {
    const image = await buildLinuxGuest(kernel, cacheDir, host());
    expect(image.kernelPath).toBe(join(cacheDir, `linux-${image.hash.slice(0, 16)}`, 'vmlinuz'));
    expect(readFileSync(image.kernelPath, 'utf8')).toBe('not a bzImage');
    expect(image.kernelRelease).toBe('6.1.0-test');
    expect(image.kernelSource).toBe('linux-image-test 1.0');
    expect(image.moduleOrder).toEqual({
      e1000: ['e1000.ko'],
      virtio_net: ['virtio.ko', 'virtio_net.ko'],
      tcp_bbr: ['tcp_bbr.ko'],
      sch_netem: ['sch_netem.ko'],
    });

    const entries = readNewcEntries(readFileSync(image.initramfsPath));
    const byName = new Map(entries.map((entry) => [entry.name, entry]));
    expect(byName.get('init')?.data.toString()).toMatch(/^#!\/bin\/busybox sh\n/);
    expect(byName.get('init')!.mode & 0o777).toBe(0o755);
    expect(byName.get('usr/bin/iperf3')?.data.toString()).toBe('iperf3 binary');
    expect(byName.get(lib.slice(1))?.data.toString()).toBe('library');
    expect(byName.get('modules/virtio.ko')?.data.toString()).toBe('module kernel/drivers/virtio/virtio.ko');
    expect(byName.get('bin/sh')?.data.toString()).toBe('busybox');
    expect(byName.has('modules/unrelated.ko')).toBe(false);
    // Each path once, however many tools share a library.
    expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
    expect(JSON.parse(readFileSync(join(image.kernelPath, '..', 'image.json'), 'utf8'))).toMatchObject({
      hash: image.hash,
      kernelRelease: '6.1.0-test',
    });
  });

  it('reuses the cached image when nothing changed', async () => {
    const first = await buildLinuxGuest(kernel, cacheDir, host());
    const marker = join(first.initramfsPath, '..', 'kept');
    writeFileSync(marker, '');
    const before = statSync(first.initramfsPath).mtimeMs;
    const second = await buildLinuxGuest(kernel, cacheDir, host());
    expect(second).toEqual(first);
    expect(existsSync(marker)).toBe(true);
    expect(statSync(second.initramfsPath).mtimeMs).toBe(before);
  });

  it.each([
    ['a tool', () => writeFileSync(join(root, 'bin', 'tc'), 'tc binary, newer')],
    ['a library', () => writeFileSync(lib, 'library, patched')],
    ['the kernel', () => writeFileSync(kernel.image, 'another kernel')],
    ['a module', () => writeFileSync(join(kernel.modulesDir!, 'kernel/net/ipv4/tcp_bbr.ko'), 'rebuilt')],
  ])('builds a new image, under a new hash, when %s changes', async (_what, change) => {
    const first = await buildLinuxGuest(kernel, cacheDir, host());
    change();
    const second = await buildLinuxGuest(kernel, cacheDir, host());
    expect(second.hash).not.toBe(first.hash);
    expect(second.initramfsPath).not.toBe(first.initramfsPath);
    expect(existsSync(second.initramfsPath)).toBe(true);
  });

  describe('a cached image folder is untrusted', () => {
    const folderOf = (image: { kernelPath: string }): string => join(image.kernelPath, '..');

    it('passes the check when its files match image.json', async () => {
      const image = await buildLinuxGuest(kernel, cacheDir, host());
      expect(await imageFolderProblem(folderOf(image), image.hash)).toBeUndefined();
      expect(await imageFolderNames(cacheDir)).toEqual([`linux-${image.hash.slice(0, 16)}`]);
    });

    it.each([
      [
        'a changed initramfs of the same size',
        (dir: string) => {
          const path = join(dir, 'initramfs.cpio');
          const bytes = readFileSync(path);
          bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
          writeFileSync(path, bytes);
        },
        /^its initramfs\.cpio does not match the digest in its image\.json$/,
      ],
      [
        'a truncated kernel',
        (dir: string) => writeFileSync(join(dir, 'vmlinuz'), 'not a'),
        /^its vmlinuz has 5 bytes, its image\.json says 13$/,
      ],
      [
        'an image.json that is not JSON',
        (dir: string) => writeFileSync(join(dir, 'image.json'), '{"hash": '),
        /image\.json/,
      ],
      [
        'an image.json with a planted field',
        (dir: string) => {
          const meta = JSON.parse(readFileSync(join(dir, 'image.json'), 'utf8')) as object;
          writeFileSync(join(dir, 'image.json'), JSON.stringify({ ...meta, kernelPath: '/etc/shadow' }));
        },
        /kernelPath/,
      ],
      ['a missing image.json', (dir: string) => rmSync(join(dir, 'image.json')), /cannot be read/],
    ])('rebuilds it when it has %s', async (_what, spoil, reason) => {
      const first = await buildLinuxGuest(kernel, cacheDir, host());
      spoil(folderOf(first));
      expect(await imageFolderProblem(folderOf(first), first.hash)).toMatch(reason);
      const second = await buildLinuxGuest(kernel, cacheDir, host());
      expect(second).toEqual(first);
      expect(await imageFolderProblem(folderOf(second), second.hash)).toBeUndefined();
      expect(readFileSync(second.kernelPath, 'utf8')).toBe('not a bzImage');
    });

    it('still catches a change made after a check passed (the check is remembered by file stamps only)', async () => {
      const image = await buildLinuxGuest(kernel, cacheDir, host());
      expect(await imageFolderProblem(folderOf(image), image.hash)).toBeUndefined();
      expect(existsSync(join(folderOf(image), '.verified.json'))).toBe(true);
      const path = join(folderOf(image), 'initramfs.cpio');
      const bytes = readFileSync(path);
      bytes[0] = bytes[0]! ^ 0xff;
      writeFileSync(path, bytes);
      expect(await imageFolderProblem(folderOf(image), image.hash)).toBe(
        'its initramfs.cpio does not match the digest in its image.json',
      );
    });

    it('refuses a folder whose image.json names another content hash', async () => {
      const first = await buildLinuxGuest(kernel, cacheDir, host());
      writeFileSync(kernel.image, 'another kernel');
      const second = await buildLinuxGuest(kernel, cacheDir, host());
      // Another image's metadata copied into this folder: the folder's name no longer matches.
      writeFileSync(join(folderOf(first), 'image.json'), readFileSync(join(folderOf(second), 'image.json')));
      expect(await imageFolderProblem(folderOf(first))).toBe(
        `its image.json names content hash ${second.hash}, not the folder's`,
      );
      expect(await imageFolderProblem(folderOf(second), first.hash)).toBe(
        `its image.json names content hash ${second.hash}, not ${first.hash}`,
      );
    });
  });

  it('keeps the three most recent images in the cache', async () => {
    const built: string[] = [];
    for (let i = 0; i < 5; i++) {
      writeFileSync(kernel.image, `kernel ${i}`);
      const folder = join((await buildLinuxGuest(kernel, cacheDir, host())).kernelPath, '..');
      built.push(basename(folder));
      // Dated in the past in build order: the next build, made now, is newer than all of them,
      // whatever the file system's clock tick and however fast the builds follow each other.
      const builtAt = new Date(Date.UTC(2020, 0, 1, 0, 0, i));
      utimesSync(folder, builtAt, builtAt);
    }
    const images = readdirSync(cacheDir).filter((name) => name.startsWith('linux-'));
    expect(images.sort()).toEqual(built.slice(-3).sort());
  });

  it('refuses a tool whose libraries are missing, naming them', async () => {
    const error = await buildLinuxGuest(
      kernel,
      cacheDir,
      host({ iperf3: '\tlibssl.so.3 => not found\n\tlibc.so.6 => /lib/libc.so.6 (0x1)\n' }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as Error).message).toBe(
      `${join(root, 'bin', 'iperf3')} needs libraries that are not installed: libssl.so.3`,
    );
  });

  it('refuses a dynamically linked busybox', async () => {
    await expect(
      buildLinuxGuest(kernel, cacheDir, host({ busybox: `\tlibiperf.so.0 => ${lib} (0x1)\n` })),
    ).rejects.toThrow('is dynamically linked; the guest needs busybox-static');
  });

  it('builds an image without modules for a kernel that has none', async () => {
    const image = await buildLinuxGuest({ ...kernel, modulesDir: undefined }, cacheDir, host());
    expect(image.moduleOrder).toEqual({});
    const names = readNewcEntries(readFileSync(image.initramfsPath)).map((entry) => entry.name);
    expect(names.some((name) => name.startsWith('modules/'))).toBe(false);
    expect(names).toContain('modules');
  });

  it('unpacks a bzImage once into the PVH-bootable kernel when the decompressor output has the note', async () => {
    const bzImage = Buffer.alloc(0x300);
    bzImage.write('HdrS', 0x202, 'latin1');
    Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]).copy(bzImage, 0x280);
    writeFileSync(kernel.image, bzImage);
    const u32 = (n: number): Buffer => Buffer.from([n, 0, 0, 0]);
    const elf = Buffer.concat([
      Buffer.from('\x7fELF', 'latin1'),
      Buffer.alloc(12),
      u32(4),
      u32(4),
      Buffer.from([0x12, 0, 0, 0, 0x58, 0x65, 0x6e, 0]),
    ]);
    const build = host();
    const xz = fakeExec(() => ({ stdoutBytes: elf }));
    const image = await buildLinuxGuest(kernel, cacheDir, {
      findTool: build.findTool,
      exec: (argv, options) => (argv[0] === 'xz' ? xz(argv, options) : build.exec(argv, options)),
    });
    expect(xz.calls.map((call) => call.argv)).toEqual([['xz', '-dc']]);
    expect(xz.calls[0]!.options).toMatchObject({ binaryOutput: true, allowFailure: true });
    expect(Buffer.compare(xz.calls[0]!.options.input as Buffer, bzImage.subarray(0x280))).toBe(0);
    expect(Buffer.compare(readFileSync(image.kernelPath), elf)).toBe(0);

    // Output without the PVH note: the bzImage boots as it is.
    writeFileSync(kernel.image, Buffer.concat([bzImage, Buffer.from('v2')]));
    const plain = fakeExec(() => ({ stdoutBytes: Buffer.from('\x7fELF without the note', 'latin1') }));
    const second = await buildLinuxGuest(kernel, cacheDir, {
      findTool: build.findTool,
      exec: (argv, options) => (argv[0] === 'xz' ? plain(argv, options) : build.exec(argv, options)),
    });
    expect(plain.calls).toHaveLength(1);
    expect(readFileSync(second.kernelPath).subarray(0x202, 0x206).toString('latin1')).toBe('HdrS');
  });
});

describe('writeBootInitrd', () => {
  it('lays the job file over the cached initramfs', async () => {
    const image = await buildLinuxGuest(kernel, cacheDir, host());
    const path = join(root, 'boot-0.cpio');
    await writeBootInitrd(image, 'iperf3 5201\n', path);
    const base = readFileSync(image.initramfsPath);
    const initrd = readFileSync(path);
    expect(Buffer.compare(initrd.subarray(0, base.length), base)).toBe(0);
    const added = readNewcEntries(initrd.subarray(base.length));
    expect(added.map((entry) => [entry.name, entry.data.toString()])).toEqual([['job', 'iperf3 5201\n']]);
  });
});
