// The Debian 12 disk-image guest behind the GuestOs seam: Linux on a disk built once per content hash,
// prepared once per install archive (iperf3, ip, tc and the boot hook sent over SSH into an
// overlay), and per boot a job disk beside the prepared overlay, which QEMU opens as a snapshot.
import { readFile, writeFile } from 'node:fs/promises';
import { RunError } from '../../common/errors.js';
import type { Exec } from '../../proc/exec.js';
import { buildTar } from '../disk/tar.js';
import { which } from '../linux/host.js';
import { linuxJobText } from '../linux/os.js';
import { distroKernel, userKernel } from '../linux/kernel.js';
import { osReleaseId } from '../linux/kernel-package.js';
import { KERNEL_TREES } from '../linux/cache-layout.js';
import { LINUX } from '../linux/system.js';
import type { BootJob, BootMedia, GuestImage, GuestOs, ImageRequest } from '../os.js';
import { buildDebianDisk } from './build.js';
import { DEBIAN_DISKS } from './cache-layout.js';
import type { DebianDisk } from './disk-folder.js';
import { checkPreparedOverlay, installArchive, preparedOverlayFor } from './prepared.js';

/**
 * The boot files: the prepared overlay as a snapshot (it never changes) with its backing file
 * pinned to the disk (whatever its header names; the header is checked again first), the job
 * disk beside it.
 */
export async function debianBootMedia(
  prepared: string,
  disk: DebianDisk,
  job: BootJob,
  stem: string,
): Promise<BootMedia> {
  await checkPreparedOverlay(prepared, disk);
  const jobDisk = `${stem}.tar`;
  await writeFile(jobDisk, buildTar([{ path: 'job', data: Buffer.from(linuxJobText(disk, job)) }]));
  return {
    boot: {
      kind: 'disk',
      drives: [
        {
          file: prepared,
          format: 'qcow2',
          snapshot: true,
          backing: { file: disk.diskPath, format: 'raw' },
        },
        { file: jobDisk, format: 'raw', readOnly: true },
      ],
    },
    files: [jobDisk],
  };
}

async function prepareDebianImage(request: ImageRequest, exec: Exec): Promise<GuestImage> {
  const id = osReleaseId(await readFile('/etc/os-release', 'utf8').catch(() => ''));
  const version = /^VERSION_ID="?([0-9]+)"?$/m.exec(
    await readFile('/etc/os-release', 'utf8').catch(() => ''),
  )?.[1];
  if (id !== 'debian' || version !== '12')
    throw new RunError(
      `the debian-12 guest is built from this host's Debian 12 packages; this host is ${id ?? 'unknown'} ${version ?? ''}`.trim(),
    );
  if (!request.prepare)
    throw new RunError('the debian-12 guest needs a prepare boot, which this caller cannot run');
  const host = { exec, findTool: which };
  const kernel = request.kernel
    ? await userKernel(request.kernel.image, request.kernel.modulesDir)
    : await distroKernel(request.cacheDir, host);
  const disk = await buildDebianDisk(kernel, request.cacheDir, host);
  const prepared = await preparedOverlayFor(disk, await installArchive(which, exec), request.prepare, exec);
  return {
    kernelRelease: disk.kernelRelease,
    kernelSource: disk.source,
    contentHash: disk.hash,
    bootMedia: (job, stem) => debianBootMedia(prepared, disk, job, stem),
    awaitingMedia: () => Promise.reject(new RunError('the debian-12 guest cannot be saved')),
    controlJob: () => {
      throw new RunError('the debian-12 guest cannot be saved');
    },
    canSave: false,
  };
}

export const debianGuest: GuestOs = {
  name: 'debian-12',
  os: LINUX,
  label: 'Debian 12 disk',
  title: 'Debian 12 (disk image)',
  boot: 'disk-image',
  // Built from the distro kernel tree the initramfs guest uses too.
  cacheLayouts: [KERNEL_TREES, DEBIAN_DISKS],
  prepareImage: prepareDebianImage,
  bootPreview: (index) => ({
    kind: 'disk',
    drives: [
      {
        file: '<cache>/debian-12-<disk hash>/prepared-<install hash>.qcow2',
        format: 'qcow2',
        snapshot: true,
        backing: { file: '<cache>/debian-12-<disk hash>/disk.raw', format: 'raw' },
      },
      { file: `<scratch>/boot-${index}.tar`, format: 'raw', readOnly: true },
    ],
  }),
};
