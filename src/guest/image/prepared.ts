// A user image's prepared folder in the work dir's cache (`user-images/<image>-<recipe>/`): the
// overlay prepare made over the image, the image's kernel and initrd, and the record. Made once
// per image content and hook recipe, reused while its record, digests and overlay header check
// out (a record in the same folder vouches for nothing on its own: the header is read every time).
import { existsSync, rmSync } from 'node:fs';
import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeJsonFile } from '../../common/atomic-file.js';
import {
  parsePreparedImageRecord,
  preparedImageRecord,
  type PreparedImageRecord,
} from '../../model/prepared-image.js';
import type { ImageGuest } from '../../model/plan.js';
import { fileDigest, forgetChecked, rememberChecked, STAMPS_SUFFIX, stillChecked } from '../checked-files.js';
import { checkDiskImage, DiskImageError } from '../disk/image-header.js';
import { buildTar } from '../disk/tar.js';
import { HOOK_BUSYBOX, HOOK_INIT, HOOK_INIT_SCRIPT, HOOK_PATH, HOOK_SCRIPT } from './hook.js';
import { OVERLAY_BACKING_NAME, PREPARED_FILES, prepareUserImage, type ImagePrepareHost } from './prepare.js';
import type { Accelerator } from '../../model/plan.js';

/** The cache folder prepared user images live in. */
export const USER_IMAGES_FOLDER = 'user-images';
export const PREPARED_RECORD = 'prepared.json';

/** Prepare's limits. Under TCG a Debian cloud image reaches SSH in about a minute here. */
export const PREPARE_TIMEOUTS = {
  tcg: { readyMs: 420_000, stepMs: 180_000, installMs: 900_000 },
  kvm: { readyMs: 120_000, stepMs: 60_000, installMs: 300_000 },
} as const;
/** Enough for a package manager's indexes (apt's alone take about 200 MB). */
export const PREPARE_MEMORY_MIB = 1024;

/** The hook's files as prepare installs them: the host's static busybox, the hook, the init. */
export async function hookArchive(findTool: (tool: string) => Promise<string>): Promise<Buffer> {
  const busybox = await readFile(await findTool('busybox'));
  return buildTar([
    { path: HOOK_BUSYBOX.slice(1), data: busybox, mode: 0o755 },
    { path: HOOK_PATH.slice(1), data: Buffer.from(HOOK_SCRIPT), mode: 0o755 },
    { path: HOOK_INIT.slice(1), data: Buffer.from(HOOK_INIT_SCRIPT), mode: 0o755 },
  ]);
}

export interface PreparedUserImage {
  folder: string;
  record: PreparedImageRecord;
  overlay: string;
  kernel: string;
  initrd: string;
}

function pathsIn(folder: string): { overlay: string; kernel: string; initrd: string } {
  return {
    overlay: join(folder, PREPARED_FILES.overlay),
    kernel: join(folder, PREPARED_FILES.kernel),
    initrd: join(folder, PREPARED_FILES.initrd),
  };
}

/** The overlay's header: qcow2, backed by the fixed name (never opened), no data file. */
export async function checkUserOverlay(overlay: string, image: Pick<ImageGuest, 'format'>): Promise<void> {
  await checkDiskImage(overlay, {
    format: 'qcow2',
    backing: { name: OVERLAY_BACKING_NAME, format: image.format },
  });
}

/** The folder's record when it still describes its files and the image and recipe asked for. */
async function reusable(
  folder: string,
  image: ImageGuest,
  recipe: string,
  warn: (message: string) => void,
): Promise<PreparedImageRecord | undefined> {
  const recordPath = join(folder, PREPARED_RECORD);
  if (!existsSync(recordPath)) return undefined;
  const record = await readFile(recordPath, 'utf8').then(
    (text) => parsePreparedImageRecord(text, recordPath),
    () => undefined,
  );
  if (!record || record.imageSha256 !== image.contentHash || record.recipe !== recipe) return undefined;
  const files = pathsIn(folder);
  try {
    await checkUserOverlay(files.overlay, image);
  } catch (error) {
    if (!(error instanceof DiskImageError)) throw error;
    warn(`the prepared image in ${folder} is not used, it is prepared again: ${error.message}`);
    return undefined;
  }
  return (await filesStillMatch(folder, files, record.files)) ? record : undefined;
}

