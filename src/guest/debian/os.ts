// The Debian 12 disk-image guest behind the GuestOs seam: the disk built once per content hash,
// prepared once per install archive (iperf3, ip, tc and the boot hook sent over SSH into an
// overlay), and per boot a job disk beside the prepared overlay, which QEMU opens as a snapshot.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { RunError } from '../../common/errors.js';
import { writeJsonFile } from '../../common/atomic-file.js';
import { parsePreparedOverlay, preparedOverlay } from '../../model/prepared-overlay.js';
import { nicDrivers } from '../../nic/models.js';
import type { Exec } from '../../proc/exec.js';
import { fileDigest, forgetChecked, rememberChecked, STAMPS_SUFFIX, stillChecked } from '../checked-files.js';
import { checkDiskImage, DiskImageError } from '../disk/image-header.js';
import { buildTar, type TarFile } from '../disk/tar.js';
import { prepareDiskGuest } from '../disk/prepare.js';
import { which } from '../linux/host.js';
import { sysctlLines } from '../linux/job.js';
import { linuxJobText } from '../linux/os.js';
import { distroKernel, userKernel } from '../linux/kernel.js';
import { osReleaseId } from '../linux/kernel-package.js';
import { toolEntries } from '../linux/tools.js';
import type { BootJob, BootMedia, GuestImage, GuestOs, ImageRequest, PrepareHost } from '../os.js';
import { buildDebianDisk, CONTROL_NIC_MODEL, type DebianDisk } from './build.js';
import { BOOT_HOOK, BOOT_HOOK_SCRIPT } from './scripts.js';

/** Prepare's limits: minutes under TCG, where a boot to SSH takes about 5 s here. */
const PREPARE_TIMEOUTS = {
  tcg: { readyMs: 180_000, stepMs: 120_000 },
  kvm: { readyMs: 60_000, stepMs: 60_000 },
} as const;

const PREPARE_MEMORY_MIB = 256;

/** What prepare unpacks at / in the guest: iperf3, ip and tc with their libraries, the boot hook. */
async function installArchive(findTool: (tool: string) => Promise<string>, exec: Exec): Promise<Buffer> {
  const tools = await toolEntries({ exec, findTool });
  const files: TarFile[] = tools.flatMap((entry) =>
    entry.kind === 'file' && entry.path !== '/bin/busybox'
      ? [{ path: entry.path.slice(1), data: Buffer.from(entry.data), mode: 0o755 }]
      : [],
  );
  files.push({ path: BOOT_HOOK.slice(1), data: Buffer.from(BOOT_HOOK_SCRIPT), mode: 0o755 });
  return buildTar(files);
}

/**
 * What the prepared overlay and the disk under it must be by their headers: the overlay names the
 * disk beside it (relative, as prepare makes it) and no external data file; the disk is raw.
 */
async function checkPreparedOverlay(overlay: string, disk: DebianDisk): Promise<void> {
  await checkDiskImage(disk.diskPath, { format: 'raw' });
  await checkDiskImage(overlay, {
    format: 'qcow2',
    backing: { name: relative(dirname(overlay), disk.diskPath), format: 'raw' },
  });
}

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

/** Why a cached overlay's header refuses it (a DiskImageError's message), or undefined when it passes. */
async function overlayHeaderProblem(overlay: string, disk: DebianDisk): Promise<string | undefined> {
  try {
    await checkPreparedOverlay(overlay, disk);
    return undefined;
  } catch (error) {
    if (error instanceof DiskImageError) return error.message;
    throw error;
  }
}

/**
 * The prepared overlay for `disk` and this install archive: kept beside the disk and reused while
 * it has the digest recorded when prepare made it (checked once, then by its stamps) and its
 * header names the disk and nothing else (checked every time: a digest recorded in the same
 * cache entry says nothing about who made the file). Otherwise prepare makes it again.
 */
export async function preparedOverlayFor(
  disk: DebianDisk,
  install: Buffer,
  host: PrepareHost,
  exec: Exec,
): Promise<string> {
  const recipe = createHash('sha256').update(install).digest('hex').slice(0, 16);
  const overlay = join(dirname(disk.diskPath), `prepared-${recipe}.qcow2`);
  const record = `${overlay}.json`;
  const stamps = `${overlay}${STAMPS_SUFFIX}`;
  if (existsSync(overlay) && existsSync(record)) {
    const refused = await overlayHeaderProblem(overlay, disk);
    if (refused !== undefined) {
      host.warn?.(`the cached prepared overlay is not used, it is prepared again: ${refused}`);
      await forgetChecked(stamps);
    } else {
      const files = { overlay, record };
      if (await stillChecked(stamps, files)) return overlay;
      const recorded = await readFile(record, 'utf8').then(
        (text) => parsePreparedOverlay(text, record),
        () => undefined,
      );
      const digest = await fileDigest(overlay);
      if (recorded && recorded.sha256 === digest.sha256 && recorded.bytes === digest.bytes) {
        await rememberChecked(stamps, files);
        return overlay;
      }
    }
  }
  await prepareDiskGuest(
    {
      base: { file: disk.diskPath, format: 'raw' },
      target: overlay,
      accel: host.accel,
      memoryMiB: PREPARE_MEMORY_MIB,
      consoleLog: host.consoleLog,
      controlNicModel: CONTROL_NIC_MODEL,
      install,
      timeouts: PREPARE_TIMEOUTS[host.accel],
    },
    { exec, spawn: host.spawn, track: host.track, untrack: host.untrack },
  );
  await checkPreparedOverlay(overlay, disk);
  await writeJsonFile(record, preparedOverlay(await fileDigest(overlay)));
  return overlay;
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
  os: 'linux',
  label: 'Debian 12 disk',
  prepareImage: prepareDebianImage,
  nicDrivers: (model) => nicDrivers('linux', model),
  tuning: sysctlLines,
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
