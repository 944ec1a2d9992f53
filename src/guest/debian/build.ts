// Builds (once, cached by content hash) the Debian disk-image guest from Debian packages without
// mounting anything: a root file system image (`mkfs.ext4 -d`) holding busybox, dropbear and the
// kernel's modules, a FAT boot partition with syslinux, the kernel and a small initrd, and an MBR
// in front of both. It boots through firmware and a boot loader, as a BSD image does.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunError } from '../../common/errors.js';
import { diskImageMeta, parseDiskImageMeta } from '../../model/disk-image.js';
import type { Exec } from '../../proc/exec.js';
import { fileDigest, rememberChecked, STAMPS_SUFFIX, stillChecked } from '../checked-files.js';
import { buildMbr, PARTITION_TYPES, SECTOR_BYTES } from '../disk/mbr.js';
import { buildCpio, firstOfEachPath, parentDirs, type CpioEntry } from '../linux/cpio.js';
import { imageModuleNames } from '../linux/drivers.js';
import { moduleEntries } from '../linux/image.js';
import { readKernelFile, type KernelTree } from '../linux/kernel.js';
import { missingLibraries, parseLdd } from '../linux/ldd.js';
import { nicDrivers } from '../../nic/models.js';
import {
  CONTROL_MODULES,
  GROUP,
  PASSWD,
  SHADOW,
  SHELLS,
  STAGE2_INIT,
  stage1Init,
  syslinuxConfig,
} from './scripts.js';

/** Bump when the disk's layout or contents change shape, so old cache entries are not reused. */
const DISK_FORMAT = 1;

/** Debian packages unpacked into the root file system: the SSH server prepare logs in with. */
const ROOT_PACKAGES = ['dropbear-bin', 'libtomcrypt1', 'libtommath1'];

/** Modules the initrd loads to reach the root file system (crc32c backs ext4's checksums). */
const STAGE1_MODULES = ['virtio_pci', 'virtio_blk', 'crc32c_generic', 'ext4'];

/** The model of prepare's user-mode control NIC. */
export const CONTROL_NIC_MODEL = 'virtio-net-pci';

/** Partition layout in 512-byte sectors: a 64 MiB boot partition at 1 MiB, then the root. */
const DISK_LAYOUT = { bootStart: 2048, bootSectors: 131072, rootStart: 133120, rootMiB: 192 } as const;

/** The guest kernel's command line: the console on ttyS0, the root on the disk. */
const DISK_KERNEL_APPEND = ['console=ttyS0', 'panic=-1', 'quiet', 'loglevel=3'];

const SYSLINUX_FILES = {
  mbr: '/usr/lib/syslinux/mbr/mbr.bin',
  ldlinux: '/usr/lib/syslinux/modules/bios/ldlinux.c32',
};

export interface DiskBuildHost {
  exec: Exec;
  findTool: (tool: string) => Promise<string>;
}

export interface DebianDisk {
  diskPath: string;
  hash: string;
  kernelRelease: string;
  source: string;
  moduleOrder: Record<string, string[]>;
}

/** `debian-12-<first 16 hex digits of the content hash>`: one disk's folder in the cache. */
/** `<cache>/debian-12-<content hash>`: the disk, its image.json and its prepared overlays. */
export const DISK_FOLDER = /^debian-12-([0-9a-f]{16})$/;

interface RootFile {
  path: string;
  data: Buffer;
  mode: number;
}

/** The .deb files of ROOT_PACKAGES, downloaded into the cache once per version. */
async function rootPackages(cacheDir: string, host: DiskBuildHost): Promise<string[]> {
  const dir = join(cacheDir, 'debian-packages');
  await mkdir(dir, { recursive: true });
  const have = async (): Promise<string[] | undefined> => {
    const names = await import('node:fs/promises').then((fs) => fs.readdir(dir));
    const debs = ROOT_PACKAGES.map((pkg) => names.find((n) => n.startsWith(`${pkg}_`) && n.endsWith('.deb')));
    return debs.every((d) => d !== undefined) ? debs.map((d) => join(dir, d!)) : undefined;
  };
  const cached = await have();
  if (cached) return cached;
  await host.exec(['apt-get', 'download', ...ROOT_PACKAGES], { cwd: dir, timeoutMs: 600_000 });
  const downloaded = await have();
  if (!downloaded) throw new RunError(`apt-get download did not give ${ROOT_PACKAGES.join(', ')}`);
  return downloaded;
}

/** Host libraries the unpacked dropbear needs beyond those its packages bring (libc, libcrypt, zlib). */
async function hostLibraries(root: string, host: DiskBuildHost): Promise<string[]> {
  const binary = join(root, 'usr/sbin/dropbear');
  const ldd = await host.exec(['ldd', binary], {
    allowFailure: true,
    env: { ...process.env, LD_LIBRARY_PATH: join(root, 'usr/lib/x86_64-linux-gnu') },
  });
  const missing = missingLibraries(ldd.stdout);
  if (missing.length > 0)
    throw new RunError(`dropbear needs libraries that are not installed: ${missing.join(', ')}`);
  return parseLdd(ldd.stdout).filter((lib) => !lib.startsWith(root));
}