/**
 * Whether a prepared folder's files are still the ones its record names (sizes and digests; their
 * stamps spare hashing them again while nothing changed).
 */
export async function filesStillMatch<K extends string>(
  folder: string,
  files: Record<K, string>,
  recorded: Record<K, { sha256: string; bytes: number }>,
): Promise<boolean> {
  const stamps = join(folder, `prepared${STAMPS_SUFFIX}`);
  if (await stillChecked(stamps, files)) return true;
  await forgetChecked(stamps);
  for (const name of Object.keys(files) as K[]) {
    const digest = await fileDigest(files[name]).catch(() => undefined);
    if (digest?.sha256 !== recorded[name].sha256 || digest.bytes !== recorded[name].bytes) return false;
  }
  await rememberChecked(stamps, files);
  return true;
}

export interface PrepareContext extends ImagePrepareHost {
  accel: Accelerator;
  consoleLog: string;
  scratchDir: string;
  warn: (message: string) => void;
}

/** The prepared folder for `image`: reused when it checks out, else prepared now (in a new folder). */
export async function preparedUserImage(
  image: ImageGuest,
  cacheDir: string,
  context: PrepareContext,
): Promise<PreparedUserImage> {
  const archive = await hookArchive(context.findTool);
  const recipe = createHash('sha256').update(archive).digest('hex').slice(0, 16);
  const folder = join(cacheDir, USER_IMAGES_FOLDER, `${image.contentHash.slice(0, 16)}-${recipe}`);
  const cached = await reusable(folder, image, recipe, context.warn);
  if (cached) return { folder, record: cached, ...pathsIn(folder) };
  return await makePreparedFolder(cacheDir, folder, async (partial) => {
    const found = await prepareUserImage(
      {
        image: { file: image.path, format: image.format, virtualBytes: image.virtualBytes },
        dir: partial,
        accel: context.accel,
        memoryMiB: PREPARE_MEMORY_MIB,
        consoleLog: context.consoleLog,
        controlNicModel: 'virtio-net-pci',
        hookArchive: archive,
        scratchDir: context.scratchDir,
        timeouts: PREPARE_TIMEOUTS[context.accel],
      },
      context,
    );
    const files = pathsIn(partial);
    await checkUserOverlay(files.overlay, image);
    return preparedImageRecord({
      imageSha256: image.contentHash,
      recipe,
      ...found,
      files: {
        overlay: await fileDigest(files.overlay),
        kernel: await fileDigest(files.kernel),
        initrd: await fileDigest(files.initrd),
      },
    });
  }).then((record) => ({ folder, record, ...pathsIn(folder) }));
}

/**
 * Makes `folder` in a partial folder beside it (its record written last), moved into place once
 * `make` succeeded and removed otherwise, even when the run is stopped by a signal.
 */
export async function makePreparedFolder<R>(
  cacheDir: string,
  folder: string,
  make: (partial: string) => Promise<R>,
): Promise<R> {
  await removeAbandoned(join(cacheDir, USER_IMAGES_FOLDER));
  const partial = `${folder}${PARTIAL_MARK}${process.pid}`;
  // A run stopped by a signal ends in process.exit, past this function's finally.
  const onExit = (): void => rmSync(partial, { recursive: true, force: true });
  process.once('exit', onExit);
  try {
    const record = await make(partial);
    await writeJsonFile(join(partial, PREPARED_RECORD), record);
    await rm(folder, { recursive: true, force: true });
    await rename(partial, folder);
    return record;
  } finally {
    process.removeListener('exit', onExit);
    await rm(partial, { recursive: true, force: true });
  }
}

const PARTIAL_MARK = '.partial-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders a prepare killed outright (SIGKILL) left half made: their process is gone. */
async function removeAbandoned(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const at = name.lastIndexOf(PARTIAL_MARK);
    const pid = at < 0 ? NaN : Number(name.slice(at + PARTIAL_MARK.length));
    if (Number.isInteger(pid) && pid > 0 && !alive(pid))
      await rm(join(dir, name), { recursive: true, force: true });
  }
}
