// The Debian disk from its parts, without mounting anything: a FAT boot partition with syslinux,
// the kernel and the initrd, an ext4 root partition made from a staged tree (`mkfs.ext4 -d`), and
// an MBR in front of both.
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildMbr, PARTITION_TYPES, SECTOR_BYTES } from '../disk/mbr.js';
import type { DiskBuildHost } from './root-tree.js';
import { syslinuxConfig } from './scripts.js';

/** Partition layout in 512-byte sectors: a 64 MiB boot partition at 1 MiB, then the root. */
export const DISK_LAYOUT = { bootStart: 2048, bootSectors: 131072, rootStart: 133120, rootMiB: 192 } as const;

/** The guest kernel's command line: the console on ttyS0, the root on the disk. */
export const DISK_KERNEL_APPEND = ['console=ttyS0', 'panic=-1', 'quiet', 'loglevel=3'];

/** What the boot partition holds besides syslinux, and the MBR's boot code (its first 440 bytes count). */
export interface BootParts {
  kernel: Buffer;
  initrd: Buffer;
  mbrCode: Buffer<ArrayBuffer>;
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

/** The boot partition at `image`: FAT16 with syslinux, the kernel, the initrd and syslinux's config. */
async function writeBootPartition(image: string, staging: string, parts: BootParts, host: DiskBuildHost) {
  const bootFiles = join(staging, 'boot');
  await mkdir(bootFiles);
  await writeFile(join(bootFiles, 'initrd.img'), parts.initrd);
  await writeFile(join(bootFiles, 'vmlinuz'), parts.kernel);
  await writeFile(join(bootFiles, 'syslinux.cfg'), syslinuxConfig(DISK_KERNEL_APPEND));
  await host.exec([
    await host.findTool('mkfs.fat'),
    '-C',
    '-F',
    '16',
    '-n',
    'NICGATE',
    image,
    String((DISK_LAYOUT.bootSectors * SECTOR_BYTES) / 1024),
  ]);
  await host.exec([
    await host.findTool('mcopy'),
    '-i',
    image,
    ...['initrd.img', 'vmlinuz', 'syslinux.cfg'].map((f) => join(bootFiles, f)),
    '::/',
  ]);
  await host.exec([await host.findTool('syslinux'), '--install', image]);
}

/** The root partition at `image`, from the staged tree `root`, owned by root whoever builds it. */
async function writeRootPartition(image: string, root: string, host: DiskBuildHost): Promise<void> {
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
      image,
      `${DISK_LAYOUT.rootMiB}M`,
    ],
    { timeoutMs: 120_000 },
  );
}

/**
 * `<staging>/disk.raw` from the staged root tree `<staging>/root` and the boot parts; the
 * partition images and the tree are removed after. Returns the disk's path.
 */
export async function writeDisk(staging: string, parts: BootParts, host: DiskBuildHost): Promise<string> {
  const boot = join(staging, 'boot.fat');
  await writeBootPartition(boot, staging, parts, host);
  const rootImage = join(staging, 'root.ext4');
  await writeRootPartition(rootImage, join(staging, 'root'), host);

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
    parts.mbrCode.subarray(0, 440),
  );
  await writeFile(diskPath, mbr);
  await copyInto(diskPath, boot, DISK_LAYOUT.bootStart * SECTOR_BYTES);
  await copyInto(diskPath, rootImage, DISK_LAYOUT.rootStart * SECTOR_BYTES);
  const handle = await open(diskPath, 'r+');
  await handle.truncate((DISK_LAYOUT.rootStart + rootSectors) * SECTOR_BYTES);
  await handle.close();
  for (const leftover of ['root', 'boot', 'boot.fat', 'root.ext4'])
    await rm(join(staging, leftover), { recursive: true, force: true });
  return diskPath;
}