function contentHash(parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256').update(`nicgate-debian-disk-${DISK_FORMAT}\n`);
  for (const part of parts) hash.update(createHash('sha256').update(part).digest());
  return hash.digest('hex');
}

async function writeRootFile(root: string, file: RootFile): Promise<void> {
  const path = join(root, file.path);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.data);
  await chmod(path, file.mode);
}

/** Copies `source` into `disk` at byte `offset` (a partition image into the whole disk). */
async function copyInto(disk: string, source: string, offset: number): Promise<void> {
  const handle = await open(disk, 'r+');
  try {
    let position = offset;
    for await (const chunk of createReadStream(source, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      await handle.write(bytes, 0, bytes.length, position);
      position += bytes.length;
    }
  } finally {
    await handle.close();
  }
}

/** Why the disk folder `dir` must not be reused (undefined when it may), as for the Linux image. */
export async function diskFolderProblem(dir: string, hash?: string): Promise<string | undefined> {
  const source = join(dir, 'image.json');
  let meta;
  try {
    meta = parseDiskImageMeta(await readFile(source, 'utf8'), source);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const named = DISK_FOLDER.exec(basename(dir))?.[1];
  if (named === undefined || !meta.hash.startsWith(named))
    return `its image.json names content hash ${meta.hash}, not the folder's`;
  if (hash !== undefined && meta.hash !== hash)
    return `its image.json names content hash ${meta.hash}, not ${hash}`;
  const files = { 'disk.raw': join(dir, 'disk.raw'), 'image.json': source };
  const stamps = join(dir, STAMPS_SUFFIX);
  if (await stillChecked(stamps, files)) return undefined;
  const digest = await fileDigest(files['disk.raw']).catch(() => undefined);
  if (!digest || digest.bytes !== meta.disk.bytes || digest.sha256 !== meta.disk.sha256)
    return 'its disk.raw does not match the size and digest in its image.json';
  await rememberChecked(stamps, files);
  return undefined;
}

/** The Debian disk for `kernel`, reusing a cached one with the same content hash. */
export async function buildDebianDisk(
  kernel: KernelTree,
  cacheDir: string,
  host: DiskBuildHost,
): Promise<DebianDisk> {
  const debs = await rootPackages(cacheDir, host);
  const busybox = await readFile(await host.findTool('busybox'));
  const stage1 = await moduleEntries(kernel, STAGE1_MODULES);
  const controlDrivers = nicDrivers('linux', CONTROL_NIC_MODEL);
  const modules = await moduleEntries(kernel, [...new Set([...imageModuleNames(), ...controlDrivers])]);
  const missingStage1 = STAGE1_MODULES.filter((m) => !stage1.moduleOrder[m]);
  if (missingStage1.length > 0)
    throw new RunError(
      `the guest kernel lacks modules the disk guest boots with: ${missingStage1.join(', ')}`,
    );
  const stage1Files = [...new Set(STAGE1_MODULES.flatMap((m) => stage1.moduleOrder[m]!))];
  const controlFiles = [...new Set(controlDrivers.flatMap((m) => modules.moduleOrder[m] ?? []))];
  const initScript = stage1Init(stage1Files);
  const syslinux = {
    mbr: await readFile(SYSLINUX_FILES.mbr),
    ldlinux: await readFile(SYSLINUX_FILES.ldlinux),
  };
  const kernelImage = await readKernelFile(kernel, kernel.image);
  const debBytes = await Promise.all(debs.map((deb) => readFile(deb)));
  const hash = contentHash([
    kernelImage,
    busybox,
    ...debBytes,
    ...stage1.entries.flatMap((e) => (e.kind === 'file' ? [e.path, Buffer.from(e.data)] : [])),
    ...modules.entries.flatMap((e) => (e.kind === 'file' ? [e.path, Buffer.from(e.data)] : [])),
    initScript,
    STAGE2_INIT,
    syslinux.mbr,
    syslinux.ldlinux,
    JSON.stringify(DISK_LAYOUT),
    DISK_KERNEL_APPEND.join(' '),
  ]);
  const dir = join(cacheDir, `debian-12-${hash.slice(0, 16)}`);
  const source = `${kernel.source}; ${debs.map((d) => basename(d, '.deb')).join(', ')}`;
  const disk: DebianDisk = {
    diskPath: join(dir, 'disk.raw'),
    hash,
    kernelRelease: kernel.release,
    source,
    moduleOrder: modules.moduleOrder,
  };
  if (existsSync(join(dir, 'image.json')) && (await diskFolderProblem(dir, hash)) === undefined) return disk;

  const staging = `${dir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const root = join(staging, 'root');
  await mkdir(root, { recursive: true });
  for (const deb of debs) await host.exec(['dpkg-deb', '-x', deb, root], { timeoutMs: 120_000 });
  await rm(join(root, 'usr/share'), { recursive: true, force: true });
  const libs = await hostLibraries(root, host);
  const files: RootFile[] = [
    { path: 'bin/busybox', data: busybox, mode: 0o755 },
    { path: 'sbin/init', data: Buffer.from(STAGE2_INIT), mode: 0o755 },
    { path: 'etc/passwd', data: Buffer.from(PASSWD), mode: 0o644 },
    { path: 'etc/shadow', data: Buffer.from(SHADOW), mode: 0o600 },
    { path: 'etc/group', data: Buffer.from(GROUP), mode: 0o644 },
    { path: 'etc/shells', data: Buffer.from(SHELLS), mode: 0o644 },
    { path: CONTROL_MODULES.slice(1), data: Buffer.from(`${controlFiles.join('\n')}\n`), mode: 0o644 },
    ...(await Promise.all(
      libs.map(async (lib) => ({ path: lib.slice(1), data: await readFile(lib), mode: 0o755 })),
    )),
    ...modules.entries.flatMap((e) =>
      e.kind === 'file' ? [{ path: e.path.slice(1), data: Buffer.from(e.data), mode: 0o644 }] : [],
    ),
  ];
  for (const file of files) await writeRootFile(root, file);
  for (const dirName of ['proc', 'sys', 'dev', 'tmp', 'run', 'root', 'usr/bin', 'usr/sbin', 'etc/dropbear'])
    await mkdir(join(root, dirName), { recursive: true });
  await symlink('busybox', join(root, 'bin/sh'));

  // The initrd: busybox, the root disk's drivers, stage 1.
  const initrdEntries: CpioEntry[] = [
    { kind: 'file', path: '/init', data: Buffer.from(initScript), mode: 0o755 },
    { kind: 'file', path: '/bin/busybox', data: busybox, mode: 0o755 },
    ...stage1.entries,
  ];
  const initrd = buildCpio(
    [
      ...parentDirs(initrdEntries.map((e) => e.path)),
      ...['proc', 'sys', 'dev', 'tmp'].map((path) => ({ kind: 'dir' as const, path })),
      ...initrdEntries,
      { kind: 'symlink', path: '/bin/sh', target: 'busybox' } as const,
    ].filter(firstOfEachPath()),
  );

  // The boot partition: FAT16 with syslinux, the kernel, the initrd and syslinux's config.
  const boot = join(staging, 'boot.fat');
  const bootFiles = join(staging, 'boot');
  await mkdir(bootFiles);
  await writeFile(join(bootFiles, 'initrd.img'), initrd);
  await writeFile(join(bootFiles, 'vmlinuz'), kernelImage);
  await writeFile(join(bootFiles, 'syslinux.cfg'), syslinuxConfig(DISK_KERNEL_APPEND));
  await host.exec([
    await host.findTool('mkfs.fat'),
    '-C',
    '-F',
    '16',
    '-n',
    'NICGATE',
    boot,
    String((DISK_LAYOUT.bootSectors * SECTOR_BYTES) / 1024),
  ]);
  await host.exec([
    await host.findTool('mcopy'),
    '-i',
    boot,
    ...['initrd.img', 'vmlinuz', 'syslinux.cfg'].map((f) => join(bootFiles, f)),
    '::/',
  ]);
  await host.exec([await host.findTool('syslinux'), '--install', boot]);

  // The root partition, from the staged tree, owned by root whoever builds it.
  const rootImage = join(staging, 'root.ext4');
  await host.exec(
    [
      await host.findTool('mkfs.ext4'),
      '-q',
      '-F',
      '-L',
      'nicgate-root',
      '-O',
      '^has_journal',
      '-E',
      'root_owner=0:0',
      '-d',
      root,
      rootImage,
      `${DISK_LAYOUT.rootMiB}M`,
    ],
    { timeoutMs: 120_000 },
  );

  const diskPath = join(staging, 'disk.raw');
  const rootSectors = (DISK_LAYOUT.rootMiB * 1024 * 1024) / SECTOR_BYTES;
  const mbr = buildMbr(
    [
      {
        type: PARTITION_TYPES.fat16Lba,
        startSector: DISK_LAYOUT.bootStart,
        sectors: DISK_LAYOUT.bootSectors,
        bootable: true,
      },
      { type: PARTITION_TYPES.linux, startSector: DISK_LAYOUT.rootStart, sectors: rootSectors },
    ],
    syslinux.mbr.subarray(0, 440),
  );
  await writeFile(diskPath, mbr);
  await copyInto(diskPath, boot, DISK_LAYOUT.bootStart * SECTOR_BYTES);
  await copyInto(diskPath, rootImage, DISK_LAYOUT.rootStart * SECTOR_BYTES);
  const handle = await open(diskPath, 'r+');
  await handle.truncate((DISK_LAYOUT.rootStart + rootSectors) * SECTOR_BYTES);
  await handle.close();
  for (const leftover of ['root', 'boot', 'boot.fat', 'root.ext4'])
    await rm(join(staging, leftover), { recursive: true, force: true });
  const meta = diskImageMeta({
    hash,
    kernelRelease: kernel.release,
    source,
    moduleOrder: modules.moduleOrder,
    disk: await fileDigest(diskPath),
  });
  await writeFile(join(staging, 'image.json'), JSON.stringify(meta, null, 2));
  await rm(dir, { recursive: true, force: true });
  await rename(staging, dir);
  return disk;
}
