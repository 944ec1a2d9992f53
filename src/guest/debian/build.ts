// Builds (once, cached by content hash) the Debian disk-image guest from Debian packages without
// mounting anything: a root file system (root-tree.ts) holding busybox, dropbear and the kernel's
// modules, a boot partition with syslinux, the kernel and a small initrd, and an MBR in front of
// both (partitions.ts). It boots through firmware and a boot loader, as a BSD image does.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RunError } from '../../common/errors.js';
import { diskImageMeta } from '../../model/disk-image.js';
import { nicDrivers } from '../../nic/drivers.js';
import { fileDigest } from '../checked-files.js';
import { buildCpio, firstOfEachPath, parentDirs, type CpioEntry } from '../linux/cpio.js';
import { imageModuleNames } from '../linux/drivers.js';
import { moduleEntries } from '../linux/image.js';
import { readKernelFile, type KernelTree } from '../linux/kernel.js';
import { LINUX_NICS } from '../linux/system.js';
import { diskFolderName, diskFolderProblem, type DebianDisk } from './disk-folder.js';
import { DISK_KERNEL_APPEND, DISK_LAYOUT, writeDisk } from './partitions.js';
import { rootPackages, stageRootTree, type DiskBuildHost, type RootFile } from './root-tree.js';
import { CONTROL_MODULES, GROUP, PASSWD, SHADOW, SHELLS, STAGE2_INIT, stage1Init } from './scripts.js';

/** Bump when the disk's layout or contents change shape, so old cache entries are not reused. */
const DISK_FORMAT = 1;

/** Modules the initrd loads to reach the root file system (crc32c backs ext4's checksums). */
const STAGE1_MODULES = ['virtio_pci', 'virtio_blk', 'crc32c_generic', 'ext4'];

/** The model of prepare's user-mode control NIC. */
export const CONTROL_NIC_MODEL = 'virtio-net-pci';

const SYSLINUX_FILES = {
  mbr: '/usr/lib/syslinux/mbr/mbr.bin',
  ldlinux: '/usr/lib/syslinux/modules/bios/ldlinux.c32',
};

function contentHash(parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256').update(`nicgate-debian-disk-${DISK_FORMAT}\n`);
  for (const part of parts) hash.update(createHash('sha256').update(part).digest());
  return hash.digest('hex');
}

/** The initrd: busybox, the root disk's drivers, stage 1. */
function stage1Initrd(initScript: string, busybox: Buffer, stage1: readonly CpioEntry[]): Buffer {
  const entries: CpioEntry[] = [
    { kind: 'file', path: '/init', data: Buffer.from(initScript), mode: 0o755 },
    { kind: 'file', path: '/bin/busybox', data: busybox, mode: 0o755 },
    ...stage1,
  ];
  return buildCpio(
    [
      ...parentDirs(entries.map((e) => e.path)),
      ...['proc', 'sys', 'dev', 'tmp'].map((path) => ({ kind: 'dir' as const, path })),
      ...entries,
      { kind: 'symlink', path: '/bin/sh', target: 'busybox' } as const,
    ].filter(firstOfEachPath()),
  );
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
  const controlDrivers = nicDrivers(LINUX_NICS, CONTROL_NIC_MODEL);
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
  const dir = join(cacheDir, diskFolderName(hash));
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
  const files: RootFile[] = [
    { path: 'bin/busybox', data: busybox, mode: 0o755 },
    { path: 'sbin/init', data: Buffer.from(STAGE2_INIT), mode: 0o755 },
    { path: 'etc/passwd', data: Buffer.from(PASSWD), mode: 0o644 },
    { path: 'etc/shadow', data: Buffer.from(SHADOW), mode: 0o600 },
    { path: 'etc/group', data: Buffer.from(GROUP), mode: 0o644 },
    { path: 'etc/shells', data: Buffer.from(SHELLS), mode: 0o644 },
    { path: CONTROL_MODULES.slice(1), data: Buffer.from(`${controlFiles.join('\n')}\n`), mode: 0o644 },
    ...modules.entries.flatMap((e) =>
      e.kind === 'file' ? [{ path: e.path.slice(1), data: Buffer.from(e.data), mode: 0o644 }] : [],
    ),
  ];
  await stageRootTree(join(staging, 'root'), debs, files, host);
  const initrd = stage1Initrd(initScript, busybox, stage1.entries);
  const diskPath = await writeDisk(staging, { kernel: kernelImage, initrd, mbrCode: syslinux.mbr }, host);
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
