// The Debian disk's prepared overlay: made once per install archive (iperf3, ip, tc and the boot
// hook, sent over SSH into an overlay of the disk by guest/disk/prepare.ts), kept beside the disk
// and reused while it checks out.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, relative } from 'node:path';
import { writeJsonFile } from '../../common/atomic-file.js';
import { parsePreparedOverlay, preparedOverlay } from '../../model/prepared-overlay.js';
import type { Exec } from '../../proc/exec.js';
import { fileDigest, forgetChecked, rememberChecked, STAMPS_SUFFIX, stillChecked } from '../checked-files.js';
import { checkDiskImage, DiskImageError } from '../disk/image-header.js';
import { prepareDiskGuest } from '../disk/prepare.js';
import { preparedOverlayName } from '../disk/prepared-cache.js';
import { buildTar, type TarFile } from '../disk/tar.js';
import { toolEntries } from '../linux/tools.js';
import type { PrepareHost } from '../os.js';
import { CONTROL_NIC_MODEL } from './build.js';
import type { DebianDisk } from './disk-folder.js';
import { BOOT_HOOK, BOOT_HOOK_SCRIPT } from './scripts.js';

/** Prepare's limits: minutes under TCG, where a boot to SSH takes about 5 s here. */
const PREPARE_TIMEOUTS = {
  tcg: { readyMs: 180_000, stepMs: 120_000 },
  kvm: { readyMs: 60_000, stepMs: 60_000 },
} as const;

const PREPARE_MEMORY_MIB = 256;

/** What prepare unpacks at / in the guest: iperf3, ip and tc with their libraries, the boot hook. */
export async function installArchive(
  findTool: (tool: string) => Promise<string>,
  exec: Exec,
): Promise<Buffer> {
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
export async function checkPreparedOverlay(overlay: string, disk: DebianDisk): Promise<void> {
  await checkDiskImage(disk.diskPath, { format: 'raw' });
  await checkDiskImage(overlay, {
    format: 'qcow2',
    backing: { name: relative(dirname(overlay), disk.diskPath), format: 'raw' },
  });
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
  const overlay = join(dirname(disk.diskPath), preparedOverlayName(recipe));
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
